"""The shapes routing works with: the turn it reads, the decision it makes, and the checks on a turn's text."""

from __future__ import annotations

from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr

from studiolo.errors import StudioloError
from studiolo.model.protocols import MAX_PROMPT_CHARS

Source = Literal["rules", "semantic", "tool_call"]  # what decided: context rules, embeddings, a chat model's tool call

# An imagine turn's text becomes a prompt, so a turn may be as long as a prompt and no longer.
MAX_TURN_CHARS = MAX_PROMPT_CHARS


class RouteRequest(BaseModel):
    """One turn as the router sees it: the words, and whether a draft is current or an image is attached."""

    model_config = ConfigDict(extra="ignore")  # a labelled line may carry its expected skill beside these

    text: StrictStr
    with_draft: StrictBool = False
    with_image: StrictBool = False


class RouteDecision(BaseModel):
    """Which skill answers a turn, how sure the router is, and the params it read from the words."""

    skill: str = Field(min_length=1)  # a skill's name, "chat" or "clarify"
    confidence: float = Field(ge=0.0, le=1.0)
    params: dict[str, Any] = Field(default_factory=dict)
    source: Source


def check_turn_text(text: str) -> str:
    """The turn's text, stripped; raises turn.empty, turn.too_long or turn.not_utf8 for text no skill can use."""
    stripped = text.strip()
    if not stripped:
        raise StudioloError("turn.empty", "the turn has no words to route", field="text")
    if len(stripped) > MAX_TURN_CHARS:
        raise StudioloError(
            "turn.too_long", f"the turn has {len(stripped):,} characters; the limit is {MAX_TURN_CHARS:,}", field="text"
        )
    try:
        stripped.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates, from a bad command line or a JSON "\ud800" escape
        raise StudioloError("turn.not_utf8", "the turn is not valid UTF-8 text", field="text") from None
    return stripped


class Router(Protocol):
    """What the agent routes with: the semantic router, or the tool-calling one in front of it."""

    def route(self, text: str, *, with_draft: bool = False, with_image: bool = False) -> RouteDecision: ...

    async def aroute(self, text: str, *, with_draft: bool = False, with_image: bool = False) -> RouteDecision: ...
