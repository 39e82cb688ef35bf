"""Seamless tiles: images whose right edge continues into their left and whose bottom continues into their top.

Two ways, chosen by what the model allows:
- `circular_padding`: pad every convolution of the UNet and the VAE circularly while a call runs. The
  convolutions then see the image as a torus, so nothing about the picture knows where its edges are.
- `fix_seams`: for models whose layout cannot be changed that way (transformers over patches, or any Painter),
  roll the finished image by half its size so its seams form a cross in the middle, inpaint a band over the
  cross, then roll by a quarter and inpaint the two spots where the band had to stop short of the edges. The
  edges themselves are never repainted: after a roll they are pixels that were neighbours inside the image.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
from PIL import Image

from studiolo.model.protocols import CancelToken, Painter, PaintSpec


@contextmanager
def circular_padding(*modules: object) -> Iterator[None]:
    """Pad every padded Conv2d inside `modules` circularly for the duration of the block."""
    import torch  # here, not at the top: fix_seams serves the embedded painter, which needs no torch

    convs = [
        layer
        for module in modules
        if isinstance(module, torch.nn.Module)
        for layer in module.modules()
        if isinstance(layer, torch.nn.Conv2d) and _pads(layer.padding)
    ]
    saved = [conv.padding_mode for conv in convs]
    for conv in convs:
        conv.padding_mode = "circular"  # Conv2d pads with F.pad(mode=padding_mode) before an unpadded conv
    try:
        yield
    finally:
        for conv, mode in zip(convs, saved):
            conv.padding_mode = mode


def fix_seams(
    painter: Painter, spec: PaintSpec, image: Image.Image, *, cancel: CancelToken | None = None
) -> Image.Image | None:
    """`image` made to wrap around seamlessly by offset-and-inpaint with `painter`; None if cancelled."""
    width, height = image.size
    band = max(4, min(width, height) // 16)  # half-width of the repainted band over each seam
    feather = max(2, band // 2)
    spec = spec.model_copy(update={"width": width, "height": height, "n": 1, "pattern": False})

    # Pass 1: the seams become a cross through the middle; repaint it, fading out towards the edges.
    rolled = np.roll(np.asarray(image.convert("RGB")), (height // 2, width // 2), axis=(0, 1))
    cross = np.maximum(
        _ridge(width, width // 2, band, feather)[None, :], _ridge(height, height // 2, band, feather)[:, None]
    )
    mask = cross * _edge_fade(width, height, feather)
    repainted = _inpaint(painter, spec, rolled, mask, cancel)
    if repainted is None:
        return None

    # Pass 2: the stubs left where the cross met the edges, (w/2, 0) and (0, h/2), now lie inside the image.
    shift = (height // 4, width // 4)
    rolled = np.roll(repainted, shift, axis=(0, 1))
    reach = band + 2 * feather
    spots = np.maximum(
        _ridge(width, 3 * width // 4, reach, feather)[None, :] * _ridge(height, height // 4, reach, feather)[:, None],
        _ridge(width, width // 4, reach, feather)[None, :] * _ridge(height, 3 * height // 4, reach, feather)[:, None],
    )
    repainted = _inpaint(painter, spec.model_copy(update={"seed": (spec.seed + 1) % 2**32}), rolled, spots, cancel)
    if repainted is None:
        return None
    # back to where the picture started (a roll keeps a seamless tile seamless)
    restored = np.roll(repainted, (-(height // 2 + shift[0]), -(width // 2 + shift[1])), axis=(0, 1))
    return Image.fromarray(restored, "RGB")


def _inpaint(
    painter: Painter, spec: PaintSpec, pixels: np.ndarray, mask: np.ndarray, cancel: CancelToken | None
) -> np.ndarray | None:
    mask_image = Image.fromarray(np.clip(mask * 255 + 0.5, 0, 255).astype(np.uint8), "L")
    result = painter.inpaint(spec, Image.fromarray(pixels, "RGB"), mask_image, cancel=cancel)
    if result.cancelled:
        return None
    painted = np.asarray(result.paintings[0].image.convert("RGB"), np.float32)
    # Composite here too, so the edges stay exactly as they were even if a painter's inpaint drifts outside the mask.
    weight = mask[..., None]
    return np.clip(pixels * (1 - weight) + painted * weight + 0.5, 0, 255).astype(np.uint8)


def _ridge(length: int, centre: int, half_width: int, feather: int) -> np.ndarray:
    """1 within `half_width` of `centre`, falling linearly to 0 over `feather` more pixels."""
    distance = np.abs(np.arange(length) + 0.5 - centre)
    return np.clip((half_width + feather - distance) / feather, 0.0, 1.0)


def _edge_fade(width: int, height: int, feather: int) -> np.ndarray:
    """0 on the image's border, rising to 1 over `feather` pixels: what pass 1 must leave untouched."""

    def along(length: int) -> np.ndarray:
        index = np.arange(length)
        return np.clip(np.minimum(index, length - 1 - index) / feather, 0.0, 1.0)

    return np.minimum(along(height)[:, None], along(width)[None, :])


def _pads(padding: str | tuple[int, ...]) -> bool:
    """Whether a Conv2d with this padding pads its input: "valid" does not, "same" does (for a 1x1 kernel by
    nothing, which circular mode leaves as it is), numbers when any is above 0."""
    return padding == "same" if isinstance(padding, str) else any(side > 0 for side in padding)
