"""upscale: a draft at a larger size (2048 on its longer side unless asked otherwise), keeping its aspect.

The draft is enlarged smoothly to the target size, then repainted through the painter at a low strength with its
own prompt and seed: the picture and its layout stay, and the painter re-renders fine detail at full resolution.
How depends on the painter (the context's `upscale_tile`): one that paints any size well (the embedded sketch
painter draws the same scene again at the new size, its previews layer by layer) repaints the whole canvas in one
pass; a diffusion model, which composes well only near its native size, goes through the tiled upscaler
(`studiolo.model.diffusers.upscale`), tile by tile at that size, previews tile by tile.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

from PIL import Image
from pydantic import BaseModel, Field, model_validator

from studiolo.drafts import Draft
from studiolo.errors import StudioloError
from studiolo.events import Event
from studiolo.model.diffusers import upscale as tiled_upscale
from studiolo.model.protocols import MAX_SIDE, MIN_SIDE, PaintResult, PaintSpec, PreviewCallback
from studiolo.skills import words
from studiolo.skills.base import (
    DraftId,
    RouteArgs,
    Routing,
    Skill,
    SkillContext,
    SkillReply,
    TurnContext,
    is_pattern,
    job_failed,
    redraw_spec,
    run_paint_job,
)  # fmt: skip

DEFAULT_SIDE = 2048
STRENGTH = 0.25  # enough for new detail, too little to move the composition


class UpscaleArgs(RouteArgs):
    width: int | None = Field(None, ge=MIN_SIDE, le=MAX_SIDE, description="target width in pixels, when said")
    height: int | None = Field(None, ge=MIN_SIDE, le=MAX_SIDE, description="target height in pixels, when said")
    scale: int | None = Field(None, ge=2, le=8, description="a factor such as 2 for 'double the size', when said")


# What people say when they want this (the semantic router compares a turn with these), English and Korean.
EXAMPLES = (
    "upscale it",
    "make it 4k",
    "higher resolution please",
    "can I get this at 2048",
    "enlarge this for printing",
    "I need a bigger version for a poster",
    "increase the resolution",
    "export it at full size",
    "make it sharper and larger",
    "upscale this to 4096",
    "blow it up to print size",
    "give me a high-res version",
    "double the size",
    "2x upscale",
    "render it in HD",
    "I want to print this on a large canvas",
    "it's too small, enlarge it",
    "make a print-ready version",
    "super resolution please",
    "more pixels",
    "업스케일 해줘",
    "해상도 높여줘",
    "고화질로 만들어 줘",
    "4k로 키워줘",
    "인쇄용으로 크게 만들어 줘",
    "두 배로 키워 줘",
    "더 선명하고 크게 해줘",
    "2048로 확대해줘",
)

# Its Korean request words in English: the router embeds a Korean turn's English gloss (agent/router/gloss.py).
KOREAN = {
    "업스케일": "upscale", "해상도": "resolution", "고화질": "high quality", "고해상도": "high resolution",
    "확대": "enlarge", "인쇄": "print", "키워": "enlarge", "선명": "sharper", "뽑아": "print out",
}  # fmt: skip

CUE = re.compile(
    r"\bup-?s(?:cale|acle)|\bscale (?:it |this )?up\b|\bresolution|\bhi(?:gh)?[- ]?res\b|\b[248] ?k\b|\bhd\b"
    r"|\benlarge"
    r"|\bblow (?:it|this) up|\bsuper[- ]?res|\bprint(?:ing|-ready| quality| size)|\bbigger for\b|\b\d{4}\b"
    r"|업스케일|해상도|고화질|확대|인쇄|키워",
    re.IGNORECASE,
)


class UpscaleParams(BaseModel):
    draft_id: DraftId
    width: int | None = Field(
        None,
        ge=MIN_SIDE,
        le=MAX_SIDE,
        description="target width in pixels; the result fits inside width x height, keeping the draft's aspect",
    )
    height: int | None = Field(None, ge=MIN_SIDE, le=MAX_SIDE, description="target height in pixels")
    scale: float | None = Field(None, gt=1, le=8, description="a factor instead of a size: 2 doubles each side")

    @model_validator(mode="after")
    def _size_or_scale(self) -> UpscaleParams:
        if self.scale is not None and (self.width is not None or self.height is not None):
            raise ValueError("give a size or a scale, not both")
        return self


def target_size(size: tuple[int, int], params: UpscaleParams) -> tuple[int, int]:
    """The size to paint at, with the draft's aspect; a StudioloError when a side falls outside 64..4096."""
    width, height = size
    if params.scale is not None:
        factor = params.scale
    elif params.width is not None and params.height is not None:
        factor = min(params.width / width, params.height / height)
    elif params.width is not None:
        factor = params.width / width
    elif params.height is not None:
        factor = params.height / height
    else:
        factor = DEFAULT_SIDE / max(width, height)
    target = (round(width * factor), round(height * factor))
    if not all(MIN_SIDE <= side <= MAX_SIDE for side in target):
        raise StudioloError(
            "size.out_of_range", f"{width} x {height} at that size would be {target[0]} x {target[1]}; each side must be "
            f"{MIN_SIDE} to {MAX_SIDE} pixels", field="width",
        )  # fmt: skip
    return target


