"""Benchmark the diffusers backend's own costs, on a tiny random-weight pipeline on the CPU, and tiled upscaling.

The tiny pipeline (tests/tiny_diffusion.py) makes the model itself cheap, so what studiolo adds around it shows:
- wrapper_overhead: DiffusersPainter.text_to_image minus the bare pipeline call (target ratio <= 1.05)
- preview_cost: previews every step minus no previews, both through the painter (target ratio <= 1.10)
- batching_speedup_ratio: four requests one after another over the same four sent at once to the executor
- upscale_512_to_2048: the embedded sketch painter upscaled by tiles, in seconds

Each comparison is paired: in every run the two variants are called back to back (in alternating order), and the
figure is the per-call difference in ms, with a 95 % interval (Student's t over the runs); each ratio is
1 + mean difference / mean baseline, with the interval carried over, and a verdict on its target: holds (the
whole interval is within it), fails (none of it is) or unsure (run more, on a quieter machine). The canvas
(128 px, 20 steps) is large enough that the model's own time, not timer noise, is what the wrapper is compared
with. Batching is timed over --batch-runs (each run paints eight images).

    .venv/bin/python bench/backends.py [--runs 30] [--batch-runs 5] [--upscale-runs 3] [--threads 1]
"""

from __future__ import annotations

import argparse
import asyncio
import math
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
SIDE = 128  # at 64 px the tiny model's own time was within the noise of the wrapper's; 256 px takes seconds a call
STEPS = 20
LANDSCAPE = "yellow and pink flowers on a spring mountain with lush trees"


def ignore(preview: Preview) -> None:
    """A preview callback that does nothing, so the figure is the cost of making previews, not of using them."""


def side_by_side(variants: dict[str, Callable[[int], object]], runs: int) -> dict[str, list[float]]:
    """Seconds of each call of each variant, run in turns (forwards, then backwards) so that drifts in the
    machine's load and whatever the previous call left in the caches hit them all alike; index i of every list is
    the same run, so lists can be compared pair by pair."""
    for fn in variants.values():
        fn(0)  # warm up: first-call allocations, lazy from_pipe, thread pools
    times: dict[str, list[float]] = {name: [] for name in variants}
    order = list(variants.items())
    for run in range(1, runs + 1):
        for name, fn in order if run % 2 else order[::-1]:
            start = time.perf_counter()
            fn(run)
            times[name].append(time.perf_counter() - start)
    return times


def t_quantile_975(df: int) -> float:
    """Student's t 97.5 % point (two-sided 95 %) for `df` degrees of freedom (Cornish-Fisher: within 0.3 % from 4 on)."""
    z = 1.959964
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    return z + g1 / df + g2 / df**2 + g3 / df**3


def paired(name: str, variant: list[float], baseline: list[float], target: float | None) -> None:
    """Print the mean per-call difference in ms with its 95 % interval, and the ratio with its interval."""
    differences = [(v - b) * 1000 for v, b in zip(variant, baseline)]
    mean = statistics.fmean(differences)
    half = t_quantile_975(len(differences) - 1) * statistics.stdev(differences) / math.sqrt(len(differences))
    base = statistics.fmean(baseline) * 1000
    ratio, low, high = 1 + mean / base, 1 + (mean - half) / base, 1 + (mean + half) / base
    print(f"{name}: {mean:+.2f} ms (95% CI {mean - half:+.2f} to {mean + half:+.2f}; baseline {base:.1f} ms)")
    verdict = ""
    if target is not None:
        verdict = "holds" if high <= target else "fails" if low > target else "unsure"
        verdict = f"; target <= {target:.2f}: {verdict}"
    print(f"{name}_ratio: {ratio:.3f} (95% CI {low:.3f} to {high:.3f}{verdict})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--batch-runs", type=int, default=5)
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
            args.batch_runs,
        )
        executor.close()

    for name, seconds in {**single, **four}.items():
        print(f"{name}_{SIDE}px_{STEPS}_steps: {statistics.median(seconds) * 1000:.1f} ms (median of {len(seconds)})")
    paired("wrapper_overhead", single["wrapper"], single["bare_pipeline"], target=1.05)
    paired("preview_cost", single["wrapper_previews_every_step"], single["wrapper"], target=1.10)
    speedup = statistics.median(four["four_one_after_another"]) / statistics.median(four["four_batched"])
    print(f"batching_speedup_ratio: {speedup:.2f}")

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
