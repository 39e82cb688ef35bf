"""Cheap previews of a diffusion pipeline's latents while it denoises.

Two decoders, both far cheaper than the pipeline's own VAE:
- `LatentProjection`: a fixed linear map from latent channels to RGB, one per model family. The factors were
  fitted by ComfyUI (comfy/latent_formats.py) on each family's latents as its pipeline holds them (scaled, and
  shifted for SD3 and Flux), which is what `callback_on_step_end` hands us. Well under a millisecond an image.
- `TinyAutoencoderPreview`: an AutoencoderTiny (TAESD and its SDXL, SD3, Flux siblings), closer to the final
  image for a few milliseconds on a GPU.

Both return images at the size being painted, so a client can show a preview where the final image will go.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

import torch
from diffusers.models.autoencoders.autoencoder_tiny import AutoencoderTiny  # from their modules: to type checkers,
from diffusers.pipelines.pipeline_utils import DiffusionPipeline  # `diffusers` itself shows torch-less placeholders
from PIL import Image

from studiolo.errors import StudioloError
from studiolo.model.options import PROJECTION

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LatentFamily:
    name: str
    factors: tuple[tuple[float, float, float], ...]  # one row of RGB weights per latent channel
    bias: tuple[float, float, float] = (0.0, 0.0, 0.0)
    packed: bool = False  # Flux hands the callback 2 x 2 patches as tokens: (batch, tokens, channels * 4)


SD = LatentFamily(
    "sd",
    ((0.3512, 0.2297, 0.3227), (0.3250, 0.4974, 0.2350), (-0.2829, 0.1762, 0.2721), (-0.2120, -0.2616, -0.7177)),
)
SDXL = LatentFamily(
    "sdxl",
    ((0.3651, 0.4232, 0.4341), (-0.2533, -0.0042, 0.1068), (0.1076, 0.1111, -0.0362), (-0.3165, -0.2492, -0.2188)),
    bias=(0.1084, -0.0175, -0.0011),
)
SD3 = LatentFamily(
    "sd3",
    (
        (-0.0922, -0.0175, 0.0749), (0.0311, 0.0633, 0.0954), (0.1994, 0.0927, 0.0458), (0.0856, 0.0339, 0.0902),
        (0.0587, 0.0272, -0.0496), (-0.0006, 0.1104, 0.0309), (0.0978, 0.0306, 0.0427), (-0.0042, 0.1038, 0.1358),
        (-0.0194, 0.0020, 0.0669), (-0.0488, 0.0130, -0.0268), (0.0922, 0.0988, 0.0951), (-0.0278, 0.0524, -0.0542),
        (0.0332, 0.0456, 0.0895), (-0.0069, -0.0030, -0.0810), (-0.0596, -0.0465, -0.0293), (-0.1448, -0.1463, -0.1189),
    ),
    bias=(0.2394, 0.2135, 0.1925),
)  # fmt: skip
FLUX = LatentFamily(
    "flux",
    (
        (-0.0346, 0.0244, 0.0681), (0.0034, 0.0210, 0.0687), (0.0275, -0.0668, -0.0433), (-0.0174, 0.0160, 0.0617),
        (0.0859, 0.0721, 0.0329), (0.0004, 0.0383, 0.0115), (0.0405, 0.0861, 0.0915), (-0.0236, -0.0185, -0.0259),
        (-0.0245, 0.0250, 0.1180), (0.1008, 0.0755, -0.0421), (-0.0515, 0.0201, 0.0011), (0.0428, -0.0012, -0.0036),
        (0.0817, 0.0765, 0.0749), (-0.1264, -0.0522, -0.1103), (-0.0280, -0.0881, -0.0499), (-0.1262, -0.0982, -0.0778),
    ),
    bias=(-0.0329, -0.0718, -0.0851),
    packed=True,
)  # fmt: skip


def latent_family(pipeline: DiffusionPipeline) -> LatentFamily | None:
    """The family whose latents `pipeline` denoises, from its VAE's channels and its class; None if unknown."""
    channels = pipeline.vae.config.latent_channels
    name = type(pipeline).__name__
    if channels == 4:
        return SDXL if "XL" in name else SD
    if channels == 16:
        return FLUX if name.startswith("Flux") else SD3
    return None


class PreviewDecoder(Protocol):
    def decode(self, latents: torch.Tensor, width: int, height: int) -> list[Image.Image]:
        """RGB previews of a batch of latents, each `width` x `height`."""
        ...


