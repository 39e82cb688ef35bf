"""Soak, accelerated (slow): 2,000 visitors, one after another at each of 2 kiosks, against one server with the
embedded painter, over real websockets. Each visitor makes a wish and gets one small picture (the installation
file the test writes: `pictures_per_wish: 1`, `picture_size: 256`); three in four pick it and take it home, the
fourth leaves it. No job is lost, every visit is closed and its room leaves memory, RSS grows at most 10 %
between the 500th visitor and the 2,000th, and the pictures on disk are exactly what retention keeps.

The day runs on a retention clock the test drives (`Ledger.clock`): every twentieth of the visitors, both kiosks
wait at a checkpoint, the clock moves on an hour and the tidy-up runs. Unpicked drafts are kept two hours
(`drafts_hours`), picked ones twelve (`picked_days`), so the disk holds the last checkpoint's unpicked pictures
and the last eleven checkpoints' picked ones, however many visitors came before.

STUDIOLO_SOAK_VISITORS sets how many (a multiple of 20; default 2000, the issue's soak). bench/installation.py
prints the visitors' waits and the RSS per 1,000 visitors.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest
from installation_server import KIOSK_1, KIOSK_2, hello, installation_server, socket_url, write_show
from websockets.asyncio.client import ClientConnection, connect

from studiolo.installation.retention import prune

pytestmark = [pytest.mark.slow, pytest.mark.asyncio]
VISITORS = int(os.environ.get("STUDIOLO_SOAK_VISITORS", "2000"))
CHECKPOINTS = 20  # the day's hours: the retention clock moves on an hour at each
HOUR = 3600.0
UNPICKED_HOURS, PICKED_HOURS = 2, 12  # the installation's retention, below
SHOW = {
    "  idle_s: 90": "  idle_s: 90\n  pictures_per_wish: 1\n  picture_size: 256",
    "  turns: 6": "  turns: 100",
    "  drafts_hours: 6": f"  drafts_hours: {UNPICKED_HOURS}",
    "  picked_days: 30": f"  picked_days: {PICKED_HOURS / 24}",
}


@dataclass
class Day:
    hour: int = 0  # checkpoints passed: the retention clock is this many hours ahead of the wall clock
    served: int = 0
    drafts: dict[str, tuple[int, bool]] = field(default_factory=dict)  # draft id -> (the hour it was made, picked)
    rss: dict[int, int] = field(default_factory=dict)  # visitors served -> this process's RSS
    disk: tuple[int, int] = (0, 0)  # pictures and bytes on disk at the last checkpoint

    def clock(self) -> float:
        return time.time() + self.hour * HOUR


async def test_two_thousand_visitors_through_two_kiosks_leave_nothing_behind(tmp_path: Path) -> None:
    assert VISITORS % (2 * CHECKPOINTS) == 0, "STUDIOLO_SOAK_VISITORS: a multiple of 40"
    per_hour = VISITORS // CHECKPOINTS
    day = Day()
    started = time.perf_counter()
    async with installation_server(tmp_path / "data", write_show(tmp_path, **SHOW)) as studio:
        venue = studio.venue
        assert venue is not None
        venue.ledger.clock = day.clock
        images = studio.store.images
        wishes = [*venue.show.texts["en"].examples, *venue.show.texts["ko"].examples]
        gate = asyncio.Barrier(2)

        async def checkpoint() -> None:
            """Both kiosks between visitors: an hour passes, the tidy-up runs, and nothing is left over."""
            assert studio.store.unfinished_jobs() == []  # no job lost
            assert venue.ledger.visit_count() == day.served and venue.ledger.visit_count(open_only=True) == 0
            async with asyncio.timeout(30):
                while studio.rooms:  # a visit's last task (the pick's feedback) ends, then its room leaves memory
                    await asyncio.sleep(0.02)
            day.hour += 1
            pruned = await asyncio.to_thread(prune, venue)
            on_disk = {path.stem: path.stat().st_size for path in images.root.glob("*/*.png")}
            kept = {draft for draft, (hour, picked) in day.drafts.items()
                    if day.hour - hour < (PICKED_HOURS if picked else UNPICKED_HOURS)}  # fmt: skip
            assert on_disk.keys() == kept, f"hour {day.hour}: on disk but past retention, or pruned too soon"
            assert pruned.disk_bytes == sum(on_disk.values())
            assert {work.draft_id for work in venue.ledger.gallery(VISITORS)} == {
                draft for draft in kept if day.drafts[draft][1]
            }
            day.rss[day.served] = psutil.Process().memory_info().rss
            day.disk = (len(on_disk), pruned.disk_bytes)

        async def kiosk(token: str) -> None:
            async with connect(socket_url(studio), max_size=None) as ws:
                await hello(ws, token)
                for _ in range(CHECKPOINTS):
                    for _ in range(per_hour // 2):
                        await visit(ws, wishes[day.served % len(wishes)], pick=day.served % 4 != 3)
                    if await gate.wait() == 0:
                        await checkpoint()
                    await gate.wait()

        async def visit(ws: ClientConnection, wish: str, *, pick: bool) -> None:
            send, recv = ws.send, ws.recv
            await send(json.dumps({"type": "wish", "text": wish}))
            finals = []
            async with asyncio.timeout(120):
                while (message := json.loads(await recv()))["type"] != "job_end":
                    if message["type"] == "final":
                        finals.append(message["draft_id"])
                assert message["status"] == "job.finished" and len(finals) == 1
                day.drafts[finals[0]] = (day.hour, pick)
                if pick:
                    await send(json.dumps({"type": "pick", "draft_id": finals[0]}))
                    while json.loads(await recv())["type"] != "take_home":
                        pass
                await send(json.dumps({"type": "done"}))
                while json.loads(await recv())["type"] != "welcome":
                    pass
            day.served += 1

        opened, cpu = time.perf_counter(), sum(psutil.Process().cpu_times()[:2])
        await asyncio.gather(kiosk(KIOSK_1), kiosk(KIOSK_2))
        visiting, cpu = time.perf_counter() - opened, sum(psutil.Process().cpu_times()[:2]) - cpu
    quarter, end = day.rss[VISITORS // 4], day.rss[VISITORS]
    took = time.perf_counter() - started
    print(f"\nsoak: {took:.0f} s in all, {VISITORS} visitors in {visiting:.0f} s ({visiting / VISITORS * 1000:.0f} ms, {cpu / VISITORS * 1000:.0f} ms of CPU each); RSS {quarter / 2**20:.0f}"
          f" MB at {VISITORS // 4}, {end / 2**20:.0f} MB at {VISITORS} ({end / quarter - 1:+.1%}); {day.disk[0]} pictures,"
          f" {day.disk[1] / 2**20:.1f} MB on disk")  # fmt: skip
    assert len(day.drafts) == VISITORS  # one picture each, every one finished
    assert end <= 1.10 * quarter, day.rss
