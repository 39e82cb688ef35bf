"""The protocol's documents match the code, and the frame codec and message parser refuse bad input with stable codes.

- docs/asyncapi.yaml is exactly what docs/build_asyncapi.py writes today, and documents every message type;
- `studiolo protocol schema` prints a JSON Schema that accepts what the server and its clients really put on the
  wire, and refuses what the pydantic models refuse (checked with a small JSON Schema validator below: the
  project has no jsonschema dependency);
- split_binary / join_binary and parse_client_text: round trips, and each kind of malformed frame -> its code.
"""

from __future__ import annotations

import importlib.util
import json
import re
import struct
import types
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, ValidationError

from studiolo.cli import main
from studiolo.drafts import Feedback
from studiolo.errors import StudioloError
from studiolo.events import (
    CollaborationUpdate,
    CueReached,
    CursorMoved,
    DraftCancelled,
    DraftDescribed,
    DraftFeedback,
    DraftFinal,
    DraftPreview,
    ErrorEvent,
    JobCancelled,
    JobFailed,
    JobFinished,
    JobQueued,
    JobStarted,
    Metrics,
    ReplyDelta,
    ReplyDone,
    SessionReset,
    SessionState,
    TurnRouted,
    TurnSaid,
)  # fmt: skip
from studiolo.server.protocol import (
    MAX_HEADER_BYTES,
    Branch,
    Cancel,
    ClientMessage,
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
    Redo,
    Reset,
    Retry,
    Revoke,
    Say,
    Select,
    ServerMessage,
    Speak,
    Undo,
    UploadHeader,
    Welcome,
    decode_server_frame,
    encode_event,
    join_binary,
    parse_client_text,
    parse_upload,
    split_binary,
)  # fmt: skip

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "asyncapi.yaml"
SESSION = "0123456789abcdef"
DRAFT = "0123456789abcdef0123456789abcdef"
JOB = f"{SESSION}-job3"


