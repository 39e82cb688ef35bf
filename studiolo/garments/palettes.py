"""Palettes for colourways: the four seasons, the persona's own, or the main colours of an image.

A palette is a list of colours in role order: the ground first, then the main motif's colour, then accents.
Seasons are defined here; a persona's palettes are its `taste.palettes` (colour names resolved as the painter
resolves them); an image's palette is its k-means colours in CIELAB, largest share first.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from studiolo.errors import StudioloError
from studiolo.model.images import open_image
from studiolo.model.measure.colour import dominant_palette, rgb_to_hex, srgb_to_lab

if TYPE_CHECKING:
    from studiolo.persona.spec import Persona

HexColour = str
PaletteSource = Literal["season", "persona", "image"]
MAX_SAMPLE_PIXELS = 256 * 256  # an image's palette is measured on at most this many pixels, evenly spread


class Palette(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    source: PaletteSource
    colours: list[HexColour] = Field(min_length=2, max_length=8)  # ground, main motif, accents


# Ground, main motif, then accents; chosen so each ground sets off the rest.
SEASONS: dict[str, list[HexColour]] = {
    "spring": ["#f6efe1", "#e58fa7", "#8cbf6a", "#f2c94c", "#7fb7d9"],  # cream, blossom, new leaf, daffodil, sky
    "summer": ["#1f6f8b", "#f7e9c4", "#f28c38", "#ffd23f", "#2ec4b6"],  # sea, sand, coral, sun, lagoon
    "autumn": ["#4a2f22", "#d98e32", "#a63d2a", "#e8d8b0", "#6b7d3a"],  # bark, ochre, rust, straw, olive
    "winter": ["#eef1f4", "#1d3557", "#a8dadc", "#b23a48", "#457b9d"],  # snow, ink, ice, berry, slate blue
}


def season(name: str) -> Palette:
    return Palette(name=name, source="season", colours=SEASONS[name])


def persona_palettes(persona: Persona) -> list[Palette]:
    # The painter's colour words, loaded only when a persona's palette is asked for (they bring the parser).
    from studiolo.model.sketch.vocabulary import COLOR_ALIASES, CSS_COLORS

    palettes = []
    for named in persona.taste.palettes:
        colours = [CSS_COLORS[COLOR_ALIASES.get(c, c)] for c in named.colors if COLOR_ALIASES.get(c, c) in CSS_COLORS]
        if len(colours) >= 2:
            palettes.append(Palette(name=named.name, source="persona", colours=colours))
    return palettes


def palette_from_image(source: str | os.PathLike[str] | bytes, *, name: str = "image") -> Palette:
    """The image's main colours, the most common first (its ground)."""
    pixels = np.asarray(open_image(source).convert("RGB"), dtype=np.float64).reshape(-1, 3) / 255
    step = max(1, len(pixels) // MAX_SAMPLE_PIXELS)
    sample = pixels[::step]
    swatches = dominant_palette(srgb_to_lab(sample), sample)
    if len(swatches) < 2:
        raise StudioloError(
            "palette.too_few_colours", "the image has only one colour; a colourway needs at least two", field="from"
        )
    return Palette(name=name, source="image", colours=[rgb_to_hex(s.rgb) for s in swatches[:6]])


def named_palette(name: str, persona: Persona | None = None) -> Palette:
    """A season by name, or one of the persona's palettes by name."""
    key = name.strip().lower()
    if key in SEASONS:
        return season(key)
    for palette in persona_palettes(persona) if persona is not None else []:
        if palette.name.lower() == key:
            return palette
    known = list(SEASONS) + ([p.name for p in persona_palettes(persona)] if persona is not None else [])
    raise StudioloError("palette.unknown", f"no palette {name!r}; known: {', '.join(known)}", field="palette")


def rotations(palette: Palette, n: int) -> list[Palette]:
    """`n` colourways from one palette: each gives the ground to the next colour in turn."""
    count = len(palette.colours)
    return [
        palette
        if k == 0
        else palette.model_copy(
            update={
                "name": f"{palette.name} {k + 1}",
                "colours": palette.colours[k % count :] + palette.colours[: k % count],
            }
        )
        for k in range(n)
    ]


def default_palettes(n: int, persona: Persona | None) -> list[Palette]:
    """The persona's palettes first, then the seasons, until there are `n`; past that, rotations of them."""
    base = (persona_palettes(persona) if persona is not None else []) + [season(name) for name in SEASONS]
    if n <= len(base):
        return base[:n]
    extra = [rotated for palette in base for rotated in rotations(palette, 2)[1:]]
    return (base + extra)[:n]
