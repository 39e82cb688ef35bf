"""The server under load from one person: small talk, many sessions, many jobs. A real server on 127.0.0.1.

What is asserted is what another person would notice: whether their painting waits behind someone else's
flood (the order model work ran in), whether they are refused, whether sessions pile up.
"""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from live_server import DESIGNER, TOKENS, live_server, ws_url
from pydantic import PrivateAttr

from studiolo.client import Client, ServerRefused

TURN_DONE = "reply.done"
SECOND_DESIGNER = "designer-token-2"
TWO_PEOPLE = {**TOKENS, SECOND_DESIGNER: "designer"}


class ModelLog:
    """The model calls as they start and end, across threads: ("start" | "end", "chat" | "paint")."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, str]] = []
        self.lock = threading.Lock()

    def add(self, what: str, kind: str) -> None:
        with self.lock:
            self.entries.append((what, kind))

    def starts(self) -> list[str]:
        return [kind for what, kind in self.entries if what == "start"]

    def most_at_once(self) -> int:
        running = most = 0
        for what, _ in self.entries:
            running += 1 if what == "start" else -1
            most = max(most, running)
        return most


class GatedChat(BaseChatModel):
    """A chat model that answers only once the test opens its gate, logging each call."""

    _log: ModelLog = PrivateAttr()
    _gate: threading.Event = PrivateAttr()

    def __init__(self, log: ModelLog, gate: threading.Event) -> None:
        super().__init__()
        self._log, self._gate = log, gate

    @property
    def _llm_type(self) -> str:
        return "gated-test-chat"

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any
    ) -> ChatResult:
        self._log.add("start", "chat")
        assert self._gate.wait(60), "the test never opened the gate"
        self._log.add("end", "chat")
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content="I am well, thank you."))])


class LoggedPainter:
    """The embedded painter, logging each call; with a gate, each call waits until the test opens it."""

    def __init__(self, log: ModelLog, gate: threading.Event | None = None) -> None:
        from studiolo.model.sketch import SketchPainter

        self.inner = SketchPainter()
        self.backend_id = self.inner.backend_id
        self.log = log
        self.gate = gate

    def text_to_image(self, spec: Any, **kwargs: Any) -> Any:
        self.log.add("start", "paint")
        assert self.gate is None or self.gate.wait(60), "the test never opened the gate"
        try:
            return self.inner.text_to_image(spec, **kwargs)
        finally:
            self.log.add("end", "paint")


async def until_true(condition: Any, what: str, timeout: float = 30.0) -> None:
    """Wait for a condition on the server's state (checked at each turn of the event loop)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what}"
        await asyncio.sleep(0.01)


