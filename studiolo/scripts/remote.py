"""The protocol driver: the script drives a real session on a server, so every observer and stage screen sees the
show as it happens (studiolo.client.Client underneath).

A step's message is sent once. The step is complete when its answer arrives (the artist's reply to a turn or an
upload, the cursor's move, the feedback recorded, ...), or at once when the server refuses the message. If the connection
drops, the driver reconnects with `resume_from` and reads the replay: a step whose message is in it (a `turn.said`
with its words, the `draft.feedback` it gave, ...) is not sent again; one whose message never arrived is sent
then, for the first time as far as the session knows.

At a cue a live run waits for a `cue` event (an operator's `next`, from any client) or Enter in this terminal
(sent on as `next` when this run is the operator, so every screen sees the cue released).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from studiolo.client import Client
from studiolo.errors import StudioloError
from studiolo.events import (
    CollaborationUpdate,
    CueReached,
    CursorMoved,
    DraftFeedback,
    DraftPreview,
    ErrorEvent,
    Event,
    ReplyDone,
    SessionReset,
    TurnSaid,
)  # fmt: skip
from studiolo.scripts.driver import Action, TerminalKeys
from studiolo.scripts.model import Script

RECONNECT_DELAYS = (0.2, 0.5, 1.0, 2.0, 4.0, 8.0)  # seconds between tries, then the server is gone
OPERATOR_STEPS = ("speak", "reset")
# codes the connection answers itself, with no words from the artist after them (server/connection.py); a script
# run never acts as an observer, so its role.forbidden is an operator-only message it was not allowed to send
CONNECTION_REFUSALS = ("message.", "json.", "frame.", "upload.", "image.", "rate.", "hello.")


@dataclass(frozen=True)
class Resumed:
    """The connection was resumed; the replay runs up to `seq`."""

    seq: int


class RemoteDriver:
    def __init__(self, url: str, token: str, script: Script, *, session: str | None = None, live: bool = True,
                 name: str = "script", keys: TerminalKeys | None = None,
                 on_note: Callable[[str], None] | None = None) -> None:  # fmt: skip
        self.url = url
        self.token = token
        self.requested_session = session
        self.role = "operator" if any(step.action in OPERATOR_STEPS for step in script.steps) else "designer"
        self.name = name
        self.live = live
        self.keys = keys or TerminalKeys()
        self.note = on_note or (lambda text: None)
        self.client: Client | None = None
        self.session_id = ""
        self.state: dict[str, Any] = {}
        self.me = ""  # the participant name the server gave this run
        self.collaboration: dict[str, Any] | None = None
        self._stream: AsyncIterator[Event] | None = None

    # opening

    async def start(self) -> AsyncIterator[Event]:
        if self.requested_session is None:  # only a designer starts a session; an operator joins it once it exists
            client = await self._connect("designer", None)
            assert client.welcome is not None
            fresh = client.welcome.seq == 0
            if self.role != "designer":
                client.role = self.role
                await self._resume(client)
        else:
            client = await self._connect(self.role, self.requested_session)
            assert client.welcome is not None
            fresh = client.welcome.seq == 0
        self.client = client
        self.session_id = client.session or ""
        self.state = client.welcome.state
        self.me = client.welcome.participant
        self.collaboration = self.state.get("collaboration")
        self.note(f"session {self.session_id} (joined as {self.me}, {client.role})")
        if fresh:  # the artist opens an empty session: its greeting is part of the show
            async for event in self._until(lambda e: isinstance(e, ReplyDone) and e.by is None):
                yield event

    async def _connect(self, role: str, session: str | None) -> Client:
        try:
            return await Client.connect(self.url, self.token, session=session, role=role, name=self.name)
        except StudioloError:
            raise  # the server refused the hello (a bad token, an unknown session): its own code and words
        except (OSError, InvalidHandshake, InvalidURI, ConnectionClosed, TimeoutError) as error:
            raise StudioloError(
                "script.server_unreachable", f"cannot reach the server at {self.url}: {error}", field="server"
            ) from None

    async def _resume(self, client: Client) -> int:
        welcome = await client.resume()
        self.me = welcome.participant
        self._stream = None
        return welcome.seq

    async def _reconnect(self) -> Resumed:
        assert self.client is not None
        last: Exception | None = None
        for delay in RECONNECT_DELAYS:
            await asyncio.sleep(delay)  # backoff before trying again, not synchronisation
            try:
                seq = await self._resume(self.client)
            except StudioloError:
                raise  # it answered and refused: trying again will not help
            except (OSError, InvalidHandshake, ConnectionClosed, TimeoutError) as error:
                last = error
                continue
            self.note(f"connection dropped; resumed session {self.session_id} after event {self.client.seq}")
            return Resumed(seq)
        raise StudioloError(
            "script.server_gone",
            f"the server at {self.url} went away after event {self.client.seq} and did not come back "
            f"({len(RECONNECT_DELAYS)} tries; last: {last})",
            field="server",
        )

    # events

    async def _next(self) -> tuple[Event, bool] | Resumed:
        """The next event and whether it is durable (a new seq), or Resumed after a reconnection."""
        assert self.client is not None
        if self._stream is None:
            self._stream = self.client.events()
        before = self.client.seq
        try:
            event = await anext(self._stream)
        except StopAsyncIteration:
            self._stream = None
            return await self._reconnect()
        return event, not isinstance(event, DraftPreview) and event.seq > before

    async def _until(self, done: Callable[[Event], bool]) -> AsyncIterator[Event]:
        while True:
            item = await self._next()
            if isinstance(item, Resumed):
                continue
            event, _ = item
            self._track(event)
            yield event
            if done(event):
                return

    def _track(self, event: Event) -> None:
        if isinstance(event, CollaborationUpdate):
            self.collaboration = event.state

    # steps

    async def perform(self, action: Action) -> AsyncIterator[Event]:
        if action.kind == "cue":
            async for event in self._cue():
                yield event
            return
        step = _Step(action, self.me, self._collaboration_answers(action))
        await self._send(action)
        replay_to: int | None = None
        while True:
            item = await self._next()
            if isinstance(item, Resumed):
                step.me = self.me
                replay_to = item.seq
            else:
                event, durable = item
                self._track(event)
                yield event
                if step.done(event, durable):
                    return
            assert self.client is not None
            if replay_to is not None and self.client.seq >= replay_to:
                replay_to = None
                if not step.arrived:  # lost with the connection: the session never had it
                    await self._send(action)

    def _collaboration_answers(self, action: Action) -> bool:
        """Whether feedback on this draft is an answer to the collaboration's round (the artist paints again)."""
        state = self.collaboration
        if action.kind != "feedback" or not state or action.draft_id not in state.get("current_ids", []):
            return False
        done = state.get("accepted") or len(state.get("history", [])) >= state.get("max_rounds", 0)
        return not done and (action.pick or action.rating is not None)

    async def _send(self, action: Action) -> None:
        assert self.client is not None
        client = self.client
        try:
            if action.kind == "upload":
                await client.upload(action.image, _mime(action.image), name=action.name)
            else:
                await client.send(_message(action))
        except ConnectionClosed:
            pass  # the next read finds the connection closed, resumes, and sends it then if it never arrived

    async def _cue(self) -> AsyncIterator[Event]:
        """Wait for an operator's `next` (a cue event) or Enter here; a fast run goes on at once."""
        if not self.live:
            return
        assert self.client is not None
        start = self.client.seq
        self.note("waiting for the cue: an operator's Next, or Enter here")
        press: asyncio.Task[str] | None = (
            asyncio.get_running_loop().create_task(self.keys.press()) if self.keys.available() else None
        )
        try:
            while True:
                read = asyncio.get_running_loop().create_task(self._next())
                waiting = {read} | ({press} if press is not None else set())
                finished, _ = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
                if press is not None and press in finished:
                    read.cancel()
                    self._stream = None  # the cancelled read closed the event generator; the connection stays
                    press = None
                    if self.role == "operator":  # tell every screen; the cue event comes back like anyone's
                        await self.client.send({"type": "next"})
                        continue
                    self.note("cue released here")
                    return
                item = read.result()
                if isinstance(item, Resumed):
                    continue
                event, _ = item
                self._track(event)
                yield event
                if isinstance(event, CueReached) and event.seq > start:
                    return
        finally:
            if press is not None:
                press.cancel()

    async def close(self) -> None:
        if self.client is not None:
            await self.client.close()


