"""Benchmark the embedded offline models on this machine.

Prints one figure a line, `name: value unit`, each the median of several runs in this one process, and each
target as `name_target_ratio: measured / target` (at most 1.0 means the target is met).

    .venv/bin/python bench/embedded.py [--runs 5]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from collections.abc import Callable

from studiolo.model.chat import SmolLM2Chat
from studiolo.model.embedder import MiniLMEmbedder
from studiolo.model.measure import MeasuringDescriber
from studiolo.model.protocols import PaintSpec
from studiolo.model.sketch import SketchPainter

BRIEF = "yellow and pink flowers on a spring mountain with lush trees"
TARGETS_MS = {"imagine_1024": 300, "imagine_2048": 1500, "describe_1024": 300, "chat_first_token": 1000}


def median_ms(fn: Callable[[int], object], runs: int) -> float:
    fn(0)  # warm up: imports, caches, lazy model loads
    times = []
    for i in range(runs):
        start = time.perf_counter()
        fn(i + 1)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def report(name: str, ms: float) -> None:
    print(f"{name}: {ms:.1f} ms")
    if name in TARGETS_MS:
        print(f"{name}_target_ratio: {ms / TARGETS_MS[name]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs

    painter = SketchPainter()
    for side in (512, 1024, 2048):
        spec = PaintSpec(prompt=BRIEF, width=side, height=side)
        report(
            f"imagine_{side}",
            median_ms(lambda seed, spec=spec: painter.text_to_image(spec.model_copy(update={"seed": seed})), runs),
        )

    image = painter.text_to_image(PaintSpec(prompt=BRIEF, width=1024, height=1024, seed=1)).paintings[0].image
    describer = MeasuringDescriber()
    report("describe_1024", median_ms(lambda _: describer.describe(image), runs))

    embedder = MiniLMEmbedder()
    sentences = [f"draft {i}: {BRIEF}, variation {i}" for i in range(32)]
    report("embed_32_sentences", median_ms(lambda _: embedder.embed(sentences), runs))

    chat = SmolLM2Chat(max_tokens=40, seed=0)
    subjects = ["a garden", "the sea", "a city", "a dragon", "winter", "a textile", "Venus", "a cat"]
    token_counts = []

    def reply(run: int, *, tokens: int) -> None:
        # a new question each run, so llama.cpp's prompt cache can't answer from the previous run
        question = f"Describe {subjects[run % len(subjects)]} you would paint, in vivid detail."
        seen = 0
        for _ in chat.stream(question):
            seen += 1
            if seen >= tokens:
                break
        token_counts.append(seen)

    report("chat_first_token", median_ms(lambda run: reply(run, tokens=1), runs))
    token_counts.clear()
    report("chat_40_tokens", median_ms(lambda run: reply(run, tokens=40), runs))
    print(f"chat_40_tokens_streamed: {statistics.median(token_counts):.0f} tokens")

    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak_rss: {peak_kib / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
