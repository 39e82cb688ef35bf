"""Colourways: the same design in other palettes, each colour replaced by the one that plays its role.

The tile's colours are clustered in CIELAB (the measuring describer's k-means); by share, the largest cluster is
the ground, the next the main motif, the rest accents. Each role takes the palette's colour for that role
(accents beyond the palette reuse its accents, lighter or darker). A pixel is recoloured by where it lies
between its two nearest cluster colours (so anti-aliased edges blend between the new colours, as they did
between the old) plus its own offset from that blend (so shading and texture survive). The mapping is per
pixel, so a seamless tile gives seamless colourways, and every edge of the design stays where it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image

from studiolo.garments.palettes import Palette
from studiolo.garments.tiles import check_tile
from studiolo.model.measure.colour import dominant_palette, hex_to_rgb, lab_to_srgb, srgb_to_lab

MAX_FIT_PIXELS = 256 * 256  # clusters are fitted on at most this many pixels, evenly spread, then applied to all
MIN_SEPARATION = 15.0  # Lab distance below which two roles' new colours would merge and an edge vanish
ACCENT_STEP = 12.0  # lightness added or taken from a palette accent reused for another role
MAX_RESIDUAL = 30.0  # a pixel's own offset (shading, texture) is kept up to this Lab distance
CHUNK = 1 << 18  # pixels recoloured at a time


@dataclass(frozen=True)
class Roles:
    """The tile's colours by role: cluster centres in Lab, largest share (the ground) first, and their shares."""

    centres: np.ndarray
    shares: np.ndarray


@dataclass(frozen=True)
class Colourway:
    image: Image.Image
    palette: Palette
    params: dict[str, Any]


def tile_roles(tile: Image.Image) -> Roles:
    pixels = np.asarray(check_tile(tile), dtype=np.float64).reshape(-1, 3) / 255
    sample = pixels[:: max(1, len(pixels) // MAX_FIT_PIXELS)]
    swatches = dominant_palette(srgb_to_lab(sample), sample)
    return Roles(np.array([s.lab for s in swatches]), np.array([s.share for s in swatches]))


def role_colours(roles: Roles, palette: Palette) -> np.ndarray:
    """The new Lab colour of each role: the palette's colour for it, kept apart from the roles before it."""
    colours = [srgb_to_lab(hex_to_rgb(c)) for c in palette.colours]
    accents = colours[2:] or colours[1:]
    targets: list[np.ndarray] = []
    for role in range(len(roles.centres)):
        if role < len(colours):
            target = colours[role].copy()
        else:
            reuse = role - len(colours)
            target = accents[reuse % len(accents)].copy()
            target[0] += ACCENT_STEP * (1 + reuse // len(accents)) * (1 if reuse % 2 == 0 else -1)
        # Keep the role's lightness relation to the ground (a light motif on a dark ground stays lighter).
        direction = 1.0 if role == 0 or roles.centres[role][0] >= roles.centres[0][0] else -1.0
        for _ in range(16):
            if all(np.linalg.norm(target - other) >= MIN_SEPARATION for other in targets):
                break
            if not 4 <= target[0] + direction * 6 <= 96:
                direction = -direction
            target[0] = np.clip(target[0] + direction * 6, 2, 98)
        targets.append(target)
    return np.array(targets)


def recolour(tile: Image.Image, palette: Palette, roles: Roles | None = None) -> Colourway:
    tile = check_tile(tile)
    roles = roles if roles is not None else tile_roles(tile)
    new = role_colours(roles, palette)
    pixels = np.asarray(tile, dtype=np.float64).reshape(-1, 3) / 255
    out = np.empty_like(pixels)
    for start in range(0, len(pixels), CHUNK):
        out[start : start + CHUNK] = _recolour(srgb_to_lab(pixels[start : start + CHUNK]), roles.centres, new)
    image = Image.fromarray((out.reshape(tile.height, tile.width, 3) * 255 + 0.5).astype(np.uint8))
    params = {
        "palette": palette.name,
        "palette_source": palette.source,
        "colours": palette.colours,
        "roles": len(roles.centres),
    }
    return Colourway(image, palette, params)


def colourways(tile: Image.Image, palettes: list[Palette]) -> list[Colourway]:
    """The tile in each palette; its colours are clustered once."""
    tile = check_tile(tile)
    roles = tile_roles(tile)
    return [recolour(tile, palette, roles) for palette in palettes]


def _recolour(lab: np.ndarray, old: np.ndarray, new: np.ndarray) -> np.ndarray:
    if len(old) == 1:
        return lab_to_srgb(new[0] + np.clip(lab - old[0], -MAX_RESIDUAL, MAX_RESIDUAL))
    distance = ((lab[:, None, :] - old[None, :, :]) ** 2).sum(axis=-1)
    nearest = np.argsort(distance, axis=1)[:, :2]
    a, b = nearest[:, 0], nearest[:, 1]
    span = old[b] - old[a]
    # How far along from its nearest colour towards the next nearest the pixel lies (0: on it; 0.5: halfway).
    t = np.clip(((lab - old[a]) * span).sum(axis=1) / np.maximum((span**2).sum(axis=1), 1e-9), 0, 1)[:, None]
    residual = lab - (old[a] + t * span)
    norm = np.linalg.norm(residual, axis=1, keepdims=True)
    residual *= np.minimum(1.0, MAX_RESIDUAL / np.maximum(norm, 1e-9))
    return lab_to_srgb(new[a] + t * (new[b] - new[a]) + residual)
