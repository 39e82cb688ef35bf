"""The fast PNG writer: exact pixels back through Pillow, text chunks, sizes on a par with Pillow's encoder."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from studiolo.model.images import encode_png, open_image, read_provenance
from studiolo.model.png import write_png
from studiolo.model.protocols import PaintSpec
from studiolo.model.sketch import SketchPainter


def noise(mode: str, width: int, height: int, seed: int = 0) -> Image.Image:
    channels = {"L": 1, "RGB": 3, "RGBA": 4}[mode]
    pixels = np.random.default_rng(seed).integers(0, 256, (height, width, channels), dtype=np.uint8)
    return Image.fromarray(pixels.squeeze(-1) if channels == 1 else pixels, mode)


@pytest.mark.parametrize("mode", ["L", "RGB", "RGBA"])
@pytest.mark.parametrize("size", [(1, 1), (3, 5), (64, 48), (257, 31)])
def test_every_pixel_comes_back(mode: str, size: tuple[int, int]) -> None:
    image = noise(mode, *size)
    decoded = Image.open(io.BytesIO(write_png(image)))
    decoded.load()
    assert decoded.format == "PNG" and decoded.mode == mode and decoded.size == size
    assert np.array_equal(np.asarray(decoded), np.asarray(image))


def test_text_chunks_round_trip_with_any_unicode() -> None:
    provenance = {"prompt": "flowers blooming on Venus · 금성에 피는 꽃 ✿", "seed": 7}
    image = open_image(encode_png(noise("RGB", 20, 10), provenance))
    assert read_provenance(image) == provenance


def test_the_same_image_always_gives_the_same_bytes() -> None:
    assert write_png(noise("RGB", 40, 30), {"k": "v"}) == write_png(noise("RGB", 40, 30), {"k": "v"})
    assert write_png(noise("RGB", 40, 30)) != write_png(noise("RGB", 40, 30, seed=1))


@pytest.mark.parametrize("mode", ["P", "LA", "I;16", "1"])
def test_other_modes_keep_their_pixels_through_pillow(mode: str) -> None:
    image = noise("RGB", 33, 17).convert(mode) if mode != "I;16" else Image.new("I;16", (33, 17), 40000)
    decoded = Image.open(io.BytesIO(write_png(image, {"studiolo": "{}"})))
    decoded.load()
    assert np.array_equal(np.asarray(decoded.convert(image.mode)), np.asarray(image))
    assert decoded.text["studiolo"] == "{}"


def test_a_painting_is_about_as_small_as_pillows_png() -> None:
    spec = PaintSpec(prompt="yellow flowers on a spring mountain, watercolor style", width=512, height=512, seed=3)
    painting = SketchPainter().text_to_image(spec).paintings[0].image
    ours = len(write_png(painting))
    pillows = io.BytesIO()
    painting.save(pillows, format="PNG", compress_level=1)
    assert ours <= 1.15 * len(pillows.getvalue())
