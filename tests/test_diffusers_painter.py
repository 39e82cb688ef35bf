"""The diffusers painter, on a tiny random-weight Stable Diffusion pipeline loaded by path as a user's would be.

The weights are random, so the images are noise; what is asserted is what a user relies on: sizes, seeds,
previews, cancel, errors, and that settings (scheduler, LoRA, dtype, memory options) take effect.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import numpy as np
import pytest
import torch
from diffusers import DDIMScheduler, EulerDiscreteScheduler
from PIL import Image
from tiny_diffusion import build_lora

from studiolo.errors import StudioloError
from studiolo.model.diffusers import DiffusersPainter, DiffusersSettings
from studiolo.model.diffusers.previews import FLUX, SD, LatentProjection
from studiolo.model.protocols import CancelToken, Painter, PaintSpec, Preview

torch.set_num_threads(1)  # the tiny models gain nothing from threads, and other test runs share the cores


def make_painter(models: dict[str, Path], **settings) -> DiffusersPainter:
    return DiffusersPainter(DiffusersSettings(model=str(models["pipeline"]), device="cpu", **{"steps": 4, **settings}))


@pytest.fixture(scope="module")
def painter(tiny_diffusion_models: dict[str, Path]) -> DiffusersPainter:
    return make_painter(tiny_diffusion_models, preview_every=0)


def spec(seed: int = 0, size: tuple[int, int] = (64, 64), **kw) -> PaintSpec:
    return PaintSpec(prompt=kw.pop("prompt", "a rose"), width=size[0], height=size[1], seed=seed, **kw)


def pixels(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("RGB"), np.int16)


def same_picture(a: Image.Image, b: Image.Image) -> bool:
    """Equal but for float rounding: batched kernels may sum in another order, moving a rare pixel by one level."""
    difference = np.abs(np.asarray(a.convert("RGB"), np.int16) - np.asarray(b.convert("RGB"), np.int16))
    return int(difference.max()) <= 1 and float((difference > 0).mean()) < 0.001


def test_paints_the_requested_sizes_with_provenance(painter: DiffusersPainter) -> None:
    assert isinstance(painter, Painter)
    result = painter.text_to_image(spec(seed=7, n=2))
    assert not result.cancelled
    assert [p.image.size for p in result.paintings] == [(64, 64), (64, 64)]
    assert [p.seed for p in result.paintings] == [7, 8]
    first = result.paintings[0]
    assert first.backend == f"diffusers:{painter.settings.model}"
    assert first.provenance()["scene"]["steps"] == 4
    assert first.provenance()["scene"]["scheduler"] == "EulerDiscreteScheduler"
    # sizes the model cannot divide evenly are painted at the nearest smaller multiple and resized
    assert painter.text_to_image(spec(size=(100, 72))).paintings[0].image.size == (100, 72)


def test_a_seed_gives_the_same_image_alone_or_in_a_batch(painter: DiffusersPainter) -> None:
    batch = painter.text_to_image(spec(seed=10, n=4)).paintings
    for i in (0, 2):
        alone = painter.text_to_image(spec(seed=10 + i)).paintings[0]
        assert same_picture(alone.image, batch[i].image)
    assert not np.array_equal(pixels(batch[0].image), pixels(batch[1].image))


def test_image_to_image_and_inpaint_reuse_the_loaded_weights(painter: DiffusersPainter) -> None:
    init = painter.text_to_image(spec(seed=1)).paintings[0].image
    refined = painter.image_to_image(spec(seed=2, size=(512, 512)), init, 0.5).paintings[0]
    assert refined.image.size == init.size  # like the embedded painter: the init image's size
    assert refined.scene["strength"] == 0.5
    assert np.array_equal(pixels(painter.image_to_image(spec(), init, 0.0).paintings[0].image), pixels(init))

    mask = Image.new("L", init.size, 0)
    mask.paste(255, (16, 16, 48, 48))
    inpainted = pixels(painter.inpaint(spec(seed=3), init, mask).paintings[0].image)
    inside = np.asarray(mask) > 0
    assert np.array_equal(inpainted[~inside], pixels(init)[~inside])  # outside the mask: untouched
    assert np.abs(inpainted[inside] - pixels(init)[inside]).mean() > 5

    text = painter.pipeline("text_to_image")
    for task in ("image_to_image", "inpaint"):
        other = painter.pipeline(task)
        assert other is not text and other.unet is text.unet and other.vae is text.vae


def test_previews_every_k_steps_in_order_at_the_image_size(tiny_diffusion_models: dict[str, Path]) -> None:
    painter = make_painter(tiny_diffusion_models, steps=20, preview_every=5)
    seen: list[Preview] = []
    result = painter.text_to_image(spec(seed=4, size=(96, 64), n=2), on_preview=seen.append)
    assert [(p.step, p.index) for p in seen] == [(s, i) for s in (5, 10, 15, 20) for i in (0, 1)]
    assert {p.total for p in seen} == {20}
    assert {p.image.size for p in seen} == {(96, 64)}
    assert not np.array_equal(pixels(seen[0].image), pixels(seen[-2].image))  # the picture moves as it denoises
    # image-to-image runs only the last strength * steps steps: previews count those
    seen.clear()
    painter.image_to_image(spec(seed=4), result.paintings[0].image, 0.5, on_preview=seen.append)
    assert [p.step for p in seen] == [5, 10] and {p.total for p in seen} == {10}


def test_the_projection_maps_latents_to_colours_per_family() -> None:
    """Zero latents are mid-grey; SD's fourth channel is the blue-yellow axis; Flux's packed tokens unpack."""
    sd = LatentProjection(SD, vae_scale_factor=8)
    assert {pixels(sd.decode(torch.zeros(1, 4, 8, 8), 64, 64)[0]).mean()} == {127}
    yellow = torch.zeros(1, 4, 8, 8)
    yellow[:, 3] = -1.0
    red, green, blue = pixels(sd.decode(yellow, 64, 64)[0])[0, 0]
    assert red > 127 and green > 127 and blue > 200
    flux = LatentProjection(FLUX, vae_scale_factor=8)
    previews = flux.decode(torch.zeros(2, (96 // 16) * (64 // 16), 64), 64, 96)
    assert [p.size for p in previews] == [(64, 96), (64, 96)]


def test_previews_through_a_tiny_autoencoder(tiny_diffusion_models: dict[str, Path]) -> None:
    painter = make_painter(tiny_diffusion_models, preview_every=2, preview_decoder=str(tiny_diffusion_models["taesd"]))
    seen: list[Preview] = []
    painter.text_to_image(spec(size=(64, 96)), on_preview=seen.append)
    assert [p.step for p in seen] == [2, 4]
    assert {p.image.size for p in seen} == {(64, 96)}


def test_no_previews_asked_none_made(painter: DiffusersPainter) -> None:
    seen: list[Preview] = []
    painter.text_to_image(spec(), on_preview=seen.append)
    assert seen == [] and painter.previews is None


def test_cancel_stops_the_pipeline_within_one_step(tiny_diffusion_models: dict[str, Path]) -> None:
    painter = make_painter(tiny_diffusion_models, steps=20, preview_every=1)
    unet_calls = []
    hook = painter.pipeline("text_to_image").unet.register_forward_hook(lambda *args: unet_calls.append(1))
    cancel = CancelToken()
    steps: list[int] = []

    def on_preview(preview: Preview) -> None:
        steps.append(preview.step)
        if preview.step == 3:
            cancel.cancel()

    try:
        result = painter.text_to_image(spec(), cancel=cancel, on_preview=on_preview)
    finally:
        hook.remove()
    assert result.cancelled and result.paintings == []
    assert max(steps) <= 4
    assert len(unet_calls) <= 4  # the denoising itself stopped, not just the previews
    # cancelled before it starts: no pipeline call at all
    assert painter.text_to_image(spec(), cancel=cancel).cancelled


@pytest.mark.parametrize(
    "error", [torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB"),
              RuntimeError("MPS backend out of memory (MPS allocated: 9 GB)")],
)  # fmt: skip
def test_out_of_memory_is_a_clear_error_and_the_painter_lives_on(
    painter: DiffusersPainter, monkeypatch: pytest.MonkeyPatch, error: RuntimeError
) -> None:
    def exhausted(*args, **kwargs):
        raise error

    unet = painter.pipeline("text_to_image").unet
    monkeypatch.setattr(unet, "forward", exhausted)
    with pytest.raises(StudioloError) as caught:
        painter.text_to_image(spec(n=3))
    assert caught.value.code == "model.out_of_memory"
    assert "3 image(s) at 64 x 64" in caught.value.message and "attention_slicing" in caught.value.message
    monkeypatch.undo()
    assert painter.text_to_image(spec()).paintings[0].image.size == (64, 64)


def test_other_runtime_errors_are_not_called_out_of_memory(painter: DiffusersPainter, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("mat1 and mat2 shapes cannot be multiplied")

    monkeypatch.setattr(painter.pipeline("text_to_image").unet, "forward", broken)
    with pytest.raises(RuntimeError, match="shapes"):
        painter.text_to_image(spec())


@pytest.mark.parametrize("model", ["/nowhere/models/sd-15", "someone/not-in-the-cache"])
def test_a_model_that_is_not_here_fails_fast_with_one_clear_error(model: str) -> None:
    start = time.perf_counter()
    with pytest.raises(StudioloError) as caught:
        DiffusersPainter(DiffusersSettings(model=model))
    assert time.perf_counter() - start < 5  # no network retries
    error = caught.value
    assert error.code == "model.not_found" and error.field == "model"
    assert model in error.message or str(Path(model)) in error.message
    if model.startswith("/"):
        assert "save_pretrained" in error.message
    else:
        assert f"hf download {model}" in error.message and "local folder" in error.message


def test_a_folder_that_is_not_a_pipeline_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(StudioloError) as caught:
        DiffusersPainter(DiffusersSettings(model=str(tmp_path)))
    assert caught.value.code == "model.not_found" and "model_index.json" in caught.value.message


def test_missing_preview_decoder_and_lora_are_named(tiny_diffusion_models: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(StudioloError) as caught:
        make_painter(tiny_diffusion_models, preview_decoder=str(tmp_path / "taesd"))
    assert (caught.value.code, caught.value.field) == ("model.not_found", "preview_decoder")
    with pytest.raises(StudioloError) as caught:
        make_painter(tiny_diffusion_models, lora_paths=[tmp_path / "style.safetensors"])
    assert (caught.value.code, caught.value.field) == ("model.not_found", "lora_paths")


def test_scheduler_steps_guidance_and_negative_prompt_take_effect(tiny_diffusion_models: dict[str, Path]) -> None:
    painter = make_painter(tiny_diffusion_models, scheduler="DDIMScheduler", steps=3, preview_every=1)
    assert isinstance(painter.pipeline("text_to_image").scheduler, DDIMScheduler)
    assert painter.pipeline("image_to_image").scheduler is painter.pipeline("text_to_image").scheduler
    seen: list[Preview] = []
    plain = painter.text_to_image(spec(), on_preview=seen.append).paintings[0]
    assert [p.step for p in seen] == [1, 2, 3]
    assert plain.scene["scheduler"] == "DDIMScheduler"
    negative = painter.text_to_image(spec(negative_prompt="sky")).paintings[0]
    assert negative.scene["negative_prompt"] == "sky"
    assert not np.array_equal(pixels(plain.image), pixels(negative.image))
    unguided = make_painter(tiny_diffusion_models, scheduler="DDIMScheduler", steps=3, guidance_scale=1.0)
    assert not np.array_equal(pixels(plain.image), pixels(unguided.text_to_image(spec()).paintings[0].image))

    with pytest.raises(StudioloError) as caught:
        make_painter(tiny_diffusion_models, scheduler="NoSuchScheduler")
    assert caught.value.code == "settings.invalid" and "EulerDiscreteScheduler" in caught.value.message


def test_a_lora_from_a_folder_or_file_changes_the_picture_by_its_scale(
    tiny_diffusion_models: dict[str, Path], painter: DiffusersPainter, tmp_path: Path
) -> None:
    plain = pixels(painter.text_to_image(spec(seed=5)).paintings[0].image)
    folder = build_lora(tiny_diffusion_models["pipeline"], tmp_path / "lora")
    styled = make_painter(tiny_diffusion_models, preview_every=0, lora_paths=[folder])
    painted = styled.text_to_image(spec(seed=5)).paintings[0]
    assert np.abs(pixels(painted.image) - plain).mean() > 1
    assert painted.scene["loras"] == [str(folder)]
    assert isinstance(styled.pipeline("text_to_image").scheduler, EulerDiscreteScheduler)
    unscaled = make_painter(
        tiny_diffusion_models, preview_every=0, lora_scale=0.0, lora_paths=[folder / "pytorch_lora_weights.safetensors"]
    )
    assert np.abs(pixels(unscaled.text_to_image(spec(seed=5)).paintings[0].image) - plain).max() <= 1


def test_float16_on_the_cpu_falls_back_to_float32_with_a_warning(
    tiny_diffusion_models: dict[str, Path], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="studiolo.model.diffusers.painter"):
        painter = make_painter(tiny_diffusion_models, dtype="float16", preview_every=0)
    assert painter.dtype == torch.float32 and painter.pipeline("text_to_image").unet.dtype == torch.float32
    assert "float16 is not supported on the CPU" in caplog.text
    assert painter.text_to_image(spec()).paintings[0].image.size == (64, 64)
    assert make_painter(tiny_diffusion_models, dtype="bfloat16").pipeline("text_to_image").unet.dtype == torch.bfloat16


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA")
def test_asking_for_a_gpu_that_is_not_there_is_a_clear_error(tiny_diffusion_models: dict[str, Path]) -> None:
    with pytest.raises(StudioloError) as caught:
        DiffusersPainter(DiffusersSettings(model=str(tiny_diffusion_models["pipeline"]), device="cuda"))
    assert (caught.value.code, caught.value.field) == ("model.device_unavailable", "device")


def test_memory_options_are_applied(tiny_diffusion_models: dict[str, Path], caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="studiolo.model.diffusers.painter"):
        painter = make_painter(tiny_diffusion_models, attention_slicing=True, vae_tiling=True, cpu_offload=True)
    pipeline = painter.pipeline("text_to_image")
    assert pipeline.vae.use_tiling
    processors = {type(p).__name__ for p in pipeline.unet.attn_processors.values()}
    assert processors == {"SlicedAttnProcessor"}
    assert "cpu_offload" in caplog.text  # meaningless without a GPU: said, not silently ignored
    assert painter.text_to_image(spec()).paintings[0].image.size == (64, 64)


def test_settings_reject_unknown_options() -> None:
    with pytest.raises(ValueError, match="stepz"):
        DiffusersSettings(model="x", stepz=3)


def test_the_models_own_size_is_known(painter: DiffusersPainter) -> None:
    assert painter.native_side == 64  # the tiny UNet's 8 latents a side, times the VAE's 8


def test_sizes_above_the_models_own_are_planned_as_a_painting_and_tiles() -> None:
    from studiolo.model.diffusers import plan_upscale

    assert plan_upscale(512, 512, 384) is None  # the model paints it directly
    plan = plan_upscale(512, 2048, 2048)
    assert plan is not None
    assert (plan.painted, plan.tile, plan.overlap, plan.tiles) == ((512, 512), 512, 128, 25)
    wide = plan_upscale(512, 1024, 768)
    assert wide is not None and wide.painted == (512, 384)
    with pytest.raises(StudioloError) as refused:
        plan_upscale(512, 4096, 4096)
    assert (refused.value.code, refused.value.field) == ("size.too_large_for_model", "size")
    assert "121 tiles" in refused.value.message and "at most 3200 px a side" in refused.value.message
    assert plan_upscale(512, 3200, 3200) is not None  # the size the refusal names is reachable


def test_a_skipped_draft_is_not_painted(tiny_diffusion_models: dict[str, Path]) -> None:
    """A draft cancelled on its own (CancelToken.skip) before the call is left out of the batch; one skipped during
    the call gets no more previews and is not handed back; a job with every draft skipped makes no pipeline call."""
    painter = make_painter(tiny_diffusion_models, preview_every=1)
    batch_sizes: list[int] = []
    hook = painter.pipeline("text_to_image").unet.register_forward_hook(
        lambda module, args, output: batch_sizes.append(int(args[0].shape[0]))
    )
    try:
        before = CancelToken()
        before.skip(1)
        seen: list[int] = []
        result = painter.text_to_image(spec(seed=20, n=3), cancel=before, on_preview=lambda p: seen.append(p.index))
        guided = painter.settings.guidance_scale > 1  # classifier-free guidance doubles the batch
        assert set(batch_sizes) == {2 * (2 if guided else 1)}  # two images in the call, not three
        assert [(p.index, p.seed) for p in result.paintings] == [(0, 20), (2, 22)] and set(seen) == {0, 2}
        assert same_picture(result.paintings[1].image, painter.text_to_image(spec(seed=22)).paintings[0].image)

        during = CancelToken()
        late: list[tuple[int, int]] = []

        def on_preview(preview: Preview) -> None:
            late.append((preview.index, preview.step))
            if preview.step == 1:
                during.skip(0)

        result = painter.text_to_image(spec(seed=30, n=2), cancel=during, on_preview=on_preview)
        assert [p.index for p in result.paintings] == [1] and not result.cancelled
        assert all(step == 1 for index, step in late if index == 0)  # no preview of it after it was skipped

        batch_sizes.clear()
        every = CancelToken()
        every.skip(0)
        every.skip(1)
        result = painter.text_to_image(spec(seed=40, n=2), cancel=every)
        assert result.paintings == [] and not result.cancelled and batch_sizes == []
    finally:
        hook.remove()
