"""Routing a file of turns, one JSON object a line, for `studiolo route --batch`.

Each input line `{"text", "with_draft", "with_image"}` gives one output line, `{"line", "skill", "confidence",
"params"}`, or `{"line", "error": {"code", "message", "field"?}}` when that line cannot be routed; the other lines
still run. Blank lines are skipped, so `line` (1-based, in the input) says which result belongs to which turn.

Codes: `batch.bad_json` (not UTF-8, or not JSON), `batch.bad_line` (JSON, but not an object with a string `text`
and boolean `with_draft`/`with_image`), `batch.line_too_long`, and the router's own (`turn.empty`,
`turn.too_long`, `turn.not_utf8`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from pydantic import ValidationError

from studiolo.agent.router.decision import MAX_TURN_CHARS, RouteDecision, Router, RouteRequest
from studiolo.errors import StudioloError

# Room for the longest turn written as JSON with every character escaped (\uXXXX), plus the other keys.
MAX_LINE_BYTES = 6 * MAX_TURN_CHARS + 4096


def read_lines(stream: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) for each line; None for a line longer than MAX_LINE_BYTES, which is skipped
    without being held in memory."""
    number = 0
    while line := stream.readline(MAX_LINE_BYTES + 1):
        number += 1
        if len(line) <= MAX_LINE_BYTES or line.endswith(b"\n"):
            yield number, line
            continue
        while (rest := stream.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
            pass
        yield number, None


def parse_line(raw: bytes | None, defaults: dict[str, bool]) -> RouteRequest:
    """The turn on one line, with `defaults` for the context keys it leaves out."""
    if raw is None:
        raise StudioloError("batch.line_too_long", f"the line is longer than {MAX_LINE_BYTES:,} bytes")
    try:
        value = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise StudioloError("batch.bad_json", "the line is not valid UTF-8") from None
    except json.JSONDecodeError as error:
        raise StudioloError("batch.bad_json", f"the line is not JSON: {error.msg} at column {error.colno}") from None
    if not isinstance(value, dict):
        raise StudioloError("batch.bad_line", f"the line must be a JSON object, not {type(value).__name__}")
    try:
        return RouteRequest.model_validate({**defaults, **value})
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise StudioloError("batch.bad_line", f"{field}: {first['msg']}", field=field) from None


def result(decision: RouteDecision) -> dict[str, Any]:
    """A decision as printed: the skill, its confidence to three places, and its params."""
    return {"skill": decision.skill, "confidence": round(decision.confidence, 3), "params": decision.params}


def route_batch(
    stream: BinaryIO, router: Router, *, with_draft: bool = False, with_image: bool = False
) -> Iterator[dict[str, Any]]:
    """One result or error object per non-blank line; `with_draft`/`with_image` apply where a line omits them."""
    defaults = {"with_draft": with_draft, "with_image": with_image}
    for number, raw in read_lines(stream):
        if raw is not None and not raw.strip():
            continue
        try:
            request = parse_line(raw, defaults)
            decision = router.route(request.text, with_draft=request.with_draft, with_image=request.with_image)
        except StudioloError as error:
            failure = {"code": error.code, "message": error.message, **({"field": error.field} if error.field else {})}
            yield {"line": number, "error": failure}
            continue
        yield {"line": number, **result(decision)}
