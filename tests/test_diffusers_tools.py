"""The tools around the diffusers painter: the batching executor, tiled upscaling and seamless tiles.

Upscaling and the offset-and-inpaint seam fix work with any Painter, so they are judged on the embedded sketch
painter's pictures, which have structure a seam can break; the tiny diffusion model's random weights paint noise.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from studiolo.errors import StudioloError
from studiolo.model.diffusers import (
    BatchingExecutor,
    DiffusersPainter,
    DiffusersSettings,
    PaintJob,
    circular_padding,
    fix_seams,
    tile_layout,
    upscale,
)
from studiolo.model.protocols import CancelToken, Painter, PaintResult, PaintSpec, Preview
from studiolo.model.sketch import SketchPainter

torch.set_num_threads(1)  # the tiny models gain nothing from threads, and other test runs share the cores

LANDSCAPE = "yellow and pink flowers on a spring mountain with lush trees"


@pytest.fixture(scope="module")
def painter(tiny_diffusion_models: dict[str, Path]) -> DiffusersPainter:
    settings = DiffusersSettings(model=str(tiny_diffusion_models["pipeline"]), device="cpu", steps=6, preview_every=1)
    return DiffusersPainter(settings)


@pytest.fixture(scope="module")
def sketch() -> SketchPainter:
    return SketchPainter()


def spec(seed: int = 0, size: tuple[int, int] = (64, 64), **kw) -> PaintSpec:
    return PaintSpec(prompt=kw.pop("prompt", "a rose"), width=size[0], height=size[1], seed=seed, **kw)


def pixels(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("RGB"), np.float32)


def same_picture(a: Image.Image, b: Image.Image) -> bool:
    """Equal but for float rounding: batched kernels may sum in another order, moving a rare pixel by one level."""
    difference = np.abs(np.asarray(a.convert("RGB"), np.int16) - np.asarray(b.convert("RGB"), np.int16))
    return int(difference.max()) <= 1 and float((difference > 0).mean()) < 0.001


def count_calls(painter: DiffusersPainter, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the number of jobs in each pipeline call the painter makes."""
    calls: list[int] = []
    run = painter.run

    def counting(jobs, **kwargs):
        calls.append(len(jobs))
        return run(jobs, **kwargs)

    monkeypatch.setattr(painter, "run", counting)
    return calls


# --- batching executor ---


async def test_concurrent_requests_share_one_call_and_equal_single_runs(painter, monkeypatch) -> None:
    specs = [spec(seed=20), spec(seed=30, prompt="sky", n=2), spec(seed=40, negative_prompt="rose")]
    alone = [painter.text_to_image(s) for s in specs]
    calls = count_calls(painter, monkeypatch)
    previews: dict[int, list[Preview]] = {i: [] for i in range(len(specs))}
    executor = BatchingExecutor(painter, max_images=4, window=30.0)  # a full batch starts at once
    try:
        batched = await asyncio.gather(
            *(executor.text_to_image(s, on_preview=previews[i].append) for i, s in enumerate(specs))
        )
    finally:
        executor.close()
    assert calls == [3]
    for single, together in zip(alone, batched):
        assert [p.seed for p in single.paintings] == [p.seed for p in together.paintings]
        for a, b in zip(single.paintings, together.paintings):
            assert same_picture(a.image, b.image)
    # each request gets its own previews: one per step per image of its own
    assert [len(previews[i]) for i in range(3)] == [6, 12, 6]
    assert [p.step for p in previews[0]] == [1, 2, 3, 4, 5, 6]


async def test_cancelling_one_request_leaves_the_others(painter, monkeypatch) -> None:
    calls = count_calls(painter, monkeypatch)
    executor = BatchingExecutor(painter, max_images=4, window=30.0)
    cancel = CancelToken()
    cancelled_steps: list[int] = []

    def cancel_at_step_2(preview: Preview) -> None:
        cancelled_steps.append(preview.step)
        if preview.step == 2:
            cancel.cancel()

    try:
        results = await asyncio.gather(
            executor.text_to_image(spec(seed=1)),
            executor.text_to_image(spec(seed=2), cancel=cancel, on_preview=cancel_at_step_2),
            executor.text_to_image(spec(seed=3)),
            executor.text_to_image(spec(seed=4)),
        )
    finally:
        executor.close()
    assert calls == [4]
    assert results[1] == PaintResult(paintings=[], cancelled=True)
    assert 2 in cancelled_steps
    for result, seed in zip(results[::2] + results[3:], (1, 3, 4)):
        assert not result.cancelled
        assert same_picture(result.paintings[0].image, painter.text_to_image(spec(seed=seed)).paintings[0].image)


