"""Texture, periodicity and seamlessness.

Periods are measured at full resolution so they come out exact, in original pixels: the x period from up to
128 evenly spaced full-width rows, the y period from as many full-height columns. Sampling rows costs nothing in
accuracy along x (a pattern that repeats along x repeats in every row) and keeps a 4096 px image cheap.
"""

from __future__ import annotations

from typing import Any

import numpy as np

_SAMPLES = 128  # rows (or columns) sampled for the period along x (or y)
_UNIFORM = 0.02  # variation along an axis below this share of all variation: the axis is uniform
_PERIODIC = 0.5  # correlation with itself, shifted by the period, that a repeat must reach
_PROMINENCE = 0.25  # ...after dipping at least this far below it (a fade correlates highly but never dips)
_FUNDAMENTAL = 0.05  # peaks this close to the highest are the same repeat; the shortest is the period
_EDGE = 0.08  # a neighbour step of 20/255 in grey level reads as an edge
_SEAM_SLACK = 1.5  # a wrap step up to this many times the typical neighbour step is no seam
_PHASE_SLACK = 0.75  # a repeat may be off by half a pixel, which shifts it by about half the typical step
_NOISE = 2 / 255  # differences this small are compression noise, not a seam


def texture(gray: np.ndarray) -> dict[str, Any]:
    """Edge density (share of neighbour steps that are edges) and mean step of a 0..1 grey image."""
    steps = np.concatenate([np.abs(np.diff(gray, axis=1)).ravel(), np.abs(np.diff(gray, axis=0)).ravel()])
    density = float((steps > _EDGE).mean()) if steps.size else 0.0
    mean_step = float(steps.mean()) if steps.size else 0.0
    return {"edge_density": round(density, 3), "mean_gradient": round(mean_step, 4), "label": _busyness(density)}


def _busyness(edge_density: float) -> str:
    for limit, label in ((0.01, "smooth"), (0.05, "calm"), (0.15, "textured"), (0.35, "busy")):
        if edge_density < limit:
            return label
    return "very busy"


def periodicity(rgb: np.ndarray) -> dict[str, Any]:
    """Repeat lengths along x and y, stripe orientation and seamless tiling of an H x W x 3 uint8 image."""
    height, width = rgb.shape[:2]
    rows = _lines(rgb[_spread_indices(height)].transpose(0, 2, 1))  # rows x channels x W
    columns = _lines(rgb[:, _spread_indices(width)].transpose(1, 2, 0))  # columns x channels x H
    x, y = _axis(rows), _axis(columns)
    seam_x, seam_y = _seam(rows, x["period_px"]), _seam(columns, y["period_px"])
    repeat = {(True, True): "both", (True, False): "x", (False, True): "y", (False, False): "none"}[
        (x["period_px"] is not None, y["period_px"] is not None)
    ]
    stripes = "vertical" if repeat == "x" and y["uniform"] else "horizontal" if repeat == "y" and x["uniform"] else None
    tiles = bool(seam_x["seamless"] and seam_y["seamless"])
    return {
        "repeating": repeat != "none",
        "repeat": repeat,
        "stripes": stripes,
        "x": x,
        "y": y,
        "seamless": {"tiles": tiles, "x": seam_x, "y": seam_y},
    }


def _spread_indices(length: int) -> np.ndarray:
    return np.unique(np.linspace(0, length - 1, min(length, _SAMPLES)).round().astype(np.intp))


def _lines(pixels: np.ndarray) -> np.ndarray:
    """0..1 float32, contiguous along the last axis, where every per-line operation below runs."""
    return np.ascontiguousarray(pixels, dtype=np.float32) / 255


