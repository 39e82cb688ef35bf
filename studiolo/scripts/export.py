"""`studiolo script export SESSION --data DIR`: a session recorded by a server, as a script that replays it.

Each person's action in the event log becomes a step, in order: words said (with the skill they went to and how
many drafts they made, as `expect`, so the replay checks itself), uploads (the image written beside the script),
feedback, cursor moves, an operator's spoken lines, resets and cues. Drafts are named by number ("#3"). The script
keeps the session's id, from which every job's seed is derived: run in process with the same models, it paints the
same drafts, with the same ids. Jobs cut off by a restart or cancelled are not in it (their turns are, so a replay
paints what the live session could not finish).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from studiolo.agent.session import ARTIST
from studiolo.errors import StudioloError
from studiolo.events import (
    CueReached,
    CursorMoved,
    DraftFeedback,
    DraftFinal,
    Event,
    ReplyDone,
    SessionReset,
    TurnRouted,
    TurnSaid,
)  # fmt: skip
from studiolo.scripts.model import parse_script

UPLOADED = re.compile(r"^\(uploaded (.*)\)$")


def export_session(session_id: str, data: Path, out: Path | None) -> str:
    """The script's YAML text; written to `out` (with its uploads beside it) when given."""
    from studiolo.server.store import Store

    if not re.fullmatch(r"[0-9a-f]{16}", session_id):
        raise StudioloError("session.invalid", f"{session_id!r} is not a session id (16 hex digits)", field="session")
    if not (data / "studiolo.sqlite3").is_file():
        raise StudioloError("data.not_found", f"{data} holds no studiolo store (studiolo.sqlite3)", field="data")
    store = Store(data)
    try:
        persona = store.persona_of(session_id)
        if persona is None:
            raise StudioloError("session.not_found", f"there is no session {session_id} in {data}", field="session")
        events = store.events(session_id)
        uploads = {
            e.draft_id: store.images.get(e.draft_id)
            for e in events
            if isinstance(e, DraftFinal) and e.skill == "upload"
        }
    finally:
        store.close()
    steps, files = session_steps(events, uploads)
    document = {"title": f"Session {session_id}", "persona": persona, "session": session_id, "steps": steps}
    text = (f"# exported from session {session_id}; run it with `studiolo run` to paint the same drafts\n"
            + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=110))  # fmt: skip
    parse_script(text, source="the exported script")  # what is written must load: a bug here, not the user's
    if out is not None:
        from studiolo.model.images import write_all_or_nothing

        (out.parent / "uploads").mkdir(parents=True, exist_ok=True) if files else None
        write_all_or_nothing({out: text.encode("utf-8")} | {out.parent / name: image for name, image in files.items()})
    return text


def session_steps(
    events: list[Event], uploads: dict[str, bytes | None]
) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
    """The steps a script needs to replay these events, and the upload files it refers to (by relative path)."""
    numbers: dict[str, int] = {}
    steps: list[dict[str, Any]] = []
    files: dict[str, bytes] = {}
    last: dict[str, Any] | None = None  # the step the events now arriving belong to
    picked: str | None = None  # a pick's own cursor.moved is part of its feedback step
    for event in events:
        if isinstance(event, DraftFinal):
            numbers.setdefault(event.draft_id, len(numbers) + 1)
            if last is not None and "say" in last and event.skill != "upload":  # an upload's final precedes its turn
                expect = last.setdefault("expect", {})
                expect["drafts"] = expect.get("drafts", 0) + 1
            continue
        if isinstance(event, TurnSaid) and event.speaker != ARTIST:
            match = UPLOADED.match(event.text)
            if match and event.attachments:
                draft = event.attachments[-1]
                image = uploads.get(draft)
                if image is None:
                    raise StudioloError("draft.image_missing", f"the uploaded image {draft} is missing from the store")
                name = f"uploads/{draft}.png"
                files[name] = image
                last = {"upload": name}
            else:
                last = {"say": event.text}
            steps.append(last)
        elif isinstance(event, TurnRouted) and last is not None and "say" in last:
            last.setdefault("expect", {})["skill"] = event.skill
        elif isinstance(event, DraftFeedback):
            feedback: dict[str, Any] = {
                "draft": f"#{numbers[event.draft_id]}" if event.draft_id in numbers else event.draft_id
            }
            if event.feedback.rating is not None:
                feedback["rating"] = event.feedback.rating
            if event.feedback.pick:
                feedback["pick"] = True
                picked = event.draft_id
            if event.feedback.text:
                feedback["text"] = event.feedback.text
            last = {"feedback": feedback}
            steps.append(last)
            continue
        elif isinstance(event, CursorMoved):
            if event.action == "select" and picked is not None and event.draft_id == picked:
                picked = None
                continue
            if event.action in ("select", "branch") and event.draft_id is not None:
                last = {event.action: f"#{numbers[event.draft_id]}" if event.draft_id in numbers else event.draft_id}
            else:
                last = {event.action: True}
            steps.append(last)
        elif isinstance(event, ReplyDone) and event.by is not None:
            last = {"speak": event.text}
            steps.append(last)
        elif isinstance(event, SessionReset):
            last = {"reset": True}
            steps.append(last)
        elif isinstance(event, CueReached):
            last = {"cue": f"released by {event.by}"}
            steps.append(last)
        picked = None if not isinstance(event, DraftFeedback) else picked
    if not steps:
        raise StudioloError("session.empty", "the session has nothing to replay: nobody did anything in it")
    return steps, files
