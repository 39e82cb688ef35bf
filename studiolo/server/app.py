"""StudioServer: the websocket server, its rooms, its store, and recovery after a restart.

    serve() --> websockets server on host:port
                 /ws        -> connection.handle (hello, then messages)       studiolo/server/connection.py
                 other GET  -> http.respond (health, metrics, drafts, web)    studiolo/server/http.py

Sessions live in Rooms, loaded from the store on first use and rebuilt from their event log, so after a restart
(even kill -9) the same sessions are served. Jobs the store still lists as queued or running when the server
starts were cut off: each is reported `job.failed` with code `job.interrupted`, and can be retried.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from websockets.asyncio.server import Server, serve

from studiolo.agent.agent import Agent
from studiolo.agent.session import Session
from studiolo.errors import StudioloError
from studiolo.events import Event, JobFailed, ReplyDelta, ReplyDone
from studiolo.installation.config import Installation, load_installation
from studiolo.installation.venue import Venue
from studiolo.model.protocols import Painter
from studiolo.model.registry import Backends
from studiolo.persona.spec import Persona
from studiolo.server.auth import Authority, load_secret
from studiolo.server.connection import frame_limit, handle
from studiolo.server.http import respond
from studiolo.server.hub import Room
from studiolo.server.metrics import ServerMetrics
from studiolo.server.origin import OriginPolicy
from studiolo.server.quotas import SessionQuota
from studiolo.server.scheduler import Scheduler
from studiolo.server.store import Store
from studiolo.server.threads import hold_single_threaded_blas, release_single_threaded_blas
from studiolo.server.uploads import UploadBudget
from studiolo.settings import ServerSettings, Settings

log = logging.getLogger("studiolo.server")

AgentFactory = Callable[[Persona, "StudioServer"], Agent]  # builds a persona's agent from the server's parts


class StudioServer:
    def __init__(
        self, settings: Settings, *, backends: Backends | None = None, agent_factory: AgentFactory | None = None
    ) -> None:
        self.settings = settings
        self.config: ServerSettings = settings.server
        self.show: Installation | None  # an event installation (studiolo/installation/), if one is configured
        self.backends = backends or Backends(settings)
        self._agent_factory = agent_factory or self._default_agent
        self.store = Store(self.config.data)  # makes the data folder, owner-only; refuses a damaged database
        if self.store.wal is not None and self.store.wal.damaged:
            log.warning("%s", self.store.wal.describe(self.store.wal_path))
        tokens = dict(self.config.tokens)
        self.show = load_installation(self.config.installation) if self.config.installation is not None else None
        if self.show is not None:  # the console's token is an operator's (/metrics, every session); its artist paints
            tokens[self.show.operator_token] = "operator"
            self.config.persona = self.show.persona
        self.generated_token: str | None = None
        if not tokens:  # as Jupyter does: a fresh designer token, printed with a ready link
            self.generated_token = secrets.token_urlsafe(18)
            tokens[self.generated_token] = "designer"
        self.authority = Authority(tokens, load_secret(self.config.data), revoked=self.store.revoked_invitations())
        self.metrics = ServerMetrics()
        self.venue = Venue(self, self.show) if self.show is not None else None  # kiosks, wall, console, shares
        self.origins = OriginPolicy(self.config)
        self.scheduler = Scheduler(
            slots=self.config.slots or self._default_slots(), max_queued=self.config.max_queued,
            max_queued_per_person=self.config.max_queued_per_person,
        )  # fmt: skip
        self.quotas = SessionQuota(
            open_at_once=self.config.max_sessions_per_person, new_per_hour=self.config.new_sessions_per_hour
        )
        self.uploads = UploadBudget(self.config.max_upload_decode_bytes)
        self.rooms: dict[str, Room] = {}
        self._reclaims: dict[str, asyncio.TimerHandle] = {}  # empty sessions to delete once their grace is over
        self.agents: dict[str, Agent] = {}
        self.painter: Painter | None = None  # the backends' painter, shared by every agent (set by start)
        self._executor: Any = None
        self._server: Server | None = None
        self._holds_blas = False

    # lifecycle

    async def start(self) -> None:
        hold_single_threaded_blas()  # released by stop()
        self._holds_blas = True
        self.painter = self._shared_painter(self.backends.painter)
        # a painter that says how many jobs it takes at once (a deployment of several replicas) gets as many slots
        if self.config.slots is None and (jobs_at_once := getattr(self.painter, "jobs_at_once", None)):
            self.scheduler.slots = int(jobs_at_once)
        self.agent(self.config.persona)  # load the models before the first visitor, not during their first turn
        self.recover()
        # empty sessions a previous run left (stopped within their grace period)
        self.store.delete_empty_sessions(created_before=time.time() - self.config.empty_session_grace_s)
        venue = self.venue
        if venue is not None:
            await venue.start()
        self._server = await serve(
            lambda ws: venue.handle(ws) if venue and ws.request and ws.request.path == "/installation/ws" else handle(self, ws),
            self.config.host, self.config.port,
            process_request=lambda ws, request: respond(self, ws, request),
            max_size=frame_limit(self.config, None), max_queue=8, compression=None,
            ping_interval=20, ping_timeout=40,
        )  # fmt: skip
        log.info("listening on %s", self.url)

    async def stop(self) -> None:
        """A clean stop: no new connections, running jobs finish within `stop_grace_s` or are recorded failed
        (`job.interrupted`, retryable), the WAL is checkpointed into the database and the store closed."""
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        running = [task for room in self.rooms.values() for task in room.tasks]
        if running:
            await asyncio.wait(running, timeout=self.config.stop_grace_s)
        for room in list(self.rooms.values()):  # a room whose last task ends leaves self.rooms meanwhile
            for task in list(room.tasks):
                task.cancel()
            await asyncio.gather(*room.tasks, return_exceptions=True)
        for reclaim in self._reclaims.values():
            reclaim.cancel()
        self.recover()  # what was cut off is recorded now, not found at the next start
        if self._executor is not None:
            await asyncio.to_thread(self._executor.close)
        if self._holds_blas:
            self._holds_blas = False
            release_single_threaded_blas()
        if self.venue is not None:
            self.venue.close()
        self.store.close()

    async def serve_forever(self) -> None:
        await self.start()
        try:
            await asyncio.Future()
        finally:
            await self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.sockets[0].getsockname()[1])

    @property
    def url(self) -> str:
        if self.config.public_url:
            return self.config.public_url.rstrip("/")
        host = self.config.host if ":" not in self.config.host else f"[{self.config.host}]"
        return f"http://{host}:{self.port if self._server else self.config.port}"

    def link(self, token: str, session: str | None = None) -> str:
        """A ready link for the web client."""
        return f"{self.url}/?token={token}" + (f"#session={session}" if session else "")

    # sessions

    def agent(self, persona_id: str) -> Agent:
        if persona_id not in self.agents:
            from studiolo.persona.library import get_persona

            self.agents[persona_id] = self._agent_factory(get_persona(persona_id), self)
        return self.agents[persona_id]

    def new_room(self) -> Room:
        session = Session(self.config.persona, images=self.store.images)
        self.store.create_session(session.id, session.persona_id)
        return self._open(session)

    def room(self, session_id: str) -> Room:
        """The live room of a stored session, rebuilt from its events on first use."""
        if session_id in self.rooms:
            return self.rooms[session_id]
        persona = self.store.persona_of(session_id)
        if persona is None:
            raise StudioloError("session.not_found", f"there is no session {session_id}", field="session")
        return self._open(Session.restore(persona, session_id, self.store.events(session_id), images=self.store.images))

    def _open(self, session: Session) -> Room:
        if (reclaim := self._reclaims.pop(session.id, None)) is not None:
            reclaim.cancel()  # someone came back within the grace period
        room = Room(session, self.store, self.metrics, on_idle=self._close_room)
        self.rooms[session.id] = room
        self.metrics.sessions.set(self.store.session_count())
        return room

    def _close_room(self, room: Room) -> None:
        """Nobody watches and nothing runs: free its memory (drafts and all); the store rebuilds it on demand."""
        if self.rooms.get(room.session.id) is room:
            del self.rooms[room.session.id]
            if all(_by_the_artist(event) for event in room.session.events):
                # nobody acted in it: opened and left (a reload, a crawler, a loop opening sessions). Deleted once
                # its grace period is over, unless someone comes back to it; the period lets a reload find it.
                self._reclaims[room.session.id] = asyncio.get_running_loop().call_later(
                    self.config.empty_session_grace_s, self._reclaim, room.session.id
                )
        self.metrics.live_sessions.set(sum(1 for r in self.rooms.values() if r.viewers))

    def _reclaim(self, session_id: str) -> None:
        self._reclaims.pop(session_id, None)
        if session_id not in self.rooms:
            self.store.delete_empty_sessions(session_id=session_id)
            self.metrics.sessions.set(self.store.session_count())

    def recover(self) -> None:
        """Report the jobs a previous run left unfinished as failed (`job.interrupted`); they can be retried."""
        for job in self.store.unfinished_jobs():
            room = self.room(job.session)
            room.record(JobFailed(job_id=job.id, code="job.interrupted",
                                  message="the server stopped while this job ran; retry it to paint it again"))  # fmt: skip
            self._close_room(room)

    # defaults

    def _default_agent(self, persona: Persona, server: StudioServer) -> Agent:
        from studiolo.agent.router import SemanticRouter
        from studiolo.agent.voice import Voice

        assert self.painter is not None, "agents are made once the server has started"
        voice = Voice(persona, self.backends.chat_model)
        router = SemanticRouter(self.backends.embedder)
        # previews beyond what a viewer may be sent (preview_fps per draft) would only be encoded to be dropped
        return Agent(persona, self.painter, self.backends.describer, router, voice=voice, gate=self.scheduler,
                     preview_interval=1.0 / self.config.preview_fps, expand=self.settings.agent.expand,
                     self_check_tries=self.settings.agent.self_check_tries, embedder=self.backends.embedder,
                     detector=scorer.shows if (scorer := self.backends.scorer) is not None else None)  # fmt: skip

    def _shared_painter(self, painter: Painter) -> Painter:
        """A diffusion painter paints the jobs running at once together, through its batching executor."""
        if not painter.backend_id.startswith("diffusers:"):
            return painter
        from studiolo.model.diffusers import BatchingExecutor, BatchingPainter, DiffusersPainter

        if not isinstance(painter, DiffusersPainter):  # one that batches where it runs (elsewhere)
            return painter

        self._executor = BatchingExecutor(painter, window=self.config.batch_window_s)
        return BatchingPainter(self._executor, asyncio.get_running_loop())

    def _default_slots(self) -> int:
        # a diffusion painter batches concurrent jobs into one pipeline call; the embedded one fills the CPU alone
        return 4 if self.settings.models.painter.startswith("diffusers:") else 1


def _by_the_artist(event: Event) -> bool:
    """The artist's own words (a greeting), not anything a person did or an operator said as the artist."""
    return isinstance(event, ReplyDelta) or (isinstance(event, ReplyDone) and event.by is None)


def data_folder(path: Path) -> Path:
    path = path.expanduser()
    if path.exists() and not path.is_dir():
        raise StudioloError("data.not_a_folder", f"--data {path} exists and is not a folder", field="data")
    return path
