"""Benchmark the agent on this machine: how fast a turn is routed (and, as they are added, whole turns).

Prints one figure a line, `name: value unit`, and each target as `name_target_ratio: measured / target` (at most
1.0 means the target is met). Each figure is the median over several runs in this one process; a run routes
every turn of the labelled set once (English and Korean, with and without a draft), after a warm-up.

    .venv/bin/python bench/agent.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np

from studiolo.agent.router import RouteRequest, SemanticRouter

TURNS = Path(__file__).resolve().parent.parent / "tests" / "routing_utterances.jsonl"
TARGETS_MS = {"route_p99": 20.0}
WARM_UP_TURNS = 30


def report(name: str, ms: float) -> None:
    print(f"{name}: {ms:.2f} ms")
    if name in TARGETS_MS:
        print(f"{name}_target_ratio: {ms / TARGETS_MS[name]:.2f}")


def bench_routing(runs: int) -> None:
    turns = [
        RouteRequest.model_validate_json(line)
        for line in TURNS.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    router = SemanticRouter()
    embed = router.embedder.embed
    for turn in turns[:WARM_UP_TURNS]:  # first calls pay for lazy initialisation in torch and the tokenizer
        router.route(turn.text, with_draft=turn.with_draft, with_image=turn.with_image)

    p50s, p99s, embed_shares = [], [], []
    for _ in range(runs):
        route_ms, embed_ms = [], []
        for turn in turns:
            start = time.perf_counter()
            router.route(turn.text, with_draft=turn.with_draft, with_image=turn.with_image)
            route_ms.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            embed([turn.text])
            embed_ms.append((time.perf_counter() - start) * 1000)
        p50s.append(float(np.percentile(route_ms, 50)))
        p99s.append(float(np.percentile(route_ms, 99)))
        embed_shares.append(statistics.median(embed_ms) / statistics.median(route_ms))
    print(f"route_turns: {len(turns)} turns")
    report("route_p50", statistics.median(p50s))
    report("route_p99", statistics.median(p99s))
    # how much of a turn's routing is the one sentence embedding; the rest is scoring, rules and params
    print(f"route_embedding_share_ratio: {statistics.median(embed_shares):.2f}")


def bench_turns(runs: int) -> None:
    """Whole turns through the Agent with the embedded backends: imagine (4 drafts at 512 x 512) and refine."""
    import asyncio

    from studiolo.agent.agent import Agent
    from studiolo.model.measure import MeasuringDescriber
    from studiolo.model.sketch import SketchPainter
    from studiolo.persona.library import get_persona

    agent = Agent(get_persona("vespera"), SketchPainter(), MeasuringDescriber(), SemanticRouter())

    async def turn(session, text: str) -> float:  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        async for _ in agent.say(session, text):
            pass
        return (time.perf_counter() - start) * 1000

    async def measure() -> tuple[list[float], list[float]]:
        imagine, refine = [], []
        for run in range(runs + 1):  # the first run warms up
            session = agent.new_session(session_id=f"bench{run}")
            imagine_ms = await turn(session, "paint flowers blooming on Venus")
            refine_ms = await turn(session, "make the second one warmer and add a second moon")
            if run:
                imagine.append(imagine_ms)
                refine.append(refine_ms)
        return imagine, refine

    imagine, refine = asyncio.run(measure())
    print(f"imagine_turn_4x512: {statistics.median(imagine):.1f} ms")
    print(f"imagine_turn_4x512_target_ratio: {statistics.median(imagine) / 1500:.2f}")
    print(f"refine_turn_2x512: {statistics.median(refine):.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    bench_routing(runs)
    bench_turns(runs)


if __name__ == "__main__":
    main()
