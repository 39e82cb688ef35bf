"""Raster helpers for the sketch painter: an RGBA canvas, sprites, gradients and periodic noise.

Two ideas keep the painter both fast and exact:
- Shapes are drawn with Pillow (C speed) into small supersampled sprites, then stamped onto the canvas. On a
  wrapping canvas (a pattern tile) a stamp that crosses an edge is stamped again on the opposite side, so the
  tile is a true torus image and repeats without a seam.
- Everything that spans the whole canvas (noise, tints) is built from sinusoids with whole-number frequencies
  over the canvas, so it too is periodic across the wrap edge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageColor, ImageDraw, ImageFilter

SUPERSAMPLE = 2  # sprites are drawn at 2x and box-reduced: cheap anti-aliasing


def rgb(color: str) -> tuple[int, int, int]:
    r, g, b = ImageColor.getrgb(color)[:3]
    return r, g, b


def mix(a: str, b: str, t: float) -> str:
    """The colour t of the way from a to b, as #rrggbb."""
    ca, cb = rgb(a), rgb(b)
    red, green, blue = (round(x + (y - x) * t) for x, y in zip(ca, cb, strict=True))
    return f"#{red:02x}{green:02x}{blue:02x}"


def shade(color: str, amount: float) -> str:
    """Lighter for amount > 0 (towards white), darker for amount < 0 (towards black)."""
    return mix(color, "#ffffff", amount) if amount >= 0 else mix(color, "#000000", -amount)


def luminance(color: str) -> float:
    r, g, b = rgb(color)
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


def vertical_gradient(
    width: int, height: int, stops: Sequence[str], *, start: float = 0.0, end: float = 1.0
) -> Image.Image:
    """An RGBA image running through `stops` from row `start`*h to `end`*h (one column, stretched: C speed)."""
    colors = np.array([rgb(c) for c in stops], dtype=np.float32)
    y = (np.arange(height, dtype=np.float32) + 0.5) / height
    t = np.clip((y - start) / max(end - start, 1e-6), 0, 1) * (len(stops) - 1)
    i = np.minimum(t.astype(np.int32), max(len(stops) - 2, 0))
    j = np.minimum(i + 1, len(stops) - 1)
    f = (t - i)[:, None]
    column = np.empty((height, 1, 4), np.uint8)
    column[:, 0, :3] = np.clip(colors[i] * (1 - f) + colors[j] * f + 0.5, 0, 255)
    column[:, 0, 3] = 255
    return Image.fromarray(column, "RGBA").resize((width, height), Image.Resampling.NEAREST)


def periodic_noise(width: int, height: int, rng: np.random.Generator, *, octaves: int = 3, base: int = 3) -> np.ndarray:
    """Smooth noise in [-1, 1] of shape (h, w), exactly periodic over the canvas in both directions.

    A sum of waves with whole-number frequencies. cos(a + b) = cos a cos b - sin a sin b makes each wave
    separable, so the whole sum is one small matrix product: far cheaper than a 2-D FFT at 2048 px.
    """
    x = np.arange(width, dtype=np.float32) * np.float32(2 * np.pi / width)
    y = np.arange(height, dtype=np.float32) * np.float32(2 * np.pi / height)
    rows, cols = [], []
    for octave in range(octaves):
        amplitude = np.float32(0.5**octave)
        for _ in range(4):
            fx = int(rng.integers(-base, base + 1)) * 2**octave
            fy = int(rng.integers(1, base + 1)) * 2**octave
            ax, ay = fx * x + np.float32(rng.uniform(0, 2 * np.pi)), fy * y
            rows += [amplitude * np.cos(ay), -amplitude * np.sin(ay)]
            cols += [np.cos(ax), np.sin(ax)]
    out = np.stack(rows, axis=1) @ np.stack(cols, axis=0)
    peak = float(np.abs(out).max()) or 1.0
    return out / np.float32(peak)