def in_tiles(
    ctx: SkillContext, draft: Draft, image: Image.Image, spec: PaintSpec, tile: int, on_preview: PreviewCallback
) -> PaintResult:
    """The tiled upscaler; its facts join the draft's scene, so a describer still names what was drawn."""
    result = tiled_upscale(
        ctx.painter, spec, image, width=spec.width, height=spec.height, tile=tile, overlap=tile // 4, strength=STRENGTH,
        cancel=ctx.cancel, on_preview=on_preview,
    )  # fmt: skip
    for painting in result.paintings:
        painting.scene = {**draft.scene, "upscale": painting.scene}
    return result


class Upscale(Skill):
    name = "upscale"
    description = "Make a draft larger and sharper: 2048 pixels on its longer side, a given size, or a factor."
    Params = UpscaleParams
    routing = Routing(
        examples=EXAMPLES,
        korean=KOREAN,
        Args=UpscaleArgs,
        cue=CUE,
        needs_draft=True,
        draft_bonus=0.5,
        offer={"en": "make it larger", "ko": "크게 키울까요"},
        no_draft={
            "en": "There's no draft yet to make larger. What should I paint first?",
            "ko": "아직 키울 시안이 없어요. 먼저 무엇을 그릴까요?",
        },
    )
    reply = SkillReply(en="Done: {drafts} at full size.", ko="다 됐어요: {drafts}, 크게 키웠어요.", names_source=True)

    def read(self, text: str) -> dict[str, Any]:
        return words.upscale_size(text)

    def fill(self, said: dict[str, Any], turn: TurnContext) -> dict[str, Any]:
        return {"draft_id": turn.draft(), **{k: said[k] for k in ("width", "height", "scale") if said.get(k)}}

    async def run(self, params: UpscaleParams, ctx: SkillContext) -> AsyncIterator[Event]:  # type: ignore[override]
        try:
            draft, image = ctx.load_draft(params.draft_id)
            width, height = target_size(image.size, params)
        except StudioloError as error:
            for event in job_failed(ctx, error):
                yield event
            return
        spec = redraw_spec(draft, width=width, height=height)
        if (tile := ctx.upscale_tile) is not None:

            def call(on_preview: Any) -> Any:
                return in_tiles(ctx, draft, image, spec, tile, on_preview)
        else:
            enlarged = image.convert("RGB").resize((width, height), Image.Resampling.LANCZOS)

            def call(on_preview: Any) -> Any:
                return ctx.painter.image_to_image(spec, enlarged, STRENGTH, cancel=ctx.cancel, on_preview=on_preview)

        recorded = {**params.model_dump(), "pattern": is_pattern(draft)}
        async for event in run_paint_job(
            ctx, call, skill=self.name, prompt=draft.prompt, seed=draft.seed, params=recorded, parent_ids=[draft.id]
        ):
            yield event
