"""The server under abuse: a stop in the middle of work, foreign web pages, a public /metrics, forged log lines,
invitations that never end, and refused actions that filled the session's history.

Each against a real server on 127.0.0.1 (tests/live_server.py, or `studiolo serve` as a process) and a real
SQLite file.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from pathlib import Path

from live_server import DESIGNER

from studiolo.client import Client
from studiolo.server.store import DATABASE
from studiolo.server.store_admin import check_store

TURN_DONE = "reply.done"


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _serve(data: Path, port: int, *options: str) -> asyncio.subprocess.Process:
    """`studiolo serve` in its own process, ready once it prints where it serves."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "studiolo.cli", "serve", "--port", str(port), "--data", str(data),
        "--token", f"designer:{DESIGNER}", *options,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env={**os.environ, "TQDM_DISABLE": "1"},
    )  # fmt: skip
    assert process.stdout is not None
    line = await asyncio.wait_for(process.stdout.readline(), 120)
    assert b"serving on" in line, line
    return process


def _job_rows(data: Path) -> list[tuple[str, str]]:
    db = sqlite3.connect(data / DATABASE)
    try:
        return db.execute("SELECT id, status FROM jobs ORDER BY updated").fetchall()
    finally:
        db.close()


def _events(data: Path, session: str) -> list[tuple[int, str, str]]:
    db = sqlite3.connect(data / DATABASE)
    try:
        return db.execute("SELECT seq, type, body FROM events WHERE session = ? ORDER BY seq", (session,)).fetchall()
    finally:
        db.close()


async def test_sigterm_mid_job_stops_cleanly_jobs_recorded_and_wal_checkpointed(tmp_path: Path) -> None:
    config = tmp_path / "settings.yaml"
    config.write_text("server:\n  stop_grace_s: 0\n")  # no time to finish: the job must be recorded failed
    port = _free_port()
    data = tmp_path / "data"
    server = await _serve(data, port, "--config", str(config))
    try:
        client = await Client.connect(f"ws://127.0.0.1:{port}/ws", DESIGNER)
        await client.until(lambda e: e.type == TURN_DONE)
        await client.say("paint a harbour full of boats at night")
        started = (await client.until(lambda e: e.type == "draft.preview"))[-1]
        server.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(server.communicate(), 60)
    finally:
        if server.returncode is None:
            server.kill()
            await server.wait()
    assert server.returncode == 0, err.decode()[-2000:]
    assert b"stopped cleanly" in out and b"Traceback" not in err
    # the job cut off by the stop is recorded now, as a retryable failure, not discovered at the next start
    assert dict(_job_rows(data))[started.job_id] == "failed"
    last = _events(data, client.session or "")[-1]
    assert last[1] == "job.failed" and '"job.interrupted"' in last[2] and started.job_id in last[2]
    wal = data / (DATABASE + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # checkpointed into the database
    assert check_store(data) == []
    # and a restart finds nothing more to recover: the session is as the stop left it
    before = _events(data, client.session or "")
    server = await _serve(data, port)
    try:
        again = await Client.connect(f"ws://127.0.0.1:{port}/ws", DESIGNER, session=client.session)
        assert again.welcome is not None and again.welcome.seq == len(before)
        await again.close()
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl-C: the same clean stop
        out, _ = await asyncio.wait_for(server.communicate(), 60)
    assert server.returncode == 0 and b"stopped cleanly" in out
