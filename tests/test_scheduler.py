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
    scheduler = Scheduler(slots=1, max_queued=2, max_queued_per_session=5)
    scheduler.admit("a", "a0")  # runs
    scheduler.admit("a", "a1")
    scheduler.admit("b", "b0")
    with pytest.raises(StudioloError) as busy:
        scheduler.admit("c", "c0")
    assert busy.value.code == "busy" and busy.value.retry_after is not None and busy.value.retry_after > 0
    per_session = Scheduler(slots=1, max_queued_per_session=1)
    per_session.admit("a", "a0")
    per_session.admit("a", "a1")
    with pytest.raises(StudioloError):
        per_session.admit("a", "a2")
    per_session.admit("b", "b0")  # another session still gets in


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
