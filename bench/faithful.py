"""Benchmark faithfulness on the shipped request set: coverage, adherence and honesty, and what the self-check costs.

Prints one figure a line, `name: value unit`, and each target as `name_target_ratio: measured / target` (at most
1.0 means the target is met):

- coverage, adherence, honesty and the share of drafts repainted, over examples/eval/prompts.txt, with the
  self-check measuring only (1 try) and with it repainting (3 tries);
- self_check_time_ratio_512 and _1024: the painting plus its self-check (repaints included) over the painting alone, summed
  over the set, each request painted once to warm the caches, then both ways back to back, in alternating
  order (target 1.25);
- imagine_turn_4x512 with and without the self-check: one whole turn through the Agent (route, paint four
  drafts, check, reply), median of runs, the two kinds alternated.

    .venv/bin/python bench/faithful.py [--n 2] [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from pathlib import Path

from studiolo.evaluation import evaluate, read_prompts
from studiolo.model.adherence import paint_faithfully
from studiolo.model.protocols import PaintSpec
from studiolo.model.sketch import SketchPainter
from studiolo.model.sketch.request import read_request

PROMPTS = Path(__file__).resolve().parent.parent / "examples" / "eval" / "prompts.txt"
SIZE = 512
TRIES = 3
TARGET_SELF_CHECK_RATIO = 1.25


def bench_set(n: int) -> None:
    painter, prompts = SketchPainter(), read_prompts(PROMPTS)
    print(f"prompts: {len(prompts)}")
    for label, tries in (("check_only", 1), ("self_check", TRIES)):
        overall = evaluate(painter, read_request, prompts, n=n, tries=tries, size=SIZE).overall()
        for name in ("coverage", "adherence", "honesty", "repainted", "asked_back"):
            print(f"{label}_{name}: {overall[name]:.4f}")


def bench_self_check_time(n: int, size: int) -> None:
    painter = SketchPainter()
    paint_s = checked_s = 0.0
    for number, prompt in enumerate(read_prompts(PROMPTS)):
        request = read_request(prompt)
        if not request.paints_something:
            continue
        spec = PaintSpec(prompt=request.painter_prompt(), width=size, height=size, seed=100 * number, n=n)
        painter.text_to_image(spec)  # warm the glyph caches, which the first painting of a motif fills
        # alternate which goes first, so neither always pays for what the other left in the caches
        for first in (True, False) if number % 2 else (False, True):
            start = time.perf_counter()
            if first:
                painter.text_to_image(spec)
            else:
                paint_faithfully(painter, request, spec, tries=TRIES)
            elapsed = time.perf_counter() - start
            paint_s, checked_s = (paint_s + elapsed, checked_s) if first else (paint_s, checked_s + elapsed)
    ratio = checked_s / paint_s
    print(f"paint_alone_{size}: {paint_s:.2f} s")
    print(f"paint_with_self_check_{size}: {checked_s:.2f} s")
    print(f"self_check_time_ratio_{size}: {ratio:.3f}")
    print(f"self_check_time_ratio_{size}_target_ratio: {ratio / TARGET_SELF_CHECK_RATIO:.2f}")


def bench_turn(runs: int) -> None:
    from studiolo.agent.agent import Agent
    from studiolo.agent.router import SemanticRouter
    from studiolo.model.measure import MeasuringDescriber
    from studiolo.persona.library import get_persona

    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    router = SemanticRouter()
    agents = {tries: Agent(get_persona("vespera"), SketchPainter(), MeasuringDescriber(), router, self_check_tries=tries)
              for tries in (0, TRIES)}  # fmt: skip

    async def turn(tries: int, run: int) -> float:
        agent = agents[tries]
        session = agent.new_session(session_id=f"bench{tries}-{run}")
        start = time.perf_counter()
        async for _ in agent.say(session, "a seamless textile pattern of lemons and leaves in coral and indigo"):
            pass
        return (time.perf_counter() - start) * 1000

    async def measure() -> dict[int, list[float]]:
        times: dict[int, list[float]] = {0: [], TRIES: []}
        for run in range(runs + 1):  # the first round warms up
            for tries in times:
                ms = await turn(tries, run)
                if run:
                    times[tries].append(ms)
        return times

    times = asyncio.run(measure())
    before, after = statistics.median(times[0]), statistics.median(times[TRIES])
    print(f"imagine_turn_4x512_without_self_check: {before:.1f} ms")
    print(f"imagine_turn_4x512_with_self_check: {after:.1f} ms")
    print(f"imagine_turn_self_check_ratio: {after / before:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2, help="drafts per request (default 2)")
    parser.add_argument("--runs", type=int, default=5, help="whole turns of each kind (default 5)")
    args = parser.parse_args()
    bench_set(args.n)
    bench_self_check_time(args.n, SIZE)
    bench_self_check_time(1, 1024)  # the size imagine paints by default: one draft a request
    bench_turn(args.runs)


if __name__ == "__main__":
    main()
