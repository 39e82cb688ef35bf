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
from PIL import Image

from studiolo.model.sketch.canvas import Sprite, shade


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
    "plant": 0.7, "rug": 2.2, "shelves": 1.0,
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


def _flower_head(s: Sprite, c: MotifColors, rng: np.random.Generator, *, petals: int, petal_len: float,
                 petal_w: float, center_r: float, cy: float | None = None, layers: int = 1) -> None:
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
    tips = [(cx - w * 0.4, h * 0.28), (cx - w * 0.28, cup_top), (cx - w * 0.12, h * 0.24), (cx, cup_top - h * 0.03),
            (cx + w * 0.12, h * 0.24), (cx + w * 0.28, cup_top), (cx + w * 0.4, h * 0.28)]
    d.polygon(tips + [(cx + w * 0.4, h * 0.3), (cx - w * 0.4, h * 0.3)], fill=c.main)
    d.polygon([(cx - w * 0.12, h * 0.24), (cx, cup_top - h * 0.03), (cx + w * 0.12, h * 0.24), (cx, h * 0.45)],
              fill=shade(c.main, -0.15))


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
    d.polygon([(peak - peak * snow * 0.95, h * (0.05 + 0.95 * snow)), (peak, h * 0.05),
               (peak + (w - peak) * snow * 0.95, h * (0.05 + 0.95 * snow)), (peak, h * 0.3)], fill=c.second)


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
        d.line([(x, y + math.sin(x / w * 12 + k) * h * 0.03) for x in np.linspace(0, w, 24)],
               fill=shade(c.main, 0.35), width=max(1, int(h * 0.025)))


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
        d.ellipse((cx - r * 0.98, cy - r * 0.22, cx + r * 0.98, cy + r * 0.22), outline=c.second, width=max(1, int(r * 0.07)))
    d.ellipse((cx - body, cy - body, cx + body, cy + body), fill=c.main)
    for k in range(3):
        y = cy - body * 0.5 + k * body * 0.45
        half = math.sqrt(max(body**2 - (y - cy) ** 2, 0)) * 0.95
        d.line((cx - half, y, cx + half, y), fill=shade(c.main, -0.15), width=max(1, int(body * 0.12)))
    if ring:  # the front half of the ring crosses over the planet
        d.arc((cx - r * 0.98, cy - r * 0.22, cx + r * 0.98, cy + r * 0.22), 0, 180, fill=c.second, width=max(1, int(r * 0.07)))


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
        d.ellipse((cx + side * w * 0.28 - w * 0.05, cy - h * 0.2, cx + side * w * 0.28 + w * 0.05, cy - h * 0.1), fill=c.center)
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
        d.polygon(_petal(w / 2, h * 0.62, a, h * float(rng.uniform(0.35, 0.6)), w * 0.2), fill=shade(c.leaf, 0.08 * (k % 3)))
    d.polygon([(w * 0.22, h * 0.6), (w * 0.78, h * 0.6), (w * 0.68, h), (w * 0.32, h)], fill=c.main)


def rug(s: Sprite, c: MotifColors, rng: np.random.Generator) -> None:
    d, w, h = s.draw, s.w, s.h
    d.ellipse((0, h * 0.1, w, h * 0.9), fill=c.main)
    d.ellipse((w * 0.08, h * 0.22, w * 0.92, h * 0.78), outline=c.second, width=max(1, int(h * 0.06)))
    d.ellipse((w * 0.3, h * 0.38, w * 0.7, h * 0.62), fill=c.second)


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


# Field motifs (stripes, dots, checks, scales) fill the canvas and are drawn by layouts.fill_field.
DRAWERS: dict[str, Drawer] = {
    "daisy": daisy, "tulip": tulip, "rose": rose, "sunflower": sunflower, "cherry_blossom": cherry_blossom,
    "lotus": lotus, "poppy": poppy, "tree": tree, "pine": pine, "palm": palm, "mountain": mountain,
    "hill": hill, "sea": sea, "wave": wave, "cloud": cloud, "sun": sun, "moon": moon, "star": star,
    "planet": planet, "bird": bird, "butterfly": butterfly, "leaf": leaf, "circle": circle,
    "triangle": _regular(3, 0), "square": _regular(4, 45), "diamond": _regular(4, 0), "hexagon": _regular(6, 0),
    "ornament": ornament, "sofa": sofa, "window": window, "lamp": lamp, "plant": plant, "rug": rug,
    "shelves": shelves,
}  # fmt: skip


def draw_motif(kind: str, height_px: float, colors: MotifColors, rng: np.random.Generator, *,
               flip: bool = False, rotate: int = 0) -> Image.Image:
    """The motif as a finished RGBA sprite `height_px` tall; optionally mirrored and turned by 90 deg steps."""
    sprite = Sprite(height_px * ASPECT.get(kind, 1.0), height_px)
    DRAWERS[kind](sprite, colors, rng)
    image = sprite.finish()
    if flip:
        image = image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    for _ in range(rotate % 4):
        image = image.transpose(Image.Transpose.ROTATE_90)
    return image

