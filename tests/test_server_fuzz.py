"""Fuzzing a live server: thousands of random and malformed frames, and the server, its sessions and its store live on.

One real StudioServer (the default agent: sketch painter, MiniLM router, SmolLM2 voice) runs on 127.0.0.1 in a
thread with its own event loop; the test talks to it with websockets' synchronous client, so hypothesis drives
an ordinary function. A designer first paints something; then hypothesis sends random bytes, random text, random
JSON, messages of every type with wrong, random and hostile field values, oversized frames, uploads of corrupt
images and decompression bombs, ids with path traversal, hellos with bad tokens, replays from unknown seqs, and
observers trying to act. After each frame the test sends `ping` and reads up to the `pong`: whatever the server
answered on the way must be an `error` with a known, stable code (the one an independent oracle expects, where
it is deterministic) or a normal answer; a connection it closes must close with a documented code; durable
seqs seen by every connection stay dense. An observer watches the whole run.

Afterwards: the designer's session still works end to end, its original events (bodies and images) are
unchanged, new events were only appended, the log still rebuilds the session, SQLite says "ok", /healthz
answers, and nothing was logged as a crash in the server.

About 80 examples of 34 to 46 frames each (over 3,000 frames; STUDIOLO_FUZZ_EXAMPLES=N to change it), in about
half a minute on two cores, most of it the models loading. No example database and no shrinking (each example
runs against the live server, with everything before it): a failure prints its whole batch, briefly.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import logging
import os
import re
import struct
import threading
import time
import urllib.request
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from PIL import Image
from pydantic import TypeAdapter, ValidationError
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from studiolo.agent.session import Session
from studiolo.client import Client
from studiolo.events import DraftFinal, DraftPreview, ErrorEvent, Event, JobFailed
from studiolo.server.app import StudioServer
from studiolo.server.protocol import OWN_CODES, ClientMessage, UploadHeader, decode_server_frame, join_binary
from studiolo.settings import Settings

# hostile uploads make Pillow warn about what it reads (corrupt EXIF, ...): expected here, and the server copes
pytestmark = [
    pytest.mark.filterwarnings("ignore::UserWarning:PIL"),
    # the server's thread uses `random` while hypothesis draws in this one; that is no strategy's doing
    pytest.mark.filterwarnings(
        "ignore:Do not use the `random` module inside strategies:hypothesis.errors.HypothesisDeprecationWarning"
    ),
]

DESIGNER, OBSERVER, OPERATOR = "designer-token-1", "observer-token-1", "operator-token-1"
TOKENS = {DESIGNER: "designer", OBSERVER: "observer", OPERATOR: "operator"}
MAX_TEXT = 64 * 1024
MAX_UPLOAD = 256 * 1024  # small, so that uploads over the limit and frames over the hard limit stay cheap
HARD_LIMIT = MAX_UPLOAD + 2 * 64 * 1024  # websockets' max_size for those who may upload: beyond it, close 1009


def hard_limit(role: str) -> int:
    """The largest frame a participant in `role` may send: an upload's for designers and operators, else (and
    before hello) twice a text message's."""
    return HARD_LIMIT if role in ("designer", "operator") else 2 * MAX_TEXT


EXAMPLES = int(os.environ.get("STUDIOLO_FUZZ_EXAMPLES", "80"))
CASES_PER_EXAMPLE = (34, 46)
MIN_FRAMES = 2000
ANSWER_TIMEOUT_S = 30.0

# Every code an `error` event may carry: what studiolo/server, studiolo/agent, the skills and image decoding raise
# (test_known_codes_are_real_codes keeps this list honest).
ERROR_CODES = {
    # server: frames, messages, hello, auth, limits
    "json.invalid", "message.invalid", "message.unknown_type", "frame.invalid", "frame.too_large", "rate.limited",
    "hello.missing", "hello.repeated", "hello.timeout", "auth.invalid_token", "auth.role_forbidden",
    "auth.wrong_session", "session.required", "session.not_found", "resume.unknown_seq", "role.forbidden",
    "upload.empty", "upload.too_large", "cancel.too_late", "job.not_running", "job.not_found", "job.not_retryable",
    "busy", "name.invalid", "auth.revoked", "invitation.not_found", "quota.jobs", "quota.sessions",
    # images
    "image.empty", "image.too_large", "image.unreadable", "image.unsupported_format",
    # agent and skills
    "draft.not_found", "draft.not_running", "draft.nothing_to_undo", "draft.nothing_to_redo", "feedback.invalid",
    "turn.empty", "turn.too_long", "turn.not_utf8", "params.invalid", "prompt.too_long", "size.out_of_range",
    "collaboration.ended", "collaboration.not_proposed",
}  # fmt: skip
JOB_FAILURE_CODES = {"job.interrupted", "model.not_found", "model.unsupported", "model.out_of_memory", "model.device_unavailable",
                     "model.lora_invalid", "image.unreadable", "prompt.too_long", "size.out_of_range", "draft.not_found"}  # fmt: skip
CLOSE_CODES = {4001, 4002, 4008, 4029, 1009}  # docs/asyncapi.yaml, "Close codes"
IMAGE_CODES = frozenset({"image.empty", "image.too_large", "image.unreadable", "image.unsupported_format"})
HEX = "0123456789abcdef"
CLIENT_TYPES = (
    "hello",
    "say",
    "feedback",
    "select",
    "branch",
    "undo",
    "redo",
    "cancel",
    "retry",
    "ping",
    "speak",
    "reset",
    "invite",
    "invitations",
    "revoke",
)
_client = TypeAdapter(ClientMessage)


def test_known_codes_are_real_codes() -> None:
    """Each code the fuzzer accepts is one the source raises (a typo here would widen what is accepted)."""
    source = "\n".join(p.read_text() for p in Path(__file__).resolve().parent.parent.joinpath("studiolo").rglob("*.py"))
    raised = set(re.findall(r'(?:StudioloError\(\s*|PydanticCustomError\(\s*|code=)"([a-z0-9_.]+)"', source))
    raised |= {"params.invalid"}
    assert ERROR_CODES - raised == set() and JOB_FAILURE_CODES - raised == set()


# --- the live server, in a thread of its own ---------------------------------------------------------------------


