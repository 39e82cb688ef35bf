"""The one small interface a script runs through: in process (inprocess.py) or over the protocol (remote.py).

A driver performs one Action (a step with its draft references resolved and its upload read) and yields the
session's events it caused, previews included, until the step is complete.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from studiolo.events import Event

ActionKind = Literal["say", "feedback", "upload", "select", "branch", "undo", "redo", "speak", "reset", "cue"]


@dataclass(frozen=True)
class Action:
    kind: ActionKind
    text: str | None = None  # say, speak, cue; feedback's comment
    draft_id: str | None = None  # feedback, select, branch
    rating: int | None = None
    pick: bool = False
    image: bytes = b""  # upload: the file's bytes
    name: str | None = None  # upload: the file's name


class Driver(Protocol):
    session_id: str
    state: dict[str, Any]  # the session's state when the driver started (drafts made before the script)

    def start(self) -> AsyncIterator[Event]:
        """Open the session: the events of its opening (the artist's greeting, for a new one)."""
        ...

    def perform(self, action: Action) -> AsyncIterator[Event]:
        """The events the action caused, until it is complete. At a cue a live run waits for the operator."""
        ...

    async def close(self) -> None: ...


class TerminalKeys:
    """Enter pressed in the terminal, as an awaitable: one daemon thread reads stdin lines (a blocked read must not
    keep the process alive at exit, which an executor thread would)."""

    def __init__(self) -> None:
        self._lines: asyncio.Queue[str] | None = None

    @staticmethod
    def available() -> bool:
        return sys.stdin is not None and sys.stdin.isatty()

    async def press(self) -> str:
        if self._lines is None:
            self._lines = asyncio.Queue()
            loop, lines = asyncio.get_running_loop(), self._lines

            def read() -> None:
                for line in sys.stdin:
                    loop.call_soon_threadsafe(lines.put_nowait, line)

            threading.Thread(target=read, name="studiolo-cue-keys", daemon=True).start()
        await self._lines.get()
        return "a key press"
