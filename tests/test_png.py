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


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height (its pixels are one row short: it is never decoded here)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00")) + chunk(b"IEND", b"")


def test_too_many_pixels_is_refused_before_decoding_and_leaves_warnings_alone() -> None:
    """The pixel limit is checked explicitly, from the header; the process-wide warnings filters, which are not
    safe to change while other threads open images, are never touched, even by many uploads at once."""
    import threading
    import warnings

    from studiolo.errors import StudioloError
    from studiolo.model.images import image_size

    filters = list(warnings.filters)
    small = io.BytesIO()
    noise("RGB", 64, 48).save(small, "PNG")
    assert image_size(small.getvalue(), max_pixels=64 * 48) == (64, 48)
    refused: list[str] = []

    def upload(data: bytes) -> None:
        for _ in range(50):
            try:
                open_image(data, max_pixels=1000 * 1000)
            except StudioloError as error:
                refused.append(error.code)

    bomb = _png_claiming(20_000, 20_000)  # 400 million pixels: Pillow's own limit would only warn at 89 million
    threads = [threading.Thread(target=upload, args=(data,)) for data in (bomb, small.getvalue()) * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert refused == ["image.too_large"] * 200
    assert warnings.filters == filters
    with pytest.raises(StudioloError) as too_large:
        image_size(_png_claiming(2000, 2000), max_pixels=1000 * 1000)
    assert too_large.value.code == "image.too_large" and "2000 x 2000" in too_large.value.message
