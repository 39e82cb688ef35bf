"""A fair scheduler for model work: round-robin across people, first-come within one, a bounded queue.

The agent asks `admit(session, job)` for every piece of model work: a job (painting, describing) and the chat
model's small talk alike. Up to `slots` of them run at once (1 for the embedded painter, which keeps the CPU busy
on its own; more for a batching diffusion backend, whose executor paints concurrent jobs in one call). Waiting
work is granted by turns across people (a person is one token, server/person.py; whose work it is comes from
the task's `ACTING_PERSON`, else the session stands for its own person): the next free slot goes to the person
served least recently, so a person who queued ten jobs, in one session or in ten, gets one in, then the others
get theirs, and no burst starves anyone. A full queue refuses with `busy`, a person over their share of it
with `quota.jobs`, both with a `retry_after` estimated from recent durations.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict, deque
from collections.abc import AsyncIterator

from studiolo.errors import StudioloError
from studiolo.model.protocols import CancelToken
from studiolo.server.person import ACTING_PERSON


class Ticket:
    """One admitted piece of work: it waits for its turn (with its position), runs, then is released."""

    def __init__(self, scheduler: Scheduler, session_id: str, job_id: str, person: str) -> None:
        self.scheduler = scheduler
        self.session_id = session_id
        self.job_id = job_id
        self.person = person
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
    def __init__(self, *, slots: int = 1, max_queued: int = 64, max_queued_per_person: int = 16) -> None:
        self.slots = slots
        self.max_queued = max_queued
        self.max_queued_per_person = max_queued_per_person
        self.running: set[Ticket] = set()
        self._waiting: OrderedDict[str, deque[Ticket]] = OrderedDict()  # person -> their queue, by arrival
        self._served: dict[str, int] = {}  # person -> when they were last granted a slot (a grant counter)
        self._grants = 0
        self._mean_duration = 2.0  # seconds; moves towards what the work really takes

    @property
    def depth(self) -> int:
        """Work waiting for a slot."""
        return sum(len(q) for q in self._waiting.values())

    def admit(self, session_id: str, job_id: str, *, person: str | None = None) -> Ticket:
        """Queue a piece of work of `person` (default: the acting person of this task, else the session)."""
        person = person or ACTING_PERSON.get() or session_id
        queued = len(self._waiting.get(person, ()))
        if self.depth >= self.max_queued:
            retry_after = self._retry_after(self.depth)
            raise StudioloError(
                "busy", f"the studio's queue is full; try again in about {retry_after:g} s", retry_after=retry_after
            )
        if queued >= self.max_queued_per_person:
            retry_after = self._retry_after(queued)
            raise StudioloError("quota.jobs", f"you have {queued} jobs waiting, the most one person may queue; "
                                f"try again in about {retry_after:g} s", retry_after=retry_after)  # fmt: skip
        ticket = Ticket(self, session_id, job_id, person)
        self._waiting.setdefault(person, deque()).append(ticket)
        self._dispatch()
        return ticket

    def order(self) -> list[Ticket]:
        """Waiting tickets in the order they will be granted: one per person per round, the person served
        least recently first (one never served before them all, in order of arrival)."""
        people = sorted(self._waiting, key=lambda p: self._served.get(p, 0))  # stable: arrival order breaks ties
        queues = [list(self._waiting[p]) for p in people]
        result: list[Ticket] = []
        for round_ in range(max((len(q) for q in queues), default=0)):
            result.extend(q[round_] for q in queues if round_ < len(q))
        return result

    def _retry_after(self, ahead: int) -> float:
        return round(self._mean_duration * (1 + ahead) / self.slots, 1)

    def _release(self, ticket: Ticket) -> None:
        if ticket in self.running:
            self.running.discard(ticket)
            took = time.monotonic() - ticket.started_at
            self._mean_duration = 0.8 * self._mean_duration + 0.2 * took
        else:  # left the queue before its turn (cancelled)
            queue = self._waiting.get(ticket.person)
            if queue is not None and ticket in queue:
                queue.remove(ticket)
                if not queue:
                    del self._waiting[ticket.person]
        self._dispatch()

    def _dispatch(self) -> None:
        while len(self.running) < self.slots and self._waiting:
            person = min(self._waiting, key=lambda p: self._served.get(p, 0))
            queue = self._waiting[person]
            ticket = queue.popleft()
            if not queue:
                del self._waiting[person]
            self._grants += 1
            self._served[person] = self._grants
            if len(self._served) > 4 * (len(self._waiting) + self.slots) + 1000:  # forget long-gone people
                self._served = {p: n for p, n in self._served.items() if p in self._waiting or p == person}
            ticket.granted = True
            ticket.position = 0
            ticket.started_at = time.monotonic()
            self.running.add(ticket)
            ticket._notify()
        for position, ticket in enumerate(self.order()):
            if ticket.position != position:
                ticket.position = position
                ticket._notify()