class LatentProjection:
    def __init__(self, family: LatentFamily, vae_scale_factor: int) -> None:
        self.family = family
        self.vae_scale_factor = vae_scale_factor
        self._weights = torch.tensor(family.factors, dtype=torch.float32)
        self._bias = torch.tensor(family.bias, dtype=torch.float32)

    def decode(self, latents: torch.Tensor, width: int, height: int) -> list[Image.Image]:
        if self.family.packed:
            latents = unpack_latents(latents, width, height, self.vae_scale_factor)
        if self._weights.device != latents.device:
            self._weights, self._bias = self._weights.to(latents.device), self._bias.to(latents.device)
        # (batch, h, w, channels) @ (channels, 3) on the latents' device; only RGB bytes come back.
        rgb = torch.addmm(self._bias, latents.permute(0, 2, 3, 1).reshape(-1, latents.shape[1]).float(), self._weights)
        rgb = rgb.add_(1).mul_(127.5).clamp_(0, 255).to(torch.uint8).view(latents.shape[0], *latents.shape[2:], 3)
        pixels = rgb.cpu().numpy()
        return [Image.fromarray(p, "RGB").resize((width, height), Image.Resampling.BILINEAR) for p in pixels]


class TinyAutoencoderPreview:
    def __init__(self, model: AutoencoderTiny, *, packed: bool, vae_scale_factor: int) -> None:
        self.model = model
        self.packed = packed
        self.vae_scale_factor = vae_scale_factor

    def decode(self, latents: torch.Tensor, width: int, height: int) -> list[Image.Image]:
        if self.packed:
            latents = unpack_latents(latents, width, height, self.vae_scale_factor)
        config = self.model.config
        # the pipeline's latent space -> the tiny decoder's, as the pipeline itself does for its own VAE
        latents = latents.to(self.model.dtype) / config["scaling_factor"] + config["shift_factor"]
        with torch.no_grad():
            decoded = self.model.decode(latents).sample
        pixels = ((decoded.float() + 1) * 127.5).clamp(0, 255).to(torch.uint8).permute(0, 2, 3, 1).cpu().numpy()
        previews = [Image.fromarray(p, "RGB") for p in pixels]
        if previews[0].size != (width, height):
            previews = [p.resize((width, height), Image.Resampling.BILINEAR) for p in previews]
        return previews


def unpack_latents(latents: torch.Tensor, width: int, height: int, vae_scale_factor: int) -> torch.Tensor:
    """Flux's (batch, tokens, channels * 4) patch tokens -> (batch, channels, h, w) latents."""
    batch, _, packed_channels = latents.shape
    rows, cols = height // (vae_scale_factor * 2), width // (vae_scale_factor * 2)
    latents = latents.view(batch, rows, cols, packed_channels // 4, 2, 2).permute(0, 3, 1, 4, 2, 5)
    return latents.reshape(batch, packed_channels // 4, rows * 2, cols * 2)


def make_preview_decoder(
    setting: str, pipeline: DiffusionPipeline, *, device: str, dtype: torch.dtype, local_files_only: bool
) -> PreviewDecoder | None:
    """The decoder `setting` names ("projection" or an AutoencoderTiny's path), or None if previews can't be made."""
    family = latent_family(pipeline)
    vae_scale_factor = getattr(pipeline, "vae_scale_factor", 8)
    if setting != PROJECTION:
        try:
            model = AutoencoderTiny.from_pretrained(setting, dtype=dtype, local_files_only=local_files_only)
        except OSError as exc:
            raise StudioloError(
                "model.not_found",
                f"cannot load the preview decoder {setting!r} (an AutoencoderTiny such as madebyollin/taesd): {exc}. "
                "Name a folder saved with save_pretrained, or use preview_decoder: projection",
                field="preview_decoder",
            ) from None
        return TinyAutoencoderPreview(
            model.to(device), packed=family is not None and family.packed, vae_scale_factor=vae_scale_factor
        )
    if family is None:
        logger.warning(
            "no latent projection for %s (%d latent channels): previews are off; set preview_decoder to an "
            "AutoencoderTiny folder to have them",
            type(pipeline).__name__,
            pipeline.vae.config.latent_channels,
        )
        return None
    return LatentProjection(family, vae_scale_factor)
