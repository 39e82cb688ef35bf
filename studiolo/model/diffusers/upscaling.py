"""Tiled upscaling: 2048 x 2048 and beyond with a painter that is happiest at about 512 x 512.

The image is resized to the target size, cut into overlapping tiles, and each tile refined by the painter's
image_to_image at a low strength (new detail, same picture). Tiles are blended with feathered weights: inside an
overlap, each tile's weight falls linearly to zero at its own edge, so neighbours cross-fade and no tile edge is
ever a hard line. Any Painter works, the embedded one included.

`plan_upscale` decides how a size above a model's own is reached: painted at the model's size, then upscaled
in tiles of that size; a size needing more than MAX_TILES tiles an image is refused up front, with the reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image

from studiolo.errors import StudioloError
from studiolo.model.protocols import (
    MIN_SIDE,
    CancelToken,
    Painter,
    Painting,
    PaintResult,
    PaintSpec,
    Preview,
    PreviewCallback,
)

ALIGN = 8  # tile corners on a multiple of 8: a diffusion model's latent grid
# Tiles one image may take. Each is an image-to-image call at the model's own size: 64 of SD 1.5's 512 px tiles
# (3200 px a side) take minutes on a GPU and hours on a CPU; beyond that a request is refused before any painting.
MAX_TILES = 64


@dataclass(frozen=True)
class UpscalePlan:
    """How a size above the model's own is reached: paint at `painted`, then upscale to `target` in tiles."""

    painted: tuple[int, int]
    target: tuple[int, int]
    tile: int
    overlap: int
    tiles: int  # per image

    def describe(self) -> str:
        (pw, ph), (tw, th) = self.painted, self.target
        return (
            f"painting at {pw} x {ph}, the model's own size, then upscaling to {tw} x {th} "
            f"in {self.tiles} feathered tiles of {self.tile} px per image"
        )


def plan_upscale(native: int, width: int, height: int) -> UpscalePlan | None:
    """The plan for painting `width` x `height` with a model whose own size is `native` px a side; None when the
    model paints it directly. Raises `size.too_large_for_model` when it would take more than MAX_TILES tiles."""
    longest = max(width, height)
    if longest <= native:
        return None
    overlap = native // 4
    tiles = len(tile_layout(width, height, native, overlap))
    if tiles > MAX_TILES:
        per_side = math.isqrt(MAX_TILES)
        reachable = per_side * (native - overlap) + overlap
        raise StudioloError(
            "size.too_large_for_model",
            f"{width} x {height} is too large for this model: its own size is {native} px, and upscaling to "
            f"{width} x {height} would take {tiles} tiles of {native} px per image, more than the {MAX_TILES} "
            "studiolo paints (already minutes on a GPU and hours on a CPU); ask for at most "
            f"{reachable} px a side, or use a model with a larger own size",
            field="size",
        )
    scale = native / longest
    painted = tuple(max(MIN_SIDE, round(side * scale / ALIGN) * ALIGN) for side in (width, height))
    return UpscalePlan(painted=painted, target=(width, height), tile=native, overlap=overlap, tiles=tiles)  # type: ignore[arg-type]


