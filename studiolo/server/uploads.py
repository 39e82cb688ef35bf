"""Uploads being decoded, all connections together: a budget of the memory that takes, and that memory given back.

An upload's cost is known before any pixel is decoded (its size from the header, images.image_size): the
decoded pixels and the PNG written from them. Uploads run while their costs fit in
`max_upload_decode_bytes`; one over the budget is refused with `busy` and a `retry_after`, and one upload alone is
always let in (the pixel limit bounds it). Decoding a 20 MB image takes hundreds of MB in large blocks that
glibc keeps in its heaps after they are freed; once no upload is decoding, `give_back_memory` returns them to
the system (malloc_trim), so the server's memory goes back to what it was.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from studiolo.errors import StudioloError

# Decoding an upload and writing its PNG, at the peak: the pixels as Pillow holds them (4 bytes each), twice more
# as the PNG writer's arrays, and the new PNG about three times over as it is assembled. Measured: 121 MiB for a
# 20 MB PNG of 6.7 million pixels (noise, bench/uploads.py); this says 140.
BYTES_PER_PIXEL = 12
ENCODED_COPIES = 3
RETRY_AFTER_S = 1.0


def upload_cost(encoded_bytes: int, width: int, height: int) -> int:
    """Memory decoding an upload and writing its PNG takes at its peak, estimated from its header."""
    return ENCODED_COPIES * encoded_bytes + BYTES_PER_PIXEL * width * height


class UploadBudget:
    def __init__(self, limit_bytes: int) -> None:
        self.limit_bytes = limit_bytes
        self.in_flight = 0  # bytes reserved by uploads decoding now

    @contextmanager
    def reserve(self, cost: int) -> Iterator[None]:
        """Hold `cost` bytes of the budget while decoding; StudioloError("busy") if it does not fit now."""
        if self.in_flight and self.in_flight + cost > self.limit_bytes:
            raise StudioloError(
                "busy",
                f"other uploads are being read; try again in about {RETRY_AFTER_S:g} s",
                field="image",
                retry_after=RETRY_AFTER_S,
            )
        self.in_flight += cost
        try:
            yield
        finally:
            self.in_flight -= cost


def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim  # glibc only
    except (OSError, AttributeError):  # musl and others: nothing to call
        return None


_TRIM = _malloc_trim()


def give_back_memory() -> None:
    """Return the C heap's free memory to the system (glibc's malloc_trim; elsewhere nothing). Takes a few ms."""
    if _TRIM is not None:
        _TRIM(0)
