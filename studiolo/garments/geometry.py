"""Plane geometry in centimetres for drawing garments: Bézier curves, mirrored halves, strokes and wavy hems.

Points are (x, y) with y pointing down, as in an image; a garment is drawn in centimetres and rasterised later
at whatever resolution the mock-up asks for, so the same outline serves a thumbnail and a 4K render.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

Point = tuple[float, float]


def bezier(p0: Point, c0: Point, c1: Point, p1: Point, steps: int = 24) -> list[Point]:
    """A cubic Bézier from p0 to p1 (controls c0, c1), as `steps` + 1 points including both ends."""
    points = []
    for i in range(steps + 1):
        t = i / steps
        s = 1 - t
        points.append(
            (
                s**3 * p0[0] + 3 * s * s * t * c0[0] + 3 * s * t * t * c1[0] + t**3 * p1[0],
                s**3 * p0[1] + 3 * s * s * t * c0[1] + 3 * s * t * t * c1[1] + t**3 * p1[1],
            )
        )
    return points


def chain(*parts: Sequence[Point]) -> list[Point]:
    """Join paths end to start, dropping each joint's repeated point."""
    points: list[Point] = []
    for part in parts:
        for point in part:
            if not points or math.dist(points[-1], point) > 1e-9:
                points.append(point)
    return points


def mirrored(half: Sequence[Point], axis_x: float) -> list[Point]:
    """A closed outline symmetric about x = axis_x from its right half, drawn from the top of the axis round to
    the bottom of it; the left half is the right half reflected and walked back up."""
    left = [(2 * axis_x - x, y) for x, y in reversed(half)]
    return chain(half, left)


def reflect(points: Sequence[Point], axis_x: float) -> list[Point]:
    return [(2 * axis_x - x, y) for x, y in points]


def stroke(path: Sequence[Point], width: float) -> list[Point]:
    """The outline of a band `width` wide along `path` (a strap, a placket, a waistband), as a closed polygon."""
    left, right = [], []
    for i, (x, y) in enumerate(path):
        ax, ay = path[max(i - 1, 0)]
        bx, by = path[min(i + 1, len(path) - 1)]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / norm * width / 2, dx / norm * width / 2
        left.append((x + nx, y + ny))
        right.append((x - nx, y - ny))
    return left + right[::-1]


def wavy(p0: Point, p1: Point, waves: int, amplitude: float, sag: float = 0.0, steps: int = 120) -> list[Point]:
    """A hem from p0 to p1 that undulates `waves` times (the folds reaching it) and sags by `sag` in the middle
    (a hem seen round a body is an ellipse's lower half, not a straight line)."""
    points = []
    for i in range(steps + 1):
        t = i / steps
        x = p0[0] + (p1[0] - p0[0]) * t
        y = p0[1] + (p1[1] - p0[1]) * t + sag * math.sin(math.pi * t) + amplitude * math.sin(math.pi * waves * t)
        points.append((x, y))
    return points


def rounded_rect(x0: float, y0: float, x1: float, y1: float, radius: float) -> list[Point]:
    """A rectangle with round corners, clockwise from the top left."""
    r = min(radius, (x1 - x0) / 2, (y1 - y0) / 2)
    k = 0.5523 * r  # the Bézier handle length that makes a quarter circle
    return chain(
        [(x0 + r, y0), (x1 - r, y0)],
        bezier((x1 - r, y0), (x1 - r + k, y0), (x1, y0 + r - k), (x1, y0 + r), 8),
        [(x1, y1 - r)],
        bezier((x1, y1 - r), (x1, y1 - r + k), (x1 - r + k, y1), (x1 - r, y1), 8),
        [(x0 + r, y1)],
        bezier((x0 + r, y1), (x0 + r - k, y1), (x0, y1 - r + k), (x0, y1 - r), 8),
        [(x0, y0 + r)],
        bezier((x0, y0 + r), (x0, y0 + r - k), (x0 + r - k, y0), (x0 + r, y0), 8),
    )
