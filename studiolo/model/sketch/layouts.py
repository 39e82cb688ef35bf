"""The five layouts of the sketch painter, each painted layer by layer.

A layout is a generator: it paints one layer onto the canvas and yields that layer's name (background, far,
near, motifs, details), so the painter can hand a preview to the caller and check for cancellation between
layers. The style's texture is the last layer, applied by the painter (style.py).
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import numpy as np
from PIL import Image, ImageDraw

from studiolo.model.sketch.canvas import Canvas, luminance, mix, periodic_noise, rgb, shade, vertical_gradient
from studiolo.model.sketch.glyphs import render_glyph
from studiolo.model.sketch.motifs import ASPECT, FIELD_DRAWERS, FIELD_REPEAT, FieldGrid, MotifColors, draw_motif
from studiolo.model.sketch.scene import (
    FIELD_KINDS,
    FLOWER_KINDS,
    INTERIOR_KINDS,
    STANDING_KINDS,
    TEXTILE_FIELD_KINDS,
    MotifSpec,
    Scene,
)

SKY_KINDS = ("sun", "moon", "star", "planet", "cloud", "bird")
LEAFY_KINDS = ("leaf", "tree", "pine", "palm")
GROUND_KINDS = FLOWER_KINDS + ("tree", "pine", "palm", "butterfly", "leaf", "plant", "lighthouse")

# What a motif looks like when the prompt gives it no colour of its own.
NATURAL_COLORS: dict[str, tuple[str, ...]] = {
    "sun": ("#ffd23f", "#ff9f1c"), "moon": ("#f4f1de",), "star": ("#fff6c8", "#ffe066"),
    "cloud": ("#ffffff",), "sea": ("#2a6f97",), "wave": ("#2a6f97",), "bird": ("#2b2d42",),
    "plant": ("#c97b4a",), "mountain": ("#6c7a96",), "hill": ("#6a9c4f",),
    "toile": ("#2f4a7a",), "damask": ("#8e2a36",),  # one ink for every vignette, one colour for every medallion
}  # fmt: skip

# Textiles printed in their own colours only: toile in one ink on cream, damask in two close tones of one colour.
SELF_COLOURED = ("damask", "toile")
TOILE_CREAM = "#f3ead7"

# How densely a pattern's main motif repeats: (motifs per side, size). Placed textiles cover their cloth, so
# they repeat larger and closer than the default.
LATTICE: dict[str, tuple[int, float]] = {"paisley": (4, 0.3), "damask": (3, 0.36), "toile": (2, 0.24)}

LayerFn = Callable[["Brush"], Iterator[str]]


@dataclass
class Brush:
    """What every layout needs while painting: the scene, the canvas, the seed and the canvas unit.

    Each part of a picture (the land, the stars, every kind of motif) draws from its own random stream, derived
    from the seed and the part's name. So a refinement that adds a second moon or more flowers repaints with
    the same seed and keeps everything else where it was.
    """

    scene: Scene
    canvas: Canvas
    seed: int

    def rng(self, part: str) -> np.random.Generator:
        return np.random.default_rng([self.seed, self.canvas.width, self.canvas.height, zlib.crc32(part.encode())])

    @property
    def unit(self) -> float:
        return float(min(self.canvas.width, self.canvas.height))

    @property
    def foliage(self) -> list[str]:
        """Leaf colours: the palette's greens (darker than the grass they stand on), warm accents in autumn."""
        palette = self.scene.palette
        if "autumn" in self.scene.themes:
            warm = [c for c in palette.accents if not _is_greenish(c)]
            if warm:
                return warm
        greens = [c for c in palette.accents if _is_greenish(c)]
        greens += [shade(c, -0.28) for c in palette.ground if _is_greenish(c)]
        return greens or [mix("#4f8a3c", palette.ground[0], 0.25)]

    @property
    def line_color(self) -> str:
        return shade(mix(self.scene.palette.ground[-1], "#3a2a20", 0.6), -0.3)

    def motifs(self, kinds: tuple[str, ...] | None = None, *, exclude: tuple[str, ...] = ()) -> list[MotifSpec]:
        return [m for m in self.scene.motifs if (kinds is None or m.kind in kinds) and m.kind not in exclude]

    def has(self, kind: str) -> bool:
        return any(m.kind == kind for m in self.scene.motifs)

    def colors(self, motif: MotifSpec, index: int) -> MotifColors:
        """The colours of the index-th instance of a motif: its own named colours in turn, else natural ones."""
        own = motif.colors or list(NATURAL_COLORS.get(motif.kind, ())) or self.scene.palette.accents
        main = own[index % len(own)]
        if not motif.colors and motif.kind not in NATURAL_COLORS:
            shift = int(self.rng(f"colour/{motif.kind}").integers(0, 3))
            main = self.scene.palette.accents[(index + shift) % len(self.scene.palette.accents)]
        if not motif.colors and motif.kind in SKY_KINDS:  # a pale moon on a pale sky must still be seen
            main = _visible_on(main, self.scene.palette.sky[0])
        second = own[(index + 1) % len(own)] if len(own) > 1 else shade(main, 0.35 if luminance(main) < 0.7 else -0.25)
        center = "#6b3e1f" if _is_yellowish(main) else "#f6c445"
        # leafy motifs are drawn in their leaf colour: a named colour ("blue leaves") must reach it
        if motif.kind in LEAFY_KINDS:
            leaf = main if motif.colors else self.foliage[index % len(self.foliage)]
        else:  # stems and calyxes stay green when the palette has a green at all
            leaf = next((c for c in self.scene.palette.accents if _is_greenish(c)), self.foliage[0])
        return MotifColors(main=main, second=second, center=center, line=self.line_color, leaf=leaf)

    def count_single(self, motif: MotifSpec) -> int:
        """How many of a motif drawn once unless counted (a sun, a moon, a centred subject): "more moons" is two."""
        return motif.count or max(1, round(motif.amount))

    def count(self, base: float, motif: MotifSpec | None = None) -> int:
        if motif is not None and motif.count is not None:
            return motif.count
        amount = motif.amount if motif is not None else 1.0
        return max(1, round(base * self.scene.density * amount * (0.55 + self.scene.detail)))

    def sprite(self, motif: MotifSpec, index: int, height: float) -> Image.Image:
        """The index-th instance of a motif as a sprite `height` tall: drawn procedurally, or its glyph in the
        scene's colours (fully in the colour the prompt named for it: "blue lemons")."""
        look = self.rng(f"{motif.kind}/{index}")
        colors = self.colors(motif, index)
        if motif.glyph is None:
            return draw_motif(motif.kind, height, colors, look)
        named = motif.colors[index % len(motif.colors)] if motif.colors else None
        return render_glyph(motif.kind, height, colors, look, recolor=named)

    def stamp(self, motif: MotifSpec, index: int, cx: float, cy: float, height: float) -> None:
        sprite = self.sprite(motif, index, max(4.0, height * self.scene.scale * motif.size))
        self.canvas.stamp(sprite, cx, cy, kind=motif.kind)


