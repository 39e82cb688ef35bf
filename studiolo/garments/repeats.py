"""Repeat styles: where each pixel of a printed length comes from in the tile.

- full-drop: a plain grid, every tile beside and below the last.
- half-drop: every other column of tiles dropped by half a tile's height.
- brick: every other row of tiles shifted by half a tile's width.
- mirror: every other column mirrored left to right, every other row top to bottom, so each edge meets its own
  reflection (a tile that is not seamless still repeats without a step).

The offset is a whole number of pixels (half of an odd side rounds down) and is reported with the result.
"""

from __future__ import annotations

from typing import Literal, get_args

import numpy as np

RepeatStyle = Literal["full-drop", "half-drop", "brick", "mirror"]
REPEAT_STYLES: tuple[RepeatStyle, ...] = get_args(RepeatStyle)


def repeat_offset(style: RepeatStyle, tile_width: int, tile_height: int) -> tuple[int, int]:
    """(x, y) pixels by which every other row (brick) or column (half-drop) of tiles is shifted."""
    if style == "half-drop":
        return 0, tile_height // 2
    if style == "brick":
        return tile_width // 2, 0
    return 0, 0


def repeat_rows(tile: np.ndarray, style: RepeatStyle, top: int, bottom: int, width: int) -> np.ndarray:
    """Rows top..bottom (exclusive) of the repeat, `width` pixels wide, as an array of the tile's pixels."""
    tile_height, tile_width = tile.shape[:2]
    ys = np.arange(top, bottom)
    xs = np.arange(width)
    tile_rows, tile_cols = ys // tile_height, xs // tile_width
    shift_x, shift_y = repeat_offset(style, tile_width, tile_height)
    if style == "half-drop":
        rows = (ys[:, None] + ((tile_cols % 2) * shift_y)[None, :]) % tile_height
        return tile[rows, (xs % tile_width)[None, :]]
    if style == "brick":
        cols = (xs[None, :] + ((tile_rows % 2) * shift_x)[:, None]) % tile_width
        return tile[(ys % tile_height)[:, None], cols]
    rows, cols = ys % tile_height, xs % tile_width
    if style == "mirror":
        rows = np.where(tile_rows % 2 == 1, tile_height - 1 - rows, rows)
        cols = np.where(tile_cols % 2 == 1, tile_width - 1 - cols, cols)
    return tile[rows[:, None], cols[None, :]]