class LiveServer:
    """A StudioServer with its own event loop in a thread, and what it logged or leaked as a crash."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.crashes: list[str] = []
        self._ready = threading.Event()
        self._failed: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="studiolo-fuzz-server", daemon=True)
        self._handler = _CrashLog(self.crashes)

    def __enter__(self) -> LiveServer:
        for name in ("websockets", "studiolo", "asyncio"):
            logging.getLogger(name).addHandler(self._handler)
        self._thread.start()
        if not self._ready.wait(180) or self._failed is not None:
            raise RuntimeError(f"the server did not start: {self._failed!r}")
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self._ready.is_set() and self._failed is None:
                self.loop.call_soon_threadsafe(self._stop.set)
            self._thread.join(60)
        finally:
            for name in ("websockets", "studiolo", "asyncio"):
                logging.getLogger(name).removeHandler(self._handler)

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as error:  # pragma: no cover - reported by __enter__
            self._failed = error
            self._ready.set()

    async def _main(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.loop.set_exception_handler(
            lambda loop, context: self.crashes.append(f"loop: {context.get('message')} {context.get('exception')!r}")
        )
        settings = Settings.load(server={
            "port": 0, "data": self.data, "tokens": TOKENS, "messages_per_second": 1000, "message_burst": 1000,
            "max_upload_bytes": MAX_UPLOAD, "hello_timeout_s": 2.0,
        })  # fmt: skip
        self.server = StudioServer(settings)
        await self.server.start()
        self.port = self.server.port
        self._stop = asyncio.Event()
        self._ready.set()
        await self._stop.wait()
        await self.server.stop()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    def call(self, function: Callable[[], Any]) -> Any:
        """Run `function` on the server's loop (the store and the rooms belong to it) and return its result."""

        async def run() -> Any:
            return function()

        return asyncio.run_coroutine_threadsafe(run(), self.loop).result(60)

    def quiet(self, timeout: float = 60.0) -> None:
        """Wait until no room runs an action."""
        deadline = time.monotonic() + timeout
        while self.call(lambda: any(room.tasks for room in self.server.rooms.values())):
            assert time.monotonic() < deadline, "the server's actions did not finish"
            time.sleep(0.05)


class _CrashLog(logging.Handler):
    def __init__(self, sink: list[str]) -> None:
        super().__init__(logging.ERROR)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(f"log {record.name}: {record.getMessage()} {record.exc_info[1] if record.exc_info else ''!r}")


# --- a connection that checks everything it receives -------------------------------------------------------------


def _open(url: str) -> ClientConnection:
    # max_queue=None: the client thread keeps reading, so a close frame is never stuck behind unread events
    ws = connect(url, max_size=2**26, max_queue=None, compression=None, open_timeout=20, close_timeout=5)
    return ws.__enter__()  # as `with connect(...)` does; closed by ws.close()


class Closed(Exception):
    def __init__(self, code: int, reason: str) -> None:
        super().__init__(f"closed {code} {reason}")
        self.code = code
        self.reason = reason


def _close_code(error: ConnectionClosed) -> tuple[int, str]:
    return (error.rcvd.code, error.rcvd.reason) if error.rcvd is not None else (1006, "no close frame")