def _hue_sat(color: str) -> tuple[float, float]:
    r, g, b = (v / 255 for v in rgb(color))
    hi, lo = max(r, g, b), min(r, g, b)
    if hi == lo:
        return 0.0, 0.0
    if hi == r:
        h = ((g - b) / (hi - lo)) % 6
    elif hi == g:
        h = (b - r) / (hi - lo) + 2
    else:
        h = (r - g) / (hi - lo) + 4
    return h * 60, (hi - lo) / hi


def _visible_on(color: str, backdrop: str, least: float = 0.25) -> str:
    """`color`, darkened on a light backdrop or lightened on a dark one until the two are `least` apart (RGB
    distance, 1 = black to white)."""

    def apart(c: str) -> float:
        return float(np.linalg.norm(np.subtract(rgb(c), rgb(backdrop)))) / (255 * math.sqrt(3))

    away = -1 if luminance(backdrop) > 0.5 else 1
    step = 0.0
    while apart(shade(color, away * step)) < least and step < 1:
        step += 0.05
    return shade(color, away * step)


def _is_greenish(color: str) -> bool:
    hue, sat = _hue_sat(color)
    return 75 <= hue <= 170 and sat > 0.25


def _is_yellowish(color: str) -> bool:
    hue, sat = _hue_sat(color)
    return 40 <= hue <= 70 and sat > 0.35


def _ridge(width: int, rng: np.random.Generator, base: float, amplitude: float, roughness: int) -> np.ndarray:
    """A 1-D skyline: y per column, a sum of a few sines (whole periods, so it also wraps)."""
    x = np.arange(width) / width * 2 * math.pi
    y = np.full(width, base, dtype=np.float64)
    for k in range(1, roughness + 1):
        y += amplitude / k * math.sin(float(rng.uniform(0, 6.28))) * np.sin(k * x + float(rng.uniform(0, 6.28)))
    return y


def _skyline_points(skyline: np.ndarray, step: int = 4) -> list[tuple[float, float]]:
    xs = list(range(0, len(skyline), step)) + [len(skyline) - 1]
    return [(float(x), float(skyline[x])) for x in xs]


def _fill_below(canvas: Canvas, skyline: np.ndarray, color: str, *, bottom: str | None = None) -> None:
    """Fill everything below the skyline with `color` (fading to `bottom` at the canvas's foot)."""
    outline = [(0.0, float(canvas.height))] + _skyline_points(skyline) + [(float(canvas.width), float(canvas.height))]
    top = max(0, int(skyline.min()))
    gradient = vertical_gradient(canvas.width, canvas.height, [color, bottom or color], start=top / canvas.height)
    canvas.paint(gradient, canvas.polygon_mask(outline))


def _sky(brush: Brush, horizon: float) -> None:
    c, p = brush.canvas, brush.scene.palette
    c.paint(vertical_gradient(c.width, c.height, p.sky + [mix(p.sky[-1], "#ffffff", 0.15)], end=horizon / c.height))


