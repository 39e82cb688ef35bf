"""Protocol v1: every message on the wire as a pydantic model, and the binary frame format.

Clients send JSON text frames (`hello` first, then `say`, `feedback`, ...) and binary frames for uploads; the
server sends JSON text frames for events and binary frames for drafts:

    uint32 big-endian header length | UTF-8 JSON header | image bytes (PNG or WebP)

`ClientMessage` and `ServerMessage` are discriminated unions on `type`; `protocol_schema()` is the JSON Schema
that `studiolo protocol schema` prints and docs/asyncapi.yaml refers to. Parsing never raises anything but a
StudioloError with a stable code and the offending field, so a bad frame costs its sender one `error` event.
"""

from __future__ import annotations

import json
import struct
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from studiolo.agent.session import Role
from studiolo.drafts import DRAFT_ID_LENGTH
from studiolo.errors import StudioloError
from studiolo.events import AnyEvent, DraftImage, Event
from studiolo.jobs import JOB_PATTERN, PREVIEW_PATTERN, SESSION_PATTERN
from studiolo.skills.base import TurnOptions

PROTOCOL_VERSION = 1
HEADER_LENGTH = struct.Struct(">I")
MAX_HEADER_BYTES = 64 * 1024

# Ids as they appear on the wire. Strict patterns keep them safe in paths, URLs and SQL, and refuse traversal.
SessionId = Annotated[str, Field(pattern=rf"^{SESSION_PATTERN}$", description="a session id, 16 hex digits")]
DraftId = Annotated[str, Field(pattern=rf"^[0-9a-f]{{{DRAFT_ID_LENGTH}}}$", description="a draft id (content hash)")]
JobId = Annotated[str, Field(pattern=rf"^{JOB_PATTERN}$", description="a job id")]
# what `cancel` may name: a finished draft's id (refused: too late) or a draft being painted, `<job id>.<index>`
CancelDraftId = Annotated[str, Field(pattern=rf"^([0-9a-f]{{{DRAFT_ID_LENGTH}}}|{PREVIEW_PATTERN})$")]
Text = Annotated[str, Field(max_length=20_000)]
# Joiners are the one kind of invisible character a name may hold: emoji sequences and some scripts need them.
NAME_JOINERS = frozenset("\u200c\u200d")
# Codes that validators here raise themselves (PydanticCustomError), kept instead of the generic message.invalid.
OWN_CODES = frozenset({"name.invalid"})


