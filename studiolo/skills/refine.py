"""refine: apply a collaborator's feedback ("more yellow, less busy, add stars") to a draft -> child drafts.

The children are painted from the draft's prompt with the feedback appended, so the painter reads the feedback
words (warmer, more, less, add, no ...) against what was asked before, and from the draft's seed, so the
composition stays (child i uses seed + i, as in any batch: the first child is the draft changed, the others
variations of it). The sketch painter also keeps the draft's layout, style and detail from the scene recorded in
its PNG. Without a region the whole draft moves towards the new picture by `strength` (image_to_image), by
default far enough that the change shows in full; with a region only that box is repainted (inpaint) and every
pixel outside it stays exactly as it was; an inpaint has no strength, the box is repainted in full.
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from typing import Annotated, Any

from PIL import Image
from pydantic import BaseModel, Field, field_validator

from studiolo.errors import StudioloError
from studiolo.events import Event
from studiolo.model.protocols import MAX_PROMPT_CHARS, PaintResult, PaintSpec, PreviewCallback
from studiolo.skills import words
from studiolo.skills.base import (
    DraftId,
    RouteArgs,
    Routing,
    SelfCheck,
    Skill,
    SkillContext,
    SkillReply,
    TurnContext,
    is_pattern,
    job_failed,
    redraw_spec,
    repaint_with,
    run_paint_job,
)

Fraction = Annotated[float, Field(ge=0, le=1)]


class RefineParams(BaseModel):
    draft_id: DraftId
    feedback: str = Field(
        min_length=1,
        max_length=2000,
        description="the change, in the collaborator's words: 'warmer, less busy, add stars'",
    )
    n: int = Field(2, ge=1, le=16, description="how many variations to paint")
    strength: float = Field(
        0.75,
        gt=0,
        le=1,
        description="how far to move from the draft: 0.2 a touch, 1 a repaint (with a region, the box is repainted in full)",
    )
    region: list[Fraction] | None = Field(
        None, min_length=4, max_length=4,
        description="only repaint this box [x0, y0, x1, y1], as fractions 0..1 of the width and height from the top left",
    )  # fmt: skip

    @field_validator("region")
    @classmethod
    def _box(cls, region: list[float] | None) -> list[float] | None:
        if region is not None and not (region[0] < region[2] and region[1] < region[3]):
            raise ValueError("a region is [x0, y0, x1, y1] with x0 < x1 and y0 < y1")
        return region


def feedback_prompt(prompt: str, feedback: str) -> str:
    """The draft's prompt with the feedback after it, where the painter reads it as a change to what came before."""
    combined = f"{prompt}, {feedback.strip()}" if prompt.strip() else feedback.strip()
    if len(combined) > MAX_PROMPT_CHARS:
        raise StudioloError(
            "prompt.too_long",
            f"the draft's prompt and the feedback exceed {MAX_PROMPT_CHARS:,} characters",
            field="feedback",
        )
    return combined


def region_mask(size: tuple[int, int], region: list[float]) -> Image.Image:
    """White inside the box (widened to whole pixels, at least one), black elsewhere."""
    width, height = size
    x0, y0 = math.floor(region[0] * width), math.floor(region[1] * height)
    x1, y1 = max(x0 + 1, math.ceil(region[2] * width)), max(y0 + 1, math.ceil(region[3] * height))
    mask = Image.new("L", size, 0)
    mask.paste(255, (x0, y0, min(x1, width), min(y1, height)))
    return mask


class RefineArgs(RouteArgs):
    feedback: str = Field(min_length=1, max_length=MAX_PROMPT_CHARS, description="the change asked for, as said")