async def test_a_flood_of_small_talk_does_not_hold_up_another_persons_painting(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    log, gate = ModelLog(), threading.Event()
    async with live_server(tmp_path, agent_parts, painter=LoggedPainter(log), chat_model=GatedChat(log, gate),
                           tokens=TWO_PEOPLE, slots=1, max_queued_per_person=64) as studio:  # fmt: skip
        talker = await Client.connect(ws_url(studio), DESIGNER)
        await talker.until(lambda e: e.type == TURN_DONE)  # the greeting
        flood = 30
        for _ in range(flood):
            await talker.say("how are you?")
        # one chat holds the model (its gate is shut), the rest of the flood waits its turn in the scheduler
        await until_true(lambda: studio.scheduler.depth == flood - 1, "the small talk queued")
        assert log.starts() == ["chat"]
        painter = await Client.connect(ws_url(studio), SECOND_DESIGNER)
        await painter.until(lambda e: e.type == TURN_DONE)
        await painter.say("paint a single red apple")
        queued = (await painter.until(lambda e: e.type == "job.queued"))[-1]
        assert queued.position == 0  # first in line, ahead of the other person's 29 waiting chats
        gate.set()
        await painter.until(lambda e: e.type == TURN_DONE)
        # the painting ran right after the one chat that was running when it was asked for
        assert log.starts().index("paint") == 1
        assert log.most_at_once() == 1  # and model work never overlapped (one slot)
        replies = 0
        while replies < flood:
            replies += sum(1 for e in await talker.until(lambda e: e.type == TURN_DONE) if e.type == TURN_DONE)
        assert log.starts().count("chat") == flood  # every chat was answered by the model, in its turn
        await talker.close()
        await painter.close()


async def test_one_persons_sessions_share_one_persons_queue(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    """Jobs queued from several sessions of one token count against that token; another person gets in."""
    gate = threading.Event()
    async with live_server(tmp_path, agent_parts, painter=LoggedPainter(ModelLog(), gate), tokens=TWO_PEOPLE, slots=1,
                           max_queued_per_person=2) as studio:  # fmt: skip
        sessions = [await Client.connect(ws_url(studio), DESIGNER) for _ in range(3)]
        for client in sessions:
            await client.until(lambda e: e.type == TURN_DONE)
        await sessions[0].say("paint a lemon")  # runs
        await sessions[0].until(lambda e: e.type == "job.queued")
        for client, subject in zip(sessions[1:], ("a pear", "a plum"), strict=True):  # queued: the share is full
            await client.say(f"paint {subject}")
            await client.until(lambda e: e.type == "job.queued")
        await sessions[0].say("paint an apple")
        refused = (await sessions[0].until(lambda e: e.type == "error"))[-1]
        assert refused.code == "quota.jobs" and refused.retry_after is not None and refused.retry_after > 0
        other = await Client.connect(ws_url(studio), SECOND_DESIGNER)
        await other.until(lambda e: e.type == TURN_DONE)
        await other.say("paint a cherry")
        queued = (await other.until(lambda e: e.type in ("job.queued", "error")))[-1]
        assert queued.type == "job.queued" and queued.position == 0  # next, ahead of the first person's queue
        gate.set()
        await other.until(lambda e: e.type == "job.finished")
        for client in (*sessions, other):
            await client.close()


async def test_an_invitations_holders_count_as_the_person_who_made_it(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    """Minting designer invitations does not buy a second share: their holders' jobs count as the maker's."""
    gate = threading.Event()
    async with live_server(tmp_path, agent_parts, painter=LoggedPainter(ModelLog(), gate), tokens=TWO_PEOPLE, slots=1,
                           max_queued_per_person=1) as studio:  # fmt: skip
        maker = await Client.connect(ws_url(studio), DESIGNER)
        await maker.until(lambda e: e.type == TURN_DONE)
        await maker.send({"type": "invite", "role": "designer"})
        invitation = (await maker.until(lambda e: e.type == "invitation"))[-1]
        await maker.say("paint a lemon")  # runs
        await maker.until(lambda e: e.type == "job.started")
        await maker.say("paint a pear")  # waits: the maker's share of the queue is full
        await maker.until(lambda e: e.type == "job.queued" and e.position == 0)
        guest = await Client.connect(ws_url(studio), invitation.token, session=maker.session)
        await guest.say("paint a plum")
        refused = (await guest.until(lambda e: e.type in ("error", "job.queued")))[-1]
        assert refused.type == "error" and refused.code == "quota.jobs"
        gate.set()
        await maker.until(lambda e: e.type == "job.finished")
        for client in (maker, guest):
            await client.close()


async def test_sessions_per_person_are_bounded(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    async with live_server(tmp_path, agent_parts, tokens=TWO_PEOPLE, max_sessions_per_person=2,
                           new_sessions_per_hour=3) as studio:  # fmt: skip
        url = ws_url(studio)
        first, second = await Client.connect(url, DESIGNER), await Client.connect(url, DESIGNER)
        with pytest.raises(ServerRefused) as refused:
            await Client.connect(url, DESIGNER)
        assert refused.value.code == "quota.sessions"
        again = await Client.connect(url, DESIGNER, session=first.session)  # one already open: still fine
        await Client.connect(url, SECOND_DESIGNER)  # another person is not held back
        await again.close()
        await first.close()
        third = await Client.connect(url, DESIGNER)  # one closed: room for another
        await third.close()
        await second.close()
        with pytest.raises(ServerRefused) as hourly:  # but no more than three new ones an hour
            await Client.connect(url, DESIGNER)
        assert hourly.value.code == "quota.sessions" and hourly.value.error.retry_after > 3000


async def test_a_session_nobody_acted_in_is_deleted_once_left(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    async with live_server(tmp_path, agent_parts, empty_session_grace_s=0) as studio:
        url = ws_url(studio)
        used = await Client.connect(url, DESIGNER)
        await used.until(lambda e: e.type == TURN_DONE)
        await used.say("how are you?")
        await used.until(lambda e: e.type == TURN_DONE)
        await used.close()
        empty = await Client.connect(url, DESIGNER)
        await empty.until(lambda e: e.type == TURN_DONE)  # the artist greets; nobody says anything
        await empty.close()
        await until_true(lambda: studio.store.persona_of(empty.session) is None, "the empty session deleted")
        assert studio.store.persona_of(used.session) is not None and studio.store.session_count() == 1
        with pytest.raises(ServerRefused) as gone:
            await Client.connect(url, DESIGNER, session=empty.session)
        assert gone.value.code == "session.not_found"


async def test_an_empty_session_survives_a_reload_within_its_grace(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    async with live_server(tmp_path, agent_parts, empty_session_grace_s=600) as studio:
        url = ws_url(studio)
        first = await Client.connect(url, DESIGNER)
        await first.until(lambda e: e.type == TURN_DONE)
        await first.close()
        await until_true(lambda: first.session not in studio.rooms, "the room left memory")
        back = await Client.connect(url, DESIGNER, session=first.session)  # a reload
        assert back.welcome.state["turns"]  # the greeting is still there
        await back.close()
    # a restart within the grace keeps it too; one after the grace deletes it
    async with live_server(tmp_path, agent_parts, empty_session_grace_s=600) as studio:
        assert studio.store.persona_of(first.session) is not None
    async with live_server(tmp_path, agent_parts, empty_session_grace_s=0) as studio:
        assert studio.store.persona_of(first.session) is None


async def test_uploads_over_the_memory_budget_wait_their_turn(tmp_path: Path, agent_parts, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Two uploads whose decoding would take more than the budget at once: the second is told `busy` with a
    retry time while the first decodes, and goes through once it is done."""
    import io

    from PIL import Image

    import studiolo.server.connection as connection

    decoding, gate = threading.Event(), threading.Event()
    normalise = connection._normalise_upload

    def held(data: bytes, max_pixels: int) -> Any:  # the first decode waits for the test, in its worker thread
        decoding.set()
        assert gate.wait(60), "the test never opened the gate"
        return normalise(data, max_pixels)

    monkeypatch.setattr(connection, "_normalise_upload", held)
    picture = io.BytesIO()
    Image.new("RGB", (400, 400), "teal").save(picture, "PNG")  # decoding it: 640 KB of pixels
    async with live_server(tmp_path, agent_parts, tokens=TWO_PEOPLE, max_upload_decode_bytes=1024 * 1024) as studio:
        first, second = (
            await Client.connect(ws_url(studio), DESIGNER),
            await Client.connect(ws_url(studio), SECOND_DESIGNER),
        )
        await first.upload(picture.getvalue(), "image/png", name="one.png")
        await asyncio.to_thread(decoding.wait, 60)
        await second.upload(picture.getvalue(), "image/png", name="two.png")
        busy = (await second.until(lambda e: e.type == "error"))[-1]
        assert busy.code == "busy" and busy.field == "image" and busy.retry_after and busy.retry_after > 0
        gate.set()
        assert [e.type for e in await first.until(lambda e: e.type == "draft.final")][-1] == "draft.final"
        await until_true(lambda: studio.uploads.in_flight == 0, "the budget given back")
        await second.upload(picture.getvalue(), "image/png", name="two.png")  # retried: now it fits
        assert (await second.until(lambda e: e.type == "draft.final"))[-1].width == 400
        await first.close()
        await second.close()


async def test_only_those_who_may_upload_may_send_large_frames(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    from live_server import OBSERVER

    async with live_server(tmp_path, agent_parts, max_text_bytes=4096, max_upload_bytes=1024 * 1024) as studio:
        designer = await Client.connect(ws_url(studio), DESIGNER)
        observer = await Client.connect(ws_url(studio), OBSERVER, session=designer.session, role="observer")
        big = b"\x00" * (64 * 1024)  # far over a text message, well under an upload
        assert observer._ws is not None and designer._ws is not None
        await observer._ws.send(big)
        await observer._ws.wait_closed()
        assert observer._ws.close_code == 1009  # the observer's limit: twice a text message
        await designer._ws.send(big)  # a designer's frame of that size is read, and answered
        assert (await designer.until(lambda e: e.type == "error"))[-1].code == "frame.invalid"
        await designer.close()


async def test_servers_stopped_in_any_order_give_back_the_original_thread_limits(tmp_path: Path, agent_parts) -> None:  # type: ignore[no-untyped-def]
    from threadpoolctl import threadpool_info

    def blas_threads() -> list[int]:
        return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]

    original = blas_threads()
    first = live_server(tmp_path / "a", agent_parts)
    second = live_server(tmp_path / "b", agent_parts)
    await first.__aenter__()
    await second.__aenter__()
    assert set(blas_threads()) == {1}
    await first.__aexit__(None, None, None)  # the first stops while the second still runs: still one thread
    assert set(blas_threads()) == {1}
    await second.__aexit__(None, None, None)  # the last one stops: the process's own limits come back
    assert blas_threads() == original
