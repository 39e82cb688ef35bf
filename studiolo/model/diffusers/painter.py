"""DiffusersPainter: the Painter protocol over any diffusers text-to-image pipeline (backend `diffusers:<model>`).

The model is named by hub id or local folder and loaded once with AutoPipelineForText2Image, or is one
original-layout checkpoint file (.safetensors/.ckpt) loaded with the family's `from_single_file`; the image-to-image
and inpainting pipelines are made from it with `from_pipe`, sharing its weights. Every call goes through
`run`, which paints a batch of jobs in one pipeline call:

- one torch.Generator per image, seeded `seed + i` on the CPU, so an image is the same alone or in any batch
  and on any device;
- `callback_on_step_end` checks each job's cancel token after every denoising step (a job whose token is set
  stops getting previews; when every job is cancelled the pipeline's interrupt flag stops it) and hands every
  `preview_every`-th step's latents to a cheap preview decoder;
- running out of memory becomes `model.out_of_memory`, after the memory is given back.

Seamless tiles (`PaintSpec.pattern` or `seamless: true`) pad the UNet's and VAE's convolutions circularly for the
call; pipelines without a UNet (transformers over patches) get the offset-and-inpaint seam fix instead.
"""

from __future__ import annotations

import gc
import inspect
import json
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

import diffusers
import numpy as np
import torch
from diffusers import AutoPipelineForImage2Image, AutoPipelineForInpainting, AutoPipelineForText2Image
from diffusers.configuration_utils import ConfigMixin
from diffusers.loaders.single_file_utils import SingleFileComponentError
from diffusers.pipelines.pipeline_utils import DiffusionPipeline  # `diffusers` shows type checkers a placeholder
from diffusers.schedulers.scheduling_utils import SchedulerMixin
from diffusers.utils import logging as diffusers_logging
from huggingface_hub.errors import HFValidationError
from huggingface_hub.utils import are_progress_bars_disabled, validate_repo_id
from PIL import Image

from studiolo.errors import StudioloError
from studiolo.model.diffusers.previews import PreviewDecoder, make_preview_decoder
from studiolo.model.diffusers.seamless import circular_padding, fix_seams
from studiolo.model.options import DiffusersSettings, device_unavailable
from studiolo.model.protocols import CancelToken, Painting, PaintResult, PaintSpec, Preview, PreviewCallback

logger = logging.getLogger(__name__)

Task = Literal["text_to_image", "image_to_image", "inpaint"]
DTYPES = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}


@dataclass
class PaintJob:
    """One request: what to paint, with what, and whom to tell. `run` paints compatible jobs together."""

    task: Task
    spec: PaintSpec
    init_image: Image.Image | None = None
    mask: Image.Image | None = None
    strength: float = 1.0
    cancel: CancelToken | None = None
    on_preview: PreviewCallback | None = None

    def __post_init__(self) -> None:
        if self.task == "text_to_image":
            return
        if self.init_image is None:
            raise ValueError(f"{self.task} needs an init image")
        if self.task == "image_to_image" and not 0.0 <= self.strength <= 1.0:
            raise ValueError("strength must be between 0 and 1")
        if self.task == "inpaint" and (self.mask is None or self.mask.size != self.init_image.size):
            raise ValueError("inpaint needs a mask the size of the init image")
        # As the embedded painter does, image-to-image and inpainting paint at the init image's size.
        width, height = self.init_image.size
        if (self.spec.width, self.spec.height) != (width, height):
            self.spec = self.spec.model_copy(update={"width": width, "height": height})

    @property
    def init(self) -> Image.Image:
        """The init image of an image-to-image or inpaint job (every such job has one: checked on creation)."""
        if self.init_image is None:
            raise ValueError(f"a {self.task} job has no init image")
        return self.init_image

    @property
    def inpaint_mask(self) -> Image.Image:
        """The mask of an inpaint job (checked on creation)."""
        if self.mask is None:
            raise ValueError(f"a {self.task} job has no mask")
        return self.mask

    @property
    def cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.cancelled

    def skipped(self, index: int) -> bool:
        """Has the caller dropped this image of the job (a designer cancelled that one draft)?"""
        return self.cancel is not None and self.cancel.skipped(index)

    def wanted(self) -> list[int]:
        """The indexes of the images still wanted: a draft skipped before the call is not painted at all."""
        return [i for i in range(self.spec.n) if not self.skipped(i)]


