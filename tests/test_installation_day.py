"""A day unattended, against a real server: retention prunes unpicked drafts and, later, expired works (their
share codes stop working); the disk quota warns on the console and in /metrics before it is reached; the
watchdog ends a job stuck past its limit and tells the visitor in the artist's words."""

from __future__ import annotations

import asyncio
import json
import re
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from installation_server import KIOSK_1, OPERATOR, hello, installation_server, socket_url, write_show
from websockets.asyncio.client import ClientConnection, connect

from studiolo.agent.agent import Agent
from studiolo.agent.voice import Voice
from studiolo.installation.intent import KioskRouter
from studiolo.installation.retention import prune
from studiolo.model.protocols import CancelToken, Painter, PaintResult, PaintSpec
from studiolo.persona.spec import Persona
from studiolo.server.app import StudioServer

WAIT_S = 120


async def until(ws: ClientConnection, kind: str, seen: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    async with asyncio.timeout(WAIT_S):
        while True:
            message = json.loads(await ws.recv())
            if message["type"] == kind:
                return message
            if seen is not None:
                seen.append(message)


def status_of(studio: StudioServer, path: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{studio.port}{path}", timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def metrics(studio: StudioServer) -> str:
    request = urllib.request.Request(f"http://127.0.0.1:{studio.port}/metrics")
    request.add_header("Authorization", f"Bearer {OPERATOR}")
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read().decode()


async def test_retention_prunes_unpicked_then_expired_and_the_quota_warns(tmp_path: Path) -> None:
    show = write_show(tmp_path, **{"disk_quota_mb: 4096": "disk_quota_mb: 16"})
    async with installation_server(tmp_path / "data", show) as studio, connect(socket_url(studio)) as kiosk:
        images = studio.store.images
        await hello(kiosk, KIOSK_1)
        await kiosk.send(json.dumps({"type": "wish", "text": "a lighthouse in the fog"}))
        seen: list[dict[str, Any]] = []
        await until(kiosk, "job_end", seen)
        finals = [m["draft_id"] for m in seen if m["type"] == "final"]
        assert len(finals) >= 2
        await kiosk.send(json.dumps({"type": "pick", "draft_id": finals[0]}))
        code = (await until(kiosk, "take_home"))["url"].rsplit("/", 1)[1]
        venue = studio.venue
        assert venue is not None

        soon = await asyncio.to_thread(prune, venue, time.time() + 60)  # within drafts_hours: nothing goes
        assert soon.drafts == 0 and all(images.get(d) for d in finals)
        later = await asyncio.to_thread(prune, venue, time.time() + 7 * 3600)  # past drafts_hours (6)
        assert later.drafts == len(finals) - 1
        assert images.get(finals[0]) is not None and all(images.get(d) is None for d in finals[1:])
        assert await asyncio.to_thread(status_of, studio, f"/share/{code}") == 200
        gone = await asyncio.to_thread(prune, venue, time.time() + 31 * 86400)  # past picked_days (30)
        assert gone.works == 1 and images.get(finals[0]) is None
        assert await asyncio.to_thread(status_of, studio, f"/share/{code}") == 404

        # 14 MB of pictures against a 16 MB quota: past warn_at (0.8), so the console and /metrics warn
        filler = images.root / "ff" / f"{'f' * 32}.png"
        filler.parent.mkdir(exist_ok=True)
        filler.write_bytes(b"\0" * (14 * 1024 * 1024))
        async with connect(socket_url(studio)) as console:
            await hello(console, OPERATOR)
            venue.measured((await asyncio.to_thread(prune, venue)).disk_bytes)
            state = await until(console, "console")
            assert state["disk"]["warning"] is True and state["disk"]["bytes"] >= 14 * 1024 * 1024
        assert re.search(r"^studiolo_installation_disk_warning 1\.0$", await asyncio.to_thread(metrics, studio), re.M)


class StuckPainter:
    """The embedded painter, except that a prompt naming a "bird" hangs until it is cancelled."""

    def __init__(self, painter: Painter) -> None:
        self.painter = painter
        self.backend_id = painter.backend_id

    def text_to_image(
        self, spec: PaintSpec, *, cancel: CancelToken | None = None, on_preview: Any = None
    ) -> PaintResult:
        if "bird" in spec.prompt and cancel is not None:
            while not cancel.cancelled:
                time.sleep(0.02)
        return self.painter.text_to_image(spec, cancel=cancel, on_preview=on_preview)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.painter, name)


async def test_the_watchdog_ends_a_stuck_job_and_tells_the_visitor(tmp_path: Path) -> None:
    def agent(persona: Persona, studio: StudioServer) -> Agent:
        assert studio.painter is not None
        return Agent(persona, StuckPainter(studio.painter), studio.backends.describer, KioskRouter(),
                     voice=Voice(persona, studio.backends.chat_model), gate=studio.scheduler)  # fmt: skip

    show = write_show(tmp_path, **{"job_limit_s: 120": "job_limit_s: 2"})
    async with installation_server(tmp_path / "data", show, agent_factory=agent) as studio, \
            connect(socket_url(studio)) as kiosk:  # fmt: skip
        await hello(kiosk, KIOSK_1)
        await kiosk.send(json.dumps({"type": "wish", "text": "a red bird over a blue sea"}))
        told = await until(kiosk, "reply")
        while not told.get("stuck"):
            told = await until(kiosk, "reply")
        assert told["text"] == studio.show.texts["en"].stuck  # type: ignore[union-attr]
        assert (await until(kiosk, "job_end"))["status"] == "job.cancelled"
        await kiosk.send(json.dumps({"type": "wish", "text": "a lighthouse in the fog"}))  # the kiosk goes on
        assert (await until(kiosk, "job_end"))["status"] == "job.finished"
        assert re.search(
            r"^studiolo_installation_watchdog_ends_total 1\.0$", await asyncio.to_thread(metrics, studio), re.M
        )


pytestmark = pytest.mark.asyncio
