"""Benchmark the websocket server on this machine: turn overhead, first preview, fan-out, memory per connection.

Prints one figure a line, `name: value unit`, ratios as `name_ratio: value`, and each target as
`name_target_ratio: measured / target` (at most 1.0 means the target is met). Each figure is the median of
several runs measured side by side in this one process run.

The server is a real StudioServer on 127.0.0.1 (ephemeral port, temporary data folder, the embedded backends)
in a child process of its own, so that the clients' event loops never share a core's loop with it:

- turn overhead: an imagine turn over the websocket (`say` sent -> `job.finished` received; and -> `reply.done`)
  against the same turn through an agent in this process (built as the server builds its own, in a session with
  the server session's id, so it paints the same picture), A B A B ...: `ws_vs_in_process_agent_ratio` is what
  the server and the websocket add to the agent's own work (the target: at most 1.10). The turn's words ask for
  one 1024 x 1024 draft. Beside it, with no target, `ws_overhead_ratio` and `ws_overhead_1024` against the same
  painter called directly here (a turn must also route and encode its final). Its parts, from the server's event
  times: when the turn was routed and its job started, how much longer painting (with previews) and encoding the
  final took than the direct call, and the final's delivery (made -> received). And the routing alone
  (turn.said -> turn.routed) in the server and in the agent here (the target: at most 1.3 times).
- time to first preview: `say` sent -> the first `draft.preview` received, in those same turns.
- fan-out: observers (in another process) joined to the designer's session watch stock imagine turns (four
  512 x 512 drafts); for every preview and final, each viewer's receive time minus the event's `ts`.
  `first_to_last_viewer` is the median spread of one frame's arrival across the viewers (the fan-out itself).
- idle connections: a fresh server's RSS before and after observers (in another process) that said hello and idle,
  in batches on top of each other (the first batch can land in memory the start-up freed, so: the median batch).

Other processes busy on this machine during the run slow every figure; `other_processes_cpu_ratio` says how much
of the machine they took (0.00: a quiet run; compare figures only between quiet runs).

    .venv/bin/python bench/server.py [--runs 5] [--viewers 200] [--idle 1000] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import resource
import statistics
import struct
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

TOKENS = {"designer-tok": "designer", "observer-tok": "observer"}
DESIGNER, OBSERVER = TOKENS
SIDE = 1024
TURN_1 = f"paint one image of yellow and pink flowers on a spring mountain with lush trees at {SIDE}x{SIDE}"
TURN_4 = "paint four drafts of a lighthouse on a stormy sea at dusk"
AGENT_RATIO_TARGET = 1.10  # the websocket and the server on top of the same agent turn
ROUTE_RATIO_TARGET = 1.30  # a turn's routing in the server against the same routing in this process
MEMORY_PER_CONNECTION_TARGET_KB = 50.0
CONNECT_AT_ONCE = 50  # handshakes in flight from the clients' process
TURN_TIMEOUT_S = 120.0


def report(name: str, value: float, unit: str, digits: int = 1) -> None:
    print(f"{name}: {value:.{digits}f} {unit}", flush=True)


def rss_mib(pid: int, field: str = "VmRSS") -> float:
    """The process's resident memory (VmRSS), or its peak since the last `reset_peak_rss` (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} for pid {pid}")


def reset_peak_rss(pid: int) -> None:
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # Linux: VmHWM starts again from the current RSS


def settled_rss_mib(pid: int, *, quiet_s: float = 0.5, limit_s: float = 10.0) -> float:
    """The server's RSS once it stops moving (a connection's buffers and tasks settle after the handshake)."""
    last, start = rss_mib(pid), time.monotonic()
    while time.monotonic() - start < limit_s:
        time.sleep(quiet_s)
        now = rss_mib(pid)
        if abs(now - last) < 0.05:
            return now
        last = now
    return last