def _celestial(brush: Brush, horizon: float) -> None:
    """Sun, moon, planets, clouds and stars where the scene names them (stars also come with night)."""
    c, u, rng = brush.canvas, brush.unit, brush.rng("stars")
    stars = brush.motifs(("star",))
    if stars or brush.scene.time_of_day == "night":
        draw = ImageDraw.Draw(c.image)
        for _ in range(int(120 * (0.5 + brush.scene.detail) * c.width * c.height / u**2)):
            x, y = rng.uniform(0, c.width), rng.uniform(0, horizon * 0.95)
            r = u * rng.uniform(0.0008, 0.0025)
            draw.ellipse((x - r, y - r, x + r, y + r), fill="#fffbe6")
        for m in stars:
            for i in range(brush.count(6, m)):
                brush.stamp(
                    m,
                    i,
                    rng.uniform(0.05, 0.95) * c.width,
                    rng.uniform(0.05, 0.8) * horizon,
                    u * rng.uniform(0.03, 0.06),
                )
    for m in brush.motifs(("sun", "moon", "planet")):
        rng, n = brush.rng(m.kind), brush.count_single(m)
        first = 0.0  # the first one's x: the others follow it across the sky
        for i in range(n):
            size = u * (0.16 if m.kind != "planet" else 0.22) * rng.uniform(0.85, 1.2)
            x, y = rng.uniform(0.15, 0.85), rng.uniform(0.2, 0.6) * horizon
            first = x if i == 0 else first
            x = 0.15 + (first - 0.15 + i * 0.7 / n) % 0.7  # two moons side by side across the sky, not piled up
            top = size * brush.scene.scale * m.size * 0.6  # wholly in the sky, not cut off by the top edge
            brush.stamp(m, i, x * c.width, max(y, top), size)
    for m in brush.motifs(("cloud",)):
        rng = brush.rng(m.kind)
        for i in range(brush.count(3, m)):
            brush.stamp(
                m, i, rng.uniform(0, 1) * c.width, rng.uniform(0.1, 0.75) * horizon, u * rng.uniform(0.08, 0.14)
            )


def landscape(brush: Brush) -> Iterator[str]:
    c, u, rng, scene = brush.canvas, brush.unit, brush.rng("land"), brush.scene
    p = scene.palette
    horizon = c.height * float(rng.uniform(0.38, 0.58))
    _sky(brush, horizon)
    _fill_below(c, np.full(c.width, horizon), p.ground[0], bottom=p.ground[-1])
    yield "background"

    _celestial(brush, horizon)
    mountains = brush.motifs(("mountain",))
    ridges = 1 + int(scene.detail > 0.5) if mountains else 0
    for k in range(ridges):
        far = 1 - k / max(ridges, 1)
        mcolor = brush.colors(mountains[0], k).main if mountains else p.ground[0]
        skyline = _ridge(c.width, rng, horizon - u * (0.22 - 0.07 * k), u * 0.1, 5)
        _fill_below(c, skyline, mix(mcolor, p.sky[-1], 0.45 * far), bottom=mix(mcolor, p.sky[-1], 0.3 * far))
        if scene.detail > 0.35 or "winter" in scene.themes:
            _snowcap(c, skyline, u * 0.05, mix("#ffffff", p.sky[0], 0.15))
    if not mountains and scene.detail > 0.4:  # a low, hazy far range gives depth even when none was asked for
        _fill_below(c, _ridge(c.width, rng, horizon - u * 0.05, u * 0.03, 4), mix(p.ground[0], p.sky[-1], 0.6))
    yield "far"

    sea = brush.motifs(("sea", "wave"))
    if sea:
        _fill_below(
            c, np.full(c.width, horizon), brush.colors(sea[0], 0).main, bottom=shade(brush.colors(sea[0], 0).main, -0.3)
        )
        draw = ImageDraw.Draw(c.image)
        for k in range(int(10 + 20 * scene.detail)):
            y = horizon + (c.height - horizon) * (k / (10 + 20 * scene.detail)) ** 1.5 * 0.6
            xs = np.linspace(0, c.width, 40)
            pts = [(float(x), float(y + math.sin(x / c.width * 20 + k) * u * 0.004 * (1 + k / 5))) for x in xs]
            draw.line(pts, fill=shade(brush.colors(sea[0], 0).main, 0.4), width=max(1, int(u * 0.003 * (1 + k / 8))))
    land_top = horizon + (c.height - horizon) * (0.45 if sea else 0.0)
    hills = 2 + int(scene.detail * 2)
    for k in range(hills):
        t = (k + 1) / hills
        base = land_top + (c.height - land_top) * (0.05 + 0.35 * t)
        color = mix(p.ground[min(k, len(p.ground) - 1)], p.ground[-1], t * 0.5)
        color = shade(color, 0.08 * (hills - k - 1) / hills)
        _fill_below(c, _ridge(c.width, rng, base, u * 0.04, 3), color, bottom=shade(color, -0.12))
    yield "near"

    trees = brush.motifs(("tree", "pine", "palm"))
    for m in trees:
        rng = brush.rng(m.kind)
        spots = [(float(rng.uniform(0, c.width)), float(rng.uniform(0, 1))) for _ in range(brush.count(7, m))]
        for i, (x, y) in sorted(enumerate(spots), key=lambda spot: spot[1][1]):
            yy = land_top + (c.height - land_top) * (0.05 + 0.55 * y)
            size = u * (0.12 + 0.2 * y)
            brush.stamp(m, i, float(x), yy - size / 2 + size * 0.05, size)
    small = brush.motifs(FLOWER_KINDS + ("leaf", "plant"))
    placed = []
    for m in small:
        rng = brush.rng(m.kind)
        for i in range(brush.count(22 * c.width / u, m)):
            y = float(rng.uniform(0, 1)) ** 0.7
            placed.append((y, m, i, float(rng.uniform(0, c.width))))
    for y, m, i, x in sorted(placed, key=lambda p: p[0]):
        yy = land_top + (c.height - land_top) * (0.15 + 0.82 * y)
        brush.stamp(m, i, x, yy, u * (0.03 + 0.07 * y) * (ASPECT.get(m.kind, 1) < 1 and 1.6 or 1))
    others = brush.motifs(
        exclude=SKY_KINDS
        + ("mountain", "hill", "sea", "wave", "tree", "pine", "palm", "leaf", "plant")
        + FLOWER_KINDS
        + FIELD_KINDS
    )
    things = [m for m in others if m.glyph is not None or m.kind in STANDING_KINDS]
    _things_in_landscape(brush, things, horizon, land_top, sea=bool(sea))
    for m in (m for m in others if m not in things):
        rng = brush.rng(m.kind)
        for i in range(brush.count(3, m)):
            sky_thing = m.kind in ("butterfly",) or m.kind not in GROUND_KINDS
            y = rng.uniform(0.15, 0.85) * (horizon if sky_thing and m.kind != "butterfly" else c.height)
            brush.stamp(m, i, rng.uniform(0.05, 0.95) * c.width, y, u * rng.uniform(0.06, 0.11))
    for m in brush.motifs(("bird",)):
        rng = brush.rng(m.kind)
        for i in range(brush.count(4, m)):
            brush.stamp(
                m, i, rng.uniform(0.05, 0.95) * c.width, rng.uniform(0.1, 0.8) * horizon, u * rng.uniform(0.02, 0.04)
            )
    _fields(brush, alpha=0.25)
    yield "motifs"

    _grass(brush, land_top)
    yield "details"