@dataclass
class Canvas:
    """The picture being painted: an RGBA Pillow image, optionally wrapping at its edges (pattern tiles).

    It also remembers which stamped motif each pixel shows (`labels`, 0 for none), so that once the picture is
    finished it can say what is actually in view: a flower hidden behind a tree, or painted over by the grass,
    does not count as drawn (`in_view`).
    """

    image: Image.Image
    wrap: bool = False
    labels: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.int32))  # stamp number per pixel
    stamps: list[tuple[str, int]] = field(default_factory=list)  # stamp number - 1 -> (motif kind, pixels it set)

    @classmethod
    def blank(cls, width: int, height: int, *, wrap: bool = False) -> Canvas:
        return cls(Image.new("RGBA", (width, height), (0, 0, 0, 255)), wrap, np.zeros((height, width), np.int32))

    @property
    def width(self) -> int:
        return self.image.width

    @property
    def height(self) -> int:
        return self.image.height

    def paint(self, layer: Image.Image | str, mask: Image.Image | np.ndarray | float | None = None) -> None:
        """Paint `layer` (an image or a colour) over the canvas through `mask`: an L image, an array of alphas
        in [0, 1], or one alpha for the whole canvas."""
        if isinstance(mask, float):
            solid = Image.new("RGBA", self.image.size, rgb(layer) + (255,)) if isinstance(layer, str) else layer
            self.image = Image.blend(self.image, solid, mask)
            return
        if isinstance(mask, np.ndarray):
            mask = Image.fromarray(np.clip(mask * 255 + 0.5, 0, 255).astype(np.uint8), "L")
        if isinstance(layer, str):
            layer = Image.new("RGBA", self.image.size, rgb(layer) + (255,))
        if mask is None:
            self.image = layer.copy()
            self.labels[:] = 0
        else:
            self.image.paste(layer, (0, 0), mask)
            self.labels[np.asarray(mask) >= 128] = 0  # painted over: no longer in view

    def polygon_mask(self, points: Sequence[tuple[float, float]]) -> Image.Image:
        """An anti-aliased L mask of a polygon (drawn at 2x, then box-reduced)."""
        big = Image.new("L", (self.width * SUPERSAMPLE, self.height * SUPERSAMPLE), 0)
        ImageDraw.Draw(big).polygon([(x * SUPERSAMPLE, y * SUPERSAMPLE) for x, y in points], fill=255)
        return big.reduce(SUPERSAMPLE)

    def snapshot(self) -> Image.Image:
        return self.image.convert("RGB")

    def stamp(self, sprite: Image.Image, cx: float, cy: float, *, kind: str | None = None) -> None:
        """Alpha-composite `sprite` centred at (cx, cy); on a wrapping canvas, also across the edges. A stamp of a
        motif `kind` is remembered where it covers the canvas (at least half opaque)."""
        left, top = round(cx - sprite.width / 2), round(cy - sprite.height / 2)
        shifts_x = (-self.width, 0, self.width) if self.wrap else (0,)
        shifts_y = (-self.height, 0, self.height) if self.wrap else (0,)
        cover = np.asarray(sprite.getchannel("A")) >= 128 if kind is not None else None
        number = len(self.stamps) + 1
        covered = 0
        for dy in shifts_y:
            for dx in shifts_x:
                covered += self._composite_clipped(sprite, left + dx, top + dy, cover, number)
        if kind is not None:
            self.stamps.append((kind, covered))

    def _composite_clipped(
        self, sprite: Image.Image, left: int, top: int, cover: np.ndarray | None, number: int
    ) -> int:
        x0, y0 = max(left, 0), max(top, 0)
        x1, y1 = min(left + sprite.width, self.width), min(top + sprite.height, self.height)
        if x0 >= x1 or y0 >= y1:
            return 0
        self.image.alpha_composite(sprite, dest=(x0, y0), source=(x0 - left, y0 - top, x1 - left, y1 - top))
        if cover is None:
            return 0
        part = cover[y0 - top : y1 - top, x0 - left : x1 - left]
        self.labels[y0:y1, x0:x1][part] = number
        return int(part.sum())

    def in_view(self) -> dict[str, tuple[int, float, float]]:
        """Per motif kind: how many of its stamps are in view (at least a third of each still shows, and a few
        pixels), the share of the canvas they cover, and how far down they are on average (0 top, 1 bottom)."""
        labels = self.labels.ravel()
        shown = np.bincount(labels, minlength=len(self.stamps) + 1)
        rows = np.bincount(
            labels,
            weights=np.repeat(np.arange(self.height, dtype=np.float64), self.width),
            minlength=len(self.stamps) + 1,
        )
        total = float(self.labels.size)
        seen: dict[str, tuple[int, float, float]] = {}
        for number, (kind, covered) in enumerate(self.stamps, start=1):
            pixels = int(shown[number])
            count, share, row_sum = seen.get(kind, (0, 0.0, 0.0))
            visible = covered > 0 and pixels >= max(6, covered / 3)
            seen[kind] = (count + visible, share + pixels / total, row_sum + rows[number])
        return {
            kind: (count, share, row_sum / max(share * total, 1) / self.height)
            for kind, (count, share, row_sum) in seen.items()
        }

    def blur(self, radius: float) -> None:
        """Gaussian blur that respects wrapping (a blurred tile still repeats without a seam)."""
        if radius <= 0:
            return
        self.image = blur_image(self.image, radius, wrap=self.wrap)


def blur_image(image: Image.Image, radius: float, *, wrap: bool) -> Image.Image:
    if not wrap:
        return image.filter(ImageFilter.GaussianBlur(radius))
    # surround the tile with copies of itself, so the blur reads across the wrap edge as it does inside
    pad = min(int(radius * 6) + 2, image.width, image.height)  # Pillow's box passes reach past 3 sigma
    padded = Image.new(image.mode, (image.width + 2 * pad, image.height + 2 * pad))
    for dy in (-image.height, 0, image.height):
        for dx in (-image.width, 0, image.width):
            padded.paste(image, (pad + dx, pad + dy))
    blurred = padded.filter(ImageFilter.GaussianBlur(radius))
    return blurred.crop((pad, pad, pad + image.width, pad + image.height))


class Sprite:
    """A small supersampled RGBA drawing surface. Draw in sprite pixels (already scaled), then `finish()`."""

    def __init__(self, width: float, height: float) -> None:
        self.scale = SUPERSAMPLE
        self.width = max(2, int(np.ceil(width)))
        self.height = max(2, int(np.ceil(height)))
        self.image = Image.new("RGBA", (self.width * self.scale, self.height * self.scale), (0, 0, 0, 0))
        self.draw = ImageDraw.Draw(self.image)

    @property
    def w(self) -> float:
        return float(self.width * self.scale)

    @property
    def h(self) -> float:
        return float(self.height * self.scale)

    def finish(self) -> Image.Image:
        return self.image.reduce(self.scale)
