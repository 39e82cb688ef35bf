"""A real studiolo server on 127.0.0.1 for integration tests: an ephemeral port, a temporary data folder."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from studiolo.agent.agent import Agent
from studiolo.agent.voice import Voice
from studiolo.model.protocols import Painter
from studiolo.model.registry import Backends
from studiolo.persona.spec import Persona
from studiolo.server.app import StudioServer
from studiolo.settings import Settings

TOKENS = {"designer-token-1": "designer", "observer-token-1": "observer", "operator-token-1": "operator"}
DESIGNER, OBSERVER, OPERATOR = TOKENS


@asynccontextmanager
async def live_server(data: Path, agent_parts: Any, *, painter: Painter | None = None, backends: Backends | None = None,
                      chat_model: Any = None, **server: Any) -> AsyncIterator[StudioServer]:  # fmt: skip
    """The server with the test run's shared router; `painter` and `chat_model` replace the backends' own."""
    shared, router = agent_parts
    backends = backends or shared

    def agent(persona: Persona, studio: StudioServer) -> Agent:
        return Agent(persona, painter or studio.painter, shared.describer, router,
                     voice=Voice(persona, chat_model or shared.chat_model), gate=studio.scheduler)  # fmt: skip

    settings = Settings.load(
        models=backends.settings.models.model_dump(), server={"port": 0, "data": data, "tokens": TOKENS, **server}
    )
    studio = StudioServer(settings, backends=backends, agent_factory=agent)
    await studio.start()
    try:
        yield studio
    finally:
        await studio.stop()


def ws_url(studio: StudioServer) -> str:
    return f"ws://127.0.0.1:{studio.port}/ws"
