"""A damaged or exposed data folder, as an operator meets it: refused in one line, checked, backed up, private.

Real SQLite files in a temporary folder; the `studiolo` command runs as a real process where the operator would
run it (serve on a damaged file, store check, store backup).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from studiolo.agent.session import Session
from studiolo.drafts import Draft, draft_id
from studiolo.errors import StudioloError
from studiolo.events import DraftFinal, TurnSaid
from studiolo.model.images import encode_png
from studiolo.server.auth import load_secret
from studiolo.server.store import DATABASE, Store
from studiolo.server.store_admin import check_store

PAGE = 4096


def studiolo(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUTF8": "1", "TQDM_DISABLE": "1"}
    return subprocess.run([sys.executable, "-m", "studiolo.cli", *args], capture_output=True, text=True, env=env,
                          timeout=300)  # fmt: skip


def one_line_error(result: subprocess.CompletedProcess[str], code: str) -> str:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1 and len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith("studiolo: ") and lines[0].endswith(f"[{code}]"), lines[0]
    return lines[0]


def fill(store: Store, sessions: int = 3, turns: int = 60, drafts: int = 2) -> dict[str, int]:
    """Sessions with turns and drafts, stored as the server stores them; their event counts by id."""
    counts = {}
    for s in range(sessions):
        session = Session("vespera", images=store.images)
        store.create_session(session.id, session.persona_id)
        for t in range(turns):
            store.append(session.record(TurnSaid(speaker="mina", role="designer", text=f"turn {t} " + "words " * 40)))
        for d in range(drafts):
            pixels = np.random.default_rng(s * 10 + d).integers(0, 256, (32, 32, 3), dtype=np.uint8)
            png = encode_png(Image.fromarray(pixels))
            draft = Draft(id=draft_id(png), job_id=f"{session.id}-job1", skill="imagine", prompt="noise", seed=d,
                          model="test", width=32, height=32)  # fmt: skip
            store.append(session.record(DraftFinal(job_id=draft.job_id, draft_id=draft.id, width=32, height=32,
                                                   image=png, draft=draft)))  # fmt: skip
        counts[session.id] = session.seq
    return counts


def stored_events(root: Path) -> dict[str, int]:
    db = sqlite3.connect(root / DATABASE)
    try:
        return dict(db.execute("SELECT session, count(*) FROM events GROUP BY session").fetchall())
    finally:
        db.close()


def test_a_garbage_database_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / DATABASE).write_bytes(b"this is not a database at all, just bytes " * 200)
    with pytest.raises(StudioloError) as refused:
        Store(tmp_path)
    assert refused.value.code == "store.corrupt" and str(tmp_path / DATABASE) in refused.value.message
    served = studiolo("serve", "--data", str(tmp_path), "--port", "0")
    line = one_line_error(served, "store.corrupt")
    assert "studiolo store check" in line and "backup" in line
    checked = studiolo("store", "check", str(tmp_path))
    assert checked.returncode == 1 and "not a database" in checked.stdout, checked.stdout


def test_damage_in_the_middle_of_the_file_is_found_before_anything_is_served(tmp_path: Path) -> None:
    store = Store(tmp_path)
    fill(store)
    store.close()
    path = tmp_path / DATABASE
    pages = path.stat().st_size // PAGE
    assert pages > 8
    with path.open("r+b") as file:  # a run of garbage over a page in the middle, as a bad sector leaves it
        file.seek((pages // 2) * PAGE)
        file.write(bytes(range(256)) * 8)
    with pytest.raises(StudioloError) as refused:
        Store(tmp_path)
    assert refused.value.code == "store.corrupt"
    one_line_error(studiolo("serve", "--data", str(tmp_path), "--port", "0"), "store.corrupt")
    checked = studiolo("store", "check", str(tmp_path))
    assert checked.returncode == 1 and "problem" in checked.stdout.splitlines()[-1], checked.stdout


def test_a_wal_cut_short_is_reported_not_silently_rolled_back(tmp_path: Path) -> None:
    live = tmp_path / "live"
    store = Store(live)
    counts = fill(store, sessions=2, turns=40)
    # the folder as a crash leaves it (database, WAL and wal-index), copied while the store is open
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for name in (DATABASE, DATABASE + "-wal", DATABASE + "-shm"):
        shutil.copy(live / name, crashed / name)
    shutil.copytree(live / "images", crashed / "images")
    store.close()
    wal = crashed / (DATABASE + "-wal")
    os.truncate(wal, wal.stat().st_size - 5 * (PAGE + 24) - 1000)  # the last frames lost, one cut in two

    checked = studiolo("store", "check", str(crashed))
    assert checked.returncode == 1 and "cut short" in checked.stdout and "lost" in checked.stdout, checked.stdout
    reopened = Store(crashed)
    assert reopened.wal is not None and reopened.wal.damaged and reopened.wal.missing_frames >= 5
    reopened.close()
    assert sum(stored_events(crashed).values()) < sum(counts.values())  # what SQLite kept: less, and now we know


def test_a_clean_close_leaves_no_wal_and_a_sound_store(tmp_path: Path) -> None:
    store = Store(tmp_path)
    counts = fill(store)
    assert (tmp_path / (DATABASE + "-wal")).exists()
    store.close()
    assert not (tmp_path / (DATABASE + "-wal")).exists() or (tmp_path / (DATABASE + "-wal")).stat().st_size == 0
    checked = studiolo("store", "check", str(tmp_path))
    assert (checked.returncode, checked.stdout.strip()) == (0, "ok"), checked.stdout
    assert stored_events(tmp_path) == counts


def test_check_finds_a_missing_picture(tmp_path: Path) -> None:
    store = Store(tmp_path)
    fill(store, sessions=1, turns=2, drafts=2)
    gone = next((tmp_path / "images").glob("*/*.png"))
    store.close()
    gone.unlink()
    assert any(gone.stem in problem and "missing" in problem for problem in check_store(tmp_path))


def test_backup_while_the_store_is_written_is_a_complete_sound_copy(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    load_secret(tmp_path / "data")
    counts = fill(store)
    result = studiolo("store", "backup", str(tmp_path / "data"), str(tmp_path / "copy"))  # the store is open
    assert result.returncode == 0 and "6 images" in result.stdout, result.stderr
    fill(store, sessions=1)  # written after the backup: not in it
    store.close()
    copy = tmp_path / "copy"
    assert check_store(copy) == [] and stored_events(copy) == counts
    copied = {p.name: p.read_bytes() for p in (copy / "images").glob("*/*.png")}
    assert len(copied) == 6 and all(
        (tmp_path / "data" / "images" / n[:2] / n).read_bytes() == b for n, b in copied.items()
    )
    assert (copy / "secret").read_bytes() == (tmp_path / "data" / "secret").read_bytes()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o700 and stat.S_IMODE((copy / DATABASE).stat().st_mode) == 0o600
    refused = studiolo("store", "backup", str(tmp_path / "data"), str(copy))  # never over an earlier backup
    one_line_error(refused, "backup.exists")
    one_line_error(studiolo("store", "check", str(tmp_path / "nothing")), "store.not_found")


def test_the_data_folder_and_its_files_are_private_from_creation(tmp_path: Path) -> None:
    old = os.umask(0o022)  # the usual umask: without care, files would be created 0644 and folders 0755
    try:
        root = tmp_path / "fresh" / "data"
        store = Store(root)
        secret = load_secret(root)
        fill(store, sessions=1, turns=3, drafts=1)
        files = [root / DATABASE, root / (DATABASE + "-wal"), root / (DATABASE + "-shm"), root / "secret",
                 *root.glob("images/*/*.png")]  # fmt: skip
        folders = [root, tmp_path / "fresh", root / "images", *root.glob("images/*")]
        assert len(files) == 5 and len(folders) == 4 and len(secret) == 32
        for path in files:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        for path in folders:
            assert stat.S_IMODE(path.stat().st_mode) == 0o700, path
        store.close()
    finally:
        os.umask(old)
