"""A pattern tile: reading it, resizing it without breaking its seams, and sampling it as an endless repeat.

A tile repeats in both directions, so every operation here wraps around its edges: resizing pads the tile with
its own opposite edges first (a plain resize would blur each edge against nothing and leave a visible seam
line in the repeat), and sampling takes coordinates modulo the tile.
"""

from __future__ import annotations

import os

import numpy as np
from PIL import Image

from studiolo.errors import StudioloError
from studiolo.model.images import open_image

MIN_TILE_SIDE = 8
MAX_TILE_PIXELS = 4096 * 4096


def read_tile(source: str | os.PathLike[str] | bytes) -> Image.Image:
    """The tile as an RGB image; a file that is not an image, or too small to be a repeat, is a StudioloError."""
    return check_tile(open_image(source, max_pixels=MAX_TILE_PIXELS))


def check_tile(tile: Image.Image) -> Image.Image:
    if min(tile.size) < MIN_TILE_SIDE:
        raise StudioloError(
            "tile.too_small",
            f"the tile is {tile.width} x {tile.height} pixels; a repeat needs at least {MIN_TILE_SIDE} on each side",
            field="tile",
        )
    if tile.mode == "RGB":
        return tile
    if tile.mode in ("RGBA", "LA", "PA") or (tile.mode == "P" and "transparency" in tile.info):
        # a print has no transparency: what shows through is the white of the cloth
        rgba = tile.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return tile.convert("RGB")


def resize_tile(tile: Image.Image, width: int, height: int) -> Image.Image:
    """`tile` resampled to width x height with Lanczos, wrapping round its edges so the result is as seamless
    as the original."""
    if (width, height) == tile.size:
        return tile
    pad_x, pad_y = min(tile.width, 16), min(tile.height, 16)
    padded = Image.fromarray(np.pad(np.asarray(tile), ((pad_y, pad_y), (pad_x, pad_x), (0, 0)), mode="wrap"))
    box = (pad_x, pad_y, pad_x + tile.width, pad_y + tile.height)
    # With a box, Pillow's filter reads the pixels round it too: the wrapped padding, not a clamped edge.
    return padded.resize((width, height), Image.Resampling.LANCZOS, box=box)


def sample_wrapped(tile: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Bilinear samples of `tile` (H x W x C float) at pixel coordinates x, y (any shape), wrapping round."""
    height, width, channels = tile.shape
    flat = tile.reshape(-1, channels)
    x = np.asarray(x, dtype=np.float32) - 0.5  # pixel centres sit at half-integers
    y = np.asarray(y, dtype=np.float32) - 0.5
    x0, y0 = np.floor(x), np.floor(y)
    fx, fy = (x - x0)[..., None], (y - y0)[..., None]
    left = x0.astype(np.int64) % width
    right = np.where(left == width - 1, 0, left + 1)
    top = (y0.astype(np.int64) % height) * width
    bottom = np.where(top == (height - 1) * width, 0, top + width)
    # One flat gather per corner: much faster than indexing rows and columns separately.
    upper = flat.take(top + left, axis=0) * (1 - fx) + flat.take(top + right, axis=0) * fx
    lower = flat.take(bottom + left, axis=0) * (1 - fx) + flat.take(bottom + right, axis=0) * fx
    return upper * (1 - fy) + lower * fy


def seam_ratio(image: Image.Image | np.ndarray) -> float:
    """How visible the wrap-around seams are: the mean colour step across the tile's edges (last column to
    first, last row to first) over the mean step between neighbouring pixels inside it. About 1: seamless."""
    a = np.asarray(image, dtype=np.float64)
    inner = (np.abs(np.diff(a, axis=1)).mean() + np.abs(np.diff(a, axis=0)).mean()) / 2
    across = (np.abs(a[:, 0] - a[:, -1]).mean() + np.abs(a[0] - a[-1]).mean()) / 2
    return float(across / max(inner, 1e-9))