def test_a_job_cancelled_mid_call_is_answered_at_once_and_the_call_goes_on(painter: DiffusersPainter) -> None:
    """What the executor builds on: the step callback reports the cancelled job, drops its previews, and the
    pipeline call finishes the other jobs."""
    cancel = CancelToken()
    steps: list[int] = []
    answered: list[PaintJob] = []

    def cancel_at_step_2(preview: Preview) -> None:
        steps.append(preview.step)
        if preview.step == 2:
            cancel.cancel()

    kept = PaintJob("text_to_image", spec(seed=1))
    dropped = PaintJob("text_to_image", spec(seed=2), cancel=cancel, on_preview=cancel_at_step_2)
    results = painter.run([kept, dropped], on_cancelled=answered.append)
    assert answered == [dropped] and steps == [1, 2]
    assert results[1].cancelled and not results[0].cancelled
    assert same_picture(results[0].paintings[0].image, painter.text_to_image(spec(seed=1)).paintings[0].image)


async def test_incompatible_requests_run_in_separate_calls(painter, monkeypatch) -> None:
    calls = count_calls(painter, monkeypatch)
    executor = BatchingExecutor(painter, max_images=8, window=1.0)  # the four are queued well within the window
    init = Image.new("RGB", (64, 64), (200, 120, 40))
    try:
        results = await asyncio.gather(
            executor.text_to_image(spec(seed=1)),
            executor.text_to_image(spec(seed=2, size=(96, 64))),
            executor.image_to_image(spec(seed=3), init, 0.5),
            executor.text_to_image(spec(seed=4)),
        )
    finally:
        executor.close()
    assert sorted(calls) == [1, 1, 2]
    assert [r.paintings[0].image.size for r in results] == [(64, 64), (96, 64), (64, 64), (64, 64)]


async def test_an_abandoned_request_is_cancelled_and_errors_reach_every_request(painter, monkeypatch) -> None:
    executor = BatchingExecutor(painter, max_images=2, window=30.0)
    cancel = CancelToken()
    task = asyncio.ensure_future(executor.text_to_image(spec(), cancel=cancel))
    await asyncio.sleep(0)  # let it reach the queue
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert cancel.cancelled  # a client that went away stops its painting

    def exhausted(*args, **kwargs):
        raise torch.OutOfMemoryError("CUDA out of memory")

    monkeypatch.setattr(painter.pipeline("text_to_image").unet, "forward", exhausted)
    try:
        outcomes = await asyncio.gather(
            executor.text_to_image(spec(seed=1)), executor.text_to_image(spec(seed=2)), return_exceptions=True
        )
    finally:
        executor.close()
    assert [getattr(o, "code", None) for o in outcomes] == ["model.out_of_memory"] * 2
    assert all(isinstance(o, StudioloError) for o in outcomes)


# --- tiled upscaling ---


class Recording:
    """A painter that keeps every tile its image_to_image returns, to paste them without blending."""

    def __init__(self, painter: Painter) -> None:
        self.painter = painter
        self.backend_id = painter.backend_id
        self.tiles: list[Image.Image] = []

    def image_to_image(self, spec, init_image, strength, **kw):
        result = self.painter.image_to_image(spec, init_image, strength, **kw)
        self.tiles.append(result.paintings[0].image)
        return result


def seam_ratio(image: Image.Image, boxes: list[tuple[int, int, int, int]]) -> float:
    """Mean colour step across the lines where tiles start or end, over the median step anywhere."""
    a = pixels(image)
    across_x = np.abs(np.diff(a, axis=1)).mean(axis=(0, 2))  # between column x and x + 1
    across_y = np.abs(np.diff(a, axis=0)).mean(axis=(1, 2))
    xs = {b[0] for b in boxes if b[0] > 0} | {b[2] for b in boxes if b[2] < image.width}
    ys = {b[1] for b in boxes if b[1] > 0} | {b[3] for b in boxes if b[3] < image.height}
    borders = np.concatenate([across_x[[x - 1 for x in sorted(xs)]], across_y[[y - 1 for y in sorted(ys)]]])
    return float(borders.mean() / np.median(np.concatenate([across_x, across_y])))


