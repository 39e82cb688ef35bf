"""describe: what an uploaded image or a draft shows, as the describer's paragraph plus the structured facts.

The skill reports what the describer measured or recognised, plainly; the agent puts it in the persona's voice.
An upload is a draft too (the session records it as one), so both are named by a draft id.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Literal

from pydantic import BaseModel, Field

from studiolo.errors import StudioloError
from studiolo.events import DraftDescribed, Event, JobCancelled, JobFailed, JobFinished, JobStarted
from studiolo.skills.base import DraftId, Skill, SkillContext, job_failed


class DescribeParams(BaseModel):
    draft_id: DraftId
    lang: Literal["en", "ko"] | None = Field(
        None, description="the language of the description: en or ko (Korean); none means English"
    )


class Describe(Skill):
    name = "describe"
    description = "Describe an uploaded image or a draft: what it shows, its colours, light, composition and texture."
    Params = DescribeParams

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
