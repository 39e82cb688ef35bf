"""Benchmark painting on a Ray Serve cluster: replicas side by side, Ray's overhead, and a projection to N GPUs.

Prints one figure a line, `name: value unit`, ratios as `name_ratio: value`, and each target as
`name_target_ratio` (at most 1.0 means the target is met: measured / target for "at most" targets, target /
measured for "at least" ones). Everything is measured in this one run, on this machine, side by side.

The painter stands in for a GPU diffusion model: the tiny diffusers pipeline (tests/tiny_diffusion.py, 64 x 64,
50 steps on one CPU thread per replica), whose cost is all compute and whose pictures are small, as a real
model's are next to its compute. A local Ray cluster (`ray start --head`, tests/ray_cluster.py, 2 CPUs) runs
it, deployed by `studiolo workers deploy` (one CPU per replica, no batching), and `studiolo serve` (a real server
process) paints on it through `models.painter: ray:<app>`.

- replica scaling: 16 imagine jobs (one draft each) from 4 sessions at once, every turn sent at the start, timed
  from the first turn sent to the last `job.finished`, at 1 replica and then at 2 (`studiolo workers deploy`
  again updates the deployment in place); `replica_scaling_ratio` = time at 1 / time at 2 (target >= 1.5);
- Ray's overhead on one job: the same imagine turn through a server painting on Ray (1 replica) and through a
  server painting with the same pipeline in its own process (`server.batch_window_s: 0`, so it does not wait for
  company either; torch on one thread in both, as a replica of one CPU has it), alternately, turn sent -> `job.finished`, medians; `ray_overhead_ratio` = Ray / local
  (target <= 1.15);
- the worst case, for the record: one 1024 x 1024 painting by the embedded sketch painter (about 0.1 s of
  compute for 4 MB of pixels, with previews) through the `ray:<app>` painter against the same painter in this
  process: `sketch_painting_overhead_ratio` (no target: what shipping big pictures costs next to cheap compute);
- projection: the CPU the server and its gateway spent per job in the 2-replica run (c) and a replica's time per
  job (t, from the 1-replica run), then what N replicas of a painter taking T seconds a job serve: N / T jobs a
  second, until one server's c seconds a job caps it at 1 / c (N up to T / c), for T = t and T = 1 and 3 s.

The self-check measures only (`agent.self_check_tries: 1`), so every job is one painting. Other processes busy on
this machine slow every figure; `other_processes_cpu_ratio` says how much of the machine they took in the 5 s
before the bench started anything (0.00: a quiet machine).

    .venv/bin/python bench/scale.py [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from ray_cluster import LocalCluster, environment, studiolo  # noqa: E402

from studiolo.client import Client  # noqa: E402
from studiolo.model.protocols import PaintSpec  # noqa: E402
from studiolo.model.registry import build_painter  # noqa: E402
from studiolo.settings import ModelSettings, Settings  # noqa: E402

TOKEN = "bench-designer"
SESSIONS = 4
TURNS_PER_SESSION = 4
SUBJECTS = [
    "a lighthouse on a stormy sea", "a red fox in a snowy forest", "koi in a green pond", "a city of towers at night",
    "sunflowers in a field", "a sailboat at dawn", "mountains under the moon", "a desert with cacti",
]  # fmt: skip
SCALING_TARGET = 1.5
OVERHEAD_TARGET = 1.15
TURN_TIMEOUT_S = 600.0
# the stand-in for a GPU model: all compute, small pictures; previews every 10th step, as a real model's might
PIPELINE_OPTIONS = {"device": "cpu", "steps": 50, "preview_every": 10}
# torch's threads in the servers, as Ray gives a replica of one CPU: the same pipeline on the same compute both ways
ONE_THREAD = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def report(name: str, value: float, unit: str = "", digits: int = 2) -> None:
    print(f"{name}: {value:.{digits}f}{' ' + unit if unit else ''}", flush=True)


def busy_cpu_s() -> float:
    """CPU seconds the whole machine has spent busy (every process), from /proc/stat."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, Path("/proc/stat").read_text().split()[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def process_cpu_s(pid: int) -> float:
    """CPU seconds of `pid` and its live children (the server and its gateway process)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    for one in (pid, *map(int, children)):
        fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


class Server:
    """`studiolo serve` in a process of its own, painting on the Ray application."""

    def __init__(self, config: Path, data: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "studiolo.cli", "serve", "--config", str(config), "--data", str(data),
             "--port", "0", "--token", f"designer:{TOKEN}"],
            env={**environment(), **ONE_THREAD}, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if "serving on" not in line:
            raise RuntimeError(f"studiolo serve did not start: {line!r}")
        self.url = line.split("serving on ")[1].split()[0].replace("http://", "ws://") + "/ws"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(60)


async def sixteen_jobs(url: str) -> float:
    """4 sessions, each sending its 4 imagine turns at once; seconds from the first turn to the last job's end."""
    clients = [await Client.connect(url, TOKEN) for _ in range(SESSIONS)]
    for client in clients:
        await client.until(lambda e: e.type == "reply.done")  # the greeting
    started = time.perf_counter()
    for turn in range(TURNS_PER_SESSION):
        for i, client in enumerate(clients):
            subject = SUBJECTS[(i * TURNS_PER_SESSION + turn) % len(SUBJECTS)]
            await client.say(f"paint one image of {subject} at 64x64")

    async def finished(client: Client) -> None:
        done = 0
        while done < TURNS_PER_SESSION:
            events = await client.until(lambda e: e.type in ("job.finished", "job.failed"))
            if events[-1].type == "job.failed":
                raise RuntimeError(f"a job failed: {events[-1].code} {events[-1].message}")
            done += 1

    await asyncio.wait_for(asyncio.gather(*(finished(c) for c in clients)), TURN_TIMEOUT_S)
    took = time.perf_counter() - started
    for client in clients:
        await client.close()
    return took


