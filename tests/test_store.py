"""A long session's pictures stay on disk: restoring or replaying it reads each image when it is needed."""

from __future__ import annotations

import asyncio
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from studiolo.agent.session import Session
from studiolo.drafts import Draft, draft_id
from studiolo.errors import StudioloError
from studiolo.events import DraftFinal, Event, TurnSaid
from studiolo.model.images import encode_png
from studiolo.server.hub import Viewer
from studiolo.server.metrics import ServerMetrics
from studiolo.server.protocol import decode_server_frame
from studiolo.server.store import Store

DRAFTS = 24
SIDE = 600  # noise compresses badly: about 1 MB of PNG per draft, 24 MB in all


class Socket:
    """A connection that keeps what it was sent, and says when it has `expected` frames."""

    def __init__(self, expected: int) -> None:
        self.sent: list[Event] = []
        self.expected = expected
        self.complete = asyncio.Event()

    async def send(self, frame: str | bytes) -> None:
        self.sent.append(decode_server_frame(frame))
        if len(self.sent) == self.expected:
            self.complete.set()

    async def close(self, code: int, reason: str) -> None:
        raise AssertionError(f"the viewer was closed: {code} {reason}")


async def replay(session: Session) -> tuple[list[Event], float]:
    """What a client resuming from 0 is sent, and the memory that queueing the replay allocated (MiB)."""
    socket = Socket(expected=len(session.events))
    viewer = Viewer(socket, "screen", "observer", preview_fps=10, max_pending=8, metrics=ServerMetrics())  # type: ignore[arg-type]
    peak = peak_allocated_mib(lambda: viewer.push_replay(session.events, session.images))
    writer = asyncio.get_running_loop().create_task(viewer.run())
    await asyncio.wait_for(socket.complete.wait(), 30)
    writer.cancel()
    return socket.sent, peak


def long_session(store: Store) -> tuple[Session, dict[str, bytes]]:
    """A session of DRAFTS finals of noise, recorded and stored as the server does; their PNG bytes by id."""
    session = Session("vespera", images=store.images)
    store.create_session(session.id, session.persona_id)
    store.append(session.record(TurnSaid(speaker="designer", role="designer", text="paint noise")))
    pictures = {}
    for n in range(DRAFTS):
        pixels = np.random.default_rng(n).integers(0, 256, (SIDE, SIDE, 3), dtype=np.uint8)
        png = encode_png(Image.fromarray(pixels))
        draft = Draft(id=draft_id(png), job_id=f"{session.id}-job1", skill="imagine", prompt="noise", seed=n,
                      model="test", width=SIDE, height=SIDE)  # fmt: skip
        final = DraftFinal(job_id=draft.job_id, draft_id=draft.id, width=SIDE, height=SIDE, image=png, draft=draft)
        store.append(session.record(final))
        pictures[draft.id] = png
    return session, pictures


def peak_allocated_mib(work: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def test_a_restored_session_reads_its_pictures_from_disk(tmp_path: Path) -> None:
    store = Store(tmp_path)
    live, pictures = long_session(store)
    total = sum(map(len, pictures.values())) / 2**20
    assert total > 20
    restored: list[Session] = []
    peak = peak_allocated_mib(
        lambda: restored.append(Session.restore(live.persona_id, live.id, store.events(live.id), images=store.images))
    )
    assert peak < 2, f"restoring a session of {total:.0f} MiB of pictures allocated {peak:.1f} MiB"
    session = restored[0]
    assert session.state() == live.state()
    for draft, png in pictures.items():
        assert session.images[draft] == png
        assert np.array_equal(np.asarray(session.load_draft(draft)[1]), np.asarray(live.load_draft(draft)[1]))
    # the live session, too, kept each final's header only: its pictures are on disk
    held = sum(len(e.image) for e in live.events if isinstance(e, DraftFinal))
    assert held == 0


async def test_a_replay_reads_each_picture_as_it_is_sent(tmp_path: Path) -> None:
    store = Store(tmp_path)
    session, pictures = long_session(store)
    sent, peak = await replay(session)
    assert peak < 2, f"queueing a replay of {DRAFTS} finals allocated {peak:.1f} MiB"
    assert [e.seq for e in sent] == [e.seq for e in session.events]  # every event, in order, beyond max_pending
    assert {e.draft_id: e.image for e in sent if isinstance(e, DraftFinal)} == pictures


async def test_a_picture_deleted_from_disk_is_an_error_not_a_crash(tmp_path: Path) -> None:
    store = Store(tmp_path)
    session, pictures = long_session(store)
    gone, kept = list(pictures)[:2]
    (store.images.root / gone[:2] / f"{gone}.png").unlink()
    with pytest.raises(StudioloError) as error:
        session.load_draft(gone)
    assert error.value.code == "draft.image_missing" and error.value.field == "draft_id"
    assert session.load_draft(kept)[1].size == (SIDE, SIDE)
    sent, _ = await replay(session)
    images = {e.draft_id: e.image for e in sent if isinstance(e, DraftFinal)}
    assert images[gone] == b"" and images[kept] == pictures[kept]  # the header still arrives; the rest intact
