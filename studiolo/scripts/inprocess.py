"""The in-process driver: the Agent and a Session in this process, with the embedded models (or the script's).

The agent is built as the server builds its own (studiolo/server/app.py), so a script run here and the same script
run against a server route, paint and reply alike. The session's id comes from the script (its seed, or the
session it was exported from), and every job's seed from the session's id: the same script paints the same bytes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from studiolo.agent.agent import Agent, JobGate, Router
from studiolo.agent.session import Participant, Session
from studiolo.drafts import Draft, draft_id
from studiolo.errors import StudioloError
from studiolo.events import ErrorEvent, Event
from studiolo.jobs import upload_job_id
from studiolo.model.images import encode_png, open_image
from studiolo.model.registry import Backends
from studiolo.persona.spec import Persona
from studiolo.scripts.driver import Action, TerminalKeys
from studiolo.scripts.model import LoadedScript, session_id_for
from studiolo.settings import Settings

DESIGNER = "designer"
OPERATOR = "operator"


@dataclass
class Models:
    """What an in-process agent is made of; built once and shared by every script a process runs."""

    settings: Settings
    backends: Backends
    router: Router

    @classmethod
    def load(cls, settings: Settings) -> Models:
        from studiolo.agent.router import SemanticRouter

        backends = Backends(settings)
        return cls(settings, backends, SemanticRouter(backends.embedder))

    def agent(self, persona: Persona, *, gate: JobGate | None = None) -> Agent:
        """The persona's agent; a server passes its scheduler as `gate`."""
        from studiolo.agent.voice import Voice

        backends, agent = self.backends, self.settings.agent
        return Agent(persona, backends.painter, backends.describer, self.router,
                     voice=Voice(persona, backends.chat_model), gate=gate, expand=agent.expand,
                     self_check_tries=agent.self_check_tries, embedder=backends.embedder,
                     detector=scorer.shows if (scorer := backends.scorer) is not None else None)  # fmt: skip


class InProcessDriver:
    def __init__(self, agent: Agent, session_id: str, *, live: bool = False, keys: TerminalKeys | None = None) -> None:
        self.live = live  # wait at cues for Enter in the terminal
        self.agent = agent
        self.session: Session = agent.new_session(session_id=session_id, designer=DESIGNER)
        self.session.join(Participant(id=OPERATOR, role="operator"))
        self.session_id = self.session.id
        self.state: dict[str, Any] = {}
        self.keys = keys or TerminalKeys()

    async def start(self) -> AsyncIterator[Event]:
        async for event in self.agent.greet(self.session):  # as the server opens a new session
            yield event

    async def perform(self, action: Action) -> AsyncIterator[Event]:
        agent, session = self.agent, self.session
        if action.kind == "say":
            events = agent.say(session, action.text or "", speaker=DESIGNER)
        elif action.kind == "feedback":
            events = agent.feedback(session, action.draft_id or "", rating=action.rating, pick=action.pick,
                                    text=action.text, speaker=DESIGNER)  # fmt: skip
        elif action.kind in ("select", "branch"):
            events = agent.move_cursor(session, action.kind, action.draft_id, speaker=DESIGNER)
        elif action.kind in ("undo", "redo"):
            events = agent.move_cursor(session, action.kind, speaker=DESIGNER)
        elif action.kind == "speak":
            events = agent.speak(session, action.text or "", by=OPERATOR)
        elif action.kind == "reset":
            events = agent.reset(session, by=OPERATOR)
        elif action.kind == "upload":
            events = self._upload(action.image, action.name)
        elif action.kind == "cue":
            if self.live and self.keys.available():
                await self.keys.press()
            return
        else:
            raise ValueError(f"a driver performs no {action.kind!r}")
        async for event in events:
            yield event

    async def _upload(self, data: bytes, name: str | None) -> AsyncIterator[Event]:
        """As the server takes an upload (server/connection.py): the image as PNG, a draft of it, the artist's look."""
        session = self.session
        try:
            image = open_image(data)
        except StudioloError as error:  # refused as the server refuses it: an error for the sender, not kept
            yield session.aside(ErrorEvent(code=error.code, message=error.message, field=error.field))
            return
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        png = encode_png(image)  # no provenance: studiolo did not paint it
        draft = Draft(id=draft_id(png), job_id=upload_job_id(session.id), skill="upload", prompt=name or "", seed=0,
                      model="upload", width=image.width, height=image.height)  # fmt: skip
        async for event in self.agent.upload(session, draft, png, speaker=DESIGNER):
            yield event

    async def close(self) -> None:
        return None


def in_process_driver(loaded: LoadedScript, *, seed: int | None = None, config: str | None = None,
                      models: Models | None = None, live: bool = False) -> InProcessDriver:  # fmt: skip
    """The driver for a script run here: its persona (by id, or a file beside the script), its models (the
    settings file's, with the script's `models:` over them; or `models` already loaded), its session id."""
    from studiolo.persona.library import get_persona

    script = loaded.script
    ref = script.persona
    if ref.endswith((".yaml", ".yml")) or "/" in ref:
        ref = str(loaded.folder / ref)
    persona = get_persona(ref)
    if models is None:
        models = Models.load(Settings.load(config, models=script.models))
    return InProcessDriver(models.agent(persona), session_id_for(script, seed), live=live)
