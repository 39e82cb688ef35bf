"""A print-ready repeat: the tile tiled exactly over a stated physical size, with its DPI and an sRGB profile.

`export_print(tile, PrintSpec(width_cm=150, height_cm=100, dpi=150), path)` writes a PNG or TIFF (by the file's
extension) of round(cm / 2.54 * dpi) pixels each way. The file is written a band of rows at a time, each band
cut from the tile by index (repeats.py), so memory holds one band and never the whole image: a 150 x 100 cm
print at 150 DPI (157 MB of pixels) is written in a few megabytes (bench/garments.py measures it). Sizes whose
pixels would exceed the budget (`PRINT_BUDGET_BYTES`, what the printer's software would have to hold) are
refused before anything is written.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
from PIL import Image, ImageCms
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from studiolo.errors import StudioloError
from studiolo.garments.repeats import RepeatStyle, repeat_offset, repeat_rows
from studiolo.garments.tiff import TiffStripWriter
from studiolo.garments.tiles import check_tile, resize_tile
from studiolo.model.png import PngStripWriter

CM_PER_INCH = 2.54
MIN_DPI, MAX_DPI = 36, 1200
MAX_SIDE_CM = 1000.0  # ten metres: longer than any roll a designer sends in one file
PRINT_BUDGET_BYTES = 2 * 1024**3  # uncompressed RGB pixels of one print file
MAX_REPEAT_SIDE = 16384  # pixels of one repeat once scaled to the DPI
PREVIEW_SIDE = 1024  # a print's preview (what the lineage keeps of it): at most this many pixels on its long side
BAND_BYTES = 4 * 1024**2  # about this much of the image is held at once (its index arrays take 2-3x more)
FORMATS = {".png": "PNG", ".tif": "TIFF", ".tiff": "TIFF"}


class PrintSpec(BaseModel):
    """What the printer is sent: the physical size, the resolution, the repeat style and the repeat's size."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    width_cm: float = Field(gt=0, le=MAX_SIDE_CM)
    height_cm: float = Field(gt=0, le=MAX_SIDE_CM)
    dpi: float = Field(ge=MIN_DPI, le=MAX_DPI)
    repeat: RepeatStyle = "full-drop"
    scale_cm: float | None = Field(default=None, gt=0, le=MAX_SIDE_CM)  # None: one tile pixel per printed dot

    @property
    def pixels(self) -> tuple[int, int]:
        return cm_to_pixels(self.width_cm, self.dpi), cm_to_pixels(self.height_cm, self.dpi)


def cm_to_pixels(cm: float, dpi: float) -> int:
    return round(cm / CM_PER_INCH * dpi)


def print_spec(**values: Any) -> PrintSpec:
    """A PrintSpec from loose values, or a StudioloError naming the first bad field."""
    try:
        return PrintSpec(**values)
    except ValidationError as error:
        first = error.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "print"
        raise StudioloError(
            f"print.invalid_{field}",
            f"{field.replace('_', ' ')}: {first['msg']} (got {first.get('input')!r})",
            field=field,
        ) from None


def check_budget(spec: PrintSpec, budget_bytes: int = PRINT_BUDGET_BYTES) -> None:
    width, height = spec.pixels
    if width < 1 or height < 1:
        raise StudioloError(
            "print.too_small",
            f"{spec.width_cm:g} x {spec.height_cm:g} cm at {spec.dpi:g} DPI is under one pixel",
            field="size",
        )
    needed = width * height * 3
    if needed > budget_bytes:
        raise StudioloError(
            "print.too_large",
            f"{spec.width_cm:g} x {spec.height_cm:g} cm at {spec.dpi:g} DPI is {width:,} x {height:,} pixels "
            f"({_amount(needed)} uncompressed); the print budget is {_amount(budget_bytes)}: "
            "lower the DPI or print it in panels",
            field="size",
        )


def _amount(size: int) -> str:
    """Bytes as a person reads them: 2.0 GiB, 512 MiB."""
    return f"{size / 1024**3:.1f} GiB" if size >= 1024**3 else f"{size / 1024**2:.0f} MiB"


