"""Colour arithmetic on "#rrggbb" strings for the sketch parser: mixing, shading, families, moods.

The parser speaks in CSS hex strings end to end (the Scene's palette is hex), so these work on strings, not on
tuples; `family` is coarse on purpose: "not pink" must also drop a theme's pinkish shades.
"""

from __future__ import annotations

import colorsys
import random

from studiolo.model.sketch import vocabulary as V


def rgb(c: str) -> tuple[float, float, float]:
    return int(c[1:3], 16) / 255, int(c[3:5], 16) / 255, int(c[5:7], 16) / 255


def to_hex(r: float, g: float, b: float) -> str:
    return "#" + "".join(f"{round(min(1.0, max(0.0, v)) * 255):02x}" for v in (r, g, b))


def mix(a: str, b: str, t: float) -> str:
    ra, rb = rgb(a), rgb(b)
    return to_hex(*(x + (y - x) * t for x, y in zip(ra, rb)))


def tint(c: str, t: float) -> str:
    return mix(c, "#ffffff", t)


def shade(c: str, t: float) -> str:
    return mix(c, "#000000", t)


def adjust(c: str, dh: float = 0.0, dl: float = 0.0, ds: float = 0.0) -> str:
    h, light, s = colorsys.rgb_to_hls(*rgb(c))
    h, light, s = (h + dh) % 1.0, min(1.0, max(0.0, light + dl)), min(1.0, max(0.0, s + ds))
    return to_hex(*colorsys.hls_to_rgb(h, light, s))


def lightness(c: str) -> float:
    return colorsys.rgb_to_hls(*rgb(c))[1]


def family(c: str) -> str:
    """A coarse colour family, so "not pink" can also drop a theme's pinkish shades."""
    r, g, b = rgb(c)
    h, light, s = colorsys.rgb_to_hls(r, g, b)
    deg = h * 360
    if light >= 0.93:
        return "white"
    if light <= 0.1:
        return "black"
    if s < 0.18 or max(r, g, b) - min(r, g, b) < 0.08:
        return "gray"
    if deg < 15 or deg >= 345:
        return "pink" if light > 0.72 else "red"
    if deg < 45:
        return "brown" if light < 0.42 else "orange"
    if deg < 70:
        return "yellow"
    if deg < 165:
        return "green"
    if deg < 195:
        return "cyan"
    if deg < 255:
        return "blue"
    if deg < 290:
        return "purple"
    return "pink" if light > 0.5 else "purple"


def sky_affine(c: str) -> bool:
    return family(c) in ("blue", "cyan", "purple", "pink", "white", "gray") or lightness(c) > 0.85


def modify(c: str, mod: str | None) -> str:
    """Colour modifiers shift the shade: pale/light toward white, dark/deep toward black, bright/soft saturation."""
    if mod == "pale":
        return adjust(tint(c, 0.5), ds=-0.1)
    if mod == "light":
        return tint(c, 0.35)
    if mod == "soft":
        return adjust(tint(c, 0.25), ds=-0.25)
    if mod == "dark":
        return shade(c, 0.4)
    if mod == "deep":
        return adjust(shade(c, 0.2), ds=0.15)
    if mod == "bright":
        return adjust(c, ds=0.25, dl=(0.55 - lightness(c)) * 0.3)
    return c


def in_mood(c: str, spec: V.MoodSpec) -> str:
    if spec.tint:
        c = mix(c, spec.tint, spec.amount)
    return adjust(c, ds=spec.sat, dl=spec.light)


def jitter(c: str, rng: random.Random) -> str:
    """A seed's own shade of a theme colour: a little hue, light and saturation drift."""
    return adjust(c, dh=rng.uniform(-0.015, 0.015), dl=rng.uniform(-0.03, 0.03), ds=rng.uniform(-0.05, 0.05))
