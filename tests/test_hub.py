"""A viewer's outbox: durable events in order and never dropped, previews newest-wins, too-slow viewers closed."""

from __future__ import annotations

import asyncio

from studiolo.events import DraftFinal, DraftPreview, Event, ReplyDelta
from studiolo.server.hub import CLOSE_TOO_SLOW, Viewer
from studiolo.server.metrics import ServerMetrics
from studiolo.server.protocol import decode_server_frame, encode_event


class SlowSocket:
    """A connection whose sends wait until the test lets them through."""

    def __init__(self) -> None:
        self.sent: list[Event] = []
        self.open = asyncio.Event()
        self.closed: tuple[int, str] | None = None
        self.waiting = asyncio.Event()

    async def send(self, frame: str | bytes) -> None:
        self.waiting.set()
        await self.open.wait()
        self.sent.append(decode_server_frame(frame))

    async def close(self, code: int, reason: str) -> None:
        self.closed = (code, reason)


def preview(job: str, index: int, step: int) -> DraftPreview:
    return DraftPreview(
        seq=1, job_id=job, draft_id=f"{job}.{index}", width=8, height=8, step=step, total=9, image=b"webp"
    )


def push(viewer: Viewer, event: Event) -> None:
    viewer.push(event, encode_event(event))


async def test_a_slow_viewer_gets_the_newest_preview_and_every_durable_event() -> None:
    metrics = ServerMetrics()
    ws = SlowSocket()
    viewer = Viewer(ws, "screen", "observer", preview_fps=1000, max_pending=100, metrics=metrics)  # type: ignore[arg-type]
    writer = asyncio.create_task(viewer.run())
    push(viewer, ReplyDelta(seq=1, text="a"))
    await ws.waiting.wait()  # the writer is stuck sending seq 1 while more arrives
    for step in range(1, 6):
        push(viewer, preview("s-job1", 0, step))
    push(viewer, preview("s-job1", 1, 1))
    for seq in range(2, 5):
        push(viewer, ReplyDelta(seq=seq, text=str(seq)))
    ws.open.set()
    while len(ws.sent) < 6:
        ws.waiting.clear()
        await ws.waiting.wait()
    writer.cancel()
    assert [e.seq for e in ws.sent if e.type == "reply.delta"] == [1, 2, 3, 4]
    previews = [e for e in ws.sent if e.type == "draft.preview"]
    assert sorted((p.draft_id, p.step) for p in previews) == [("s-job1.0", 5), ("s-job1.1", 1)]  # newest wins
    assert metrics.registry.get_sample_value("studiolo_previews_dropped_total") == 4


async def test_a_final_removes_its_pending_previews() -> None:
    ws = SlowSocket()
    viewer = Viewer(ws, "screen", "observer", preview_fps=1000, max_pending=100, metrics=ServerMetrics())  # type: ignore[arg-type]
    writer = asyncio.create_task(viewer.run())
    push(viewer, ReplyDelta(seq=1, text="a"))
    await ws.waiting.wait()
    push(viewer, preview("s-job1", 0, 3))
    push(viewer, DraftFinal(seq=2, job_id="s-job1", draft_id="f" * 32, width=8, height=8, image=b"png"))
    ws.open.set()
    while len(ws.sent) < 2:
        ws.waiting.clear()
        await ws.waiting.wait()
    writer.cancel()
    assert [e.type for e in ws.sent] == ["reply.delta", "draft.final"]  # no stale preview after its final


async def test_a_viewer_too_far_behind_is_closed_with_the_seq_to_resume_from() -> None:
    metrics = ServerMetrics()
    ws = SlowSocket()
    viewer = Viewer(ws, "screen", "observer", preview_fps=1000, max_pending=5, metrics=metrics)  # type: ignore[arg-type]
    writer = asyncio.create_task(viewer.run())
    push(viewer, ReplyDelta(seq=1, text="a"))
    await ws.waiting.wait()
    for seq in range(2, 9):
        push(viewer, ReplyDelta(seq=seq, text=str(seq)))
    ws.open.set()
    await asyncio.wait_for(writer, 5)  # it stops after the frame in flight: the connection is being closed
    assert ws.closed == (CLOSE_TOO_SLOW, "too slow: resume from seq 0")
    assert [e.seq for e in ws.sent] == [1]  # the backlog was dropped: the client resumes it from the store
    assert metrics.registry.get_sample_value("studiolo_slow_viewer_closes_total") == 1
