"""studiolo.client: an async client for a studiolo server, with typed events.

    async with await Client.connect("ws://127.0.0.1:8765/ws", token=TOKEN) as client:
        await client.say("flowers blooming on Venus")
        async for event in client.events():
            if event.type == "draft.final":
                Path(f"{event.draft_id}.png").write_bytes(event.image)
            if event.type == "reply.done":
                break

The client remembers the session and the last seq it received: `resume()` reconnects and the server replays
exactly what was missed, so a script survives a dropped connection or a server restart without losing a draft.
Every event is a pydantic model from studiolo.events (drafts carry their image bytes in `.image`).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from studiolo.errors import StudioloError
from studiolo.events import DraftPreview, ErrorEvent, Event
from studiolo.server.protocol import UploadHeader, Welcome, decode_server_frame, join_binary


class ServerRefused(StudioloError):
    """The server refused the hello (bad token, unknown session, ...): its error event says why."""

    def __init__(self, error: ErrorEvent) -> None:
        super().__init__(error.code, error.message, field=error.field)
        self.error = error


class Client:
    def __init__(
        self,
        url: str,
        token: str,
        *,
        role: str | None = "designer",  # None: the role the token grants (an invitation's own)
        name: str | None = None,
        max_size: int = 64 * 2**20,
    ) -> None:
        self.url = url
        self.token = token
        self.role = role
        self.name = name
        self.max_size = max_size
        self.session: str | None = None
        self.seq = 0  # the last durable seq received
        self.welcome: Welcome | None = None
        self._ws: ClientConnection | None = None

    @classmethod
    async def connect(cls, url: str, token: str, *, session: str | None = None, role: str | None = "designer",
                      name: str | None = None, resume_from: int | None = None) -> Client:  # fmt: skip
        client = cls(url, token, role=role, name=name)
        client.session = session
        await client._open(resume_from)
        return client

    async def resume(self) -> Welcome:
        """Reconnect to the same session; the server replays every event after the last one received."""
        await self.close()
        return await self._open(self.seq)

    async def _open(self, resume_from: int | None) -> Welcome:
        self._ws = await connect(self.url, max_size=self.max_size, compression=None)
        hello = {"type": "hello", "protocol": 1, "token": self.token, "session": self.session, "role": self.role,
                 "resume_from": resume_from, **({"name": self.name} if self.name else {})}  # fmt: skip
        await self.send(hello)
        first = decode_server_frame(await self._ws.recv())
        if isinstance(first, ErrorEvent):
            refused = decode_server_frame(await self._ws.recv()) if first.code.startswith("resume.") else first
            if isinstance(refused, ErrorEvent):
                await self.close()
                raise ServerRefused(refused)
            first = refused
        assert isinstance(first, Welcome), first
        self.welcome = first
        self.session = first.session
        if resume_from is None:
            self.seq = first.seq
        return first

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # sending

    async def send(self, message: dict[str, Any]) -> None:
        assert self._ws is not None, "not connected"
        await self._ws.send(_json(message))

    async def say(self, text: str, *, attachments: list[str] | None = None) -> None:
        await self.send({"type": "say", "text": text, "attachments": attachments or []})

    async def feedback(
        self, draft_id: str, *, rating: int | None = None, pick: bool = False, text: str | None = None
    ) -> None:
        await self.send({"type": "feedback", "draft_id": draft_id, "rating": rating, "pick": pick, "text": text})

    async def upload(self, image: bytes, mime: str = "image/png", *, name: str | None = None) -> None:
        assert self._ws is not None, "not connected"
        await self._ws.send(join_binary(UploadHeader(mime=mime, name=name).model_dump(), image))

    async def cancel(self, *, job_id: str | None = None, draft_id: str | None = None) -> None:
        await self.send({"type": "cancel", "job_id": job_id, "draft_id": draft_id})

    async def select(self, draft_id: str) -> None:
        await self.send({"type": "select", "draft_id": draft_id})

    async def branch(self, draft_id: str) -> None:
        await self.send({"type": "branch", "draft_id": draft_id})

    async def undo(self) -> None:
        await self.send({"type": "undo"})

    # receiving

    async def events(self) -> AsyncIterator[Event]:
        """Every event as it arrives (previews included), until the connection closes."""
        assert self._ws is not None, "not connected"
        try:
            async for frame in self._ws:
                event = decode_server_frame(frame)
                # answers to this connection (error, pong) carry the seq already received, previews the last one
                if not isinstance(event, DraftPreview) and event.seq > self.seq:
                    self.seq = event.seq
                yield event
        except ConnectionClosed:
            return

    async def until(self, done: Callable[[Event], bool], *, timeout: float = 60.0) -> list[Event]:
        """Collect events up to and including the first for which `done` is true."""
        collected: list[Event] = []

        async def collect() -> None:
            async for event in self.events():
                collected.append(event)
                if done(event):
                    return
            raise ConnectionError(f"the connection closed before the awaited event ({len(collected)} received)")

        await asyncio.wait_for(collect(), timeout)
        return collected


def _json(message: dict[str, Any]) -> str:
    return json.dumps(message, separators=(",", ":"))
