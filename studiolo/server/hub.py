"""The session hub: each live session is a Room; each connection watching it is a Viewer.

    agent event --> Room.publish: persist (durable events) --> encode once --> every Viewer's outbox
    Viewer.run: sends its outbox in order; durable events never dropped, previews newest-wins and rate-limited

A viewer's outbox holds durable events in a queue and previews in a slot per draft: a newer preview replaces
one not yet sent (counted as dropped), a draft's final removes its pending preview, and each draft's previews
go out at most `preview_fps` times a second. A viewer that falls `max_pending` durable events behind is closed
with code 4008 and resumes from its last seq: nothing is lost, since everything durable is in the store.
A replay's finals are framed as they are sent, their images read from the session's shelf then, so replaying a
session of thousands of drafts holds one picture at a time.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from functools import partial
from typing import Any

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from studiolo.agent.session import ImageShelf, Session
from studiolo.events import (
    DraftCancelled,
    DraftFinal,
    DraftPreview,
    ErrorEvent,
    Event,
    JobCancelled,
    JobFailed,
    JobFinished,
    JobQueued,
    JobStarted,
)  # fmt: skip
from studiolo.jobs import PreviewId
from studiolo.server.metrics import ServerMetrics
from studiolo.server.person import ACTING_PERSON
from studiolo.server.protocol import encode_event
from studiolo.server.store import Store

log = logging.getLogger("studiolo.server")

CLOSE_TOO_SLOW = 4008
Frame = str | bytes | Callable[[], bytes]  # a replayed final's frame is made when its turn to be sent comes
JOB_ENDS: dict[type[Event], str] = {JobFinished: "finished", JobCancelled: "cancelled", JobFailed: "failed"}


class Viewer:
    """One connection's outbox and writer."""

    def __init__(self, ws: ServerConnection, participant: str, role: str, *, preview_fps: float, max_pending: int,
                 metrics: ServerMetrics) -> None:  # fmt: skip
        self.ws = ws
        self.participant = participant
        self.role = role
        self.preview_interval = 1.0 / preview_fps
        self.max_pending = max_pending
        self.metrics = metrics
        self.sent_seq = 0  # the last durable seq handed to the connection
        self._durable: deque[tuple[int, Frame]] = deque()
        self._previews: dict[str, str | bytes] = {}  # draft id -> the newest unsent preview frame
        self._due: dict[str, float] = {}  # draft id -> when its next preview may go
        self._wake = asyncio.Event()
        self.closing = False
        self.invitation: str | None = None  # the invitation this connection joined with: closed if it is revoked

    def push(self, event: Event, frame: Frame) -> None:
        if self.closing:
            return
        if isinstance(event, DraftPreview):
            assert not callable(frame), "a preview's frame is made when it is published"
            if self._previews.pop(event.draft_id, None) is not None:
                self.metrics.previews_dropped.inc()
            self._previews[event.draft_id] = frame
        else:
            self._durable.append((event.seq, frame))
            if isinstance(event, DraftFinal | DraftCancelled | JobFinished | JobCancelled | JobFailed):
                self._forget_previews(event)
            if len(self._durable) > self.max_pending:
                self._too_slow()
                return
        self._wake.set()

    def push_replay(self, events: list[Event], images: ImageShelf) -> None:
        """Events a (re)joining client missed: allowed on top of the usual backlog limit."""
        self.max_pending += len(events)
        for event in events:
            self.push(
                event, partial(_replayed_final, event, images) if isinstance(event, DraftFinal) else encode_event(event)
            )

    async def run(self) -> None:
        """Send the outbox until the connection closes."""
        try:
            while not self.closing:
                await self._wait()
                while self._durable:
                    seq, frame = self._durable.popleft()
                    await self.ws.send(frame() if callable(frame) else frame)
                    self.sent_seq = max(self.sent_seq, seq)
                    if self.closing:
                        return
                if (draft := self._due_preview()) is not None:
                    frame = self._previews.pop(draft)
                    self._due[draft] = time.monotonic() + self.preview_interval
                    await self.ws.send(frame)
        except ConnectionClosed:
            pass

    async def _wait(self) -> None:
        if self._durable or self._due_preview() is not None:
            return
        self._wake.clear()
        timeout = None
        if self._previews:
            timeout = max(0.0, min(self._due.get(d, 0.0) for d in self._previews) - time.monotonic())
        try:
            await asyncio.wait_for(self._wake.wait(), timeout)
        except TimeoutError:
            pass  # a rate-limited preview is due

    def _due_preview(self) -> str | None:
        now = time.monotonic()
        return next((d for d in self._previews if self._due.get(d, 0.0) <= now), None)

    def _forget_previews(self, event: Event) -> None:
        """A cancelled draft's pending preview, or all of a job's once its finals (painted together) arrive."""
        if isinstance(event, DraftCancelled):
            gone = [event.draft_id]
        else:
            job = getattr(event, "job_id", "")
            gone = [d for d in {*self._previews, *self._due} if PreviewId.parse(d).job == job]
        for draft in gone:
            self._previews.pop(draft, None)
            self._due.pop(draft, None)

    def _too_slow(self) -> None:
        self.closing = True
        self._durable.clear()
        self._previews.clear()
        self.metrics.slow_closes.inc()
        reason = f"too slow: resume from seq {self.sent_seq}"
        asyncio.get_running_loop().create_task(self.ws.close(CLOSE_TOO_SLOW, reason))
        self._wake.set()


