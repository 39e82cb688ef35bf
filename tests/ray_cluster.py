"""A real Ray cluster for the tests: one head on 127.0.0.1 (`ray start --head --block` in a child process, with
its own temporary folder), ended by signalling that process, which takes the cluster's processes with it.

The test process itself never joins the cluster (a process joined to Ray exits when the head goes away, and one
test takes the head away): deploying goes through `studiolo workers deploy` and inspecting replicas through
short scripts, each in a process of its own, as an operator's would be.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
RAY = str(Path(sys.executable).with_name("ray"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (children, their children, ...), from /proc."""
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except FileNotFoundError:
        return found
    for task in tasks:
        try:
            children = [int(c) for c in (task / "children").read_text().split()]
        except FileNotFoundError:
            continue
        for child in children:
            found += [child, *descendants(child)]
    return found


class LocalCluster:
    def __init__(self, *, num_cpus: int = 2) -> None:
        self.num_cpus = num_cpus
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.temp = tempfile.mkdtemp(prefix="rt")  # short: Ray's socket paths live under it
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 90.0) -> None:
        self.process = subprocess.Popen(
            [RAY, "start", "--head", "--block", f"--port={self.port}", "--node-ip-address=127.0.0.1",
             f"--num-cpus={self.num_cpus}", "--include-dashboard=false", "--disable-usage-stats",
             f"--temp-dir={self.temp}"],
            env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"ray start exited with {self.process.returncode}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)  # polling a port that is not open yet: nothing to wait on instead
        raise RuntimeError("the Ray head did not open its port in time")

    def stop(self) -> None:
        """End the head and every process it started, at once: a lost machine. Ray's workers leave the process
        group of `ray start`, so each descendant is found and ended by its id."""
        if self.process is None:
            return
        doomed = [self.process.pid, *descendants(self.process.pid)]
        for pid in doomed:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait(30)
        self.process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.temp, ignore_errors=True)

    def settings_file(self, folder: Path, name: str, models: dict, workers: dict) -> Path:  # type: ignore[type-arg]
        path = folder / f"{name}.yaml"
        path.write_text(yaml.safe_dump({"models": models, "workers": {"address": self.address, **workers}}))
        return path

    def run_script(self, code: str, timeout: float = 120.0) -> str:
        """Run `code` in a fresh process joined to the cluster (`ray` and `serve` imported); its stdout."""
        preamble = (
            "import ray\nfrom ray import serve\n"
            f"ray.init(address={self.address!r}, log_to_driver=False, logging_level='ERROR')\n"
        )
        done = subprocess.run([sys.executable, "-c", preamble + code], env=environment(), capture_output=True,
                              text=True, timeout=timeout)  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(done.stderr[-2000:])
        return done.stdout


def studiolo(*args: str, timeout: float = 300.0) -> subprocess.CompletedProcess[str]:
    """The studiolo command, in a process of its own."""
    return subprocess.run([sys.executable, "-m", "studiolo.cli", *args], env=environment(), capture_output=True,
                          text=True, timeout=timeout)  # fmt: skip
