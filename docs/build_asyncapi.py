"""Build docs/asyncapi.yaml, the AsyncAPI 3.0 description of studiolo's websocket protocol, from the code.

    python docs/build_asyncapi.py           write docs/asyncapi.yaml
    python docs/build_asyncapi.py --check   exit 1 if docs/asyncapi.yaml is not what this script writes

The message schemas come from `studiolo.server.protocol.protocol_schema()` (the pydantic models, the same JSON
Schema `studiolo protocol schema` prints), the version from pyproject.toml, the close codes and limits from the
server's own constants; only the prose lives here. tests/test_protocol_docs.py fails when the committed file
differs from what this script writes, so the document cannot drift from the code.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "asyncapi.yaml"

if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

from studiolo.server.connection import (  # noqa: E402
    CLOSE_FLOOD,
    CLOSE_NO_HELLO,
    CLOSE_UNAUTHORISED,
    FLOOD_STRIKES,
    frame_limit,
)
from studiolo.server.hub import CLOSE_TOO_SLOW  # noqa: E402
from studiolo.server.protocol import HEADER_LENGTH, MAX_HEADER_BYTES, PROTOCOL_VERSION, protocol_schema  # noqa: E402
from studiolo.settings import ServerSettings  # noqa: E402

CLOSE_TOO_BIG = 1009  # websockets' own: a frame over the server's max_size
BINARY_CLIENT = {"upload"}
BINARY_SERVER = {"draft.preview", "draft.final"}

# One line for each message, as a person reading the document needs it; the schema's own description (the
# model's docstring) follows it when there is one.
SUMMARIES = {
    # client -> server
    "hello": "The first frame of every connection: token, role, session (none: a new one) and resume_from.",
    "say": "Say something to the artist (a turn), optionally about attached drafts, with options (drafts, size, seed, pattern, exactly as said).",
    "upload": "Binary frame: an image (PNG, JPEG or WebP) that joins the session as a draft; answered by its draft.final, then the artist describes it and offers what to do with it.",
    "feedback": "Rate (-2..2), pick or comment on a draft. A pick selects the draft, too: a cursor.moved follows.",
    "select": "Work from this draft next.",
    "branch": "Start a new branch from this draft.",
    "undo": "Move the cursor back to where it was before its last move.",
    "redo": "Move the cursor forward again after an undo.",
    "cancel": "Cancel a job, one draft being painted (`<job id>.<index>`), or, naming neither, all of this participant's jobs.",
    "retry": "Run a failed or interrupted turn again.",
    "ping": "Answered by pong, to this connection only.",
    "speak": "Operators only: words spoken as the persona.",
    "reset": "Operators only: cancel the session's jobs, end its collaboration, clear the cursor.",
    "next": "Operators only: release a live show's cue; everyone is sent a cue event.",
    "invite": "A signed token for someone to join this session in a role no higher than the sender's.",
    "invitations": "Operators only: list the session's invitations; answered by invitation.list.",
    "revoke": "Operators only: revoke an invitation and those made through it; their connections are closed (4001).",
    # server -> client
    "welcome": "The answer to hello: the session's latest seq and its state; the replay after resume_from follows.",
    "pong": "The answer to ping (this connection only; carries the session's current seq).",
    "invitation": "The answer to invite: the token, its id, role and expiry, and a ready link (this connection only).",
    "invitation.list": "The answer to invitations and revoke: id, role, expiry, maker and revoked, never the tokens.",
    "error": "A stable code, a message and the offending field. Answers to one connection carry the current seq.",
    "turn.said": "A participant's words, as the session keeps them.",
    "turn.routed": "Which skill the turn went to, with the router's confidence and the skill's parameters.",
    "reply.delta": "A piece of the artist's reply, streamed a sentence at a time.",
    "reply.done": "The artist's whole reply (by: the operator who spoke as the persona, if one did).",
    "job.queued": "A job is waiting for a slot (position 0: next).",
    "job.started": "A job is running.",
    "job.finished": "A job ended with these drafts.",
    "job.cancelled": "A job was cancelled; nothing half-finished was kept.",
    "job.failed": "A job failed (code job.interrupted: the server stopped while it ran; retry it).",
    "draft.preview": "Binary frame, transient and droppable: an unfinished draft (step of total).",
    "draft.final": "Binary frame, durable: a finished draft with its lineage, prompt, seed and size.",
    "draft.cancelled": "One draft of a running job was cancelled; it will have no final.",
    "draft.described": "What the describer said about a draft.",
    "draft.feedback": "Feedback a draft received.",
    "cursor.moved": "The draft being worked on changed (select, branch, undo or redo; a pick is recorded as a select).",
    "session.reset": "An operator reset the session; every draft stays.",
    "cue": "An operator released a live show's cue (next); a scripted run waiting there goes on.",
    "session.state": "A fresh state snapshot of the session.",
    "collaboration.update": "A collaboration's state after a step; summary once it has ended.",
    "metrics": "Figures about the session or the server.",
}


def description() -> str:
    limits = ServerSettings()
    hard_limit = frame_limit(limits, "designer")
    return f"""\
