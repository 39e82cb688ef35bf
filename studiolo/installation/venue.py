"""The installation at work: kiosks serving one visitor after another, the wall, and the operator's console.

    /installation/ws  hello {token}: a kiosk's, the wall's or the operator's token (from the installation file)
      kiosk   -> wish {text}, another, change {text}, pick {draft_id}, done
              <- welcome, refused, reply, preview, final, take_home, closed, reset
      wall    <- wall (layout, gallery), painting, preview, final, picked, hidden, speak
      console -> pause {kiosk}, resume {kiosk}, skip {kiosk}, hide {draft_id}, speak {text, kiosk|None: the wall}
              <- console (every kiosk's state, refusals, disk), after every change

Each visitor is a fresh session of the server (StudioServer.new_room) painted by the persona's agent, so their
drafts and jobs are the server's own (queue, previews, store). Every wish passes the moderation screen first; a
refused one is answered in character on the kiosk alone, listed for the operator, counted in /metrics, and never
reaches the wall. The wall only ever shows words and captions that passed the same screen.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from prometheus_client import Counter, Gauge, Histogram
from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from studiolo.agent.agent import Agent
from studiolo.agent.session import Participant
from studiolo.errors import StudioloError
from studiolo.events import DraftFinal, DraftPreview, Event, JobCancelled, JobFailed, JobFinished, JobStarted, ReplyDone
from studiolo.installation.config import Installation, Kiosk
from studiolo.installation.intent import INTENT, KioskRouter
from studiolo.installation.ledger import Ledger, Refusal, Work
from studiolo.installation.moderation import Screen
from studiolo.installation.retention import keep_tidy
from studiolo.installation.share import new_code, qr_svg
from studiolo.language import LANGUAGES, Language, detect_language
from studiolo.model.images import open_image

if TYPE_CHECKING:
    from studiolo.server.app import StudioServer
    from studiolo.server.hub import Room

log = logging.getLogger("studiolo.installation")

MAX_WISH_CHARS = 300
PREVIEW_INTERVAL_S = 0.25  # previews forwarded to a kiosk or the wall: at most four a second per job


class Tap:
    """Stands in a visitor's room as one of its viewers: the room hands it every event, as it does a browser's."""

    invitation = None  # never joined with an invitation (connection._revoke looks)

    def __init__(self, venue: Venue, kiosk: str) -> None:
        self.venue = venue
        self.kiosk = kiosk

    def push(self, event: Event, frame: Any) -> None:
        self.venue.on_event(self.kiosk, event)


@dataclass
class Visitor:
    room: Room
    participant: str
    tap: Tap
    started: float = field(default_factory=time.monotonic)
    lang: Language = "en"
    turns: int = 0
    drafts: int = 0
    words: str = ""  # the wish being painted (passed the screen)
    finals: list[str] = field(default_factory=list)
    caption: dict[str, str] = field(default_factory=dict)  # draft id -> its screened caption
    captioned: set[str] = field(default_factory=set)  # jobs whose first final has been captioned for the wall
    idle: asyncio.TimerHandle | None = None


@dataclass
class KioskState:
    kiosk: Kiosk
    paused: bool = False
    socket: Outbox | None = None
    visitor: Visitor | None = None
    served: int = 0


class Outbox:
    """One socket's JSON messages, sent in order by a writer task of its own (a slow screen never blocks others)."""

    def __init__(self, ws: ServerConnection) -> None:
        self.ws = ws
        self.queue: asyncio.Queue[str] = asyncio.Queue(maxsize=1000)
        self.writer = asyncio.get_running_loop().create_task(self._write())

    def send(self, message: dict[str, Any]) -> None:
        with contextlib.suppress(asyncio.QueueFull):  # a screen this far behind reconnects and is sent the state
            self.queue.put_nowait(json.dumps(message, ensure_ascii=False))

    async def _write(self) -> None:
        with contextlib.suppress(ConnectionClosed):
            while True:
                await self.ws.send(await self.queue.get())


