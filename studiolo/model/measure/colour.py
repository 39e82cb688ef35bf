"""Colour measurements: sRGB to CIELAB, a deterministic k-means palette, colour names, light and saturation.

Everything happens in CIELAB because distances there roughly follow what people see: two colours a short Lab
distance apart look alike, which is what a palette cluster respects. Naming a colour uses CIEDE2000, the
refinement of Lab distance made for judging which of two colours is nearer, against colours people named in a
survey (colour_names.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, ConfigDict

from studiolo.model.measure.colour_names import BASES, QUALIFIERS, REFERENCES

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


def lab_to_srgb(lab: np.ndarray) -> np.ndarray:
    """sRGB values in 0..1 (clipped to the gamut) of CIELAB colours; the inverse of srgb_to_lab."""
    lab = np.asarray(lab, dtype=np.float64)
    fy = (lab[..., 0] + 16) / 116
    f = np.stack([fy + lab[..., 1] / 500, fy, fy - lab[..., 2] / 200], axis=-1)
    xyz = np.where(f > 6 / 29, f**3, 3 * (6 / 29) ** 2 * (f - 4 / 29)) * _WHITE
    linear = np.clip(xyz @ np.linalg.inv(_RGB_TO_XYZ).T, 0, 1)
    return np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)


def hex_to_rgb(value: str) -> np.ndarray:
    return np.array([int(value[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.float64) / 255


def rgb_to_hex(rgb: np.ndarray) -> str:
    r, g, b = (int(round(float(c) * 255)) for c in np.clip(rgb, 0, 1))
    return f"#{r:02x}{g:02x}{b:02x}"


class ColourName(BaseModel):
    """What people call a colour, in English and in Korean: a base name with at most one qualifier."""

    model_config = ConfigDict(frozen=True)

    english: str  # "dark blue"
    korean: str  # "짙은 파란색"

    @classmethod
    def from_english(cls, english: str) -> ColourName:
        qualifier, _, base = english.partition(" ")
        if qualifier in QUALIFIERS and base in BASES:
            return cls(english=english, korean=f"{QUALIFIERS[qualifier]} {BASES[base]}")
        return cls(english=english, korean=BASES[english])


def delta_e_2000(lab: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """CIEDE2000 colour difference (Sharma, Wu and Dalal's formulation) between Lab colours, broadcast.

    Plain Lab distance overstates differences between strong colours and blurs the blues; CIEDE2000 corrects
    both, so the nearest survey colour is the one a person would also pick.
    """
    L1, a1, b1 = np.moveaxis(np.asarray(lab, dtype=np.float64), -1, 0)
    L2, a2, b2 = np.moveaxis(np.asarray(reference, dtype=np.float64), -1, 0)
    mean_chroma = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(mean_chroma**7 / (mean_chroma**7 + 25.0**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = np.hypot(a1, b1), np.hypot(a2, b2)
    h1, h2 = np.degrees(np.arctan2(b1, a1)) % 360, np.degrees(np.arctan2(b2, a2)) % 360
    neutral = c1 * c2 == 0  # a grey has no hue, so no hue difference either
    dh = (h2 - h1 + 180) % 360 - 180
    dh = np.where(neutral, 0.0, dh)
    dL, dC = L2 - L1, c2 - c1
    dH = 2 * np.sqrt(c1 * c2) * np.sin(np.radians(dh) / 2)
    mean_L, mean_c = (L1 + L2) / 2, (c1 + c2) / 2
    mean_h = np.where(np.abs(h1 - h2) > 180, (h1 + h2 + 360) / 2, (h1 + h2) / 2) % 360
    mean_h = np.where(neutral, h1 + h2, mean_h)
    t = (
        1
        - 0.17 * np.cos(np.radians(mean_h - 30))
        + 0.24 * np.cos(np.radians(2 * mean_h))
        + 0.32 * np.cos(np.radians(3 * mean_h + 6))
        - 0.20 * np.cos(np.radians(4 * mean_h - 63))
    )
    s_L = 1 + 0.015 * (mean_L - 50) ** 2 / np.sqrt(20 + (mean_L - 50) ** 2)
    s_C = 1 + 0.045 * mean_c
    s_H = 1 + 0.015 * mean_c * t
    rotation = (
        -2 * np.sqrt(mean_c**7 / (mean_c**7 + 25.0**7)) * np.sin(np.radians(60 * np.exp(-(((mean_h - 275) / 25) ** 2))))
    )
    return np.sqrt((dL / s_L) ** 2 + (dC / s_C) ** 2 + (dH / s_H) ** 2 + rotation * (dC / s_C) * (dH / s_H))


_REFERENCE_NAMES = [ColourName.from_english(words) for _, _, words in REFERENCES]
_REFERENCE_LAB = srgb_to_lab(np.array([hex_to_rgb(colour) for _, colour, _ in REFERENCES]))


def colour_name(lab: np.ndarray) -> ColourName:
    """What people call one Lab colour: the words of the nearest survey colour in colour_names.REFERENCES."""
    return _REFERENCE_NAMES[int(np.argmin(delta_e_2000(_REFERENCE_LAB, lab)))]


@dataclass(frozen=True)
class Swatch:
    """One palette colour: the mean colour of a cluster of pixels and the fraction of the image it covers."""

    rgb: np.ndarray  # sRGB 0..1
    lab: np.ndarray
    share: float

    def facts(self) -> dict[str, object]:
        name = colour_name(self.lab)
        return {
            "name": name.english,
            "name_ko": name.korean,
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