def _things_in_landscape(brush: Brush, things: list[MotifSpec], horizon: float, land_top: float, *, sea: bool) -> None:
    """Glyph things where they belong: fliers in the sky, swimmers in the sea (if there is one), everything else
    standing on the land, nearer ones lower and larger, drawn back to front. A lone thing is the picture's
    subject: large, in front."""
    c, u = brush.canvas, brush.unit
    standing = []
    for m in things:
        rng, n = brush.rng(m.kind), brush.count(3, m)
        place = m.glyph.place if m.glyph is not None else "ground"
        for i in range(n):
            x = c.width * (i + float(rng.uniform(0.25, 0.75))) / n  # spread out, so a count can be counted
            if place == "sky":
                brush.stamp(m, i, x, float(rng.uniform(0.15, 0.7)) * horizon, u * float(rng.uniform(0.1, 0.16)))
            elif place == "water" and sea:
                brush.stamp(
                    m,
                    i,
                    x,
                    horizon + (land_top - horizon) * float(rng.uniform(0.3, 0.8)),
                    u * float(rng.uniform(0.07, 0.11)),
                )
            else:
                depth = float(rng.uniform(0.35, 0.75)) if n > 1 else 0.7
                standing.append((depth, m, i, x))
    for depth, m, i, x in sorted(standing, key=lambda spot: spot[0]):
        lone = brush.count(3, m) == 1
        size = u * (0.1 + 0.14 * depth) * (2.0 if lone else 1.0)
        y = land_top + (c.height - land_top) * depth - size * 0.4  # standing on the ground, not sunk in it
        brush.stamp(m, i, x, y, size)


def _things_in_room(brush: Brush, things: list[MotifSpec], floor_y: float) -> None:
    """Glyph things in a room: what flies or hangs high on the wall, everything else on the floor in front of
    the sofa, spread across the room, back to front."""
    c, u = brush.canvas, brush.unit
    spots = [(m, i) for m in things for i in range(brush.count(2, m))]
    on_floor = []
    for k, (m, i) in enumerate(spots):
        rng = brush.rng(f"room/{m.kind}/{i}")
        x = c.width * (k + float(rng.uniform(0.3, 0.7))) / len(spots)
        if m.glyph is not None and m.glyph.place == "sky":
            brush.stamp(m, i, x, floor_y - u * float(rng.uniform(0.45, 0.6)), u * 0.1)
        else:
            on_floor.append((float(rng.uniform(0.3, 0.7)), m, i, x))
    lone = len(spots) == 1
    for depth, m, i, x in sorted(on_floor, key=lambda spot: spot[0]):
        size = u * (0.12 + 0.08 * depth) * (1.5 if lone else 1.0)
        brush.stamp(m, i, x, floor_y + (c.height - floor_y) * depth - size * 0.3, size)


def _snowcap(canvas: Canvas, skyline: np.ndarray, depth: float, color: str) -> None:
    """Snow on the peaks only: the band under the skyline, down to a level just below the highest summit."""
    snowline = float(skyline.min()) + depth
    bottom = np.maximum(np.minimum(skyline + depth * 0.6, snowline), skyline)  # zero width below the snowline
    canvas.paint(color, canvas.polygon_mask(_skyline_points(skyline) + _skyline_points(bottom)[::-1]))


