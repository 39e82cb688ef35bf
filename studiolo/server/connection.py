"""One websocket connection: hello, welcome and replay, then the client's messages until it leaves.

A bad message costs its sender an `error` event (sent to that connection only, not kept in the session) and
nothing else: the connection and the session go on. Only a missing or invalid `hello` (4002), a bad token
(4001), a flood that ignores rate-limit errors (4029) and a viewer too slow to keep up (4008) end a connection.
Actions run as background tasks of their room, so `cancel` is heard while a turn is painting.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from functools import partial
from typing import Any

from pydantic import BaseModel
from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from studiolo.agent.agent import Agent
from studiolo.agent.session import Participant, Session
from studiolo.drafts import Draft, draft_id
from studiolo.errors import StudioloError
from studiolo.events import CueReached, ErrorEvent, Event
from studiolo.jobs import JobId, PreviewId, print_job_id, upload_job_id
from studiolo.model.images import encode_png, image_size, open_image
from studiolo.server import prints
from studiolo.server.auth import Grant
from studiolo.server.context import ServerContext
from studiolo.server.hub import Room, Viewer
from studiolo.server.logtext import shown
from studiolo.server.person import person_of
from studiolo.server.protocol import (
    MAX_HEADER_BYTES,
    Branch,
    Cancel,
    FeedbackMessage,
    Hello,
    Invitation,
    InvitationInfo,
    InvitationList,
    Invite,
    ListInvitations,
    Next,
    Ping,
    Pong,
    PrintLink,
    PrintRequest,
    Redo,
    Reset,
    Retry,
    Revoke,
    Say,
    Select,
    Speak,
    Undo,
    UploadHeader,
    Welcome,
    encode_event,
    parse_client_text,
    parse_upload,
)  # fmt: skip
from studiolo.server.uploads import give_back_memory, upload_cost
from studiolo.settings import ServerSettings
from studiolo.skills.base import TurnOptions, design_of

log = logging.getLogger("studiolo.server")


def frame_limit(config: ServerSettings, role: str | None) -> int:
    """The largest frame a connection may send (websockets' max_size; beyond it, close 1009). Before hello and for
    observers, twice a text message's limit (a frame a little over gets its clear `frame.too_large`); for those who
    may upload, an upload and its header."""
    if role in ("designer", "operator"):
        return config.max_upload_bytes + 2 * MAX_HEADER_BYTES
    return 2 * config.max_text_bytes


CLOSE_UNAUTHORISED = 4001
CLOSE_NO_HELLO = 4002
CLOSE_FLOOD = 4029  # too many: a flood of messages, or a person over their quota of sessions
FLOOD_STRIKES = 100  # messages refused for the rate limit, in a row, before the connection is closed


class RateLimit:
    """A token bucket: `rate` messages a second on average, bursts of up to `burst`."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = burst
        self.tokens = float(burst)
        self.at = time.monotonic()
        self.strikes = 0

    def take(self) -> float | None:
        """None if the message may go; else the seconds until it could."""
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            self.strikes = 0
            return None
        self.strikes += 1
        return (1 - self.tokens) / self.rate


async def handle(server: ServerContext, ws: ServerConnection) -> None:
    server.metrics.connections.inc()
    try:
        joined = await _hello(server, ws)
        if joined is not None:
            room, participant, hello, grant = joined
            try:
                await Connection(server, ws, room, participant, hello, grant).serve()
            finally:
                server.quotas.leave(person_of(hello.token, grant), room.session.id)
    finally:
        server.metrics.connections.dec()


async def _hello(server: ServerContext, ws: ServerConnection) -> tuple[Room, Participant, Hello, Grant] | None:
    """Read and check `hello`; on success the connection joins its room. None: refused (and closed)."""
    config = server.config
    try:
        frame = await asyncio.wait_for(ws.recv(), config.hello_timeout_s)
    except TimeoutError:
        await _refuse(ws, StudioloError("hello.timeout", "say hello first", field="type"), CLOSE_NO_HELLO)
        return None
    except ConnectionClosed:
        return None
    try:
        if not isinstance(frame, str) or len(frame.encode()) > config.max_text_bytes:
            raise StudioloError("hello.missing", "the first message must be a JSON hello", field="type")
        hello = parse_client_text(frame)
        if not isinstance(hello, Hello):
            raise StudioloError("hello.missing", "the first message must be hello", field="type")
    except StudioloError as error:
        await _refuse(ws, error, CLOSE_NO_HELLO)
        return None
    try:
        grant: Grant = server.authority.check(hello.token, hello.role, hello.session)
        if hello.session is None and grant.role != "designer":
            raise StudioloError(
                "session.required", f"an {grant.role} joins an existing session: give its id", field="session"
            )
        person = person_of(hello.token, grant)
        server.quotas.check(person, hello.session)
        room = server.room(hello.session) if hello.session is not None else server.new_room()
        server.quotas.enter(person, room.session.id, new=hello.session is None)
    except StudioloError as error:
        close = {"session.not_found": CLOSE_NO_HELLO, "quota.sessions": CLOSE_FLOOD}.get(error.code, CLOSE_UNAUTHORISED)
        await _refuse(ws, error, close)
        return None
    participant = room.session.join(
        Participant(id=hello.name or f"{grant.role}-{uuid.uuid4().hex[:6]}", role=grant.role, name=hello.name)
    )
    return room, participant, hello, grant


async def _refuse(ws: ServerConnection, error: StudioloError, close_code: int) -> None:
    try:
        await ws.send(encode_event(ErrorEvent(code=error.code, message=error.message, field=error.field,
                                              retry_after=error.retry_after)))  # fmt: skip
        await ws.close(close_code, error.code)
    except ConnectionClosed:
        pass


class Connection:
    def __init__(
        self, server: ServerContext, ws: ServerConnection, room: Room, participant: Participant, hello: Hello,
        grant: Grant,
    ) -> None:  # fmt: skip
        self.server = server
        self.grant = grant
        self.ws = ws
        self.room = room
        self.session = room.session
        self.participant = participant
        self.hello = hello
        ws.protocol.max_message_size = frame_limit(server.config, participant.role)  # from the next frame on
        self.person = person_of(hello.token, grant)
        # who owns the jobs this connection starts: its name and its token, so a namesake cannot cancel them
        self.owner = f"{participant.id}#{self.person}"
        config = server.config
        self.agent: Agent = server.agent(self.session.persona_id)
        self.limit = RateLimit(config.messages_per_second, config.message_burst)
        self.viewer = Viewer(ws, participant.id, participant.role, preview_fps=config.preview_fps,
                             max_pending=config.max_pending_events, metrics=server.metrics)  # fmt: skip
        self.viewer.invitation = grant.invitation

    async def serve(self) -> None:
        self._join()
        if self.session.seq == 0 and not self.room.tasks:  # a new session: the artist opens the conversation
            self._start(self.agent.greet(self.session), {"kind": "greet"})
        log.info("%s %s joined session %s", self.participant.role, shown(self.participant.id), self.session.id)
        writer = asyncio.get_running_loop().create_task(self.viewer.run())
        try:
            async for frame in self.ws:
                await self._receive(frame)
        except ConnectionClosed:
            pass
        finally:
            log.info("%s %s left session %s", self.participant.role, shown(self.participant.id), self.session.id)
            writer.cancel()
            self.room.leave(self.viewer)
            self.server.metrics.live_sessions.set(sum(1 for r in self.server.rooms.values() if r.viewers))

    def _join(self) -> None:
        """Welcome, replay and live events, without a gap or a repeat: all in one step of the event loop."""
        session = self.session
        resume_from = self.hello.resume_from
        if resume_from is not None and resume_from > session.seq:
            self._error(
                StudioloError(
                    "resume.unknown_seq",
                    f"this session has events 1 to {session.seq}, not {resume_from}; here is its state",
                    field="resume_from",
                )
            )
            resume_from = None
        state = session.state() | {"jobs": self._jobs()}
        for draft in state["drafts"]:  # signed afresh at each welcome, so a reopened page still shows its images
            draft["url"] = self.server.authority.draft_url(draft["id"])
        welcome = Welcome(seq=session.seq, session=session.id, ts=time.time(), role=self.participant.role,
                          participant=self.participant.id, state=state, resume_from=resume_from or 0)  # fmt: skip
        self.viewer.push(welcome, encode_event(welcome))
        if resume_from is not None:
            self.viewer.push_replay(session.events[resume_from:], session.images)
        self.room.viewers.add(self.viewer)
        self.server.metrics.live_sessions.set(sum(1 for r in self.server.rooms.values() if r.viewers))

    def _jobs(self) -> list[dict[str, Any]]:
        """The session's jobs still queued or running, for a newcomer's board."""
        found = []
        for job_id in self.agent.running:
            job = self.server.store.job(job_id) if JobId.of_session(job_id, self.session.id) else None
            if job is not None:
                found.append({"job_id": job.id, "status": job.status, "mine": job.owner == self.owner})
        return found

    async def _receive(self, frame: str | bytes) -> None:
        if (wait := self.limit.take()) is not None:
            if self.limit.strikes >= FLOOD_STRIKES:
                # Closed from a task of its own, not awaited here: this loop must go on reading, or the frames queued
                # behind the flood keep the client's close frame unread and the handshake hangs for close_timeout.
                if self.limit.strikes == FLOOD_STRIKES:
                    self._closing = asyncio.get_running_loop().create_task(self.ws.close(CLOSE_FLOOD, "rate.limited"))
                return
            if self.limit.strikes == 1 or self.limit.strikes % 10 == 0:  # say it, without answering a flood in kind
                self._error(
                    StudioloError("rate.limited", f"too many messages; wait {wait:.2f} s", retry_after=round(wait, 3))
                )
            return
        try:
            if isinstance(frame, bytes):
                header, image = parse_upload(frame, max_bytes=self.server.config.max_upload_bytes)
                await self._upload(header, image)
                return
            limit = self.server.config.max_text_bytes  # in bytes: a character may take up to 4 of them
            if len(frame) > limit or (4 * len(frame) > limit and len(frame.encode()) > limit):
                raise StudioloError("frame.too_large", f"text messages are limited to {limit} bytes", field=None)
            await self._dispatch(parse_client_text(frame))
        except StudioloError as error:
            self._error(error)

    async def _dispatch(self, message: BaseModel) -> None:
        agent, session, who = self.agent, self.session, self.participant.id
        if isinstance(message, Ping):
            self._send(Pong(seq=session.seq, session=session.id, ts=time.time()))
            return
        if isinstance(message, Hello):
            raise StudioloError("hello.repeated", "this connection has already said hello", field="type")
        if isinstance(message, Cancel):
            await self._cancel(message)
            return
        self._require("designer", "operator")
        if isinstance(message, Say):
            options = message.options.model_dump(exclude_defaults=True) if message.options is not None else {}
            self._start(agent.say(session, message.text, speaker=who, attachments=message.attachments,
                                  options=message.options),
                        {"kind": "say", "text": message.text, "attachments": message.attachments, "options": options})  # fmt: skip
        elif isinstance(message, FeedbackMessage):
            events = agent.feedback(
                session, message.draft_id, rating=message.rating, pick=message.pick, text=message.text, speaker=who
            )
            self._start(events, {"kind": "feedback", "draft_id": message.draft_id})
        elif isinstance(message, Select | Branch):
            self._start(agent.move_cursor(session, message.type, message.draft_id, speaker=who), {"kind": message.type})
        elif isinstance(message, Undo | Redo):
            self._start(agent.move_cursor(session, message.type, speaker=who), {"kind": message.type})
        elif isinstance(message, Retry):
            self._retry(message)
        elif isinstance(message, Invite):
            self._invite(message)
        elif isinstance(message, PrintRequest):
            printed = self._print_order(message)
            tile, image = design_of(session.graph.get(printed.draft_id), session.load_draft)  # before the link
            self._send(self._print_link(printed))
            # the lineage keeps a small picture of the print, never the file (prints.preview_final)
            preview = partial(prints.preview_final, printed, tile, image, job_id=print_job_id(session.id))
            self._start(agent.add_made_draft(session, preview, speaker=who), {"kind": "print", "draft_id": tile.id})
        elif isinstance(message, ListInvitations):
            self._require("operator")
            self._send(self._invitations())
        elif isinstance(message, Revoke):
            self._require("operator")
            self._revoke(message.id)
        elif isinstance(message, Speak):
            self._require("operator")
            self._start(agent.speak(session, message.text, by=who), {"kind": "speak"})
        elif isinstance(message, Reset):
            self._require("operator")
            self._start(agent.reset(session, by=who), {"kind": "reset"})
        elif isinstance(message, Next):
            self._require("operator")
            self._start(_cue_events(session, who), {"kind": "next"})

    def _require(self, *roles: str) -> None:
        if self.participant.role not in roles:
            raise StudioloError(
                "role.forbidden",
                f"the {self.participant.role} role cannot do that; it takes {' or '.join(roles)}",
                field="role",
            )

    def _start(self, events: Any, origin: dict[str, Any]) -> None:
        self.room.start(events, owner=self.owner, origin=origin, asker=self.viewer, person=self.person)

    async def _cancel(self, message: Cancel) -> None:
        """Owner or operator only: one job, one draft being painted, or (neither named) all their jobs."""
        self._require("designer", "operator")
        store, session = self.server.store, self.session
        if message.draft_id is not None and not PreviewId.looks_like(message.draft_id):
            session.graph.get(message.draft_id)  # draft.not_found for a stranger
            raise StudioloError(
                "cancel.too_late",
                "that draft is finished; drafts are never deleted, only left behind",
                field="draft_id",
            )
        job_id = message.job_id or (PreviewId.parse(message.draft_id).job if message.draft_id else None)
        if job_id is None:
            jobs = [j for j in self.agent.running if JobId.of_session(j, session.id) and self._may_cancel(j)]
            for job in jobs:
                self.agent.cancel(job)
            return
        stored = store.job(job_id)
        if stored is None or stored.session != session.id or job_id not in self.agent.running:
            raise StudioloError("job.not_running", f"{job_id} is not a job running in this session", field="job_id")
        if not self._may_cancel(job_id):
            raise StudioloError(
                "role.forbidden",
                "only the participant who started a job, or an operator, can cancel it",
                field="job_id",
            )
        if message.draft_id is not None:
            self._start(self.agent.cancel_draft(session, message.draft_id), {"kind": "cancel"})
        else:
            self.agent.cancel(job_id)

    def _may_cancel(self, job_id: str) -> bool:
        job = self.server.store.job(job_id)
        return self.participant.role == "operator" or (job is not None and job.owner == self.owner)

    def _retry(self, message: Retry) -> None:
        job = self.server.store.job(message.job_id)
        if job is None or job.session != self.session.id:
            raise StudioloError("job.not_found", f"there is no job {message.job_id} in this session", field="job_id")
        if job.status not in ("failed", "cancelled") or job.origin.get("kind") != "say":
            raise StudioloError(
                "job.not_retryable",
                f"job {message.job_id} is {job.status}; only a failed or cancelled turn can be retried",
                field="job_id",
            )
        attachments = [a for a in job.origin.get("attachments", []) if a in self.session.graph]
        self.server.store.job_status(job.id, "retried")  # once: its retry is a new job of its own
        options = TurnOptions.model_validate(job.origin.get("options") or {})
        say = self.agent.say(
            self.session, job.origin["text"], speaker=self.participant.id, attachments=attachments, options=options
        )
        self._start(say, job.origin)

    def _invite(self, message: Invite) -> None:
        from studiolo.server.auth import RANK

        if RANK[message.role] > RANK[self.participant.role]:
            raise StudioloError(
                "role.forbidden", f"a {self.participant.role} cannot invite a {message.role}", field="role"
            )
        # joined with an invitation: what it makes lasts no longer than the invitation itself
        minted = self.server.authority.invite(
            self.session.id, message.role, message.ttl_s, not_after=self.grant.expires, person=self.person
        )
        self.server.store.invitation_made(minted.id, self.session.id, message.role, minted.expires,
                                          by=self.participant.id, parent=self.grant.invitation)  # fmt: skip
        self._send(Invitation(seq=self.session.seq, session=self.session.id, ts=time.time(), token=minted.token,
                              id=minted.id, role=message.role, expires=minted.expires,
                              url=self.server.link(minted.token, self.session.id)))  # fmt: skip

    def _print_order(self, message: PrintRequest) -> prints.PrintOrder:
        """A pattern of this session, checked as a print (prints.py)."""
        draft = self.session.graph.get(message.draft_id)  # draft.not_found for another session's draft
        values = message.model_dump(exclude={"type", "draft_id", "format"})
        printed = prints.order(draft.id, message.format, values, budget_bytes=self.server.config.print_budget_bytes)
        prints.check_pattern(draft)
        return printed

    def _print_link(self, printed: prints.PrintOrder) -> PrintLink:
        """The signed address of a print's file."""
        width, height = printed.spec.pixels
        return PrintLink(seq=self.session.seq, session=self.session.id, ts=time.time(), draft_id=printed.draft_id,
                         url=prints.link(self.server.authority, printed), filename=printed.filename,
                         width_px=width, height_px=height)  # fmt: skip

    def _invitations(self) -> InvitationList:
        found = [InvitationInfo(id=i.id, role=i.role, expires=i.expires, by=i.by, revoked=i.revoked)
                 for i in self.server.store.invitations(self.session.id)]  # fmt: skip
        return InvitationList(seq=self.session.seq, session=self.session.id, ts=time.time(), invitations=found)

    def _revoke(self, invitation: str) -> None:
        """Revoke an invitation and those made through it: refused at hello from now on, even after a restart,
        and the connections that joined with them are closed (4001 auth.revoked)."""
        revoked = self.server.store.revoke_invitation(self.session.id, invitation)
        if not revoked:
            raise StudioloError("invitation.not_found", f"this session has no invitation {invitation}", field="id")
        self.server.authority.revoke(revoked)
        error = StudioloError("auth.revoked", "the invitation this connection joined with was revoked", field="token")
        for viewer in list(self.room.viewers):
            if viewer.invitation in revoked:
                viewer.closing = True  # its writer stops; the error and the close go out now
                asyncio.get_running_loop().create_task(_refuse(viewer.ws, error, CLOSE_UNAUTHORISED))
        self._send(self._invitations())

    async def _upload(self, header: UploadHeader, data: bytes) -> None:
        """An image from the designer joins the session as a draft (to describe, refine or pattern from)."""
        self._require("designer", "operator")
        max_pixels = self.server.config.max_upload_pixels
        loop = asyncio.get_running_loop()
        # its header only, for the cost before decoding (off the loop: a PNG's text chunks before its pixels are read)
        width, height = await loop.run_in_executor(None, partial(image_size, data, max_pixels=max_pixels))
        uploads = self.server.uploads
        with uploads.reserve(upload_cost(len(data), width, height)):
            png, width, height = await loop.run_in_executor(None, _normalise_upload, data, max_pixels)
        if not uploads.in_flight:  # the last upload decoding: its memory back to the system, off the loop
            loop.run_in_executor(None, give_back_memory)
        draft = Draft(id=draft_id(png), job_id=upload_job_id(self.session.id), skill="upload", prompt=header.name or "",
                      seed=0, model="upload", width=width, height=height)  # fmt: skip
        self._start(self.agent.upload(self.session, draft, png, speaker=self.participant.id), {"kind": "upload"})

    def _error(self, error: StudioloError) -> None:
        self.server.metrics.errors.labels(code=error.code).inc()
        self._send(ErrorEvent(seq=self.session.seq, session=self.session.id, ts=time.time(), code=error.code,
                              message=error.message, field=error.field, retry_after=error.retry_after))  # fmt: skip

    def _send(self, event: Event) -> None:
        """An answer for this connection only: not a session event, so it takes the session's current seq."""
        frame = encode_event(event)
        self.viewer.push(event, frame)


def _normalise_upload(data: bytes, max_pixels: int) -> tuple[bytes, int, int]:
    try:
        image = open_image(data, max_pixels=max_pixels)
        if image.mode not in ("RGB", "RGBA"):  # converting to its own mode would only copy every pixel
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    except StudioloError:
        raise
    # Pillow's parsers raise ValueError, EOFError, ... on hostile bytes (a broken PPM header)
    except Exception as error:
        raise StudioloError(
            "image.unreadable", f"the upload cannot be read as an image ({type(error).__name__})", field="image"
        ) from None
    return encode_png(image), image.width, image.height  # no provenance: studiolo did not paint it


async def _cue_events(session: Session, by: str) -> Any:
    yield session.record(CueReached(by=by))
