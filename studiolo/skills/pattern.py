"""pattern: a seamless textile tile from a motif or from a draft, with a 3 x 3 repeat to judge it by.

From a motif, the tile is painted from the motif's words (enriched by the persona's taste, as imagine does). From
a draft, it is painted from the draft's prompt and seed with the pattern flag set, so the painter reads the same
motifs and colours and lays them out as a repeat; the tile is then the draft's child.

The repeat is a second draft.final, not a preview: it is the picture a designer judges a pattern by, so it is
kept, can be extended or upscaled like any draft, and sits in the lineage as the tile's child (params
`repeat_of`, `repeat`, and `tile`, its period). It is the tile copied 3 x 3, exactly, not painted again.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import numpy as np
from PIL import Image
from pydantic import BaseModel, Field, model_validator

from studiolo.drafts import Draft
from studiolo.errors import StudioloError
from studiolo.events import DraftFinal, Event
from studiolo.model.protocols import MAX_PROMPT_CHARS, MAX_SIDE, MIN_SIDE, Painting, PaintSpec
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
    job_failed,
    run_paint_job,
    text_check,
    understand,
)  # fmt: skip

REPEAT = 3  # the repeat shows the tile 3 x 3: enough to see rhythm and seams


class PatternArgs(RouteArgs):
    motif: str | None = Field(None, max_length=MAX_PROMPT_CHARS, description="the motif to repeat; none: the draft")


# What people say when they want this (the semantic router compares a turn with these), English and Korean.
EXAMPLES = (
    "make a seamless pattern of lemons",
    "turn this into a repeating tile",
    "I need a textile pattern with cherry blossoms",
    "create a wallpaper repeat with birds",
    "design a fabric print of tiny daisies",
    "a tileable pattern with stars",
    "can you make this seamless",
    "make a repeat pattern from this draft",
    "a floral print for a scarf",
    "generate a surface pattern with leaves",
    "I want a polka dot pattern",
    "make wrapping paper with snowflakes",
    "turn the motif into an all-over print",
    "design a tile with geometric shapes",
    "repeat this design as a pattern",
    "a seamless background of clouds",
    "a pattern with strawberries for a dress",
    "a toile de jouy style pattern",
    "make a damask repeat",
    "could this work as a textile",
    "print pattern for pajamas with moons",
    "레몬 패턴 만들어줘",
    "이걸 반복 패턴으로 만들어 줘",
    "꽃무늬 텍스타일 디자인 해줘",
    "심리스 패턴으로 바꿔줘",
    "벽지용 무늬 만들어 줘",
    "원단 프린트 디자인해 줘",
    "별 모양 반복 무늬",
    "이 모티프로 타일 만들어 줘",
    "스카프용 패턴 부탁해",
)

# Its Korean request words in English: the router embeds a Korean turn's English gloss (agent/router/gloss.py).
KOREAN = {
    "패턴": "pattern", "무늬": "pattern", "반복": "repeat", "심리스": "seamless", "타일": "tile",
    "원단": "fabric", "텍스타일": "textile", "벽지": "wallpaper", "포장지": "wrapping paper",
}  # fmt: skip

CUE = re.compile(
    r"\bpat+ern|\bsee?mless|\btil(?:e|es|eable|ing)\b|\brepeat(?:ing|s)?\b|\btextile|\bfabric|\bwallpaper"
    r"|\bwrapping paper|\bdamask|\btoile|\ball-?over print"
    r"|패턴|무늬|텍스타일|심리스|반복|타일|원단|벽지",
    re.IGNORECASE,
)


class PatternParams(BaseModel):
    motif: str | None = Field(
        None,
        min_length=1,
        max_length=MAX_PROMPT_CHARS,
        description="what to repeat, e.g. 'lemons and leaves'; leave out to use a draft",
    )
    draft_id: DraftId | None = Field(None, description="a draft whose motifs and colours to repeat, instead of a motif")
    seed: int | None = Field(None, ge=0, lt=2**32, description="none: the draft's seed, or the session's next seed")
    width: int = Field(512, ge=MIN_SIDE, le=MAX_SIDE // REPEAT, description="the tile's width in pixels")
    height: int = Field(512, ge=MIN_SIDE, le=MAX_SIDE // REPEAT, description="the tile's height in pixels")
    expand: bool = Field(True, description="let the artist enrich a short motif with its taste")

    @model_validator(mode="after")
    def _one_source(self) -> PatternParams:
        if (self.motif is None) == (self.draft_id is None):
            raise ValueError("give a motif or a draft_id, not both and not neither")
        return self


class Pattern(Skill):
    name = "pattern"
    request_field = "motif"
    description = "Make a seamless repeating textile pattern from a motif or from a draft, with a 3 x 3 repeat preview."
    Params = PatternParams
    routing = Routing(
        examples=EXAMPLES,
        korean=KOREAN,
        Args=PatternArgs,
        cue=CUE,
        draft_bonus=0.5,
        offer={"en": "make a repeating pattern", "ko": "반복 패턴을 만들까요"},
    )
    reply = SkillReply(
        en="Here is the pattern: {drafts}, a seamless tile with its repeat.{honesty}",
        ko="패턴이에요: {drafts}, 이음매 없이 이어지는 타일이에요.{honesty}",
        names_source=True,
        phrase=True,
    )

    def read(self, text: str) -> dict[str, Any]:
        return {"motif": words.pattern_motif(text)}

    def fill(self, said: dict[str, Any], turn: TurnContext) -> dict[str, Any]:
        options = turn.options
        values: dict[str, Any] = {"motif": said["motif"]} if said.get("motif") else {"draft_id": turn.draft()}
        values |= turn.size() | ({"seed": options.seed} if options.seed is not None else {})
        return values | ({"expand": False} if options.exact else {})

    async def run(self, params: PatternParams, ctx: SkillContext) -> AsyncIterator[Event]:  # type: ignore[override]
        parent_ids: list[str] = []
        request = None  # a tile from a draft repeats what the draft has; one from a motif is checked against it
        if params.draft_id is not None:
            try:
                draft, _ = ctx.load_draft(params.draft_id)
            except StudioloError as error:
                for event in job_failed(ctx, error):
                    yield event
                return
            prompt, seed, parent_ids = draft.prompt, draft.seed if params.seed is None else params.seed, [draft.id]
        else:
            assert params.motif is not None  # the validator saw to it
            seed = ctx.seed if params.seed is None else params.seed
            request, prompt = understand(ctx, params.motif, seed, expand=params.expand)
        spec = PaintSpec(prompt=prompt, width=params.width, height=params.height, seed=seed, pattern=True)
        call = lambda on_preview: ctx.painter.text_to_image(spec, cancel=ctx.cancel, on_preview=on_preview)  # noqa: E731
        check = text_check(ctx, request, spec) if request is not None else None

        def add_repeat(paintings: list[Painting], finals: list[DraftFinal]) -> list[Event]:
            tile, tile_draft = paintings[0], finals[0].draft
            assert tile_draft is not None  # final_event always attaches it
            return [repeat_event(tile, tile_draft, job_id=ctx.job_id)]

        recorded = {**params.model_dump(), "pattern": True}
        async for event in run_paint_job(
            ctx,
            call,
            skill=self.name,
            prompt=prompt,
            seed=seed,
            params=recorded,
            parent_ids=parent_ids,
            finish=add_repeat,
            check=check,
        ):
            yield event


def repeat_image(tile: Image.Image, times: int = REPEAT) -> Image.Image:
    return Image.fromarray(np.tile(np.asarray(tile.convert("RGB")), (times, times, 1)), "RGB")


def repeat_event(tile: Painting, tile_draft: Draft, *, job_id: str) -> DraftFinal:
    repeat = Painting(repeat_image(tile.image), tile.prompt, tile.seed, tile.backend, tile.scene)
    params = {
        "repeat_of": tile_draft.id,
        "repeat": REPEAT,
        "pattern": True,
        "tile": [tile.image.width, tile.image.height],
    }
    return final_event(repeat, skill="pattern", job_id=job_id, params=params, parent_ids=[tile_draft.id])
