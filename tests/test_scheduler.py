"""The fair scheduler: round-robin across sessions, first-come within one, bounded, cancellable while queued."""

from __future__ import annotations

import asyncio

import pytest

from studiolo.errors import StudioloError
from studiolo.model.protocols import CancelToken
from studiolo.server.scheduler import Scheduler


async def test_a_burst_from_one_session_cannot_starve_another() -> None:
    scheduler = Scheduler(slots=1)
    a = [scheduler.admit("a", f"a{i}") for i in range(4)]
    b = [scheduler.admit("b", f"b{i}") for i in range(2)]
    assert a[0].granted and not any(t.granted for t in a[1:] + b)
    assert [t.job_id for t in scheduler.order()] == ["b0", "a1", "b1", "a2", "a3"]
    assert [t.position for t in (a[1], a[2], a[3], b[0], b[1])] == [1, 3, 4, 0, 2]
    served = []
    for _ in range(6):
        (running,) = scheduler.running
        served.append(running.job_id)
        running.release()
    assert served == ["a0", "b0", "a1", "b1", "a2", "a3"]
    assert scheduler.depth == 0 and not scheduler.running


async def test_a_full_queue_says_busy_with_a_retry_time() -> None:
    scheduler = Scheduler(slots=1, max_queued=2, max_queued_per_person=5)
    scheduler.admit("a", "a0")  # runs
    scheduler.admit("a", "a1")
    scheduler.admit("b", "b0")
    with pytest.raises(StudioloError) as busy:
        scheduler.admit("c", "c0")
    assert busy.value.code == "busy" and busy.value.retry_after is not None and busy.value.retry_after > 0
    per_person = Scheduler(slots=1, max_queued_per_person=1)
    per_person.admit("a", "a0", person="ann")  # runs
    per_person.admit("a", "a1", person="ann")
    with pytest.raises(StudioloError) as quota:  # ann's share is used up, in this session or in another
        per_person.admit("x", "x0", person="ann")
    assert quota.value.code == "quota.jobs" and quota.value.retry_after is not None and quota.value.retry_after > 0
    per_person.admit("b", "b0", person="bob")  # another person still gets in


async def test_waiting_tickets_hear_their_position_and_leave_when_cancelled() -> None:
    scheduler = Scheduler(slots=1)
    first = scheduler.admit("a", "a0")
    second = scheduler.admit("b", "b0")
    third = scheduler.admit("c", "c0")
    cancel = CancelToken()
    positions = third.positions(cancel)
    assert await anext(positions) == 1  # where it stands on arrival: one job waits before it
    moved = asyncio.ensure_future(anext(positions))
    second.release()  # b0 leaves the queue before its turn: c0 moves up
    assert await asyncio.wait_for(moved, 5) == 0 and third.position == 0
    ended = asyncio.ensure_future(anext(positions))
    cancel.cancel()
    with pytest.raises(StopAsyncIteration):
        await asyncio.wait_for(ended, 5)
    assert not third.granted and scheduler.depth == 0
    first.release()
    assert not scheduler.running  # the cancelled ticket was never granted


async def test_turns_go_by_person_not_by_session() -> None:
    """One person with jobs in three sessions gets the share of one person, not of three."""
    scheduler = Scheduler(slots=1)
    first = scheduler.admit("s1", "s1-0", person="ann")  # runs
    for session in ("s1", "s2", "s3"):
        scheduler.admit(session, f"{session}-1", person="ann")
    scheduler.admit("t1", "t1-0", person="bob")
    assert first.granted
    assert [t.job_id for t in scheduler.order()] == ["t1-0", "s1-1", "s2-1", "s3-1"]


async def test_the_acting_person_of_the_task_is_whose_work_it_is() -> None:
    """The agent asks without naming anyone; the task's ACTING_PERSON (set by the room) says who asks."""
    from studiolo.server.person import ACTING_PERSON

    scheduler = Scheduler(slots=1, max_queued_per_person=1)
    scheduler.admit("s0", "running")

    async def admit_as(person: str, session: str) -> str:
        ACTING_PERSON.set(person)
        return scheduler.admit(session, f"{session}-job").person

    assert await asyncio.ensure_future(admit_as("ann", "s1")) == "ann"
    with pytest.raises(StudioloError):  # ann again, from another session: over her share
        await asyncio.ensure_future(admit_as("ann", "s2"))
    assert scheduler.admit("s3", "s3-job").person == "s3"  # nobody acting: the session stands for its person
