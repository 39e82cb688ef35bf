"""describe: what an uploaded image or a draft shows, as the describer's paragraph plus the structured facts.

The skill reports what the describer measured or recognised, plainly; the agent puts it in the persona's voice.
An upload is a draft too (the session records it as one), so both are named by a draft id.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from typing import Any, Literal

from pydantic import BaseModel, Field

from studiolo.errors import StudioloError
from studiolo.events import DraftDescribed, Event, JobCancelled, JobFailed, JobFinished, JobStarted
from studiolo.skills.base import DraftId, Routing, Skill, SkillContext, SkillReply, TurnContext, job_failed


class DescribeParams(BaseModel):
    draft_id: DraftId
    lang: Literal["en", "ko"] | None = Field(
        None, description="the language of the description: en or ko (Korean); none means English"
    )


# What people say when they want this (the semantic router compares a turn with these), English and Korean.
EXAMPLES = (
    "what do you see in this image",
    "describe this picture",
    "tell me about this photo",
    "what's in this drawing",
    "can you explain what this painting shows",
    "what colours are in this",
    "describe the draft for me",
    "what is the composition of this image",
    "give me a description of the upload",
    "what style is this",
    "analyze this image",
    "caption this",
    "what's going on in this picture",
    "how would you describe this artwork",
    "what mood does this image have",
    "tell me what you notice here",
    "what's the palette of this one",
    "is this symmetric",
    "summarize what's in the image I sent",
    "look at this and tell me what it is",
    "what objects are in the picture",
    "what do you make of this reference",
    "break down the colours and shapes in this",
    "what would you call this style",
    "what is this a picture of",
    "read this image for me",
    "describe what you painted",
    "can you write alt text for this",
    "이 그림 설명해줘",
    "이 사진에 뭐가 있어?",
    "이 이미지 분석해 줘",
    "어떤 색들이 쓰였어?",
    "이 그림의 분위기가 어때?",
    "이 작품에 대해 말해줘",
    "보낸 사진 설명 부탁해",
    "구도가 어떻게 돼?",
    "여기 뭐가 보여?",
    "캡션 달아줘",
    "이건 무슨 스타일이야?",
)

# Its Korean request words in English: the router embeds a Korean turn's English gloss (agent/router/gloss.py).
KOREAN = {
    "설명": "describe", "분석": "analyse", "뭐가": "what is", "무슨": "what", "어떤": "what kind of",
    "분위기": "mood", "장면": "scene", "말해": "tell me", "캡션": "caption", "구도": "composition",
    "스타일": "style", "무엇": "what",
}  # fmt: skip

CUE = re.compile(
    r"\bd[ie]scri|\bwhat (?:do|can) you see\b|\bwhat'?s? (?:in|on) (?:this|the|that)\b|\bcaption|\banaly[sz]"
    r"|\balt text"
    r"|\bwhat(?:'s| is) this\b|\bwhat did you (?:paint|make|draw)|\bcompos(?:ition|ed)\b|\bpalette of\b"
    r"|설명|분석|뭐가\s*(?:있|보|그려)|캡션|무슨\s*색|어떤\s*(?:장면|스타일)",
    re.IGNORECASE,
)


class Describe(Skill):
    name = "describe"
    description = (
        "Describe an attached image or the current draft: what it shows, its colours, light, composition and texture."
    )
    Params = DescribeParams
    routing = Routing(
        examples=EXAMPLES,
        korean=KOREAN,
        cue=CUE,
        needs_draft=True,
        image_bonus=1.0,
        offer={"en": "describe the image", "ko": "이미지를 설명할까요"},
        no_draft={
            "en": "I don't see an image yet. Could you attach one, or pick a draft for me to describe?",
            "ko": "아직 이미지가 안 보여요. 이미지를 첨부하거나 설명할 시안을 골라 주시겠어요?",
        },
    )
    reply = SkillReply(en="{description}", ko="{description}")

    def fill(self, said: dict[str, Any], turn: TurnContext) -> dict[str, Any]:
        return {"draft_id": turn.draft(), "lang": turn.lang}  # described in the collaborator's language

    async def run(self, params: DescribeParams, ctx: SkillContext) -> AsyncIterator[Event]:  # type: ignore[override]
        try:
            draft, image = ctx.load_draft(params.draft_id)
        except StudioloError as error:
            for event in job_failed(ctx, error):
                yield event
            return
        yield JobStarted(job_id=ctx.job_id)
        loop = asyncio.get_running_loop()
        # describing is blocking model work, like painting: off the event loop
        lang = params.lang or "en"
        describe = lambda: ctx.describer.describe(image, seed=ctx.seed, cancel=ctx.cancel, lang=lang)  # noqa: E731
        try:
            description = await loop.run_in_executor(None, describe)
        except StudioloError as error:
            yield JobFailed(job_id=ctx.job_id, code=error.code, message=error.message)
            return
        if description.cancelled:
            yield JobCancelled(job_id=ctx.job_id)
            return
        yield DraftDescribed(job_id=ctx.job_id, draft_id=draft.id, text=description.text, facts=description.facts)
        yield JobFinished(job_id=ctx.job_id)  # it made no drafts
