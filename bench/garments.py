"""Benchmark garments: mock-up time, and a print file's time and peak memory beside the image's size.

Prints one figure a line, `name: value unit`; times are the median of several runs in this one process.
Peak memory is measured two ways: tracemalloc (every allocation Python and numpy make, while writing) and the
process's resident memory sampled every 2 ms (everything, the compressors' buffers included), each above what
was resident before the call. The target: the peak under 2x the print image's uncompressed size. A baseline
(the whole image pasted together in one preallocated Pillow image, then saved by Pillow) is measured beside it.

    .venv/bin/python bench/garments.py [--runs 3]
"""

from __future__ import annotations

import argparse
import functools
import statistics
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageCms

from studiolo.garments import GARMENTS, export_print, print_spec, wear
from studiolo.garments.repeats import repeat_rows
from studiolo.model.protocols import PaintSpec
from studiolo.model.sketch import SketchPainter

PAGE = 4096


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE


def peak_memory(fn: Callable[[], object]) -> tuple[int, int]:
    """(tracemalloc peak, resident-memory peak) in bytes above the start, while fn runs."""
    baseline = rss_bytes()
    peak = [baseline]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], rss_bytes())
            time.sleep(0.002)

    sampler = threading.Thread(target=sample)
    tracemalloc.start()
    sampler.start()
    try:
        fn()
    finally:
        done.set()
        sampler.join()
        traced = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return traced, peak[0] - baseline


def median_s(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def pillow_baseline(tile: Image.Image, width: int, height: int, dpi: float, path: Path) -> None:
    """The obvious way: paste every tile into one preallocated image, and let Pillow write it."""
    import numpy as np

    canvas = Image.new("RGB", (width, height))
    pixels = np.asarray(tile)
    for top in range(0, height, tile.height):
        canvas.paste(Image.fromarray(repeat_rows(pixels, "full-drop", 0, tile.height, width)), (0, top))
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    canvas.save(path, dpi=(dpi, dpi), icc_profile=icc, compress_level=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs

    spec = PaintSpec(prompt="cherry blossom textile", width=512, height=512, seed=3, n=1, pattern=True)
    tile = SketchPainter().text_to_image(spec).paintings[0].image.convert("RGB")

    wear(tile, "dress", size=256)  # warm up
    for garment in GARMENTS:
        seconds = median_s(functools.partial(wear, tile, garment, scale_cm=16, size=1024), runs)
        print(f"wear_{garment}_1024: {seconds * 1000:.0f} ms")

    printing = print_spec(width_cm=150, height_cm=100, dpi=150, repeat="half-drop")
    width, height = printing.pixels
    image_bytes = width * height * 3
    print(f"print_150x100cm_150dpi: {width} x {height} px, {image_bytes / 1024**2:.0f} MiB uncompressed")
    with tempfile.TemporaryDirectory() as folder:
        for suffix in ("png", "tif"):
            path = Path(folder) / f"print.{suffix}"
            write = functools.partial(export_print, tile, printing, path)
            seconds = median_s(write, runs)
            traced, resident = peak_memory(write)
            print(f"print_{suffix}_time: {seconds:.2f} s")
            print(f"print_{suffix}_file: {path.stat().st_size / 1024**2:.0f} MiB")
            print(f"print_{suffix}_peak_traced: {traced / 1024**2:.1f} MiB")
            print(f"print_{suffix}_peak_resident: {resident / 1024**2:.1f} MiB")
            peak = max(traced, resident)
            print(f"print_{suffix}_peak_to_image_ratio: {peak / image_bytes:.3f}")
            print(f"print_{suffix}_target_ratio: {peak / (2 * image_bytes):.3f}")
        path = Path(folder) / "baseline.png"
        seconds = median_s(lambda: pillow_baseline(tile, width, height, printing.dpi, path), 1)
        traced, resident = peak_memory(lambda: pillow_baseline(tile, width, height, printing.dpi, path))
        print(f"print_pillow_paste_png_time: {seconds:.2f} s")
        print(f"print_pillow_paste_png_peak_to_image_ratio: {max(traced, resident) / image_bytes:.3f}")


if __name__ == "__main__":
    main()