class DiffusersPainter:
    def __init__(self, settings: DiffusersSettings) -> None:
        self.settings = settings
        self.backend_id = f"diffusers:{settings.model}"
        self.device = resolve_device(settings.device)
        self.dtype = resolve_dtype(settings.dtype, self.device)
        self._lock = threading.Lock()  # a pipeline holds per-call state (scheduler steps, interrupt flag)

        base = load_pipeline(settings.model, self.dtype, settings.local_files_only, settings.config)
        if "callback_on_step_end" not in inspect.signature(base.__call__).parameters:
            raise StudioloError(
                "model.unsupported",
                f"{type(base).__name__} has no callback_on_step_end, so it cannot be previewed or cancelled",
                field="model",
            )
        if settings.scheduler is not None:
            base.scheduler = make_scheduler(settings.scheduler, base)
        if settings.lora_paths:
            apply_loras(base, settings.lora_paths, settings.lora_scale)
        if settings.attention_slicing:
            base.enable_attention_slicing()
        if settings.vae_tiling:
            base.vae.enable_tiling()
        if settings.cpu_offload and self.device == "cpu":
            logger.warning("cpu_offload moves models between the CPU and a GPU; on the CPU it does nothing")
        self._pipelines: dict[Task, DiffusionPipeline] = {"text_to_image": self._ready(base)}
        self.previews: PreviewDecoder | None = None
        if settings.preview_every > 0:
            self.previews = make_preview_decoder(
                settings.preview_decoder,
                base,
                device=self.device,
                dtype=self.dtype,
                local_files_only=settings.local_files_only,
            )
        # Circular padding needs convolutions that see the whole picture: a UNet's. Transformers over patches
        # (SD3, Flux, PixArt) get the offset-and-inpaint fix after painting.
        self.circular_tiles = hasattr(base, "unet")
        denoiser = getattr(base, "unet", None) or getattr(base, "transformer", None)
        patch = getattr(getattr(denoiser, "config", None), "patch_size", None) or 1
        self.size_multiple = getattr(base, "vae_scale_factor", 8) * patch
        # The side the model was trained at (512 for SD 1.5, 1024 for SDXL): larger pictures are painted at this
        # size and upscaled in tiles (upscaling.plan_upscale), as one pass far above it is slow and repeats itself.
        latent_side = getattr(getattr(denoiser, "config", None), "sample_size", None)
        latent_side = latent_side or getattr(base, "default_sample_size", None)
        self.native_side: int | None = (
            int(latent_side) * getattr(base, "vae_scale_factor", 8) if isinstance(latent_side, int) else None
        )

    def pipeline(self, task: Task) -> DiffusionPipeline:
        """The diffusers pipeline for `task`, made from the loaded one on first use (no weights are copied)."""
        if task not in self._pipelines:
            base = self._pipelines["text_to_image"]
            auto = AutoPipelineForImage2Image if task == "image_to_image" else AutoPipelineForInpainting
            self._pipelines[task] = self._ready(auto.from_pipe(base))
        return self._pipelines[task]

    def text_to_image(
        self, spec: PaintSpec, *, cancel: CancelToken | None = None, on_preview: PreviewCallback | None = None
    ) -> PaintResult:
        return self.run([PaintJob("text_to_image", spec, cancel=cancel, on_preview=on_preview)])[0]

    def image_to_image(
        self,
        spec: PaintSpec,
        init_image: Image.Image,
        strength: float,
        *,
        cancel: CancelToken | None = None,
        on_preview: PreviewCallback | None = None,
    ) -> PaintResult:
        job = PaintJob("image_to_image", spec, init_image, strength=strength, cancel=cancel, on_preview=on_preview)
        return self.run([job])[0]

    def inpaint(
        self,
        spec: PaintSpec,
        init_image: Image.Image,
        mask: Image.Image,
        *,
        cancel: CancelToken | None = None,
        on_preview: PreviewCallback | None = None,
    ) -> PaintResult:
        return self.run([PaintJob("inpaint", spec, init_image, mask, cancel=cancel, on_preview=on_preview)])[0]

    def batch_key(self, job: PaintJob) -> tuple[Any, ...]:
        """Jobs with equal keys can share one pipeline call (steps and guidance come from the settings)."""
        spec = job.spec
        return (job.task, spec.width, spec.height, job.strength, spec.pattern or self.settings.seamless)

    def run(
        self, jobs: Sequence[PaintJob], *, on_cancelled: Callable[[PaintJob], None] | None = None
    ) -> list[PaintResult]:
        """Paint `jobs` (with equal batch keys) in one pipeline call; one result per job, in order.

        `on_cancelled(job)` is called, from the step callback, as soon as a job's cancel is seen mid-call, so
        a caller can answer that job at once while the others finish.
        """
        if len({self.batch_key(job) for job in jobs}) > 1:
            raise ValueError("jobs in one batch must have the same task, size, strength and pattern")
        batch = _Batch(jobs, on_cancelled)
        # a job whose every draft was skipped before the call is left out of it, and answered with no paintings
        images = self._paint(batch.jobs, batch) if batch.jobs else {}
        results = []
        for job in jobs:
            if job.cancelled:
                results.append(PaintResult(paintings=[], cancelled=True))
                continue
            # a draft skipped during the call was painted with the others (a batch cannot drop one image midway),
            # but it is not handed back, nor are its seams fixed, which would paint it again
            paintings = [
                Painting(image, job.spec.prompt, job.spec.seed + i, self.backend_id, self._provenance(job), i)
                for i, image in images.get(id(job), [])
                if not job.skipped(i)
            ]
            if self._needs_seam_fix(job):
                fixed = [
                    fix_seams(self, job.spec.model_copy(update={"seed": p.seed}), p.image, cancel=job.cancel)
                    for p in paintings
                ]
                done = [image for image in fixed if image is not None]
                if len(done) < len(fixed):
                    results.append(PaintResult(paintings=[], cancelled=True))
                    continue
                for painting, image in zip(paintings, done):
                    painting.image = image
            results.append(PaintResult(paintings=paintings))
        return results

    def _paint(self, jobs: list[PaintJob], batch: _Batch) -> dict[int, list[tuple[int, Image.Image]]]:
        """One pipeline call for every wanted image of `jobs`: id(job) -> its (index, image) pairs (none once all
        are cancelled)."""
        first = jobs[0]
        settings = self.settings
        spec = first.spec
        indexes = batch.indexes
        if first.task == "image_to_image" and int(settings.steps * first.strength) < 1:
            # too weak to take even one denoising step: the init image is the answer
            return {id(job): [(i, job.init.convert("RGB")) for i in indexes[id(job)]] for job in jobs}
        prompts, negatives, generators = [], [], []
        for job in jobs:
            negative = ", ".join(part for part in (settings.negative_prompt, job.spec.negative_prompt) if part)
            for i in indexes[id(job)]:
                prompts.append(job.spec.prompt)
                negatives.append(negative)
                # CPU generators: the same noise for a seed on every device
                generators.append(torch.Generator("cpu").manual_seed(job.spec.seed + i))
        width, height = self._working_size(spec.width, spec.height)
        kwargs: dict[str, Any] = {
            "prompt": prompts,
            "num_inference_steps": settings.steps,
            "guidance_scale": settings.guidance_scale,
            "generator": generators,
            "callback_on_step_end": batch.step_callback(self, width, height),
            "output_type": "pil",
        }
        if any(negatives):
            kwargs["negative_prompt"] = negatives
        if first.task == "text_to_image":
            kwargs.update(width=width, height=height)
        else:
            kwargs["image"] = [
                job.init.convert("RGB").resize((width, height), Image.Resampling.LANCZOS)
                for job in jobs
                for _ in indexes[id(job)]
            ]
        if first.task == "image_to_image":
            kwargs["strength"] = first.strength
        if first.task == "inpaint":
            kwargs["mask_image"] = [
                job.inpaint_mask.convert("L").resize((width, height), Image.Resampling.BILINEAR)
                for job in jobs
                for _ in indexes[id(job)]
            ]
            kwargs.update(width=width, height=height)

        with self._lock:
            pipeline = self.pipeline(first.task)
            seamless = (spec.pattern or settings.seamless) and self.circular_tiles
            tiled = (pipeline.unet, pipeline.vae) if seamless else ()
            out_of_memory = False
            try:
                with circular_padding(*tiled):
                    # each pipeline class defines its own __call__; DiffusionPipeline declares none
                    output = cast(Callable[..., Any], pipeline)(**kwargs)
            except RuntimeError as exc:  # torch.OutOfMemoryError is one; MPS and older CUDA builds say it in words
                if not (isinstance(exc, torch.OutOfMemoryError) or "out of memory" in str(exc).lower()):
                    raise
                out_of_memory = True  # handled below, outside this block, so the traceback's tensors can be freed
            if out_of_memory:
                self._free_memory()
                raise StudioloError(
                    "model.out_of_memory",
                    f"{self.settings.model} ran out of memory painting {len(prompts)} image(s) at {width} x "
                    f"{height}; try fewer or smaller images, or set attention_slicing, vae_tiling or cpu_offload",
                )
        if batch.all_cancelled:
            self._free_memory()
            return {}

        images = iter(output.images)
        painted = {}
        for job in jobs:
            own = [next(images) for _ in indexes[id(job)]]
            if (own[0].width, own[0].height) != (spec.width, spec.height):
                own = [image.resize((spec.width, spec.height), Image.Resampling.LANCZOS) for image in own]
            if job.task == "inpaint":
                own = [_keep_outside(job.init, image, job.inpaint_mask) for image in own]
            painted[id(job)] = list(zip(indexes[id(job)], own, strict=True))
        return painted

    def _ready(self, pipeline: DiffusionPipeline) -> DiffusionPipeline:
        pipeline.set_progress_bar_config(disable=True)
        if self.settings.cpu_offload and self.device != "cpu":
            pipeline.enable_model_cpu_offload(device=self.device)
        else:
            pipeline.to(self.device)
        return pipeline

    def _working_size(self, width: int, height: int) -> tuple[int, int]:
        """The size the pipeline paints at: each side rounded down to what the model divides evenly."""
        multiple = self.size_multiple
        return max(multiple, width // multiple * multiple), max(multiple, height // multiple * multiple)

    def _needs_seam_fix(self, job: PaintJob) -> bool:
        pattern = job.spec.pattern or self.settings.seamless
        return pattern and not self.circular_tiles and job.task != "inpaint"

    def _provenance(self, job: PaintJob) -> dict[str, Any]:
        """What, besides prompt and seed, reproduces the image: it goes into the PNG's provenance."""
        settings = self.settings
        facts: dict[str, Any] = {
            "task": job.task,
            "steps": settings.steps,
            "guidance_scale": settings.guidance_scale,
            "scheduler": type(self._pipelines["text_to_image"].scheduler).__name__,
            "negative_prompt": ", ".join(p for p in (settings.negative_prompt, job.spec.negative_prompt) if p),
            "pattern": job.spec.pattern or settings.seamless,
        }
        if job.task == "image_to_image":
            facts["strength"] = job.strength
        if settings.lora_paths:
            facts["loras"] = [str(path) for path in settings.lora_paths]
            facts["lora_scale"] = settings.lora_scale
        return facts

    def _free_memory(self) -> None:
        gc.collect()
        if self.device == "cuda":
            torch.cuda.empty_cache()
        elif self.device == "mps":
            torch.mps.empty_cache()


class _Batch:
    """The state one pipeline call's step callback keeps: which jobs are cancelled, where their images sit."""

    def __init__(self, jobs: Sequence[PaintJob], on_cancelled: Callable[[PaintJob], None] | None) -> None:
        self.jobs = [job for job in jobs if not job.cancelled]
        # the images each job paints, by index: those skipped before the call are left out of it
        self.indexes: dict[int, list[int]] = {id(job): job.wanted() for job in self.jobs}
        self.jobs = [job for job in self.jobs if self.indexes[id(job)]]
        self.on_cancelled = on_cancelled
        self.dropped: set[int] = set()  # id()s of jobs cancelled during the call

    @property
    def all_cancelled(self) -> bool:
        return len(self.dropped) == len(self.jobs)

    def step_callback(self, painter: DiffusersPainter, width: int, height: int) -> Callable[..., dict[str, Any]]:
        every = painter.settings.preview_every
        decoder = painter.previews
        spec = self.jobs[0].spec
        offsets, start = [], 0
        for job in self.jobs:
            offsets.append(start)
            start += len(self.indexes[id(job)])

        def on_step_end(pipeline: DiffusionPipeline, i: int, t: Any, tensors: dict[str, Any]) -> dict[str, Any]:
            for job in self.jobs:
                if id(job) in self.dropped:
                    continue
                if job.cancelled:
                    self.dropped.add(id(job))
                    if self.on_cancelled is not None:
                        self.on_cancelled(job)
                elif all(job.skipped(index) for index in self.indexes[id(job)]):
                    self.dropped.add(id(job))  # each of its drafts skipped: it goes on for nobody
            if self.all_cancelled:
                pipeline._interrupt = True  # the denoising loop skips every step after this one
                return tensors
            step = i + 1
            if decoder is None or step % every:
                return tensors
            total = getattr(pipeline, "num_timesteps", painter.settings.steps)
            latents = tensors["latents"]
            for job, offset in zip(self.jobs, offsets):
                if job.on_preview is None or id(job) in self.dropped:
                    continue
                indexes = self.indexes[id(job)]
                for index, image in zip(
                    indexes, decoder.decode(latents[offset : offset + len(indexes)], width, height)
                ):
                    if job.skipped(index):  # dropped during the call: nobody watches it any more
                        continue
                    if image.size != (spec.width, spec.height):
                        image = image.resize((spec.width, spec.height), Image.Resampling.BILINEAR)
                    job.on_preview(Preview(index=index, step=step, total=total, image=image, label=f"step {step}"))
            return tensors

        return on_step_end


def resolve_device(device: str) -> str:
    if device == "auto":
        if torch.cuda.is_available():
            return "cuda"
        return "mps" if torch.backends.mps.is_available() else "cpu"
    available = {"cpu": True, "cuda": torch.cuda.is_available(), "mps": torch.backends.mps.is_available()}
    if not available[device]:
        raise device_unavailable(device)
    return device


def resolve_dtype(dtype: str, device: str) -> torch.dtype:
    """float16 on a GPU and float32 on the CPU by default; float16 asked for on the CPU falls back to float32."""
    if dtype == "auto":
        return torch.float32 if device == "cpu" else torch.float16
    if dtype == "float16" and device == "cpu":
        # Many CPU kernels have no float16 version, and the ones that do are slower than float32.
        logger.warning("float16 is not supported on the CPU; painting in float32 instead (bfloat16 works on CPUs)")
        return torch.float32
    return DTYPES[dtype]


SINGLE_FILE_SUFFIXES = (".safetensors", ".ckpt")  # one checkpoint, as ComfyUI and A1111 users have them
# The folders save_pretrained writes inside a pipeline's: pointing at one of them is pointing one level too deep.
PIPELINE_PARTS = ("unet", "vae", "text_encoder", "text_encoder_2", "tokenizer", "tokenizer_2", "scheduler",
                  "transformer", "safety_checker", "feature_extractor")  # fmt: skip


# diffusers' names of the checkpoint families people meet most, as people call them
FAMILIES = {"v1": "Stable Diffusion 1.x", "v2": "Stable Diffusion 2.x", "xl_base": "SDXL", "xl_refiner": "SDXL refiner",
            "playground-v2-5": "Playground v2.5", "sd3": "Stable Diffusion 3", "flux-dev": "Flux dev",
            "flux-schnell": "Flux schnell"}  # fmt: skip


def load_pipeline(
    model: str, dtype: torch.dtype, local_files_only: bool, config: str | None = None
) -> DiffusionPipeline:
    """The text-to-image pipeline in `model` (a folder, a hub id or a single-file checkpoint), or
    `model.not_found` saying how to provide it."""
    if are_progress_bars_disabled():  # diffusers has its own switch; make it honour the hub's, as transformers does
        diffusers_logging.disable_progress_bar()
    path = Path(model).expanduser()
    if path.is_file():
        if path.suffix.lower() in SINGLE_FILE_SUFFIXES:
            return load_single_file(path, dtype, local_files_only, config)
        raise StudioloError(
            "model.not_found",
            f"{path} is a file but not a checkpoint; point `model` at a folder saved with save_pretrained (it holds "
            "model_index.json), a single .safetensors or .ckpt checkpoint, or a hub id",
            field="model",
        )
    if not path.exists() and not _is_hub_id(model):
        raise StudioloError(
            "model.not_found",
            f"there is no model folder at {path}; point `model` at a folder saved with save_pretrained "
            "(it holds model_index.json), a single .safetensors or .ckpt checkpoint, or a hub id",
            field="model",
        )
    try:
        return AutoPipelineForText2Image.from_pretrained(
            str(path) if path.exists() else model, dtype=dtype, local_files_only=local_files_only
        )
    except OSError as exc:  # a missing file, a repo not in the cache, no network
        if path.exists() and path.name in PIPELINE_PARTS and (path.parent / "model_index.json").is_file():
            how = (
                f"{path.name} is one part of a pipeline; point `model` at the pipeline, its parent folder "
                f"{path.parent}, which holds model_index.json"
            )
        elif path.exists():
            how = "the folder must hold a whole diffusers pipeline as save_pretrained writes it (model_index.json)"
        elif local_files_only:
            how = (
                "studiolo does not download models unless told to: download it once with `hf download "
                f"{model}` (huggingface-cli download on older hubs) where there is network and copy the Hugging "
                "Face cache here, point `model` at a local folder, or set local_files_only: false"
            )
        else:
            how = "check the hub id and the network, or point `model` at a local folder"
        reason = str(exc).strip().rstrip(".")
        raise StudioloError(
            "model.not_found", f"cannot load the diffusers model {model!r}: {reason}. {how}", field="model"
        ) from None


def load_single_file(path: Path, dtype: torch.dtype, local_files_only: bool, config: str | None) -> DiffusionPipeline:
    """A pipeline from one original-layout checkpoint (SD 1.x/2.x, SDXL and the other families diffusers'
    `from_single_file` knows), configured by `config` or by the configuration of the family diffusers recognises.

    Offline, that configuration must be local: diffusers would otherwise fetch it from the hub even when told
    local_files_only, so it is looked for in the cache first and a checkpoint without one is refused, saying how
    to provide it or convert the checkpoint once.
    """
    from diffusers.loaders.single_file_utils import (
        fetch_diffusers_config,
        infer_diffusers_model_type,
        load_single_file_checkpoint,
    )

    try:
        checkpoint = load_single_file_checkpoint(str(path), local_files_only=True)
    except Exception as exc:  # safetensors and torch.load raise many kinds for a damaged or foreign file
        raise StudioloError(
            "model.not_found", f"{path} cannot be read as a checkpoint: {str(exc).strip().rstrip('.')}", field="model"
        ) from None
    family = infer_diffusers_model_type(checkpoint)
    family = FAMILIES.get(family, family)
    if config is None:
        config = fetch_diffusers_config(checkpoint)["pretrained_model_name_or_path"]
    del checkpoint  # from_single_file reads the file again; two copies of a checkpoint may not fit
    folder = Path(config).expanduser()
    if not folder.is_dir():
        folder = Path(_configuration(config, path, family, local_files_only))
    index = folder / "model_index.json"
    if not index.is_file():
        raise StudioloError(
            "model.not_found",
            f"config {folder} holds no model_index.json; name the folder of a diffusers pipeline of the same "
            f"family as {path.name} ({family}), as save_pretrained writes it",
            field="config",
        )
    class_name = json.loads(index.read_text(encoding="utf-8")).get("_class_name", "")
    config = str(folder)
    pipeline_class = getattr(diffusers, class_name, None)
    if pipeline_class is None or not hasattr(pipeline_class, "from_single_file"):
        raise StudioloError(
            "model.unsupported", f"diffusers cannot load {class_name or 'this'} pipelines from one file", field="model"
        )
    try:
        return pipeline_class.from_single_file(
            str(path), config=config, torch_dtype=dtype, local_files_only=local_files_only
        )
    except (OSError, ValueError, SingleFileComponentError) as exc:
        reason = str(exc).strip().splitlines()[0].rstrip(".")
        raise StudioloError(
            "model.not_found",
            f"cannot load the checkpoint {path} as a {class_name} configured by {config}: {reason}; "
            f"{_convert_once(path, class_name)}",
            field="model",
        ) from None


def _configuration(repo: str, path: Path, family: str, local_files_only: bool) -> str:
    """The folder of hub model `repo`'s configuration (its JSON and tokenizer files, not its weights): from the
    cache, or fetched if downloads are allowed; else a refusal that says how to get on without it."""
    from huggingface_hub import snapshot_download

    try:
        return snapshot_download(repo, local_files_only=local_files_only, allow_patterns=["*.json", "*.txt", "*.model"])
    except OSError as exc:
        class_name = "StableDiffusionXLPipeline" if "SDXL" in family else "StableDiffusionPipeline"
        why = "which is not in the Hugging Face cache, and downloads are off" if local_files_only else str(exc)
        raise StudioloError(
            "model.not_found",
            f"{path.name} is a single-file {family} checkpoint; diffusers sets one up with the configuration of "
            f"{repo}, {why}. Name a diffusers folder of the same family as painter_options.config, fetch the "
            f"configuration once where there is network (`hf download {repo} --include '*.json' '*.txt'`), or "
            f"{_convert_once(path, class_name)}",
            field="model",
        ) from None


def _convert_once(path: Path, class_name: str) -> str:
    target = path.with_suffix("")
    return (
        f'convert it to a folder once where there is network (python -c "from diffusers import {class_name}; '
        f"{class_name}.from_single_file('{path}').save_pretrained('{target}')\") and point `model` at {target}"
    )


def make_scheduler(name: str, pipeline: DiffusionPipeline) -> SchedulerMixin:
    cls = getattr(diffusers, name, None)
    if not (isinstance(cls, type) and issubclass(cls, SchedulerMixin) and issubclass(cls, ConfigMixin)):
        known = sorted(c.__name__ for c in pipeline.scheduler.compatibles)
        raise StudioloError(
            "settings.invalid",
            f"{name!r} is not a diffusers scheduler; this model works with {', '.join(known)}",
            field="scheduler",
        )
    return cls.from_config(pipeline.scheduler.config)


def apply_loras(pipeline: DiffusionPipeline, paths: list[Path], scale: float) -> None:
    """Load each LoRA (a .safetensors file or a folder holding one) and fuse them into the weights at `scale`.

    Fused, they cost nothing per step, and the from_pipe pipelines share them.
    """
    names = []
    for i, path in enumerate(paths):
        path = path.expanduser()
        if not path.exists():
            raise StudioloError("model.not_found", f"there is no LoRA at {path}", field="lora_paths")
        name = f"lora_{i}"
        try:
            if path.is_file():
                pipeline.load_lora_weights(str(path.parent), weight_name=path.name, adapter_name=name)
            else:
                pipeline.load_lora_weights(str(path), adapter_name=name)
        except (OSError, ValueError) as exc:
            raise StudioloError(
                "model.lora_invalid", f"cannot apply the LoRA {path}: {exc}", field="lora_paths"
            ) from None
        names.append(name)
    pipeline.fuse_lora(lora_scale=scale, adapter_names=names)
    pipeline.unload_lora_weights()  # the fused weights stay; the separate LoRA layers go


def _keep_outside(init: Image.Image, painted: Image.Image, mask: Image.Image) -> Image.Image:
    """The protocol's promise for inpainting: outside the mask, the init image's own pixels."""
    inside = np.asarray(mask.convert("L"), np.float32)[..., None] / 255
    out = np.asarray(init.convert("RGB"), np.float32) * (1 - inside) + np.asarray(painted, np.float32) * inside
    return Image.fromarray(np.clip(out + 0.5, 0, 255).astype(np.uint8), "RGB")


def _is_hub_id(reference: str) -> bool:
    try:
        validate_repo_id(reference)
    except HFValidationError:
        return False
    return True