def busy_cpu_s() -> float:
    """CPU seconds the whole machine has spent busy (every process), from /proc/stat."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, Path("/proc/stat").read_text().split()[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def own_cpu_s() -> float:
    """CPU seconds of this process and its children that have been waited for (all of them, at the end)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def raise_fd_limit(want: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard), hard))


# the server, in a child process


def serve(data: str, ready: Connection, stop: Any) -> None:
    """Run a StudioServer until `stop` is set; send its port on `ready`."""
    import logging

    from studiolo.server.app import StudioServer
    from studiolo.settings import Settings

    logging.basicConfig(level=logging.WARNING)

    async def main() -> None:
        settings = Settings.load(server={"port": 0, "data": data, "tokens": TOKENS})
        server = StudioServer(settings)
        await server.start()
        ready.send(server.port)
        await asyncio.get_running_loop().run_in_executor(None, stop.wait)
        try:
            await server.stop()
        except Exception as error:  # noqa: BLE001 - the figures are out already; say it in one line
            print(f"bench: StudioServer.stop() failed: {error!r}", file=sys.stderr, flush=True)

    asyncio.run(main())


class ServerProcess:
    def __init__(self, ctx: Any, data: Path) -> None:
        self._stop = ctx.Event()
        receive, send = ctx.Pipe(duplex=False)
        started = time.perf_counter()
        self.process = ctx.Process(target=serve, args=(str(data), send, self._stop), daemon=True)
        self.process.start()
        if not receive.poll(300):
            raise RuntimeError("the server did not start in 300 s")
        self.port = receive.recv()
        self.start_s = time.perf_counter() - started
        self.url = f"ws://127.0.0.1:{self.port}/ws"

    @property
    def pid(self) -> int:
        assert self.process.pid is not None
        return self.process.pid

    def stop(self) -> None:
        self._stop.set()
        self.process.join(30)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(10)


# the viewers, in another child process


def viewers(commands: Connection) -> None:
    """Hold many raw websocket clients; answer the bench's commands on `commands` until told to quit.

    A viewer does as little as it can per frame: the receive time, then the binary header's ts (all binary frames
    are drafts), so that 200 of them in one event loop distort the latencies as little as possible.
    """
    from websockets.asyncio.client import ClientConnection, connect

    raise_fd_limit(65536)
    open_: list[ClientConnection] = []
    readers: list[asyncio.Task[None]] = []
    records: list[tuple[str, float, float]] = []  # (type, ts, received)
    header_length = struct.Struct(">I")

    async def read(ws: ClientConnection) -> None:
        try:
            async for frame in ws:
                if isinstance(frame, bytes):
                    received = time.time()
                    (length,) = header_length.unpack_from(frame)
                    header = json.loads(frame[4 : 4 + length])
                    records.append((header["type"], header["ts"], received))
        except Exception:  # noqa: BLE001 - a closed viewer just stops counting
            return

    async def one(url: str, session: str) -> None:
        ws = await connect(url, compression=None, max_size=64 * 2**20, open_timeout=60)
        await ws.send(
            json.dumps({"type": "hello", "protocol": 1, "token": OBSERVER, "session": session, "role": "observer"})
        )
        welcome = json.loads(await ws.recv())
        if welcome.get("type") != "welcome":
            raise RuntimeError(f"refused: {welcome}")
        open_.append(ws)
        readers.append(asyncio.get_running_loop().create_task(read(ws)))

    async def open_many(url: str, session: str, count: int) -> float:
        started = time.perf_counter()
        gate = asyncio.Semaphore(CONNECT_AT_ONCE)

        async def gated() -> None:
            async with gate:
                await one(url, session)

        await asyncio.gather(*(gated() for _ in range(count)))
        return time.perf_counter() - started

    async def close_all() -> None:
        await asyncio.gather(*(ws.close() for ws in open_), return_exceptions=True)
        for task in readers:
            task.cancel()
        await asyncio.gather(*readers, return_exceptions=True)
        open_.clear()
        readers.clear()

    async def main() -> None:
        loop = asyncio.get_running_loop()
        while True:
            command, *args = await loop.run_in_executor(None, commands.recv)
            if command == "open":
                commands.send(await open_many(*args))
            elif command == "collect":
                commands.send(list(records))
                records.clear()
            elif command == "count":
                commands.send(sum(1 for kind, _, _ in records if kind == args[0]))
            elif command == "close":
                await close_all()
                commands.send(True)
            elif command == "quit":
                await close_all()
                commands.send(True)
                return

    asyncio.run(main())


