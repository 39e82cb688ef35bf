"""extend: grow a draft's canvas in a direction (outpainting), as when a pattern is extended into a garment.

A picture: the larger canvas holds the draft in place, its new area first filled with the draft mirrored at the
edge (a neutral start for diffusion inpainting), and the painter inpaints, with the draft's prompt and seed, under
a mask over the new area that fades a little way into the old one, so the join is soft. Beyond that band every
pixel of the draft stays exactly as it was.

A pattern: the tile simply repeats into the new area, with no painting at all. A pattern's promise is an exact
repeat; inventing new content at the edge would break it, and repeating it is what a garment needs. The period is
the draft's `tile` param when it has one (a 3 x 3 repeat, an earlier extension), else the draft's own size.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any, Literal

import numpy as np
from PIL import Image
from pydantic import BaseModel, Field

from studiolo.drafts import Draft
from studiolo.errors import StudioloError
from studiolo.events import Event, JobFinished, JobStarted
from studiolo.model.protocols import MAX_SIDE, Painting
from studiolo.skills import words
from studiolo.skills.base import (
    DraftId,
    RouteArgs,
    Routing,
    Skill,
    SkillContext,
    SkillReply,
    TurnContext,
    final_event,
    is_pattern,
    job_failed,
    redraw_spec,
    run_paint_job,
)

Direction = Literal["left", "right", "up", "down", "horizontal", "vertical", "all"]
FEATHER = 1 / 32  # of the draft's shorter side: how far the mask fades into the old picture

Pads = tuple[int, int, int, int]  # pixels added on the left, top, right, bottom


class ExtendArgs(RouteArgs):
    direction: Direction | None = Field(None, description="which way to grow the canvas, when said")


# What people say when they want this (the semantic router compares a turn with these), English and Korean.
EXAMPLES = (
    "extend it to the left",
    "make the canvas wider",
    "outpaint the right side",
    "add more sky above",
    "extend the pattern downward",
    "grow the image in all directions",
    "zoom out and show more of the scene",
    "make it taller",
    "continue the scene to the right",
    "expand the background",
    "I need it wider for a banner",
    "extend this pattern into a full garment",
    "stretch the canvas to landscape format",
    "add space at the bottom",
    "can you outpaint this",
    "show what's beyond the edges",
    "make it panoramic",
    "extend upward",
    "more room on both sides",
    "왼쪽으로 확장해줘",
    "캔버스를 더 넓게 해줘",
    "위쪽으로 늘려줘",
    "아래로 이어서 그려줘",
    "가로로 길게 늘려 줘",
    "바깥 부분도 그려 줘",
    "옆으로 더 넓혀 줘",
    "배경을 확장해줘",
)

# Its Korean request words in English: the router embeds a Korean turn's English gloss (agent/router/gloss.py).
KOREAN = {
    "확장": "extend", "늘려": "extend", "넓게": "wider", "넓혀": "widen", "이어서": "continue",
    "바깥": "outside", "양옆": "both sides", "왼쪽": "left", "오른쪽": "right", "위로": "upwards",
    "위쪽": "top", "아래로": "downwards", "아래쪽": "bottom", "가로": "horizontally", "세로": "vertically",
    "캔버스": "canvas",
}  # fmt: skip

CUE = re.compile(
    r"\be?xte?nd|\boutpaint|\bexpand|\bpanoram|\bzoom(?:ed)? out\b|\bbeyond the edges?|\bcontinue\b"
    r"|\bgrow (?:the|it|this)"
    # wider/taller only of the picture itself: "make it wider", not "the river should be wider"
    r"|(?:^|\b(?:it|this|canvas|image|picture|scene|version|format)\s+(?:\w+\s+)?)(?:wider|taller)\b"
    r"|\bwiden (?:it|this|the (?:canvas|image|picture|scene))"
    r"|\b(?:more|add) (?:space|room)\b|\bshow more\b|\bmore (?:\w+ ){0,3}(?:above|below)\b"
    r"|확장|늘려|넓게|넓혀|이어서|바깥|양옆",
    re.IGNORECASE,
)


class ExtendParams(BaseModel):
    draft_id: DraftId
    direction: Direction = Field(description="where to grow: one side, both sides (horizontal, vertical) or all around")
    amount: float = Field(
        0.5,
        gt=0,
        le=2,
        description="how much the canvas grows that way, as a fraction of its size: 0.5 makes it half as large again",
    )


def pads(size: tuple[int, int], direction: Direction, amount: float) -> Pads:
    """Pixels to add on each side; a StudioloError when the canvas would pass the painter's largest side."""
    width, height = size
    grow_x, grow_y = max(1, round(width * amount)), max(1, round(height * amount))
    left = {"left": grow_x, "horizontal": grow_x // 2, "all": grow_x // 2}.get(direction, 0)
    right = {"right": grow_x, "horizontal": grow_x - grow_x // 2, "all": grow_x - grow_x // 2}.get(direction, 0)
    top = {"up": grow_y, "vertical": grow_y // 2, "all": grow_y // 2}.get(direction, 0)
    bottom = {"down": grow_y, "vertical": grow_y - grow_y // 2, "all": grow_y - grow_y // 2}.get(direction, 0)
    new_width, new_height = width + left + right, height + top + bottom
    if max(new_width, new_height) > MAX_SIDE:
        raise StudioloError(
            "size.out_of_range", f"extending {width} x {height} that far gives {new_width} x {new_height}; each side "
            f"must stay within {MAX_SIDE} pixels", field="amount",
        )  # fmt: skip
    return left, top, right, bottom


def pattern_period(draft: Draft, size: tuple[int, int]) -> tuple[int, int]:
    """The tile's size in pixels: the draft's `tile` param when it is a sound one, else the whole draft."""
    tile = draft.params.get("tile")
    if isinstance(tile, list) and len(tile) == 2 and all(isinstance(t, int) and 0 < t <= s for t, s in zip(tile, size)):
        return tile[0], tile[1]
    return size


def repeat_into(image: Image.Image, period: tuple[int, int], added: Pads) -> Image.Image:
    """The canvas grown by `added`, every pixel taken from the image at the same place in the repeat."""
    pixels = np.asarray(image.convert("RGB"))
    left, top, right, bottom = added
    rows = (np.arange(image.height + top + bottom) - top) % period[1]
    columns = (np.arange(image.width + left + right) - left) % period[0]
    return Image.fromarray(pixels[rows][:, columns], "RGB")


def outpaint_canvas(image: Image.Image, added: Pads) -> tuple[Image.Image, Image.Image]:
    """The grown canvas (the draft in place, mirrored outwards) and the inpaint mask, feathered into the draft."""
    left, top, right, bottom = added
    pixels = np.pad(np.asarray(image.convert("RGB")), ((top, bottom), (left, right), (0, 0)), mode="symmetric")
    feather = max(2, round(min(image.size) * FEATHER))

    def ramp(length: int, before: int, after: int) -> np.ndarray:
        """Along one axis: 1 over the added pixels, fading to 0 within `feather` pixels into the old ones."""
        at = np.arange(length + before + after) - before + 0.5  # pixel centres; the old image spans 0..length
        into = np.full(at.shape, np.inf)  # depth into the old image from the nearest grown edge
        if before:
            into = np.minimum(into, at)
        if after:
            into = np.minimum(into, length - at)
        return np.clip(1 - into / feather, 0, 1)

    mask = np.maximum(ramp(image.height, top, bottom)[:, None], ramp(image.width, left, right)[None, :])
    return Image.fromarray(pixels, "RGB"), Image.fromarray(np.round(mask * 255).astype(np.uint8), "L")


class Extend(Skill):
    name = "extend"
    description = (
        "Grow a draft's canvas left, right, up, down, on both sides or all around (outpainting); patterns repeat."
    )
    Params = ExtendParams
    routing = Routing(
        examples=EXAMPLES,
        korean=KOREAN,
        Args=ExtendArgs,
        cue=CUE,
        needs_draft=True,
        draft_bonus=0.5,
        offer={"en": "extend the canvas", "ko": "캔버스를 넓힐까요"},
        no_draft={
            "en": "There's no draft yet to extend. What should I paint first?",
            "ko": "아직 넓힐 시안이 없어요. 먼저 무엇을 그릴까요?",
        },
    )
    reply = SkillReply(
        en="I grew the canvas: {drafts}.{honesty}", ko="캔버스를 넓혔어요: {drafts}.{honesty}", names_source=True
    )

    def read(self, text: str) -> dict[str, Any]:
        return {"direction": words.extend_direction(text)}

    def fill(self, said: dict[str, Any], turn: TurnContext) -> dict[str, Any]:
        return {"draft_id": turn.draft(), "direction": said.get("direction") or "horizontal"}

    async def run(self, params: ExtendParams, ctx: SkillContext) -> AsyncIterator[Event]:  # type: ignore[override]
        try:
            draft, image = ctx.load_draft(params.draft_id)
            added = pads(image.size, params.direction, params.amount)
        except StudioloError as error:
            for event in job_failed(ctx, error):
                yield event
            return
        if is_pattern(draft):
            period = pattern_period(draft, image.size)
            grown = Painting(repeat_into(image, period, added), draft.prompt, draft.seed, draft.model, draft.scene)
            recorded = {**params.model_dump(), "pattern": True, "tile": list(period)}
            final = final_event(grown, skill=self.name, job_id=ctx.job_id, params=recorded, parent_ids=[draft.id])
            for event in (
                JobStarted(job_id=ctx.job_id),
                final,
                JobFinished(job_id=ctx.job_id, draft_ids=[final.draft_id]),
            ):
                yield event
            return
        canvas, mask = outpaint_canvas(image, added)
        spec = redraw_spec(draft, width=canvas.width, height=canvas.height)
        call = lambda on_preview: ctx.painter.inpaint(spec, canvas, mask, cancel=ctx.cancel, on_preview=on_preview)  # noqa: E731
        async for event in run_paint_job(
            ctx,
            call,
            skill=self.name,
            prompt=draft.prompt,
            seed=draft.seed,
            params=params.model_dump(),
            parent_ids=[draft.id],
        ):
            yield event
