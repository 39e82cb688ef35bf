"""A Session: who is in it, what was said, the drafts and cursor, what the collaborator likes, and the event log.

The session is the agent's state and nothing else: it records events (stamping each with the next `seq`), keeps
the images of its drafts, and can say its state as a snapshot for a newcomer. It does no model work and knows
nothing of transports; the server (a later layer) persists and fans out what it records.
"""

from __future__ import annotations

import io
import time
import uuid
import zlib
from datetime import UTC, datetime
from typing import Any, Literal

from PIL import Image
from pydantic import BaseModel, Field

from studiolo.agent.lineage import DraftGraph
from studiolo.agent.preferences import Preferences
from studiolo.drafts import Draft, Feedback
from studiolo.errors import StudioloError
from studiolo.events import DraftFinal, Event

Role = Literal["designer", "observer", "operator"]


class Participant(BaseModel):
    id: str = Field(min_length=1, max_length=100)
    role: Role
    name: str | None = Field(None, max_length=100)


class Turn(BaseModel):
    speaker: str  # a participant id, or "artist"
    text: str
    skill: str | None = None
    at: datetime = Field(default_factory=lambda: datetime.now(UTC))


class Session:
    def __init__(self, persona_id: str, *, session_id: str | None = None) -> None:
        self.id = session_id or uuid.uuid4().hex[:16]
        self.persona_id = persona_id
        self.participants: dict[str, Participant] = {}
        self.turns: list[Turn] = []
        self.graph = DraftGraph()
        self.preferences = Preferences()
        self.images: dict[str, bytes] = {}  # draft id -> PNG bytes
        self.events: list[Event] = []
        self.collaboration: Any = None  # the collaborate skill's state while a collaboration runs
        self._jobs = 0

    def join(self, participant: Participant) -> Participant:
        self.participants[participant.id] = participant
        return participant

    def record(self, event: Event) -> Event:
        """Stamp the event with this session's next seq and keep it; a final draft joins the lineage graph."""
        event.seq = len(self.events) + 1
        event.session = self.id
        event.ts = time.time()
        if isinstance(event, DraftFinal) and event.draft is not None:
            self.images[event.draft_id] = event.image
            self.graph.add(event.draft)
        self.events.append(event)
        return event

    def events_after(self, seq: int) -> list[Event]:
        if not 0 <= seq <= len(self.events):
            raise StudioloError("resume.unknown_seq", f"this session has events 1 to {len(self.events)}, not {seq}", field="resume_from")
        return self.events[seq:]

    def new_job_id(self) -> str:
        self._jobs += 1
        return f"{self.id}-job{self._jobs}"

    def next_seed(self) -> int:
        """A seed per job, derived from the session id: a replayed script paints the same drafts."""
        return (zlib.crc32(self.id.encode()) + 1000 * self._jobs) % 2**31

    def load_draft(self, draft_id: str) -> tuple[Draft, Image.Image]:
        draft = self.graph.get(draft_id)
        image = Image.open(io.BytesIO(self.images[draft_id]))
        image.load()
        return draft, image

    def give_feedback(self, draft_id: str, feedback: Feedback) -> Draft:
        draft = self.graph.add_feedback(draft_id, feedback)
        self.preferences.learn(draft, feedback)
        return draft

    def state(self) -> dict[str, Any]:
        """The snapshot a newcomer needs: persona, drafts and lineage, cursor, turns (DESIGN.md, `welcome`)."""
        return {
            "persona": self.persona_id,
            "drafts": [{"id": d.id, "parent_ids": d.parent_ids, "prompt": d.prompt, "skill": d.skill} for d in self.graph.drafts()],
            "cursor": self.graph.cursor,
            "turns": [t.model_dump(mode="json") for t in self.turns],
            "preferences": self.preferences.summary(),
        }
