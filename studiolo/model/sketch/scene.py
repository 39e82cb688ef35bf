"""The Scene: what the sketch painter understood from a prompt, and all the renderer needs to draw it.

`parse_prompt(prompt, seed)` (parse.py) fills a Scene; `render_scene(scene, ...)` (render.py) draws it. The
Scene is stored in every PNG's provenance, so the describer can later name exactly what was drawn.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, Field, field_validator

from studiolo.model.sketch.glyphs import GLYPHS, GlyphMotif

Color = str  # "#rrggbb"

Layout = Literal["landscape", "pattern", "centered", "interior", "cosmic"]
Style = Literal["flat", "watercolor", "ink", "pastel", "neon", "gradient"]
TimeOfDay = Literal["day", "dawn", "dusk", "night"]
# Wallpaper-group families for pattern tiles: plain repeat, mirror (pmm), half turn (p2), quarter turn (p4).
Symmetry = Literal["translate", "mirror", "rotate2", "rotate4"]

FLOWER_KINDS = ("daisy", "tulip", "rose", "sunflower", "cherry_blossom", "lotus", "poppy")
TREE_KINDS = ("tree", "pine", "palm")
SHAPE_KINDS = ("circle", "triangle", "square", "diamond", "hexagon")
# Woven and dyed textiles that fill the canvas: each is a whole design on its own.
TEXTILE_FIELD_KINDS = ("houndstooth", "chevron", "herringbone", "argyle", "ikat")
# Motifs that fill the whole canvas as a texture rather than being placed one by one.
FIELD_KINDS = ("stripes", "dots", "checks", "scales") + TEXTILE_FIELD_KINDS
INTERIOR_KINDS = ("sofa", "window", "lamp", "plant", "rug", "shelves")
# Procedural things that stand on the land like the glyph library's things do ("a lighthouse": one, on the shore).
STANDING_KINDS = ("lighthouse",)
MotifKind = Literal[
    "daisy", "tulip", "rose", "sunflower", "cherry_blossom", "lotus", "poppy",
    "tree", "pine", "palm",
    "mountain", "hill", "sea", "wave", "cloud", "sun", "moon", "star", "planet",
    "bird", "butterfly", "leaf",
    "circle", "triangle", "square", "diamond", "hexagon",
    "stripes", "dots", "checks", "scales", "ornament",
    "houndstooth", "chevron", "herringbone", "argyle", "ikat", "paisley", "damask", "toile",
    "sofa", "window", "lamp", "plant", "rug", "shelves", "lighthouse",
]  # fmt: skip


PROCEDURAL_KINDS: frozenset[str] = frozenset(get_args(MotifKind))


class MotifSpec(BaseModel):
    """One kind of thing to draw: a procedural kind (motifs.py) or a glyph's key (glyphs.py: "lemon", "teapot").
    `colors` empty means: take them from the scene's palette."""

    kind: str
    colors: list[Color] = Field(default_factory=list)
    count: int | None = Field(None, ge=1, le=200)  # None: as many as density suggests
    amount: float = Field(1.0, gt=0, le=8)  # without a count, how many relative to the usual: "more roses" 1.6
    size: float = Field(1.0, gt=0, le=4)  # relative: "tiny" 0.5, "big" 1.6

    @field_validator("kind")
    @classmethod
    def _drawable(cls, kind: str) -> str:
        if kind not in PROCEDURAL_KINDS and kind not in GLYPHS:
            raise ValueError(f"no motif is called {kind!r}")
        return kind

    @property
    def glyph(self) -> GlyphMotif | None:
        return GLYPHS.get(self.kind)


class Palette(BaseModel):
    """Colours by role. Sky runs top to horizon; ground is land, floor or a pattern's field."""

    sky: list[Color] = Field(min_length=1)
    ground: list[Color] = Field(min_length=1)
    accents: list[Color] = Field(min_length=1)


class InView(BaseModel):
    """What of one motif kind ended up in view in the finished picture."""

    count: int | None = Field(None, ge=0)  # stamps in view; None: painted as a layer (a range, a sea, a field)
    share: float | None = Field(None, ge=0, le=1)  # of the picture's pixels (None: not measured for layers)
    y: float | None = Field(None, ge=0, le=1)  # how far down its pixels are on average: 0 the top, 1 the bottom


class MotifSource(BaseModel):
    """Where a drawn motif comes from: provenance a picture carries, since a motif's licence reaches into it."""

    source: str
    licence: str
    attribution: str | None = None


PROCEDURAL_SOURCE = MotifSource(source="studiolo sketch (procedural)", licence="Apache-2.0")


class Scene(BaseModel):
    prompt: str
    layout: Layout
    style: Style = "flat"
    symmetry: Symmetry = "translate"
    time_of_day: TimeOfDay = "day"
    palette: Palette
    motifs: list[MotifSpec] = Field(default_factory=list)
    named_colors: list[str] = Field(default_factory=list)  # colour names the prompt used, in order
    themes: list[str] = Field(default_factory=list)  # moods, seasons and places: "spring", "venus", "night"
    backdrop: Color | None = None  # "against a white wall": one plain colour behind the subject, no light or ground
    density: float = Field(1.0, gt=0, le=3)  # how many motifs: "sparse" 0.5, "lush" 1.8
    scale: float = Field(1.0, gt=0, le=3)  # how large motifs are overall
    detail: float = Field(0.5, ge=0, le=1)  # a short prompt gives a plainer picture, a rich one more detail
    understood: list[str] = Field(default_factory=list)  # the prompt's words that shaped the scene
    # filled by the painter once the picture is finished: each motif kind in view (the self-check reads it)
    in_view: dict[str, InView] = Field(default_factory=dict)
    sources: dict[str, MotifSource] = Field(default_factory=dict)  # per motif kind in view: source and licence
