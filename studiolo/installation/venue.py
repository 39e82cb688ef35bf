"""The installation at work: kiosks serving one visitor after another, the wall, and the operator's console,
all on `/installation/ws` (its messages: protocol.py). Every screen is sent a `beat` after `BEAT_S` seconds with
nothing else to send: a page that hears nothing for three beats has been cut off, reconnects, and is sent its
whole state again.

Each visitor is a fresh session of the server (StudioServer.new_room) painted by the persona's agent, so their
drafts and jobs are the server's own (queue, previews, store). Every wish passes the moderation screen first; a
refused one is answered in character on the kiosk alone, listed for the operator, counted in /metrics, and never
reaches the wall. The wall only ever shows words and captions that passed the same screen.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from prometheus_client import Counter, Gauge, Histogram
from pydantic import BaseModel
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
from studiolo.installation.protocol import (
    Another,
    Beat,
    Caption,
    Change,
    Closed,
    ConsoleState,
    Disk,
    Done,
    Final,
    Hidden,
    Hide,
    HoursChanged,
    JobEnd,
    KioskIdle,
    KioskShown,
    KioskWelcome,
    Painting,
    PaintingNow,
    Pause,
    Pick,
    Picked,
    Preview,
    RefusalShown,
    Refused,
    Reply,
    Resume,
    ScreenError,
    Skip,
    SpeakAsArtist,
    TakeHome,
    VisitorStarted,
    WallState,
    Wish,
    WorkShown,
    parse_console,
    parse_hello,
    parse_kiosk,
)
from studiolo.installation.retention import keep_tidy
from studiolo.installation.share import new_code, qr_svg
from studiolo.language import Language, detect_language
from studiolo.model.images import open_image
from studiolo.skills.base import TurnOptions

if TYPE_CHECKING:
    from studiolo.server.app import StudioServer
    from studiolo.server.hub import Room

log = logging.getLogger("studiolo.installation")

PREVIEW_INTERVAL_S = 0.25  # previews forwarded to a kiosk or the wall: at most four a second per job
BEAT_S = 10.0  # a screen's socket quiet this long is sent a beat; the page reconnects after three missed (socket.js)


class Tap:
    """Stands in a visitor's room as one of its viewers: the room hands it every event, as it does a browser's."""

    invitation = None  # never joined with an invitation (connection._revoke looks)

    def __init__(self, venue: Venue, kiosk: str) -> None:
        self.venue = venue
        self.kiosk = kiosk

    def push(self, event: Event, frame: object) -> None:
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
    """One socket's messages, sent in order by a writer task of its own (a slow screen never blocks others)."""

    def __init__(self, ws: ServerConnection, beat_s: float) -> None:
        self.ws = ws
        self.beat = Beat(every_s=beat_s).model_dump_json()
        self.beat_s = beat_s
        self.queue: asyncio.Queue[tuple[str, float | None]] = asyncio.Queue(maxsize=1000)
        self.latency: Histogram | None = None  # the wall's: from a final's recording to its socket having it
        self.writer = asyncio.get_running_loop().create_task(self._write())

    def send(self, message: BaseModel, *, recorded: float | None = None) -> None:
        """`recorded`: when the event this message shows was recorded (its ts), observed in `latency` once sent."""
        with contextlib.suppress(asyncio.QueueFull):  # a screen this far behind reconnects and is sent the state
            self.queue.put_nowait((message.model_dump_json(), recorded))

    async def _write(self) -> None:
        with contextlib.suppress(ConnectionClosed):
            while True:
                try:
                    async with asyncio.timeout(self.beat_s):
                        text, recorded = await self.queue.get()
                except TimeoutError:  # quiet for a while: a beat, so the page can tell quiet from cut off
                    text, recorded = self.beat, None
                await self.ws.send(text)
                if recorded is not None and self.latency is not None:
                    self.latency.observe(time.time() - recorded)


