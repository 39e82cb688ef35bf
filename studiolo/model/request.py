"""What a request asked for: the things, colours, background, counts, layout and style in the collaborator's words.

A Request is read from the user's own words (never the persona's expanded prompt), so the self-check measures a
draft against what the person asked, and the reply can say honestly what was drawn, what stands in for what, and
what could not be drawn. The embedded painter reads requests with its own parser (sketch/request.py), which
also knows which of the things it can draw; any painter's drafts are checked against the same shape.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from studiolo.language import Language


class AskedColor(BaseModel):
    name: str  # as people say it: "coral", "light blue"
    hex: str  # "#rrggbb"


class AskedThing(BaseModel):
    """One thing the request names. `motif` is what the painter draws for it; None: nothing it can draw."""

    word: str  # as the request said it: "lemons", "koi", "레몬"
    motif: str | None = None
    stand_in: str | None = None  # the motif only approximates the word: what it is ("fish" for "koi")
    count: int | None = Field(None, ge=1)
    colors: list[AskedColor] = Field(default_factory=list)  # colours named for this thing ("blue lemons")

    @property
    def label(self) -> str:
        """How the reply names what was drawn for it."""
        return self.stand_in or self.word


class Request(BaseModel):
    text: str
    language: Language = "en"
    things: list[AskedThing] = Field(default_factory=list)
    colors: list[AskedColor] = Field(default_factory=list)  # every colour the request names, in order
    background: AskedColor | None = None  # "against a white wall", "on a navy background"
    layout: str | None = None  # when the words ask for one: "pattern", "interior", "cosmic", ...
    style: str | None = None  # when the words name one: "watercolor", "ink", ...
    understood: list[str] = Field(default_factory=list)  # the words that shaped the reading

    @property
    def drawable(self) -> list[AskedThing]:
        return [t for t in self.things if t.motif is not None]

    @property
    def missing(self) -> list[AskedThing]:
        return [t for t in self.things if t.motif is None]

    @property
    def approximated(self) -> list[AskedThing]:
        return [t for t in self.things if t.motif is not None and t.stand_in is not None]

    @property
    def paints_something(self) -> bool:
        """Whether to paint at all. A request that names things paints when the painter can draw at least one of
        them ("a xylophone" paints nothing: the artist asks instead of painting a default scene); one that
        names no things ("something calm in blue") is answered with colour, mood and layout alone."""
        return bool(self.drawable) if self.things else True

    def painter_prompt(self) -> str:
        """The request's words with each approximated thing's stand-in in its place ("a koi pond" -> "a fish
        pond"), so the painter draws the stand-in where the word stood, in the colours named for it."""
        text = self.text
        for thing in self.approximated:
            text = re.sub(rf"(?<!\w){re.escape(thing.word)}(?!\w)", str(thing.stand_in), text, count=1)
        return text
