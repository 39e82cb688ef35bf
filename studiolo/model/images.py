"""Reading images safely and writing studiolo's PNGs with their provenance.

Every image a user or a peer hands us goes through `open_image`: only PNG, JPEG and WebP, fully decoded up front
(so a truncated file fails here, not later), and bounded in pixels before decoding (decompression bombs).
Every image studiolo makes is written by `encode_png`, which stores the provenance (backend, prompt, seed,
scene) as JSON in an iTXt chunk named `studiolo`, so a describer can later say exactly what was drawn.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from studiolo.errors import StudioloError
from studiolo.model.png import write_png

SUPPORTED_FORMATS = ("PNG", "JPEG", "WEBP")
DEFAULT_MAX_PIXELS = 4096 * 4096
PROVENANCE_KEY = "studiolo"


def open_image(source: str | os.PathLike[str] | bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> Image.Image:
    """Open and fully decode a PNG, JPEG or WebP, or raise a StudioloError with a stable code."""
    image, name = _open_checked(source, max_pixels)
    try:
        image.load()
    except (OSError, SyntaxError, ValueError) as exc:
        raise StudioloError("image.unreadable", f"{name} is damaged or truncated: {exc}", field="image") from None
    return image


def image_size(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> tuple[int, int]:
    """Width and height from the image's header, checked as `open_image` checks them, without decoding it:
    what decoding it will take can be known (and budgeted) before any pixel is decoded."""
    image, _ = _open_checked(data, max_pixels)
    image.close()
    return image.size


def _open_checked(source: str | os.PathLike[str] | bytes, max_pixels: int) -> tuple[Image.Image, str]:
    """The image opened (its header read, nothing decoded), its format and pixel count checked; and its name."""
    if isinstance(source, bytes):
        stream: Any = io.BytesIO(source)
        name = "image"
    else:
        path = Path(source)
        if not path.is_file():
            raise StudioloError("image.not_found", f"no such image file: {path}", field="image")
        stream = path
        name = path.name
    # The pixel limit is checked here, explicitly, before anything is decoded; Pillow's own bomb check
    # (Image.MAX_IMAGE_PIXELS) still refuses twice its limit with DecompressionBombError, and its warning above
    # its limit is left as a warning: turning it into an error would take the process-wide `warnings` filters,
    # which are not safe to change while other threads open images.
    try:
        image = Image.open(stream, formats=SUPPORTED_FORMATS)
    except UnidentifiedImageError:
        raise StudioloError(
            "image.unsupported_format", f"{name} is not an image studiolo can read (PNG, JPEG or WebP)", field="image"
        ) from None
    except Image.DecompressionBombError:
        raise StudioloError("image.too_large", f"{name} has too many pixels to open safely", field="image") from None
    except OSError as exc:
        raise StudioloError("image.unreadable", f"{name} cannot be read: {exc}", field="image") from None
    width, height = image.size
    if width * height > max_pixels:
        image.close()
        raise StudioloError(
            "image.too_large",
            f"{name} is {width} x {height} pixels; the limit is {max_pixels:,} pixels",
            field="image",
        )
    return image, name


def encode_png(image: Image.Image, provenance: dict[str, Any] | None = None) -> bytes:
    """PNG bytes of `image`, with `provenance` stored as JSON in the `studiolo` text chunk."""
    text = (
        {PROVENANCE_KEY: json.dumps(provenance, ensure_ascii=False, sort_keys=True)} if provenance is not None else None
    )
    return write_png(image, text)


def read_provenance(image: Image.Image) -> dict[str, Any] | None:
    """The provenance studiolo wrote into a PNG, or None for any other image (or a damaged chunk)."""
    raw = getattr(image, "text", {}).get(PROVENANCE_KEY) if image.format == "PNG" else None
    if raw is None:
        return None
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def write_all_or_nothing(files: dict[Path, bytes]) -> None:
    """Write every file or none: each goes to a hidden temporary name first, then all are renamed into place."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            tmp = path.with_name(f".{path.name}.partial")
            staged.append((tmp, path))
            tmp.write_bytes(data)
        for tmp, path in staged:
            os.replace(tmp, path)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