def _grass(brush: Brush, land_top: float) -> None:
    """Short strokes and dots of light on the land; more of them the richer the prompt."""
    c, u, rng, p = brush.canvas, brush.unit, brush.rng("grass"), brush.scene.palette
    draw = ImageDraw.Draw(c.image)
    for _ in range(int(400 * brush.scene.detail * c.width / u)):
        x, t = rng.uniform(0, c.width), rng.uniform(0.1, 1)
        y = land_top + (c.height - land_top) * t
        length = u * 0.012 * (0.5 + t)
        draw.line(
            (x, y, x + rng.uniform(-0.4, 0.4) * length, y - length),
            fill=shade(p.ground[-1], -0.25),
            width=max(1, int(u * 0.0015)),
        )
    for _ in range(int(80 * brush.scene.detail)):
        x, y = rng.uniform(0, c.width), rng.uniform(land_top, c.height)
        r = u * 0.002
        draw.ellipse((x - r, y - r, x + r, y + r), fill=shade(p.accents[0], 0.5))


def _fields(brush: Brush, *, alpha: float = 1.0, cloth: bool = False) -> None:
    """Fields that cover the canvas (stripes ... ikat); whole repeats, so tiles still wrap exactly.

    With `cloth` (the pattern layout), a field given two colours is woven on the second: "navy and cream
    houndstooth" is navy teeth on cream. Elsewhere a field is a faint texture over the picture.
    """
    c, u = brush.canvas, brush.unit
    for m in brush.motifs(FIELD_KINDS):
        period = max(8.0, u * 0.08 * brush.scene.scale * m.size)
        across, down = FIELD_REPEAT.get(m.kind, (1.0, 1.0))
        grid = FieldGrid.over(c.width, c.height, period * across, period * down)
        if cloth and len(m.colors) > 1:
            c.paint(m.colors[1])
        for color, cover in FIELD_DRAWERS[m.kind](grid, _field_colors(brush, m), brush.rng(f"field/{m.kind}")):
            c.paint(color, np.broadcast_to(cover, (c.height, c.width)) * alpha)


def _field_colors(brush: Brush, motif: MotifSpec) -> MotifColors:
    """A field's colours; its fine lines (argyle's) in a third named colour, else one that stands out from its ink."""
    colors = brush.colors(motif, 0)
    if len(motif.colors) > 2:
        line = motif.colors[2]
    else:
        line = shade(colors.main, 0.8) if luminance(colors.main) < 0.5 else shade(colors.main, -0.65)
    return replace(colors, line=line)


def pattern(brush: Brush) -> Iterator[str]:
    c, rng, scene = brush.canvas, brush.rng("ground"), brush.scene
    p = scene.palette
    cloth = _cloth(brush)
    ground = [cloth, shade(cloth, -0.04)] if cloth else p.ground
    c.paint(ground[0])
    c.paint(ground[-1], 0.25 + 0.25 * _symmetrise(scene, periodic_noise(c.width, c.height, rng, octaves=2, base=2)))
    yield "background"

    placed = brush.motifs(exclude=FIELD_KINDS)
    # a named woven textile alone is the whole design; a self-coloured one allows nothing in other colours
    woven_alone = not placed and bool(brush.motifs(TEXTILE_FIELD_KINDS))
    own_colours_only = any(m.kind in SELF_COLOURED for m in placed)
    if brush.motifs(FIELD_KINDS):
        _fields(brush, cloth=True)
    elif scene.detail > 0.45 and not own_colours_only:  # a quiet ground of small dots, so the motifs sit on a textile
        _scatter(
            brush, [MotifSpec(kind="circle", colors=[mix(p.ground[0], p.accents[-1], 0.35)])], per_side=9, size=0.025
        )
    yield "far"

    main = placed or [MotifSpec(kind="ornament")]
    if not woven_alone:
        per_side, size = LATTICE.get(main[0].kind, (3, 0.2))
        _lattice(brush, main, per_side=max(2, round(per_side * math.sqrt(scene.density))), size=size)
    yield "near"

    if not (woven_alone or own_colours_only):
        # small boteh among the large ones, as in a paisley shawl; small cherries among the cherries: a thing from
        # the glyph library is its own filler, so nothing is scattered over the cloth that was not asked for
        filler = (
            "leaf" if any(m.kind in FLOWER_KINDS for m in main) else "paisley" if main[0].kind == "paisley" else "star"
        )
        glyph = next((m for m in main if m.glyph is not None), None)
        fillers = [m for m in main if m.kind in ("leaf", "star", "circle", "diamond", "butterfly", "bird")] or [
            glyph if glyph is not None else MotifSpec(kind=filler, colors=[mix(p.accents[0], p.ground[0], 0.3)])
        ]
        _scatter(brush, fillers, per_side=max(2, round(4 * scene.density * (0.4 + scene.detail))), size=0.07)
    yield "motifs"

    if not (woven_alone or own_colours_only):
        _scatter(
            brush,
            [MotifSpec(kind="circle", colors=[shade(p.accents[0], 0.5)])],
            per_side=round(3 + 8 * scene.detail),
            size=0.012,
        )
    yield "details"


def _cloth(brush: Brush) -> str | None:
    """What a self-coloured textile is printed on, unless the prompt named the ground: its second named colour
    ("navy and white toile"), else cream under a toile, a close tone of its own colour under a damask."""
    own = brush.motifs(SELF_COLOURED)
    if not own:
        return None
    motif = own[0]
    if len(motif.colors) > 1:
        return motif.colors[1]
    if rgb(brush.scene.palette.ground[0]) in {rgb(name) for name in brush.scene.named_colors}:
        return None
    if motif.kind == "toile":
        return TOILE_CREAM
    ink = brush.colors(motif, 0).main
    return shade(ink, -0.3) if luminance(ink) > 0.18 else shade(ink, 0.2)