class Peer:
    """One participant's connection. Every frame it receives is decoded strictly and classified:
    durable events (seq = last + 1, so seqs stay dense), previews (seq <= last), or answers to this connection
    (pong, invitation, error: seq = last). Anything else is a violation."""

    def __init__(self, url: str, hello: dict[str, Any]) -> None:
        self.ws: ClientConnection = _open(url)
        self.violations: list[str] = []
        self.errors: list[ErrorEvent] = []
        self.before_welcome: list[Event] = []
        self.closed: Closed | None = None
        self.ws.send(json.dumps(hello))
        while True:
            event = self.next(time.monotonic() + ANSWER_TIMEOUT_S)
            if event.type == "welcome":
                break
            self.before_welcome.append(event)
            self.check_event(event)
        self.welcome = event
        self.session = event.session
        resume = hello.get("resume_from")
        self.last = resume if resume is not None and not self.before_welcome else event.seq

    def next(self, deadline: float) -> Event:
        try:
            frame = self.ws.recv(timeout=max(0.01, deadline - time.monotonic()))
        except TimeoutError:
            raise AssertionError("the server did not answer in time (a hung connection)") from None
        except ConnectionClosed as error:
            self.closed = Closed(*_close_code(error))
            raise self.closed from None
        try:
            return decode_server_frame(frame)
        except Exception as error:  # the server sent something its own protocol does not describe
            raise AssertionError(f"undecodable server frame {frame[:200]!r}: {error}") from None

    def check_event(self, event: Event) -> None:
        if isinstance(event, ErrorEvent):
            self.errors.append(event)
            if event.code not in ERROR_CODES:
                self.violations.append(f"unknown error code {event.code!r}: {event.message}")
            if not event.message or "Traceback" in event.message or len(event.message) > 2000:
                self.violations.append(f"bad error message for {event.code}: {event.message[:300]!r}")
        if isinstance(event, JobFailed) and event.code not in JOB_FAILURE_CODES:
            self.violations.append(f"unknown job failure code {event.code!r}")

    def classify(self, event: Event) -> str:
        self.check_event(event)
        if isinstance(event, DraftPreview):
            if event.seq > self.last:
                self.violations.append(f"a preview with seq {event.seq} ahead of the last durable {self.last}")
            return "preview"
        # answers to this connection; a refusal's error and the artist's words about it are asides (seq = last)
        aside = event.type in ("error", "reply.delta", "reply.done") and event.seq == self.last
        if event.type in ("pong", "invitation", "invitation.list") or aside:
            if event.seq != self.last:
                self.violations.append(f"{event.type} carries seq {event.seq}, not the current {self.last}")
            return "answer"
        if event.seq != self.last + 1:
            self.violations.append(f"durable {event.type} has seq {event.seq} after {self.last}: a gap or a repeat")
        self.last = event.seq
        return "durable"

    def exchange(self, frame: str | bytes, pongs: int = 1) -> list[Event]:
        """Send `frame`, then a ping; the answers to this connection up to the pong(s)."""
        answers: list[Event] = []
        try:
            self.ws.send(frame)
            self.ws.send('{"type":"ping"}')
        except ConnectionClosed as error:
            self.closed = Closed(*_close_code(error))
            raise self.closed from None
        deadline = time.monotonic() + ANSWER_TIMEOUT_S
        got = 0
        stream: list[tuple[Event, str]] = []
        while got < pongs:
            event = self.next(deadline)
            stream.append((event, self.classify(event)))
            got += event.type == "pong"
        # An action's refusal (the agent's error, then at once the artist's words about it) comes when the action
        # runs, not in answer to the frame just sent: it is checked for a known code, and is not this frame's answer.
        for i, (event, kind) in enumerate(stream):
            # (the words are an aside too: a durable reply.delta is another action's, broadcast to all)
            refusal = event.type == "error" and i + 1 < len(stream) and stream[i + 1][0].type == "reply.delta"
            refusal = refusal and stream[i + 1][1] == "answer"
            if kind == "answer" and not refusal and event.type not in ("reply.delta", "reply.done"):
                answers.append(event)
        return answers

    def drain(self, idle: float = 1.0, limit: float = 30.0) -> None:
        """Read and check everything until nothing comes for `idle` seconds, or the connection closes."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            try:
                self.classify(self.next(time.monotonic() + idle))
            except AssertionError as error:
                if "in time" not in str(error):
                    raise
                return
            except Closed:
                return

    def close(self) -> None:
        self.ws.close()


class Watcher(threading.Thread):
    """An observer reading the whole session for the whole run, checking every frame (Peer.classify)."""

    def __init__(self, url: str, session: str) -> None:
        super().__init__(name="studiolo-fuzz-watcher", daemon=True)
        self.peer = Peer(
            url,
            {
                "type": "hello",
                "protocol": 1,
                "token": OBSERVER,
                "session": session,
                "role": "observer",
                "resume_from": 0,
            },
        )
        self.replayed: list[Event] = []
        self.live_types: Counter[str] = Counter()
        self.seen = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            try:
                frame = self.peer.ws.recv(timeout=0.2)
            except TimeoutError:
                continue
            except ConnectionClosed as error:
                self.peer.closed = Closed(*_close_code(error))
                return
            try:
                event = decode_server_frame(frame)
            except Exception as error:  # the server sent what its own protocol does not describe
                self.peer.violations.append(f"undecodable server frame {frame[:200]!r}: {error}")
                continue
            kind = self.peer.classify(event)
            self.seen += 1
            if kind == "durable" and event.seq <= self.peer.welcome.seq:
                self.replayed.append(event)
            elif kind == "durable":
                self.live_types[event.type] += 1
                if event.type == "turn.routed" and getattr(event, "skill", None) == "upload":
                    self.live_types["upload answered"] += 1

    def stop(self) -> None:
        self._halt.set()
        self.join(10)
        self.peer.close()


# --- what to send: cases and the oracle of what each should get --------------------------------------------------


@dataclass(frozen=True)
class Expect:
    codes: frozenset[str] = frozenset()  # the answer's error code is one of these
    optional: bool = False  # ... or there is no error at all
    any: bool = False  # no expectation beyond "known codes"
    invitation: bool = False
    close: int | None = None  # the server closes the connection with this code


class Case:
    """One frame to send, who sends it (designer, observer, operator, or new: it opens a fresh connection), and
    what it must get. A plain class, so that hypothesis prints a failing example briefly."""

    def __init__(self, kind: str, via: str, frame: str | bytes, expect: Expect) -> None:
        self.kind = kind
        self.via = via
        self.frame = frame
        self.expect = expect

    def __repr__(self) -> str:
        return f"Case({self.kind}, via={self.via}, {len(self.frame)} bytes: {self.frame[:120]!r})"


def expect_text(frame: str, role: str) -> Expect:
    """What a text frame from a participant in `role` must get, from the protocol's rules (DESIGN.md)."""
    size = len(frame.encode("utf-8", "surrogatepass"))
    if size > hard_limit(role):
        return Expect(close=1009)
    if size > MAX_TEXT:
        return Expect(frozenset({"frame.too_large"}))
    try:
        data = json.loads(frame)
    except (ValueError, RecursionError):
        return Expect(frozenset({"json.invalid"}))
    return expect_message(data, role)


def expect_message(data: Any, role: str) -> Expect:
    if not isinstance(data, dict) or "type" not in data:
        return Expect(frozenset({"message.invalid"}))
    kind = data["type"]
    if kind == "upload":  # an upload header is a binary frame's; as text it is refused
        return Expect(frozenset({"message.invalid"}))
    if kind not in CLIENT_TYPES:
        return Expect(frozenset({"message.unknown_type"}))
    try:
        message = _client.validate_python(data)
    except ValidationError as error:  # the server's code: message.invalid, or a validator's own (name.invalid)
        first = error.errors()[0]["type"]
        return Expect(frozenset({first if first in OWN_CODES else "message.invalid"}))
    except RecursionError:
        return Expect(frozenset({"message.invalid"}))
    if kind == "hello":
        return Expect(frozenset({"hello.repeated"}))
    if kind == "ping":
        return Expect()
    forbidden = Expect(frozenset({"role.forbidden"}))
    if role == "observer" or (kind in ("speak", "reset") and role != "operator"):
        return forbidden  # observers watch; only operators speak as the persona or reset
    if kind in ("invitations", "revoke"):  # operators only; the fuzzer never knows a real invitation's id
        if role != "operator":
            return forbidden
        return Expect(frozenset({"invitation.not_found"})) if kind == "revoke" else Expect()
    if kind == "invite":  # designers and operators, for a role no higher than their own
        rank = {"observer": 0, "designer": 1, "operator": 2}
        return forbidden if rank[message.role] > rank[role] else Expect(invitation=True)
    if kind == "cancel":
        if message.draft_id is not None and "." not in message.draft_id:
            return Expect(frozenset({"draft.not_found", "cancel.too_late"}))
        if message.job_id is not None or message.draft_id is not None:
            return Expect(frozenset({"job.not_running", "draft.not_running"}))
        return Expect()
    if kind == "retry":
        return Expect(frozenset({"job.not_found", "job.not_retryable"}))
    return Expect()  # say, feedback, select, branch, undo, redo, speak, reset: answered by the session's events