class Viewers:
    def __init__(self, ctx: Any) -> None:
        self._pipe, theirs = ctx.Pipe()
        self.process = ctx.Process(target=viewers, args=(theirs,), daemon=True)
        self.process.start()

    def ask(self, *command: Any, timeout: float = 300.0) -> Any:
        self._pipe.send(command)
        if not self._pipe.poll(timeout):
            raise RuntimeError(f"the viewers did not answer {command[0]!r} in {timeout} s")
        return self._pipe.recv()

    async def aask(self, *command: Any, timeout: float = 300.0) -> Any:
        return await asyncio.get_running_loop().run_in_executor(None, lambda: self.ask(*command, timeout=timeout))

    def quit(self) -> None:
        self.ask("quit", timeout=60)
        self.process.join(30)


# the measurements


async def turn(
    client: Any, text: str, *, viewer_records: list[tuple[str, float, float]] | None = None
) -> dict[str, Any]:
    """Say `text` and follow the turn to `reply.done`: times in ms from the `say`, and the finals."""
    times: dict[str, Any] = {"finals": [], "preview": None, "finished": None, "reply": None}
    ours = False  # what comes before our words (a greeting, others' turns) is not our turn
    async with asyncio.timeout(TURN_TIMEOUT_S):
        start, said_at = time.perf_counter(), time.time()
        await client.say(text)
        async for event in client.events():
            elapsed = (time.perf_counter() - start) * 1000
            if event.type == "turn.said" and event.text == text:
                ours = True
            if not ours:
                continue
            # where the time goes, from the server's event times (same machine, same clock)
            if event.type in ("turn.routed", "job.started"):
                times[event.type] = (event.ts - said_at) * 1000
            if event.type == "turn.said":
                times["said_ts"] = event.ts
            elif event.type == "turn.routed":
                times["routing"] = (event.ts - times["said_ts"]) * 1000  # inside the server: said -> routed
            elif event.type == "draft.final":
                times["final_made"] = (event.ts - said_at) * 1000
                times["final_delivery"] = (time.time() - event.ts) * 1000
            if event.type in ("draft.preview", "draft.final") and viewer_records is not None:
                viewer_records.append((event.type, event.ts, time.time()))
            if event.type == "draft.preview" and times["preview"] is None:
                times["preview"] = elapsed
            elif event.type == "draft.final":
                times["finals"].append(event)
            elif event.type == "job.finished":
                times["finished"] = elapsed
            elif event.type in ("job.failed", "job.cancelled", "error"):
                raise RuntimeError(f"the turn {text!r} went wrong: {event}")
            elif event.type == "reply.done":
                times["reply"] = elapsed
                return times
    raise RuntimeError("the connection closed during a turn")


async def new_designer(url: str) -> Any:
    """A designer in a new session, once the artist's greeting (if it gives one) is over."""
    from studiolo.client import Client

    client = await Client.connect(url, DESIGNER)
    try:
        async with asyncio.timeout(5):
            async for event in client.events():
                if event.type == "reply.done":
                    break
    except TimeoutError:
        pass  # no greeting
    return client


def in_process_agent() -> Any:
    """An agent built as the server builds its own (same settings, backends and preview pacing)."""
    from studiolo.agent.agent import Agent
    from studiolo.agent.router import SemanticRouter
    from studiolo.model.registry import Backends
    from studiolo.persona.library import get_persona
    from studiolo.settings import Settings

    settings = Settings.load(server={"tokens": TOKENS})
    backends = Backends(settings)
    agent = Agent(get_persona(settings.server.persona), backends.painter, backends.describer, SemanticRouter(backends.embedder),
                  preview_interval=1.0 / settings.server.preview_fps)  # fmt: skip
    return agent


