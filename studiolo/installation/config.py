"""The installation file (`studiolo serve --installation show.yaml`): one pydantic model, read with line numbers.

The file names the kiosks (each with its token), the wall's token and layout, the operator's token, the persona,
per-visitor limits, moderation, retention, the watchdog and the texts shown on screen in English and Korean.
A YAML loader keeps every key's line, so a validation error says `kiosks.1.token (line 12): ...`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from studiolo.errors import StudioloError
from studiolo.language import LANGUAGES, Language

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=40)]
# a token sits in a kiosk's or the wall's address: long enough not to be guessed, URL-safe
Token = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{16,200}$")]
Line = Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]


# MiniLM reads Korean poorly (ordinary Korean wishes sit ~0.75 from everything), so Korean needs a higher bar
DEFAULT_THRESHOLDS: dict[Language, float] = {"en": 0.55, "ko": 0.82}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Kiosk(Strict):
    id: Slug  # shown on the console and the wall ("entrance", "kiosk-2")
    token: Token
    name: Line | None = None


class VisitorLimits(Strict):
    """What one visitor may ask for before the kiosk thanks them and returns to the welcome screen."""

    turns: int = Field(6, ge=1, le=100)  # wishes and changes
    drafts: int = Field(16, ge=1, le=400)  # pictures painted for them
    minutes: float = Field(8.0, gt=0, le=120)  # from their first wish
    idle_s: float = Field(90.0, ge=10, le=3600)  # untouched this long: back to the welcome screen
    pictures_per_wish: int = Field(4, ge=1, le=8)  # drafts painted for each wish, to choose from


class Wall(Strict):
    token: Token
    layout: Literal["stage-left", "stage-top"] = "stage-left"  # the painting beside the mosaic, or above it
    mosaic: int = Field(12, ge=1, le=60)  # picked works shown at once
    attract_after_s: float = Field(45.0, ge=5, le=3600)  # nothing painted this long: the attract loop
    crossfade_s: float = Field(8.0, ge=1, le=120)  # each gallery picture of the attract loop


class Moderation(Strict):
    """Public input is screened before any painting: the word list, then the embedder against the exemplars."""

    words: list[Line] = Field(default_factory=list, max_length=2000)  # added to the shipped word lists
    # cosine similarity to the nearest unsafe exemplar that refuses a request, per language
    threshold: dict[Language, float] = Field(default_factory=lambda: dict(DEFAULT_THRESHOLDS))
    # ...unless a safe exemplar is at least this much nearer (a bloody mary, a knife-pleated skirt)
    safe_margin: float = Field(0.0, ge=-1, le=1)

    @model_validator(mode="after")
    def _thresholds_in_range(self) -> Moderation:
        for lang, value in self.threshold.items():
            if not 0 < value <= 1:
                raise ValueError(f"threshold.{lang} must be between 0 and 1, not {value}")
        return self


class Retention(Strict):
    drafts_hours: float = Field(6.0, gt=0, le=24 * 30)  # unpicked drafts are pruned after this
    picked_days: float = Field(30.0, gt=0, le=3650)  # picked ones (and their share codes) last this long
    disk_quota_mb: int = Field(4096, ge=16)  # the data folder's images
    warn_at: float = Field(0.8, gt=0, lt=1)  # the console and /metrics warn at this share of the quota
    prune_every_s: float = Field(300.0, ge=1, le=86400)


class Watchdog(Strict):
    job_limit_s: float = Field(120.0, ge=1, le=3600)  # a job running longer is ended and the visitor told


class Texts(Strict):
    """What the screens say in one language."""

    welcome: Line
    examples: list[Line] = Field(min_length=1, max_length=8)  # tappable example wishes
    closing: Line  # shown when the installation is closed (outside opening hours, or paused)
    # the artist's own words, in character
    refusal: Line  # a wish the screen refused
    enough: Line  # the visitor's limits are reached: thanks, and the next visitor's turn
    stuck: Line  # the watchdog ended a painting that took too long


class Installation(Strict):
    name: Line = "studiolo"
    persona: Slug = "vespera"
    operator_token: Token  # the console's token
    kiosks: list[Kiosk] = Field(min_length=1, max_length=64)
    wall: Wall
    limits: VisitorLimits = Field(default_factory=VisitorLimits)
    moderation: Moderation = Field(default_factory=Moderation)
    retention: Retention = Field(default_factory=Retention)
    watchdog: Watchdog = Field(default_factory=Watchdog)
    texts: dict[Language, Texts]

    @model_validator(mode="after")
    def _consistent(self) -> Installation:
        missing = [lang for lang in LANGUAGES if lang not in self.texts]
        if missing:
            raise ValueError(f"texts needs every language the kiosks speak; missing: {', '.join(missing)}")
        ids = [kiosk.id for kiosk in self.kiosks]
        if len(set(ids)) != len(ids):
            raise ValueError(f"two kiosks share an id: {sorted({i for i in ids if ids.count(i) > 1})}")
        tokens = [kiosk.token for kiosk in self.kiosks] + [self.wall.token, self.operator_token]
        if len(set(tokens)) != len(tokens):
            raise ValueError("every kiosk, the wall and the operator need tokens of their own")
        return self

    def kiosk(self, token: str) -> Kiosk | None:
        return next((kiosk for kiosk in self.kiosks if kiosk.token == token), None)


def load_installation(path: Path) -> Installation:
    """The installation file at `path`, validated; errors name the field and its line."""
    if not path.is_file():
        raise StudioloError("installation.not_found", f"no installation file at {path}", field="installation")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise StudioloError("installation.invalid", f"{path} is not UTF-8 text", field="installation") from None
    return parse_installation(text, str(path))


def parse_installation(text: str, source: str = "<installation>") -> Installation:
    try:
        values = yaml.safe_load(text)
        lines = key_lines(yaml.compose(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise StudioloError(
            "installation.invalid", f"{source} is not valid YAML{where}", field="installation"
        ) from None
    if not isinstance(values, dict):
        raise StudioloError("installation.invalid", f"{source} must hold a mapping such as `kiosks: ...`",
                            field="installation")  # fmt: skip
    try:
        return Installation(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        field = ".".join(str(step) for step in loc) or "installation"
        line = _nearest_line(lines, loc)
        more = exc.error_count() - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        message = f"{source}, {field} (line {line}): {first['msg']}{tail}"
        raise StudioloError("installation.invalid", message, field=field) from None


def key_lines(node: yaml.Node | None, path: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], int]:
    """Each key's (and list item's) 1-based line, by its path: {("kiosks", 1, "token"): 12, ...}."""
    lines: dict[tuple[Any, ...], int] = {}
    if node is None:
        return lines
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lines[(*path, key.value)] = key.start_mark.line + 1
            lines.update({p: n for p, n in key_lines(value, (*path, key.value)).items() if p != (*path, key.value)})
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.update(key_lines(item, (*path, index)))
    return lines


def _nearest_line(lines: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int:
    """The line of the field, or of the nearest enclosing one that is in the file (a missing field: its parent)."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return 1