def _replayed_final(event: DraftFinal, images: ImageShelf) -> bytes:
    image = event.image or images.get(event.draft_id)
    if image is None:  # a file deleted by hand: the client still gets the final's header, with no picture
        log.warning("draft %s of session %s: its image is missing from the store", event.draft_id, event.session)
    return encode_event(event.model_copy(update={"image": image or b""}))  # type: ignore[return-value]


class Room:
    """A live session: its state, its viewers, and the actions running in it."""

    def __init__(
        self, session: Session, store: Store, metrics: ServerMetrics, *, on_idle: Callable[[Room], None]
    ) -> None:
        self.session = session
        self.store = store
        self.metrics = metrics
        self.on_idle = on_idle  # called when nobody watches and nothing runs: the room may leave memory
        self.viewers: set[Viewer] = set()
        self.tasks: set[asyncio.Task[None]] = set()
        self._queued_at: dict[str, float] = {}  # job id -> when it was queued (for the latency histograms)
        self._previewed: set[str] = set()

    def publish(self, event: Event) -> None:
        """Persist a recorded event (unless transient), then hand it to every viewer."""
        if not isinstance(event, DraftPreview):
            self.store.append(event)
            self.metrics.events.inc()
        self._observe(event)
        frame = encode_event(event)
        for viewer in self.viewers:
            viewer.push(event, frame)

    def record(self, event: Event) -> None:
        """Record an event the server itself makes (an interrupted job's failure) and publish it."""
        self.publish(self.session.record(event))

    def start(
        self,
        events: AsyncIterator[Event],
        *,
        owner: str,
        origin: dict[str, Any],
        asker: Viewer | None = None,
        person: str | None = None,
    ) -> asyncio.Task[None]:
        """Run one action (a turn, feedback, ...) in the background, publishing its events as they come; its
        asides (a refusal: Session.aside) go to `asker` alone, the connection that asked; the scheduler counts
        its model work as `person`'s."""
        context = contextvars.copy_context()
        context.run(ACTING_PERSON.set, person)
        task = asyncio.get_running_loop().create_task(self._run(events, owner, origin, asker), context=context)
        self.tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def leave(self, viewer: Viewer) -> None:
        self.viewers.discard(viewer)
        self._check_idle()

    def _done(self, task: asyncio.Task[None]) -> None:
        self.tasks.discard(task)
        self._check_idle()

    def _check_idle(self) -> None:
        if not self.viewers and not self.tasks:
            self.on_idle(self)

    async def _run(
        self, events: AsyncIterator[Event], owner: str, origin: dict[str, Any], asker: Viewer | None
    ) -> None:
        async for event in events:
            if event.aside:  # not the session's history: neither stored nor shown to the others
                self._observe(event)
                if asker is not None and asker in self.viewers:
                    asker.push(event, encode_event(event))
                continue
            if isinstance(event, JobQueued) and event.job_id not in self._queued_at:
                self.store.job_queued(event.job_id, self.session.id, owner, origin)
            self.publish(event)
            if isinstance(event, DraftFinal) or type(event) in JOB_ENDS:
                # Let the viewers' writers send a final (larger than a socket buffer) and the job's end now, before
                # this action's next events hold the loop: the reply's words come in a burst of ~50 commits (10 ms).
                await asyncio.sleep(0)

    def _observe(self, event: Event) -> None:
        """Job bookkeeping: status in the store, and the latency histograms."""
        now = time.monotonic()
        if isinstance(event, JobQueued):
            self._queued_at.setdefault(event.job_id, now)
        elif isinstance(event, JobStarted):
            self.store.job_status(event.job_id, "running")
        elif isinstance(event, DraftPreview) and event.job_id not in self._previewed:
            self._previewed.add(event.job_id)
            if event.job_id in self._queued_at:
                self.metrics.time_to_first_preview.observe(now - self._queued_at[event.job_id])
        elif isinstance(event, (JobFinished, JobCancelled, JobFailed)):
            job_id = event.job_id
            self.store.job_status(job_id, JOB_ENDS[type(event)])
            self._previewed.discard(job_id)
            if (queued := self._queued_at.pop(job_id, None)) is not None:
                self.metrics.job_duration.observe(now - queued)
        elif isinstance(event, ErrorEvent):
            self.metrics.errors.labels(code=event.code).inc()