# What people say when they want this (the semantic router compares a turn with these), English and Korean.
EXAMPLES = (
    "make it warmer",
    "more yellow please",
    "less busy",
    "add some stars to the sky",
    "remove the tree on the left",
    "brighter",
    "can you make the background darker",
    "change the sky to pink",
    "too saturated, tone it down",
    "I like it but the flowers should be bigger",
    "make the colors softer",
    "put a moon in the corner",
    "get rid of the clouds",
    "more contrast",
    "the cat should be orange",
    "a bit less green",
    "swap the blue for teal",
    "try it with a pastel palette",
    "keep the composition but make it moodier",
    "this one but with more flowers",
    "almost there, just lighten the shadows",
    "the left side is too empty",
    "make it look more like a watercolor",
    "simplify it",
    "make the lines thicker",
    "fewer birds",
    "can you fix the colours",
    "I don't like the red",
    "tweak it a little",
    "too dark",
    "add more texture",
    "make it feel like autumn",
    "cooler tones",
    "can the sun be lower",
    "it's nice, but make the sea calmer",
    "replace the house with a windmill",
    "less pink, more blue",
    "the trees look too small",
    "change the style to flat vector",
    "take out the people",
    "좀 더 따뜻하게 해줘",
    "더 밝게",
    "노란색을 더 넣어줘",
    "덜 복잡하게 해 줘",
    "하늘에 별 추가해줘",
    "왼쪽 나무 지워줘",
    "배경을 어둡게 바꿔줘",
    "색감을 부드럽게 해줘",
    "너무 어두워",
    "구름 빼줘",
    "꽃을 더 크게 해줘",
    "조금만 더 파스텔톤으로",
    "분홍색은 줄이고 파란색을 늘려줘",
    "해를 없애 줘",
)

# Its Korean request words in English: the router embeds a Korean turn's English gloss (agent/router/gloss.py).
KOREAN = {
    "밝게": "brighter", "어둡게": "darker", "어두워": "too dark", "따뜻하게": "warmer", "차갑게": "cooler",
    "추가": "add", "넣어": "put in", "빼": "remove", "지워": "erase", "없애": "remove", "바꿔": "change",
    "줄여": "less", "줄이": "less", "단순하게": "simpler", "복잡": "busy", "너무": "too", "진하게": "stronger",
    "부드럽게": "softer", "연하게": "paler",
}  # fmt: skip


class Refine(Skill):
    name = "refine"
    description = (
        "Change the current draft from feedback (more or less of something, add or remove, recolour), as child drafts."
    )
    Params = RefineParams
    # no cue of its own: feedback words ("more", "warmer", "add") count for refine in the router, with a draft
    routing = Routing(
        examples=EXAMPLES,
        korean=KOREAN,
        Args=RefineArgs,
        needs_draft=True,
        draft_bonus=0.5,
        image_bonus=0.5,
        offer={"en": "change the current draft", "ko": "지금 시안을 고칠까요"},
        no_draft={
            "en": "There's no draft yet to change. What would you like me to paint?",
            "ko": "아직 고칠 시안이 없어요. 무엇을 그려 드릴까요?",
        },
    )
    reply = SkillReply(
        en="I reworked it into {drafts}, with “{prompt}”.{honesty} Better?",
        ko="다시 그렸어요: {drafts}, “{prompt}”.{honesty} 어때요?",
        names_source=True,
        phrase=True,
    )

    def read(self, text: str) -> dict[str, Any]:
        return {"feedback": words.tidy(text) or text}

    def fill(self, said: dict[str, Any], turn: TurnContext) -> dict[str, Any]:
        values = {"draft_id": turn.draft(), "feedback": said.get("feedback") or turn.text}
        return values | ({"n": turn.options.n} if turn.options.n is not None else {})

    async def run(self, params: RefineParams, ctx: SkillContext) -> AsyncIterator[Event]:  # type: ignore[override]
        try:
            draft, image = ctx.load_draft(params.draft_id)
            prompt = feedback_prompt(draft.prompt, params.feedback)
        except StudioloError as error:
            for event in job_failed(ctx, error):
                yield event
            return
        request = ctx.read_request(prompt)  # the draft's words with the change: what the children must show
        spec = redraw_spec(draft, prompt=request.painter_prompt(), width=image.width, height=image.height, n=params.n)

        def paint(again: PaintSpec, on_preview: PreviewCallback | None = None) -> PaintResult:
            if params.region is None:
                return ctx.painter.image_to_image(
                    again, image, params.strength, cancel=ctx.cancel, on_preview=on_preview
                )
            return ctx.painter.inpaint(
                again, image, region_mask(image.size, params.region), cancel=ctx.cancel, on_preview=on_preview
            )

        recorded = {**params.model_dump(), "pattern": is_pattern(draft)}  # a refined tile is still a tile
        check = SelfCheck(request, repaint_with(ctx, paint, spec))
        async for event in run_paint_job(ctx, lambda on_preview: paint(spec, on_preview), skill=self.name, prompt=spec.prompt,
                                         seed=spec.seed, params=recorded, parent_ids=[draft.id], check=check):  # fmt: skip
            yield event
