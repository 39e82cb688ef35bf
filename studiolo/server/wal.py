"""What SQLite's write-ahead log holds, read before SQLite opens it: is any committed write missing from it?

With `journal_mode=WAL` every commit is appended to `studiolo.sqlite3-wal` as frames (a 24-byte header and one
page each, checksummed in a chain, the last frame of a transaction marked as its commit). When SQLite opens a
database whose last user did not stop cleanly, it replays the WAL up to the last commit frame whose checksum
chain holds, and silently drops everything after it. So a WAL cut short (a copied live folder, a disk that
filled up, a torn write) rolls sessions back to an earlier point and nobody is told.

This module reads the WAL the way SQLite's recovery does, to say so first:

- `committed_frames`: the frames up to the last valid commit frame (what SQLite will keep);
- `partial_bytes`: bytes at the end of the file that do not make a whole frame (a write cut in two);
- `expected_frames`: how many frames the last writer had committed, from the wal-index in `-shm` (written by
  the last connection; SQLite resets it on open, so it must be read before); None when there is no usable one.

`missing_frames` = expected - committed: committed transactions that the WAL has lost. A clean stop leaves no
WAL at all (the server checkpoints it into the database file and SQLite removes it on close).
"""

from __future__ import annotations

import struct
import sys
from dataclasses import dataclass
from pathlib import Path

WAL_MAGIC = (0x377F0682, 0x377F0683)  # the low bit: checksums over big-endian words
WAL_HEADER = struct.Struct(">IIIIIIII")  # magic, version, page size, checkpoint seq, salt1, salt2, cksum1, cksum2
FRAME_HEADER = struct.Struct(">IIIIII")  # page number, database size after commit (0: not a commit), salts, cksums
MASK = 0xFFFFFFFF


@dataclass(frozen=True)
class WalReport:
    committed_frames: int  # frames SQLite's recovery keeps
    partial_bytes: int  # bytes at the end that are not a whole frame
    expected_frames: int | None  # frames the last writer had committed (from -shm), when known

    @property
    def missing_frames(self) -> int:
        return max(0, (self.expected_frames or 0) - self.committed_frames)

    @property
    def damaged(self) -> bool:
        return self.missing_frames > 0

    def describe(self, wal: Path) -> str:
        if self.damaged:
            return (
                f"{wal} is cut short: it holds {self.committed_frames} of the {self.expected_frames} frames the last "
                f"run committed, so the latest {self.missing_frames} page writes (the newest events) are lost"
            )
        if self.partial_bytes:
            return f"{wal} ends with {self.partial_bytes} bytes of a write that never finished (not committed)"
        return f"{wal}: {self.committed_frames} committed frames, nothing missing"


def inspect_wal(database: Path) -> WalReport | None:
    """The WAL of `database` as SQLite's recovery will see it; None when there is none (a clean stop)."""
    wal = wal_path(database)
    try:
        data = wal.read_bytes()
    except FileNotFoundError:
        return None
    if len(data) < WAL_HEADER.size:
        return WalReport(0, len(data), _expected_frames(database, None))
    magic, _version, page_size, _ckpt, salt1, salt2, ck1, ck2 = WAL_HEADER.unpack_from(data)
    big_endian = magic & 1 == 1
    header_ok = magic in WAL_MAGIC and _checksum(data[:24], big_endian, 0, 0) == (ck1, ck2)
    if not header_ok or page_size < 512 or page_size & (page_size - 1):
        return WalReport(0, 0, _expected_frames(database, None))
    frame_size = FRAME_HEADER.size + page_size
    body = len(data) - WAL_HEADER.size
    whole = body // frame_size
    s0, s1 = ck1, ck2
    committed = 0
    for index in range(whole):
        at = WAL_HEADER.size + index * frame_size
        page, commit, f_salt1, f_salt2, f_ck1, f_ck2 = FRAME_HEADER.unpack_from(data, at)
        if (f_salt1, f_salt2) != (salt1, salt2) or page == 0:
            break  # frames of an older generation of the log, or garbage: recovery stops here
        s0, s1 = _checksum(data[at : at + 8], big_endian, s0, s1)
        s0, s1 = _checksum(data[at + FRAME_HEADER.size : at + frame_size], big_endian, s0, s1)
        if (s0, s1) != (f_ck1, f_ck2):
            break
        if commit:
            committed = index + 1
    return WalReport(committed, body - whole * frame_size, _expected_frames(database, (salt1, salt2)))


def wal_path(database: Path) -> Path:
    return database.with_name(database.name + "-wal")


def _expected_frames(database: Path, salts: tuple[int, int] | None) -> int | None:
    """mxFrame of the wal-index header in -shm, if it is initialised and about this WAL (same salts)."""
    try:
        with database.with_name(database.name + "-shm").open("rb") as file:
            header = file.read(48)
    except FileNotFoundError:
        return None
    if len(header) < 48:
        return None
    # WalIndexHdr, in the machine's own byte order: iVersion, unused, iChange, isInit, bigEndCksum, szPage,
    # mxFrame, nPage, aFrameCksum[2], aSalt[2], aCksum[2]
    order = "<" if sys.byteorder == "little" else ">"
    _v, _u, _change, is_init, _big, _page, mx_frame, _npage, _fc1, _fc2, salt1, salt2 = struct.unpack_from(
        order + "IIIBBHIIIIII", header
    )
    if not is_init:
        return None
    # the wal-index copies the salts as raw bytes from the WAL header, which stores them big-endian
    raw = struct.pack(order + "II", salt1, salt2)
    if salts is not None and struct.unpack(">II", raw) != salts:
        return None  # the -shm describes another generation of the log
    return int(mx_frame)


def _checksum(data: bytes, big_endian: bool, s0: int, s1: int) -> tuple[int, int]:
    """SQLite's WAL checksum: over pairs of 32-bit words, continuing from (s0, s1)."""
    for x0, x1 in struct.iter_unpack(">II" if big_endian else "<II", data):
        s0 = (s0 + x0 + s1) & MASK
        s1 = (s1 + x1 + s0) & MASK
    return s0, s1
