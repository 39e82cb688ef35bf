"""Events: everything the agent and its skills emit, as pydantic models (DESIGN.md, "Core objects").

Skills and the agent create events; the session's event log stamps each with its `seq`, `session` and `ts`
when it is recorded; the server only serialises them. Draft events carry their encoded image in `image`, which
is excluded from the JSON header: the server sends it as the binary part of the frame.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from studiolo.drafts import Draft


class Event(BaseModel):
    type: str
    seq: int = 0
    session: str = ""
    ts: float = 0.0


class ReplyDelta(Event):
    type: Literal["reply.delta"] = "reply.delta"
    text: str


class ReplyDone(Event):
    type: Literal["reply.done"] = "reply.done"
    text: str


class TurnRouted(Event):
    type: Literal["turn.routed"] = "turn.routed"
    skill: str
    confidence: float
    params: dict[str, Any] = Field(default_factory=dict)


class JobQueued(Event):
    type: Literal["job.queued"] = "job.queued"
    job_id: str
    position: int = 0


class JobStarted(Event):
    type: Literal["job.started"] = "job.started"
    job_id: str


class DraftImage(Event):
    """Shared header of previews and finals (the image itself travels as binary)."""

    job_id: str
    draft_id: str
    parent_ids: list[str] = Field(default_factory=list)
    prompt: str = ""
    seed: int = 0
    width: int
    height: int
    mime: str = "image/png"
    image: bytes = Field(default=b"", exclude=True, repr=False)


class DraftPreview(DraftImage):
    type: Literal["draft.preview"] = "draft.preview"
    step: int
    total: int


class DraftFinal(DraftImage):
    type: Literal["draft.final"] = "draft.final"
    # the full record (skill, params, scene, ...) for the agent's lineage graph; the wire carries the header only
    draft: Draft | None = Field(default=None, exclude=True, repr=False)


class JobFinished(Event):
    type: Literal["job.finished"] = "job.finished"
    job_id: str
    draft_ids: list[str] = Field(default_factory=list)


class JobCancelled(Event):
    type: Literal["job.cancelled"] = "job.cancelled"
    job_id: str


class JobFailed(Event):
    type: Literal["job.failed"] = "job.failed"
    job_id: str
    code: str
    message: str


class DraftDescribed(Event):
    """What the describer said about a draft: its paragraph and the structured facts behind it."""

    type: Literal["draft.described"] = "draft.described"
    job_id: str
    draft_id: str
    text: str
    facts: dict[str, Any] = Field(default_factory=dict)


class CollaborationUpdate(Event):
    """A collaboration's state after each step (skills/collaborate.py); `summary` is set once it has ended."""

    type: Literal["collaboration.update"] = "collaboration.update"
    state: dict[str, Any]
    summary: dict[str, Any] | None = None


class SessionState(Event):
    type: Literal["session.state"] = "session.state"
    state: dict[str, Any]


class ErrorEvent(Event):
    type: Literal["error"] = "error"
    code: str
    message: str
    field: str | None = None


class Metrics(Event):
    type: Literal["metrics"] = "metrics"
    values: dict[str, float]


AnyEvent = Annotated[
    ReplyDelta | ReplyDone | TurnRouted | JobQueued | JobStarted | DraftPreview | DraftFinal | JobFinished
    | JobCancelled | JobFailed | DraftDescribed | CollaborationUpdate | SessionState | ErrorEvent | Metrics,
    Field(discriminator="type"),
]
