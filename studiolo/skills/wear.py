"""wear: a pattern draft printed on a garment (dress, shirt, skirt, scarf, tote), as a child draft of the pattern.

The mock-up is `studiolo.garments.wear`: the tile repeated every `scale_cm`, cut into the garment's pieces and
shaded as cloth. Worn again ("make the repeat smaller", "now on a skirt"), a mock-up is not worn itself: its source
tile is, with the mock-up's garment and scale as the starting point, so the result is a sibling made from the
pattern. A picture that is not a seamless tile would show its edges as seams all over a garment, so it is printed
only on a tote (where a designer places a picture once, large); on anything else the artist says why not and
offers the tote or a pattern first.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from typing import Any, Literal

from PIL import Image
from pydantic import BaseModel, Field

from studiolo.drafts import Draft
from studiolo.errors import StudioloError
from studiolo.events import Event, JobFinished, JobStarted
from studiolo.garments import wear as mockup
from studiolo.garments.silhouettes import GarmentName
from studiolo.model.protocols import Painting
from studiolo.skills.base import (
    DraftId,
    RouteArgs,
    Routing,
    Skill,
    SkillContext,
    SkillReply,
    TurnContext,
    design_of,
    final_event,
    is_pattern,
    job_failed,
)  # fmt: skip

PLACEMENT_CM = 36.0  # a picture that is not a tile, on a tote: printed once across the bag's face
SMALLER, LARGER = 0.5, 2.0  # "make the repeat smaller / larger" halves or doubles it


class WearArgs(RouteArgs):
    garment: GarmentName | None = Field(None, description="the garment, when said: dress, shirt, skirt, scarf or tote")
    scale_cm: float | None = Field(
        None, ge=mockup.MIN_REPEAT_CM, le=mockup.MAX_REPEAT_CM, description="the printed repeat in cm, when said"
    )
    resize: Literal["smaller", "larger"] | None = Field(None, description="the repeat made smaller or larger")
    view: Literal["front", "back"] | None = Field(None, description="front or back, when said")


class WearParams(BaseModel):
    draft_id: DraftId
    garment: GarmentName | None = Field(None, description="none: a mock-up's own garment, else a dress")
    scale_cm: float | None = Field(
        None, ge=mockup.MIN_REPEAT_CM, le=mockup.MAX_REPEAT_CM, description="the repeat's width; none: as before"
    )
    resize: Literal["smaller", "larger"] | None = Field(None, description="relative to the mock-up worn before")
    view: Literal["front", "back"] | None = None
    size: int = Field(mockup.DEFAULT_SIDE, ge=256, le=2048, description="the picture's longer side in pixels")


# What people say when they want this (the semantic router compares a turn with these), English and Korean.
EXAMPLES = (
    "show it on a dress",
    "what would this look like as a shirt",
    "put the pattern on a skirt",
    "mock it up on a scarf",
    "print this on a tote bag",
    "can I see it worn",
    "make the repeat smaller",
    "bigger repeat please",
    "try the print at 8 cm",
    "show me the back of the dress",
    "a garment mock-up of this pattern",
    "how does it look on clothes",
    "옷에 입혀 줘",
    "원피스에 입혀 봐",
)

# Its Korean request words in English: the router embeds a Korean turn's English gloss (agent/router/gloss.py).
KOREAN = {
    "입혀": "wear", "입히": "wear", "입어": "wear", "입은": "in", "옷": "clothes", "원피스": "dress",
    "드레스": "dress", "셔츠": "shirt", "블라우스": "blouse", "치마": "skirt", "스커트": "skirt",
    "스카프": "scarf", "머플러": "scarf", "에코백": "tote bag", "가방": "bag", "토트": "tote",
    "뒷모습": "back view", "뒷면": "back", "앞모습": "front view", "목업": "mock-up", "프린트": "print",
    "센티": "cm", "센치": "cm", "간격": "spacing",
}  # fmt: skip

_GARMENT_WORDS: dict[str, GarmentName] = {
    "dress": "dress", "gown": "dress", "원피스": "dress", "드레스": "dress",
    "shirt": "shirt", "blouse": "shirt", "셔츠": "shirt", "블라우스": "shirt",
    "skirt": "skirt", "치마": "skirt", "스커트": "skirt",
    "scarf": "scarf", "shawl": "scarf", "스카프": "scarf", "머플러": "scarf",
    "tote": "tote", "bag": "tote", "토트": "tote", "에코백": "tote", "가방": "tote",
}  # fmt: skip
_GARMENT = re.compile(r"(?<![a-z])(" + "|".join(_GARMENT_WORDS) + r")(?:e?s)?(?![a-z])", re.IGNORECASE)
_SCALE = re.compile(r"(\d{1,3}(?:\.\d+)?)\s*(?:cm\b|centimet(?:er|re)s?\b|센티|센치)", re.IGNORECASE)
_SMALLER = re.compile(r"\b(?:smaller|tinier|finer|shrink|reduce)\b|작게|줄여|촘촘", re.IGNORECASE)
_LARGER = re.compile(r"\b(?:bigger|larger|enlarge|bolder)\b|크게|키워", re.IGNORECASE)
_BACK = re.compile(r"\bback\b|뒷면|뒤쪽|뒤에서|뒷모습", re.IGNORECASE)
# A garment named as where the print goes ("on a dress", "원피스에", "셔츠로"), not one worn in a picture ("a girl in a
# dress", "원피스를 입은 여자")
CUE = re.compile(
    r"\b(?:on|as|onto)\s+(?:an?\s+|the\s+|my\s+)?(?:[a-z]+\s+)?(?:"
    + "|".join(w for w in _GARMENT_WORDS if w.isascii())
    + r")|(?:"
    + "|".join(w for w in _GARMENT_WORDS if not w.isascii())
    + r")(?:에|으?로)|\brepeat\b|\bworn\b|\bwear (?:it|this|that)\b"
    r"|\bmock-?up|\bgarment|\bclothes|입혀|옷(?:에|으로)|반복\s*(?:크기|간격)|반복을|무늬\s*크기",
    re.IGNORECASE,
)


def read_wear(text: str) -> dict[str, Any]:
    said: dict[str, Any] = {}
    if match := _GARMENT.search(text):
        said["garment"] = _GARMENT_WORDS[match.group(1).lower()]
    if match := _SCALE.search(text):
        said["scale_cm"] = float(match.group(1))
    elif _SMALLER.search(text):
        said["resize"] = "smaller"
    elif _LARGER.search(text):
        said["resize"] = "larger"
    if _BACK.search(text):
        said["view"] = "back"
    return said


def source_of(draft: Draft, ctx: SkillContext) -> tuple[Draft, Image.Image, dict[str, Any]]:
    """The tile to wear, and what a mock-up worn before says (its garment, scale, view) to start from."""
    tile, image = design_of(draft, ctx.load_draft)
    return tile, image, draft.params if draft.skill == "wear" else {}


def plan(params: WearParams, tile: Draft, before: dict[str, Any]) -> dict[str, Any]:
    """The garment, view and scale to wear `tile` at; a coded error for a picture no garment but a tote can take."""
    garment = params.garment or before.get("garment") or "dress"
    seamless = is_pattern(tile)
    if not seamless and garment != "tote":
        raise StudioloError(
            "wear.not_a_pattern",
            f"draft {tile.id} is a picture, not a seamless tile: its edges would show as seams all over a {garment}. "
            "I can print it once on a tote, or make a pattern from it first",
            field="draft_id",
        )
    default = float(before.get("scale_cm", mockup.DEFAULT_REPEAT_CM if seamless else PLACEMENT_CM))
    scale = params.scale_cm
    if scale is None:
        scale = default * {"smaller": SMALLER, "larger": LARGER, None: 1.0}[params.resize]
    if not mockup.MIN_REPEAT_CM <= scale <= mockup.MAX_REPEAT_CM:
        raise StudioloError(
            "scale.out_of_range",
            f"a repeat of {scale:g} cm is past what I print ({mockup.MIN_REPEAT_CM:g} to {mockup.MAX_REPEAT_CM:g} cm)",
            field="scale_cm",
        )
    return {"garment": garment, "view": params.view or before.get("view", "front"), "scale_cm": scale,
            "seamless": seamless}  # fmt: skip


class Wear(Skill):
    name = "wear"
    description = (
        "Show a pattern draft printed on a garment (dress, shirt, skirt, scarf or tote) at a real repeat size in cm; "
        "on a mock-up, wear its pattern again at another scale or on another garment."
    )
    Params = WearParams
    routing = Routing(
        examples=EXAMPLES,
        korean=KOREAN,
        Args=WearArgs,
        cue=CUE,
        needs_draft=True,
        offer={"en": "show it on a garment", "ko": "옷에 입혀 볼까요"},
        no_draft={
            "en": "There's no pattern yet to put on a garment. Shall I paint one first?",
            "ko": "아직 옷에 입힐 패턴이 없어요. 먼저 하나 그려 볼까요?",
        },
    )
    reply = SkillReply(en="Here it is worn: {drafts}.", ko="옷에 입혀 봤어요: {drafts}.", names_source=True)

    def read(self, text: str) -> dict[str, Any]:
        return read_wear(text)

    def fill(self, said: dict[str, Any], turn: TurnContext) -> dict[str, Any]:
        keys = ("garment", "scale_cm", "resize", "view")
        return {"draft_id": turn.draft(), **{k: said[k] for k in keys if said.get(k)}, **_size(turn)}

    async def run(self, params: WearParams, ctx: SkillContext) -> AsyncIterator[Event]:  # type: ignore[override]
        try:
            draft, _ = ctx.load_draft(params.draft_id)
            tile, image, before = source_of(draft, ctx)
            chosen = plan(params, tile, before)
        except StudioloError as error:
            for event in job_failed(ctx, error):
                yield event
            return
        yield JobStarted(job_id=ctx.job_id)

        def make() -> Any:
            worn = mockup.wear(image, chosen["garment"], scale_cm=chosen["scale_cm"], view=chosen["view"],
                               size=params.size)  # fmt: skip
            painting = Painting(image=worn.image, prompt=tile.prompt, seed=tile.seed, backend="garments:wear",
                                scene={"layout": "mockup", **worn.params})  # fmt: skip
            recorded = {**worn.params, "seamless": chosen["seamless"], "source": tile.id}
            return final_event(painting, skill=self.name, job_id=ctx.job_id, params=recorded, parent_ids=[tile.id])

        try:
            final = await asyncio.to_thread(make)
        except StudioloError as error:
            for event in job_failed(ctx, error)[1:]:
                yield event
            return
        yield final
        yield JobFinished(job_id=ctx.job_id, draft_ids=[final.draft_id])


def _size(turn: TurnContext) -> dict[str, int]:
    return {"size": turn.options.size} if turn.options.size is not None else {}
