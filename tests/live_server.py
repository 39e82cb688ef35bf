"""A real studiolo server on 127.0.0.1 for integration tests: an ephemeral port, a temporary data folder."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from studiolo.agent.agent import Agent
from studiolo.agent.voice import Voice
from studiolo.model.protocols import Painter
from studiolo.persona.spec import Persona
from studiolo.server.app import StudioServer
from studiolo.server.scheduler import Scheduler
from studiolo.settings import Settings

TOKENS = {"designer-token-1": "designer", "observer-token-1": "observer", "operator-token-1": "operator"}
DESIGNER, OBSERVER, OPERATOR = TOKENS


@asynccontextmanager
async def live_server(data: Path, agent_parts: Any, *, painter: Painter | None = None, **server: Any) -> AsyncIterator[StudioServer]:
    backends, router = agent_parts

    def agent(persona: Persona, scheduler: Scheduler) -> Agent:
        return Agent(persona, painter or backends.painter, backends.describer, router,
                     voice=Voice(persona, backends.chat_model), gate=scheduler)  # fmt: skip

    settings = Settings.load(server={"port": 0, "data": data, "tokens": TOKENS, **server})
    studio = StudioServer(settings, backends=backends, agent_factory=agent)
    await studio.start()
    try:
        yield studio
    finally:
        await studio.stop()


def ws_url(studio: StudioServer) -> str:
    return f"ws://127.0.0.1:{studio.port}/ws"
