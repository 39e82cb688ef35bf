"""How each motif is drawn: one small function per kind, drawing into a Sprite's box.

Every drawer fills the sprite it is given (its aspect comes from ASPECT), in the colours of a MotifColors, with
the seeded rng for small variations, so the same seed draws the same flower. Layouts decide where sprites go
and how large they are; drawers know nothing about the scene.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from studiolo.model.sketch.canvas import Sprite, luminance, shade


@dataclass(frozen=True)
class MotifColors:
    main: str
    second: str
    center: str
    line: str
    leaf: str


Point = tuple[float, float]
Drawer = Callable[[Sprite, MotifColors, np.random.Generator], None]

# Width / height of each motif's sprite; kinds not listed are square.
ASPECT: dict[str, float] = {
    "tulip": 0.6, "tree": 0.8, "pine": 0.6, "palm": 0.8, "mountain": 1.6, "hill": 2.0, "sea": 2.0,
    "wave": 1.4, "cloud": 1.8, "bird": 1.6, "leaf": 0.6, "sofa": 2.2, "window": 0.8, "lamp": 0.45,
    "plant": 0.7, "rug": 2.2, "shelves": 1.0, "lighthouse": 0.5, "paisley": 0.72, "damask": 0.72, "toile": 1.15,
}  # fmt: skip


def _ellipse_points(cx: float, cy: float, rx: float, ry: float, angle: float, n: int = 24) -> list[Point]:
    ca, sa = math.cos(angle), math.sin(angle)
    pts = []
    for k in range(n):
        t = 2 * math.pi * k / n
        x, y = rx * math.cos(t), ry * math.sin(t)
        pts.append((cx + x * ca - y * sa, cy + x * sa + y * ca))
    return pts


def _petal(cx: float, cy: float, angle: float, length: float, width: float) -> list[Point]:
    """An ellipse of `length` lying along `angle`, one end at the centre (cx, cy)."""
    mx, my = cx + math.cos(angle) * length / 2, cy + math.sin(angle) * length / 2
    return _ellipse_points(mx, my, length / 2, width / 2, angle)


def _star_points(cx: float, cy: float, r_out: float, r_in: float, points: int, rotation: float) -> list[Point]:
    pts = []
    for k in range(points * 2):
        r = r_out if k % 2 == 0 else r_in
        t = rotation + math.pi * k / points
        pts.append((cx + r * math.sin(t), cy - r * math.cos(t)))
    return pts


def _flower_head(
    s: Sprite,
    c: MotifColors,
    rng: np.random.Generator,
    *,
    petals: int,
    petal_len: float,
    petal_w: float,
    center_r: float,
    cy: float | None = None,
    layers: int = 1,
) -> None:
    d, r = s.draw, min(s.w, s.h) / 2
    cx, cy = s.w / 2, s.h / 2 if cy is None else cy
    turn = float(rng.uniform(0, math.pi))
    for layer in range(layers):
        color = c.main if layer == 0 else shade(c.main, 0.25)
        scale = 1 - 0.3 * layer
        for k in range(petals):
            a = turn + 2 * math.pi * (k + 0.5 * layer) / petals
            d.polygon(_petal(cx, cy, a, r * petal_len * scale, r * petal_w * scale), fill=color)
    d.ellipse((cx - r * center_r, cy - r * center_r, cx + r * center_r, cy + r * center_r), fill=c.center)


def daisy(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    _flower_head(s, c, rng, petals=int(rng.integers(11, 16)), petal_len=0.95, petal_w=0.28, center_r=0.24)


def sunflower(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    _flower_head(s, c, rng, petals=int(rng.integers(18, 24)), petal_len=0.98, petal_w=0.2, center_r=0.42, layers=2)


def poppy(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    _flower_head(s, c, rng, petals=4, petal_len=0.95, petal_w=0.95, center_r=0.16, layers=2)


def cherry_blossom(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    d, r, cx, cy = s.draw, s.w / 2, s.w / 2, s.h / 2
    turn = float(rng.uniform(0, math.pi))
    for k in range(5):
        a = turn + 2 * math.pi * k / 5
        d.polygon(_petal(cx, cy, a, r * 0.95, r * 0.62), fill=c.main)
        # the notch at each petal's tip that makes it a cherry blossom
        tip = (cx + math.cos(a) * r * 0.95, cy + math.sin(a) * r * 0.95)
        d.ellipse((tip[0] - r * 0.09, tip[1] - r * 0.09, tip[0] + r * 0.09, tip[1] + r * 0.09), fill=(0, 0, 0, 0))
    for k in range(5):
        a = turn + 2 * math.pi * (k + 0.5) / 5
        x, y = cx + math.cos(a) * r * 0.25, cy + math.sin(a) * r * 0.25
        d.line((cx, cy, x, y), fill=c.center, width=max(1, int(r * 0.04)))
    d.ellipse((cx - r * 0.12, cy - r * 0.12, cx + r * 0.12, cy + r * 0.12), fill=c.center)


def lotus(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    d, r, cx = s.draw, s.w / 2, s.w / 2
    base = s.h * 0.8
    for k, a in enumerate(np.linspace(-1.2, 1.2, 7)):
        length = r * (1.0 - 0.25 * abs(a))
        color = c.main if k % 2 else shade(c.main, 0.2)
        d.polygon(_petal(cx, base, -math.pi / 2 + float(a), length * 1.5, r * 0.42), fill=color)
    d.ellipse((cx - r * 0.9, base - r * 0.08, cx + r * 0.9, base + r * 0.16), fill=c.leaf)


def rose(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    d, r, cx, cy = s.draw, s.w / 2, s.w / 2, s.h / 2
    d.ellipse((cx - r * 0.95, cy - r * 0.95, cx + r * 0.95, cy + r * 0.95), fill=c.main)
    # overlapping arcs spiralling inwards read as a rose's folded petals
    for k in range(6):
        rr = r * (0.85 - k * 0.13)
        off = rr * 0.15
        a0 = float(rng.uniform(0, 360))
        box = (cx - rr + off, cy - rr, cx + rr + off, cy + rr - off)
        d.arc(box, a0, a0 + 250, fill=shade(c.main, -0.3), width=max(1, int(r * 0.06)))
    d.ellipse((cx - r * 0.12, cy - r * 0.12, cx + r * 0.12, cy + r * 0.12), fill=shade(c.main, -0.35))


def tulip(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    d, w, h = s.draw, s.w, s.h
    cx = w / 2
    d.line((cx, h * 0.45, cx, h), fill=c.leaf, width=max(1, int(w * 0.07)))
    d.polygon(_petal(cx, h * 0.95, -math.pi / 2 - 0.35, h * 0.45, w * 0.22), fill=c.leaf)
    cup_top, cup_bot = h * 0.08, h * 0.5
    d.chord((cx - w * 0.4, cup_top - h * 0.1, cx + w * 0.4, cup_bot), 0, 180, fill=c.main)
    tips = [
        (cx - w * 0.4, h * 0.28),
        (cx - w * 0.28, cup_top),
        (cx - w * 0.12, h * 0.24),
        (cx, cup_top - h * 0.03),
        (cx + w * 0.12, h * 0.24),
        (cx + w * 0.28, cup_top),
        (cx + w * 0.4, h * 0.28),
    ]
    d.polygon(tips + [(cx + w * 0.4, h * 0.3), (cx - w * 0.4, h * 0.3)], fill=c.main)
    d.polygon(
        [(cx - w * 0.12, h * 0.24), (cx, cup_top - h * 0.03), (cx + w * 0.12, h * 0.24), (cx, h * 0.45)],
        fill=shade(c.main, -0.15),
    )


def tree(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    d, w, h = s.draw, s.w, s.h
    cx = w / 2
    d.rectangle((cx - w * 0.06, h * 0.55, cx + w * 0.06, h), fill=c.line)
    for _ in range(7):
        x = cx + float(rng.uniform(-0.25, 0.25)) * w
        y = h * float(rng.uniform(0.25, 0.5))
        rr = w * float(rng.uniform(0.18, 0.3))
        d.ellipse((x - rr, y - rr, x + rr, y + rr), fill=c.leaf)
    for _ in range(3):
        x = cx + float(rng.uniform(-0.2, 0.15)) * w
        y = h * float(rng.uniform(0.2, 0.4))
        rr = w * float(rng.uniform(0.08, 0.14))
        d.ellipse((x - rr, y - rr, x + rr, y + rr), fill=shade(c.leaf, 0.18))


def pine(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    d, w, h = s.draw, s.w, s.h
    cx = w / 2
    d.rectangle((cx - w * 0.07, h * 0.8, cx + w * 0.07, h), fill=c.line)
    for k in range(3):
        top, bottom = h * (0.02 + k * 0.22), h * (0.4 + k * 0.2)
        half = w * (0.28 + k * 0.1)
        d.polygon([(cx, top), (cx + half, bottom), (cx - half, bottom)], fill=shade(c.leaf, -0.1 * k))


def palm(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    d, w, h = s.draw, s.w, s.h
    bend = float(rng.uniform(-0.15, 0.15)) * w
    trunk = [(w / 2 + bend * (1 - t) ** 2, h * 0.25 + (h * 0.75) * t) for t in np.linspace(0, 1, 8)]
    d.line(trunk, fill=c.line, width=max(2, int(w * 0.06)))
    top = trunk[0]
    for k in range(7):
        a = math.pi + math.pi * k / 6 + float(rng.uniform(-0.1, 0.1))
        d.polygon(_petal(top[0], top[1], a, w * 0.48, h * 0.09), fill=c.leaf)


def mountain(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    d, w, h = s.draw, s.w, s.h
    peak = w * float(rng.uniform(0.4, 0.6))
    d.polygon([(0, h), (peak, h * 0.05), (w, h)], fill=c.main)
    d.polygon([(peak, h * 0.05), (w, h), (peak + w * 0.05, h)], fill=shade(c.main, -0.15))
    snow = 0.3
    d.polygon(
        [
            (peak - peak * snow * 0.95, h * (0.05 + 0.95 * snow)),
            (peak, h * 0.05),
            (peak + (w - peak) * snow * 0.95, h * (0.05 + 0.95 * snow)),
            (peak, h * 0.3),
        ],
        fill=c.second,
    )


def hill(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    d, w, h = s.draw, s.w, s.h
    d.chord((0, h * 0.1, w, h * 1.9), 180, 360, fill=c.main)


def wave(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    d, w, h = s.draw, s.w, s.h
    # a curling crest: a filled arc with a lighter inner curl, as in woodblock waves
    d.pieslice((0, h * 0.1, w * 0.9, h * 1.7), 180, 300, fill=c.main)
    d.pieslice((w * 0.25, h * 0.35, w * 0.8, h * 1.2), 190, 300, fill=c.second)
    d.arc((0, h * 0.1, w * 0.9, h * 1.7), 180, 300, fill=shade(c.main, 0.5), width=max(1, int(h * 0.05)))


def sea(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    d, w, h = s.draw, s.w, s.h
    d.rectangle((0, h * 0.35, w, h), fill=c.main)
    for k in range(5):
        y = h * (0.4 + 0.12 * k)
        d.line(
            [(x, y + math.sin(x / w * 12 + k) * h * 0.03) for x in np.linspace(0, w, 24)],
            fill=shade(c.main, 0.35),
            width=max(1, int(h * 0.025)),
        )


def cloud(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    d, w, h = s.draw, s.w, s.h
    d.ellipse((w * 0.05, h * 0.45, w * 0.95, h * 0.95), fill=c.main)
    for _ in range(4):
        x, rr = w * float(rng.uniform(0.25, 0.75)), h * float(rng.uniform(0.22, 0.38))
        d.ellipse((x - rr, h * 0.62 - rr, x + rr, h * 0.62 + rr), fill=c.main)


def sun(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    d, r, cx, cy = s.draw, s.w / 2, s.w / 2, s.h / 2
    for k in range(12):
        a = 2 * math.pi * k / 12
        d.polygon(_petal(cx, cy, a, r * 0.98, r * 0.14), fill=c.second)
    d.ellipse((cx - r * 0.6, cy - r * 0.6, cx + r * 0.6, cy + r * 0.6), fill=c.main)


def moon(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    d, r, cx, cy = s.draw, s.w / 2, s.w / 2, s.h / 2
    d.ellipse((cx - r * 0.9, cy - r * 0.9, cx + r * 0.9, cy + r * 0.9), fill=c.main)
    if rng.uniform() < 0.6:  # a crescent; otherwise a full moon with craters
        off = r * float(rng.uniform(0.35, 0.6))
        d.ellipse((cx - r * 0.9 + off, cy - r * 0.95, cx + r * 0.9 + off, cy + r * 0.85), fill=(0, 0, 0, 0))
    else:
        for _ in range(3):
            x, y = cx + float(rng.uniform(-0.4, 0.4)) * r, cy + float(rng.uniform(-0.4, 0.4)) * r
            rr = r * float(rng.uniform(0.08, 0.18))
            d.ellipse((x - rr, y - rr, x + rr, y + rr), fill=shade(c.main, -0.12))


def star(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    r = s.w / 2
    s.draw.polygon(_star_points(r, r, r * 0.95, r * 0.4, 5, float(rng.uniform(-0.2, 0.2))), fill=c.main)


def planet(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    d, r, cx, cy = s.draw, s.w / 2, s.w / 2, s.h / 2
    body = r * 0.6
    ring = rng.uniform() < 0.6
    if ring:
        d.ellipse(
            (cx - r * 0.98, cy - r * 0.22, cx + r * 0.98, cy + r * 0.22), outline=c.second, width=max(1, int(r * 0.07))
        )
    d.ellipse((cx - body, cy - body, cx + body, cy + body), fill=c.main)
    for k in range(3):
        y = cy - body * 0.5 + k * body * 0.45
        half = math.sqrt(max(body**2 - (y - cy) ** 2, 0)) * 0.95
        d.line((cx - half, y, cx + half, y), fill=shade(c.main, -0.15), width=max(1, int(body * 0.12)))
    if ring:  # the front half of the ring crosses over the planet
        d.arc(
            (cx - r * 0.98, cy - r * 0.22, cx + r * 0.98, cy + r * 0.22),
            0,
            180,
            fill=c.second,
            width=max(1, int(r * 0.07)),
        )


def bird(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    d, w, h = s.draw, s.w, s.h
    lift = float(rng.uniform(0.1, 0.4))
    width = max(1, int(h * 0.1))
    # in its main colour: a natural near-black unless the prompt named one ("a blue bird")
    d.line([(w * 0.05, h * lift), (w * 0.3, h * 0.35), (w * 0.5, h * 0.7)], fill=c.main, width=width, joint="curve")
    d.line([(w * 0.5, h * 0.7), (w * 0.7, h * 0.35), (w * 0.95, h * lift)], fill=c.main, width=width, joint="curve")


def butterfly(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    d, w, h = s.draw, s.w, s.h
    cx, cy = w / 2, h / 2
    for side in (-1, 1):
        d.polygon(_ellipse_points(cx + side * w * 0.24, cy - h * 0.16, w * 0.25, h * 0.22, side * 0.5), fill=c.main)
        d.polygon(_ellipse_points(cx + side * w * 0.18, cy + h * 0.2, w * 0.17, h * 0.15, -side * 0.6), fill=c.second)
        d.ellipse(
            (cx + side * w * 0.28 - w * 0.05, cy - h * 0.2, cx + side * w * 0.28 + w * 0.05, cy - h * 0.1),
            fill=c.center,
        )
    d.ellipse((cx - w * 0.035, cy - h * 0.3, cx + w * 0.035, cy + h * 0.35), fill=c.line)
    d.line((cx, cy - h * 0.28, cx - w * 0.12, cy - h * 0.45), fill=c.line, width=max(1, int(w * 0.015)))
    d.line((cx, cy - h * 0.28, cx + w * 0.12, cy - h * 0.45), fill=c.line, width=max(1, int(w * 0.015)))


def leaf(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    d, w, h = s.draw, s.w, s.h
    d.polygon(_ellipse_points(w / 2, h / 2, w * 0.45, h * 0.48, 0), fill=c.leaf)
    d.line((w / 2, h * 0.05, w / 2, h * 0.95), fill=shade(c.leaf, -0.3), width=max(1, int(w * 0.05)))
    for k in range(4):
        y = h * (0.25 + 0.15 * k)
        d.line((w / 2, y, w * 0.2, y - h * 0.1), fill=shade(c.leaf, -0.2), width=max(1, int(w * 0.03)))
        d.line((w / 2, y, w * 0.8, y - h * 0.1), fill=shade(c.leaf, -0.2), width=max(1, int(w * 0.03)))


def _regular(sides: int, rotation: float) -> Drawer:
    def draw(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
        r = s.w / 2
        s.draw.regular_polygon((r, r, r * 0.95), sides, rotation=rotation, fill=c.main)
        s.draw.regular_polygon((r, r, r * 0.5), sides, rotation=rotation, fill=c.second)

    return draw


def circle(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    r = s.w / 2
    s.draw.ellipse((r * 0.05, r * 0.05, r * 1.95, r * 1.95), fill=c.main)
    s.draw.ellipse((r * 0.55, r * 0.55, r * 1.45, r * 1.45), fill=c.second)


def ornament(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    """A rosette: an eight-pointed star inside a ring of beads, the classic textile medallion."""
    d, r = s.draw, s.w / 2
    d.ellipse((r * 0.08, r * 0.08, r * 1.92, r * 1.92), outline=c.main, width=max(1, int(r * 0.08)))
    for k in range(16):
        a = 2 * math.pi * k / 16
        x, y = r + math.cos(a) * r * 0.78, r + math.sin(a) * r * 0.78
        d.ellipse((x - r * 0.07, y - r * 0.07, x + r * 0.07, y + r * 0.07), fill=c.second)
    d.polygon(_star_points(r, r, r * 0.62, r * 0.36, 8, 0), fill=c.main)
    d.ellipse((r * 0.8, r * 0.8, r * 1.2, r * 1.2), fill=c.center)


def _bezier(p0: Point, p1: Point, p2: Point, p3: Point, n: int) -> list[Point]:
    pts = []
    for t in np.linspace(0, 1, n):
        k0, k1, k2, k3 = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
        pts.append(
            (k0 * p0[0] + k1 * p1[0] + k2 * p2[0] + k3 * p3[0], k0 * p0[1] + k1 * p1[1] + k2 * p2[1] + k3 * p3[1])
        )
    return pts


def _taper(k: int, n: int) -> float:
    """How wide a shape swept along n spine points still is at point k: full at the start, 0 at the tip."""
    return (1 - k / n) ** 0.8


def _teardrop(d: ImageDraw.ImageDraw, spine: list[Point], radius: float, fill: str) -> None:
    """A shape swept along `spine`, `radius` wide at its start and tapering to a point at its end."""
    for k, (x, y) in enumerate(spine):
        r = radius * _taper(k, len(spine))
        d.ellipse((x - r, y - r, x + r, y + r), fill=fill)


def paisley(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    """The boteh: a teardrop with a round bulb below and a tip that curls over; inside its border a dotted band,
    a smaller boteh, a flower in the bulb and seed pods climbing to the tip."""
    d, w, h = s.draw, s.w, s.h
    bx, by = w * 0.44, h * 0.68
    curl = float(rng.uniform(-0.04, 0.04))
    spine = _bezier((bx, by), (w * 0.26, h * 0.36), (w * (0.5 + curl), h * 0.02), (w * 0.9, h * (0.2 + curl)), 48)
    radius = h * 0.3
    _teardrop(d, spine, radius, c.main)  # the border
    _teardrop(d, spine[:44], radius * 0.84, c.second)
    _teardrop(d, spine[:38], radius * 0.62, c.main)  # the inner boteh
    dot, band = radius * 0.045, radius * 0.73
    rim = [(bx + math.cos(a) * band, by + math.sin(a) * band) for a in np.linspace(0, math.pi, 9)]  # round the bulb
    for k in range(2, 36, 3):  # and up both sides of the spine
        (x0, y0), (x1, y1) = spine[k - 1], spine[k + 1]
        length = math.hypot(x1 - x0, y1 - y0) or 1.0
        nx, ny = (y0 - y1) / length, (x1 - x0) / length
        r = band * _taper(k, len(spine))
        rim += [(spine[k][0] + nx * r, spine[k][1] + ny * r), (spine[k][0] - nx * r, spine[k][1] - ny * r)]
    for x, y in rim:
        d.ellipse((x - dot, y - dot, x + dot, y + dot), fill=c.main)
    for k in range(6):
        d.polygon(_petal(bx, by, 2 * math.pi * k / 6 + curl * 5, radius * 0.4, radius * 0.2), fill=c.center)
    d.ellipse((bx - radius * 0.1, by - radius * 0.1, bx + radius * 0.1, by + radius * 0.1), fill=c.second)
    for k in (14, 20, 26):
        x, y = spine[k]
        r = radius * 0.12 * (1 - k / 48)
        d.ellipse((x - r, y - r, x + r, y + r), fill=c.center)


def _mirror_left_half(s: Sprite) -> None:
    """Make the sprite exactly mirror-symmetric: its right half becomes the reflection of its left."""
    half = s.image.crop((0, 0, s.image.width // 2, s.image.height))
    s.image.paste(half.transpose(Image.Transpose.FLIP_LEFT_RIGHT), (s.image.width - half.width, 0))


def damask(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    """A damask medallion: a palmette on a stem between two scrolling leaves, under a finial; mirror-symmetric
    and tone-on-tone (the pattern's ground is a close tone of the same colour)."""
    d, w, h = s.draw, s.w, s.h
    tone = shade(c.main, 0.22) if luminance(c.main) < 0.55 else shade(c.main, -0.18)
    cx = w / 2
    line = max(1, int(w * 0.035))
    # the scrolls: a C on each side, ending in a curled leaf and a bud
    d.arc((w * 0.04, h * 0.3, w * 0.5, h * 0.82), 100, 260, fill=c.main, width=line * 2)
    d.polygon(_petal(w * 0.2, h * 0.34, -math.pi * 0.3, w * 0.34, w * 0.14), fill=c.main)
    d.polygon(_petal(w * 0.16, h * 0.8, math.pi * 0.55, w * 0.26, w * 0.12), fill=c.main)
    d.ellipse((w * 0.02, h * 0.52, w * 0.12, h * 0.6), fill=c.main)
    # the base: a stem, two drooping leaves and a drop
    d.rectangle((cx - line, h * 0.6, cx + line, h * 0.92), fill=c.main)
    d.polygon(_petal(cx, h * 0.7, math.pi * 0.78, w * 0.36, w * 0.13), fill=c.main)
    d.polygon(_petal(cx, h * 0.9, math.pi * 0.5, h * 0.09, w * 0.12), fill=c.main)
    # the palmette: a fan of petals, a smaller fan in the close tone, and a heart
    for k in range(7):
        a = -math.pi / 2 + (k - 3) * 0.36
        d.polygon(_petal(cx, h * 0.62, a, h * 0.34 * (1 - 0.08 * abs(k - 3)), w * 0.17), fill=c.main)
    for k in range(5):
        a = -math.pi / 2 + (k - 2) * 0.4
        d.polygon(_petal(cx, h * 0.6, a, h * 0.2, w * 0.09), fill=tone)
    d.ellipse((cx - w * 0.1, h * 0.56, cx + w * 0.1, h * 0.68), fill=c.main)
    d.ellipse((cx - w * 0.05, h * 0.59, cx + w * 0.05, h * 0.65), fill=tone)
    # the finial: a bud on a short stalk, with a pair of tendrils
    d.polygon(_petal(cx, h * 0.24, -math.pi / 2, h * 0.2, w * 0.16), fill=c.main)
    d.polygon(_petal(cx, h * 0.2, -math.pi / 2, h * 0.12, w * 0.07), fill=tone)
    d.arc((cx - w * 0.22, h * 0.1, cx, h * 0.3), 180, 330, fill=c.main, width=line)
    for k in range(int(rng.integers(3, 6))):  # beads along the scroll, in the close tone
        a = math.radians(120 + 28 * k)
        x, y = w * 0.27 + math.cos(a) * w * 0.23, h * 0.56 + math.sin(a) * h * 0.26
        d.ellipse((x - line, y - line, x + line, y + line), fill=tone)
    _mirror_left_half(s)


def _hatch(
    d: ImageDraw.ImageDraw,
    box: tuple[float, float, float, float],
    ink: str,
    width: int,
    step: float,
    inside: Callable[[float, float], bool],
) -> None:
    """Short diagonal strokes, `step` apart, wherever `inside` holds: the engraver's shading."""
    x0, y0, x1, y1 = box
    for y in np.arange(y0, y1, step):
        for x in np.arange(x0 + (y / step % 2) * step / 2, x1, step):
            if inside(x, y) and inside(x + step * 0.6, y - step * 0.6):
                d.line((x, y, x + step * 0.6, y - step * 0.6), fill=ink, width=width)


def _toile_mound(d: ImageDraw.ImageDraw, w: float, h: float, ink: str, fine: int, rng: np.random.Generator) -> None:
    """The ground of the vignette: a mound's outline, hatching in its shadowed half, tufts of grass."""
    mx, my, rx, ry = w / 2, h * 0.9, w * 0.44, h * 0.18
    d.arc((mx - rx, my - ry, mx + rx, my + ry), 180, 360, fill=ink, width=fine * 2)
    _hatch(
        d,
        (w * 0.5, h * 0.76, w * 0.92, h * 0.98),
        ink,
        fine,
        h * 0.035,
        lambda x, y: ((x - mx) / rx) ** 2 + ((y - my) / ry) ** 2 < 0.9,
    )
    for _ in range(5):
        x = w * float(rng.uniform(0.15, 0.85))
        y = my - ry * math.sqrt(max(0.0, 1 - ((x - mx) / rx) ** 2))
        for lean in (-0.3, 0, 0.3):
            d.line((x, y, x + lean * h * 0.04, y - h * 0.045), fill=ink, width=fine)


def _toile_tree(
    d: ImageDraw.ImageDraw, x: float, w: float, h: float, side: int, ink: str, fine: int, rng: np.random.Generator
) -> Callable[[float, float], bool]:
    """A trunk and a crown of scallops, outlined (each lobe's inside erased) and hatched on its shadowed side.
    Returns whether a point lies in the crown."""
    d.line((x, h * 0.8, x, h * 0.42), fill=ink, width=fine * 3)
    d.line((x, h * 0.55, x + side * w * 0.08, h * 0.45), fill=ink, width=fine * 2)
    lobes = [
        (x + w * float(rng.uniform(-0.17, 0.17)), h * float(rng.uniform(0.16, 0.4)), h * float(rng.uniform(0.09, 0.13)))
        for _ in range(7)
    ]
    for lx, ly, r in lobes:
        d.ellipse((lx - r, ly - r, lx + r, ly + r), fill=ink)
    for lx, ly, r in lobes:
        inner = r - fine * 2
        d.ellipse((lx - inner, ly - inner, lx + inner, ly + inner), fill=(0, 0, 0, 0))

    def in_crown(px: float, py: float) -> bool:
        return any((px - lx) ** 2 + (py - ly) ** 2 < (r * 0.8) ** 2 for lx, ly, r in lobes)

    _hatch(
        d,
        (x - w * 0.3, h * 0.05, x + w * 0.3, h * 0.55),
        ink,
        fine,
        h * 0.03,
        lambda px, py: in_crown(px, py) and (px - x) * side < 0,
    )
    return in_crown


def _toile_cottage(d: ImageDraw.ImageDraw, x: float, w: float, h: float, ink: str, fine: int) -> None:
    """Walls, a roof hatched from its ridge, a door, a window and a chimney."""
    base, half, wall = h * 0.8, w * 0.14, h * 0.14
    d.rectangle((x - half, base - wall, x + half, base), outline=ink, width=fine * 2)
    left, ridge, right = (x - half * 1.25, base - wall), (x, base - wall - h * 0.13), (x + half * 1.25, base - wall)
    d.polygon([left, ridge, right], outline=ink, width=fine * 2)
    for t in np.linspace(0, 1, 7)[1:-1]:
        on_slope = (left[0] + (ridge[0] - left[0]) * t, left[1] + (ridge[1] - left[1]) * t)
        d.line((*on_slope, left[0] + (right[0] - left[0]) * t, left[1]), fill=ink, width=fine)
    d.rectangle((x - half * 0.25, base - wall * 0.6, x + half * 0.15, base), outline=ink, width=fine)
    d.rectangle((x + half * 0.4, base - wall * 0.75, x + half * 0.75, base - wall * 0.4), outline=ink, width=fine)
    d.line((x + half * 0.5, base - wall - h * 0.06, x + half * 0.5, base - wall - h * 0.11), fill=ink, width=fine * 3)


def _toile_heron(d: ImageDraw.ImageDraw, x: float, w: float, h: float, face: int, ink: str, fine: int) -> None:
    """A long-legged bird standing on the mound, facing left (-1) or right (1)."""
    y = h * 0.62
    d.polygon(_ellipse_points(x, y, w * 0.1, h * 0.06, face * 0.25), outline=ink, width=fine * 2)
    d.arc((x - w * 0.07, y - h * 0.05, x + w * 0.05, y + h * 0.04), 20, 160, fill=ink, width=fine)  # the wing
    hx, hy = x + face * w * 0.1, y - h * 0.13
    d.line((x + face * w * 0.07, y - h * 0.03, hx, hy + h * 0.02), fill=ink, width=fine * 2)  # the neck
    d.ellipse((hx - w * 0.025, hy - h * 0.025, hx + w * 0.025, hy + h * 0.025), outline=ink, width=fine * 2)
    d.line((hx + face * w * 0.02, hy, hx + face * w * 0.08, hy + h * 0.01), fill=ink, width=fine * 2)  # the beak
    d.line((x - face * w * 0.09, y - h * 0.01, x - face * w * 0.15, y - h * 0.04), fill=ink, width=fine * 2)  # tail
    for leg in (-0.02, 0.02):
        d.line((x + leg * w, y + h * 0.05, x + leg * w * 1.5, h * 0.8), fill=ink, width=fine)


def toile(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    """A toile de Jouy vignette in one ink: a tree on a hatched mound beside a cottage or a heron, birds in the
    sky; engraved lines only, so the cloth shows through."""
    d, w, h, ink = s.draw, s.w, s.h, c.main
    fine = max(s.scale, int(h * 0.01))  # a fine line, but at least a whole pixel
    side = 1 if rng.uniform() < 0.5 else -1  # the tree stands left (1) or right (-1) of the middle
    _toile_mound(d, w, h, ink, fine, rng)
    in_crown = _toile_tree(d, w * (0.5 - 0.2 * side), w, h, side, ink, fine, rng)
    if rng.uniform() < 0.6:
        _toile_cottage(d, w * (0.5 + 0.22 * side), w, h, ink, fine)
    else:
        _toile_heron(d, w * (0.5 + 0.2 * side), w, h, -side, ink, fine)
    for _ in range(int(rng.integers(1, 4))):  # birds in flight
        x, y, r = w * float(rng.uniform(0.15, 0.85)), h * float(rng.uniform(0.04, 0.16)), w * 0.035
        if not in_crown(x, y):
            d.arc((x - r * 2, y, x, y + r * 2), 200, 320, fill=ink, width=fine)
            d.arc((x, y, x + r * 2, y + r * 2), 220, 340, fill=ink, width=fine)


def sofa(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    d, w, h = s.draw, s.w, s.h
    dark = shade(c.main, -0.2)
    d.rounded_rectangle((w * 0.05, h * 0.05, w * 0.95, h * 0.6), radius=h * 0.1, fill=dark)
    d.rounded_rectangle((w * 0.0, h * 0.35, w * 0.14, h * 0.88), radius=h * 0.06, fill=c.main)
    d.rounded_rectangle((w * 0.86, h * 0.35, w * 1.0, h * 0.88), radius=h * 0.06, fill=c.main)
    d.rounded_rectangle((w * 0.12, h * 0.5, w * 0.88, h * 0.85), radius=h * 0.05, fill=c.main)
    d.line((w * 0.5, h * 0.52, w * 0.5, h * 0.83), fill=dark, width=max(1, int(h * 0.02)))
    for x in (0.08, 0.9):
        d.rectangle((w * x, h * 0.86, w * (x + 0.03), h), fill=c.line)
    d.rounded_rectangle((w * 0.18, h * 0.28, w * 0.32, h * 0.52), radius=h * 0.05, fill=c.second)


def window(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    d, w, h = s.draw, s.w, s.h
    frame = max(2, int(w * 0.05))
    d.rectangle((0, 0, w, h), fill=c.line)
    d.rectangle((frame, frame, w - frame, h - frame), fill=c.second)
    d.rectangle((frame, h * 0.55, w - frame, h - frame), fill=shade(c.second, 0.3))
    d.line((w / 2, 0, w / 2, h), fill=c.line, width=frame)
    d.line((0, h / 2, w, h / 2), fill=c.line, width=frame)


def lamp(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    d, w, h = s.draw, s.w, s.h
    d.polygon([(w * 0.2, h * 0.02), (w * 0.8, h * 0.02), (w * 1.0, h * 0.25), (w * 0.0, h * 0.25)], fill=c.main)
    d.line((w / 2, h * 0.25, w / 2, h * 0.95), fill=c.line, width=max(1, int(w * 0.06)))
    d.ellipse((w * 0.2, h * 0.92, w * 0.8, h), fill=c.line)


def plant(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    d, w, h = s.draw, s.w, s.h
    for k in range(9):
        a = -math.pi / 2 + float(rng.uniform(-1.1, 1.1))
        d.polygon(
            _petal(w / 2, h * 0.62, a, h * float(rng.uniform(0.35, 0.6)), w * 0.2), fill=shade(c.leaf, 0.08 * (k % 3))
        )
    d.polygon([(w * 0.22, h * 0.6), (w * 0.78, h * 0.6), (w * 0.68, h), (w * 0.32, h)], fill=c.main)


def rug(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    d, w, h = s.draw, s.w, s.h
    d.ellipse((0, h * 0.1, w, h * 0.9), fill=c.main)
    d.ellipse((w * 0.08, h * 0.22, w * 0.92, h * 0.78), outline=c.second, width=max(1, int(h * 0.06)))
    d.ellipse((w * 0.3, h * 0.38, w * 0.7, h * 0.62), fill=c.second)


def lighthouse(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    """A tapered tower in bands of its colour and white, a gallery, a glowing lantern room and a dark cap."""
    d, w, h = s.draw, s.w, s.h
    cx, top, base = w / 2, h * 0.3, h * 0.98
    half_top, half_base = w * 0.17, w * 0.3

    def half(y: float) -> float:  # the tower's half width at height y
        return half_top + (half_base - half_top) * (y - top) / (base - top)

    bands = 5
    for k in range(bands):
        y0, y1 = top + (base - top) * k / bands, top + (base - top) * (k + 1) / bands
        color = c.main if k % 2 == 0 else "#f4f1ea"
        d.polygon([(cx - half(y0), y0), (cx + half(y0), y0), (cx + half(y1), y1), (cx - half(y1), y1)], fill=color)
    d.rectangle((cx - w * 0.06, base - h * 0.12, cx + w * 0.06, base), fill=c.line)  # the door
    d.rectangle((cx - w * 0.27, top - h * 0.03, cx + w * 0.27, top), fill=c.line)  # the gallery
    d.rectangle((cx - w * 0.13, top - h * 0.14, cx + w * 0.13, top - h * 0.03), fill="#ffe48a")  # the lantern
    d.line((cx, top - h * 0.14, cx, top - h * 0.03), fill=c.line, width=max(1, int(w * 0.02)))
    d.polygon([(cx - w * 0.17, top - h * 0.14), (cx + w * 0.17, top - h * 0.14), (cx, top - h * 0.22)], fill=c.line)
    for side in (-1, 1):  # beams of light
        d.polygon([(cx, top - h * 0.09), (cx + side * w * 0.5, top - h * 0.17), (cx + side * w * 0.5, top - h * 0.01)],
                  fill=(255, 236, 160, 90))  # fmt: skip


def shelves(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    d, w, h = s.draw, s.w, s.h
    d.rectangle((0, 0, w, h), fill=c.line)
    d.rectangle((w * 0.05, h * 0.03, w * 0.95, h * 0.97), fill=shade(c.line, 0.35))
    for row in range(4):
        top, bottom = h * (0.03 + row * 0.235), h * (0.03 + (row + 1) * 0.235)
        d.rectangle((w * 0.05, bottom - h * 0.025, w * 0.95, bottom), fill=c.line)
        x = w * 0.08
        while x < w * 0.85:
            bw = w * float(rng.uniform(0.04, 0.09))
            bh = (bottom - top) * float(rng.uniform(0.55, 0.85))
            color = (c.main, c.second, c.center)[int(rng.integers(0, 3))]
            d.rectangle((x, bottom - h * 0.025 - bh, x + bw, bottom - h * 0.025), fill=color)
            x += bw + w * 0.01


# ---------------------------------------------------------------------------------------------------------------
# Field motifs fill the whole canvas. Each drawer gets a FieldGrid (where every pixel falls in the repeat) and
# returns its layers, (colour, coverage), to paint in order over the ground.

Layers = list[tuple[str, np.ndarray]]
FieldDrawer = Callable[["FieldGrid", MotifColors, np.random.Generator], Layers]

# One repeat of each field, in field periods (the pitch of a stripe) across and down; unlisted fields are 1 x 1.
# A repeat holds everything that alternates (both squares of a check, both rows of scales), so whole repeats wrap.
FIELD_REPEAT: dict[str, tuple[float, float]] = {
    "checks": (2.0, 2.0), "scales": (1.0, 2.0), "houndstooth": (1.6, 1.6), "chevron": (1.4, 1.4),
    "herringbone": (2.0, 2.0), "argyle": (2.0, 2.8), "ikat": (3.6, 3.0),
}  # fmt: skip


@dataclass(frozen=True)
class FieldGrid:
    """Where each pixel falls in a field: x and y count repeats from the top-left corner.

    The canvas holds a whole number of repeats each way (the repeat stretches a little to fit), so a field on a
    pattern tile wraps without a seam. x is one row (1, w), y one column (h, 1): drawers broadcast them.
    """

    x: np.ndarray  # from 0.25 to repeats + 0.25
    y: np.ndarray
    repeats: tuple[int, int]  # across and down the canvas
    cell: tuple[float, float]  # one repeat's width and height in pixels

    @classmethod
    def over(cls, width: int, height: int, cell_w: float, cell_h: float) -> FieldGrid:
        nx, ny = max(1, round(width / cell_w)), max(1, round(height / cell_h))
        # the tile starts a quarter into a repeat: its edge cuts through shapes, not along their borders
        x = (np.arange(width, dtype=np.float32) + 0.5) / width * nx + 0.25
        y = (np.arange(height, dtype=np.float32) + 0.5) / height * ny + 0.25
        return cls(x[None, :], y[:, None], (nx, ny), (width / nx, height / ny))

    @property
    def fx(self) -> np.ndarray:
        return self.x - np.floor(self.x)

    @property
    def fy(self) -> np.ndarray:
        return self.y - np.floor(self.y)

    def px_per(self, across: float, down: float) -> float:
        """Pixels per unit of a quantity growing by `across` per repeat in x and `down` per repeat in y."""
        return 1 / math.hypot(across / self.cell[0], down / self.cell[1])


def _soft(distance_px: np.ndarray, blur_px: float = 1.0) -> np.ndarray:
    """Coverage at `distance_px` inside a shape's edge (negative: outside), the edge blurred over blur_px:
    analytic anti-aliasing, so fields need no supersampling."""
    return np.clip(distance_px / blur_px + 0.5, 0, 1)


def _band(t: np.ndarray, duty: float, px_per_unit: float) -> np.ndarray:
    """Coverage where t's fraction is below `duty` (a band from t = 0 to duty, repeating every unit of t)."""
    half = duty / 2
    off_middle = np.abs((t - half + 0.5) % 1 - 0.5)
    return _soft((half - off_middle) * px_per_unit)


def stripes(g: FieldGrid, c: MotifColors, rng: np.random.Generator) -> Layers:
    return [(c.main, _band(g.x - 0.25, 0.5, g.px_per(1, 0)))]


def checks(g: FieldGrid, c: MotifColors, rng: np.random.Generator) -> Layers:
    left, top = _band(g.x, 0.5, g.px_per(1, 0)), _band(g.y, 0.5, g.px_per(0, 1))
    return [(c.main, left * top + (1 - left) * (1 - top))]


def dots(g: FieldGrid, c: MotifColors, rng: np.random.Generator) -> Layers:
    radius = np.sqrt((g.fx - 0.5) ** 2 + (g.fy - 0.5) ** 2)
    return [(c.main, _soft((0.3 - radius) * g.cell[0]))]


def scales(g: FieldGrid, c: MotifColors, rng: np.random.Generator) -> Layers:
    """Overlapping half-discs, the second row shifted by half a period: rings cut off by the row below."""
    row = np.floor(g.fy * 2)
    shifted = (g.fx + 0.5 * row) % 1
    radius = np.sqrt((shifted - 0.5) ** 2 + (g.fy * 2 - row) ** 2)  # in periods, from the top of the row
    return [(c.main, _soft((0.05 - np.abs(radius - 0.45)) * g.cell[0]))]


def houndstooth(g: FieldGrid, c: MotifColors, rng: np.random.Generator) -> Layers:
    """The broken check of a 2/2 twill woven four dark, four light threads each way, drawn as a print.

    In the repeat's dark-dark quarter the cloth is dark, in the light-light quarter light; in the two mixed
    quarters the twill's diagonals (two threads wide, four apart) show, and where they meet the dark square
    they make its four-pointed teeth. Half the cloth is dark.
    """
    left, top = _band(g.x, 0.5, g.px_per(1, 0)), _band(g.y, 0.5, g.px_per(0, 1))
    twill = 2 * (g.fx + g.fy)  # along the twill, in units of four threads
    diagonal = g.px_per(2, 2)
    mixed_right = _band(twill - 0.625, 0.5, diagonal)  # a dark thread on top in the light-warp, dark-weft quarter
    mixed_below = _band(twill - 0.125, 0.5, diagonal)
    dark = left * top + (1 - left) * top * mixed_right + left * (1 - top) * mixed_below
    return [(c.main, dark)]


def chevron(g: FieldGrid, c: MotifColors, rng: np.random.Generator) -> Layers:
    """Zigzag bands: each band rises and falls at 45 degrees, half of every repeat in the ink."""
    return [(c.main, _band(g.y + np.abs(g.fx - 0.5), 0.5, g.px_per(1, 1)))]


def herringbone(g: FieldGrid, c: MotifColors, rng: np.random.Generator) -> Layers:
    """Columns of fine twill lines slanting one way, then the other, broken by half a line where they turn."""
    column = np.floor(g.fx * 2)  # two columns per repeat
    across = (g.fx * 2 - column) * 0.5  # how far into its column, in repeats
    slope = 1 - 2 * column
    lines = (g.y + slope * across) * 6 + 0.5 * column
    return [(c.main, _band(lines, 0.5, g.px_per(6, 6)))]


def argyle(g: FieldGrid, c: MotifColors, rng: np.random.Generator) -> Layers:
    """Tall diamonds in two colours, as a checkerboard, crossed by thin dashed lines through their centres."""
    diagonal = g.px_per(1, 1)  # for x + y, x - y and the diamond's edges alike
    diamond = _soft((0.5 - np.abs(g.fx - 0.5) - np.abs(g.fy - 0.5)) * diagonal)
    layers: Layers = [(c.main, diamond), (c.second, 1 - diamond)]
    half_width = max(0.8, g.cell[0] * 0.018)
    for along, offset in ((g.x + g.y, g.x - g.y), (g.x - g.y, g.x + g.y)):
        distance = np.abs((offset + 0.5) % 1 - 0.5) * diagonal
        dashes = _band(along * 5, 0.6, diagonal / 5)
        layers.append((c.line, _soft(half_width - distance) * dashes))
    return layers


def ikat(g: FieldGrid, c: MotifColors, rng: np.random.Generator) -> Layers:
    """Stepped lozenges with feathered edges, as if the warp was dyed before weaving.

    Each warp thread was bound and dyed on its own, so on the loom it sits a little higher or lower than its
    neighbours and its dye has bled a little: a seeded offset and edge per thread, and soft edges.
    """
    per_repeat = 48  # two columns of lozenges, the second dropped by half
    total = g.repeats[0] * per_repeat  # threads across the canvas: whole repeats, so it wraps
    thread = (g.x * per_repeat).astype(np.int32) % total
    shift = rng.normal(0, 0.03, total).clip(-0.07, 0.07).astype(np.float32)[thread]
    ragged = rng.normal(0, 0.025, total).astype(np.float32)[thread]
    column = np.floor(g.fx * 2)
    fy = (g.y + 0.5 * column + shift) % 1
    r = np.abs(g.fx * 2 - column - 0.5) + np.abs(fy - 0.5)  # 0.5 at the lozenge's tips
    bleed = g.cell[1] * 0.07

    def lozenge(size: float) -> np.ndarray:
        return _soft((size + ragged - r) * g.cell[1], bleed)

    return [(c.main, lozenge(0.44)), (c.second, lozenge(0.3)), (c.main, lozenge(0.14))]


FIELD_DRAWERS: dict[str, FieldDrawer] = {
    "stripes": stripes, "dots": dots, "checks": checks, "scales": scales, "houndstooth": houndstooth,
    "chevron": chevron, "herringbone": herringbone, "argyle": argyle, "ikat": ikat,
}  # fmt: skip

DRAWERS: dict[str, Drawer] = {
    "daisy": daisy, "tulip": tulip, "rose": rose, "sunflower": sunflower, "cherry_blossom": cherry_blossom,
    "lotus": lotus, "poppy": poppy, "tree": tree, "pine": pine, "palm": palm, "mountain": mountain,
    "hill": hill, "sea": sea, "wave": wave, "cloud": cloud, "sun": sun, "moon": moon, "star": star,
    "planet": planet, "bird": bird, "butterfly": butterfly, "leaf": leaf, "circle": circle,
    "triangle": _regular(3, 0), "square": _regular(4, 45), "diamond": _regular(4, 0), "hexagon": _regular(6, 0),
    "ornament": ornament, "sofa": sofa, "window": window, "lamp": lamp, "plant": plant, "rug": rug,
    "shelves": shelves, "lighthouse": lighthouse, "paisley": paisley, "damask": damask, "toile": toile,
}  # fmt: skip


def draw_motif(
    kind: str, height_px: float, colors: MotifColors, rng: np.random.Generator, *, flip: bool = False, rotate: int = 0
) -> Image.Image:
    """The motif as a finished RGBA sprite `height_px` tall; optionally mirrored and turned by 90 deg steps."""
    sprite = Sprite(height_px * ASPECT.get(kind, 1.0), height_px)
    DRAWERS[kind](sprite, colors, rng)
    image = sprite.finish()
    if flip:
        image = image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    for _ in range(rotate % 4):
        image = image.transpose(Image.Transpose.ROTATE_90)
    return image