def _symmetrise(scene: Scene, field: np.ndarray) -> np.ndarray:
    """Average a whole-canvas field over the tile's symmetry, so the ground obeys it as the motifs do."""
    if scene.symmetry == "mirror":
        return (field + field[:, ::-1]) / 2
    if scene.symmetry == "rotate2" or (scene.symmetry == "rotate4" and field.shape[0] != field.shape[1]):
        return (field + field[::-1, ::-1]) / 2
    if scene.symmetry == "rotate4":
        return (field + np.rot90(field, 1) + np.rot90(field, 2) + np.rot90(field, 3)) / 4
    return field


def _orbit(scene: Scene, canvas: Canvas, x: float, y: float) -> list[tuple[float, float, bool, int]]:
    """The copies of one placement under the tile's symmetry: (x, y, mirrored, quarter turns)."""
    w, h = canvas.width, canvas.height
    if scene.symmetry == "mirror":
        return [(x, y, False, 0), (w - x, y, True, 0)]
    if scene.symmetry == "rotate2" or (scene.symmetry == "rotate4" and w != h):
        return [(x, y, False, 0), (w - x, h - y, False, 2)]
    if scene.symmetry == "rotate4":
        return [(x, y, False, 0), (y, w - x, False, 1), (w - x, w - y, False, 2), (w - y, x, False, 3)]
    return [(x, y, False, 0)]


def _place_symmetric(brush: Brush, motif: MotifSpec, index: int, x: float, y: float, height: float) -> None:
    sprite = brush.sprite(motif, index, max(4.0, height * brush.scene.scale * motif.size))
    for ox, oy, flip, turns in _orbit(brush.scene, brush.canvas, x, y):
        turned = sprite
        if flip:
            turned = turned.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        for _ in range(turns):
            turned = turned.transpose(Image.Transpose.ROTATE_90)  # counter-clockwise, as the orbit assumes
        brush.canvas.stamp(turned, ox, oy, kind=motif.kind)


def _fundamental_domain(scene: Scene, canvas: Canvas) -> tuple[float, float]:
    """The part of the tile (width, height from the top-left) whose copies under the symmetry fill the rest:
    a lattice placed there alone never lands a motif on its own mirror image."""
    w, h = canvas.width, canvas.height
    if scene.symmetry in ("mirror", "rotate2") or (scene.symmetry == "rotate4" and w != h):
        return w / 2, h
    if scene.symmetry == "rotate4":
        return w / 2, h / 2
    return w, h


def _lattice(brush: Brush, motifs: list[MotifSpec], *, per_side: int, size: float) -> None:
    """Main motifs on a half-drop grid (the textile designer's repeat), with a little seeded jitter.

    The motifs take the cells in turn. A motif's amount thins it out (0.5: every other one of its cells) or
    adds copies in the gaps between cells (1.6: six of every ten of its cells get a second one, half a cell
    away), so "more roses" puts more roses in the repeat and leaves the rest of it where it was."""
    c, u, rng = brush.canvas, brush.unit, brush.rng("lattice")
    width, height = _fundamental_domain(brush.scene, c)
    nx = max(1, round(per_side * width / u))
    ny = max(1, round(per_side * height / u))
    k = 0
    for j in range(ny):
        for i in range(nx):
            x = (i + 0.5 + rng.uniform(-0.12, 0.12)) * width / nx
            y = (j + 0.5 * (i % 2) + 0.25 + rng.uniform(-0.12, 0.12)) * height / ny
            tall = u * size * rng.uniform(0.8, 1.15) * 3 / max(per_side, 1)
            motif, turn = motifs[k % len(motifs)], k // len(motifs)  # the turn-th cell this motif takes
            if _takes(turn, min(motif.amount, 1.0)):
                _place_symmetric(brush, motif, k, x, y, tall)
            if _takes(turn, min(motif.amount - 1.0, 1.0)):  # in the gap, inside the fundamental domain
                _place_symmetric(
                    brush, motif, k, (x + 0.5 * width / nx) % width, (y + 0.5 * height / ny) % height, tall
                )
            k += 1


def _takes(turn: int, share: float) -> bool:
    """Whether the turn-th of a run of places is taken, when `share` of them are, spread evenly."""
    return share > 0 and math.floor((turn + 1) * share) > math.floor(turn * share)


def _scatter(brush: Brush, motifs: list[MotifSpec], *, per_side: int, size: float) -> None:
    c, u, rng = brush.canvas, brush.unit, brush.rng("scatter/" + "+".join(m.kind for m in motifs))
    n = max(1, round(per_side**2 * c.width * c.height / u**2 / len(_orbit(brush.scene, c, 0, 0))))
    for k in range(n):
        motif = motifs[k % len(motifs)]
        _place_symmetric(
            brush, motif, k, rng.uniform(0, c.width), rng.uniform(0, c.height), u * size * rng.uniform(0.7, 1.3)
        )