class Venue:
    def __init__(self, server: StudioServer, show: Installation) -> None:
        self.server = server
        self.show = show
        self.ledger = Ledger(server.config.data / "installation.sqlite")
        self.kiosks = {kiosk.id: KioskState(kiosk) for kiosk in show.kiosks}
        self.walls: set[Outbox] = set()
        self.consoles: set[Outbox] = set()
        self.screen: Screen | None = None  # made at start: embedding the exemplars takes a moment
        self.agent: Agent  # made at start, once the server's painter is ready
        self._watchdogs: dict[str, asyncio.TimerHandle] = {}
        self._tidy: asyncio.Task[None] | None = None
        self._last_preview: dict[str, float] = {}
        self._final_at: dict[str, float] = {}  # draft id -> when its final was recorded (wall latency)
        r = server.metrics.registry
        self.refusals = Counter("studiolo_installation_refusals", "Wishes the screen refused", ["lang", "reason"],
                                registry=r)  # fmt: skip
        self.visitors = Counter("studiolo_installation_visitors", "Visitors served, by how they left", ["how"],
                                registry=r)  # fmt: skip
        self.stuck = Counter("studiolo_installation_watchdog_ends", "Jobs the watchdog ended", registry=r)
        self.picked = Counter("studiolo_installation_picked", "Pictures taken home", registry=r)
        self.wall_latency = Histogram("studiolo_installation_wall_latency_seconds",
                                      "From a final being recorded to the wall's socket having it", registry=r,
                                      buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1))  # fmt: skip
        self.disk_bytes = Gauge("studiolo_installation_disk_bytes", "Bytes of images in the data folder", registry=r)
        self.disk_used = 0  # bytes of images, as last measured (retention.py)
        self.disk_warned = False
        self.disk_warning = Gauge("studiolo_installation_disk_warning",
                                  "1 when the images pass retention.warn_at of the disk quota", registry=r)  # fmt: skip

    async def start(self) -> None:
        self.screen = await asyncio.to_thread(Screen, self.show.moderation, self.server.backends.embedder)
        from studiolo.persona.library import get_persona

        # the server's own kind of agent for the persona, told what the kiosk's buttons mean (intent.py)
        self.agent = self.server._agent_factory(get_persona(self.show.persona), self.server)
        self.agent.router = KioskRouter(self.show.limits.pictures_per_wish)
        for session in self.ledger.open_visits():  # cut off by a stop or a crash: that visitor has gone
            self.ledger.visit_ended(session, "restart")
        self._tidy = asyncio.get_running_loop().create_task(keep_tidy(self))

    def measured(self, disk_bytes: int) -> None:
        """The images' size, from retention: a warning on the console and in /metrics near the quota."""
        quota = self.show.retention.disk_quota_mb * 1024 * 1024
        warned = disk_bytes >= self.show.retention.warn_at * quota
        if warned and not self.disk_warned:
            log.warning("images take %.0f MB of the %d MB quota", disk_bytes / 2**20, self.show.retention.disk_quota_mb)
        self.disk_used, self.disk_warned = disk_bytes, warned
        self.disk_bytes.set(disk_bytes)
        self.disk_warning.set(int(warned))
        self._console_changed()

    def close(self) -> None:
        if self._tidy is not None:
            self._tidy.cancel()
        for state in self.kiosks.values():
            if state.visitor is not None:
                self._end_visit(state, "stop", tell=False)
        self.ledger.close()

    # connections

    async def handle(self, ws: ServerConnection) -> None:
        try:
            hello = json.loads(await asyncio.wait_for(ws.recv(), self.server.config.hello_timeout_s))
            token = str(hello.get("token", "")) if isinstance(hello, dict) and hello.get("type") == "hello" else ""
        except (TimeoutError, ValueError, ConnectionClosed):
            token = ""
        kiosk = self.show.kiosk(token) if token else None
        outbox = Outbox(ws)
        try:
            if kiosk is not None:
                await self._serve_kiosk(self.kiosks[kiosk.id], outbox)
            elif token and token == self.show.wall.token:
                await self._serve_wall(outbox)
            elif token and token == self.show.operator_token:
                await self._serve_console(outbox)
            else:
                outbox.send({"type": "error", "code": "auth.invalid_token", "message": "this screen's token is wrong"})
                await asyncio.sleep(0)
                await ws.close(4001, "auth.invalid_token")
        except ConnectionClosed:
            pass
        finally:
            outbox.writer.cancel()

    async def _serve_kiosk(self, state: KioskState, outbox: Outbox) -> None:
        if state.socket is not None:  # the tablet reloaded: the newest page is the kiosk
            await state.socket.ws.close(4009, "replaced by a newer page")
        state.socket = outbox
        outbox.send(self._kiosk_welcome(state))
        self._console_changed()
        try:
            async for frame in outbox.ws:
                try:
                    message = json.loads(frame) if isinstance(frame, str) else None
                    if not isinstance(message, dict):
                        raise StudioloError("message.invalid", "send JSON objects", field="type")
                    await self._kiosk_message(state, message)
                except StudioloError as error:
                    outbox.send({"type": "error", "code": error.code, "message": error.message, "field": error.field})
        finally:
            if state.socket is outbox:
                state.socket = None
                self._console_changed()

    async def _serve_wall(self, outbox: Outbox) -> None:
        self.walls.add(outbox)
        wall = self.show.wall
        outbox.send({"type": "wall", "layout": wall.layout, "attract_after_s": wall.attract_after_s,
                     "crossfade_s": wall.crossfade_s, "gallery": [self._work(w) for w in self.ledger.gallery(wall.mosaic)],
                     "painting": self._painting_now()})  # fmt: skip
        try:
            async for _ in outbox.ws:
                pass  # the wall only listens
        finally:
            self.walls.discard(outbox)

    async def _serve_console(self, outbox: Outbox) -> None:
        self.consoles.add(outbox)
        outbox.send(self._console_state())
        try:
            async for frame in outbox.ws:
                try:
                    message = json.loads(frame) if isinstance(frame, str) else None
                    if not isinstance(message, dict):
                        raise StudioloError("message.invalid", "send JSON objects", field="type")
                    self._console_message(message)
                except StudioloError as error:
                    outbox.send({"type": "error", "code": error.code, "message": error.message, "field": error.field})
                outbox.send(self._console_state())
        finally:
            self.consoles.discard(outbox)

    # kiosks

    async def _kiosk_message(self, state: KioskState, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "done":  # answered with the welcome screen, whether or not a visitor was there
            if state.visitor is not None:
                self._end_visit(state, "done")
            else:
                self._to_kiosk(state, self._kiosk_welcome(state))
            return
        if state.paused:
            self._to_kiosk(state, {"type": "closed", "text": self._texts(state).closing})
            return
        if kind in ("wish", "change"):
            await self._wish(state, _text(message), refine=kind == "change", lang=_lang(message))
        elif kind == "another":
            visitor = state.visitor
            if visitor is None or not visitor.words:
                raise StudioloError("wish.missing", "make a wish first", field="type")
            await self._wish(state, visitor.words, refine=False, lang=visitor.lang)
        elif kind == "pick":
            self._pick(state, str(message.get("draft_id", "")))
        else:
            raise StudioloError("message.unknown", f"a kiosk cannot send {kind!r}", field="type")

    async def _wish(self, state: KioskState, text: str, *, refine: bool, lang: Language | None) -> None:
        assert self.screen is not None
        lang = lang or detect_language(text)
        visitor = state.visitor
        if visitor is not None and self._limits_reached(visitor):
            self._to_kiosk(state, {"type": "reply", "text": self.show.texts[visitor.lang].enough, "enough": True})
            return
        if visitor is not None and visitor.room.tasks:
            raise StudioloError("wish.busy", "the artist is still painting your last wish", field="type")
        verdict = await asyncio.to_thread(self.screen.check, text)
        if not verdict.allowed:
            self.ledger.refused(
                Refusal(time.time(), state.kiosk.id, verdict.lang, text, verdict.reason, verdict.matched)
            )
            self.refusals.labels(lang=verdict.lang, reason=verdict.reason).inc()
            log.info("kiosk %s: a wish refused (%s)", state.kiosk.id, verdict.reason)
            self._to_kiosk(state, {"type": "refused", "text": self.show.texts[lang].refusal})
            self._console_changed()
            return
        visitor = self._visitor(state)
        visitor.lang, visitor.turns = lang, visitor.turns + 1
        if not refine:
            visitor.words = text
        self._wall({"type": "painting", "kiosk": state.kiosk.id, "words": text})
        session = visitor.room.session
        said = self.agent.say(session, text, speaker=visitor.participant)
        INTENT.set("refine" if refine else "imagine")  # copied into the turn's task as room.start creates it
        visitor.room.start(said, owner=f"kiosk:{state.kiosk.id}", origin={"kind": "say", "text": text},
                           asker=visitor.tap)  # type: ignore[arg-type]  # fmt: skip
        self._touch(state)

    def _pick(self, state: KioskState, draft_id: str) -> None:
        visitor = state.visitor
        if visitor is None or draft_id not in visitor.finals:
            raise StudioloError("draft.not_found", "pick one of your own pictures", field="draft_id")
        work = self.ledger.work(draft_id)
        if work is None:
            days = self.show.retention.picked_days
            work = Work(draft_id=draft_id, session=visitor.room.session.id, kiosk=state.kiosk.id, words=visitor.words,
                        caption=visitor.caption.get(draft_id, ""), code=new_code(), picked=time.time(),
                        expires=time.time() + days * 86400, hidden=False)  # fmt: skip
            self.ledger.add_work(work)
            self.picked.inc()
            self._wall({"type": "picked", "work": self._work(work)})
            agent = self.agent
            visitor.room.start(agent.feedback(visitor.room.session, draft_id, pick=True, speaker=visitor.participant),
                               owner=f"kiosk:{state.kiosk.id}", origin={"kind": "feedback"},
                               asker=visitor.tap)  # type: ignore[arg-type]  # fmt: skip
        url = f"{self.server.url}/share/{work.code}"
        self._to_kiosk(state, {"type": "take_home", "draft_id": draft_id, "url": url, "qr": qr_svg(url)})
        self._touch(state)

    def _visitor(self, state: KioskState) -> Visitor:
        if state.visitor is None:
            room = self.server.new_room()
            participant = room.session.join(Participant(id=f"visitor-{state.kiosk.id}", role="designer")).id
            tap = Tap(self, state.kiosk.id)
            room.viewers.add(tap)  # type: ignore[arg-type]
            state.visitor = Visitor(room=room, participant=participant, tap=tap)
            self.ledger.visit_started(room.session.id, state.kiosk.id)
            self._to_kiosk(state, {"type": "visitor", "session": room.session.id})
            self._console_changed()
        return state.visitor

    def _limits_reached(self, visitor: Visitor) -> bool:
        limits = self.show.limits
        return (
            visitor.turns >= limits.turns
            or visitor.drafts >= limits.drafts
            or time.monotonic() - visitor.started >= limits.minutes * 60
        )

    def _touch(self, state: KioskState) -> None:
        """The visitor did something: their idle timeout starts again."""
        visitor = state.visitor
        if visitor is None:
            return
        if visitor.idle is not None:
            visitor.idle.cancel()
        visitor.idle = asyncio.get_running_loop().call_later(self.show.limits.idle_s, self._idle, state, visitor)

    def _idle(self, state: KioskState, visitor: Visitor) -> None:
        if state.visitor is visitor:
            self._end_visit(state, "idle")

    def _end_visit(self, state: KioskState, how: str, *, tell: bool = True) -> None:
        """The visitor has gone: their jobs stop, their session leaves memory, the kiosk shows the welcome."""
        visitor = state.visitor
        if visitor is None:
            return
        state.visitor = None
        state.served += 1
        if visitor.idle is not None:
            visitor.idle.cancel()
        session = visitor.room.session
        agent = self.agent
        for job in [j for j in agent.running if j.startswith(f"{session.id}-")]:
            agent.cancel(job)
        visitor.room.leave(visitor.tap)  # type: ignore[arg-type]
        self.ledger.visit_ended(session.id, how)
        self.visitors.labels(how=how).inc()
        if tell:
            self._to_kiosk(state, self._kiosk_welcome(state))
            self._wall({"type": "idle", "kiosk": state.kiosk.id})
        self._console_changed()

    # what the agent paints for a visitor

    def on_event(self, kiosk: str, event: Event) -> None:
        state = self.kiosks[kiosk]
        visitor = state.visitor
        if visitor is None or event.session != visitor.room.session.id:
            return  # a visitor who has gone: their last events go nowhere
        if isinstance(event, JobStarted):
            self._watch(state, event.job_id)
        elif isinstance(event, DraftPreview):
            now = time.monotonic()
            if event.draft_id.endswith(".0") and now - self._last_preview.get(event.job_id, 0.0) >= PREVIEW_INTERVAL_S:
                self._last_preview[event.job_id] = now
                image = f"data:{event.mime};base64,{base64.b64encode(event.image).decode()}"
                message = {"type": "preview", "kiosk": kiosk, "job_id": event.job_id, "image": image}
                self._to_kiosk(state, message)
                self._wall(message)
        elif isinstance(event, DraftFinal) and event.skill != "upload":
            visitor.drafts += 1
            visitor.finals.append(event.draft_id)
            self.ledger.draft_made(event.draft_id, visitor.room.session.id)
            url = self.server.authority.draft_url(event.draft_id)
            self._to_kiosk(state, {"type": "final", "draft_id": event.draft_id, "url": url})
            if event.job_id not in visitor.captioned:  # the wall shows each wish's first picture
                visitor.captioned.add(event.job_id)
                self._final_at[event.draft_id] = time.monotonic()
                asyncio.get_running_loop().create_task(self._caption(state, visitor, event))
        elif isinstance(event, ReplyDone):
            self._to_kiosk(state, {"type": "reply", "text": event.text})
        elif isinstance(event, JobFinished | JobFailed | JobCancelled):
            self._last_preview.pop(event.job_id, None)
            if (timer := self._watchdogs.pop(event.job_id, None)) is not None:
                timer.cancel()
            self._to_kiosk(state, {"type": "job_end", "job_id": event.job_id, "status": event.type})
        self._touch(state)

    async def _caption(self, state: KioskState, visitor: Visitor, event: DraftFinal) -> None:
        """The final goes to the wall at once; the artist's caption (the describer's) follows, and only if it
        passes the screen too."""
        assert self.screen is not None
        self._wall({"type": "final", "kiosk": state.kiosk.id, "draft_id": event.draft_id, "words": visitor.words,
                    "url": self.server.authority.draft_url(event.draft_id), "recorded": event.ts},
                   final=event.draft_id)  # fmt: skip
        image = open_image(event.image)
        description = await asyncio.to_thread(self.agent.describer.describe, image, lang=visitor.lang)
        caption = description.text.strip()
        if caption and not (await asyncio.to_thread(self.screen.check, caption)).allowed:
            caption = ""
        visitor.caption[event.draft_id] = caption
        self._to_kiosk(state, {"type": "caption", "draft_id": event.draft_id, "text": caption})
        self._wall({"type": "caption", "kiosk": state.kiosk.id, "draft_id": event.draft_id, "text": caption})

    def _watch(self, state: KioskState, job_id: str) -> None:
        limit = self.show.watchdog.job_limit_s
        self._watchdogs[job_id] = asyncio.get_running_loop().call_later(limit, self._stuck, state, job_id)

    def _stuck(self, state: KioskState, job_id: str) -> None:
        """A job running past watchdog.job_limit_s: ended, and the visitor told in the artist's words."""
        self._watchdogs.pop(job_id, None)
        visitor = state.visitor
        if visitor is None or not job_id.startswith(f"{visitor.room.session.id}-"):
            return
        agent = self.agent
        if job_id in agent.running:
            agent.cancel(job_id)
            self.stuck.inc()
            log.warning(
                "kiosk %s: job %s ran past %s s and was ended", state.kiosk.id, job_id, self.show.watchdog.job_limit_s
            )
            self._to_kiosk(state, {"type": "reply", "text": self.show.texts[visitor.lang].stuck, "stuck": True})

    # the operator

    def _console_message(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind in ("pause", "resume", "skip"):
            state = self.kiosks.get(str(message.get("kiosk", "")))
            if state is None:
                raise StudioloError("kiosk.not_found", "there is no such kiosk", field="kiosk")
            if kind == "skip":
                self._end_visit(state, "skipped")
            else:
                state.paused = kind == "pause"
                if state.paused and state.visitor is not None:
                    self._end_visit(state, "paused")
                self._to_kiosk(state, self._kiosk_welcome(state))
        elif kind == "hide":
            draft_id = str(message.get("draft_id", ""))
            if not self.ledger.hide(draft_id):
                raise StudioloError("draft.not_found", "no picked picture has that id", field="draft_id")
            self._wall({"type": "hidden", "draft_id": draft_id})
        elif kind == "speak":
            text = _text(message)
            target = message.get("kiosk")
            if target is None:
                self._wall({"type": "speak", "text": text})
            elif (state := self.kiosks.get(str(target))) is not None:
                self._to_kiosk(state, {"type": "reply", "text": text, "by": "operator"})
            else:
                raise StudioloError("kiosk.not_found", "there is no such kiosk", field="kiosk")
        else:
            raise StudioloError("message.unknown", f"the console cannot send {kind!r}", field="type")

    def _console_state(self) -> dict[str, Any]:
        kiosks = []
        for state in self.kiosks.values():
            visitor = state.visitor
            jobs = len(visitor.room.tasks) if visitor is not None else 0
            kiosks.append({"id": state.kiosk.id, "name": state.kiosk.name or state.kiosk.id, "online": state.socket is not None,
                           "paused": state.paused, "visitor": visitor.room.session.id if visitor else None,
                           "busy": jobs > 0, "served": state.served})  # fmt: skip
        refusals = [{"at": r.at, "kiosk": r.kiosk, "lang": r.lang, "text": r.text, "reason": r.reason}
                    for r in self.ledger.refusals(20)]  # fmt: skip
        return {"type": "console", "kiosks": kiosks, "refusals": refusals, "queue": self.server.scheduler.depth,
                "gallery": [self._work(w) for w in self.ledger.gallery(self.show.wall.mosaic)],
                "disk": {"bytes": self.disk_used, "quota_mb": self.show.retention.disk_quota_mb,
                         "warning": self.disk_warned}}  # fmt: skip

    def _console_changed(self) -> None:
        if self.consoles:
            state = self._console_state()
            for console in self.consoles:
                console.send(state)

    # sending

    def _to_kiosk(self, state: KioskState, message: dict[str, Any]) -> None:
        if state.socket is not None:
            state.socket.send(message)

    def _wall(self, message: dict[str, Any], *, final: str | None = None) -> None:
        for wall in self.walls:
            wall.send(message)
        if final is not None and (recorded := self._final_at.pop(final, None)) is not None and self.walls:
            self.wall_latency.observe(time.monotonic() - recorded)

    def _kiosk_welcome(self, state: KioskState) -> dict[str, Any]:
        texts = {lang: self.show.texts[lang].model_dump() for lang in LANGUAGES}
        return {"type": "welcome", "kiosk": state.kiosk.id, "name": self.show.name, "paused": state.paused,
                "texts": texts, "idle_s": self.show.limits.idle_s}  # fmt: skip

    def _texts(self, state: KioskState) -> Any:
        return self.show.texts[state.visitor.lang if state.visitor else "en"]

    def _work(self, work: Work) -> dict[str, Any]:
        return {"draft_id": work.draft_id, "url": self.server.authority.draft_url(work.draft_id),
                "caption": work.caption, "words": work.words, "kiosk": work.kiosk}  # fmt: skip

    def _painting_now(self) -> list[dict[str, Any]]:
        return [{"kiosk": s.kiosk.id, "words": s.visitor.words} for s in self.kiosks.values()
                if s.visitor is not None and s.visitor.room.tasks]  # fmt: skip


def _text(message: dict[str, Any]) -> str:
    text = message.get("text")
    if not isinstance(text, str) or not text.strip():
        raise StudioloError("wish.empty", "say what to paint", field="text")
    if len(text) > MAX_WISH_CHARS:
        raise StudioloError("wish.too_long", f"a wish is at most {MAX_WISH_CHARS} characters", field="text")
    return text.strip()


def _lang(message: dict[str, Any]) -> Language | None:
    lang = message.get("lang")
    return lang if lang in LANGUAGES else None
