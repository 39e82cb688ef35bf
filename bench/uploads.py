"""Benchmark the server's memory under concurrent uploads: RSS before, at the peak, and after.

Prints one figure a line, `name: value unit`. A real StudioServer on 127.0.0.1 (ephemeral port, temporary data
folder, default settings, the embedded backends) runs in a child process; `--connections` designers (four by
default) each upload a `--megabytes` PNG of noise (20 MB: 2,600 x 2,600 pixels that do not compress) at once,
`--rounds` times. An upload the budget turns away (`busy`) is sent again after its `retry_after`. Between
rounds the server's RSS is read once it settles: memory given back after uploads shows as
`server_rss_after_uploads` close to `server_rss_before_uploads`.

    .venv/bin/python bench/uploads.py [--connections 4] [--megabytes 20] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import math
import multiprocessing as mp
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

DESIGNER = "designer-upload-bench"
TIMEOUT_S = 300.0


def report(name: str, value: float, unit: str, digits: int = 0) -> None:
    print(f"{name}: {value:.{digits}f} {unit}", flush=True)


def rss_mib(pid: int, field: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} for pid {pid}")


def settled_rss_mib(pid: int, *, quiet_s: float = 0.5, limit_s: float = 15.0) -> float:
    last, start = rss_mib(pid), time.monotonic()
    while time.monotonic() - start < limit_s:
        time.sleep(quiet_s)
        now = rss_mib(pid)
        if abs(now - last) < 0.5:
            return now
        last = now
    return last


def serve(data: str, ready: Any, stop: Any) -> None:
    from studiolo.server.app import StudioServer
    from studiolo.settings import Settings

    async def main() -> None:
        server = StudioServer(Settings.load(server={"port": 0, "data": data, "tokens": {DESIGNER: "designer"}}))
        await server.start()
        ready.send(server.port)
        await asyncio.get_running_loop().run_in_executor(None, stop.wait)
        await server.stop()

    asyncio.run(main())


def noise_png(megabytes: float) -> bytes:
    side = int(math.sqrt(megabytes * 1e6 / 3))
    pixels = np.random.default_rng(0).integers(0, 256, (side, side, 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "PNG", compress_level=1)
    return out.getvalue()


async def upload_until_kept(url: str, png: bytes) -> int:
    """One designer's upload, sent again while the server says `busy`; returns how many times it said so."""
    from websockets.asyncio.client import connect

    from studiolo.server.protocol import join_binary

    busy = 0
    async with connect(url, max_size=None, compression=None, open_timeout=60) as ws:
        await ws.send(json.dumps({"type": "hello", "protocol": 1, "token": DESIGNER, "role": "designer"}))
        frame = join_binary({"type": "upload", "mime": "image/png", "name": "noise.png"}, png)
        await ws.send(frame)
        async with asyncio.timeout(TIMEOUT_S):
            async for message in ws:
                if isinstance(message, bytes):
                    return busy  # the upload's draft.final
                event = json.loads(message)
                if event["type"] == "error":
                    if event["code"] != "busy":
                        raise RuntimeError(f"the upload was refused: {event}")
                    busy += 1
                    await asyncio.sleep(event["retry_after"])
                    await ws.send(frame)
    raise RuntimeError("the connection closed before the upload's draft came back")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--megabytes", type=float, default=20.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    png = noise_png(args.megabytes)
    ctx = mp.get_context("spawn")
    with tempfile.TemporaryDirectory(prefix="studiolo-bench-") as tmp:
        stop = ctx.Event()
        receive, send = ctx.Pipe(duplex=False)
        process = ctx.Process(target=serve, args=(tmp, send, stop), daemon=True)
        process.start()
        try:
            if not receive.poll(300):
                raise RuntimeError("the server did not start in 300 s")
            url = f"ws://127.0.0.1:{receive.recv()}/ws"
            assert process.pid is not None
            pid = process.pid
            before = settled_rss_mib(pid)
            Path(f"/proc/{pid}/clear_refs").write_text("5")  # VmHWM from here
            afters, busy, seconds = [], 0, []
            for _ in range(args.rounds):
                started = time.perf_counter()

                async def round_() -> list[int]:
                    return await asyncio.gather(*(upload_until_kept(url, png) for _ in range(args.connections)))

                busy += sum(asyncio.run(round_()))
                seconds.append(time.perf_counter() - started)
                afters.append(settled_rss_mib(pid))
            peak = rss_mib(pid, "VmHWM")
        finally:
            stop.set()
            process.join(60)
            if process.is_alive():
                process.terminate()
    report("upload_size", len(png) / 2**20, "MiB", 1)
    report("uploads_per_round", args.connections, "uploads")
    report("upload_round", float(np.median(seconds)) * 1000, "ms")
    report("upload_busy_answers", busy, "answers")
    report("server_rss_before_uploads", before, "MiB")
    report("server_rss_peak_uploads", peak, "MiB")
    for index, after in enumerate(afters, 1):
        report(f"server_rss_after_round_{index}", after, "MiB")
    report("server_rss_after_uploads", afters[-1], "MiB")
    print(f"upload_memory_kept_ratio: {(afters[-1] - before) / max(peak - before, 1e-9):.2f}")


if __name__ == "__main__":
    main()