def deploy(config: Path) -> None:
    done = studiolo("workers", "deploy", "--config", str(config), timeout=600)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="jobs per side for the overhead (default 5)")
    args = parser.parse_args()

    before = busy_cpu_s()
    time.sleep(5.0)  # what others keep the machine busy with, before anything of ours runs
    report("other_processes_cpu_ratio", (busy_cpu_s() - before) / (5.0 * (os.cpu_count() or 1)))
    folder = Path(tempfile.mkdtemp(prefix="studiolo-scale-"))
    from tiny_diffusion import build_sd_pipeline

    pipeline = {"painter": f"diffusers:{build_sd_pipeline(folder / 'sd')}", "painter_options": PIPELINE_OPTIONS}
    cluster = LocalCluster(num_cpus=2)
    cluster.start()
    try:
        configs = {}
        for replicas in (1, 2):
            workers = {"app": "scale", "painter": {"num_replicas": replicas, "max_batch_size": 1,
                                                   "ray_actor_options": {"num_cpus": 1}},
                       "describer": {"ray_actor_options": {"num_cpus": 0}}}  # fmt: skip
            configs[replicas] = cluster.settings_file(folder, f"deploy{replicas}", pipeline, workers)
        sketch_config = cluster.settings_file(
            folder, "sketch", {"painter": "sketch"},
            {"app": "sketch", "painter": {"ray_actor_options": {"num_cpus": 0}}, "describer": {"ray_actor_options": {"num_cpus": 0}}},
        )  # fmt: skip
        on_ray = server_config(cluster, folder, "ray", {"painter": "ray:scale", "describer": "ray:scale"})
        in_process = server_config(cluster, folder, "local", pipeline, batch_window_s=0)

        jobs = SESSIONS * TURNS_PER_SESSION
        took: dict[int, float] = {}
        server_cpu_per_job = 0.0
        for replicas in (1, 2):
            deploy(configs[replicas])
            server = Server(on_ray, folder / f"data{replicas}")
            try:
                cpu_before = process_cpu_s(server.process.pid)
                took[replicas] = asyncio.run(sixteen_jobs(server.url))
                if replicas == 2:
                    server_cpu_per_job = (process_cpu_s(server.process.pid) - cpu_before) / jobs
            finally:
                server.stop()
        report("sixteen_jobs_1_replica", took[1], "s")
        report("sixteen_jobs_2_replicas", took[2], "s")
        report("jobs_per_second_1_replica", jobs / took[1], "jobs/s")
        report("jobs_per_second_2_replicas", jobs / took[2], "jobs/s")
        scaling = took[1] / took[2]
        report("replica_scaling_ratio", scaling)
        report("replica_scaling_target_ratio", SCALING_TARGET / scaling)

        # one job through Ray against the same job painted in the server's own process, alternately
        deploy(configs[1])
        ray_server, local_server = Server(on_ray, folder / "data-ray"), Server(in_process, folder / "data-local")
        try:
            ray_s, local_s = asyncio.run(one_job_each(ray_server.url, local_server.url, args.runs))
        finally:
            ray_server.stop()
            local_server.stop()
        overhead = statistics.median(ray_s) / statistics.median(local_s)
        report("one_job_ray", statistics.median(ray_s), "s")
        report("one_job_local", statistics.median(local_s), "s")
        report("ray_overhead_ratio", overhead)
        report("ray_overhead_target_ratio", overhead / OVERHEAD_TARGET)

        # the worst case: a big, cheap painting, its previews and final shipped across two processes
        deploy(sketch_config)
        settings = Settings.load(sketch_config)
        remote = build_painter(settings.model_copy(update={"models": ModelSettings(painter="ray:sketch")}))
        local = build_painter(settings)
        spec = PaintSpec(prompt="a city of towers at night with stars", width=1024, height=1024, seed=7)
        sketch_ray, sketch_local = [], []
        for painter in (remote, local):  # warm: the first painting loads the glyphs
            painter.text_to_image(spec, on_preview=lambda _: None)
        for _ in range(args.runs):
            for painter, times in ((remote, sketch_ray), (local, sketch_local)):
                started = time.perf_counter()
                painter.text_to_image(spec, on_preview=lambda _: None)
                times.append(time.perf_counter() - started)
        report("sketch_painting_ray", statistics.median(sketch_ray), "s")
        report("sketch_painting_local", statistics.median(sketch_local), "s")
        report("sketch_painting_overhead_ratio", statistics.median(sketch_ray) / statistics.median(sketch_local))

        # projection: a replica's time per job, the server's CPU per job
        replica_s = took[1] / jobs
        report("replica_time_per_job", replica_s, "s")
        report("server_cpu_per_job", server_cpu_per_job, "s")
        for seconds in (replica_s, 1.0, 3.0):
            for n in (1, 2, 4, 8, 16, 32):
                rate = min(n / seconds, 1 / server_cpu_per_job) if server_cpu_per_job else n / seconds
                report(f"projected_jobs_per_second_T{seconds:.2f}s_N{n}", rate, "jobs/s")
            if server_cpu_per_job:
                report(f"projected_replicas_one_server_feeds_T{seconds:.2f}s", seconds / server_cpu_per_job, "", 1)
    finally:
        cluster.close()
        shutil.rmtree(folder, ignore_errors=True)


