"""Soak, accelerated (slow): visitors one after another through 2 kiosks against one server with the embedded
painter (one picture a wish), each picking a picture and leaving. No job is lost, every visit is closed and its
room leaves memory, RSS grows at most 10 % between the first quarter of the visitors and the last, and the
pictures on disk are bounded by retention: once unpicked drafts are past their hours only picked ones remain.

STUDIOLO_SOAK_VISITORS sets how many (default 200; the issue's full soak is 2000: bench/installation.py prints
the same figures at any size)."""

from __future__ import annotations

import asyncio
import json
import os
import time
from pathlib import Path

import psutil
import pytest
from installation_server import KIOSK_1, KIOSK_2, hello, installation_server, socket_url, write_show
from websockets.asyncio.client import connect

from studiolo.installation.retention import prune

pytestmark = [pytest.mark.slow, pytest.mark.asyncio]
VISITORS = int(os.environ.get("STUDIOLO_SOAK_VISITORS", "200"))


async def test_visitors_through_two_kiosks_leave_nothing_behind(tmp_path: Path) -> None:
    show = write_show(tmp_path, **{"  idle_s: 90": "  idle_s: 90\n  pictures_per_wish: 1"})
    rss: dict[str, int] = {}
    served = [0]
    async with installation_server(tmp_path / "data", show) as studio:
        wishes = [*studio.show.texts["en"].examples, *studio.show.texts["ko"].examples]  # type: ignore[union-attr]

        async def kiosk(token: str, visitors: int) -> None:
            async with connect(socket_url(studio), max_size=None) as ws:
                await hello(ws, token)
                for i in range(visitors):
                    await ws.send(json.dumps({"type": "wish", "text": wishes[i % len(wishes)]}))
                    finals = []
                    async with asyncio.timeout(120):
                        while (message := json.loads(await ws.recv()))["type"] != "job_end":
                            if message["type"] == "final":
                                finals.append(message["draft_id"])
                        assert message["status"] == "job.finished" and len(finals) == 1
                        await ws.send(json.dumps({"type": "pick", "draft_id": finals[0]}))
                        while json.loads(await ws.recv())["type"] != "take_home":
                            pass
                        await ws.send(json.dumps({"type": "done"}))
                        while json.loads(await ws.recv())["type"] != "welcome":
                            pass
                    served[0] += 1
                    if served[0] == VISITORS // 4:
                        rss["quarter"] = psutil.Process().memory_info().rss

        await asyncio.gather(kiosk(KIOSK_1, VISITORS // 2), kiosk(KIOSK_2, VISITORS // 2))
        rss["end"] = psutil.Process().memory_info().rss
        venue = studio.venue
        assert venue is not None
        assert studio.store.unfinished_jobs() == []  # no job lost
        assert venue.ledger.visit_count() == VISITORS and venue.ledger.visit_count(open_only=True) == 0
        async with asyncio.timeout(30):
            while studio.rooms:  # a visit's last task (the pick's feedback) ends, then its room leaves memory
                await asyncio.sleep(0.05)
        assert rss["end"] <= 1.10 * rss["quarter"], rss
        pruned = await asyncio.to_thread(prune, venue, time.time() + 7 * 3600)
        on_disk = {path.stem for path in studio.store.images.root.glob("*/*.png")}
        assert on_disk == {work.draft_id for work in venue.ledger.gallery(100_000)}  # only the picked remain
        assert pruned.drafts == 0  # every visitor picked their one picture