def test_tiles_cover_2048_and_beyond_with_overlap() -> None:
    for width, height in ((2048, 2048), (4096, 2304), (600, 520)):
        boxes = tile_layout(width, height, 512, 128)
        covered = np.zeros((height, width), np.int8)
        for left, top, right, bottom in boxes:
            assert right - left <= 512 and bottom - top <= 512
            covered[top:bottom, left:right] += 1
        assert covered.min() >= 1
        columns = sorted({(left, right) for left, _, right, _ in boxes})
        assert all(a[1] - b[0] >= 120 for a, b in zip(columns, columns[1:]))  # overlap kept (corners on 8s)


def test_upscaling_with_the_embedded_painter_leaves_no_seams(sketch: SketchPainter) -> None:
    small = sketch.text_to_image(spec(seed=1, size=(128, 128), prompt=LANDSCAPE)).paintings[0].image
    recording = Recording(sketch)
    previews: list[Preview] = []
    result = upscale(
        recording,
        spec(seed=1, prompt=LANDSCAPE),
        small,
        width=512,
        height=384,
        tile=256,
        overlap=64,
        on_preview=previews.append,
    )
    big = result.paintings[0].image
    assert big.size == (512, 384)
    boxes = tile_layout(512, 384, 256, 64)
    assert len(boxes) == len(recording.tiles) == len(previews) == 6
    assert [p.step for p in previews] == list(range(1, 7)) and {p.image.size for p in previews} == {(512, 384)}
    assert seam_ratio(big, boxes) < 1.5

    # the same tiles pasted edge to edge: the metric does see seams when there are some
    pasted = Image.new("RGB", big.size)
    for (left, top, _, _), tile in zip(boxes, recording.tiles):
        pasted.paste(tile, (left, top))
    assert seam_ratio(pasted, boxes) > 2.0


def test_upscaling_with_the_diffusers_painter(painter: DiffusersPainter) -> None:
    small = painter.text_to_image(spec(seed=1)).paintings[0].image
    result = upscale(painter, spec(seed=1), small, width=160, height=128, tile=96, overlap=32, strength=0.5)
    assert result.paintings[0].image.size == (160, 128)
    assert result.paintings[0].scene["tiles"] == len(tile_layout(160, 128, 96, 32)) == 4


def test_upscaling_stops_when_cancelled(sketch: SketchPainter) -> None:
    cancel = CancelToken()
    seen: list[Preview] = []

    def on_preview(preview: Preview) -> None:
        seen.append(preview)
        cancel.cancel()

    small = Image.new("RGB", (64, 64), (90, 140, 200))
    result = upscale(
        sketch, spec(), small, width=256, height=256, tile=128, overlap=32, cancel=cancel, on_preview=on_preview
    )
    assert result.cancelled and len(seen) == 1


# --- seamless tiles ---


def seam_and_neighbours(image: Image.Image, axis: int) -> tuple[float, np.ndarray]:
    """Mean pixel difference across the wrap edge along an axis, and between every pair of neighbours inside."""
    a = pixels(image)
    if axis == 0:
        a = a.transpose(1, 0, 2)
    across = float(np.abs(a[:, -1] - a[:, 0]).mean())
    inside = np.abs(np.diff(a, axis=1)).mean(axis=(0, 2))
    return across, inside


