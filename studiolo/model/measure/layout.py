"""Composition and size: where the visual weight sits, whether there is a horizon, mirror symmetry, aspect.

All of it works on a small CIELAB copy of the image (fractions of width and height do not depend on resolution),
and every position is a fraction: x from the left edge, y from the top edge, both 0..1.
"""

from __future__ import annotations

from typing import Any

import numpy as np

_EVEN = 2.0  # mean Lab distance from the background below which nothing stands out
_HORIZON_EXPLAINS = 0.3  # share of all colour variance a top/bottom split must explain to count as a horizon
_HORIZON_SHARPNESS = 0.5  # share of the top/bottom difference that must happen within a few rows (not a fade)


def composition(lab: np.ndarray, background: np.ndarray, *, horizon_possible: bool) -> dict[str, Any]:
    """Visual mass (its centre and spread), horizon height and mirror symmetry of an H x W x 3 Lab image.

    Visual weight is each pixel's colour distance from the background (the largest palette colour), so a dark
    shape on pale paper, or a red one on green, pulls the eye and the centre of mass towards itself.
    """
    x, y, spread = _visual_mass(lab, background)
    typical = sum(_mean_difference(lab[..., channel].ravel()) for channel in range(3))
    return {
        "mass": {"x": round(x, 3), "y": round(y, 3)},
        "spread": round(spread, 3),
        "placement": _placement(x, y, spread),
        "horizon": _horizon(lab) if horizon_possible else None,
        "symmetry": {
            "left_right": round(_mirror_symmetry(lab, axis=1, typical=typical), 3),
            "top_bottom": round(_mirror_symmetry(lab, axis=0, typical=typical), 3),
        },
    }


def _visual_mass(lab: np.ndarray, background: np.ndarray) -> tuple[float, float, float]:
    """Centre of mass (x, y) and spread (1.0: weight spread evenly over the frame, near 0: one point)."""
    height, width = lab.shape[:2]
    weight = np.linalg.norm(lab - background, axis=2)
    total = float(weight.sum())
    if total <= _EVEN * weight.size:
        return 0.5, 0.5, 1.0
    xs = (np.arange(width) + 0.5) / width
    ys = (np.arange(height) + 0.5) / height
    columns, rows = weight.sum(axis=0), weight.sum(axis=1)
    x = float(columns @ xs) / total
    y = float(rows @ ys) / total
    variance = float(columns @ (xs - x) ** 2 + rows @ (ys - y) ** 2) / total
    return x, y, float(np.sqrt(variance / (1 / 6)))  # 1/6: the variance of a uniform spread over the square


def _placement(x: float, y: float, spread: float) -> str:
    """Where the mass sits in words: "low left", "high", "right", "centre" or "even"."""
    vertical = "high" if y < 0.42 else "low" if y > 0.58 else ""
    horizontal = "left" if x < 0.42 else "right" if x > 0.58 else ""
    if not vertical and not horizontal:
        return "even" if spread >= 0.9 else "centre"
    return " ".join(word for word in (vertical, horizontal) if word)


def _horizon(lab: np.ndarray) -> float | None:
    """The height (fraction from the top) of a sharp horizontal divide between two differently coloured regions.

    The best split maximises the between-region variance; it is a horizon only if it explains much of the
    image's colour variance and the change happens abruptly, which rules out gentle vertical gradients.
    """
    height = lab.shape[0]
    if height < 8:
        return None
    total = float(((lab - lab.mean(axis=(0, 1))) ** 2).sum(axis=2).mean())
    if total < 1e-6:
        return None
    rows = lab.mean(axis=1)
    cumulative = np.cumsum(rows, axis=0)
    splits = np.arange(max(1, int(np.ceil(0.1 * height))), int(0.9 * height) + 1)  # rows above each split
    above = cumulative[splits - 1] / splits[:, None]
    below = (cumulative[-1] - cumulative[splits - 1]) / (height - splits)[:, None]
    fraction = splits / height
    between = fraction * (1 - fraction) * ((above - below) ** 2).sum(axis=1)
    best = int(np.argmax(between))
    split = int(splits[best])
    reach = max(1, height // 50)
    step = np.linalg.norm(rows[min(split + reach, height - 1)] - rows[max(split - 1 - reach, 0)])
    jump = np.linalg.norm(above[best] - below[best])
    if between[best] / total < _HORIZON_EXPLAINS or step < _HORIZON_SHARPNESS * jump:
        return None
    return round(split / height, 3)


def _mirror_symmetry(lab: np.ndarray, axis: int, typical: float) -> float:
    """1.0 for a perfect mirror image about the centre line, about 0 when the halves are unrelated.

    The mismatch between the image and its mirror is measured against `typical`, the mean difference between two
    random pixels (summed over channels), so the score does not depend on how colourful the image is.
    """
    mismatch = float(np.abs(lab - np.flip(lab, axis=axis)).reshape(-1, 3).mean(axis=0).sum())
    if typical < 1e-6:
        return 1.0
    return float(np.clip(1 - mismatch / typical, 0, 1))


def _mean_difference(values: np.ndarray) -> float:
    """Mean |a - b| over all pairs of values, in O(n log n) from the sorted values."""
    n = values.size
    if n < 2:
        return 0.0
    ranks = 2 * np.arange(1, n + 1) - n - 1
    return float(2 * (ranks @ np.sort(values)) / (n * (n - 1)))


def size_facts(width: int, height: int) -> dict[str, Any]:
    ratio = width / height
    if ratio >= 2:
        aspect = "panorama"
    elif ratio <= 0.5:
        aspect = "vertical panorama"
    elif 1 / 1.05 <= ratio <= 1.05:
        aspect = "square"
    else:
        aspect = "landscape" if ratio > 1 else "portrait"
    return {"width": width, "height": height, "aspect_ratio": round(ratio, 3), "aspect": aspect}