def centered(brush: Brush) -> Iterator[str]:
    c, u, rng, scene = brush.canvas, brush.unit, brush.rng("centre"), brush.scene
    p = scene.palette
    if scene.backdrop is not None:  # a plain wall: its one colour, no light behind the subject
        c.paint(scene.backdrop)
    else:
        c.paint(vertical_gradient(c.width, c.height, p.sky + p.ground[:1]))
        dx = (np.arange(c.width, dtype=np.float32) - c.width / 2) ** 2
        dy = (np.arange(c.height, dtype=np.float32) - c.height / 2) ** 2
        halo = np.clip(1 - np.sqrt(dy[:, None] + dx[None, :]) / (0.55 * u), 0, 1) ** 1.5
        c.paint(mix(p.sky[0], "#ffffff", 0.6), halo * 0.6)
    yield "background"

    if brush.motifs(("star",)) or scene.time_of_day == "night":
        _celestial(brush, c.height * 0.5)
    _fields(brush, alpha=0.18)
    yield "far"

    draw = ImageDraw.Draw(c.image)
    shadow = mix(scene.backdrop or p.ground[0], "#000000", 0.25)
    draw.ellipse(
        (c.width / 2 - u * 0.28, c.height / 2 + u * 0.3, c.width / 2 + u * 0.28, c.height / 2 + u * 0.38), fill=shadow
    )
    subjects = brush.motifs(exclude=FIELD_KINDS) or [
        MotifSpec(kind=FLOWER_KINDS[int(rng.integers(0, len(FLOWER_KINDS)))])
    ]
    # the subject is a thing ("a lighthouse at night", "a teapot and the moon"), not the sky that comes with it
    things = [m for m in subjects if m.glyph is not None or m.kind in STANDING_KINDS]
    subjects = things[:1] + [m for m in subjects if m not in things[:1]]
    hero = subjects[0]
    n = brush.count_single(hero)
    for i in range(n):
        x = c.width * (i + 0.5) / n
        brush.stamp(hero, i, x, c.height * 0.48, u * 0.62 / math.sqrt(n))
    yield "near"

    for m in subjects[1:]:
        rng = brush.rng(m.kind)
        for i in range(brush.count(4, m)):
            a = rng.uniform(0, 2 * math.pi)
            r = u * rng.uniform(0.36, 0.46)
            brush.stamp(
                m, i, c.width / 2 + math.cos(a) * r, c.height / 2 + math.sin(a) * r, u * rng.uniform(0.08, 0.13)
            )
    yield "motifs"

    rng = brush.rng("sparkles")
    for _ in range(int(30 * scene.detail)):
        a, r = rng.uniform(0, 2 * math.pi), u * rng.uniform(0.3, 0.5)
        x, y, s = c.width / 2 + math.cos(a) * r, c.height / 2 + math.sin(a) * r, u * rng.uniform(0.003, 0.008)
        draw.ellipse((x - s, y - s, x + s, y + s), fill=shade(p.accents[0], 0.6))
    yield "details"


def interior(brush: Brush) -> Iterator[str]:
    c, u, rng, scene = brush.canvas, brush.unit, brush.rng("room"), brush.scene
    p = scene.palette
    floor_y = c.height * float(rng.uniform(0.62, 0.7))
    c.paint(vertical_gradient(c.width, c.height, [shade(p.sky[0], 0.1), p.sky[-1]], end=floor_y / c.height))
    _fill_below(c, np.full(c.width, floor_y), p.ground[0], bottom=shade(p.ground[-1], -0.15))
    draw = ImageDraw.Draw(c.image)
    for k in range(1, 12):  # floorboards converging on the vanishing point
        x = c.width * k / 12
        draw.line(
            (c.width / 2 + (x - c.width / 2) * 0.55, floor_y, x + (x - c.width / 2) * 0.6, c.height),
            fill=shade(p.ground[0], -0.12),
            width=max(1, int(u * 0.002)),
        )
    draw.rectangle((0, floor_y - u * 0.012, c.width, floor_y), fill=shade(p.sky[-1], -0.2))
    yield "background"

    def interior_motif(kind: str, default: str) -> MotifSpec:
        found = brush.motifs((kind,))
        return found[0] if found else MotifSpec(kind=kind, colors=[default])

    window_x = c.width * float(rng.choice([0.25, 0.72]))
    view_sky = "#1b2a4a" if scene.time_of_day == "night" else mix(p.accents[-1], "#bfe3ff", 0.6)
    brush.canvas.stamp(
        draw_motif("window", u * 0.34, MotifColors(view_sky, view_sky, view_sky, "#f5f0e6", brush.foliage[0]), rng),
        window_x,
        floor_y - u * 0.42,
        kind="window",
    )
    if brush.has("shelves") or scene.detail > 0.5:
        brush.stamp(interior_motif("shelves", p.accents[0]), 0, c.width - window_x, floor_y - u * 0.25, u * 0.42)
    # a framed picture of the scenery the prompt names (a mountain, the sea), hung on the wall; things stand in the room
    art = [m for m in brush.motifs(exclude=INTERIOR_KINDS + FIELD_KINDS) if m.glyph is None]
    if art:
        ax, ay = c.width / 2, floor_y - u * 0.52
        draw.rectangle((ax - u * 0.09, ay - u * 0.09, ax + u * 0.09, ay + u * 0.09), fill=brush.line_color)
        draw.rectangle((ax - u * 0.08, ay - u * 0.08, ax + u * 0.08, ay + u * 0.08), fill=mix(p.sky[0], "#ffffff", 0.5))
        brush.stamp(art[0], 0, ax, ay, u * 0.14)
    yield "far"

    brush.stamp(interior_motif("rug", p.accents[-1]), 0, c.width / 2, floor_y + (c.height - floor_y) * 0.55, u * 0.16)
    brush.stamp(interior_motif("sofa", p.accents[0]), 0, c.width / 2, floor_y - u * 0.02, u * 0.26)
    yield "near"

    lamp = interior_motif("lamp", mix(p.accents[0], "#fff3c4", 0.5))
    for i in range(lamp.count or 1):  # "paper lanterns in red and gold": as many as asked, in their colours in turn
        brush.stamp(lamp, i, c.width / 2 + u * (0.42 - 0.13 * i), floor_y - u * 0.12, u * 0.4)
    plant = interior_motif("plant", shade(p.accents[-1], -0.1))
    for i in range(plant.count or 1):
        brush.stamp(plant, i, c.width / 2 - u * (0.42 + 0.12 * i), floor_y - u * 0.05, u * 0.26)
    _things_in_room(
        brush, [m for m in brush.motifs(exclude=INTERIOR_KINDS + FIELD_KINDS) if m.glyph is not None], floor_y
    )
    _fields(brush, alpha=0.12)
    yield "motifs"

    lamp_x, lamp_y = c.width / 2 + u * 0.42, floor_y - u * 0.28
    spread = 2 * (u * 0.18) ** 2  # a gaussian pool of light is separable: an outer product of two 1-D curves
    light_x = np.exp(-((np.arange(c.width, dtype=np.float32) - lamp_x) ** 2) / spread)
    light_y = np.exp(-((np.arange(c.height, dtype=np.float32) - lamp_y) ** 2) / spread)
    c.paint("#fff1c1", np.outer(light_y, light_x) * (0.35 + 0.25 * scene.detail))
    yield "details"


