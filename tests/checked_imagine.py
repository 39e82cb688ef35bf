"""The embedded imagine skill with each draft's faithfulness fixed in advance, for tests of what the artist says
and shows about it: the real self-check's figures depend on the pictures, a test's words must not."""

from __future__ import annotations

from collections.abc import AsyncIterator

from studiolo.drafts import Faithfulness
from studiolo.events import DraftFinal, Event
from studiolo.skills.base import SkillContext
from studiolo.skills.imagine import Imagine, ImagineParams


class CheckedImagine(Imagine):
    """Each job's drafts get the faithfulness in `found`, in turn (a job of more drafts than that is a test's error)."""

    def __init__(self, found: list[Faithfulness]) -> None:
        self.found = found

    async def run(self, params: ImagineParams, ctx: SkillContext) -> AsyncIterator[Event]:  # type: ignore[override]
        found = iter(self.found)
        async for event in super().run(params, ctx):
            if isinstance(event, DraftFinal) and event.draft is not None:
                event.faithfulness = next(found)
                event.draft = event.draft.model_copy(update={"faithfulness": event.faithfulness})
            yield event
