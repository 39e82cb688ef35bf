"""`studiolo store check DATA` and `studiolo store backup DATA DEST`: a data folder's health, and a copy of it.

Both work while the server runs. The check reads the WAL before anything opens the database (server/wal.py),
then runs SQLite's full integrity_check on a read-only connection, then the store's own checks (events numbered
densely per session, every draft's image on disk). The backup uses SQLite's online backup API
(`sqlite3.Connection.backup`): a consistent snapshot even while the server writes. Images are copied after it:
an image is written before the row that names it, so every draft in the snapshot finds its picture. The signing
secret is copied too, so invitations made before the backup still open a restored server.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from studiolo.errors import StudioloError
from studiolo.server.private import create_private, private_folder, write_private
from studiolo.server.store import DATABASE
from studiolo.server.wal import inspect_wal, wal_path


@dataclass(frozen=True)
class BackupReport:
    database: Path
    images: int  # image files copied
    bytes: int  # database and images together


def check_store(root: Path) -> list[str]:
    """What is wrong with the store in `root`, one line each; empty: it is sound."""
    path = _database(root)
    problems = []
    wal = inspect_wal(path)
    if wal is not None and (wal.damaged or wal.partial_bytes):
        problems.append(wal.describe(wal_path(path)))
    if wal is not None and wal.damaged:
        # Opening the database would let SQLite's recovery rewrite the wal-index and the evidence with it: the rest
        # is checked on a copy of the database and its WAL, which shows what a server started now would keep.
        with tempfile.TemporaryDirectory() as scratch:
            shutil.copy(path, Path(scratch) / DATABASE)
            shutil.copy(wal_path(path), wal_path(Path(scratch) / DATABASE))
            return problems + _database_problems(Path(scratch) / DATABASE, root / "images")
    return problems + _database_problems(path, root / "images")


def _database_problems(path: Path, images: Path) -> list[str]:
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)  # reads only, safe beside the server
    try:
        damage = [f"{path}: {row[0]}" for row in db.execute("PRAGMA integrity_check") if row[0] != "ok"]
        return damage or _content_problems(db, images)
    except sqlite3.DatabaseError as error:  # not a database at all, or damaged beyond what the check can walk
        return [f"{path}: {error}"]
    finally:
        db.close()


def _content_problems(db: sqlite3.Connection, images: Path) -> list[str]:
    """Foreign keys, each session's events numbered 1, 2, 3, ..., and every draft's image on disk."""
    problems = [
        f"a row of {table} ({rowid}) refers to a missing {parent}"
        for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check")
    ]
    gaps = db.execute("SELECT session, count(*), max(seq) FROM events GROUP BY session HAVING count(*) != max(seq)")
    for session, count, last in gaps:
        problems.append(f"session {session} has {count} events numbered up to {last}: some are missing")
    for session, draft in db.execute("SELECT session, id FROM drafts"):
        if not (images / draft[:2] / f"{draft}.png").is_file():
            problems.append(f"draft {draft} of session {session}: its image is missing from {images}")
    return problems


def backup_store(root: Path, destination: Path) -> BackupReport:
    """Copy the store in `root` into the new (or empty) folder `destination`, owner-only like the original."""
    source = _database(root)
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise StudioloError(
            "backup.exists", f"{destination} exists and is not an empty folder; name a new one", field="dest"
        )
    private_folder(destination)
    target_path = destination / DATABASE
    create_private(target_path)
    db = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    target = sqlite3.connect(target_path)
    try:
        db.backup(target)
    except sqlite3.DatabaseError as error:
        raise StudioloError("store.corrupt", f"{source} cannot be backed up: {error}", field="data") from None
    finally:
        target.close()
        db.close()
    copied, size = 0, target_path.stat().st_size
    images = root / "images"
    for image in sorted(images.glob("*/*.png")):  # never a `.partial` file still being written
        folder = destination / "images" / image.parent.name
        private_folder(folder)
        data = image.read_bytes()
        write_private(folder / image.name, data)
        copied, size = copied + 1, size + len(data)
    if (secret := root / "secret").is_file():
        write_private(destination / "secret", secret.read_bytes())
    return BackupReport(target_path, copied, size)


def _database(root: Path) -> Path:
    path = root / DATABASE
    if not path.is_file():
        raise StudioloError("store.not_found", f"{root} holds no studiolo store ({DATABASE})", field="data")
    return path
