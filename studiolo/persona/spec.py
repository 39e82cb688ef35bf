"""The Persona: who the artist is, how it speaks, what it likes to paint, how it enriches prompts, what it declines.

This pydantic model is the single source of truth for a persona's shape: YAML files (loading.py), Character Card
V2 import/export (cards.py) and the agent all go through it. Every model forbids unknown fields, so a typo in a
persona file is an error rather than silently ignored, and every string has a length limit, so a huge value is
rejected with the field's name instead of bloating prompts.

Taste and prompt-expansion words are the sketch painter's own vocabulary (motif kinds and styles from
studiolo.model.sketch.scene, theme and mood words and colour names from its vocabulary): a persona can only
favour what the embedded painter can draw, and a misspelt motif is caught when the persona is loaded.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from studiolo.model.sketch.scene import MotifKind, Style
from studiolo.model.sketch.vocabulary import COLOR_ALIASES, CSS_COLORS, MOODS, THEMES

MAX_STORY_CHARS = 20_000  # a bio or a card field; the same bound as a prompt
MAX_MESSAGE_CHARS = 4_000  # one greeting
MAX_PHRASE_CHARS = 300  # one line: a phrase, a question, a refusal
MAX_WORD_CHARS = 80  # a tone word, a topic, a palette name, a tag
MAX_JSON_CHARS = 500_000  # a card's lorebook or other tools' extensions, serialised


def _one_line(text: str) -> str:
    if "\n" in text or "\r" in text:
        raise ValueError("must be a single line")
    return text


def _slug(text: str) -> str:
    if re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", text) is None:
        raise ValueError(f"{text!r} should be lower-case letters, digits and single dashes, like 'studio-assistant'")
    return text


def _color_name(name: str) -> str:
    """A colour name the sketch painter knows: a CSS name ("goldenrod", "light blue") or an alias ("amber")."""
    key = name.lower().replace(" ", "").replace("grey", "gray")
    if key not in CSS_COLORS and key not in COLOR_ALIASES:
        raise ValueError(f"{name!r} is not a colour name the painter knows, such as goldenrod, lightblue or amber")
    return name.lower()


def _theme_word(word: str) -> str:
    if word not in THEMES and word not in MOODS:
        raise ValueError(f"{word!r} is not a theme or mood the painter knows: {', '.join([*THEMES, *MOODS])}")
    return word


def _bounded_json(value: object) -> object:
    if len(json.dumps(value, ensure_ascii=False)) > MAX_JSON_CHARS:
        raise ValueError(f"is larger than {MAX_JSON_CHARS:,} characters of JSON")
    return value


Slug = Annotated[str, StringConstraints(max_length=48), AfterValidator(_slug)]
# Text is stripped of surrounding whitespace, so a YAML block scalar's trailing newline does not count.
Word = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_WORD_CHARS), AfterValidator(_one_line)
]
Phrase = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_PHRASE_CHARS), AfterValidator(_one_line)
]
Message = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_MESSAGE_CHARS)]
Story = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_STORY_CHARS)]
CardText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_STORY_CHARS)]
ColorName = Annotated[Word, AfterValidator(_color_name)]
ThemeWord = Annotated[str, AfterValidator(_theme_word)]
BoundedJson = Annotated[dict[str, JsonValue], AfterValidator(_bounded_json)]

MOTIF_KINDS: tuple[str, ...] = get_args(MotifKind)
STYLES: tuple[str, ...] = get_args(Style)


class _Strict(BaseModel):
    # frozen: a loaded persona is shared by sessions; nobody should change it under another's feet
    model_config = ConfigDict(extra="forbid", frozen=True)


class Voice(_Strict):
    """How the persona speaks; the agent turns this into the chat model's instructions."""

    tone: list[Word] = Field(
        default_factory=lambda: ["friendly"],
        min_length=1,
        max_length=8,
        description="a few adjectives: warm, curious, precise",
    )
    sentence_length: Literal["short", "medium", "long"] = "medium"
    phrases: list[Phrase] = Field(
        default_factory=list, max_length=20, description="signature phrases it uses now and then"
    )


class NamedPalette(_Strict):
    name: Word
    colors: list[ColorName] = Field(min_length=1, max_length=8)


class Avoid(_Strict):
    """What the persona steers away from (and never adds when it expands a prompt)."""

    colors: list[ColorName] = Field(default_factory=list, max_length=40)
    motifs: list[MotifKind] = Field(default_factory=list, max_length=len(MOTIF_KINDS))
    styles: list[Style] = Field(default_factory=list, max_length=len(STYLES))


