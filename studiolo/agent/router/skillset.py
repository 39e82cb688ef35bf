"""What a turn can ask of each skill: a description and a pydantic model of the params a turn's words can carry.

These are routing params, read from one utterance (the imagine prompt, count and canvas, an upscale size, an extend
direction, ...); the agent fills in the rest of a skill's params (seeds, draft ids, sizes) from the session.
Both routers produce them: the semantic router by extraction, the tool-calling router from the model's tool
call, and both validate them through these models so a decision always has the same shape.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from studiolo.agent.router.decision import RouteSkill, SkillName
from studiolo.model.protocols import MAX_PROMPT_CHARS, MAX_SIDE, MIN_SIDE

MAX_DRAFTS = 16  # the imagine skill's limit on drafts per turn
MAX_PROPOSALS = 8  # the collaborate skill's limit on drafts per round

Direction = Literal["left", "right", "up", "down", "horizontal", "vertical", "all"]


class _Args(BaseModel):
    model_config = ConfigDict(extra="ignore")  # a chat model may add arguments nobody asked for


class ImagineArgs(_Args):
    prompt: str = Field(min_length=1, max_length=MAX_PROMPT_CHARS, description="what to paint, in the user's words")
    n: int | None = Field(None, ge=1, le=MAX_DRAFTS, description="how many drafts, when the user says")
    width: int | None = Field(None, ge=MIN_SIDE, le=MAX_SIDE, description="canvas width in pixels, when said")
    height: int | None = Field(None, ge=MIN_SIDE, le=MAX_SIDE, description="canvas height in pixels, when said")
    expand: bool | None = Field(
        None, description="false when the user wants the words painted exactly as said, nothing added"
    )


class DescribeArgs(_Args):
    pass


class RefineArgs(_Args):
    feedback: str = Field(min_length=1, max_length=MAX_PROMPT_CHARS, description="the change asked for, as said")


class CollaborateArgs(_Args):
    brief: str | None = Field(None, max_length=MAX_PROMPT_CHARS, description="what to design together, if said")
    n: int | None = Field(None, ge=1, le=MAX_PROPOSALS, description="drafts to propose each round, when the user says")


class PatternArgs(_Args):
    motif: str | None = Field(None, max_length=MAX_PROMPT_CHARS, description="the motif to repeat; none: the draft")


class UpscaleArgs(_Args):
    width: int | None = Field(None, ge=MIN_SIDE, le=MAX_SIDE, description="target width in pixels, when said")
    height: int | None = Field(None, ge=MIN_SIDE, le=MAX_SIDE, description="target height in pixels, when said")
    scale: int | None = Field(None, ge=2, le=8, description="a factor such as 2 for 'double the size', when said")


class ExtendArgs(_Args):
    direction: Direction | None = Field(None, description="which way to grow the canvas, when said")


class ChatArgs(_Args):
    pass


class ClarifyArgs(_Args):
    question: str = Field(min_length=1, max_length=500, description="one short question back to the user")


ARGS: dict[RouteSkill, type[_Args]] = {
    "imagine": ImagineArgs,
    "describe": DescribeArgs,
    "refine": RefineArgs,
    "collaborate": CollaborateArgs,
    "pattern": PatternArgs,
    "upscale": UpscaleArgs,
    "extend": ExtendArgs,
    "chat": ChatArgs,
    "clarify": ClarifyArgs,
}

DESCRIPTIONS: dict[RouteSkill, str] = {
    "imagine": "Paint new drafts from a description: a scene, a subject, a mood.",
    "describe": "Describe an attached image or the current draft: what is in it, its colours and composition.",
    "refine": "Change the current draft from feedback: more or less of something, add or remove, recolour.",
    "collaborate": "Work together in rounds: propose drafts, take ratings and picks, refine until accepted.",
    "pattern": "Make a seamless repeating textile pattern from a motif or from the current draft.",
    "upscale": "Make the current draft larger and sharper: a higher resolution or a given size.",
    "extend": "Grow the current draft's canvas in a direction (outpainting): left, right, up, down, wider.",
    "chat": "Small talk, thanks, and questions about the artist itself; no image work.",
    "clarify": "Ask one short question back when it is unclear what the user wants.",
}

# Skills that work on an image: they need a current draft or an attached one.
NEEDS_TARGET: frozenset[SkillName] = frozenset({"describe", "refine", "upscale", "extend"})


def validated_params(skill: RouteSkill, params: dict[str, Any]) -> dict[str, Any]:
    """The params checked against the skill's model, without the ones left unset."""
    return ARGS[skill].model_validate(params).model_dump(exclude_none=True)