def test_circular_padding_paints_on_a_torus(painter: DiffusersPainter) -> None:
    """Rolling the starting noise rolls the picture: the wrap edge is painted like any edge inside, so no seam.

    Without circular padding, the borders are painted differently and the rolled picture is not the same.
    """
    pipeline = painter.pipeline("text_to_image")
    noise = torch.randn(1, 4, 8, 12, generator=torch.Generator().manual_seed(0))
    rolled_noise = torch.roll(noise, shifts=(2, 4), dims=(2, 3))  # even: the UNet downsamples by 2 once

    def paint(latents: torch.Tensor) -> np.ndarray:
        return pixels(pipeline("a rose", latents=latents, height=64, width=96, num_inference_steps=4).images[0])

    with circular_padding(pipeline.unet, pipeline.vae):
        plain, rolled = paint(noise), paint(rolled_noise)
    assert np.abs(np.roll(plain, (16, 32), axis=(0, 1)) - rolled).max() <= 2
    assert np.abs(np.roll(paint(noise), (16, 32), axis=(0, 1)) - paint(rolled_noise)).mean() > 2

    # the painter paints a pattern exactly so, and leaves the model as it found it afterwards
    tile = painter.text_to_image(spec(seed=9, size=(96, 64), pattern=True)).paintings[0].image
    generator = torch.Generator().manual_seed(9)
    with circular_padding(pipeline.unet, pipeline.vae):
        expected = pipeline(
            "a rose",
            height=64,
            width=96,
            num_inference_steps=6,
            generator=generator,
            guidance_scale=painter.settings.guidance_scale,
        ).images[0]
    assert np.array_equal(pixels(tile), pixels(expected))
    modes = {m.padding_mode for m in pipeline.vae.modules() if isinstance(m, torch.nn.Conv2d)}
    assert modes == {"zeros"}


def test_circular_padding_takes_convolutions_padded_by_name() -> None:
    # padding="same" is a string: the padding check once compared its letters with 0 and raised
    same, valid, numbers = (
        torch.nn.Conv2d(1, 1, 3, padding="same"),
        torch.nn.Conv2d(1, 1, 3),
        torch.nn.Conv2d(1, 1, 3, padding=1),
    )
    model = torch.nn.Sequential(same, valid, numbers)
    with circular_padding(model):
        assert (same.padding_mode, valid.padding_mode, numbers.padding_mode) == ("circular", "zeros", "circular")
        image = torch.arange(16.0).reshape(1, 1, 4, 4)
        assert same(image).shape == image.shape
    assert {same.padding_mode, numbers.padding_mode} == {"zeros"}


def test_seamless_setting_makes_every_image_a_tile(tiny_diffusion_models: dict[str, Path], painter) -> None:
    settings = DiffusersSettings(
        model=str(tiny_diffusion_models["pipeline"]), device="cpu", steps=6, seamless=True, preview_every=0
    )
    tiled = DiffusersPainter(settings).text_to_image(spec(seed=9, size=(96, 64))).paintings[0]
    assert tiled.scene["pattern"] is True
    pattern = painter.text_to_image(spec(seed=9, size=(96, 64), pattern=True)).paintings[0]
    assert np.array_equal(pixels(tiled.image), pixels(pattern.image))


def test_offset_and_inpaint_makes_a_landscape_wrap(sketch: SketchPainter) -> None:
    for seed in (1, 2):
        landscape = sketch.text_to_image(spec(seed=seed, size=(200, 136), prompt=LANDSCAPE)).paintings[0].image
        across, inside = seam_and_neighbours(landscape, axis=0)
        assert across > inside.max()  # sky at the top, meadow at the bottom: a seam

        tile = fix_seams(sketch, spec(seed=seed, prompt=LANDSCAPE), landscape)
        assert tile.size == landscape.size
        for axis in (0, 1):
            across, inside = seam_and_neighbours(tile, axis)
            assert across <= np.quantile(inside, 0.9), (seed, axis)
        # away from the old seams, the picture is where it was, untouched
        assert np.array_equal(pixels(landscape)[25:110, 25:175], pixels(tile)[25:110, 25:175])


def test_offset_and_inpaint_with_the_diffusers_painter(painter: DiffusersPainter) -> None:
    image = painter.text_to_image(spec(seed=3, size=(128, 96))).paintings[0].image
    tile = fix_seams(painter, spec(seed=3), image)
    assert tile.size == (128, 96)
    assert np.array_equal(pixels(tile)[20:76, 20:108], pixels(image)[20:76, 20:108])  # only the seams repainted
    assert not np.array_equal(pixels(tile)[:, :4], pixels(image)[:, :4])
    cancel = CancelToken()
    cancel.cancel()
    assert fix_seams(painter, spec(seed=3), image, cancel=cancel) is None