studiolo's live collaboration protocol, version {PROTOCOL_VERSION}: people (designers, observers, operators) talk
with a persona-driven AI artist over one websocket per participant, and every draft it paints is streamed to
everyone in the session.

This document describes the server: its `receive` operations are what clients send, its `send` operations
what clients receive. The schemas are generated from the pydantic models in studiolo/server/protocol.py and
studiolo/events.py (`studiolo protocol schema` prints the same JSON Schema); do not edit this file by hand,
run `python docs/build_asyncapi.py`.

## Frames

Control messages and events are JSON text frames, one object each, with a `type`. Images travel in binary
frames:

    uint{8 * HEADER_LENGTH.size} big-endian header length | UTF-8 JSON header | image bytes (PNG or WebP; uploads may be JPEG)

The header is a JSON object: for a client's `upload` the upload header (`{{type: "upload", mime, name?}}`), at
most {MAX_HEADER_BYTES} bytes; for the server's `draft.preview` and `draft.final` the draft's header (`type`, `seq`,
`session`, `ts`, `job_id`, `draft_id`, `parent_ids`, `prompt`, `seed`, `width`, `height`, `mime`, and `step`,
`total` on previews), as long as its prompt makes it (a prompt may have 20,000 characters). A binary frame
whose header is malformed is answered by an `error` with code `frame.invalid`. An upload header sent as a
text frame is refused (`message.invalid`).

## Hello, welcome, resume

A connection's first frame is `hello` (protocol {PROTOCOL_VERSION}, a token, a role, a session id or none to
start a new session, and `resume_from`, the last seq the client has). The server answers `welcome` with the
session's latest `seq` and a state snapshot (persona, drafts with their parent ids, cursor, turns, preferences,
collaboration), then replays every durable event after `resume_from`, then goes on live, without a gap or a
repeat. A `resume_from` beyond the session's last seq is answered by an `error` (`resume.unknown_seq`) before
the welcome, and no replay: the state is the client's fresh start. A client that reconnects with the last seq
it received loses nothing, even across a server restart.

## Events and seq

Every server event carries `type`, `seq`, `session` and `ts`. Durable events (turns, replies, routing, jobs,
finals, feedback, cursor moves) are persisted before they are sent, never dropped,
and numbered densely 1, 2, 3, ... per session: a gap means something was missed (resume to get it). Previews
(`draft.preview`) are transient and droppable: a slow client gets only the newest preview of each draft, at
most {limits.preview_fps:g} a second, previews are never replayed, and a preview carries the seq of the last
durable event before it, not a seq of its own. Answers to one connection (`pong`, `invitation`,
`invitation.list`, and a refused action's `error` with the artist's `reply.delta` / `reply.done` about it) are
not session events either: nobody else sees them, they are never stored, and they carry the session's current
seq.

## Roles

- designer: drives the session: say, upload, feedback, select, branch, undo, redo, cancel its own jobs, retry
  failed turns, invite designers and observers; a designer token may start new sessions.
- observer: watches only; anything but ping and hello is answered by `error` `role.forbidden`.
- operator: controls any session: everything a designer does, cancel anyone's job, `speak` as the persona in
  live shows, `reset`, `next` (release a cue).