def cosmic(brush: Brush) -> Iterator[str]:
    c, u, rng, scene = brush.canvas, brush.unit, brush.rng("space"), brush.scene
    p = scene.palette
    c.paint(vertical_gradient(c.width, c.height, [shade(p.sky[0], -0.55), shade(p.sky[-1], -0.3)]))
    c.paint(p.accents[0], np.clip(periodic_noise(c.width, c.height, rng, octaves=3, base=2), 0, 1) * 0.45)
    yield "background"

    draw = ImageDraw.Draw(c.image)
    for _ in range(int(250 * (0.4 + scene.detail) * c.width * c.height / u**2)):
        x, y, r = rng.uniform(0, c.width), rng.uniform(0, c.height), u * rng.uniform(0.0007, 0.0028)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=mix("#ffffff", p.accents[-1], rng.uniform(0, 0.3)))
    for m in brush.motifs(("star",)):
        rng = brush.rng(m.kind)
        for i in range(brush.count(8, m)):
            brush.stamp(m, i, rng.uniform(0, c.width), rng.uniform(0, c.height), u * rng.uniform(0.02, 0.05))
    yield "far"

    grounded = brush.motifs(GROUND_KINDS + ("mountain", "hill"))
    planets = brush.motifs(("planet", "moon", "sun"))
    if not planets:
        planets = [MotifSpec(kind="planet", colors=[p.ground[0], p.accents[0]])]
    for m in planets:
        rng = brush.rng(m.kind)
        for i in range(brush.count_single(m)):
            size = u * rng.uniform(0.2, 0.38) / (1 + i * 0.5)
            brush.stamp(
                m, i, rng.uniform(0.2, 0.8) * c.width, rng.uniform(0.15, 0.45 if grounded else 0.8) * c.height, size
            )
    surface_y = c.height * 0.72
    if grounded:  # stand on the planet: a curved horizon of its ground, where the named things grow
        xs = np.arange(c.width, dtype=np.float64)
        curve = surface_y + ((xs - c.width / 2) / c.width) ** 2 * u * 0.35
        _fill_below(c, curve, p.ground[0], bottom=shade(p.ground[-1], -0.2))
    yield "near"

    if grounded:
        items = []
        for m in grounded:
            rng = brush.rng(m.kind)
            for i in range(brush.count(16 * c.width / u, m)):
                items.append((float(rng.uniform(0, 1)), m, i, float(rng.uniform(0, c.width))))
        for y, m, i, x in sorted(items, key=lambda t: t[0]):
            brush.stamp(m, i, x, surface_y + (c.height - surface_y) * (0.2 + 0.75 * y), u * (0.04 + 0.08 * y))
    for m in brush.motifs(exclude=GROUND_KINDS + FIELD_KINDS + ("planet", "moon", "sun", "star", "mountain", "hill")):
        rng = brush.rng(m.kind)
        for i in range(brush.count(3, m)):
            brush.stamp(
                m, i, rng.uniform(0.05, 0.95) * c.width, rng.uniform(0.05, 0.6) * c.height, u * rng.uniform(0.05, 0.1)
            )
    yield "motifs"

    rng = brush.rng("sparkles")
    for _ in range(int(40 * scene.detail)):
        x, y, r = rng.uniform(0, c.width), rng.uniform(0, c.height), u * rng.uniform(0.004, 0.01)
        draw = ImageDraw.Draw(c.image)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=mix("#ffffff", p.accents[0], 0.3))
    yield "details"


LAYOUTS: dict[str, LayerFn] = {
    "landscape": landscape,
    "pattern": pattern,
    "centered": centered,
    "interior": interior,
    "cosmic": cosmic,
}
