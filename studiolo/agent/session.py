"""A Session: who is in it, what was said, the drafts and cursor, what the collaborator likes, and the event log.

The session is the agent's state and nothing else. Its state changes only by recording events: `record` stamps
an event with the next `seq` and applies what it says (a turn said, a draft made, feedback given, the cursor
moved, a collaboration's new state), so the event log alone rebuilds a session, live or after a restart
(`Session.restore`), with the same code. It does no model work and knows nothing of transports; the server
persists and fans out what it records.

Images are kept once, in `images` (draft id -> PNG bytes): a dict by default, the store's image folder in the
server, so a long session's pictures stay on disk. The event log keeps each final's header only.
"""

from __future__ import annotations

import io
import time
import uuid
import zlib
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from PIL import Image
from pydantic import BaseModel, Field

from studiolo.agent.lineage import DraftGraph
from studiolo.agent.preferences import Preferences
from studiolo.drafts import Draft
from studiolo.errors import StudioloError
from studiolo.events import (
    CollaborationUpdate,
    CursorMoved,
    DraftFeedback,
    DraftFinal,
    DraftPreview,
    Event,
    JobQueued,
    ReplyDone,
    SessionReset,
    TurnRouted,
    TurnSaid,
)  # fmt: skip
from studiolo.jobs import JobId
from studiolo.language import Language
from studiolo.skills.base import is_pattern
from studiolo.skills.collaborate import CollaborationState

Role = Literal["designer", "observer", "operator"]
ARTIST = "artist"  # who speaks the persona's replies in the turns; no participant may take the name


class ImageShelf(Protocol):
    """Where a session keeps its drafts' PNG bytes, by draft id: a dict, or the server's ImageFolder on disk."""

    def __getitem__(self, draft_id: str, /) -> bytes: ...

    def __setitem__(self, draft_id: str, data: bytes, /) -> None: ...

    def get(self, draft_id: str, /) -> bytes | None: ...


class Participant(BaseModel):
    id: str = Field(min_length=1, max_length=100)
    role: Role
    name: str | None = Field(None, max_length=100)


class Turn(BaseModel):
    seq: int  # the seq of its event (turn.said, or the reply's reply.done)
    speaker: str  # a participant id, or ARTIST
    text: str
    attachments: list[str] = Field(default_factory=list)  # the drafts a turn is about (an upload's line shows it)
    by: str | None = None  # the operator who spoke the artist's words (live shows)
    lang: Language | None = None  # the language a person asked to be answered in (say's options.lang)
    skill: str | None = None
    at: datetime = Field(default_factory=lambda: datetime.now(UTC))