Tokens are server tokens (any session) or invitations (`inv1.` tokens, one session and one role, signed). A
token grants its role and the roles below it: operator > designer > observer. An invitation made by someone who
joined with one expires no later than theirs; operators list (`invitations`) and `revoke` them. A browser's
websocket upgrade is refused with HTTP 403 (`origin.forbidden`, `host.forbidden`) unless its Origin and Host
are the server's own or allowed (`allow_origins`, `allow_hosts`).

## Errors

A bad message costs its sender one `error` event `{{code, message, field?}}` with a stable dotted code
(`json.invalid`, `message.invalid`, `message.unknown_type`, `frame.invalid`, `frame.too_large`,
`upload.too_large`, `image.too_large`, `image.unreadable`, `role.forbidden`, `draft.not_found`,
`rate.limited` with `retry_after`, `busy` and `quota.jobs` (one person's share of the queue) with `retry_after`,
...); the connection and the session live on. Never a traceback.
Limits (server settings, defaults): a JSON message {limits.max_text_bytes} bytes (`max_text_bytes`), an upload
{limits.max_upload_bytes} bytes encoded (`max_upload_bytes`) and {limits.max_upload_pixels} pixels decoded
(`max_upload_pixels`), {limits.messages_per_second:g} messages a second per connection with bursts of
{limits.message_burst} (`messages_per_second`, `message_burst`).

## Close codes

- {CLOSE_UNAUTHORISED} unauthorised: the hello's token is missing, wrong or expired, or does not allow the role or the session
  (the `error` before the close says which: `auth.invalid_token`, `auth.revoked`, `auth.role_forbidden`,
  `auth.wrong_session`, `session.required`); also a live connection whose invitation is revoked (`auth.revoked`).
- {CLOSE_NO_HELLO} no or invalid hello: the first frame was not a valid hello, none came within `hello_timeout_s`
  ({limits.hello_timeout_s:g} s), or the session does not exist (`hello.missing`, `hello.timeout`, `message.invalid`,
  `session.not_found`, ...).
- {CLOSE_TOO_SLOW} too slow: the client fell more than `max_pending_events` ({limits.max_pending_events}) durable events behind;
  the close reason names the last seq sent: reconnect with `resume_from` to get the rest.
- {CLOSE_FLOOD} too many: {FLOOD_STRIKES} messages in a row refused for the rate limit (each run of refusals is answered by
  `rate.limited` errors with `retry_after`), or a hello over its person's (token's) quota of sessions open at once
  (`max_sessions_per_person`) or started in the last hour (`new_sessions_per_hour`): `quota.sessions`.
- {CLOSE_TOO_BIG} message too big: a frame over the hard size limit: for designers and operators, who may upload,
  `max_upload_bytes` + {2 * MAX_HEADER_BYTES} bytes ({hard_limit} bytes by default); before hello and for observers,
  twice `max_text_bytes` ({frame_limit(limits, "observer")} bytes by default). Smaller frames over a message limit
  get an error instead.
"""


def _rewrite_refs(node: Any) -> Any:
    """protocol_schema()'s `#/client/$defs/X` and `#/server/$defs/X` as AsyncAPI's `#/components/schemas/X`."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                out[key] = re.sub(r"^#/(client|server)/\$defs/", "#/components/schemas/", value)
            elif key == "discriminator" and isinstance(value, dict):
                out[key] = value["propertyName"]  # an AsyncAPI Schema names the discriminating property
            else:
                out[key] = _rewrite_refs(value)
        return out
    if isinstance(node, list):
        return [_rewrite_refs(item) for item in node]
    return node


def _union(side: dict[str, Any]) -> dict[str, Any]:
    """The discriminated oneOf of a side, wherever pydantic put it (the client's is inside an anyOf)."""
    if "oneOf" in side:
        return side
    return next(part for part in side["anyOf"] if "oneOf" in part)


