"""Benchmark garments: mock-up time, and a print file's time and peak memory beside the image's size.

Prints one figure a line, `name: value unit`; times are the median of several runs in this one process.
Peak memory is measured two ways: tracemalloc (every allocation Python and numpy make, while writing), and the
peak resident memory (VmHWM, reset just before the call through /proc/self/clear_refs) of a fresh process that
makes only that one file (everything, the compressors' buffers included), above what it held before the call. The target: the peak under 2x the print image's uncompressed size. A baseline
(the whole image pasted together in one preallocated Pillow image, then saved by Pillow) is measured beside it.

    .venv/bin/python bench/garments.py [--runs 3]
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageCms

from studiolo.garments.print_export import export_print, print_spec
from studiolo.garments.repeats import repeat_rows
from studiolo.garments.silhouettes import GARMENTS
from studiolo.garments.wear import wear
from studiolo.model.protocols import PaintSpec
from studiolo.model.sketch import SketchPainter


def traced_peak(fn: Callable[[], object]) -> int:
    """The most memory Python and numpy held at once while fn ran, above what they held before."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


CHILD = """
import runpy, sys
from PIL import Image
from studiolo.garments.print_export import print_spec

def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1]) * 1024

bench = runpy.run_path(sys.argv[1])  # this file's functions, without running its main
tile = Image.open(sys.argv[2]).convert("RGB")
spec = print_spec(width_cm=150, height_cm=100, dpi=150, repeat="half-drop")
before = status("VmRSS")
open("/proc/self/clear_refs", "w").write("5")  # the peak (VmHWM) starts again from here
if sys.argv[4] == "export":
    bench["export_print"](tile, spec, sys.argv[3])
else:
    bench["pillow_baseline"](tile, *spec.pixels, spec.dpi, sys.argv[3])
print(status("VmHWM") - before)
"""


def resident_peak(how: str, tile_path: Path, out: Path) -> int:
    """Peak resident memory above the start of the call, in a fresh process that writes only this file
    (`how`: export, or the Pillow baseline)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    command = [sys.executable, "-c", CHILD, __file__, str(tile_path), str(out), how]
    return int(subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout.strip())


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
        tile_path = Path(folder) / "tile.png"
        tile.save(tile_path)
        for suffix in ("png", "tif"):
            path = Path(folder) / f"print.{suffix}"
            write = functools.partial(export_print, tile, printing, path)
            seconds = median_s(write, runs)
            traced, resident = traced_peak(write), resident_peak("export", tile_path, path)
            print(f"print_{suffix}_time: {seconds:.2f} s")
            print(f"print_{suffix}_file: {path.stat().st_size / 1024**2:.0f} MiB")
            print(f"print_{suffix}_peak_traced: {traced / 1024**2:.1f} MiB")
            print(f"print_{suffix}_peak_resident: {resident / 1024**2:.1f} MiB")
            peak = max(traced, resident)
            print(f"print_{suffix}_peak_to_image_ratio: {peak / image_bytes:.3f}")
            print(f"print_{suffix}_target_ratio: {peak / (2 * image_bytes):.3f}")
        path = Path(folder) / "baseline.png"
        baseline = functools.partial(pillow_baseline, tile, width, height, printing.dpi, path)
        seconds = median_s(baseline, 1)
        traced, resident = traced_peak(baseline), resident_peak("baseline", tile_path, path)
        print(f"print_pillow_paste_png_time: {seconds:.2f} s")
        print(f"print_pillow_paste_png_peak_traced: {traced / 1024**2:.1f} MiB")
        print(f"print_pillow_paste_png_peak_resident: {resident / 1024**2:.1f} MiB")
        print(f"print_pillow_paste_png_peak_to_image_ratio: {max(traced, resident) / image_bytes:.3f}")


if __name__ == "__main__":
    main()
