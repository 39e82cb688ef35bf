"""The store: SQLite (WAL) for sessions, events, turns, draft metadata and jobs; images content-addressed on disk.

    DIR/studiolo.sqlite3       the database
    DIR/images/ab/abcd....png  each draft's PNG, named by its id (the content hash), written once

The event log is the source of truth: a session is rebuilt by replaying its events (Session.restore), each
`draft.final` with its draft row. Images stay on disk (ImageFolder) and are read when a skill or a replay needs
one, so a live session of thousands of drafts holds none of their pictures in memory. `turns` is a plain-text view of the chat for queries and
exports. Every write is one transaction, committed before the event is sent to anyone; WAL with
synchronous=NORMAL survives a killed process (kill -9) without losing a committed event. An image file is
written (to a temporary name, then renamed) before the row that refers to it, so a crash leaves at worst an
unreferenced file, never a reference to a missing one.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from studiolo.agent.session import ARTIST
from studiolo.drafts import Draft
from studiolo.events import AnyEvent, DraftFinal, Event, ReplyDone, TurnSaid

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY, persona TEXT NOT NULL, created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    session TEXT NOT NULL REFERENCES sessions(id), seq INTEGER NOT NULL, type TEXT NOT NULL, ts REAL NOT NULL,
    body TEXT NOT NULL, PRIMARY KEY (session, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS turns (
    session TEXT NOT NULL REFERENCES sessions(id), seq INTEGER NOT NULL, speaker TEXT NOT NULL,
    text TEXT NOT NULL, ts REAL NOT NULL, spoken_by TEXT, PRIMARY KEY (session, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS drafts (
    session TEXT NOT NULL REFERENCES sessions(id), id TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL,
    PRIMARY KEY (session, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS drafts_by_id ON drafts (id);
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY, session TEXT NOT NULL REFERENCES sessions(id), owner TEXT NOT NULL,
    origin TEXT NOT NULL, status TEXT NOT NULL, updated REAL NOT NULL
);
"""

_event = TypeAdapter(AnyEvent)
UNFINISHED = ("queued", "running")


@dataclass(frozen=True)
class StoredJob:
    id: str
    session: str
    owner: str
    origin: dict[str, Any]  # what started it: {"kind": "say", "text": ..., "attachments": [...]}
    status: str


class Store:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.images = ImageFolder(root / "images")
        self._db = sqlite3.connect(root / "studiolo.sqlite3", isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(SCHEMA)
        if "spoken_by" not in {row[1] for row in self._db.execute("PRAGMA table_info(turns)")}:  # an older store
            self._db.execute("ALTER TABLE turns ADD COLUMN spoken_by TEXT")

    def close(self) -> None:
        self._db.close()

    # sessions

    def create_session(self, session_id: str, persona_id: str) -> None:
        with self._db:
            self._db.execute(
                "INSERT INTO sessions (id, persona, created) VALUES (?, ?, ?)", (session_id, persona_id, time.time())
            )

    def persona_of(self, session_id: str) -> str | None:
        row = self._db.execute("SELECT persona FROM sessions WHERE id = ?", (session_id,)).fetchone()
        return row[0] if row else None

    def session_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM sessions").fetchone()[0])

    # events

    def append(self, event: Event) -> None:
        """Persist one durable event (a final with its draft row, after its image file); one transaction."""
        if isinstance(event, DraftFinal) and event.draft is not None and event.image:
            self.images[event.draft_id] = event.image
        with self._db:
            self._db.execute(
                "INSERT INTO events (session, seq, type, ts, body) VALUES (?, ?, ?, ?, ?)",
                (event.session, event.seq, event.type, event.ts, event.model_dump_json()),
            )
            if isinstance(event, DraftFinal) and event.draft is not None:
                self._db.execute(
                    "INSERT OR IGNORE INTO drafts (session, id, seq, body) VALUES (?, ?, ?, ?)",
                    (event.session, event.draft_id, event.seq, event.draft.model_dump_json()),
                )
            if isinstance(event, TurnSaid | ReplyDone):
                # the artist's words are the artist's, even when an operator spoke them (`spoken_by`, live shows)
                speaker, spoken_by = (event.speaker, None) if isinstance(event, TurnSaid) else (ARTIST, event.by)
                self._db.execute(
                    "INSERT INTO turns (session, seq, speaker, text, ts, spoken_by) VALUES (?, ?, ?, ?, ?, ?)",
                    (event.session, event.seq, speaker, event.text, event.ts, spoken_by),
                )

    def events(self, session_id: str) -> list[Event]:
        """Every durable event of a session, oldest first, finals with their draft (their images: `images`)."""
        drafts = {
            draft_id: Draft.model_validate_json(body)
            for draft_id, body in self._db.execute("SELECT id, body FROM drafts WHERE session = ?", (session_id,))
        }
        events: list[Event] = []
        for (body,) in self._db.execute("SELECT body FROM events WHERE session = ? ORDER BY seq", (session_id,)):
            event = _event.validate_json(body)
            if isinstance(event, DraftFinal):
                event.draft = drafts[event.draft_id]
            events.append(event)
        return events

    # drafts

    def draft_sessions(self, draft_id: str) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT session FROM drafts WHERE id = ?", (draft_id,))}

    # jobs

    def job_queued(self, job_id: str, session_id: str, owner: str, origin: dict[str, Any]) -> None:
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO jobs (id, session, owner, origin, status, updated) VALUES (?, ?, ?, ?, 'queued', ?)",
                (job_id, session_id, owner, json.dumps(origin), time.time()),
            )

    def job_status(self, job_id: str, status: str) -> None:
        with self._db:
            self._db.execute("UPDATE jobs SET status = ?, updated = ? WHERE id = ?", (status, time.time(), job_id))

    def job(self, job_id: str) -> StoredJob | None:
        row = self._db.execute("SELECT id, session, owner, origin, status FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return StoredJob(row[0], row[1], row[2], json.loads(row[3]), row[4]) if row else None

    def unfinished_jobs(self) -> list[StoredJob]:
        rows = self._db.execute(
            "SELECT id, session, owner, origin, status FROM jobs WHERE status IN (?, ?) ORDER BY updated", UNFINISHED
        )
        return [StoredJob(r[0], r[1], r[2], json.loads(r[3]), r[4]) for r in rows]

    def integrity(self) -> str:
        """SQLite's own check ('ok' when the file is sound)."""
        return str(self._db.execute("PRAGMA integrity_check").fetchone()[0])


class ImageFolder:
    """Each draft's PNG, content-addressed: DIR/ab/abcd....png, written once, read when asked for.

    It is what `Session.images` is in the server (a mapping from draft id to PNG bytes), so a live room keeps
    none of its pictures in memory, however many drafts its session has made.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def __getitem__(self, draft_id: str) -> bytes:
        try:
            return self._path(draft_id).read_bytes()
        except FileNotFoundError:
            raise KeyError(draft_id) from None

    def __setitem__(self, draft_id: str, data: bytes) -> None:
        path = self._path(draft_id)
        if path.is_file():  # content-addressed: the same id is the same picture
            return
        path.parent.mkdir(exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.partial")  # renamed into place: never a half-written image
        partial.write_bytes(data)
        os.replace(partial, path)

    def get(self, draft_id: str) -> bytes | None:
        try:
            return self[draft_id]
        except KeyError:
            return None

    def _path(self, draft_id: str) -> Path:
        if not (len(draft_id) >= 3 and draft_id.isalnum()):  # ids are hex digests; never a path
            raise ValueError(f"not a draft id: {draft_id!r}")
        return self.root / draft_id[:2] / f"{draft_id}.png"
