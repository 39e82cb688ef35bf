"""Benchmark scripted sessions: what running a script costs over calling the same turns on the Agent directly, and
what driving a live server over the protocol costs over running in process.

Prints `script_overhead_ratio` (a 20-step script run in process / the same actions called directly on the Agent,
target <= 1.05, also as `script_overhead_target_ratio`) and `script_ws_ratio` (the same script against a server on
127.0.0.1 / in process). Each figure is the median of several runs in this one process, the two sides alternating.

    .venv/bin/python bench/scripts.py [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from threadpoolctl import threadpool_limits

from studiolo.persona.library import get_persona
from studiolo.scripts.display import Quiet
from studiolo.scripts.inprocess import DESIGNER, OPERATOR, InProcessDriver, Models
from studiolo.scripts.model import LoadedScript, parse_script
from studiolo.scripts.runner import run_script
from studiolo.settings import Settings

TARGET_OVERHEAD = 1.05
SCRIPT = """
title: twenty steps
steps:
  - say: paint flowers blooming on Venus
  - feedback: {draft: "#2", rating: 2, pick: true, text: love the colours}
  - say: make it warmer
  - feedback: {draft: "#5", rating: 1}
  - select: "#1"
  - say: add a second moon
  - undo: true
  - redo: true
  - branch: "#3"
  - say: what do you see in it?
  - feedback: {draft: "#3", rating: -1, text: too dark}
  - speak: Thank you, New York!
  - say: paint a lighthouse at dusk
  - feedback: {draft: latest, pick: true}
  - say: make it more blue
  - select: picked
  - undo: true
  - say: describe it
  - cue: the designer walks out
  - speak: Good night!
"""


def loaded_script() -> LoadedScript:
    script, lines = parse_script(SCRIPT, source="bench.yaml")
    return LoadedScript(script=script, path=Path("bench.yaml").resolve(), lines=lines)


async def in_process(models: Models, loaded: LoadedScript, session_id: str) -> float:
    driver = InProcessDriver(models.agent(get_persona("vespera")), session_id)
    start = time.perf_counter()
    record = await run_script(loaded, driver, Quiet(), mode="in process")
    assert record.held, record.failures
    return time.perf_counter() - start


async def direct(models: Models, session_id: str, ids: list[str]) -> float:
    """The same actions, called on the Agent by hand (the draft ids the script's references resolved to)."""
    agent = models.agent(get_persona("vespera"))
    driver = InProcessDriver(agent, session_id)  # the same session set-up: designer and operator joined
    session = driver.session
    n = {f"#{i + 1}": draft for i, draft in enumerate(ids)}
    start = time.perf_counter()
    steps = [
        agent.greet(session),
        agent.say(session, "paint flowers blooming on Venus", speaker=DESIGNER),
        agent.feedback(session, n["#2"], rating=2, pick=True, text="love the colours", speaker=DESIGNER),
        agent.say(session, "make it warmer", speaker=DESIGNER),
        agent.feedback(session, n["#5"], rating=1, speaker=DESIGNER),
        agent.move_cursor(session, "select", n["#1"], speaker=DESIGNER),
        agent.say(session, "add a second moon", speaker=DESIGNER),
        agent.move_cursor(session, "undo", speaker=DESIGNER),
        agent.move_cursor(session, "redo", speaker=DESIGNER),
        agent.move_cursor(session, "branch", n["#3"], speaker=DESIGNER),
        agent.say(session, "what do you see in it?", speaker=DESIGNER),
        agent.feedback(session, n["#3"], rating=-1, text="too dark", speaker=DESIGNER),
        agent.speak(session, "Thank you, New York!", by=OPERATOR),
        agent.say(session, "paint a lighthouse at dusk", speaker=DESIGNER),
    ]
    for events in steps:
        async for _ in events:
            pass
    latest = session.graph.drafts()[-1].id
    for events in [
        agent.feedback(session, latest, pick=True, speaker=DESIGNER),
        agent.say(session, "make it more blue", speaker=DESIGNER),
        agent.move_cursor(session, "select", latest, speaker=DESIGNER),
        agent.move_cursor(session, "undo", speaker=DESIGNER),
        agent.say(session, "describe it", speaker=DESIGNER),
        agent.speak(session, "Good night!", by=OPERATOR),
    ]:
        async for _ in events:
            pass
    return time.perf_counter() - start


async def over_server(models: Models, loaded: LoadedScript, session_id: str, data: Path) -> float:
    from studiolo.scripts.remote import RemoteDriver
    from studiolo.server.app import StudioServer

    settings = Settings.load(server={"port": 0, "data": data, "tokens": {"bench-operator": "operator"}})
    studio = StudioServer(settings, backends=models.backends,
                          agent_factory=lambda persona, server: models.agent(persona, gate=server.scheduler))  # fmt: skip
    await studio.start()
    try:
        # the same session id as in process, so the server paints the same drafts (the same work, compared)
        studio.store.create_session(session_id, "vespera")
        driver = RemoteDriver(f"ws://127.0.0.1:{studio.port}/ws", "bench-operator", loaded.script, session=session_id,
                              live=False)  # fmt: skip
        start = time.perf_counter()
        record = await run_script(loaded, driver, Quiet(), mode="server")
        assert record.held, record.failures
        return time.perf_counter() - start
    finally:
        await studio.stop()


async def main(runs: int) -> None:
    # every side runs with one BLAS thread, as the server and `studiolo run` do (idle BLAS threads busy-wait)
    threadpool_limits(limits=1, user_api="blas")
    models = Models.load(Settings.load())
    loaded = loaded_script()
    session_id = "5c41b7e0a0d2c3f1"
    await in_process(models, loaded, session_id)  # warm-up: the models' first calls pay for lazy set-up
    driver = InProcessDriver(models.agent(get_persona("vespera")), session_id)
    ids = (await run_script(loaded, driver, Quiet(), mode="in process")).order  # what the references name
    scripted, called, remote = [], [], []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(runs):  # the sides take turns going first: a neighbour's load falls on both alike
            sides = ["scripted", "direct", "server"]
            timed: dict[str, float] = {}
            for side in sides[run % 3 :] + sides[: run % 3]:
                if side == "scripted":
                    timed[side] = await in_process(models, loaded, session_id)
                elif side == "direct":
                    timed[side] = await direct(models, session_id, ids)
                else:
                    timed[side] = await over_server(models, loaded, session_id, Path(folder) / f"data{run}")
            scripted.append(timed["scripted"])
            called.append(timed["direct"])
            remote.append(timed["server"])
    ratio = statistics.median(s / c for s, c in zip(scripted, called))
    print(f"script_steps: {len(loaded.script.steps)} steps")
    print(f"script_in_process: {statistics.median(scripted):.2f} s")
    print(f"script_direct_agent: {statistics.median(called):.2f} s")
    print(f"script_over_server: {statistics.median(remote):.2f} s")
    print(f"script_overhead_ratio: {ratio:.3f}")
    print(f"script_overhead_target_ratio: {ratio / TARGET_OVERHEAD:.3f}")
    print(f"script_ws_ratio: {statistics.median(r / s for r, s in zip(remote, scripted)):.3f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    asyncio.run(main(parser.parse_args().runs))