def export_print(
    tile: Image.Image, spec: PrintSpec, path: str | os.PathLike[str], *, budget_bytes: int = PRINT_BUDGET_BYTES
) -> dict[str, Any]:
    """Write the print file at `path` (.png, .tif or .tiff) and return its parameters for the lineage."""
    target = Path(path)
    file_format = FORMATS.get(target.suffix.lower())
    if file_format is None:
        raise StudioloError(
            "print.unsupported_format", f"{target.name}: a print file ends in .png, .tif or .tiff", field="out"
        )
    check_budget(spec, budget_bytes)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with partial.open("wb") as stream:
            params = write_print(tile, spec, stream, file_format, budget_bytes=budget_bytes)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return {**params, "path": str(target)}


def write_print(
    tile: Image.Image, spec: PrintSpec, stream: BinaryIO, file_format: str, *, budget_bytes: int = PRINT_BUDGET_BYTES
) -> dict[str, Any]:
    """Write the print file (PNG or TIFF) to `stream`, a band of rows at a time; return its parameters."""
    check_budget(spec, budget_bytes)
    printed = _printed_tile(check_tile(tile), spec)
    width, height = spec.pixels
    rows_per_band = max(1, min(height, BAND_BYTES // (width * 3)))
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    pixels = np.asarray(printed, dtype=np.uint8)
    writer: PngStripWriter | TiffStripWriter
    if file_format == "PNG":
        writer = PngStripWriter(stream, width, height, dpi=spec.dpi, icc_profile=icc)
    else:
        writer = TiffStripWriter(stream, width, height, rows_per_band, dpi=spec.dpi, icc_profile=icc)
    for top in range(0, height, rows_per_band):
        writer.write(repeat_rows(pixels, spec.repeat, top, min(height, top + rows_per_band), width))
    writer.close()
    offset = repeat_offset(spec.repeat, printed.width, printed.height)
    return {
        **spec.model_dump(),
        "width_px": width,
        "height_px": height,
        "format": file_format,
        "tile_px": [printed.width, printed.height],
        "offset_px": list(offset),
    }


def print_preview(tile: Image.Image, spec: PrintSpec, max_side: int = PREVIEW_SIDE) -> Image.Image:
    """The print as a small picture: the whole length at its aspect ratio, the repeat laid out in its style. The
    tile is shrunk to whole pixels (rounded down) and the print by the same factor, so the layout is the file's
    exactly, at most `max_side` pixels long (a repeat finer than a pixel there: one pixel a repeat, the corner)."""
    width, height = spec.pixels
    tile = check_tile(tile)
    tile_width = cm_to_pixels(spec.scale_cm, spec.dpi) if spec.scale_cm is not None else tile.width
    tile_height = round(tile_width * tile.height / tile.width)
    factor = min(1.0, max_side / max(width, height))
    shrunk_width, shrunk_height = max(1, int(tile_width * factor)), max(1, int(tile_height * factor))
    shrunk = resize_tile(tile, shrunk_width, shrunk_height)
    out_width = min(max_side, max(1, round(width * shrunk_width / tile_width)))
    out_height = min(max_side, max(1, round(height * shrunk_height / tile_height)))
    return Image.fromarray(repeat_rows(np.asarray(shrunk), spec.repeat, 0, out_height, out_width), "RGB")


def _printed_tile(tile: Image.Image, spec: PrintSpec) -> Image.Image:
    """The tile at its printed size in pixels: as it is, or resampled (seamlessly) so one repeat is scale_cm."""
    if spec.scale_cm is None:
        return tile
    width = cm_to_pixels(spec.scale_cm, spec.dpi)
    height = round(width * tile.height / tile.width)
    if max(width, height) > MAX_REPEAT_SIDE or min(width, height) < 1:
        raise StudioloError(
            "print.repeat_out_of_range",
            f"a {spec.scale_cm:g} cm repeat at {spec.dpi:g} DPI is {width:,} x {height:,} pixels; "
            f"one repeat must be 1..{MAX_REPEAT_SIDE:,} pixels a side",
            field="scale",
        )
    if not math.isclose(width / tile.width, 1.0):
        return resize_tile(tile, width, height)
    return tile
