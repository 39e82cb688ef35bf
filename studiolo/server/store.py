"""The store: SQLite (WAL) for sessions, events, turns, draft metadata and jobs; images content-addressed on disk.

    DIR/studiolo.sqlite3       the database (owner-only, as is everything here: server/private.py)
    DIR/images/ab/abcd....png  each draft's PNG, named by its id (the content hash), written once

The event log is the source of truth: a session is rebuilt by replaying its events (Session.restore), each
`draft.final` with its draft row. Images stay on disk (ImageFolder) and are read when a skill or a replay needs
one, so a live session of thousands of drafts holds none of their pictures in memory. `turns` is a plain-text view of the chat for queries and
exports. Every write is one transaction, committed before the event is sent to anyone; WAL with
synchronous=NORMAL survives a killed process (kill -9) without losing a committed event. An image file is
written (to a temporary name, then renamed) before the row that refers to it, so a crash leaves at worst an
unreferenced file, never a reference to a missing one.

A damaged file is refused when the store opens, in one line (`store.corrupt`), rather than served until a
request fails: SQLite's quick_check runs first. A WAL cut short (committed writes it no longer holds, which
SQLite would silently roll back) is found before SQLite opens it (server/wal.py) and reported in `wal`. `close`
checkpoints the WAL into the database file, so a clean stop leaves none behind.
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
from studiolo.errors import StudioloError
from studiolo.events import AnyEvent, DraftFinal, Event, ReplyDone, TurnSaid
from studiolo.server.private import FOLDER_MODE, create_private, private_folder, write_private
from studiolo.server.wal import WalReport, inspect_wal, wal_path

DATABASE = "studiolo.sqlite3"

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
CREATE TABLE IF NOT EXISTS invitations (
    id TEXT PRIMARY KEY, session TEXT NOT NULL REFERENCES sessions(id), role TEXT NOT NULL, expires REAL NOT NULL,
    by TEXT NOT NULL, parent TEXT, created REAL NOT NULL, revoked REAL
);
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY, session TEXT NOT NULL REFERENCES sessions(id), owner TEXT NOT NULL,
    origin TEXT NOT NULL, status TEXT NOT NULL, updated REAL NOT NULL
);
"""

_event = TypeAdapter(AnyEvent)
# a session nobody acted in: no event but the artist's own replies (a greeting)
_EMPTY = """NOT EXISTS (SELECT 1 FROM events WHERE events.session = sessions.id AND (type NOT IN ('reply.delta',
'reply.done') OR (type = 'reply.done' AND json_extract(body, '$.by') IS NOT NULL)))"""
UNFINISHED = ("queued", "running")


@dataclass(frozen=True)
class StoredInvitation:
    id: str
    role: str
    expires: float
    by: str  # the participant who made it
    parent: str | None  # the invitation its maker joined with (None: a server token)
    revoked: bool


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
        self.path = root / DATABASE
        private_folder(root)
        self.wal: WalReport | None = inspect_wal(self.path)  # before SQLite's recovery drops what is cut off
        self.wal_path = wal_path(self.path)
        create_private(self.path)
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            problems = [row[0] for row in self._db.execute("PRAGMA quick_check")]
            if problems != ["ok"]:
                raise corrupt(self.path, problems[0])
            self._db.executescript(SCHEMA)
            if "spoken_by" not in {row[1] for row in self._db.execute("PRAGMA table_info(turns)")}:  # an older store
                self._db.execute("ALTER TABLE turns ADD COLUMN spoken_by TEXT")
        except sqlite3.DatabaseError as error:  # "file is not a database", "database disk image is malformed"
            self._db.close()
            raise corrupt(self.path, str(error)) from None
        except StudioloError:
            self._db.close()
            raise
        self.images = ImageFolder(root / "images")

    def close(self) -> None:
        """Checkpoint the WAL into the database file and close: a clean stop leaves no WAL to recover."""
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
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

    def delete_empty_sessions(self, *, session_id: str | None = None, created_before: float | None = None) -> int:
        """Delete the sessions nobody acted in (no event but the artist's own words): the one named, or every
        one made before `created_before`. Returns how many went; a session someone acted in is never touched."""
        where, args = ("id = ?", (session_id,)) if session_id is not None else ("created < ?", (created_before,))
        with self._db:
            ids = [row[0] for row in self._db.execute(f"SELECT id FROM sessions WHERE {where} AND {_EMPTY}", args)]
            for table in ("events", "turns", "jobs", "drafts"):
                self._db.executemany(f"DELETE FROM {table} WHERE session = ?", [(i,) for i in ids])
            self._db.executemany("DELETE FROM sessions WHERE id = ?", [(i,) for i in ids])
        return len(ids)

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

    def draft(self, draft_id: str) -> Draft | None:
        """A draft's record (its params, scene, parents), whichever session made it: the same bytes, the same record."""
        row = self._db.execute("SELECT body FROM drafts WHERE id = ? LIMIT 1", (draft_id,)).fetchone()
        return Draft.model_validate_json(row[0]) if row is not None else None

    # invitations

    def invitation_made(
        self, invitation: str, session_id: str, role: str, expires: float, by: str, parent: str | None
    ) -> None:
        with self._db:
            self._db.execute(
                "INSERT INTO invitations (id, session, role, expires, by, parent, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (invitation, session_id, role, expires, by, parent, time.time()),
            )

    def invitations(self, session_id: str) -> list[StoredInvitation]:
        rows = self._db.execute(
            "SELECT id, role, expires, by, parent, revoked FROM invitations WHERE session = ? ORDER BY created",
            (session_id,),
        )
        return [StoredInvitation(r[0], r[1], r[2], r[3], r[4], r[5] is not None) for r in rows]

    def revoke_invitation(self, session_id: str, invitation: str) -> list[str]:
        """Revoke an invitation of this session and every one made through it; the ids revoked (none: unknown)."""
        with self._db:
            ids = [row[0] for row in self._db.execute(
                "WITH RECURSIVE tree(id) AS (SELECT id FROM invitations WHERE id = ? AND session = ? "
                "UNION SELECT i.id FROM invitations i JOIN tree ON i.parent = tree.id) SELECT id FROM tree",
                (invitation, session_id),
            )]  # fmt: skip
            self._db.executemany(
                "UPDATE invitations SET revoked = coalesce(revoked, ?) WHERE id = ?", [(time.time(), i) for i in ids]
            )
        return ids

    def revoked_invitations(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT id FROM invitations WHERE revoked IS NOT NULL")}

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


def corrupt(path: Path, detail: str) -> StudioloError:
    detail = " ".join(detail.split())[:200]
    return StudioloError(
        "store.corrupt",
        f"{path} is damaged ({detail}); run `studiolo store check {path.parent}` to see what is wrong, and "
        f"restore a backup made with `studiolo store backup`",
        field="data",
    )


class ImageFolder:
    """Each draft's PNG, content-addressed: DIR/ab/abcd....png, written once, read when asked for.

    It is what `Session.images` is in the server (a mapping from draft id to PNG bytes), so a live room keeps
    none of its pictures in memory, however many drafts its session has made.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        private_folder(root)

    def __getitem__(self, draft_id: str) -> bytes:
        try:
            return self._path(draft_id).read_bytes()
        except FileNotFoundError:
            raise KeyError(draft_id) from None

    def __setitem__(self, draft_id: str, data: bytes) -> None:
        path = self._path(draft_id)
        if path.is_file():  # content-addressed: the same id is the same picture
            return
        path.parent.mkdir(mode=FOLDER_MODE, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.partial")  # renamed into place: never a half-written image
        write_private(partial, data)
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