class Taste(_Strict):
    """What the persona likes to paint: colour palettes (colour names), motifs, styles and themes."""

    palettes: list[NamedPalette] = Field(default_factory=list, max_length=8)
    motifs: list[MotifKind] = Field(default_factory=list, max_length=len(MOTIF_KINDS))
    styles: list[Style] = Field(default_factory=list, max_length=len(STYLES))
    themes: list[ThemeWord] = Field(default_factory=list, max_length=len(THEMES) + len(MOODS))
    avoid: Avoid = Field(default_factory=Avoid)

    @field_validator("avoid")
    @classmethod
    def _not_both(cls, avoid: Avoid, info: ValidationInfo) -> Avoid:
        # a persona that both favours and avoids a thing would expand prompts with what it then refuses
        favoured_colors = {color for palette in info.data.get("palettes", []) for color in palette.colors}
        for kind, favoured, avoided in (
            ("colour", favoured_colors, avoid.colors),
            ("motif", set(info.data.get("motifs", [])), avoid.motifs),
            ("style", set(info.data.get("styles", [])), avoid.styles),
        ):
            both = [item for item in avoided if item in favoured]
            if both:
                raise ValueError(f"the {kind} {both[0]!r} is both favoured and avoided")
        return avoid


class ExpansionRules(_Strict):
    """How the persona enriches a short prompt, deterministically for a seed.

    Rules only ever add: the user's words stay first and unchanged, and each rule applies only where the prompt
    says nothing of its kind (no style named -> `style`; no theme or mood -> one of `themes`; no colour -> the
    colours of one of taste.palettes). Choices among several options are picked by the seed. Prompts longer
    than `max_words` words are left as they are: the user already said what they want.
    """

    max_words: int = Field(12, ge=0, le=200)
    style: Style | None = None
    themes: list[ThemeWord] = Field(default_factory=list, max_length=len(THEMES) + len(MOODS))
    motifs: list[MotifKind] = Field(
        default_factory=list,
        max_length=len(MOTIF_KINDS),
        description="up to motif_count of these are added beside the prompt's own",
    )
    motif_count: int = Field(1, ge=0, le=4)
    use_palette: bool = True
    phrases: list[Phrase] = Field(
        default_factory=list, max_length=20, description="one is appended, e.g. 'soft morning light'"
    )


class SafetyRules(_Strict):
    """What the persona declines: a request containing one of `declined` (case-insensitive, as whole words) is
    answered with `refusal`, in character, and nothing is painted."""

    declined: list[Word] = Field(default_factory=list, max_length=200)
    refusal: Phrase = "I'd rather not make that one. Shall we paint something else?"


class CardExtras(_Strict):
    """The parts of a Character Card V2 that studiolo does not use, kept so a card imported from another tool
    exports again with them. `personality`, `system_prompt` and `creator_notes` are set only where the card's
    own text differs from what studiolo writes for the persona."""

    personality: CardText = ""
    system_prompt: CardText = ""
    creator_notes: CardText = ""
    scenario: CardText = ""
    mes_example: CardText = ""
    post_history_instructions: CardText = ""
    character_book: BoundedJson | None = None
    tags: list[Word] = Field(default_factory=list, max_length=100)
    creator: CardText = ""
    extensions: BoundedJson = Field(default_factory=dict, description="other tools' extensions, kept as they are")

    @field_validator("extensions")
    @classmethod
    def _not_ours(cls, extensions: dict[str, JsonValue]) -> dict[str, JsonValue]:
        if "studiolo" in extensions:
            raise ValueError("'studiolo' is the persona itself, not an extension to keep")
        return extensions


class Persona(_Strict):
    id: Slug = Field(description="lower-case letters, digits and dashes: vespera, studio-assistant")
    name: Word
    version: Word = Field("1.0", description="the persona's own revision; a card's character_version")
    tagline: Phrase = Field(description="one line: who this is, for lists")
    bio: Story = Field(description="the origin story; a card's description")
    voice: Voice = Field(default_factory=Voice)
    taste: Taste = Field(default_factory=Taste)
    greetings: list[Message] = Field(min_length=1, max_length=20)
    questions: list[Phrase] = Field(
        default_factory=list, max_length=20, description="questions it likes to be asked: what would you like to draw?"
    )
    expansion: ExpansionRules = Field(default_factory=ExpansionRules)
    safety: SafetyRules = Field(default_factory=SafetyRules)
    card: CardExtras | None = None

    @field_validator("expansion")
    @classmethod
    def _expands_within_taste(cls, expansion: ExpansionRules, info: ValidationInfo) -> ExpansionRules:
        taste = info.data.get("taste")
        if taste is None:  # taste itself was invalid; that error is reported
            return expansion
        if expansion.style is not None and expansion.style in taste.avoid.styles:
            raise ValueError(f"the style {expansion.style!r} is added to prompts but avoided in taste.avoid.styles")
        added = [motif for motif in expansion.motifs if motif in taste.avoid.motifs]
        if added:
            raise ValueError(f"the motif {added[0]!r} is added to prompts but avoided in taste.avoid.motifs")
        return expansion