def _axis(lines: np.ndarray) -> dict[str, Any]:
    """The shortest repeat length along a set of lines (lines x channels x length).

    A lag is a repeat when the lines correlate highly with themselves shifted by it, after first dipping well
    below that (a slow fade correlates with itself at every lag but never dips). Lags stop at half the length,
    so a repeat must be seen at least twice.
    """
    length = lines.shape[2]
    means = lines.mean(axis=2, keepdims=True)
    signals = (lines - means).reshape(-1, length).astype(np.float64)
    along = float(np.einsum("ij,ij->", signals, signals)) / signals.size  # variation along the lines
    across = float(means.var(axis=0).mean())  # variation from line to line
    uniform = along <= _UNIFORM * (along + across) + 1e-9
    if uniform or length < 4:
        return {"period_px": None, "strength": 0.0, "uniform": uniform}
    last = length // 2
    correlation = _shifted_correlation(signals, last + 1)
    lags = np.arange(2, last + 1)
    peak = (correlation[lags] >= correlation[lags - 1]) & (correlation[lags] >= correlation[lags + 1])
    dip = np.minimum.accumulate(correlation[: last + 1])[lags]
    candidates = lags[peak & (correlation[lags] >= _PERIODIC) & (correlation[lags] - dip >= _PROMINENCE)]
    if candidates.size == 0:
        return {"period_px": None, "strength": 0.0, "uniform": False}
    best = correlation[candidates].max()
    period = int(candidates[correlation[candidates] >= best - _FUNDAMENTAL][0])
    return {"period_px": period, "strength": round(float(correlation[period]), 3), "uniform": False}


def _shifted_correlation(signals: np.ndarray, max_lag: int) -> np.ndarray:
    """For every lag up to max_lag, the correlation between the signals' first and last (length - lag) samples.

    Pearson's, pooled over the signals. Correlating the overlapping parts (each with its own mean and spread)
    rather than taking a plain autocorrelation makes an exact repeat score exactly 1 at any lag, even near half
    the length and whether or not the period divides the length. The products of every lag at once come from one FFT,
    and the overlaps' sums from running totals.
    """
    length = signals.shape[1]
    spectrum = np.fft.rfft(signals, n=2 * length, axis=1)  # zero padded: a linear, not circular, correlation
    lags = np.arange(max_lag + 1)
    products = np.fft.irfft((np.abs(spectrum) ** 2).sum(axis=0), n=2 * length)[lags]
    zero = np.zeros((len(signals), 1))
    totals = np.concatenate([zero, np.cumsum(signals, axis=1)], axis=1)
    squares = np.concatenate([zero, np.cumsum(signals**2, axis=1)], axis=1)
    overlap = length - lags
    head, tail = totals[:, overlap], totals[:, length:] - totals[:, lags]
    covariance = products - np.einsum("ij,ij->j", head, tail) / overlap
    head_spread = squares[:, overlap].sum(axis=0) - np.einsum("ij,ij->j", head, head) / overlap
    tail_spread = (squares[:, length:] - squares[:, lags]).sum(axis=0) - np.einsum("ij,ij->j", tail, tail) / overlap
    return covariance / np.sqrt(np.maximum(head_spread * tail_spread, 1e-12))


def _seam(lines: np.ndarray, period: int | None) -> dict[str, Any]:
    """Whether the lines (lines x channels x length) continue across the wrap from their last pixel to their first.

    The step across the wrap is compared with the typical step between neighbours inside. A repeating pattern
    is judged by its phase instead, since its wrap may rightly fall on one of its own hard edges: the stretch
    around the wrap must match the stretch one period before it about as well as the pattern matches itself one
    period apart inside (a painted pattern repeats only roughly). The stretch spans a whole period, so a period a
    fraction of a pixel off (a repeat of 42.67 px measured as 43) costs no more than a fraction of the typical step.
    """
    length = lines.shape[2]
    if length < 2:
        return {"seamless": None, "edge_difference": None, "inner_difference": None}
    edge = float(np.abs(lines[..., -1] - lines[..., 0]).mean())
    inner = float(np.abs(np.diff(lines, axis=2)).mean())
    if period is None:
        seamless = edge <= _SEAM_SLACK * inner + _NOISE
    else:
        half = max(1, period // 2)
        across = np.concatenate([lines[..., length - half :], lines[..., :half]], axis=2)
        before = lines[..., length - period - half : length - period + half]
        slip = float(np.abs(across - before).mean())
        drift = float(np.abs(lines[..., period:] - lines[..., :-period]).mean())  # how exactly it repeats inside
        seamless = slip <= _SEAM_SLACK * drift + _PHASE_SLACK * inner + _NOISE
    return {"seamless": seamless, "edge_difference": round(edge, 4), "inner_difference": round(inner, 4)}