def expect_binary(frame: bytes, role: str, image_expect: Expect | None) -> Expect:
    if len(frame) > hard_limit(role):
        return Expect(close=1009)
    invalid = Expect(frozenset({"frame.invalid"}))
    if len(frame) < 4:
        return invalid
    (length,) = struct.unpack(">I", frame[:4])
    if length > 64 * 1024 or 4 + length > len(frame):
        return invalid
    try:
        header = json.loads(frame[4 : 4 + length].decode("utf-8"))
    except (ValueError, RecursionError):
        return invalid
    if not isinstance(header, dict):
        return invalid
    if header.get("type") != "upload":
        if "type" in header and header["type"] not in CLIENT_TYPES:
            return Expect(frozenset({"message.unknown_type"}))
        return Expect(frozenset({"message.invalid"}))
    try:
        UploadHeader.model_validate(header)
    except ValidationError:
        return Expect(frozenset({"message.invalid"}))
    image = frame[4 + length :]
    if not image:
        return Expect(frozenset({"upload.empty"}))
    if len(image) > MAX_UPLOAD:
        return Expect(frozenset({"upload.too_large"}))
    if role == "observer":
        return Expect(frozenset({"role.forbidden"}))
    return image_expect or Expect(IMAGE_CODES, optional=True)


# strategies

hex_ids = lambda n: st.text(HEX, min_size=n, max_size=n)  # noqa: E731
TRAVERSALS = ["../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/passwd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "....//....//etc/passwd",
              "0123456789abcdef0123456789abcdef/../../x", "0123456789abcdef0123456789abcdef\x00.png", "a" * 32 + "\n",
              "'; DROP TABLE events; --", "file:///etc/passwd", "~/.ssh/id_rsa", "images/ab/../../studiolo.sqlite3", ""]  # fmt: skip
json_leaves = st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text(max_size=40)
json_values = st.recursive(
    json_leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=10,
)


def _png(image: Image.Image, **options: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, **options)
    return out.getvalue()


def _samples() -> list[bytes]:
    image = Image.new("RGB", (24, 16), (30, 60, 200))
    for x in range(16):
        image.putpixel((x, x), (255, 220, 0))
    return [
        _png(image, format="PNG"),
        _png(image.convert("RGBA"), format="PNG"),
        _png(image.convert("P"), format="PNG"),
        _png(image, format="JPEG", quality=80),
        _png(image, format="WEBP"),
    ]


