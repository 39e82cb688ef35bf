"""How printed cloth catches the light: a height field of the garment, its normals, and Lambert shading.

The garment's surface is a height field in centimetres: each piece rises from its edges towards its middle (a
body inside it), each fold is a ridge or a valley, each seam a narrow valley. Normals of that field shade the
print (a light from the upper left, a matte cloth), creases get darker still (cavities catch less light), and
the print itself shifts a little along the slopes, so a pattern bends round a fold instead of lying on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from PIL import Image, ImageFilter

from studiolo.garments.geometry import Point
from studiolo.garments.silhouettes import Fold, Seam

LIGHT = np.array([-0.45, -0.65, 1.0]) / np.linalg.norm([-0.45, -0.65, 1.0])  # from the upper left, in front
AMBIENT = 0.32  # the share of light that reaches every point; flat cloth facing us is shaded exactly 1.0
MAX_SLOPE = 3.0  # steeper than this reads as a cut, not cloth: where layers meet, slopes are capped
CAVITY_GAIN = 0.22  # how much darker a crease 1 cm deeper than its surroundings gets
DISPLACEMENT_CM = 0.35  # how far the print slides per unit of slope
MAX_DISPLACED_SLOPE = 1.0  # past this the slide stops growing: steep edges would smear the print
MAX_LIGHT = 1.12  # a slope turned to the light brightens cloth this much at most (matte, no glare)
SEAM_DEPTH, SEAM_WIDTH = 0.25, 0.18  # cm


def fold_heights(folds: Iterable[Fold], shape: tuple[int, int], px_per_cm: float) -> np.ndarray:
    """The folds' heights in cm on a grid of `shape` pixels; each fold is evaluated only where it reaches."""
    height = np.zeros(shape, dtype=np.float32)
    for fold in folds:
        box, values = _fold(fold, shape, px_per_cm)
        if box is not None:
            height[box] += values
    return height


def seam_heights(seams: Iterable[Seam], shape: tuple[int, int], px_per_cm: float) -> np.ndarray:
    """Each seam a narrow valley along its path; where segments of one path meet, the deeper wins, so corners
    are not twice as deep."""
    height = np.zeros(shape, dtype=np.float32)
    for seam in seams:
        for a, b in zip(seam.path, seam.path[1:]):
            fold = Fold(a, b, -SEAM_DEPTH, (SEAM_WIDTH, SEAM_WIDTH), 0.0, 0.0)
            box, values = _fold(fold, shape, px_per_cm)
            if box is not None:
                np.minimum(height[box], values, out=height[box])
    return height


def _fold(fold: Fold, shape: tuple[int, int], px_per_cm: float) -> tuple[tuple[slice, slice] | None, np.ndarray]:
    reach = 2.5 * max(fold.width)
    (ax, ay), (bx, by) = fold.start, fold.end
    x0, x1 = _span(min(ax, bx) - reach, max(ax, bx) + reach, px_per_cm, shape[1])
    y0, y1 = _span(min(ay, by) - reach, max(ay, by) + reach, px_per_cm, shape[0])
    if x0 >= x1 or y0 >= y1:
        return None, np.zeros(0)
    xs = ((np.arange(x0, x1) + 0.5) / px_per_cm)[None, :]
    ys = ((np.arange(y0, y1) + 0.5) / px_per_cm)[:, None]
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = np.clip(((xs - ax) * dx + (ys - ay) * dy) / length2, 0, 1) if length2 > 0 else np.zeros((1, 1))
    distance = np.hypot(xs - (ax + t * dx), ys - (ay + t * dy))
    width = fold.width[0] + (fold.width[1] - fold.width[0]) * t
    envelope = _ramp(t / fold.fade_in if fold.fade_in > 0 else 1) * _ramp(
        (1 - t) / fold.fade_out if fold.fade_out > 0 else 1
    )
    values = (fold.depth * envelope * np.exp(-((distance / width) ** 2))).astype(np.float32)
    return (slice(y0, y1), slice(x0, x1)), values


def _span(lo_cm: float, hi_cm: float, px_per_cm: float, limit: int) -> tuple[int, int]:
    return max(0, int(lo_cm * px_per_cm)), min(limit, int(np.ceil(hi_cm * px_per_cm)) + 1)


def _ramp(x: np.ndarray | float) -> np.ndarray:
    x = np.clip(x, 0, 1)
    return x * x * (3 - 2 * x)  # smoothstep: no kink where a fold starts


