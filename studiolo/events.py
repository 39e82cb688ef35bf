"""Events: everything the agent and its skills emit, as pydantic models (DESIGN.md, "Core objects").

Skills and the agent create events; the session's event log stamps each with its `seq`, `session` and `ts`
when it is recorded, and applies what the event says to the session's state (Session.record): the log alone
rebuilds a session. The server persists and serialises them.

Previews are the one transient kind: droppable and never replayed (the final supersedes them), they take no seq
of their own but carry the seq of the last durable event they follow, so durable seqs stay dense (1, 2, 3, ...)
and a client that sees a gap knows it missed something. Draft events carry their encoded image in `image`, which
is excluded from the JSON header: the server sends it as the binary part of the frame.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, PrivateAttr

from studiolo.drafts import Draft, Faithfulness, Feedback


class Event(BaseModel):
    type: str
    seq: int = 0
    session: str = ""
    ts: float = 0.0
    # Said to one participant only and never kept (a refused action's error and the artist's words about it):
    # set by Session.aside, not part of the data on the wire or in the store.
    _aside: bool = PrivateAttr(default=False)

    @property
    def aside(self) -> bool:
        return self._aside


class TurnSaid(Event):
    """A participant's words, as the session keeps them (what observers and late joiners read in the chat)."""

    type: Literal["turn.said"] = "turn.said"
    speaker: str
    role: str
    text: str
    attachments: list[str] = Field(default_factory=list)


class ReplyDelta(Event):
    type: Literal["reply.delta"] = "reply.delta"
    text: str


class ReplyDone(Event):
    type: Literal["reply.done"] = "reply.done"
    text: str
    by: str | None = None  # the operator who spoke as the persona in a live show; None when the artist did


class TurnRouted(Event):
    type: Literal["turn.routed"] = "turn.routed"
    skill: str
    confidence: float
    params: dict[str, Any] = Field(default_factory=dict)
    # the seq of the turn.said it routes: turns said at nearly the same time are routed concurrently, so the
    # latest turn is not always this one (0: not recorded, in events stored before the field existed)
    turn: int = 0


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
    skill: str = ""  # what made it: imagine, refine, pattern, upload, ...
    faithfulness: Faithfulness | None = None  # drawn, approximated, missing, adherence and the checks
    # the full record (skill, params, scene, ...) for the agent's lineage graph; the wire carries the header only
    draft: Draft | None = Field(default=None, exclude=True, repr=False)


class DraftCancelled(Event):
    """One draft of a running job was cancelled: its previews stop and it will have no final."""

    type: Literal["draft.cancelled"] = "draft.cancelled"
    job_id: str
    draft_id: str


class DraftFeedback(Event):
    """A rating, pick or comment given to a draft (feedback's fields as in studiolo.drafts.Feedback)."""

    type: Literal["draft.feedback"] = "draft.feedback"
    draft_id: str
    feedback: Feedback


class CursorMoved(Event):
    """The draft being worked on changed: `action` is select, branch, undo or redo; `cursor` where it is now."""

    type: Literal["cursor.moved"] = "cursor.moved"
    action: Literal["select", "branch", "undo", "redo"]
    draft_id: str | None = None  # what select and branch named
    cursor: str | None = None


class SessionReset(Event):
    """An operator reset the session: jobs were cancelled, any collaboration ended, the cursor cleared.
    Nothing is deleted: every draft stays in the lineage."""

    type: Literal["session.reset"] = "session.reset"
    by: str


class CueReached(Event):
    """An operator released a live show's cue (`next`): a scripted run waiting at a cue goes on."""

    type: Literal["cue"] = "cue"
    by: str


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
    retry_after: float | None = None  # seconds, for `busy` and `rate.limited`


class Metrics(Event):
    type: Literal["metrics"] = "metrics"
    values: dict[str, float]


AnyEvent = Annotated[
    TurnSaid
    | ReplyDelta
    | ReplyDone
    | TurnRouted
    | JobQueued
    | JobStarted
    | DraftPreview
    | DraftFinal
    | DraftCancelled
    | DraftFeedback
    | CursorMoved
    | SessionReset
    | CueReached
    | JobFinished
    | JobCancelled
    | JobFailed
    | DraftDescribed
    | CollaborationUpdate
    | SessionState
    | ErrorEvent
    | Metrics,
    Field(discriminator="type"),
]
