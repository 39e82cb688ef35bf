"""A baseline RGB TIFF written a band of rows at a time: Adobe Deflate strips, resolution and an ICC profile.

Pillow's TIFF encoder needs the whole image in memory; a print file can be larger than that should be. Here
each band is compressed into one strip as it comes, and the directory (where the strips are, the resolution,
the profile) is written at the end and pointed to from the header. Classic TIFF addresses 4 GiB, which the
print budget keeps well clear of.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

import numpy as np
from isal import isal_zlib

# Tag numbers and field types from the TIFF 6.0 specification.
SHORT, LONG, RATIONAL, UNDEFINED = 3, 4, 5, 7
DEFLATE = 8  # Adobe Deflate
RGB = 2
INCH = 2


class TiffStripWriter:
    """`write(band)` appends H x W x 3 uint8 rows as one strip; `close()` writes the directory."""

    def __init__(
        self, stream: BinaryIO, width: int, height: int, rows_per_strip: int, *, dpi: float, icc_profile: bytes | None
    ) -> None:
        self._stream, self._width, self._height, self._rows_per_strip = stream, width, height, rows_per_strip
        self._dpi, self._icc = dpi, icc_profile
        self._offsets: list[int] = []
        self._counts: list[int] = []
        self._rows = 0
        self._start = stream.tell()
        stream.write(b"II*\0" + struct.pack("<I", 0))  # little-endian; the directory's offset is patched in close()

    def write(self, band: np.ndarray) -> None:
        if band.shape[0] != self._rows_per_strip and self._rows + band.shape[0] != self._height:
            raise ValueError("every strip but the last must have rows_per_strip rows")
        data = isal_zlib.compress(np.ascontiguousarray(band).data, 1)  # zlib format, as Adobe Deflate wants
        self._offsets.append(self._tell())
        self._counts.append(len(data))
        self._stream.write(data)
        self._rows += band.shape[0]

    def close(self) -> None:
        if self._rows != self._height:
            raise ValueError(f"{self._rows} rows written of {self._height}")
        # Values too large for a directory entry's 4 bytes are written first, each at a word boundary.
        blobs: dict[int, tuple[int, int, bytes]] = {}  # tag -> (type, count, bytes)
        blobs[258] = (SHORT, 3, struct.pack("<3H", 8, 8, 8))
        blobs[273] = (LONG, len(self._offsets), struct.pack(f"<{len(self._offsets)}I", *self._offsets))
        blobs[279] = (LONG, len(self._counts), struct.pack(f"<{len(self._counts)}I", *self._counts))
        resolution = _rational(self._dpi)
        blobs[282] = (RATIONAL, 1, resolution)
        blobs[283] = (RATIONAL, 1, resolution)
        if self._icc is not None:
            blobs[34675] = (UNDEFINED, len(self._icc), self._icc)
        entries = {
            256: (LONG, 1, struct.pack("<I", self._width)),
            257: (LONG, 1, struct.pack("<I", self._height)),
            259: (SHORT, 1, struct.pack("<H", DEFLATE)),
            262: (SHORT, 1, struct.pack("<H", RGB)),
            277: (SHORT, 1, struct.pack("<H", 3)),
            278: (LONG, 1, struct.pack("<I", self._rows_per_strip)),
            284: (SHORT, 1, struct.pack("<H", 1)),  # chunky: R, G, B interleaved
            296: (SHORT, 1, struct.pack("<H", INCH)),
        }
        for tag, (kind, count, data) in blobs.items():
            if len(data) <= 4:
                entries[tag] = (kind, count, data)
                continue
            self._align()
            offset = self._tell()
            self._stream.write(data)
            entries[tag] = (kind, count, struct.pack("<I", offset))
        self._align()
        directory = self._tell()
        self._stream.write(struct.pack("<H", len(entries)))
        for tag in sorted(entries):  # the specification wants the entries in ascending tag order
            kind, count, value = entries[tag]
            self._stream.write(struct.pack("<HHI", tag, kind, count) + value.ljust(4, b"\0"))
        self._stream.write(struct.pack("<I", 0))  # no further directory
        end = self._stream.tell()
        self._stream.seek(self._start + 4)
        self._stream.write(struct.pack("<I", directory))
        self._stream.seek(end)

    def _tell(self) -> int:
        return self._stream.tell() - self._start

    def _align(self) -> None:
        if self._tell() % 2:
            self._stream.write(b"\0")


def _rational(value: float) -> bytes:
    """A positive number as TIFF's RATIONAL: numerator and denominator, 32 bits each."""
    denominator = 10_000
    return struct.pack("<II", round(value * denominator), denominator)
