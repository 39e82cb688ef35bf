"""A real server with an installation (examples/show.yaml's kiosks and texts) on 127.0.0.1, for the tests."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from studiolo.server.app import StudioServer
from studiolo.settings import Settings

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "show.yaml"
KIOSK_1, KIOSK_2 = "change-me-kiosk-entrance-0000", "change-me-kiosk-gallery-00000"
WALL, OPERATOR = "change-me-wall-token-000000000", "change-me-operator-token-0000"


def write_show(folder: Path, **changes: str) -> Path:
    """examples/show.yaml with some lines replaced (`old line` -> `new line`)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new)
    path = folder / "show.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@asynccontextmanager
async def installation_server(
    data: Path, show: Path, backends: Any = None, agent_factory: Any = None, **server: Any
) -> AsyncIterator[StudioServer]:
    settings = Settings.load(server={"port": 0, "data": data, "installation": show, **server})
    studio = StudioServer(settings, backends=backends, agent_factory=agent_factory)
    await studio.start()
    try:
        yield studio
    finally:
        await studio.stop()


def socket_url(studio: StudioServer) -> str:
    return f"ws://127.0.0.1:{studio.port}/installation/ws"


async def hello(ws: Any, token: str) -> dict[str, Any]:
    await ws.send(json.dumps({"type": "hello", "token": token}))
    return json.loads(await ws.recv())