def server_config(cluster: LocalCluster, folder: Path, name: str, models: dict, **server: object) -> Path:  # type: ignore[type-arg]
    path = cluster.settings_file(folder, name, models, {"app": "scale"})
    text = path.read_text() + "agent:\n  self_check_tries: 1\n"
    if server:
        text += "server:\n" + "".join(f"  {key}: {value}\n" for key, value in server.items())
    path.write_text(text)
    return path


async def one_job_each(ray_url: str, local_url: str, runs: int) -> tuple[list[float], list[float]]:
    """The same turn through both servers, alternately: seconds from `say` to `job.finished`, per server."""
    clients = [await Client.connect(url, TOKEN) for url in (ray_url, local_url)]
    for client in clients:
        await client.until(lambda e: e.type == "reply.done")
    times: tuple[list[float], list[float]] = ([], [])
    for run in range(runs + 1):  # the first of each: warm-up
        for client, took in zip(clients, times):
            started = time.perf_counter()
            await client.say(f"paint one image of {SUBJECTS[run % len(SUBJECTS)]} at 64x64")
            events = await client.until(lambda e: e.type in ("job.finished", "job.failed"))
            if events[-1].type == "job.failed":
                raise RuntimeError(f"a job failed: {events[-1].code} {events[-1].message}")
            if run:
                took.append(time.perf_counter() - started)
            await client.until(lambda e: e.type == "reply.done")
    for client in clients:
        await client.close()
    return times


if __name__ == "__main__":
    main()
