"""What a connection and the HTTP responder need from the server, handed down to them (as Starlette hands an
app its `scope`), so that imports go one way: app -> connection, http -> context -> the parts.

`StudioServer` (app.py) is the one implementation; tests may pass anything with these members.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from studiolo.agent.agent import Agent
from studiolo.server.auth import Authority
from studiolo.server.hub import Room
from studiolo.server.metrics import ServerMetrics
from studiolo.server.origin import OriginPolicy
from studiolo.server.quotas import SessionQuota
from studiolo.server.scheduler import Scheduler
from studiolo.server.store import Store
from studiolo.server.uploads import UploadBudget
from studiolo.settings import ServerSettings

if TYPE_CHECKING:
    from studiolo.installation.venue import Venue


class ServerContext(Protocol):
    config: ServerSettings
    store: Store
    authority: Authority
    scheduler: Scheduler
    metrics: ServerMetrics
    origins: OriginPolicy  # which Origin and Host headers a request may carry
    rooms: dict[str, Room]  # the live rooms, by session id
    quotas: SessionQuota
    uploads: UploadBudget  # the memory uploads being decoded may take, all connections together
    venue: Venue | None  # an event installation's kiosks, wall and share pages (studiolo/installation/), if any

    def agent(self, persona_id: str) -> Agent:
        """The persona's agent (made on first use)."""
        ...

    def room(self, session_id: str) -> Room:
        """The live room of a stored session; StudioloError("session.not_found") for an unknown id."""
        ...

    def new_room(self) -> Room: ...

    def link(self, token: str, session: str | None = None) -> str:
        """A ready link for the web client."""
        ...