async def agent_turn(agent: Any, session: Any, text: str) -> tuple[float, float, list[str]]:
    """The same turn through the agent in this process, no server: ms to job.finished, ms from turn.said to
    turn.routed (its routing, measured as the server's is), and the drafts' ids."""
    start = time.perf_counter()
    async for event in agent.say(session, text):
        if event.type == "turn.said":
            said_ts = event.ts
        elif event.type == "turn.routed":
            routing = (event.ts - said_ts) * 1000
        elif event.type == "job.finished":
            elapsed = (time.perf_counter() - start) * 1000
            drafts = list(event.draft_ids)
        elif event.type in ("job.failed", "job.cancelled", "error"):
            raise RuntimeError(f"the in-process turn {text!r} went wrong: {event}")
    return elapsed, routing, drafts


async def bench_turns(server: ServerProcess, runs: int) -> None:
    from studiolo.model.protocols import PaintSpec
    from studiolo.model.sketch import SketchPainter

    painter = SketchPainter()
    # as the server runs it: numpy's BLAS single-threaded (its spinning threads would also steal a core from the
    # server's next routing, right after each direct call)
    blas = threadpool_limits(limits=1, user_api="blas")
    ws_ms, direct_ms, reply_ms, preview_ms, ratios, extra_ms = [], [], [], [], [], []
    routed_ms, started_ms, painting_excess_ms, delivery_ms = [], [], [], []
    agent_ms, agent_ratios, routing_ws_ms, routing_agent_ms, routing_ratios = [], [], [], [], []
    agent = in_process_agent()  # before connecting: loading its models holds this loop (and the pings) for seconds
    async with await new_designer(server.url) as designer:
        # a session with the server session's id: its jobs get the same seeds, so each turn paints the same picture
        session = agent.new_session(session_id=designer.session)
        for run in range(runs + 1):  # the first round warms up both sides
            a = await turn(designer, TURN_1)
            finals = a["finals"]
            sizes = {(f.width, f.height) for f in finals}
            if len(finals) != 1 or sizes != {(SIDE, SIDE)}:
                raise RuntimeError(f"the turn painted {len(finals)} drafts of {sizes}, not one of {SIDE} x {SIDE}")
            in_process, routing, drafts = await agent_turn(agent, session, TURN_1)
            if drafts != [finals[0].draft_id]:
                raise RuntimeError(f"the in-process turn painted {drafts}, the server {finals[0].draft_id}")
            spec = PaintSpec(prompt=finals[0].prompt, width=SIDE, height=SIDE, seed=finals[0].seed, n=1)
            start = time.perf_counter()
            painter.text_to_image(spec)
            b = (time.perf_counter() - start) * 1000
            if run:
                ws_ms.append(a["finished"])
                direct_ms.append(b)
                reply_ms.append(a["reply"])
                preview_ms.append(a["preview"])
                ratios.append(a["finished"] / b)
                extra_ms.append(a["finished"] - b)
                agent_ms.append(in_process)
                agent_ratios.append(a["finished"] / in_process)
                routing_ws_ms.append(a["routing"])
                routing_agent_ms.append(routing)
                routing_ratios.append(a["routing"] / routing)
                routed_ms.append(a["turn.routed"])
                started_ms.append(a["job.started"])
                painting_excess_ms.append(a["final_made"] - a["job.started"] - b)
                delivery_ms.append(a["final_delivery"])
    blas.restore_original_limits()
    report(f"ws_turn_{SIDE}", statistics.median(ws_ms), "ms")
    report(f"direct_paint_{SIDE}", statistics.median(direct_ms), "ms")
    # against the bare painter: no target, since a turn must also route and encode its finals
    print(f"ws_overhead_ratio: {statistics.median(ratios):.2f}")
    # the same in ms: steadier from run to run than the ratio, whose denominator swings with the picture the
    # session's seed gives and with this machine's speed (one picture painted 20 times: 280 to 550 ms)
    report(f"ws_overhead_{SIDE}", statistics.median(extra_ms), "ms")
    # the overhead's parts: say -> routed (the router), -> job started (params, queue, prompt expansion), painting
    # and encoding the final beyond the direct call (previews, the PNG), and the final's way to the client
    report(f"ws_turn_{SIDE}_routed_at", statistics.median(routed_ms), "ms")
    report(f"ws_turn_{SIDE}_job_started_at", statistics.median(started_ms), "ms")
    report(f"ws_turn_{SIDE}_painting_beyond_direct", statistics.median(painting_excess_ms), "ms")
    report(f"ws_turn_{SIDE}_final_delivery", statistics.median(delivery_ms), "ms")
    # the same turn through the agent in this process: what the server and the websocket add to the agent's work
    report(f"agent_turn_{SIDE}_in_process", statistics.median(agent_ms), "ms")
    agent_ratio = statistics.median(agent_ratios)
    print(f"ws_vs_in_process_agent_ratio: {agent_ratio:.2f}")
    print(f"ws_vs_in_process_agent_target_ratio: {agent_ratio / AGENT_RATIO_TARGET:.2f}")
    # a turn's routing (turn.said -> turn.routed, the router's sentence embedding nearly all of it) in the server
    # and in the agent in this process
    report("routing_in_server", statistics.median(routing_ws_ms), "ms")
    report("routing_in_process", statistics.median(routing_agent_ms), "ms")
    routing_ratio = statistics.median(routing_ratios)
    print(f"routing_server_vs_in_process_ratio: {routing_ratio:.2f}")
    print(f"routing_server_vs_in_process_target_ratio: {routing_ratio / ROUTE_RATIO_TARGET:.2f}")
    report(f"ws_turn_{SIDE}_with_reply", statistics.median(reply_ms), "ms")
    report("time_to_first_preview", statistics.median(preview_ms), "ms")


