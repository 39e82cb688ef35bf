"""`studiolo serve --installation` killed with SIGKILL mid-visit comes back, on the same data folder, to the same
kiosks, wall gallery and share codes; the visit that was open is closed. On the way, a visitor past their turns
is thanked (texts.enough) instead of painted for."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from installation_server import KIOSK_1, WALL, hello, write_show
from websockets.asyncio.client import ClientConnection, connect

pytestmark = pytest.mark.asyncio
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(show: Path, data: Path, port: int) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "studiolo.cli", "serve", "--installation", str(show), "--data", str(data),
         "--port", str(port)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    assert process.stdout is not None
    for line in process.stdout:  # its own words that it listens: no polling
        if "studiolo is serving on" in line:
            # drained from now on, so the server's log never fills the pipe
            threading.Thread(target=process.stdout.read, daemon=True).start()
            return process
    raise AssertionError(f"the server did not start (exit {process.wait()})")


async def until(ws: ClientConnection, kind: str, seen: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    async with asyncio.timeout(120):
        while True:
            message = json.loads(await ws.recv())
            if message["type"] == kind:
                return message
            if seen is not None:
                seen.append(message)


async def test_kill_9_comes_back_to_the_same_gallery_and_codes(tmp_path: Path) -> None:
    show = write_show(tmp_path, **{"  turns: 6": "  turns: 1"})
    port = free_port()
    url = f"ws://127.0.0.1:{port}/installation/ws"
    first = await asyncio.to_thread(serve, show, tmp_path / "data", port)
    try:
        async with connect(url) as kiosk:
            await hello(kiosk, KIOSK_1)
            await kiosk.send(json.dumps({"type": "wish", "text": "a lighthouse in the fog"}))
            seen: list[dict[str, Any]] = []
            await until(kiosk, "job_end", seen)
            draft = next(m for m in seen if m["type"] == "final")["draft_id"]
            await kiosk.send(json.dumps({"type": "wish", "text": "a garden of yellow flowers"}))
            enough = await until(kiosk, "reply")
            while not enough.get("enough"):
                enough = await until(kiosk, "reply")
            assert "next guest" in enough["text"]  # texts.en.enough: one turn was this visitor's limit
            await kiosk.send(json.dumps({"type": "pick", "draft_id": draft}))
            code = (await until(kiosk, "take_home"))["url"].rsplit("/", 1)[1]
            first.send_signal(signal.SIGKILL)  # mid-visit: the visitor never said "I'm done"
            await asyncio.to_thread(first.wait)
    finally:
        first.kill()
    again = await asyncio.to_thread(serve, show, tmp_path / "data", port)
    try:
        async with connect(url) as wall, connect(url) as kiosk:
            assert [w["draft_id"] for w in (await hello(wall, WALL))["gallery"]] == [draft]
            assert (await hello(kiosk, KIOSK_1))["kiosk"] == "entrance"
        with sqlite3.connect(tmp_path / "data" / "installation.sqlite") as ledger:
            assert ledger.execute("SELECT how FROM visits").fetchall() == [("restart",)]  # the open visit, closed
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/share/{code}", timeout=30) as page:
            assert re.search(rf'src="/share/{re.escape(code)}\.png"', page.read().decode())
    finally:
        again.send_signal(signal.SIGTERM)
        await asyncio.to_thread(again.wait, 60)
