"""colourways: the same design in N palettes, each a child draft of it, colours mapped by role (ground, motif,
accents) by `studiolo.garments.colourways`, so a seamless tile stays seamless and every edge stays where it was.

A pattern's repeat or a mock-up is recoloured through its tile (the design itself, not the picture of it). The
palettes: a named season ("in autumn colours": that palette and rotations of it), the main colours of another
draft or an upload ("use the palette of #3": the draft pointed at gives the colours, the current draft is
recoloured), or by default the four seasons and rotations of them.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from typing import Any, Literal

from pydantic import BaseModel, Field

from studiolo.errors import StudioloError
from studiolo.events import Event, JobFinished, JobStarted
from studiolo.garments import colourways as recolour
from studiolo.garments.palettes import Palette, default_palettes, palette_from_image, rotations, season
from studiolo.model.images import encode_png
from studiolo.model.protocols import Painting
from studiolo.skills import words
from studiolo.skills.base import (
    DraftId,
    RouteArgs,
    Routing,
    Skill,
    SkillContext,
    SkillReply,
    TurnContext,
    design_of,
    final_event,
    is_pattern,
    job_failed,
)  # fmt: skip

MAX_WAYS = 8
Season = Literal["spring", "summer", "autumn", "winter"]


class ColourwaysArgs(RouteArgs):
    n: int | None = Field(None, ge=1, le=MAX_WAYS, description="how many colourways, when said")
    palette: Season | None = Field(None, description="a season's palette, when named")
    palette_ref: bool | None = Field(None, description="the colours are to come from the draft or image pointed at")


class ColourwaysParams(BaseModel):
    draft_id: DraftId
    n: int = Field(4, ge=1, le=MAX_WAYS, description="how many colourways")
    palette: Season | None = Field(None, description="a season's palette and rotations of it")
    palette_from: DraftId | None = Field(None, description="a draft (or upload) whose main colours make the palette")


EXAMPLES = (
    "show me it in other colours",
    "4 colourways",
    "can I see this in different colourways",
    "try it in autumn colours",
    "recolour the pattern",
    "same design, other palettes",
    "use the palette of #3",
    "take the colours from the image I sent",
    "a winter version of the colours",
    "give me three colour variations of this print",
    "다른 색으로 보여 줘",
    "컬러웨이 네 가지",
)

# Its Korean request words in English: the router embeds a Korean turn's English gloss (agent/router/gloss.py).
KOREAN = {
    "컬러웨이": "colourways", "배색": "colour scheme", "조합": "combination", "팔레트": "palette",
    "색": "colour", "색깔": "colour", "색상": "colour", "색감": "colours", "가지": "kinds", "칠해": "colour",
    "봄": "spring", "여름": "summer", "가을": "autumn", "겨울": "winter",
}  # fmt: skip

_SEASON_WORDS: dict[str, Season] = {
    "spring": "spring", "summer": "summer", "autumn": "autumn", "fall": "autumn", "winter": "winter",
    "봄": "spring", "여름": "summer", "가을": "autumn", "겨울": "winter",
}  # fmt: skip
_SEASON = re.compile(r"(?<![a-z])(" + "|".join(_SEASON_WORDS) + r")(?![a-z])", re.IGNORECASE)
_N = re.compile(
    rf"\b({words._EN_NUMBER})\s+(?:different\s+|new\s+|more\s+)?(?:colou?r ?ways?|colou?r (?:variations?|versions?"
    rf"|schemes?|options?)|palettes?)\b|(?:컬러웨이|배색|색\s*조합)\s*({words._KO_NUMBER})\s*(?:가지|개|개로)?"
    rf"|(?<!\w)({words._KO_NUMBER})\s*(?:가지|개)",
    re.IGNORECASE,
)
_FROM = re.compile(
    r"\b(?:palette|colou?rs?)\s+(?:of|from)\b|\b(?:take|use|borrow)\s+(?:the\s+)?colou?rs\b"
    r"|(?:팔레트|색)\s*(?:으로|로)?\s*(?:가져|따)|\d+\s*번\s*(?:의\s*)?(?:팔레트|색)",
    re.IGNORECASE,
)
CUE = re.compile(
    r"\bcolou?r ?ways?\b|\brecolou?r|\b(?:other|different|new)\s+colou?rs?\b|\bpalettes\b|\bpalette (?:of|from)\b"
    r"|\bcolou?r (?:variations?"
    r"|schemes?)|\b(?:autumn|fall|winter|spring|summer) colou?rs|컬러웨이|배색|다른\s*색|색\s*조합|팔레트"
    r"|(?:봄|여름|가을|겨울)\s*(?:색|팔레트)",
    re.IGNORECASE,
)


def read_colourways(text: str) -> dict[str, Any]:
    said: dict[str, Any] = {}
    if match := _N.search(text):
        said["n"] = words.NUMBER_WORDS.get(
            (number := next(g for g in match.groups() if g)).lower(), int(number) if number.isdigit() else None
        )
    if match := _SEASON.search(text):
        said["palette"] = _SEASON_WORDS[match.group(1).lower()]
    if _FROM.search(text):
        said["palette_ref"] = True
    return said


def palettes(params: ColourwaysParams, ctx: SkillContext) -> list[Palette]:
    if params.palette_from is not None:
        source, picture = ctx.load_draft(params.palette_from)
        colours = palette_from_image(encode_png(picture.convert("RGB")), name=f"from {source.id[:8]}")
        return rotations(colours, params.n)
    if params.palette is not None:
        return rotations(season(params.palette), params.n)
    return default_palettes(params.n, None)


class Colourways(Skill):
    name = "colourways"
    description = (
        "The same design in other colours: N colourways of a draft, a season's palette (spring, summer, autumn, "
        "winter), or the colours of another draft or an uploaded image; the structure stays, each a child draft."
    )
    Params = ColourwaysParams
    routing = Routing(
        examples=EXAMPLES,
        korean=KOREAN,
        Args=ColourwaysArgs,
        cue=CUE,
        needs_draft=True,
        offer={"en": "show it in other colours", "ko": "다른 색으로 보여 줄까요"},
        no_draft={
            "en": "There's no design yet to recolour. What should I paint first?",
            "ko": "아직 색을 바꿀 디자인이 없어요. 먼저 무엇을 그릴까요?",
        },
    )
    reply = SkillReply(
        en="Here are its colourways: {drafts}.", ko="다른 색으로 칠해 봤어요: {drafts}.", names_source=True
    )

    def read(self, text: str) -> dict[str, Any]:
        return read_colourways(text)

    def fill(self, said: dict[str, Any], turn: TurnContext) -> dict[str, Any]:
        pointed = turn.draft()
        filled: dict[str, Any] = {"draft_id": pointed}
        if said.get("palette_ref") and turn.cursor is not None and turn.cursor != pointed:
            # "use the palette of #3": #3 gives the colours, the design being worked on takes them
            filled = {"draft_id": turn.cursor, "palette_from": pointed}
        n = turn.options.n or said.get("n")
        return {**filled, **({"n": n} if n else {}), **({"palette": said["palette"]} if said.get("palette") else {})}

    async def run(self, params: ColourwaysParams, ctx: SkillContext) -> AsyncIterator[Event]:  # type: ignore[override]
        try:
            draft, image = design_of(ctx.load_draft(params.draft_id)[0], ctx.load_draft)
            chosen = palettes(params, ctx)
        except StudioloError as error:
            for event in job_failed(ctx, error):
                yield event
            return
        yield JobStarted(job_id=ctx.job_id)
        parents = [draft.id] + ([params.palette_from] if params.palette_from is not None else [])

        def make() -> list[Any]:
            finals = []
            for index, way in enumerate(recolour.colourways(image.convert("RGB"), chosen)):
                painting = Painting(image=way.image, prompt=draft.prompt, seed=draft.seed, backend="garments:colourways",
                                    scene={**draft.scene, "colourway": way.params}, index=index)  # fmt: skip
                recorded = {**way.params, "pattern": is_pattern(draft), "source": draft.id, "n": params.n}
                finals.append(final_event(painting, skill=self.name, job_id=ctx.job_id, params=recorded,
                                          parent_ids=parents))  # fmt: skip
            return finals

        try:
            finals = await asyncio.to_thread(make)
        except StudioloError as error:
            for event in job_failed(ctx, error)[1:]:
                yield event
            return
        for final in finals:
            yield final
        yield JobFinished(job_id=ctx.job_id, draft_ids=[f.draft_id for f in finals])
