"""What a script run did: each step's events, drafts and verdicts, and every draft of the session, in order.

Both drivers (in process, over the protocol) feed the same RunRecord with the session's events as they arrive,
so draft references, expectations, the report and `--json` see one account of the run, however it was driven.
Draft numbers are the artist's ("#3": the session's third draft), counted from the session's draft.final events.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from typing import Any

from studiolo.drafts import Faithfulness, Feedback
from studiolo.events import (
    CollaborationUpdate,
    DraftFeedback,
    DraftFinal,
    DraftPreview,
    Event,
    ReplyDone,
    TurnRouted,
)  # fmt: skip


@dataclass
class DraftEntry:
    """A draft as the report shows it: its number, how it was made, what people said of it, its PNG."""

    id: str
    number: int
    skill: str
    prompt: str
    seed: int
    parent_ids: list[str]
    width: int
    height: int
    faithfulness: Faithfulness | None
    image: bytes = b""
    feedback: list[Feedback] = field(default_factory=list)
    step: int | None = None  # the index of the step that made it (None: made before the script began)

    def facts(self) -> dict[str, Any]:
        return {
            "id": self.id, "number": self.number, "skill": self.skill, "prompt": self.prompt, "seed": self.seed,
            "parent_ids": self.parent_ids, "width": self.width, "height": self.height,
            "adherence": self.faithfulness.adherence if self.faithfulness is not None else None,
            "faithfulness": self.faithfulness.model_dump(mode="json") if self.faithfulness is not None else None,
            "feedback": [f.model_dump(mode="json") for f in self.feedback], "step": self.step,
        }  # fmt: skip


@dataclass
class Verdict:
    """One expectation of a step: what was expected, what happened, and whether it held."""

    name: str
    expected: str
    happened: str
    held: bool

    def facts(self) -> dict[str, Any]:
        return {"name": self.name, "expected": self.expected, "happened": self.happened, "held": self.held}


@dataclass
class StepRecord:
    index: int
    line: int
    action: str
    words: str  # what the step does, in a few words: the text said, the draft picked, the file uploaded
    where: str  # how messages name it: "show.yaml line 12, step 4 (say)"
    started: float = 0.0  # seconds after the run began
    seconds: float = 0.0
    events: list[Event] = field(default_factory=list)  # durable events, in order
    previews: int = 0
    drafts: list[str] = field(default_factory=list)  # ids of the drafts it made
    verdicts: list[Verdict] = field(default_factory=list)
    problem: str | None = None  # why the step could not be run (a script error), if it could not

    @property
    def skill(self) -> str | None:
        routed = [e.skill for e in self.events if isinstance(e, TurnRouted)]
        if routed:
            return routed[-1]
        made = [e.skill for e in self.events if isinstance(e, DraftFinal) and e.skill]
        return made[-1] if made else None

    @property
    def reply(self) -> str:
        return " ".join(e.text for e in self.events if isinstance(e, ReplyDone))

    @property
    def held(self) -> bool:
        return self.problem is None and all(v.held for v in self.verdicts)

    def facts(self) -> dict[str, Any]:
        return {
            "step": self.index + 1, "line": self.line, "action": self.action, "words": self.words,
            "started_s": round(self.started, 3), "seconds": round(self.seconds, 3), "skill": self.skill,
            "reply": self.reply, "drafts": self.drafts, "previews": self.previews, "held": self.held,
            "problem": self.problem, "verdicts": [v.facts() for v in self.verdicts],
            "events": [e.model_dump(mode="json") for e in self.events],
        }  # fmt: skip


@dataclass
class RunRecord:
    title: str
    persona: str
    script: str  # the script file's name
    mode: str  # "in process" or the server's URL
    session: str = ""
    steps: list[StepRecord] = field(default_factory=list)
    drafts: dict[str, DraftEntry] = field(default_factory=dict)  # by id, in the session's order
    picked: str | None = None  # the draft picked last
    collaborations: list[dict[str, Any]] = field(default_factory=list)  # each ended collaboration's summary
    greeting: list[Event] = field(default_factory=list)
    started_at: float = field(default_factory=time.time)
    finished: bool = False  # every step was run (whether or not its expectations held)
    stopped: str | None = None  # why the run stopped early: one line with the step, its line and the code

    def observe(self, event: Event, step: StepRecord | None) -> None:
        """Take one event of the session into the record (a preview is only counted)."""
        if isinstance(event, DraftPreview):
            if step is not None:
                step.previews += 1
            return
        if step is not None:
            step.events.append(event)
        else:
            self.greeting.append(event)
        if isinstance(event, DraftFinal) and event.draft_id not in self.drafts:
            self.drafts[event.draft_id] = DraftEntry(
                id=event.draft_id, number=len(self.drafts) + 1, skill=event.skill, prompt=event.prompt, seed=event.seed,
                parent_ids=list(event.parent_ids), width=event.width, height=event.height,
                faithfulness=event.faithfulness, image=event.image, step=step.index if step is not None else None,
            )  # fmt: skip
            if step is not None:
                step.drafts.append(event.draft_id)
        elif isinstance(event, DraftFeedback) and event.draft_id in self.drafts:
            self.drafts[event.draft_id].feedback.append(event.feedback)
            if event.feedback.pick:
                self.picked = event.draft_id
        elif isinstance(event, CollaborationUpdate) and event.summary is not None:
            self.collaborations.append(event.summary | {"brief": event.state.get("brief", "")})

    def known(self, state: dict[str, Any]) -> None:
        """Drafts the session had before the script began (joining a live session): numbered, without images."""
        for draft in state.get("drafts", []):
            self.drafts.setdefault(
                draft["id"],
                DraftEntry(id=draft["id"], number=draft["number"], skill=draft["skill"], prompt=draft["prompt"],
                           seed=draft["seed"], parent_ids=draft["parent_ids"], width=draft["width"],
                           height=draft["height"], faithfulness=None),
            )  # fmt: skip

    @property
    def order(self) -> list[str]:
        return list(self.drafts)

    @property
    def digest(self) -> str:
        """The session at a glance: a hash of its draft ids in order (two runs that agree have the same digest)."""
        return hashlib.sha256("\n".join(self.order).encode()).hexdigest()[:16]

    @property
    def held(self) -> bool:
        return self.finished and self.stopped is None and all(step.held for step in self.steps)

    @property
    def failures(self) -> list[str]:
        """One line per failed expectation, and why the run stopped (if it did): the step, its line, what was
        expected and what happened."""
        lines = []
        for step in self.steps:
            for verdict in step.verdicts:
                if not verdict.held:
                    lines.append(f"{step.where}: {verdict.name}: expected {verdict.expected}; "
                                 f"happened: {verdict.happened}")  # fmt: skip
        return lines + ([self.stopped] if self.stopped else [])

    def facts(self) -> dict[str, Any]:
        return {
            "title": self.title, "persona": self.persona, "script": self.script, "mode": self.mode,
            "session": self.session, "held": self.held, "finished": self.finished, "stopped": self.stopped,
            "digest": self.digest, "draft_ids": self.order, "drafts": [d.facts() for d in self.drafts.values()],
            "collaborations": self.collaborations, "steps": [s.facts() for s in self.steps],
        }  # fmt: skip