class Session:
    def __init__(self, persona_id: str, *, session_id: str | None = None, images: ImageShelf | None = None) -> None:
        self.id = session_id or uuid.uuid4().hex[:16]
        self.persona_id = persona_id
        self.participants: dict[str, Participant] = {}
        self.turns: list[Turn] = []
        self.graph = DraftGraph()
        self.preferences = Preferences()
        self.images: ImageShelf = images if images is not None else {}
        self.events: list[Event] = []  # every durable event; finals without their image (it is in `images`)
        self.collaboration: CollaborationState | None = None  # the collaborate skill's state, once one began
        self._jobs = 0

    def join(self, participant: Participant) -> Participant:
        """Add a participant, or take back one who rejoins in the same role. A name someone holds in another role
        gets a suffix (mina, mina-2, ...): a namesake never changes what the one already here may do. So does the
        artist's own name: nobody's words may read as the artist's."""
        name, number = participant.id, 1
        while participant.id == ARTIST or (
            (held := self.participants.get(participant.id)) is not None and held.role != participant.role
        ):
            number += 1
            participant = participant.model_copy(update={"id": f"{name}-{number}"})
        self.participants[participant.id] = participant
        return participant

    @property
    def seq(self) -> int:
        """The seq of the last durable event (0 for a new session)."""
        return len(self.events)

    def record(self, event: Event) -> Event:
        """Stamp the event with this session's next seq, apply it to the session's state, and keep it.

        A preview is transient: it carries the seq of the last durable event and is neither applied nor kept.
        """
        event.session = self.id
        event.ts = event.ts or time.time()
        if isinstance(event, DraftPreview):
            event.seq = self.seq
            return event
        event.seq = self.seq + 1
        self._apply(event)
        kept_image = isinstance(event, DraftFinal) and event.draft is not None and event.image
        self.events.append(event.model_copy(update={"image": b""}) if kept_image else event)
        return event

    def aside(self, event: Event) -> Event:
        """Stamp an event meant for one participant only (a refusal): like a preview it carries the seq of the
        last durable event; it changes nothing and is not kept, so the session's history never holds it."""
        event.session = self.id
        event.ts = event.ts or time.time()
        event.seq = self.seq
        event._aside = True
        return event

    @classmethod
    def restore(
        cls, persona_id: str, session_id: str, events: list[Event], *, images: ImageShelf | None = None
    ) -> Session:
        """Rebuild a session from its durable events, oldest first (each final with its draft; its image in
        `images` already, or on the event)."""
        session = cls(persona_id, session_id=session_id, images=images)
        for event in events:
            if event.seq != session.seq + 1:
                raise ValueError(f"session {session_id}: event seq {event.seq} follows {session.seq}")
            session.record(event)
        return session

    def _apply(self, event: Event) -> None:
        """What each kind of event changes; the one place the session's state is changed."""
        if isinstance(event, TurnSaid):
            self.turns.append(
                Turn(
                    seq=event.seq,
                    speaker=event.speaker,
                    text=event.text,
                    attachments=event.attachments,
                    lang=event.lang,
                    at=_at(event),
                )  # fmt: skip
            )
        elif isinstance(event, TurnRouted):
            for turn in reversed(self.turns):
                if turn.seq == event.turn:
                    turn.skill = event.skill
                    break
        elif isinstance(event, ReplyDone):
            self.turns.append(Turn(seq=event.seq, speaker=ARTIST, text=event.text, by=event.by, at=_at(event)))
        elif isinstance(event, JobQueued):
            job = JobId.of_session(event.job_id, self.id)
            self._jobs = max(self._jobs, job.number if job is not None else 0)
        elif isinstance(event, DraftFinal) and event.draft is not None:
            if event.image:
                self.images[event.draft_id] = event.image
            self.graph.add(event.draft)
        elif isinstance(event, DraftFeedback):
            draft = self.graph.add_feedback(event.draft_id, event.feedback)
            self.preferences.learn(draft, event.feedback)
        elif isinstance(event, CursorMoved):
            if event.action in ("select", "branch"):
                getattr(self.graph, event.action)(event.draft_id)
            else:
                getattr(self.graph, event.action)()
            event.cursor = self.graph.cursor
        elif isinstance(event, CollaborationUpdate):
            self.collaboration = CollaborationState.model_validate(event.state)
        elif isinstance(event, SessionReset):
            self.collaboration = None
            self.graph.clear_cursor()

    def new_job_id(self) -> str:
        """The next job's id; its job.queued event makes the number taken (so a restored session goes on)."""
        self._jobs += 1
        return str(JobId(self.id, self._jobs))

    def next_seed(self) -> int:
        """A seed per job, derived from the session id: a replayed script paints the same drafts."""
        return (zlib.crc32(self.id.encode()) + 1000 * self._jobs) % 2**31

    def load_draft(self, draft_id: str) -> tuple[Draft, Image.Image]:
        draft = self.graph.get(draft_id)
        data = self.images.get(draft_id)
        if data is None:  # on disk, a file someone deleted
            raise StudioloError(
                "draft.image_missing", f"the image of draft {draft_id} is missing from the store", field="draft_id"
            )
        image = Image.open(io.BytesIO(data))
        image.load()
        return draft, image

    def state(self) -> dict[str, Any]:
        """The snapshot a newcomer needs (DESIGN.md, `welcome`): persona, drafts (with how faithful each is) and
        lineage, cursor, turns, what the collaborator likes, and the collaboration, if one began. Images are
        fetched by draft id."""
        graph = self.graph
        return {
            "persona": self.persona_id,
            "seq": self.seq,
            "drafts": [
                {
                    "id": d.id,
                    "number": graph.number(d.id),
                    "parent_ids": d.parent_ids,
                    "job_id": d.job_id,
                    "skill": d.skill,
                    "prompt": d.prompt,
                    "seed": d.seed,
                    "model": d.model,
                    "width": d.width,
                    "height": d.height,
                    "created": d.created.isoformat(),
                    "faithfulness": d.faithfulness.model_dump(mode="json") if d.faithfulness is not None else None,
                    "params": d.params,
                    "pattern": is_pattern(d),
                    "feedback": [f.model_dump(mode="json") for f in d.feedback],
                }
                for d in graph.drafts()
            ],  # fmt: skip
            "cursor": graph.cursor,
            "turns": [t.model_dump(mode="json") for t in self.turns],
            "preferences": self.preferences.summary(),
            "collaboration": self.collaboration.model_dump(mode="json") if self.collaboration is not None else None,
        }


def _at(event: Event) -> datetime:
    return datetime.fromtimestamp(event.ts, UTC)