GOOD_IMAGES = _samples()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` x `height` pixels: a decompression bomb's calling card."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 256)) + chunk(b"IEND", b"")
    )


MAGIC = [b"BM", b"GIF89a", b"II*\x00", b"MM\x00*", b"\x00\x00\x01\x00", b"8BPS", b"P6\n", b"P1\n", b"\x01\xda", b"\xff\xd8\xff\xe0",
         b"\x89PNG\r\n\x1a\n", b"RIFF\x10\x00\x00\x00WEBPVP8 ", b"RIFF\x10\x00\x00\x00WEBPVP8L", b"\x00\x00\x00\x0cjP  \r\n\x87\n",
         b"DDS ", b"icns", b"#define", b"/* XPM */", b"SIMPLE  =", b"%!PS", b"\x59\xa6\x6a\x95", b"FORM", b"qoif"]  # fmt: skip


@st.composite
def images(draw: st.DrawFn) -> tuple[bytes, Expect | None]:
    """Image bytes for an upload, and what they must get (None: any image error, or none)."""
    choice = draw(st.sampled_from(["good", "mutated", "truncated", "magic", "random", "bomb", "huge", "zero"]))
    if choice == "good":
        return draw(st.sampled_from(GOOD_IMAGES)), Expect()
    if choice == "mutated":
        data = bytearray(draw(st.sampled_from(GOOD_IMAGES)))
        for position, value in draw(
            st.lists(st.tuples(st.integers(0, len(data) - 1), st.integers(0, 255)), min_size=1, max_size=8)
        ):
            data[position] = value
        return bytes(data), None
    if choice == "truncated":
        data = draw(st.sampled_from(GOOD_IMAGES))
        return data[: draw(st.integers(1, len(data) - 1))], None
    if choice == "magic":
        return draw(st.sampled_from(MAGIC)) + draw(st.binary(max_size=120)), None
    if choice == "random":
        return draw(st.binary(min_size=1, max_size=200)), None
    if choice == "bomb":
        width, height = draw(
            st.sampled_from(
                [
                    (50_000, 50_000),
                    (2**31 - 1, 2**31 - 1),
                    (5000, 4000),
                    (9000, 9000),
                    (12_000, 12_000),
                    (1, 20_000_000),
                ]
            )
        )
        return png_claiming(width, height), Expect(frozenset({"image.too_large"}))
    if choice == "huge":  # over max_upload_bytes, under the hard frame limit
        return bytes(draw(st.integers(MAX_UPLOAD + 1, HARD_LIMIT - 70_000))), Expect(frozenset({"upload.too_large"}))
    return png_claiming(0, draw(st.integers(0, 3))), None


def field_values(name: str, ids: dict[str, list[str]]) -> st.SearchStrategy[Any]:
    """Values for a message field: plausible ones, hostile ones, and any JSON at all."""
    real = st.sampled_from(ids["drafts"])
    draft_ids = st.sampled_from(["real", "real", "hex", "traversal", "text"]).flatmap(
        lambda c: {
            "real": real,
            "hex": hex_ids(32),
            "traversal": st.sampled_from(TRAVERSALS),
            "text": st.text(max_size=40),
        }[c]
    )
    job_ids = (
        st.sampled_from(ids["jobs"])
        | st.builds(lambda s, n: f"{s}-job{n}", hex_ids(16), st.integers(0, 10**10))
        | st.sampled_from(TRAVERSALS)
    )
    plausible: dict[str, st.SearchStrategy[Any]] = {
        "text": st.text(max_size=80) | st.sampled_from(["x" * 20_001, "   ", "a\ud800b", "\udfff"]),
        "attachments": st.lists(draft_ids, max_size=9),
        "draft_id": draft_ids | st.builds(lambda j, i: f"{j}.{i}", job_ids, st.integers(0, 120)),
        "job_id": job_ids,
        "rating": st.integers(-4, 4),
        "pick": st.booleans(),
        "token": st.sampled_from([DESIGNER, OBSERVER, OPERATOR]) | st.text(max_size=30),
        "session": st.sampled_from(ids["sessions"]) | hex_ids(16) | st.sampled_from(TRAVERSALS),
        "role": st.sampled_from(["designer", "observer", "operator", "admin", "Designer", ""]),
        "resume_from": st.integers(-3, 10**6),
        "name": st.text(max_size=120) | st.sampled_from(["\ud83c", "../../etc/passwd", "<script>alert(1)</script>"]),
        "ttl_s": st.integers(-10, 10**8),
        "id": hex_ids(16) | st.sampled_from(TRAVERSALS),
        "protocol": st.sampled_from([1, 1, 1, 0, 2, -1]),
        "mime": st.sampled_from(["image/png", "image/jpeg", "image/webp", "image/gif", "text/html"]),
    }
    choice = st.sampled_from(["plausible"] * 4 + ["json", "none"])  # mostly plausible
    return choice.flatmap(
        lambda c: plausible.get(name, json_values) if c == "plausible" else json_values if c == "json" else st.none()
    )


FIELDS = {
    "hello": ["protocol", "token", "session", "role", "resume_from", "name"], "say": ["text", "attachments"],
    "feedback": ["draft_id", "rating", "pick", "text"], "select": ["draft_id"], "branch": ["draft_id"], "undo": [],
    "redo": [], "cancel": ["job_id", "draft_id"], "retry": ["job_id"], "ping": [], "speak": ["text"], "reset": [],
    "invite": ["role", "ttl_s"], "upload": ["mime", "name"], "invitations": [], "revoke": ["id"],
}  # fmt: skip


@st.composite
def messages(draw: st.DrawFn, ids: dict[str, list[str]]) -> dict[str, Any]:
    """A message of a known type (or an unknown one), each field present or not, with any value, maybe an extra."""
    pick = draw(st.sampled_from(["known"] * 6 + ["strange", "random"]))
    if pick == "known":
        kind = draw(st.sampled_from([*CLIENT_TYPES, "upload"]))
    elif pick == "strange":
        kind = draw(st.sampled_from(["welcome", "SAY", "say ", "", "draft.final", "__proto__"]))
    else:
        kind = draw(st.text(max_size=12))
    message: dict[str, Any] = {"type": kind}
    for name in FIELDS.get(kind, []):
        if draw(st.sampled_from([True, True, True, False])):
            message[name] = draw(field_values(name, ids))
    if draw(st.integers(0, 9)) == 0:
        message[draw(st.text(min_size=1, max_size=10))] = draw(json_values)
    return message


@st.composite
def actions(draw: st.DrawFn, ids: dict[str, list[str]]) -> dict[str, Any]:
    """A valid message with plausible values: what a designer, observer or operator would really send."""
    kind = draw(
        st.sampled_from(
            [
                "say",
                "feedback",
                "select",
                "branch",
                "undo",
                "redo",
                "cancel",
                "retry",
                "speak",
                "reset",
                "invite",
                "ping",
            ]
        )
    )
    draft = draw(st.sampled_from(ids["drafts"]) | hex_ids(32))
    job = draw(st.sampled_from(ids["jobs"]) | st.builds(lambda n: f"{ids['sessions'][0]}-job{n}", st.integers(0, 99)))
    text = draw(st.text(max_size=60))
    message: dict[str, Any] = {"type": kind}
    if kind == "say":
        message |= {"text": text, "attachments": [draft]}
    elif kind == "feedback":
        message |= {
            "draft_id": draft,
            "rating": draw(st.none() | st.integers(-2, 2)),
            "pick": draw(st.booleans()),
            "text": draw(st.none() | st.just(text)),
        }
    elif kind in ("select", "branch"):
        message["draft_id"] = draft
    elif kind == "cancel":
        message |= draw(
            st.sampled_from([{}, {"job_id": job}, {"draft_id": draft}, {"draft_id": f"{job}.{len(text) % 4}"}])
        )
    elif kind == "retry":
        message["job_id"] = job
    elif kind == "speak":
        message["text"] = text
    elif kind == "invite":
        message |= {
            "role": draw(st.sampled_from(["observer", "designer", "operator"])),
            "ttl_s": draw(st.integers(60, 30 * 24 * 3600)),
        }
    return message


def tame(message: dict[str, Any], role: str) -> dict[str, Any]:
    """A valid `say` would paint (seconds of CPU, and a running job the cancel and retry oracle assumes there is
    not): give it an attachment no session has, so it is refused at once."""
    if message.get("type") == "say" and role != "observer":
        try:
            _client.validate_python(message)
        except (ValidationError, RecursionError):
            return message
        return {**message, "attachments": [*message.get("attachments", [])[:7], "f" * 32]}
    return message


def _dumps(value: Any) -> str:
    text = json.dumps(value, allow_nan=True, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate travels as its \ud800 escape
        return json.dumps(value, allow_nan=True)
    return text


@st.composite
def cases(draw: st.DrawFn, ids: dict[str, list[str]]) -> Case:
    via = draw(st.sampled_from(["designer"] * 5 + ["observer"] * 2 + ["operator"] * 2))
    kind = draw(st.sampled_from(["message"] * 10 + ["action"] * 6 + ["bytes"] * 2 + ["text"] * 2 + ["json"] * 2 + ["upload"] * 5
                                + ["traversal", "near_json", "nested", "oversized", "hard_limit"] + ["hello"] * 3))  # fmt: skip
    if kind == "action":
        text = _dumps(tame(draw(actions(ids)), via))
        return Case(kind, via, text, expect_text(text, via))
    if kind == "message":
        text = _dumps(tame(draw(messages(ids)), via))
        return Case(kind, via, text, expect_text(text, via))
    if kind == "bytes":
        frame = draw(st.binary(max_size=300))
        return Case(kind, via, frame, expect_binary(frame, via, None))
    if kind == "text":
        text = draw(st.text(max_size=300))
        return Case(kind, via, text, expect_text(text, via))
    if kind == "json":
        text = _dumps(draw(json_values))
        return Case(kind, via, text, expect_text(text, via))
    if kind == "near_json":  # a valid message with a few characters changed
        text = list(_dumps(tame(draw(messages(ids)), via)))
        for position, char in draw(
            st.lists(
                st.tuples(st.integers(0, len(text) - 1), st.sampled_from(list('{}[]":,\\ 0a\x00'))),
                min_size=1,
                max_size=3,
            )
        ):
            text[position] = char
        joined = "".join(text)
        return Case(kind, via, joined, expect_text(joined, via))
    if kind == "traversal":
        field = draw(st.sampled_from(["select", "branch", "feedback", "cancel", "say"]))
        bad = draw(st.sampled_from(TRAVERSALS[:-1]))
        message = (
            {"type": field, "attachments": [bad], "text": "hi"} if field == "say" else {"type": field, "draft_id": bad}
        )
        text = _dumps(message)
        return Case(kind, via, text, Expect(frozenset({"message.invalid"})))
    if kind == "nested":
        depth = draw(st.integers(10, 500) | st.integers(5000, 40_000))  # clear of the interpreter's recursion limit
        opener, closer = draw(st.sampled_from([("[", "]"), ('{"a":', "}"), ('{"type":"say","text":[', "]}")]))
        text = opener * depth + "1" + closer * depth
        if draw(st.booleans()):  # the same, as the header of a binary frame
            frame = struct.pack(">I", len(text.encode())) + text.encode() + b"\x89PNG"
            return Case(kind, via, frame, expect_binary(frame, via, None))
        return Case(kind, via, text, expect_text(text, via))
    if kind == "oversized":
        char = draw(st.sampled_from(["x", "é", "🌙"]))
        size = draw(st.integers(MAX_TEXT // len(char.encode()) - 20, (hard_limit(via) - 1000) // len(char.encode())))
        text = _dumps(tame({"type": "say", "text": char * size}, via))  # if it is let through, it paints nothing
        return Case(kind, via, text, expect_text(text, via))
    if kind == "hard_limit":
        size = draw(st.integers(hard_limit(via) + 1, hard_limit(via) + 5000))
        frame: str | bytes = draw(st.sampled_from([b"\x00" * size, "y" * size]))
        return Case(kind, via, frame, Expect(close=1009))
    if kind == "upload":
        header: dict[str, Any] = {
            "type": "upload",
            "mime": draw(st.sampled_from(["image/png", "image/jpeg", "image/webp"])),
        }
        if draw(st.integers(0, 4)) == 0:
            header = (
                draw(messages(ids))
                if draw(st.booleans())
                else {
                    **header,
                    **{
                        k: draw(field_values(k, ids))
                        for k in draw(st.sets(st.sampled_from(["mime", "name", "path", "type"])))
                    },
                }
            )
        image, image_expect = draw(images())
        frame = join_binary(header, image)
        return Case(kind, via, frame, expect_binary(frame, via, image_expect))
    return draw(hellos(ids))


@st.composite
def hellos(draw: st.DrawFn, ids: dict[str, list[str]]) -> Case:
    """The first frame of a new connection, and what it must get."""
    session = ids["sessions"][0]
    choice = draw(
        st.sampled_from(
            [
                "bad_token",
                "forged",
                "role",
                "no_session",
                "unknown_session",
                "resume",
                "not_hello",
                "garbage",
                "oversized",
            ]
        )
    )
    hello: dict[str, Any] = {"type": "hello", "protocol": 1, "token": DESIGNER, "session": session, "role": "designer"}
    if choice == "bad_token":
        hello["token"] = draw(st.text(max_size=40).filter(lambda t: t not in TOKENS))
        return Case("hello", "new", _dumps(hello), Expect(frozenset({"auth.invalid_token"}), close=4001))
    if choice == "forged":  # an invitation signed with the wrong key, or a copy with its claims changed
        claims = draw(
            st.sampled_from(["eyJzIjoiMDEyMzQ1Njc4OWFiY2RlZiIsInIiOiJvcGVyYXRvciIsImUiOjk5OTk5OTk5OTl9", "", "!!!"])
        )
        hello["token"] = f"inv1.{claims}.{draw(st.text('abcdefABCDEF0123456789-_', max_size=43))}"
        return Case("hello", "new", _dumps(hello), Expect(frozenset({"auth.invalid_token"}), close=4001))
    if choice == "role":
        hello["token"], hello["role"] = draw(
            st.sampled_from([(OBSERVER, "designer"), (OBSERVER, "operator"), (DESIGNER, "operator")])
        )
        return Case("hello", "new", _dumps(hello), Expect(frozenset({"auth.role_forbidden"}), close=4001))
    if choice == "no_session":
        hello["token"], hello["role"] = draw(st.sampled_from([(OBSERVER, "observer"), (OPERATOR, "operator")]))
        hello["session"] = None
        return Case("hello", "new", _dumps(hello), Expect(frozenset({"session.required"}), close=4001))
    if choice == "unknown_session":
        hello["session"] = draw(hex_ids(16).filter(lambda s: s not in ids["sessions"]))
        return Case("hello", "new", _dumps(hello), Expect(frozenset({"session.not_found"}), close=4002))
    if choice == "resume":  # from a seq the session has not reached: an error, then the welcome, then as usual
        hello["token"], hello["role"] = draw(st.sampled_from([(OBSERVER, "observer"), (DESIGNER, "designer")]))
        hello["resume_from"] = draw(st.integers(10**6, 2**62))
        return Case("hello", "new", _dumps(hello), Expect(frozenset({"resume.unknown_seq"})))
    if choice == "not_hello":
        text = _dumps(draw(messages(ids)).copy() | {"type": draw(st.sampled_from(["say", "ping", "undo", "cancel"]))})
        return Case("hello", "new", text, Expect(frozenset({"hello.missing", "message.invalid"}), close=4002))
    if choice == "garbage":
        frame: str | bytes = draw(
            st.binary(max_size=100) | st.text(max_size=100).filter(lambda t: not t.strip().startswith("{"))
        )
        return Case(
            "hello", "new", frame, Expect(frozenset({"hello.missing", "json.invalid", "message.invalid"}), close=4002)
        )
    hello["name"] = "n" * MAX_TEXT
    return Case("hello", "new", _dumps(hello), Expect(frozenset({"hello.missing"}), close=4002))


# --- running a case ----------------------------------------------------------------------------------------------


class Run:
    """The fuzzing run's state: the live server, the session under attack, the open connections, the tally."""

    def __init__(self, live: LiveServer, session: str) -> None:
        self.live = live
        self.session = session
        self.frames = 0
        self.kinds: dict[str, int] = {}
        self.codes: dict[str, int] = {}
        self.peers: dict[str, Peer] = {}
        self.closed: list[int] = []
        self.late_violations: list[str] = []

    def peer(self, role: str) -> Peer:
        if role not in self.peers:
            token = {"designer": DESIGNER, "observer": OBSERVER, "operator": OPERATOR}[role]
            self.peers[role] = Peer(
                self.live.url, {"type": "hello", "protocol": 1, "token": token, "session": self.session, "role": role}
            )
        return self.peers[role]

    def close_all(self) -> None:
        for peer in self.peers.values():
            with contextlib.suppress(Closed):
                peer.exchange('{"type":"ping"}', pongs=2)  # the last answers are checked too
            self.late_violations += peer.violations
            peer.close()
        self.peers.clear()

    def play(self, case: Case) -> None:
        expect = case.expect
        self.frames += 1
        self.kinds[case.kind] = self.kinds.get(case.kind, 0) + 1
        if case.via == "new":
            self._play_hello(case)
            return
        peer = self.peer(case.via)
        pongs = 1 + (isinstance(case.frame, str) and expect == Expect() and _is_ping(case.frame))
        try:
            answers = peer.exchange(case.frame, pongs)
        except Closed as closed:
            del self.peers[case.via]
            self.closed.append(closed.code)
            assert closed.code in CLOSE_CODES, f"{case!r} closed the connection with {closed.code} {closed.reason!r}"
            assert expect.close == closed.code, (
                f"{case!r} closed the connection ({closed.code} {closed.reason!r}); expected {expect}"
            )
            assert not peer.violations, peer.violations
            return
        assert expect.close is None, f"{case!r} should have closed the connection with {expect.close}"
        assert not peer.violations, f"{case!r}: {peer.violations}"
        self._check_answers(case, answers)

    def _check_answers(self, case: Case, answers: list[Event]) -> None:
        expect = case.expect
        errors = [a for a in answers if isinstance(a, ErrorEvent)]
        for error in errors:
            self.codes[error.code] = self.codes.get(error.code, 0) + 1
        assert len(errors) <= 1, f"{case!r} got several errors: {[e.code for e in errors]}"
        if expect.any:
            return
        if expect.codes:
            if not errors:
                assert expect.optional, f"{case!r} got no error; expected one of {sorted(expect.codes)}"
            else:
                assert errors[0].code in expect.codes, (
                    f"{case!r} got {errors[0].code} ({errors[0].message}); expected one of {sorted(expect.codes)}"
                )
        else:
            assert not errors, f"{case!r} got {errors[0].code}: {errors[0].message}"
        if expect.invitation:
            assert any(a.type == "invitation" for a in answers), f"{case!r} got no invitation"
        if (
            errors
            and errors[0].code == "message.invalid"
            and errors[0].field not in (None, "type")
            and isinstance(case.frame, str)
        ):
            message = json.loads(case.frame)  # the field named is one the message has, or one it lacks
            names = [*message, *FIELDS.get(str(message.get("type")), [])]
            field = errors[0].field
            assert any(field == name or field.startswith(f"{name}.") for name in names), f"{case!r}: field {field!r}"

    def _play_hello(self, case: Case) -> None:
        expect = case.expect
        ws = _open(self.live.url)
        received: list[Event] = []
        ws.send(case.frame)
        code = None
        deadline = time.monotonic() + ANSWER_TIMEOUT_S
        try:
            while True:
                frame = ws.recv(timeout=max(0.01, deadline - time.monotonic()))
                event = decode_server_frame(frame)
                received.append(event)
                if event.type == "welcome":
                    break
        except TimeoutError:
            raise AssertionError(f"{case!r}: no answer to the first frame (a hung connection)") from None
        except ConnectionClosed as error:
            code, reason = _close_code(error)
        errors = [e for e in received if isinstance(e, ErrorEvent)]
        for error in errors:
            self.codes[error.code] = self.codes.get(error.code, 0) + 1
            assert error.code in ERROR_CODES and error.message and "Traceback" not in error.message
        assert len(errors) == 1 and errors[0].code in expect.codes, (
            f"{case!r} got {[(e.code, e.message) for e in errors]}; expected {expect}"
        )
        if expect.close is not None:
            assert code == expect.close, f"{case!r} closed with {code}, expected {expect.close}"
            self.closed.append(code)
        else:
            assert code is None and received[-1].type == "welcome", f"{case!r}: {received}"
            assert received[-1].resume_from == 0 and received[-1].session == self.session
            ws.send('{"type":"ping"}')  # and the connection goes on as usual
            while decode_server_frame(ws.recv(timeout=ANSWER_TIMEOUT_S)).type != "pong":
                pass
        ws.close()


def _is_ping(frame: str) -> bool:
    try:
        return json.loads(frame) == {"type": "ping"}
    except (ValueError, RecursionError):
        return False


# --- the test ----------------------------------------------------------------------------------------------------


def http_json(port: int, path: str) -> tuple[int, dict[str, Any]]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return response.status, json.loads(response.read())


def snapshot(live: LiveServer, session: str) -> tuple[list[tuple[int, str, str]], dict[str, bytes], str]:
    """The store's view of a session: (seq, type, body) of every event, each draft's image bytes, and integrity."""

    def read() -> tuple[list[tuple[int, str, str]], dict[str, bytes], str]:
        store = live.server.store
        events = store.events(session)
        images = {e.draft_id: store.images[e.draft_id] for e in events if isinstance(e, DraftFinal)}
        return [(e.seq, e.type, e.model_dump_json()) for e in events], images, store.integrity()

    return live.call(read)


async def paint(url: str, text: str, session: str | None = None) -> tuple[str, list[Event]]:
    """A designer's turn with the project's own client: say `text`, wait for its drafts and the reply."""
    client = await Client.connect(url, DESIGNER, session=session)
    async with client:
        await client.say(text)
        finals: list[Event] = []

        def done(event: Event) -> bool:
            if isinstance(event, DraftFinal):
                finals.append(event)
            return event.type == "reply.done" and bool(finals)

        events = await client.until(done, timeout=120)
        assert client.session is not None
        return client.session, events


def test_a_live_server_survives_thousands_of_hostile_frames(tmp_path: Path) -> None:
    started = time.monotonic()
    with LiveServer(tmp_path / "data") as live:
        # a normal session first: a designer paints a blue moon
        session, events = asyncio.run(paint(live.url, "paint a blue moon"))
        original_finals = {e.draft_id: e.image for e in events if isinstance(e, DraftFinal)}
        assert original_finals and all(data.startswith(b"\x89PNG") for data in original_finals.values())
        live.quiet()
        before, before_images, integrity = snapshot(live, session)
        assert integrity == "ok" and before_images == original_finals
        assert [seq for seq, _, _ in before] == list(range(1, len(before) + 1))
        jobs = sorted({json.loads(body)["job_id"] for _, kind, body in before if kind == "job.finished"})

        watcher = Watcher(live.url, session)  # replays the session from 0, then watches it live to the end
        watcher.start()
        ids = {"drafts": sorted(original_finals), "jobs": jobs, "sessions": [session]}
        run = Run(live, session)

        @settings(max_examples=EXAMPLES, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        @given(st.lists(cases(ids), min_size=CASES_PER_EXAMPLE[0], max_size=CASES_PER_EXAMPLE[1]))
        def fuzz(batch: list[Case]) -> None:
            try:
                for case in batch:
                    run.play(case)
            finally:
                run.close_all()

        fuzz_started = time.monotonic()
        fuzz()
        fuzz_s = time.monotonic() - fuzz_started

        # two scenarios too slow or too loud for every example: a flood, and a connection that never says hello
        # the flood, with a rate limit that refills slower than any test runs (one message in 10 s, bursts of 5)
        def limits(rate: float, burst: int) -> None:
            live.server.config.messages_per_second, live.server.config.message_burst = rate, burst

        live.call(lambda: limits(0.1, 5))
        try:
            flood = Peer(live.url, {"type": "hello", "protocol": 1, "token": DESIGNER, "session": session})
        finally:
            live.call(lambda: limits(1000.0, 1000))
        sent = 0
        for _ in range(300):
            try:
                flood.ws.send('{"type":"ping"}')
            except ConnectionClosed:
                break
            sent += 1
        flood.drain(idle=15)  # until the server closes it
        run.frames += sent
        assert flood.closed is not None and flood.closed.code == 4029, flood.closed
        # what was answered before the close still arrives first: a few pongs, and the rate.limited warnings
        assert {e.code for e in flood.errors} == {"rate.limited"} and not flood.violations, (
            flood.errors[:3],
            flood.violations[:3],
        )
        assert all(e.retry_after and e.retry_after > 0 for e in flood.errors)
        flood.close()
        silent = _open(live.url)
        first = decode_server_frame(silent.recv(timeout=10))
        assert isinstance(first, ErrorEvent) and first.code == "hello.timeout"
        with pytest.raises(ConnectionClosed) as silent_closed:
            silent.recv(timeout=10)
        assert _close_code(silent_closed.value)[0] == 4002

        assert not run.late_violations, run.late_violations[:10]
        live.quiet()
        watcher.stop()
        # the artist answers an upload by describing it, as a job: nothing else a fuzzed frame sends starts one
        assert watcher.live_types["job.queued"] <= watcher.live_types["upload answered"], (
            "a fuzzed frame started a job (see tame)"
        )
        assert watcher.live_types["draft.final"] > 0 and watcher.live_types["reply.done"] > 0  # uploads, and replies
        assert not watcher.peer.violations, watcher.peer.violations[:10]
        assert watcher.peer.closed is None, f"the watching observer was closed: {watcher.peer.closed}"
        replayed = [(e.seq, e.type, e.model_dump_json()) for e in watcher.replayed]
        assert replayed == before[: len(replayed)] and len(replayed) == len(before), "the replay differs from the store"

        # the session still works end to end, with the project's own client; and so does a new one
        again, events = asyncio.run(paint(live.url, "paint a red sun over the sea", session))
        assert again == session and any(isinstance(e, DraftFinal) for e in events)
        fresh, events = asyncio.run(paint(live.url, "paint a green forest"))
        assert fresh != session and any(isinstance(e, DraftFinal) for e in events)
        live.quiet()

        # the original events are untouched, new ones only appended, images byte-identical, the file sound
        after, after_images, integrity = snapshot(live, session)
        assert integrity == "ok"
        assert after[: len(before)] == before, "an original event changed"
        assert [seq for seq, _, _ in after] == list(range(1, len(after) + 1)) and len(after) > len(before)
        assert {d: after_images[d] for d in before_images} == before_images
        for draft, data in original_finals.items():
            assert (live.data / "images" / draft[:2] / f"{draft}.png").read_bytes() == data
        restored = live.call(
            lambda: Session.restore(live.server.store.persona_of(session), session, live.server.store.events(session))
        )
        assert set(original_finals) <= {d["id"] for d in restored.state()["drafts"]} and restored.seq == len(after)

        status, health = http_json(live.port, "/healthz")
        assert status == 200 and health["status"] == "ok"
        assert not live.crashes, "the server logged crashes:\n" + "\n".join(live.crashes[:20])

    total_s = time.monotonic() - started
    assert run.frames >= MIN_FRAMES, run.frames
    print(f"\nfuzz: {run.frames} frames ({run.kinds}) in {fuzz_s:.1f} s, {total_s:.1f} s in all; "
          f"error codes {dict(sorted(run.codes.items()))}; closes {sorted(set(run.closed))}; watcher saw {watcher.seen} frames, "
          f"session errors {dict(sorted(Counter(e.code for e in watcher.peer.errors).items()))}")  # fmt: skip
