"""What every skill is made of: a name, a description, a params model, and an async run() that yields events.

A skill gets a SkillContext (the model backends, the job's id and cancel token, a way to read drafts, and the
persona's prompt expansion) and never sees a websocket or a session: it yields events, the agent records them.
Model calls are blocking and CPU- or GPU-bound, so `paint_stream` runs them in a worker thread and hands their
previews back to the event loop as they come.
"""

from __future__ import annotations

import asyncio
import io
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from PIL import Image
from pydantic import BaseModel

from studiolo.drafts import Draft, draft_id
from studiolo.errors import StudioloError
from studiolo.events import DraftFinal, DraftPreview, Event, JobCancelled, JobFailed, JobFinished, JobStarted
from studiolo.model.images import encode_png
from studiolo.model.protocols import CancelToken, Describer, Painter, Painting, PaintResult, Preview, PreviewCallback

PREVIEW_SIDE = 512  # previews are for watching, not keeping: small WebP frames keep the stream light


@dataclass
class SkillContext:
    painter: Painter
    describer: Describer
    job_id: str
    load_draft: Callable[[str], tuple[Draft, Image.Image]]  # raises StudioloError("draft.not_found")
    seed: int = 0  # the job's seed when the params name none: derived from the session, so replays repeat
    cancel: CancelToken = field(default_factory=CancelToken)
    expand: Callable[[str, int], str] = lambda prompt, seed: prompt  # the persona's prompt expansion


class Skill(ABC):
    name: ClassVar[str]
    description: ClassVar[str]
    Params: ClassVar[type[BaseModel]]

    @abstractmethod
    def run(self, params: BaseModel, ctx: SkillContext) -> AsyncIterator[Event]:
        """Yield the skill's events (job.started, previews, finals, job.finished, or job.cancelled/failed)."""


async def paint_stream(call: Callable[[PreviewCallback], PaintResult]) -> AsyncIterator[Preview | PaintResult]:
    """Run a blocking painter call in a worker thread, yielding its previews as they arrive, then its result."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[Preview | None] = asyncio.Queue()

    def on_preview(preview: Preview) -> None:
        loop.call_soon_threadsafe(queue.put_nowait, preview)

    task = loop.run_in_executor(None, call, on_preview)
    task.add_done_callback(lambda _: loop.call_soon_threadsafe(queue.put_nowait, None))
    while (preview := await queue.get()) is not None:
        yield preview
    yield await task


async def run_paint_job(
    ctx: SkillContext,
    call: Callable[[PreviewCallback], PaintResult],
    *,
    skill: str,
    prompt: str,
    seed: int,
    params: dict[str, Any],
    parent_ids: list[str],
) -> AsyncIterator[Event]:
    """The life of one painting job as events: started, previews, finals, then finished, cancelled or failed."""
    yield JobStarted(job_id=ctx.job_id)
    result: PaintResult | None = None
    try:
        async for item in paint_stream(call):
            if isinstance(item, Preview):
                yield preview_event(item, job_id=ctx.job_id, prompt=prompt, seed=seed + item.index, parent_ids=parent_ids)
            else:
                result = item
    except StudioloError as error:
        yield JobFailed(job_id=ctx.job_id, code=error.code, message=error.message)
        return
    if result is None or result.cancelled:
        yield JobCancelled(job_id=ctx.job_id)
        return
    finals = [final_event(p, skill=skill, job_id=ctx.job_id, params=params, parent_ids=parent_ids) for p in result.paintings]
    for final in finals:
        yield final
    yield JobFinished(job_id=ctx.job_id, draft_ids=[f.draft_id for f in finals])


def encode_preview(image: Image.Image) -> bytes:
    small = image.copy()
    small.thumbnail((PREVIEW_SIDE, PREVIEW_SIDE))
    out = io.BytesIO()
    small.save(out, format="WEBP", quality=70, method=0)
    return out.getvalue()


def preview_event(preview: Preview, *, job_id: str, prompt: str, seed: int, parent_ids: list[str]) -> DraftPreview:
    """A preview belongs to the draft-to-be; its id is the job plus the image's index, until the final arrives."""
    image = encode_preview(preview.image)
    return DraftPreview(
        job_id=job_id, draft_id=f"{job_id}.{preview.index}", parent_ids=parent_ids, prompt=prompt, seed=seed,
        width=preview.image.width, height=preview.image.height, mime="image/webp", image=image,
        step=preview.step, total=preview.total,
    )  # fmt: skip


def final_event(painting: Painting, *, skill: str, job_id: str, params: dict[str, Any], parent_ids: list[str]) -> DraftFinal:
    png = encode_png(painting.image, painting.provenance())
    draft = Draft(
        id=draft_id(png), parent_ids=parent_ids, job_id=job_id, skill=skill, prompt=painting.prompt, params=params,
        seed=painting.seed, model=painting.backend, width=painting.image.width, height=painting.image.height,
        scene=painting.scene,
    )  # fmt: skip
    return DraftFinal(
        job_id=job_id, draft_id=draft.id, parent_ids=parent_ids, prompt=painting.prompt, seed=painting.seed,
        width=draft.width, height=draft.height, image=png, draft=draft,
    )  # fmt: skip
