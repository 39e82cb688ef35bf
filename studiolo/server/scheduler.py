"""A fair scheduler for model jobs: round-robin across sessions, first-come within one, a bounded queue.

The agent asks `admit(session, job)` for every job. Up to `slots` jobs run at once (1 for the embedded painter,
which keeps the CPU busy on its own; more for a batching diffusion backend, whose executor paints concurrent
jobs in one call). Waiting jobs are granted by turns: the next free slot goes to the session after the one
served last, so a session that queued ten jobs gets one in, then the others get theirs, and no burst starves
anyone. A full queue refuses with `busy` and a `retry_after` estimated from recent job durations.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict, deque
from collections.abc import AsyncIterator

from studiolo.errors import StudioloError
from studiolo.model.protocols import CancelToken


class Ticket:
    """One admitted job: it waits for its turn (with its position), runs, then is released."""

    def __init__(self, scheduler: Scheduler, session_id: str, job_id: str) -> None:
        self.scheduler = scheduler
        self.session_id = session_id
        self.job_id = job_id
        self.position = 0
        self.granted = False
        self.released = False
        self.started_at = 0.0
        self._changed = asyncio.Event()

    async def positions(self, cancel: CancelToken) -> AsyncIterator[int]:
        """The position now, then each new one while waiting; returns once granted, or once `cancel` is set
        (leaving the queue)."""
        loop = asyncio.get_running_loop()
        cancel.on_cancel(lambda: loop.call_soon_threadsafe(self._changed.set))
        told = self.position
        yield told
        while not self.granted:
            if cancel.cancelled:
                self.release()
                return
            if self.position != told:
                told = self.position
                yield told
            self._changed.clear()
            if not self.granted and self.position == told and not cancel.cancelled:
                await self._changed.wait()

    def release(self) -> None:
        if not self.released:
            self.released = True
            self.scheduler._release(self)

    def _notify(self) -> None:
        self._changed.set()


class Scheduler:
    def __init__(self, *, slots: int = 1, max_queued: int = 64, max_queued_per_session: int = 16) -> None:
        self.slots = slots
        self.max_queued = max_queued
        self.max_queued_per_session = max_queued_per_session
        self.running: set[Ticket] = set()
        self._waiting: OrderedDict[str, deque[Ticket]] = OrderedDict()  # session -> its queue, by arrival
        self._served: dict[str, int] = {}  # session -> when it was last granted a slot (a grant counter)
        self._grants = 0
        self._mean_duration = 2.0  # seconds; moves towards what jobs really take

    @property
    def depth(self) -> int:
        """Jobs waiting for a slot."""
        return sum(len(q) for q in self._waiting.values())

    def admit(self, session_id: str, job_id: str) -> Ticket:
        queued = self._waiting.get(session_id, ())
        if self.depth >= self.max_queued or len(queued) >= self.max_queued_per_session:
            retry_after = round(self._mean_duration * (1 + self.depth) / self.slots, 1)
            who = "the studio's queue" if self.depth >= self.max_queued else "this session's queue"
            raise StudioloError("busy", f"{who} is full; try again in about {retry_after:g} s", retry_after=retry_after)
        ticket = Ticket(self, session_id, job_id)
        self._waiting.setdefault(session_id, deque()).append(ticket)
        self._dispatch()
        return ticket

    def order(self) -> list[Ticket]:
        """Waiting tickets in the order they will be granted: one per session per round, the session served
        least recently first (one never served before them all, in order of arrival)."""
        sessions = sorted(self._waiting, key=lambda s: self._served.get(s, 0))  # stable: arrival order breaks ties
        queues = [list(self._waiting[s]) for s in sessions]
        result: list[Ticket] = []
        for round_ in range(max((len(q) for q in queues), default=0)):
            result.extend(q[round_] for q in queues if round_ < len(q))
        return result

    def _release(self, ticket: Ticket) -> None:
        if ticket in self.running:
            self.running.discard(ticket)
            took = time.monotonic() - ticket.started_at
            self._mean_duration = 0.8 * self._mean_duration + 0.2 * took
        else:  # left the queue before its turn (cancelled)
            queue = self._waiting.get(ticket.session_id)
            if queue is not None and ticket in queue:
                queue.remove(ticket)
                if not queue:
                    del self._waiting[ticket.session_id]
        self._dispatch()

    def _dispatch(self) -> None:
        while len(self.running) < self.slots and self._waiting:
            session_id = min(self._waiting, key=lambda s: self._served.get(s, 0))
            queue = self._waiting[session_id]
            ticket = queue.popleft()
            if not queue:
                del self._waiting[session_id]
            self._grants += 1
            self._served[session_id] = self._grants
            if len(self._served) > 4 * (len(self._waiting) + self.slots) + 1000:  # forget long-gone sessions
                self._served = {s: n for s, n in self._served.items() if s in self._waiting or s == session_id}
            ticket.granted = True
            ticket.position = 0
            ticket.started_at = time.monotonic()
            self.running.add(ticket)
            ticket._notify()
        for position, ticket in enumerate(self.order()):
            if ticket.position != position:
                ticket.position = position
                ticket._notify()
