"""Benchmark the diffusers backend's own costs, on a tiny random-weight pipeline on the CPU, and tiled upscaling.

The tiny pipeline (tests/tiny_diffusion.py) makes the model itself cheap, so what studiolo adds around it shows:
- wrapper_overhead_ratio: DiffusersPainter.text_to_image over the bare pipeline call (target <= 1.05)
- preview_cost_ratio: previews every step over no previews, both through the painter (target <= 1.10)
- batching_speedup_ratio: four requests one after another over the same four sent at once to the executor
- upscale_512_to_2048: the embedded sketch painter upscaled by tiles, in seconds

Prints one figure a line, `name: value unit`, and ratios as `name_ratio: value`, each the median of several runs
measured side by side (interleaved) in this one process.

    .venv/bin/python bench/backends.py [--runs 15] [--upscale-runs 3] [--threads 1]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import torch

from studiolo.model.diffusers import BatchingExecutor, DiffusersPainter, DiffusersSettings, upscale
from studiolo.model.protocols import PaintSpec, Preview
from studiolo.model.sketch import SketchPainter

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from tiny_diffusion import build_sd_pipeline  # noqa: E402  (a test helper, shared so both use one tiny model)

PROMPT = "a rose under a blue sky"
SIDE = 64
STEPS = 20
LANDSCAPE = "yellow and pink flowers on a spring mountain with lush trees"


def ignore(preview: Preview) -> None:
    """A preview callback that does nothing, so the figure is the cost of making previews, not of using them."""


def side_by_side(variants: dict[str, Callable[[int], object]], runs: int) -> dict[str, float]:
    """Median seconds of each variant, run in turns (forwards, then backwards) so that drifts in the machine's
    load and whatever the previous call left in the caches hit them all alike."""
    for fn in variants.values():
        fn(0)  # warm up: first-call allocations, lazy from_pipe, thread pools
    times: dict[str, list[float]] = {name: [] for name in variants}
    order = list(variants.items())
    for run in range(1, runs + 1):
        for name, fn in order if run % 2 else order[::-1]:
            start = time.perf_counter()
            fn(run)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--upscale-runs", type=int, default=3)
    # One thread: the tiny model gains nothing from more, and a busy machine's spinning thread pools would
    # swamp the differences being measured.
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    with tempfile.TemporaryDirectory() as tmp:
        model = str(build_sd_pipeline(Path(tmp) / "sd"))
        plain = DiffusersPainter(DiffusersSettings(model=model, device="cpu", steps=STEPS, preview_every=0))
        previewing = DiffusersPainter(DiffusersSettings(model=model, device="cpu", steps=STEPS, preview_every=1))
        pipeline = plain.pipeline("text_to_image")
        executor = BatchingExecutor(plain)

        def spec(seed: int) -> PaintSpec:
            return PaintSpec(prompt=PROMPT, width=SIDE, height=SIDE, seed=seed)

        def bare(seed: int) -> None:
            generator = torch.Generator("cpu").manual_seed(seed)
            guidance = plain.settings.guidance_scale
            pipeline(
                PROMPT, height=SIDE, width=SIDE, num_inference_steps=STEPS, guidance_scale=guidance, generator=generator
            )

        def one_after_another(seed: int) -> None:
            for i in range(4):
                plain.text_to_image(spec(seed * 4 + i))

        async def all_at_once(seed: int) -> None:
            await asyncio.gather(*(executor.text_to_image(spec(seed * 4 + i)) for i in range(4)))

        single = side_by_side(
            {
                "bare_pipeline": bare,
                "wrapper": lambda seed: plain.text_to_image(spec(seed)),
                "wrapper_previews_every_step": lambda seed: previewing.text_to_image(spec(seed), on_preview=ignore),
            },
            args.runs,
        )
        four = side_by_side(
            {"four_one_after_another": one_after_another, "four_batched": lambda seed: asyncio.run(all_at_once(seed))},
            args.runs,
        )
        executor.close()

    for name, seconds in {**single, **four}.items():
        print(f"{name}_{SIDE}px_{STEPS}_steps: {seconds * 1000:.1f} ms")
    print(f"wrapper_overhead_ratio: {single['wrapper'] / single['bare_pipeline']:.3f}")
    print(f"preview_cost_ratio: {single['wrapper_previews_every_step'] / single['wrapper']:.3f}")
    print(f"batching_speedup_ratio: {four['four_one_after_another'] / four['four_batched']:.2f}")

    sketch = SketchPainter()
    small = sketch.text_to_image(PaintSpec(prompt=LANDSCAPE, width=512, height=512, seed=1)).paintings[0].image
    times = []
    for run in range(args.upscale_runs):
        start = time.perf_counter()
        upscale(sketch, PaintSpec(prompt=LANDSCAPE, seed=run), small, width=2048, height=2048)
        times.append(time.perf_counter() - start)
    print(f"upscale_512_to_2048_sketch: {statistics.median(times):.2f} s")
    print(f"torch_threads: {torch.get_num_threads()} threads")


if __name__ == "__main__":
    main()
