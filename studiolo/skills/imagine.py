"""imagine: N new drafts from a description, diverse in seed and interpretation, previews streamed live."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

from pydantic import BaseModel, Field

from studiolo.events import Event
from studiolo.model.protocols import MAX_PROMPT_CHARS, MAX_SIDE, MIN_SIDE, PaintSpec
from studiolo.skills import words
from studiolo.skills.base import (
    RouteArgs,
    Routing,
    Skill,
    SkillContext,
    SkillReply,
    TurnContext,
    run_paint_job,
    text_check,
    understand,
)  # fmt: skip

MAX_DRAFTS = 16


class ImagineParams(BaseModel):
    prompt: str = Field(min_length=1, max_length=MAX_PROMPT_CHARS, description="what to paint")
    n: int = Field(4, ge=1, le=MAX_DRAFTS, description="how many drafts")
    seed: int | None = Field(None, ge=0, lt=2**32, description="draft i uses seed + i; none: the session's next seed")
    width: int = Field(512, ge=MIN_SIDE, le=MAX_SIDE)
    height: int = Field(512, ge=MIN_SIDE, le=MAX_SIDE)
    pattern: bool = Field(False, description="a seamless repeating tile")
    expand: bool = Field(True, description="let the artist enrich a short prompt with its taste")


class ImagineArgs(RouteArgs):
    prompt: str = Field(min_length=1, max_length=MAX_PROMPT_CHARS, description="what to paint, in the user's words")
    n: int | None = Field(None, ge=1, le=MAX_DRAFTS, description="how many drafts, when the user says")
    width: int | None = Field(None, ge=MIN_SIDE, le=MAX_SIDE, description="canvas width in pixels, when said")
    height: int | None = Field(None, ge=MIN_SIDE, le=MAX_SIDE, description="canvas height in pixels, when said")
    expand: bool | None = Field(
        None, description="false when the user wants the words painted exactly as said, nothing added"
    )


# What people say when they want this (the semantic router compares a turn with these), English and Korean.
EXAMPLES = (
    "draw me a cat sleeping on a windowsill",
    "paint a mountain village at dawn",
    "can you make a picture of a lighthouse in a storm",
    "I'd like an illustration of a fox in the snow",
    "show me a garden full of tulips",
    "create an image of a cozy reading nook",
    "give me four drafts of a desert at night",
    "sketch a bowl of lemons",
    "generate three options for a book cover with birds",
    "picture a city skyline under a pink sky",
    "I want a poster of the ocean with whales",
    "let me see a forest in autumn",
    "paint something with sunflowers and bees",
    "make me an image of Venus rising from the sea",
    "an illustration of a girl holding a red balloon",
    "a watercolor of cherry blossoms by a river",
    "could you imagine a castle floating on a cloud",
    "new image: a teapot surrounded by roses",
    "start fresh with a night sky full of stars",
    "draw a new one, a rabbit in a meadow",
    "try a completely different idea: a koi pond",
    "I need artwork for a cafe menu with coffee beans",
    "visualize a spring mountain with yellow and pink flowers",
    "design a birthday card with balloons",
    "can I get a few versions of a moonlit beach",
    "illustrate a dragon curled around a tower",
    "paint me something dreamy",
    "how about a seascape with sailboats",
    "render a still life of peaches on a table",
    "a cottage in a field of lavender",
    "two foxes under a full moon",
    "make a landscape with rolling hills and a river",
    "I'm thinking of a jungle scene with parrots, can you draw that",
    "paint an abstract composition in blue and gold",
    "a minimalist living room with plants",
    "give me some ideas for a spring poster",
    "show me what a garden on Venus would look like",
    "draw a portrait of an old sailor",
    "can you do a picture of a rainy street in Paris",
    "one more new image please, this time of the sea",
    "draw me a picture",
    "고양이 그려줘",
    "바다 위의 등대를 그려 주세요",
    "봄 산에 노란 꽃이 핀 그림 그려줘",
    "새로운 그림 하나 그려줄래?",
    "밤하늘에 별이 가득한 풍경을 그려 줘",
    "눈 속의 여우 일러스트 만들어 줘",
    "장미 정원 시안 세 개 보여줘",
    "벚꽃 수채화 그려 줘",
    "카페 메뉴에 쓸 그림을 그려 주세요",
    "꿈같은 분위기의 그림을 그려줘",
    "사막의 밤 풍경을 네 장 그려줘",
    "토끼 그림 부탁해",
    "금성에서 온 꽃 그림 보여줘",
    "해바라기 밭 이미지 만들어 줘",
)

# Its Korean request words in English: the router embeds a Korean turn's English gloss (agent/router/gloss.py).
KOREAN = {
    "그려": "draw", "그리": "draw", "그릴": "draw", "그린": "drawn", "일러스트": "illustration", "풍경": "landscape",
    "새로운": "new", "새": "new", "장": "pictures", "수채화": "watercolour",
}  # fmt: skip

CUE = re.compile(
    r"\b(?:draw|drwa|paint|sketch|illustrate|ilustrate|imagine|render|visuali[sz]e)\b"
    r"|\b(?:new|different) (?:one|idea|image|scene)\b"
    r"|\b(?:make|create|generate|give me) (?:a|an|some|me a) (?:picture|image|drawing|painting|illustration)\b"
    r"|그려|(?:그림|이미지|일러스트)\s*(?:을|를)?\s*(?:하나|한\s*장|보여|만들어)",
    re.IGNORECASE,
)


class Imagine(Skill):
    name = "imagine"
    request_field = "prompt"
    description = "Paint new drafts from a description: a scene, a subject, a mood."
    Params = ImagineParams
    routing = Routing(
        examples=EXAMPLES,
        korean=KOREAN,
        Args=ImagineArgs,
        cue=CUE,
        offer={"en": "paint something new", "ko": "새 그림을 그릴까요"},
    )
    reply = SkillReply(
        en="Here {is_are} {drafts} for “{prompt}”.{expanded}{honesty} Which one speaks to you?",
        ko="“{prompt}”, 그려 봤어요: {drafts}.{expanded}{honesty} 어느 쪽이 마음에 드세요?",
        phrase=True,
    )

    def read(self, text: str) -> dict[str, Any]:
        literal = {"expand": False} if words.as_said(text) else {}
        text = words.without_as_said(text)
        found = {"prompt": words.imagine_prompt(text), "n": words.count(text, MAX_DRAFTS)}
        return {**found, **words.imagine_canvas(text), **literal}

    def fill(self, said: dict[str, Any], turn: TurnContext) -> dict[str, Any]:
        options = turn.options
        values: dict[str, Any] = {"prompt": said.get("prompt") or turn.text, "n": options.n or said.get("n") or 4}
        values |= {k: said[k] for k in ("width", "height", "expand") if said.get(k) is not None}
        values |= turn.size() | ({"seed": options.seed} if options.seed is not None else {})
        values |= {"pattern": options.pattern} if options.pattern is not None else {}
        return values | ({"expand": False} if options.exact else {})

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