class ClientBase(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Hello(ClientBase):
    """The first message of every connection: who is this (token, role), which session, and what it has seen."""

    type: Literal["hello"] = "hello"
    protocol: Literal[1] = 1
    token: str = Field(max_length=1000)
    session: SessionId | None = None  # None: start a new session (designers only)
    role: Role | None = Field(
        None, description="the role to join in; none: the one the token grants (a new session: designer)"
    )
    resume_from: int | None = Field(
        None, ge=0, description="the last seq this client has; events after it are replayed"
    )
    name: str | None = Field(
        None, max_length=100,
        description="how this participant is shown to the others (one held in another role gets a suffix, mina-2: see welcome.participant); printable characters, trimmed",
    )  # fmt: skip

    @field_validator("name")
    @classmethod
    def _printable_name(cls, name: str | None) -> str | None:
        """A name is shown to others and logged: no line breaks, control or direction-changing characters."""
        if name is None:
            return None
        name = name.strip()
        if not name or any(not c.isprintable() and c not in NAME_JOINERS for c in name):
            raise PydanticCustomError(
                "name.invalid", "a name is printable characters (no line breaks or control characters), not empty"
            )
        return name


class Say(ClientBase):
    type: Literal["say"] = "say"
    text: Text
    attachments: list[DraftId] = Field(default_factory=list, max_length=8)
    options: TurnOptions | None = Field(
        None, description="drafts, size, seed, pattern, 'exactly as I said': where given, they win over the words"
    )


class UploadHeader(ClientBase):
    """The JSON header of a binary upload frame; the image follows it. Answered by the upload's `draft.final`, then
    the artist describes it (`draft.described`) and offers what to do with it (`reply.done`)."""

    type: Literal["upload"] = "upload"
    mime: Literal["image/png", "image/jpeg", "image/webp"]
    name: str | None = Field(None, max_length=200)


class FeedbackMessage(ClientBase):
    type: Literal["feedback"] = "feedback"
    draft_id: DraftId
    rating: int | None = Field(None, ge=-2, le=2)
    pick: bool = False
    text: str | None = Field(None, max_length=2000)


class Select(ClientBase):
    type: Literal["select"] = "select"
    draft_id: DraftId


class Branch(ClientBase):
    type: Literal["branch"] = "branch"
    draft_id: DraftId


class Undo(ClientBase):
    type: Literal["undo"] = "undo"


class Redo(ClientBase):
    type: Literal["redo"] = "redo"


class Cancel(ClientBase):
    """Cancel a job, or one draft being painted; with neither, every job this participant may cancel."""

    type: Literal["cancel"] = "cancel"
    job_id: JobId | None = None
    draft_id: CancelDraftId | None = None


class Retry(ClientBase):
    """Run a failed or interrupted job's turn again (after a restart, for instance)."""

    type: Literal["retry"] = "retry"
    job_id: JobId


class Ping(ClientBase):
    type: Literal["ping"] = "ping"


class Speak(ClientBase):
    """Operators only: say these words as the persona (live shows)."""

    type: Literal["speak"] = "speak"
    text: Text


class Reset(ClientBase):
    """Operators only: cancel the session's jobs, end its collaboration, clear the cursor. Nothing is deleted."""

    type: Literal["reset"] = "reset"


class Next(ClientBase):
    """Operators only: release a live show's cue; every participant is sent a `cue` event."""

    type: Literal["next"] = "next"


class Invite(ClientBase):
    """Designers and operators: a signed token that lets someone join this session in `role`."""

    type: Literal["invite"] = "invite"
    role: Role = "observer"
    ttl_s: int = Field(24 * 3600, ge=60, le=30 * 24 * 3600)


class ListInvitations(ClientBase):
    """Operators only: the session's invitations, answered by `invitation.list`."""

    type: Literal["invitations"] = "invitations"


class Revoke(ClientBase):
    """Operators only: revoke an invitation (and those made through it); its connections are closed (4001)."""

    type: Literal["revoke"] = "revoke"
    id: str = Field(pattern=r"^[0-9a-f]{16}$", description="the invitation's id, from invitation or invitation.list")


ClientMessage = Annotated[
    Hello
    | Say
    | FeedbackMessage
    | Select
    | Branch
    | Undo
    | Redo
    | Cancel
    | Retry
    | Ping
    | Speak
    | Reset
    | Invite
    | ListInvitations
    | Revoke
    | Next,
    Field(discriminator="type"),
]


# Server messages that are answers to one connection, not session events (they take no seq of their own).


class Welcome(Event):
    type: Literal["welcome"] = "welcome"
    protocol: int = PROTOCOL_VERSION
    role: Role
    participant: str
    state: dict[str, Any]
    resume_from: int = 0  # replay starts after this seq; `seq` is the session's latest


class Pong(Event):
    type: Literal["pong"] = "pong"


class Invitation(Event):
    type: Literal["invitation"] = "invitation"
    token: str
    id: str = ""  # what an operator revokes it by
    role: Role
    expires: float
    url: str


class InvitationInfo(BaseModel):
    id: str
    role: Role
    expires: float
    by: str  # the participant who made it
    revoked: bool


class InvitationList(Event):
    """The answer to `invitations` and `revoke`: every invitation made in this session (no tokens)."""

    type: Literal["invitation.list"] = "invitation.list"
    invitations: list[InvitationInfo]


ServerMessage = Annotated[AnyEvent | Welcome | Pong | Invitation | InvitationList, Field(discriminator="type")]

_client = TypeAdapter(ClientMessage)
_server = TypeAdapter(ServerMessage)


def parse_client_text(frame: str) -> BaseModel:
    """A JSON text frame from a client as its message model, or StudioloError (json.invalid, message.*)."""
    try:
        data = json.loads(frame)
    except (ValueError, RecursionError):  # RecursionError: nested deeper than the parser goes ([[[[...]]]])
        raise StudioloError(
            "json.invalid", "the frame is not valid JSON (or is nested too deeply)", field=None
        ) from None
    message = _validate_client(data)
    if isinstance(message, UploadHeader):  # as text it would be answered by nothing at all
        raise StudioloError(
            "message.invalid", "an upload is a binary frame: its JSON header, then the image bytes", field="type"
        )
    return message


def parse_upload(frame: bytes, *, max_bytes: int) -> tuple[UploadHeader, bytes]:
    """A binary client frame: its upload header and the image bytes (not yet decoded: see images.open_image)."""
    header, image = split_binary(frame)
    message = _validate_client(header)
    if not isinstance(message, UploadHeader):
        raise StudioloError(
            "message.invalid", "binary frames carry uploads; their header type is 'upload'", field="type"
        )
    if not image:
        raise StudioloError("upload.empty", "the upload has no image bytes after its header", field="image")
    if len(image) > max_bytes:
        raise StudioloError("upload.too_large", f"uploads are limited to {max_bytes} bytes", field="image")
    return message, image


def _validate_client(data: Any) -> BaseModel:
    if not isinstance(data, dict):
        raise StudioloError("message.invalid", "a message is a JSON object with a 'type'", field="type")
    if data.get("type") == "upload":
        adapter: TypeAdapter[Any] = TypeAdapter(UploadHeader)
    else:
        adapter = _client
    try:
        return adapter.validate_python(data)
    except ValidationError as error:
        raise _message_error(error) from None


def _message_error(error: ValidationError) -> StudioloError:
    first = error.errors()[0]
    if first["type"] == "union_tag_invalid":
        return StudioloError(
            "message.unknown_type", f"unknown message type {first['input'].get('type')!r}"[:200], field="type"
        )
    if first["type"] == "union_tag_not_found":
        return StudioloError("message.invalid", "a message needs a 'type'", field="type")
    loc = [str(part) for part in first["loc"]]
    field = ".".join(loc[1:] if len(loc) > 1 else loc)  # drop the union tag
    if first["type"] in OWN_CODES:
        return StudioloError(first["type"], f"{field}: {first['msg']}", field=field or None)
    return StudioloError("message.invalid", f"{field}: {first['msg']}", field=field or None)


def split_binary(frame: bytes, *, max_header: int = MAX_HEADER_BYTES) -> tuple[dict[str, Any], bytes]:
    """`uint32 header length | JSON header | bytes` -> (header, bytes), or StudioloError("frame.invalid")."""
    if len(frame) < HEADER_LENGTH.size:
        raise StudioloError("frame.invalid", "a binary frame starts with a 4-byte header length", field="header")
    (length,) = HEADER_LENGTH.unpack_from(frame)
    if length > max_header or HEADER_LENGTH.size + length > len(frame):
        raise StudioloError("frame.invalid", "the binary frame's header length is out of range", field="header")
    try:
        header = json.loads(frame[HEADER_LENGTH.size : HEADER_LENGTH.size + length].decode("utf-8"))
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError; RecursionError: nested too deeply
        raise StudioloError("frame.invalid", "the binary frame's header is not UTF-8 JSON", field="header") from None
    if not isinstance(header, dict):
        raise StudioloError("frame.invalid", "the binary frame's header is a JSON object", field="header")
    return header, frame[HEADER_LENGTH.size + length :]


def join_binary(header: dict[str, Any], data: bytes) -> bytes:
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    return HEADER_LENGTH.pack(len(encoded)) + encoded + data


def encode_event(event: Event) -> str | bytes:
    """An event as the frame the server sends: drafts as binary (header + image), everything else as JSON text."""
    header = event.model_dump(mode="json")
    if isinstance(event, DraftImage):
        return join_binary(header, event.image)
    return json.dumps(header, separators=(",", ":"))


def decode_server_frame(frame: str | bytes) -> Event:
    """A server frame as its typed event (drafts with their image bytes): the client side of `encode_event`."""
    if isinstance(frame, bytes):
        # MAX_HEADER_BYTES bounds what clients send; a draft's header is as long as its prompt makes it (20,000
        # characters of Korean or emoji escape to well over 64 KiB of JSON), so here only the frame bounds it
        header, image = split_binary(frame, max_header=len(frame))
        event = _server.validate_python(header)
        if not isinstance(event, DraftImage):
            raise StudioloError("frame.invalid", f"a {event.type} event carries no image", field="header")
        event.image = image
        return event
    return _server.validate_json(frame)


def protocol_schema() -> dict[str, Any]:
    """The JSON Schema of protocol v1: what clients send and what the server sends."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "studiolo protocol v1",
        "description": __doc__.strip().splitlines()[0],
        "client": TypeAdapter(ClientMessage | UploadHeader).json_schema(ref_template="#/client/$defs/{model}"),
        # what the server sends: serialisation mode leaves out what never goes in a JSON header (a draft's image
        # bytes, which follow the header in the binary frame, and the agent's full Draft record)
        "server": _server.json_schema(mode="serialization", ref_template="#/server/$defs/{model}"),
    }
