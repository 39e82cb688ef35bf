"""imagine: N new drafts from a description, diverse in seed and interpretation, previews streamed live."""

from __future__ import annotations

from collections.abc import AsyncIterator

from pydantic import BaseModel, Field

from studiolo.events import Event
from studiolo.model.protocols import MAX_PROMPT_CHARS, MAX_SIDE, MIN_SIDE, PaintSpec
from studiolo.skills.base import Skill, SkillContext, run_paint_job, text_check, understand


class ImagineParams(BaseModel):
    prompt: str = Field(min_length=1, max_length=MAX_PROMPT_CHARS, description="what to paint")
    n: int = Field(4, ge=1, le=16, description="how many drafts")
    seed: int | None = Field(None, ge=0, lt=2**32, description="draft i uses seed + i; none: the session's next seed")
    width: int = Field(512, ge=MIN_SIDE, le=MAX_SIDE)
    height: int = Field(512, ge=MIN_SIDE, le=MAX_SIDE)
    pattern: bool = Field(False, description="a seamless repeating tile")
    expand: bool = Field(True, description="let the artist enrich a short prompt with its taste")


class Imagine(Skill):
    name = "imagine"
    request_field = "prompt"
    description = "Paint new drafts from a description: a scene, a subject, a mood."
    Params = ImagineParams

    async def run(self, params: ImagineParams, ctx: SkillContext) -> AsyncIterator[Event]:  # type: ignore[override]
        seed = ctx.seed if params.seed is None else params.seed
        request, prompt = understand(ctx, params.prompt, seed, expand=params.expand)
        spec = PaintSpec(
            prompt=prompt, width=params.width, height=params.height, seed=seed, n=params.n, pattern=params.pattern
        )
        call = lambda on_preview: ctx.painter.text_to_image(spec, cancel=ctx.cancel, on_preview=on_preview)  # noqa: E731
        check = text_check(ctx, request, spec)
        async for event in run_paint_job(
            ctx, call, skill=self.name, prompt=prompt, seed=seed, params=params.model_dump(), parent_ids=[], check=check
        ):
            yield event
