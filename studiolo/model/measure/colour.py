"""Colour measurements: sRGB to CIELAB, a deterministic k-means palette, colour names, light and saturation.

Everything happens in CIELAB because distances there roughly follow what people see: two colours a short Lab
distance apart look alike, which is what a palette cluster and a colour name should both respect.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import ImageColor

# sRGB (D65) primaries to CIE XYZ, and the D65 white point.
_RGB_TO_XYZ = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)
_WHITE = np.array([0.95047, 1.0, 1.08883])
_EPSILON = (6 / 29) ** 3


def srgb_to_lab(rgb: np.ndarray) -> np.ndarray:
    """CIELAB (L 0..100, a and b roughly -128..127) of sRGB values in 0..1; the last axis holds R, G, B."""
    rgb = np.asarray(rgb, dtype=np.float64)
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    xyz = linear @ _RGB_TO_XYZ.T / _WHITE
    f = np.where(xyz > _EPSILON, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], axis=-1)


def hex_to_rgb(value: str) -> np.ndarray:
    return np.array([int(value[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.float64) / 255


def rgb_to_hex(rgb: np.ndarray) -> str:
    r, g, b = (int(round(float(c) * 255)) for c in np.clip(rgb, 0, 1))
    return f"#{r:02x}{g:02x}{b:02x}"


def _css_table() -> tuple[list[str], np.ndarray]:
    """Every CSS colour keyword Pillow knows, one name per colour (aliases such as grey/gray keep the first)."""
    by_rgb: dict[tuple[int, ...], str] = {}
    for name in sorted(ImageColor.colormap):
        by_rgb.setdefault(ImageColor.getrgb(name)[:3], name)
    names = list(by_rgb.values())
    return names, srgb_to_lab(np.array(list(by_rgb), dtype=np.float64) / 255)


# The words people use in conversation, each with the colours where a person would say it. Lab is not perfectly
# even (its blues drift towards purple), so some words need more than one reference to cover their region.
_COMMON: dict[str, tuple[str, ...]] = {
    "black": ("#000000",),
    "dark grey": ("#4a4a4a",),
    "grey": ("#8c8c8c",),
    "light grey": ("#cdcdcd",),
    "white": ("#ffffff",),
    "cream": ("#fbf3d5",),
    "beige": ("#e1c9a0",),
    "tan": ("#c19a6b", "#d2b48c"),
    "brown": ("#8b4513", "#a0522d", "#d2691e"),
    "dark brown": ("#4b2a14",),
    "maroon": ("#800000",),
    "dark red": ("#a30000",),
    "red": ("#ff0000", "#dc143c", "#e03c31"),
    "coral": ("#ff7f61",),
    "peach": ("#ffc8a8",),
    "orange": ("#ff8c00", "#ffa500"),
    "golden yellow": ("#ffc21a",),
    "yellow": ("#ffff00",),
    "pale yellow": ("#fff8a0",),
    "olive": ("#7c7a1e",),
    "lime green": ("#9be024", "#00ff00"),
    "green": ("#1ea83a", "#228b22"),
    "dark green": ("#0b5d1e",),
    "mint": ("#a8f0c8",),
    "teal": ("#008080",),
    "turquoise": ("#30d5c8",),
    "cyan": ("#00ffff",),
    "sky blue": ("#87ceeb", "#00bfff"),
    "light blue": ("#bcdcf5", "#add8e6"),
    "blue": ("#0000ff", "#1e6fff", "#4169e1", "#4682b4"),
    "navy": ("#000080", "#191970"),
    "indigo": ("#4b0082",),
    "purple": ("#800080",),
    "violet": ("#a55ee0", "#ee82ee"),
    "lavender": ("#d2bff0", "#e6e6fa"),
    "magenta": ("#ff00ff",),
    "hot pink": ("#ff5fa8",),
    "pink": ("#ffc0cb",),
}

_CSS_NAMES, _CSS_LAB = _css_table()
_COMMON_NAMES = [name for name, references in _COMMON.items() for _ in references]
_COMMON_LAB = srgb_to_lab(np.array([hex_to_rgb(value) for references in _COMMON.values() for value in references]))


def css_name(lab: np.ndarray) -> str:
    """The nearest CSS colour keyword to one Lab colour."""
    return _CSS_NAMES[int(np.argmin(((_CSS_LAB - lab) ** 2).sum(axis=1)))]


def common_name(lab: np.ndarray) -> str:
    """The nearest everyday colour word (red, pink, sky blue, navy, ...) to one Lab colour."""
    return _COMMON_NAMES[int(np.argmin(((_COMMON_LAB - lab) ** 2).sum(axis=1)))]


@dataclass(frozen=True)
class Swatch:
    """One palette colour: the mean colour of a cluster of pixels and the fraction of the image it covers."""

    rgb: np.ndarray  # sRGB 0..1
    lab: np.ndarray
    share: float

    def facts(self) -> dict[str, object]:
        return {
            "name": css_name(self.lab),
            "common_name": common_name(self.lab),
            "hex": rgb_to_hex(self.rgb),
            "share": round(float(self.share), 3),
        }


MAX_COLOURS = 8
MIN_SHARE = 0.01  # smaller clusters are speckle, not palette
_BIN = 10.0  # Lab histogram bin for seeding: about two just-noticeable differences
_SEPARATION = 15.0  # seeds closer than this would split one visible colour in two
_MERGE = 10.0  # clusters that converge this close are one colour
_ITERATIONS = 20


def dominant_palette(lab: np.ndarray, rgb: np.ndarray) -> list[Swatch]:
    """The main colours of `lab` (N x 3 pixels; `rgb` the same pixels in sRGB), largest share first.

    k-means seeded from the most populous Lab histogram bins rather than at random, so the same pixels always
    give the same palette, and an image with two colours gets two clusters, not eight.
    """
    centres = _seed_centres(lab)
    labels = _nearest(lab, centres)
    for _ in range(_ITERATIONS):
        updated = _cluster_means(lab, labels, centres)
        if np.abs(updated - centres).max() < 0.1:
            break
        centres = updated
        labels = _nearest(lab, centres)
    labels = _merge_close(labels, centres)
    counts = np.bincount(labels, minlength=len(centres))
    swatches = []
    for index in np.flatnonzero(counts):
        mean_rgb = rgb[labels == index].mean(axis=0)
        swatches.append(Swatch(mean_rgb, srgb_to_lab(mean_rgb), float(counts[index] / len(lab))))
    # Largest first; on a tie the lighter colour first, so it is the one composition treats as background.
    swatches.sort(key=lambda s: (-s.share, -s.lab[0]))
    return [swatch for swatch in swatches if swatch.share >= MIN_SHARE]  # the largest always has >= 1/8


def _seed_centres(lab: np.ndarray) -> np.ndarray:
    bins = np.floor(lab / _BIN).astype(np.int64) + 64
    keys = (bins[:, 0] * 128 + bins[:, 1]) * 128 + bins[:, 2]
    _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
    means = np.stack([np.bincount(inverse, weights=lab[:, c]) for c in range(3)], axis=1) / counts[:, None]
    chosen: list[np.ndarray] = []
    for index in np.argsort(-counts, kind="stable"):
        if all(np.linalg.norm(means[index] - c) >= _SEPARATION for c in chosen):
            chosen.append(means[index])
            if len(chosen) == MAX_COLOURS:
                break
    return np.array(chosen)


def _nearest(lab: np.ndarray, centres: np.ndarray) -> np.ndarray:
    # |x - c|^2 = |x|^2 - 2 x.c + |c|^2, and |x|^2 is the same for every centre: one small matrix product.
    return ((centres**2).sum(axis=1) - 2 * lab @ centres.T).argmin(axis=1)


def _cluster_means(lab: np.ndarray, labels: np.ndarray, centres: np.ndarray) -> np.ndarray:
    counts = np.bincount(labels, minlength=len(centres))
    sums = np.stack([np.bincount(labels, weights=lab[:, c], minlength=len(centres)) for c in range(3)], axis=1)
    # An emptied cluster keeps its centre; it simply ends up with no share.
    return np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], centres)


def _merge_close(labels: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Relabel clusters whose centres converged to within _MERGE of a larger one as that one."""
    counts = np.bincount(labels, minlength=len(centres))
    order = np.argsort(-counts, kind="stable")
    for rank, small in enumerate(order):
        for large in order[:rank]:
            if counts[large] and counts[small] and np.linalg.norm(centres[small] - centres[large]) < _MERGE:
                labels = np.where(labels == small, large, labels)
                counts[large] += counts[small]
                counts[small] = 0
                break
    return labels


def light_and_colour(lab: np.ndarray) -> tuple[float, float, float]:
    """Brightness (mean lightness), contrast (RMS lightness contrast) and saturation (mean chroma), each 0..1."""
    lightness = lab[..., 0] / 100
    chroma = np.hypot(lab[..., 1], lab[..., 2])
    brightness = float(lightness.mean())
    contrast = float(min(1.0, lightness.std() / 0.5))  # 1.0: half the pixels black and half white
    saturation = float(np.minimum(chroma / 100, 1).mean())  # pure red, green and blue all reach 1
    return brightness, contrast, saturation