def body_height(alpha: np.ndarray, roundness: float, px_per_cm: float) -> np.ndarray:
    """A piece's rise from its edges (0) to `roundness` cm some 4 cm inside them, as cloth over a body turns
    away from the viewer at its sides: a smooth shoulder, so the edge reads as a curve and not a cushion."""
    radius = max(1.0, 4.0 * px_per_cm)
    blurred = np.asarray(Image.fromarray(alpha).filter(ImageFilter.GaussianBlur(radius)), dtype=np.float32) / 255
    return roundness * _ramp(2 * blurred - 1)


def slopes(height: np.ndarray, px_per_cm: float) -> tuple[np.ndarray, np.ndarray]:
    """dH/dx and dH/dy (cm per cm), capped at MAX_SLOPE."""
    gy, gx = np.gradient(height, 1 / px_per_cm)
    steep = np.hypot(gx, gy)
    scale = np.minimum(1.0, MAX_SLOPE / np.maximum(steep, 1e-6))
    return gx * scale, gy * scale


def displacement(gx: np.ndarray, gy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """How far (cm) the print slides at each point: along the slope, a little, capped on steep edges."""
    return (
        DISPLACEMENT_CM * np.clip(gx, -MAX_DISPLACED_SLOPE, MAX_DISPLACED_SLOPE),
        DISPLACEMENT_CM * np.clip(gy, -MAX_DISPLACED_SLOPE, MAX_DISPLACED_SLOPE),
    )


def shading(creases: np.ndarray, gx: np.ndarray, gy: np.ndarray, px_per_cm: float) -> np.ndarray:
    """The light falling on each point relative to flat cloth facing us: Lambert on the field's normals (gx,
    gy), times a cavity term from `creases` (the folds' and seams' heights: a body's roundness is no crease)."""
    normal_dot_light = (-gx * LIGHT[0] - gy * LIGHT[1] + LIGHT[2]) / np.sqrt(gx * gx + gy * gy + 1)
    lambert = np.minimum(AMBIENT + (1 - AMBIENT) * np.clip(normal_dot_light, 0, None) / LIGHT[2], MAX_LIGHT)
    surroundings = box_blur(creases, max(1, round(2.0 * px_per_cm)))
    cavity = np.clip(1 + CAVITY_GAIN * (creases - surroundings), 0.55, 1.2)
    return (lambert * cavity).astype(np.float32)


def box_blur(values: np.ndarray, radius: int) -> np.ndarray:
    """The mean of each (2 radius + 1)-pixel square round each point (edges extended), by running sums."""
    out: np.ndarray = values.astype(np.float32)
    for axis in (0, 1):
        padded = np.pad(out, [(radius + 1, radius) if a == axis else (0, 0) for a in (0, 1)], mode="edge")
        sums = np.cumsum(padded, axis=axis)
        upper = np.take(sums, np.arange(2 * radius + 1, sums.shape[axis]), axis=axis)
        lower = np.take(sums, np.arange(0, sums.shape[axis] - 2 * radius - 1), axis=axis)
        out = (upper - lower) / (2 * radius + 1)
    return out.astype(np.float32)


def offset_path(path: Sequence[Point], offset: float) -> list[Point]:
    """`path` moved `offset` cm to its right (as walked), for a row of topstitching beside a seam."""
    moved = []
    for i, (x, y) in enumerate(path):
        ax, ay = path[max(i - 1, 0)]
        bx, by = path[min(i + 1, len(path) - 1)]
        dx, dy = bx - ax, by - ay
        norm = float(np.hypot(dx, dy)) or 1.0
        moved.append((x - dy / norm * offset, y + dx / norm * offset))
    return moved


def dashes(path: Sequence[Point], dash: float = 0.35, gap: float = 0.2) -> list[tuple[Point, Point]]:
    """Stitches along `path`: segments `dash` cm long, `gap` cm apart."""
    stitches: list[tuple[Point, Point]] = []
    position, drawing, start = 0.0, True, path[0]
    for (ax, ay), (bx, by) in zip(path, path[1:]):
        length = float(np.hypot(bx - ax, by - ay))
        along = 0.0
        while along < length:
            step = min((dash if drawing else gap) - position, length - along)
            along += step
            position += step
            point = (ax + (bx - ax) * along / length, ay + (by - ay) * along / length)
            if position >= (dash if drawing else gap) - 1e-9:
                if drawing:
                    stitches.append((start, point))
                drawing, position, start = not drawing, 0.0, point
    return stitches