class Venue:
    def __init__(self, server: StudioServer, show: Installation) -> None:
        self.server = server
        self.show = show
        self.ledger = Ledger(server.config.data / "installation.sqlite")
        self.kiosks = {kiosk.id: KioskState(kiosk) for kiosk in show.kiosks}
        self.walls: set[Outbox] = set()
        self.consoles: set[Outbox] = set()
        self.screen: Screen | None = None  # made at start: embedding the exemplars takes a moment
        self.beat_s = BEAT_S
        self.now: Callable[[], datetime] = lambda: datetime.now(UTC)  # the clock the opening hours are kept by
        self.open = True  # within the opening hours (always, without them)
        self._hours: asyncio.TimerHandle | None = None
        self.agent: Agent  # made at start, once the server's painter is ready
        self._watchdogs: dict[str, asyncio.TimerHandle] = {}
        self._tidy: asyncio.Task[None] | None = None
        self._last_preview: dict[str, float] = {}
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
        # the server's own kind of agent for the persona, told what the kiosk's buttons mean (intent.py)
        self.agent = self.server.new_agent(self.show.persona)
        self.agent.router = KioskRouter(self.show.limits.pictures_per_wish)
        for session in self.ledger.open_visits():  # cut off by a stop or a crash: that visitor has gone
            self.ledger.visit_ended(session, "restart")
        self._tidy = asyncio.get_running_loop().create_task(keep_tidy(self))
        self.follow_hours()

    def follow_hours(self) -> None:
        """Open or closed, as the opening hours say it is now; the screens told of a change; woken again at the next
        opening or closing. A visitor still at a kiosk at closing time may finish (pick, take home), but no new
        wish is painted; the kiosks show the closing text, the wall its attract loop."""
        hours = self.show.hours
        if hours is None:
            return
        now = self.now()
        was, self.open = self.open, hours.is_open(now)
        if self._hours is not None:
            self._hours.cancel()
        self._hours = asyncio.get_running_loop().call_later(
            (hours.next_change(now) - now).total_seconds(), self.follow_hours
        )
        if self.open != was:
            log.info("the installation %s (opening hours)", "opens" if self.open else "closes")
            for state in self.kiosks.values():
                if state.visitor is None:
                    self._to_kiosk(state, self._kiosk_welcome(state))
            self._wall(HoursChanged(open=self.open))
            self._console_changed()

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
        if self._hours is not None:
            self._hours.cancel()
        for state in self.kiosks.values():
            if state.visitor is not None:
                self._end_visit(state, "stop", tell=False)
        self.ledger.close()

    # connections

    async def handle(self, ws: ServerConnection) -> None:
        try:
            hello = parse_hello(await asyncio.wait_for(ws.recv(), self.server.config.hello_timeout_s))
            token = hello.token if hello is not None else ""
        except (TimeoutError, ConnectionClosed):
            token = ""
        kiosk = self.show.kiosk(token) if token else None
        outbox = Outbox(ws, self.beat_s)
        try:
            if kiosk is not None:
                await self._serve_kiosk(self.kiosks[kiosk.id], outbox)
            elif token and token == self.show.wall.token:
                await self._serve_wall(outbox)
            elif token and token == self.show.operator_token:
                await self._serve_console(outbox)
            else:
                outbox.send(ScreenError(code="auth.invalid_token", message="this screen's token is wrong"))
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
                    await self._kiosk_message(state, parse_kiosk(frame))
                except StudioloError as error:
                    outbox.send(ScreenError(code=error.code, message=error.message, field=error.field))
        finally:
            if state.socket is outbox:
                state.socket = None
                self._console_changed()

    async def _serve_wall(self, outbox: Outbox) -> None:
        outbox.latency = self.wall_latency
        self.walls.add(outbox)
        wall = self.show.wall
        outbox.send(WallState(layout=wall.layout, mosaic=wall.mosaic, attract_after_s=wall.attract_after_s,
                              crossfade_s=wall.crossfade_s, painting=self._painting_now(), open=self.open,
                              gallery=[self._work(w) for w in self.ledger.gallery(wall.mosaic)]))  # fmt: skip
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
                    self._console_message(parse_console(frame))
                except StudioloError as error:
                    outbox.send(ScreenError(code=error.code, message=error.message, field=error.field))
                outbox.send(self._console_state())
        finally:
            self.consoles.discard(outbox)

    # kiosks

    async def _kiosk_message(self, state: KioskState, message: BaseModel) -> None:
        if isinstance(message, Done):  # answered with the welcome screen, whether or not a visitor was there
            if state.visitor is not None:
                self._end_visit(state, "done")
            else:
                self._to_kiosk(state, self._kiosk_welcome(state))
            return
        if state.paused or (not self.open and not isinstance(message, Pick)):  # closed: in the wish's language
            lang = message.lang if isinstance(message, Wish) and message.lang else self._visitor_lang(state)
            self._to_kiosk(state, Closed(text=self.show.texts[lang].closing))
            return
        if isinstance(message, Wish):  # a Change is a Wish too
            await self._wish(state, message.text, refine=isinstance(message, Change), lang=message.lang)
        elif isinstance(message, Another):
            visitor = state.visitor
            if visitor is None or not visitor.words:
                raise StudioloError("wish.missing", "make a wish first", field="type")
            await self._wish(state, visitor.words, refine=False, lang=visitor.lang)
        elif isinstance(message, Pick):
            self._pick(state, message.draft_id)

    async def _wish(self, state: KioskState, text: str, *, refine: bool, lang: Language | None) -> None:
        assert self.screen is not None
        lang = lang or detect_language(text)
        visitor = state.visitor
        if visitor is not None and self._limits_reached(visitor):
            self._to_kiosk(state, Reply(text=self.show.texts[visitor.lang].enough, enough=True))
            return
        if visitor is not None and visitor.room.tasks:
            raise StudioloError("wish.busy", "the artist is still painting your last wish", field="type")
        verdict = await asyncio.to_thread(self.screen.check, text)
        if not verdict.allowed:
            self.ledger.refused(
                Refusal(self.ledger.clock(), state.kiosk.id, verdict.lang, text, verdict.reason, verdict.matched)
            )
            self.refusals.labels(lang=verdict.lang, reason=verdict.reason).inc()
            log.info("kiosk %s: a wish refused (%s)", state.kiosk.id, verdict.reason)
            self._to_kiosk(state, Refused(text=self.show.texts[lang].refusal))
            self._console_changed()
            return
        visitor = self._visitor(state)
        visitor.lang, visitor.turns = lang, visitor.turns + 1
        if not refine:
            visitor.words = text
        self._wall(Painting(kiosk=state.kiosk.id, words=text))
        session = visitor.room.session
        # the visitor's language (the one they picked, else their words') and the installation's picture size
        options = TurnOptions(lang=visitor.lang, size=self.show.limits.picture_size)
        said = self.agent.say(session, text, speaker=visitor.participant, options=options)
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
            days, now = self.show.retention.picked_days, self.ledger.clock()
            work = Work(draft_id=draft_id, session=visitor.room.session.id, kiosk=state.kiosk.id, words=visitor.words,
                        caption=visitor.caption.get(draft_id, ""), code=new_code(), picked=now,
                        expires=now + days * 86400, hidden=False)  # fmt: skip
            self.ledger.add_work(work)
            self.picked.inc()
            self._wall(Picked(work=self._work(work)))
            agent = self.agent
            visitor.room.start(agent.feedback(visitor.room.session, draft_id, pick=True, speaker=visitor.participant),
                               owner=f"kiosk:{state.kiosk.id}", origin={"kind": "feedback"},
                               asker=visitor.tap)  # type: ignore[arg-type]  # fmt: skip
        url = f"{self.server.url}/share/{work.code}"
        self._to_kiosk(state, TakeHome(draft_id=draft_id, url=url, qr=qr_svg(url)))
        self._touch(state)

    def _visitor(self, state: KioskState) -> Visitor:
        if state.visitor is None:
            room = self.server.new_room()
            participant = room.session.join(Participant(id=f"visitor-{state.kiosk.id}", role="designer")).id
            tap = Tap(self, state.kiosk.id)
            room.viewers.add(tap)  # type: ignore[arg-type]
            state.visitor = Visitor(room=room, participant=participant, tap=tap)
            self.ledger.visit_started(room.session.id, state.kiosk.id)
            self._to_kiosk(state, VisitorStarted(session=room.session.id))
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
            self._wall(KioskIdle(kiosk=state.kiosk.id))
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
                preview = Preview(kiosk=kiosk, job_id=event.job_id, image=image)
                self._to_kiosk(state, preview)
                self._wall(preview)
        elif isinstance(event, DraftFinal) and event.skill != "upload":
            visitor.drafts += 1
            visitor.finals.append(event.draft_id)
            self.ledger.draft_made(event.draft_id, visitor.room.session.id)
            final = Final(kiosk=kiosk, draft_id=event.draft_id, url=self.server.authority.draft_url(event.draft_id),
                          words=visitor.words, recorded=event.ts)  # fmt: skip
            self._to_kiosk(state, final)
            if event.job_id not in visitor.captioned:  # the wall shows each wish's first picture, at once
                visitor.captioned.add(event.job_id)
                self._wall(final, recorded=event.ts)
                asyncio.get_running_loop().create_task(self._caption(state, visitor, event))
        elif isinstance(event, ReplyDone):
            self._to_kiosk(state, Reply(text=event.text))
        elif isinstance(event, JobFinished | JobFailed | JobCancelled):
            self._last_preview.pop(event.job_id, None)
            if (timer := self._watchdogs.pop(event.job_id, None)) is not None:
                timer.cancel()
            self._to_kiosk(state, JobEnd(job_id=event.job_id, status=event.type))
        self._touch(state)

    async def _caption(self, state: KioskState, visitor: Visitor, event: DraftFinal) -> None:
        """The artist's caption for a final on the wall (the describer's), sent after it and only if it passes the
        screen too. Decoding the PNG is a thread's work: on the loop it would hold up every screen's frames."""
        assert self.screen is not None
        describer = self.agent.describer
        description = await asyncio.to_thread(lambda: describer.describe(open_image(event.image), lang=visitor.lang))
        caption = description.text.strip()
        if caption and not (await asyncio.to_thread(self.screen.check, caption)).allowed:
            caption = ""
        visitor.caption[event.draft_id] = caption
        shown = Caption(kiosk=state.kiosk.id, draft_id=event.draft_id, text=caption)
        self._to_kiosk(state, shown)
        self._wall(shown)

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
            self._to_kiosk(state, Reply(text=self.show.texts[visitor.lang].stuck, stuck=True))

    # the operator

    def _console_message(self, message: BaseModel) -> None:
        if isinstance(message, Hide):
            if not self.ledger.hide(message.draft_id):
                raise StudioloError("draft.not_found", "no picked picture has that id", field="draft_id")
            self._wall(Hidden(draft_id=message.draft_id))
        elif isinstance(message, SpeakAsArtist) and message.kiosk is None:
            self._wall(Reply(text=message.text, by="operator"))
        elif isinstance(message, SpeakAsArtist | Pause | Resume | Skip):
            state = self.kiosks.get(message.kiosk or "")
            if state is None:
                raise StudioloError("kiosk.not_found", "there is no such kiosk", field="kiosk")
            if isinstance(message, SpeakAsArtist):
                self._to_kiosk(state, Reply(text=message.text, by="operator"))
            elif isinstance(message, Skip):
                self._end_visit(state, "skipped")
            else:
                state.paused = isinstance(message, Pause)
                if state.paused and state.visitor is not None:
                    self._end_visit(state, "paused")
                self._to_kiosk(state, self._kiosk_welcome(state))

    def _console_state(self) -> ConsoleState:
        kiosks = []
        for state in self.kiosks.values():
            visitor = state.visitor
            kiosks.append(KioskShown(id=state.kiosk.id, name=state.kiosk.name or state.kiosk.id,
                                     online=state.socket is not None, paused=state.paused,
                                     visitor=visitor.room.session.id if visitor else None,
                                     busy=visitor is not None and bool(visitor.room.tasks), served=state.served))  # fmt: skip
        refusals = [RefusalShown(at=r.at, kiosk=r.kiosk, lang=r.lang, text=r.text, reason=r.reason)
                    for r in self.ledger.refusals(20)]  # fmt: skip
        disk = Disk(bytes=self.disk_used, quota_mb=self.show.retention.disk_quota_mb, warning=self.disk_warned)
        return ConsoleState(kiosks=kiosks, refusals=refusals, queue=self.server.scheduler.depth, disk=disk,
                            open=self.open, gallery=[self._work(w) for w in self.ledger.gallery(self.show.wall.mosaic)])  # fmt: skip

    def _console_changed(self) -> None:
        if self.consoles:
            state = self._console_state()
            for console in self.consoles:
                console.send(state)

    # sending

    def _to_kiosk(self, state: KioskState, message: BaseModel) -> None:
        if state.socket is not None:
            state.socket.send(message)

    def _wall(self, message: BaseModel, *, recorded: float | None = None) -> None:
        for wall in self.walls:
            wall.send(message, recorded=recorded)

    def _kiosk_welcome(self, state: KioskState) -> KioskWelcome:
        return KioskWelcome(kiosk=state.kiosk.id, name=self.show.name, paused=state.paused, closed=state.paused or not self.open,
                            texts=self.show.texts, idle_s=self.show.limits.idle_s)  # fmt: skip

    def _visitor_lang(self, state: KioskState) -> Language:
        return state.visitor.lang if state.visitor else "en"

    def _work(self, work: Work) -> WorkShown:
        return WorkShown(draft_id=work.draft_id, url=self.server.authority.draft_url(work.draft_id),
                         caption=work.caption, words=work.words, kiosk=work.kiosk)  # fmt: skip

    def _painting_now(self) -> list[PaintingNow]:
        return [PaintingNow(kiosk=s.kiosk.id, words=s.visitor.words) for s in self.kiosks.values()
                if s.visitor is not None and s.visitor.room.tasks]  # fmt: skip