def _types(side: dict[str, Any]) -> dict[str, str]:
    """Message type -> its schema's name, in the union's order."""
    union = _union(side)
    by_ref = {ref: t for t, ref in union["discriminator"]["mapping"].items()}
    names = {}
    for option in union["oneOf"]:
        ref = option["$ref"]
        names[by_ref[ref]] = ref.rsplit("/", 1)[1]
    return names


def _operation_id(action: str, message_type: str) -> str:
    return action + "".join(part.capitalize() for part in re.split(r"[._]", message_type))


def build() -> dict[str, Any]:
    schema = protocol_schema()
    client, server = schema["client"], schema["server"]
    client_types = _types(client)
    client_types["upload"] = "UploadHeader"
    server_types = _types(server)

    schemas: dict[str, Any] = {}
    for side in (client, server):
        for name, definition in side["$defs"].items():
            rewritten = _rewrite_refs(definition)
            if name in schemas and schemas[name] != rewritten:
                raise SystemExit(f"two different schemas are both called {name}")
            schemas[name] = rewritten
    schemas["ClientMessage"] = {
        "description": "Any JSON text frame a client sends (an upload's header travels in a binary frame).",
        **_rewrite_refs(_union(client)),
    }
    schemas["ServerMessage"] = {
        "description": "Any frame the server sends: JSON text, or the JSON header of a binary draft frame.",
        **_rewrite_refs(_union(server)),
    }
    schemas = dict(sorted(schemas.items()))

    messages: dict[str, Any] = {}
    for message_type, name, binary in [
        *((t, n, t in BINARY_CLIENT) for t, n in client_types.items()),
        *((t, n, t in BINARY_SERVER) for t, n in server_types.items()),
    ]:
        model_text = schemas[name].get("description", "")
        summary = SUMMARIES.get(message_type) or model_text or f"The {message_type} message."
        message: dict[str, Any] = {"name": message_type, "title": name, "summary": summary}
        if model_text and model_text != summary:
            message["description"] = model_text
        if binary:
            message["contentType"] = "application/octet-stream"
            message["description"] = (
                (message.get("description", "") + "\n\n").lstrip()
                + "A binary frame: `uint32 big-endian header length | UTF-8 JSON header | image bytes`. "
                "The payload schema is the JSON header's."
            )
            message["x-studiolo-frame"] = "binary"
        else:
            message["contentType"] = "application/json"
            message["x-studiolo-frame"] = "text"
        message["payload"] = {"$ref": f"#/components/schemas/{name}"}
        messages[message_type] = message

    channel_messages = {t: {"$ref": f"#/components/messages/{t}"} for t in messages}
    operations: dict[str, Any] = {}
    for action, types in (("receive", client_types), ("send", server_types)):
        for message_type in types:
            operations[_operation_id(action, message_type)] = {
                "action": action,
                "channel": {"$ref": "#/channels/studio"},
                "summary": f"{'A client sends' if action == 'receive' else 'The server sends'} `{message_type}`.",
                "messages": [{"$ref": f"#/channels/studio/messages/{message_type}"}],
            }

    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "studiolo",
            "version": version,
            "description": description(),
            "license": {"name": "Apache-2.0"},
        },
        "defaultContentType": "application/json",
        "servers": {
            "local": {
                "host": "localhost:8765",
                "protocol": "ws",
                "description": "`studiolo serve` with its defaults (only this machine; set host and port to share it).",
            }
        },
        "channels": {
            "studio": {
                "address": "/ws",
                "title": "A studiolo session",
                "description": "One websocket per participant: hello first, then messages both ways until either side closes.",
                "messages": channel_messages,
            }
        },
        "operations": operations,
        "components": {"messages": messages, "schemas": copy.deepcopy(schemas)},
    }


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)
_Dumper.ignore_aliases = lambda self, data: True  # type: ignore[method-assign]


def render() -> str:
    header = "# Generated by docs/build_asyncapi.py from the protocol's pydantic models; do not edit by hand.\n"
    return header + yaml.dump(build(), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the committed file is current")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        if not OUTPUT.is_file() or OUTPUT.read_text(encoding="utf-8") != text:
            print(f"{OUTPUT.relative_to(ROOT)} is out of date: run python docs/build_asyncapi.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