async def bench_fanout(server: ServerProcess, viewers_: Viewers, count: int, runs: int) -> None:
    async with await new_designer(server.url) as designer:
        await turn(designer, TURN_4)  # warm up the session's first turn before anyone watches
        before = settled_rss_mib(server.pid)
        connect_s = await viewers_.aask("open", server.url, designer.session, count)
        with_viewers = settled_rss_mib(server.pid)
        await viewers_.aask("collect")
        p50s, p99s, final_p99s, previews_seen, spreads = [], [], [], [], []
        reset_peak_rss(server.pid)
        for _ in range(runs):
            mine: list[tuple[str, float, float]] = []
            times = await turn(designer, TURN_4, viewer_records=mine)
            finals = len(times["finals"])
            deadline = time.monotonic() + TURN_TIMEOUT_S  # the viewers may still be reading the last finals
            while await viewers_.aask("count", "draft.final") < finals * count and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            records = mine + await viewers_.aask("collect")
            latencies = [(received - ts) * 1000 for _, ts, received in records]
            finals_ms = [(received - ts) * 1000 for kind, ts, received in records if kind == "draft.final"]
            if len(finals_ms) < finals * (count + 1):
                raise RuntimeError(f"{len(finals_ms)} finals reached the viewers, not {finals * (count + 1)}")
            by_frame: dict[float, list[float]] = {}  # an event's ts names it: the spread from first to last viewer
            for _, ts, received in records:
                by_frame.setdefault(ts, []).append(received)
            spreads.append(
                statistics.median((max(r) - min(r)) * 1000 for r in by_frame.values() if len(r) > count // 2)
            )
            p50s.append(float(np.percentile(latencies, 50)))
            p99s.append(float(np.percentile(latencies, 99)))
            final_p99s.append(float(np.percentile(finals_ms, 99)))
            previews_seen.append(sum(1 for kind, _, _ in records if kind == "draft.preview") / (count + 1))
        peak = rss_mib(server.pid, "VmHWM")
        after_turns = settled_rss_mib(server.pid)
        await viewers_.aask("close")
    report(f"viewers_connect_{count}", connect_s * 1000, "ms")
    report(f"fanout_{count}_p50", statistics.median(p50s), "ms")
    report(f"fanout_{count}_p99", statistics.median(p99s), "ms")
    report(f"fanout_{count}_final_p99", statistics.median(final_p99s), "ms")
    report(f"fanout_{count}_first_to_last_viewer", statistics.median(spreads), "ms")
    report(f"fanout_{count}_previews_per_viewer", statistics.median(previews_seen), "previews")
    report("server_rss_before_viewers", before, "MiB", 0)
    report(f"server_rss_{count}_viewers", with_viewers, "MiB", 0)
    report(f"server_rss_{count}_viewers_peak_in_turns", peak, "MiB", 0)
    report(f"server_rss_{count}_viewers_after_turns", after_turns, "MiB", 0)


async def bench_idle(server: ServerProcess, viewers_: Viewers, count: int, rounds: int) -> None:
    """RSS per idle observer: `rounds` batches of `count`, each measured on top of the ones before."""
    async with await new_designer(server.url) as designer:
        await viewers_.aask("open", server.url, designer.session, 20)  # one-time costs of the first connections
        per_connection_kb, connect_ms = [], []
        for _ in range(rounds):
            before = settled_rss_mib(server.pid)
            connect_ms.append(await viewers_.aask("open", server.url, designer.session, count) * 1000)
            after = settled_rss_mib(server.pid)
            per_connection_kb.append((after - before) * 1024 / count)
        total = settled_rss_mib(server.pid)
        await viewers_.aask("close")
    per_kb = statistics.median(per_connection_kb)
    report(f"idle_connect_{count}", statistics.median(connect_ms), "ms")
    report("memory_per_idle_connection", per_kb, "KB")
    print(f"memory_per_connection_target_ratio: {per_kb / MEMORY_PER_CONNECTION_TARGET_KB:.2f}")
    report(f"server_rss_{count * rounds + 20}_idle", total, "MiB", 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measured rounds of each turn figure")
    parser.add_argument("--viewers", type=int, default=200)
    parser.add_argument("--idle", type=int, default=1000, help="idle connections per measured batch")
    parser.add_argument("--idle-rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="a fast smoke run: 2 rounds, 20 viewers, 100 idle")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.viewers, args.idle, args.idle_rounds = 2, 20, 100, 1
    raise_fd_limit(args.idle * args.idle_rounds + 1024)  # the children inherit it

    started, machine_busy, own = time.perf_counter(), busy_cpu_s(), own_cpu_s()
    ctx = mp.get_context("spawn")
    viewers_ = Viewers(ctx)
    try:
        with tempfile.TemporaryDirectory(prefix="studiolo-bench-") as tmp:
            server = ServerProcess(ctx, Path(tmp) / "turns")
            report("server_start", server.start_s * 1000, "ms", 0)
            try:
                asyncio.run(bench_turns(server, args.runs))
                asyncio.run(bench_fanout(server, viewers_, args.viewers, max(1, (args.runs + 1) // 2)))
            finally:
                server.stop()
            # a fresh server, so the turns' and viewers' freed memory can't hide the idle connections' cost
            server = ServerProcess(ctx, Path(tmp) / "idle")
            try:
                asyncio.run(bench_idle(server, viewers_, args.idle, args.idle_rounds))
            finally:
                server.stop()
    finally:
        viewers_.quit()
    # Other work on this machine during the run (tests, builds) slows every figure above: say how much there was.
    others = (busy_cpu_s() - machine_busy) - (own_cpu_s() - own)
    print(
        f"other_processes_cpu_ratio: {max(0.0, others) / ((time.perf_counter() - started) * (os.cpu_count() or 1)):.2f}"
    )


if __name__ == "__main__":
    main()
