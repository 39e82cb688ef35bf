"""The installation's own records, in `installation.sqlite` beside the store: the day's picked works (with their
share codes and captions, and whether the operator hid them), refused wishes (for the operator), and visits.

It is what a restart (even kill -9) comes back to: the wall's gallery and the share codes live here.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from studiolo.server.private import create_private

SCHEMA = """
CREATE TABLE IF NOT EXISTS works (
    draft_id TEXT PRIMARY KEY, session TEXT NOT NULL, kiosk TEXT NOT NULL, words TEXT NOT NULL,
    caption TEXT NOT NULL, code TEXT NOT NULL UNIQUE, picked REAL NOT NULL, expires REAL NOT NULL,
    hidden INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS refusals (
    at REAL NOT NULL, kiosk TEXT NOT NULL, lang TEXT NOT NULL, text TEXT NOT NULL, reason TEXT NOT NULL,
    matched TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS visits (
    session TEXT PRIMARY KEY, kiosk TEXT NOT NULL, started REAL NOT NULL, ended REAL, how TEXT
);
CREATE TABLE IF NOT EXISTS drafts (
    draft_id TEXT PRIMARY KEY, session TEXT NOT NULL, made REAL NOT NULL
);
"""


@dataclass(frozen=True)
class Work:
    draft_id: str
    session: str
    kiosk: str
    words: str
    caption: str
    code: str
    picked: float
    expires: float
    hidden: bool


@dataclass(frozen=True)
class Refusal:
    at: float
    kiosk: str
    lang: str
    text: str
    reason: str
    matched: str


class Ledger:
    def __init__(self, path: Path) -> None:
        create_private(path)
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._db.close()

    # works

    def add_work(self, work: Work) -> None:
        with self._db:
            self._db.execute(
                "INSERT OR IGNORE INTO works VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (work.draft_id, work.session, work.kiosk, work.words, work.caption, work.code, work.picked,
                 work.expires, int(work.hidden)),
            )  # fmt: skip

    def work(self, draft_id: str) -> Work | None:
        row = self._db.execute("SELECT * FROM works WHERE draft_id = ?", (draft_id,)).fetchone()
        return _work(row) if row else None

    def by_code(self, code: str, now: float | None = None) -> Work | None:
        """The work a share code reaches, unless it has expired."""
        row = self._db.execute(
            "SELECT * FROM works WHERE code = ? AND expires > ?", (code, time.time() if now is None else now)
        ).fetchone()
        return _work(row) if row else None

    def gallery(self, limit: int) -> list[Work]:
        """The newest works the wall may show: not hidden, not expired."""
        rows = self._db.execute(
            "SELECT * FROM works WHERE hidden = 0 AND expires > ? ORDER BY picked DESC LIMIT ?", (time.time(), limit)
        )
        return [_work(row) for row in rows]

    def hide(self, draft_id: str) -> bool:
        with self._db:
            return self._db.execute("UPDATE works SET hidden = 1 WHERE draft_id = ?", (draft_id,)).rowcount > 0

    def expired_works(self, now: float) -> list[str]:
        with self._db:
            gone = [row[0] for row in self._db.execute("SELECT draft_id FROM works WHERE expires <= ?", (now,))]
            self._db.execute("DELETE FROM works WHERE expires <= ?", (now,))
        return gone

    # drafts painted for visitors (retention prunes the unpicked ones)

    def draft_made(self, draft_id: str, session: str) -> None:
        with self._db:
            self._db.execute("INSERT OR IGNORE INTO drafts VALUES (?, ?, ?)", (draft_id, session, time.time()))

    def stale_drafts(self, before: float) -> list[str]:
        """Drafts made before `before` that nobody picked; forgotten here as they are returned."""
        with self._db:
            rows = self._db.execute(
                "SELECT draft_id FROM drafts WHERE made < ? AND draft_id NOT IN (SELECT draft_id FROM works)",
                (before,),
            )
            gone = [row[0] for row in rows]
            self._db.execute("DELETE FROM drafts WHERE made < ?", (before,))
        return gone

    # refusals and visits

    def refused(self, refusal: Refusal) -> None:
        with self._db:
            self._db.execute(
                "INSERT INTO refusals VALUES (?, ?, ?, ?, ?, ?)",
                (refusal.at, refusal.kiosk, refusal.lang, refusal.text, refusal.reason, refusal.matched),
            )

    def refusals(self, limit: int = 50) -> list[Refusal]:
        rows = self._db.execute("SELECT * FROM refusals ORDER BY at DESC LIMIT ?", (limit,))
        return [Refusal(*row) for row in rows]

    def visit_started(self, session: str, kiosk: str) -> None:
        with self._db:
            self._db.execute("INSERT INTO visits VALUES (?, ?, ?, NULL, NULL)", (session, kiosk, time.time()))

    def visit_ended(self, session: str, how: str) -> None:
        with self._db:
            self._db.execute(
                "UPDATE visits SET ended = ?, how = ? WHERE session = ? AND ended IS NULL", (time.time(), how, session)
            )

    def open_visits(self) -> list[str]:
        return [row[0] for row in self._db.execute("SELECT session FROM visits WHERE ended IS NULL")]

    def visit_count(self, *, open_only: bool = False) -> int:
        where = " WHERE ended IS NULL" if open_only else ""
        return int(self._db.execute(f"SELECT COUNT(*) FROM visits{where}").fetchone()[0])


def _work(row: tuple[str, str, str, str, str, str, float, float, int]) -> Work:
    draft_id, session, kiosk, words, caption, code, picked, expires, hidden = row
    return Work(draft_id, session, kiosk, words, caption, code, picked, expires, hidden=bool(hidden))
