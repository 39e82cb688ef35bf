"""Files only the server's user may read: the data folder 0700, everything in it 0600, from the moment it exists.

Chats, drafts and the signing secret are private. Each file is created with its mode (os.open with O_CREAT and a
mode, as Jupyter's secure_write does), never created readable and chmod-ed afterwards, so there is no moment when
another local user could open it. SQLite creates `-wal` and `-shm` with the mode of the database file, so the
database is created here first, empty, and SQLite fills it.
"""

from __future__ import annotations

import os
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def private_folder(path: Path) -> None:
    """Make `path` and its missing parents, each 0700; folders that exist are left as they are."""
    missing = [folder for folder in (path, *path.parents) if not folder.is_dir()]
    for folder in reversed(missing):
        folder.mkdir(mode=FOLDER_MODE, exist_ok=True)


def create_private(path: Path) -> None:
    """Create `path` empty and owner-only, unless it exists."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        pass


def write_private(path: Path, data: bytes) -> None:
    """Write a new owner-only file (replacing one of the same name)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "wb") as file:
        file.write(data)