def upscale(
    painter: Painter,
    spec: PaintSpec,
    image: Image.Image,
    *,
    width: int,
    height: int,
    tile: int = 512,
    overlap: int = 128,
    strength: float = 0.3,
    cancel: CancelToken | None = None,
    on_preview: PreviewCallback | None = None,
) -> PaintResult:
    """`image` at `width` x `height`, refined tile by tile by `painter` with the prompt of `spec`.

    Tile k is painted with seed `spec.seed + k`, so no noise pattern repeats from tile to tile. Previews show the
    whole canvas after each tile.
    """
    if not 0 < overlap < tile:
        raise ValueError("overlap must be positive and smaller than the tile")
    base = np.asarray(image.convert("RGB").resize((width, height), Image.Resampling.LANCZOS), np.float32)
    total = np.zeros_like(base)
    weights = np.zeros((height, width, 1), np.float32)
    boxes = tile_layout(width, height, tile, overlap)
    for k, (left, top, right, bottom) in enumerate(boxes):
        if cancel is not None and cancel.cancelled:
            return PaintResult(paintings=[], cancelled=True)
        crop = Image.fromarray(base[top:bottom, left:right].astype(np.uint8), "RGB")
        tile_spec = spec.model_copy(
            update={"width": right - left, "height": bottom - top, "n": 1, "seed": (spec.seed + k) % 2**32}
        )
        result = painter.image_to_image(tile_spec, crop, strength, cancel=cancel)
        if result.cancelled:
            return PaintResult(paintings=[], cancelled=True)
        refined = np.asarray(result.paintings[0].image.convert("RGB"), np.float32)
        weight = _feather(boxes, k, width, height)
        total[top:bottom, left:right] += refined * weight
        weights[top:bottom, left:right] += weight
        if on_preview is not None:
            canvas = np.where(weights > 0, total / np.maximum(weights, 1e-6), base)
            on_preview(Preview(index=0, step=k + 1, total=len(boxes), image=_to_image(canvas), label=f"tile {k + 1}"))
    upscaled = _to_image(total / weights)
    facts = {
        "task": "upscale",
        "source_size": [image.width, image.height],
        "tile": tile,
        "overlap": overlap,
        "strength": strength,
        "tiles": len(boxes),
        "painter": painter.backend_id,
    }
    return PaintResult(paintings=[Painting(upscaled, spec.prompt, spec.seed, painter.backend_id, facts)])


def tile_layout(width: int, height: int, tile: int, overlap: int) -> list[tuple[int, int, int, int]]:
    """Boxes (left, top, right, bottom) of tiles at most `tile` wide that cover the image, overlapping by at least
    `overlap`, spread evenly, row by row."""
    columns = _spans(width, tile, overlap)
    rows = _spans(height, tile, overlap)
    return [(left, top, right, bottom) for top, bottom in rows for left, right in columns]


def _spans(length: int, tile: int, overlap: int) -> list[tuple[int, int]]:
    if length <= tile:
        return [(0, length)]
    count = math.ceil((length - overlap) / (tile - overlap))
    starts = [round(i * (length - tile) / (count - 1) / ALIGN) * ALIGN for i in range(count)]
    starts[-1] = length - tile  # the last tile ends exactly at the edge, aligned or not
    return [(start, start + tile) for start in starts]


def _feather(boxes: list[tuple[int, int, int, int]], k: int, width: int, height: int) -> np.ndarray:
    """Tile k's blend weight: 1 inside, falling linearly to 0 across each overlap with a neighbour."""
    left, top, right, bottom = boxes[k]
    # How far each neighbour reaches into this tile, per side; the image's own border needs no fade.
    reach = {"left": 0, "right": 0, "top": 0, "bottom": 0}
    for other in boxes[:k] + boxes[k + 1 :]:
        o_left, o_top, o_right, o_bottom = other
        if o_top == top and o_left < left < o_right:
            reach["left"] = max(reach["left"], o_right - left)
        if o_top == top and o_left < right < o_right:
            reach["right"] = max(reach["right"], right - o_left)
        if o_left == left and o_top < top < o_bottom:
            reach["top"] = max(reach["top"], o_bottom - top)
        if o_left == left and o_top < bottom < o_bottom:
            reach["bottom"] = max(reach["bottom"], bottom - o_top)
    across = _ramp(right - left, reach["left"], reach["right"])
    down = _ramp(bottom - top, reach["top"], reach["bottom"])
    return (down[:, None] * across[None, :])[..., None]


def _ramp(length: int, rise: int, fall: int) -> np.ndarray:
    """1 in the middle; rising over the first `rise` pixels and falling over the last `fall`, never quite 0."""
    position = np.arange(length, dtype=np.float32) + 0.5
    ramp = np.ones(length, np.float32)
    if rise:
        ramp = np.minimum(ramp, position / rise)
    if fall:
        ramp = np.minimum(ramp, (length - position) / fall)
    return ramp


def _to_image(pixels: np.ndarray) -> Image.Image:
    return Image.fromarray(np.clip(pixels + 0.5, 0, 255).astype(np.uint8), "RGB")
