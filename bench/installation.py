"""Benchmark an event installation on this machine: visitors' waits, the wall's latency, memory per visitor.

Prints one figure a line, `name: value unit`, and each target as `name_target_ratio: measured / target` (at most
1.0 means the target is met). A real StudioServer with an installation (examples/show.yaml's texts, the embedded
painter and describer, the real MiniLM screen) runs in this process on 127.0.0.1; each kiosk is a websocket
client serving one visitor after another (a wish from the examples, wait for the pictures, pick the first,
"I'm done"), with one wall watching. Measured side by side in one run, with 2 and then 4 kiosks busy:

- visitor wait: wish sent -> the first preview on the kiosk, and -> the job's end (the final pictures), p50/p99;
- wall latency: the final recorded by the server (its event's ts) -> the wall's socket has it, p99 (target
  <= 100 ms). It includes the caption (the describer and the screen) the wall waits for;
- RSS per 1,000 visitors: this process's RSS growth between the first quarter of the visitors and the last,
  scaled to 1,000 (the server and its clients share the process; the models are loaded before the first).

    .venv/bin/python bench/installation.py [--visitors 200] [--pictures 1]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil
from websockets.asyncio.client import connect

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from installation_server import KIOSK_1, KIOSK_2, WALL, hello, installation_server, socket_url, write_show  # noqa: E402

WALL_TARGET_S = 0.100
EXTRA_KIOSKS = "\n".join(f"  - id: extra-{i}\n    token: bench-kiosk-token-extra-{i:04d}" for i in range(2))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def kiosk(url: str, token: str, visitors: int, wishes: list[str], waits: dict[str, list[float]],
                done: list[int], rss: list[tuple[int, int]], total: int) -> None:  # fmt: skip
    async with connect(url, max_size=None) as ws:
        await hello(ws, token)
        for i in range(visitors):
            sent = time.perf_counter()
            await ws.send(json.dumps({"type": "wish", "text": wishes[i % len(wishes)]}))
            seen = []
            while True:
                message = json.loads(await ws.recv())
                seen.append(message)
                if message["type"] == "preview" and not any(m["type"] == "preview" for m in seen[:-1]):
                    waits["preview"].append(time.perf_counter() - sent)
                if message["type"] == "job_end":
                    waits["final"].append(time.perf_counter() - sent)
                    break
            finals = [m["draft_id"] for m in seen if m["type"] == "final"]
            if finals:
                await ws.send(json.dumps({"type": "pick", "draft_id": finals[0]}))
                while json.loads(await ws.recv())["type"] != "take_home":
                    pass
            await ws.send(json.dumps({"type": "done"}))
            while json.loads(await ws.recv())["type"] != "welcome":
                pass
            done[0] += 1
            if done[0] in (max(1, total // 4), total):
                rss.append((done[0], psutil.Process().memory_info().rss))


async def wall(url: str, latencies: list[float], stop: asyncio.Event) -> None:
    async with connect(url, max_size=None) as ws:
        await hello(ws, WALL)
        while not stop.is_set():
            try:
                message = json.loads(await asyncio.wait_for(ws.recv(), 0.5))
            except TimeoutError:
                continue
            if message["type"] == "final":
                latencies.append(time.time() - message["recorded"])


async def run(kiosks: int, visitors: int, pictures: int, backends: Any) -> tuple[dict[str, float], Any]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        show = write_show(root, **{"    name: Gallery hall\n": f"    name: Gallery hall\n{EXTRA_KIOSKS}\n",
                                   "  idle_s: 90": f"  idle_s: 90\n  pictures_per_wish: {pictures}",
                                   "  turns: 6": "  turns: 100"})  # fmt: skip
        tokens = [KIOSK_1, KIOSK_2, "bench-kiosk-token-extra-0000", "bench-kiosk-token-extra-0001"][:kiosks]
        async with installation_server(root / "data", show, backends=backends, stop_grace_s=0) as studio:
            wishes = [*studio.show.texts["en"].examples, *studio.show.texts["ko"].examples]  # type: ignore[union-attr]
            waits: dict[str, list[float]] = {"preview": [], "final": []}
            latencies: list[float] = []
            rss: list[tuple[int, int]] = []
            done = [0]
            stop = asyncio.Event()
            watcher = asyncio.create_task(wall(socket_url(studio), latencies, stop))
            each = visitors // kiosks
            await asyncio.gather(*(kiosk(socket_url(studio), t, each, wishes, waits, done, rss, each * kiosks)
                                   for t in tokens))  # fmt: skip
            stop.set()
            await watcher
            venue = studio.venue
            assert venue is not None
            lost = studio.store.unfinished_jobs()
            figures = {
                "visitors": float(done[0]),
                "wait_first_preview_p50_s": percentile(waits["preview"], 0.5),
                "wait_first_preview_p99_s": percentile(waits["preview"], 0.99),
                "wait_final_p50_s": percentile(waits["final"], 0.5),
                "wait_final_p99_s": percentile(waits["final"], 0.99),
                "wall_latency_p99_s": percentile(latencies, 0.99) if latencies else float("nan"),
                "wall_latency_p50_s": statistics.median(latencies) if latencies else float("nan"),
                "open_visits": float(venue.ledger.visit_count(open_only=True)),
                "jobs_lost": float(len(lost)),
            }
            if len(rss) == 2 and rss[1][0] > rss[0][0]:
                figures["rss_growth_per_1000_visitors_mb"] = (
                    (rss[1][1] - rss[0][1]) / 2**20 * 1000 / (rss[1][0] - rss[0][0])
                )
                figures["rss_growth_ratio"] = rss[1][1] / rss[0][1]
            return figures, studio.backends


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=200, help="visitors in each run (shared by the kiosks)")
    parser.add_argument("--pictures", type=int, default=1, help="pictures painted for each wish")
    args = parser.parse_args()
    backends = None
    for kiosks in (2, 4):
        figures, backends = await run(kiosks, args.visitors, args.pictures, backends)
        for name, value in figures.items():
            unit = " s" if name.endswith("_s") else " MB" if name.endswith("_mb") else ""
            print(f"kiosks_{kiosks}_{name}: {value:.4f}{unit}")
        print(f"kiosks_{kiosks}_wall_latency_p99_target_ratio: {figures['wall_latency_p99_s'] / WALL_TARGET_S:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