def _builder() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("build_asyncapi", ROOT / "docs" / "build_asyncapi.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _models(union: Any) -> list[type[BaseModel]]:
    """The message models of a (nested, annotated) discriminated union, in order."""
    if isinstance(union, type) and issubclass(union, BaseModel):
        return [union]
    origin = typing.get_origin(union)
    if origin is typing.Annotated:
        return _models(typing.get_args(union)[0])
    if origin in (typing.Union, types.UnionType):
        return [model for arg in typing.get_args(union) for model in _models(arg)]
    raise TypeError(f"not a message union: {union!r}")


def _type_of(model: type[BaseModel]) -> str:
    return str(model.model_fields["type"].default)


CLIENT_MODELS = _models(ClientMessage) + [UploadHeader]
SERVER_MODELS = _models(ServerMessage)


# --- docs/asyncapi.yaml ------------------------------------------------------------------------------------------


def test_the_committed_asyncapi_document_is_what_the_generator_writes() -> None:
    assert DOC.is_file(), "docs/asyncapi.yaml is missing: run python docs/build_asyncapi.py"
    assert _builder().render() == DOC.read_text(encoding="utf-8"), (
        "docs/asyncapi.yaml is stale: run python docs/build_asyncapi.py"
    )


def test_the_asyncapi_document_describes_every_message_of_the_protocol() -> None:
    doc = yaml.safe_load(DOC.read_text(encoding="utf-8"))
    assert doc["asyncapi"] == "3.0.0"
    assert doc["info"]["title"] == "studiolo" and re.fullmatch(r"\d+\.\d+\.\d+.*", doc["info"]["version"])
    description = " ".join(doc["info"]["description"].split())
    for needle in ("uint32 big-endian header length", "hello", "welcome", "resume_from", "observer", "operator",
                   "droppable", "last durable event", "4001", "4002", "4008", "4029", "1009"):  # fmt: skip
        assert needle in description, needle
    assert doc["servers"]["local"] == {**doc["servers"]["local"], "host": "localhost:8765", "protocol": "ws"}
    channel = doc["channels"]["studio"]
    assert channel["address"] == "/ws"
    messages = doc["components"]["messages"]
    schemas = doc["components"]["schemas"]
    operations = doc["operations"].values()

    for side, models, action in (("client", CLIENT_MODELS, "receive"), ("server", SERVER_MODELS, "send")):
        for model in models:
            kind = _type_of(model)
            assert kind in messages, f"{side} message {kind} is not in docs/asyncapi.yaml"
            assert channel["messages"][kind] == {"$ref": f"#/components/messages/{kind}"}
            payload = _resolve(doc, messages[kind]["payload"]["$ref"])
            assert payload is schemas[model.__name__] and payload["properties"]["type"]["const"] == kind
            assert set(model.model_fields) >= set(payload["properties"]), kind  # no field the model lacks
            binary = kind in ("upload", "draft.preview", "draft.final")
            assert messages[kind]["contentType"] == ("application/octet-stream" if binary else "application/json")
            ref = {"$ref": f"#/channels/studio/messages/{kind}"}
            assert [op["action"] for op in operations if ref in op["messages"]] == [action], kind
    assert len(messages) == len(CLIENT_MODELS) + len(SERVER_MODELS)

    def refs(node: Any) -> typing.Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                yield from [value] if key == "$ref" else refs(value)
        elif isinstance(node, list):
            for item in node:
                yield from refs(item)

    for ref in refs(doc):  # every reference resolves inside the document
        assert _resolve(doc, ref) is not None, ref


def _resolve(doc: Any, ref: str) -> Any:
    assert ref.startswith("#/"), ref
    node = doc
    for part in ref[2:].split("/"):
        node = node[part]
    return node


# --- `studiolo protocol schema` ----------------------------------------------------------------------------------


class SchemaError(Exception):
    pass


ANNOTATIONS = {"title", "description", "default", "format", "discriminator", "examples", "$schema", "$defs"}


def check(instance: Any, schema: dict[str, Any], root: dict[str, Any]) -> None:
    """A JSON Schema validator for the keywords pydantic emits; any other keyword fails loudly, never silently."""
    unknown = set(schema) - ANNOTATIONS - set(CHECKS)
    if unknown:
        raise AssertionError(f"the checker does not know {sorted(unknown)}")
    for keyword, rule in CHECKS.items():
        if keyword in schema:
            rule(instance, schema[keyword], schema, root)


def _is(instance: Any, kind: str) -> bool:
    return {
        "object": lambda: isinstance(instance, dict),
        "array": lambda: isinstance(instance, list),
        "string": lambda: isinstance(instance, str),
        "integer": lambda: (
            isinstance(instance, int)
            and not isinstance(instance, bool)
            or isinstance(instance, float)
            and instance.is_integer()
        ),
        "number": lambda: isinstance(instance, int | float) and not isinstance(instance, bool),
        "boolean": lambda: isinstance(instance, bool),
        "null": lambda: instance is None,
    }[kind]()


def _fails(instance: Any, schema: dict[str, Any], root: dict[str, Any]) -> bool:
    try:
        check(instance, schema, root)
    except SchemaError:
        return True
    return False


def _ensure(ok: bool, message: str) -> None:
    if not ok:
        raise SchemaError(message)


def _properties(instance: Any, properties: dict[str, Any], schema: dict[str, Any], root: dict[str, Any]) -> None:
    if isinstance(instance, dict):
        for name, sub in properties.items():
            if name in instance:
                check(instance[name], sub, root)


def _additional(instance: Any, rule: Any, schema: dict[str, Any], root: dict[str, Any]) -> None:
    if isinstance(instance, dict):
        for name in set(instance) - set(schema.get("properties", {})):
            _ensure(rule is not False, f"unexpected property {name!r}")
            if isinstance(rule, dict):
                check(instance[name], rule, root)


CHECKS: dict[str, Any] = {
    "$ref": lambda i, ref, s, root: check(i, _resolve(root, ref), root),
    "type": lambda i, kind, s, root: _ensure(_is(i, kind), f"{i!r} is not of type {kind}"),
    "const": lambda i, value, s, root: _ensure(i == value and type(i) is type(value), f"{i!r} != {value!r}"),
    "enum": lambda i, values, s, root: _ensure(i in values, f"{i!r} not in {values}"),
    "pattern": lambda i, p, s, root: _ensure(not isinstance(i, str) or re.search(p, i) is not None, f"{i!r} !~ {p}"),
    "minLength": lambda i, n, s, root: _ensure(not isinstance(i, str) or len(i) >= n, "too short"),
    "maxLength": lambda i, n, s, root: _ensure(not isinstance(i, str) or len(i) <= n, "too long"),
    "minimum": lambda i, n, s, root: _ensure(not _is(i, "number") or i >= n, f"{i!r} < {n}"),
    "maximum": lambda i, n, s, root: _ensure(not _is(i, "number") or i <= n, f"{i!r} > {n}"),
    "minItems": lambda i, n, s, root: _ensure(not isinstance(i, list) or len(i) >= n, "too few items"),
    "maxItems": lambda i, n, s, root: _ensure(not isinstance(i, list) or len(i) <= n, "too many items"),
    "items": lambda i, sub, s, root: [check(item, sub, root) for item in i] if isinstance(i, list) else None,
    "required": lambda i, names, s, root: _ensure(
        not isinstance(i, dict) or set(names) <= set(i), f"missing {set(names) - set(i)}"
    ),
    "properties": _properties,
    "additionalProperties": _additional,
    "anyOf": lambda i, subs, s, root: _ensure(any(not _fails(i, sub, root) for sub in subs), "matches no anyOf option"),
    "oneOf": lambda i, subs, s, root: _ensure(
        sum(not _fails(i, sub, root) for sub in subs) == 1, "matches not exactly one oneOf option"
    ),
    "allOf": lambda i, subs, s, root: [check(i, sub, root) for sub in subs],
}


def client_samples() -> list[BaseModel]:
    return [
        Hello(token="designer-token-1"),
        Hello(token="inv1.abc.def", session=SESSION, role="observer", resume_from=12, name="Mina"),
        Say(text="paint a blue moon", attachments=[DRAFT]),
        FeedbackMessage(draft_id=DRAFT, rating=-2, pick=True, text="too dark"),
        Select(draft_id=DRAFT),
        Branch(draft_id=DRAFT),
        Undo(),
        Redo(),
        Cancel(),
        Cancel(job_id=JOB),
        Cancel(draft_id=f"{JOB}.1"),
        Retry(job_id=JOB),
        Ping(),
        Speak(text="Welcome, everyone."),
        Reset(),
        Invite(role="designer", ttl_s=3600),
        ListInvitations(),
        Revoke(id="0123456789abcdef"),
        Next(),
        UploadHeader(mime="image/webp", name="sketch.webp"),
    ]


def server_samples() -> list[BaseModel]:
    at = {"seq": 7, "session": SESSION, "ts": 1_700_000_000.5}
    draft = {"job_id": JOB, "draft_id": DRAFT, "parent_ids": [DRAFT[::-1]], "prompt": "a blue moon", "seed": 42,
             "width": 512, "height": 384, "image": b"\x89PNG..."}  # fmt: skip
    return [
        Welcome(
            **at,
            role="observer",
            participant="observer-1a2b3c",
            state={"persona": "vespera", "drafts": []},
            resume_from=3,
        ),
        Pong(**at),
        Invitation(
            **at,
            token="inv1.a.b",
            id="0123456789abcdef",
            role="observer",
            expires=1_700_086_400.0,
            url="http://127.0.0.1:8765/?token=inv1.a.b",
        ),
        InvitationList(
            **at,
            invitations=[
                InvitationInfo(id="0123456789abcdef", role="observer", expires=1_700_086_400.0, by="mina", revoked=True)
            ],
        ),  # fmt: skip
        TurnSaid(**at, speaker="designer-1", role="designer", text="paint a blue moon", attachments=[DRAFT]),
        ReplyDelta(**at, text="Here "),
        ReplyDone(**at, text="Here are four drafts.", by=None),
        TurnRouted(**at, skill="imagine", confidence=0.93, params={"prompt": "a blue moon", "n": 4}),
        JobQueued(**at, job_id=JOB, position=2),
        JobStarted(**at, job_id=JOB),
        DraftPreview(**at, **{**draft, "draft_id": f"{JOB}.0"}, step=3, total=8),
        DraftFinal(**at, **draft),
        DraftCancelled(**at, job_id=JOB, draft_id=f"{JOB}.2"),
        DraftFeedback(**at, draft_id=DRAFT, feedback=Feedback(rating=2, pick=True, text="yes", by="designer-1")),
        CursorMoved(**at, action="undo", cursor=DRAFT),
        SessionReset(**at, by="operator-1"),
        CueReached(**at, by="operator-1"),
        JobFinished(**at, job_id=JOB, draft_ids=[DRAFT]),
        JobCancelled(**at, job_id=JOB),
        JobFailed(**at, job_id=JOB, code="job.interrupted", message="the server stopped"),
        DraftDescribed(**at, job_id=JOB, draft_id=DRAFT, text="A blue moon.", facts={"palette": ["#123456"]}),
        CollaborationUpdate(**at, state={"round": 2}, summary=None),
        SessionState(**at, state={"persona": "vespera"}),
        ErrorEvent(**at, code="rate.limited", message="too many messages", field=None, retry_after=0.25),
        Metrics(**at, values={"queue_depth": 1.0}),
    ]


def test_the_printed_schema_accepts_what_goes_on_the_wire_and_refuses_what_the_models_refuse(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["protocol", "schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["$schema"].startswith("https://json-schema.org/")
    client, server = printed["client"], printed["server"]

    # every message type has a sample here, so a new message cannot slip through unchecked
    assert {_type_of(type(m)) for m in client_samples()} == {_type_of(m) for m in CLIENT_MODELS}
    assert {_type_of(type(m)) for m in server_samples()} == {_type_of(m) for m in SERVER_MODELS}

    for message in client_samples():
        wire = json.loads(json.dumps(message.model_dump(mode="json")))  # what a client (studiolo.client) sends
        check(wire, client, printed)
        bare = {k: v for k, v in wire.items() if k in {"type", *type(message).model_json_schema().get("required", [])}}
        check(bare, client, printed)  # the minimal form, with the defaults left out

    for event in server_samples():
        frame = encode_event(event)  # exactly what the server sends
        header = split_binary(frame)[0] if isinstance(frame, bytes) else json.loads(frame)
        check(header, server, printed)
        definition = next(
            d for d in server["$defs"].values() if d["properties"].get("type", {}).get("const") == event.type
        )
        assert set(header) == set(definition["properties"]), f"{event.type}: the schema's fields are not the wire's"
        assert decode_server_frame(frame).model_dump() == event.model_dump()

    # the schema refuses what the models refuse, for each kind of mistake
    wrong: list[dict[str, Any]] = [
        {"type": "say"},  # a required field missing
        {"type": "say", "text": "hi", "colour": "blue"},  # an extra field
        {"type": "say", "text": 5},  # a wrong type
        {"type": "say", "text": "hi", "attachments": ["../../etc/passwd"]},  # a path as a draft id
        {"type": "feedback", "draft_id": DRAFT, "rating": 3},  # out of range
        {"type": "select", "draft_id": DRAFT.upper()},
        {"type": "hello", "protocol": 2, "token": "t"},
        {"type": "hello", "token": "t", "role": "admin"},
        {"type": "hello", "token": "t", "resume_from": -1},
        {"type": "invite", "ttl_s": 10},
        {"type": "cancel", "job_id": "job1"},
        {"type": "dance"},  # an unknown type
        {"type": "upload", "mime": "image/gif"},
        {"type": "ping", "pong": True},
        ["say", "hi"],
    ]
    for message in wrong:
        with pytest.raises(SchemaError):
            check(message, client, printed)
        with pytest.raises(StudioloError):
            parse_client_text(json.dumps(message))


# --- the binary frame codec --------------------------------------------------------------------------------------


def test_binary_frames_round_trip() -> None:
    for header, data in [({"type": "upload", "mime": "image/png"}, b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
                         ({"type": "x", "text": "naïve 🌙", "n": [1, 2.5, None]}, b""),
                         ({}, b"\x00\x00\x00\x05")]:  # fmt: skip
        frame = join_binary(header, data)
        (length,) = struct.unpack(">I", frame[:4])
        assert frame[4 + length :] == data and json.loads(frame[4 : 4 + length]) == header
        assert split_binary(frame) == (header, data)


def test_a_draft_with_the_longest_prompt_decodes_though_its_header_is_over_the_client_limit() -> None:
    prompt = "달빛 아래 🌙 " * 2500  # 20,000 characters, the most a turn may have: far over 64 KiB as escaped JSON
    final = DraftFinal(
        seq=3, session=SESSION, job_id=JOB, draft_id=DRAFT, prompt=prompt, width=8, height=8, image=b"\x89PNG"
    )
    frame = encode_event(final)
    assert isinstance(frame, bytes) and struct.unpack(">I", frame[:4])[0] > MAX_HEADER_BYTES
    decoded = decode_server_frame(frame)
    assert decoded.prompt == prompt and decoded.image == b"\x89PNG"
    with pytest.raises(StudioloError, match="out of range"):  # what a client may send stays bounded
        split_binary(frame)


def test_a_binary_frame_for_an_event_without_an_image_is_refused_with_its_code() -> None:
    reply = ReplyDelta(seq=3, session=SESSION, text="Here ")
    frame = join_binary(reply.model_dump(mode="json"), b"\x89PNG")
    with pytest.raises(StudioloError) as refused:
        decode_server_frame(frame)
    assert refused.value.code == "frame.invalid" and "reply.delta" in refused.value.message


@pytest.mark.parametrize(
    "frame",
    [
        b"",
        b"\x00\x00\x01",  # a truncated header length
        struct.pack(">I", 100) + b'{"type":"upload"}',  # a header length beyond the frame
        struct.pack(">I", MAX_HEADER_BYTES + 1) + b"{}" * (MAX_HEADER_BYTES // 2 + 1),  # a header over the limit
        struct.pack(">I", 5) + b"nope!" + b"image",  # a header that is not JSON
        struct.pack(">I", 4) + b"\xff\xfe{}" + b"image",  # a header that is not UTF-8
        struct.pack(">I", 7) + b'["a",1]' + b"image",  # a header that is not an object
        struct.pack(">I", 4) + b"null",
        struct.pack(">I", 0) + b"image",  # no header at all
    ],
)
def test_malformed_binary_frames_are_frame_invalid(frame: bytes) -> None:
    with pytest.raises(StudioloError) as error:
        split_binary(frame)
    assert error.value.code == "frame.invalid" and error.value.field == "header"
    with pytest.raises(StudioloError) as error:
        parse_upload(frame, max_bytes=1 << 20)
    assert error.value.code == "frame.invalid"


def test_uploads_need_an_upload_header_and_some_bytes_within_the_limit() -> None:
    header, image = parse_upload(join_binary({"type": "upload", "mime": "image/png"}, b"abc"), max_bytes=3)
    assert header == UploadHeader(mime="image/png") and image == b"abc"
    cases = [
        (join_binary({"type": "say", "text": "hi"}, b"abc"), "message.invalid", "type"),
        (join_binary({"type": "upload", "mime": "image/gif"}, b"abc"), "message.invalid", "mime"),
        (
            join_binary({"type": "upload", "mime": "image/png", "path": "/etc/passwd"}, b"abc"),
            "message.invalid",
            "path",
        ),
        (join_binary({"type": "upload", "mime": "image/png"}, b""), "upload.empty", "image"),
        (join_binary({"type": "upload", "mime": "image/png"}, b"abcd"), "upload.too_large", "image"),
    ]
    for frame, code, field in cases:
        with pytest.raises(StudioloError) as error:
            parse_upload(frame, max_bytes=3)
        assert (error.value.code, error.value.field) == (code, field)


# --- parse_client_text -------------------------------------------------------------------------------------------


def test_every_client_message_parses_back_to_itself() -> None:
    for message in client_samples():
        if isinstance(message, UploadHeader):
            continue  # travels in a binary frame (parse_upload, above)
        assert parse_client_text(message.model_dump_json()) == message


@pytest.mark.parametrize(
    ("frame", "code", "field"),
    [
        ("", "json.invalid", None),
        ("{", "json.invalid", None),
        ("{'type': 'ping'}", "json.invalid", None),
        ('{"type": "ping"} trailing', "json.invalid", None),
        ("NaN-ish", "json.invalid", None),
        ("[]", "message.invalid", "type"),
        ('"ping"', "message.invalid", "type"),
        ("42", "message.invalid", "type"),
        ("null", "message.invalid", "type"),
        ("{}", "message.invalid", "type"),
        ('{"text": "hi"}', "message.invalid", "type"),
        ('{"type": "dance"}', "message.unknown_type", "type"),
        ('{"type": 7}', "message.unknown_type", "type"),
        ('{"type": "welcome", "seq": 1}', "message.unknown_type", "type"),  # a server message, sent back
        ('{"type": "upload", "mime": "image/png"}', "message.invalid", "type"),  # an upload header is a binary frame's
        ('{"type": "say", "text": 5}', "message.invalid", "text"),
        ('{"type": "say", "text": ["hi"]}', "message.invalid", "text"),
        ('{"type": "say"}', "message.invalid", "text"),
        ('{"type": "say", "text": "hi", "attachments": "abc"}', "message.invalid", "attachments"),
        (f'{{"type": "feedback", "draft_id": "{DRAFT}", "rating": "great"}}', "message.invalid", "rating"),
        (f'{{"type": "feedback", "draft_id": "{DRAFT}", "rating": 5}}', "message.invalid", "rating"),
        (f'{{"type": "feedback", "draft_id": "{DRAFT}", "pick": "maybe"}}', "message.invalid", "pick"),
        ('{"type": "hello", "token": 123}', "message.invalid", "token"),
        ('{"type": "hello", "token": "t", "protocol": 2}', "message.invalid", "protocol"),
        ('{"type": "hello", "token": "t", "role": "root"}', "message.invalid", "role"),
        ('{"type": "hello", "token": "t", "resume_from": "last"}', "message.invalid", "resume_from"),
        ('{"type": "hello", "token": "t", "session": "../sessions"}', "message.invalid", "session"),
        ('{"type": "invite", "ttl_s": 1e12}', "message.invalid", "ttl_s"),
        ('{"type": "retry", "job_id": null}', "message.invalid", "job_id"),
        # extra fields are refused, named by the field
        ('{"type": "ping", "extra": 1}', "message.invalid", "extra"),
        (f'{{"type": "undo", "draft_id": "{DRAFT}"}}', "message.invalid", "draft_id"),
        ('{"type": "say", "text": "hi", "__class__": "x"}', "message.invalid", "__class__"),
        # ids are patterns: never a path, a URL or SQL
        ('{"type": "select", "draft_id": "../../etc/passwd"}', "message.invalid", "draft_id"),
        ('{"type": "branch", "draft_id": "..%2f..%2fetc%2fpasswd"}', "message.invalid", "draft_id"),
        ('{"type": "feedback", "draft_id": "../../etc/passwd", "rating": 1}', "message.invalid", "draft_id"),
        ('{"type": "cancel", "draft_id": "../../etc/passwd"}', "message.invalid", "draft_id"),
        ('{"type": "cancel", "job_id": "x\' OR 1=1 --"}', "message.invalid", "job_id"),
        ('{"type": "say", "text": "hi", "attachments": ["../../etc/passwd"]}', "message.invalid", "attachments.0"),
        (f'{{"type": "select", "draft_id": "{DRAFT}\\n"}}', "message.invalid", "draft_id"),
    ],
)
def test_bad_text_frames_get_a_stable_code_and_the_offending_field(frame: str, code: str, field: str | None) -> None:
    with pytest.raises(StudioloError) as error:
        parse_client_text(frame)
    assert (error.value.code, error.value.field) == (code, field), error.value.message
    assert len(error.value.message) <= 400 and "Traceback" not in error.value.message


def test_parse_errors_never_escape_as_anything_but_studiolo_errors() -> None:
    nasty = ['{"type": "say", "text": "\ud800"}', '{"type": {"$gt": ""}}', '{"type": ["say"]}', "[" * 10_000 + "]" * 10_000,
             '{"type": "say", "text": "' + "x" * 20_001 + '"}', "\x00", '{"type": "hello", "token": "t", "resume_from": 1e400}']  # fmt: skip
    for frame in nasty:
        try:
            parse_client_text(frame)
        except StudioloError as error:
            assert error.code in ("json.invalid", "message.invalid", "message.unknown_type")
        except ValidationError as error:  # pragma: no cover - the failure this test is for
            pytest.fail(f"a pydantic error escaped for {frame[:40]!r}: {error}")
