"""An optional CLIP scorer (backend `clip:<hub-id-or-path>`): how well each draft agrees with its prompt.

A score is the cosine similarity of CLIP's image and text embeddings, from -1 to 1; only its order between
drafts of one prompt means much (a good match for the original CLIP models scores about 0.3). Prompts longer than
the text encoder's window (77 tokens for CLIP) are cut to it. Image processing runs on the PIL backend, as in the
transformers describer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import torch
from PIL import Image
from transformers import CLIPConfig, CLIPModel, CLIPProcessor, CLIPTextConfig

from studiolo.errors import StudioloError
from studiolo.model.measure.describer import flatten_to_rgb
from studiolo.model.options import ClipScorerSettings
from studiolo.model.request import AskedThing
from studiolo.model.transformers_describer import load_config, resolve_device

# What a picture without the thing would be captioned: the thing's caption must beat each of these.
NEUTRAL_CAPTIONS = ("a picture", "a plain background", "an abstract pattern")


class ClipScorer:
    """Scores and ranks images by agreement with a prompt; deterministic, and loaded once at construction."""

    def __init__(self, settings: ClipScorerSettings) -> None:
        self.settings = settings
        self.device = resolve_device(settings.device)
        name, local = settings.model, settings.local_files_only
        config = load_config(name, local)
        if not isinstance(config, CLIPConfig):
            raise StudioloError(
                "model.unsupported", f"{name!r} is a {config.model_type!r} model; the scorer needs a CLIP model"
            )
        self.model = CLIPModel.from_pretrained(
            name, local_files_only=local, config=config, dtype=getattr(torch, settings.dtype)
        )
        # transformers' decorated .to() loses its binding for type checkers; at run time it is the model's own
        cast(torch.nn.Module, self.model).to(self.device).eval()
        self.processor = CLIPProcessor.from_pretrained(name, local_files_only=local, backend="pil")
        assert isinstance(config.text_config, CLIPTextConfig)  # a CLIPConfig makes its text config on creation
        self.max_tokens = config.text_config.max_position_embeddings

    def score(self, images: Sequence[Image.Image], prompt: str) -> list[float]:
        """One cosine similarity per image, in the images' order."""
        if not images:
            return []
        return self._similarity(images, [prompt])[:, 0].float().cpu().tolist()

    def shows(self, image: Image.Image, thing: AskedThing) -> bool:
        """Zero-shot: is `thing` in the picture? Its caption must be more likely than each neutral one, by
        CLIP's own softmax over the captions (the self-check's thing detector for real painters)."""
        captions = [f"a picture of {thing.word}", *NEUTRAL_CAPTIONS]
        logits = self._similarity([image], captions)[0] * self.model.logit_scale.exp()
        chances = torch.softmax(logits.float(), dim=0)
        return bool(chances[0] > chances[1:].max())

    def _similarity(self, images: Sequence[Image.Image], texts: list[str]) -> torch.Tensor:
        """Cosine similarities, one row per image and one column per text."""
        inputs = self.processor(
            images=[flatten_to_rgb(image) for image in images],
            text=texts,
            return_tensors="pt",
            padding=True,
            truncation=True,
            max_length=self.max_tokens,
        ).to(self.device, dtype=self.model.dtype)
        try:
            with torch.inference_mode():
                output = self.model(**inputs)
        except (torch.OutOfMemoryError, MemoryError):
            if self.device.type == "cuda":
                torch.cuda.empty_cache()
            raise StudioloError(
                "model.out_of_memory",
                f"{self.settings.model!r} ran out of memory scoring {len(images)} images; score fewer at a time",
            ) from None
        # CLIPModel returns unit-length embeddings, so their dot product is the cosine similarity.
        return output.image_embeds @ output.text_embeds.T

    def rank(self, images: Sequence[Image.Image], prompt: str) -> list[int]:
        """Indices of `images`, best match first; equal scores keep their order."""
        scores = self.score(images, prompt)
        return sorted(range(len(scores)), key=lambda index: -scores[index])