class _Step:
    """When one step's message has arrived in the session, and when the step is complete."""

    def __init__(self, action: Action, me: str, answers_collaboration: bool) -> None:
        self.action = action
        self.me = me
        self.answers = answers_collaboration
        self.arrived = False
        self.refused = False  # refused: the artist's reply.done (if any) ends the step

    def done(self, event: Event, durable: bool) -> bool:
        action, kind = self.action, self.action.kind
        if isinstance(event, ErrorEvent):
            self.arrived = True
            # the connection's own refusals end the step; the artist's come with words about it (a reply.done)
            self.refused = True
            return event.code.startswith(CONNECTION_REFUSALS) or event.code == "role.forbidden"
        if isinstance(event, ReplyDone) and self.refused and event.by is None:
            return True  # the artist's answer to the refusal: kept in the history or, like it, for us alone
        if not durable:
            return False
        if kind in ("say", "upload") and isinstance(event, TurnSaid) and event.speaker == self.me:
            self.arrived = self.arrived or (event.text == action.text if kind == "say" else bool(event.attachments))
            return False
        if kind == "feedback" and isinstance(event, DraftFeedback) and event.draft_id == action.draft_id:
            self.arrived = self.arrived or event.feedback.by == self.me
            return self.arrived and not action.pick and not self.answers
        if isinstance(event, CursorMoved) and self.arrived and kind == "feedback":
            return not self.answers
        if kind in ("select", "branch", "undo", "redo") and isinstance(event, CursorMoved) and event.action == kind:
            self.arrived = True
            return True
        if kind == "reset" and isinstance(event, SessionReset) and event.by == self.me:
            self.arrived = True
            return True
        if isinstance(event, ReplyDone):
            if kind == "speak" and event.by == self.me:
                self.arrived = True
                return True
            return event.by is None and self.arrived and (kind in ("say", "upload") or self.answers)
        return False


def _message(action: Action) -> dict[str, Any]:
    if action.kind == "say":
        return {"type": "say", "text": action.text, "attachments": []}
    if action.kind == "feedback":
        return {"type": "feedback", "draft_id": action.draft_id, "rating": action.rating, "pick": action.pick,
                "text": action.text}  # fmt: skip
    if action.kind in ("select", "branch"):
        return {"type": action.kind, "draft_id": action.draft_id}
    if action.kind == "speak":
        return {"type": "speak", "text": action.text}
    return {"type": action.kind}  # undo, redo, reset


def _mime(data: bytes) -> str:
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "image/jpeg"
