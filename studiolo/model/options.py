"""The options of the real model backends (`models.<slot>_options`), as pydantic models that import no torch.

The registry checks a settings file's options against these before it imports torch, diffusers or transformers,
so a misspelt option is reported in a moment instead of after seconds of imports. The backends take them as built.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from studiolo.errors import StudioloError

PROJECTION = "projection"  # the preview decoder that needs no model: a linear map from latents to colours


def _check_device(name: str) -> str:
    if not re.fullmatch(r"auto|cpu|mps|meta|(cuda|xpu|npu|hpu)(:\d+)?", name):
        raise ValueError(f"{name!r} is not a device; use auto (the default), cpu, cuda, cuda:1 or mps")
    return name


# Where a model runs: 'auto' (a GPU if there is one, else the CPU) or a torch device ('cpu', 'cuda', 'cuda:1', 'mps').
DeviceName = Annotated[str, AfterValidator(_check_device)]


def device_unavailable(name: str) -> StudioloError:
    """`model.device_unavailable` for the `device` option, suggesting what works on every machine."""
    return StudioloError(
        "model.device_unavailable",
        f"{name!r} was asked for, but this torch build sees no such device; use auto (the default: a GPU if there "
        "is one, else the CPU) or cpu",
        field="device",
    )


class DiffusersSettings(BaseModel):
    """How to load and run a diffusers model. Every field has a default except the model itself."""

    model_config = ConfigDict(extra="forbid")

    model: str = Field(
        description="hub id (org/name), a folder saved with save_pretrained, or a single .safetensors/.ckpt file"
    )
    # A single-file checkpoint's configuration: a diffusers pipeline folder (or a hub id in the cache) of the same
    # family. Unset: the family diffusers recognises in the checkpoint, whose configs must then be in the cache.
    config: str | None = None
    device: Literal["auto", "cpu", "cuda", "mps"] = "auto"
    dtype: Literal["auto", "float32", "float16", "bfloat16"] = "auto"
    scheduler: str | None = Field(None, description="a diffusers scheduler class, e.g. EulerDiscreteScheduler")
    steps: int = Field(25, ge=1, le=500)
    guidance_scale: float = Field(7.0, ge=0.0, le=50.0)
    negative_prompt: str = ""  # added to every request's own negative prompt
    lora_paths: list[Path] = Field(default_factory=list)
    lora_scale: float = 1.0
    attention_slicing: bool = False
    vae_tiling: bool = False
    cpu_offload: bool = False
    preview_every: int = Field(1, ge=0, description="preview every k-th denoising step; 0 for none")
    preview_decoder: str = Field(PROJECTION, description='"projection" or the path of an AutoencoderTiny')
    seamless: bool = False  # every image a seamless tile, as if each PaintSpec had pattern=True
    local_files_only: bool = True  # studiolo never downloads at run time unless told to


class TransformersDescriberSettings(BaseModel):
    """How to load and run the describer's model; `model` is a hub id or a local folder."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str = Field(min_length=1)
    instruction: str | None = Field(None, max_length=2000)
    max_new_tokens: int = Field(60, ge=1, le=1024)
    sample: bool = False  # greedy by default: the same image always gets the same words, whatever the seed
    temperature: float = Field(0.7, gt=0.0, le=5.0)
    top_p: float = Field(0.9, gt=0.0, le=1.0)
    measure: bool = True
    device: DeviceName = "auto"
    dtype: Literal["float32", "float16", "bfloat16"] = "float32"  # half precision halves GPU memory
    local_files_only: bool = True  # studiolo never downloads at run time unless told to


class ClipScorerSettings(BaseModel):
    """Which CLIP model to load (a hub id or a local folder) and where to run it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str = Field(min_length=1)
    device: DeviceName = "auto"
    dtype: Literal["float32", "float16", "bfloat16"] = "float32"
    local_files_only: bool = True  # studiolo never downloads at run time unless told to
