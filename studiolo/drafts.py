"""Drafts: the images an artist makes, with everything needed to find, explain and reproduce them.

Core data shapes shared by skills (which make drafts) and the agent (which keeps them in a lineage graph).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field

DRAFT_ID_LENGTH = 32  # hex digits of the content hash: ids are safe in file names and URLs


def draft_id(image_bytes: bytes) -> str:
    """A draft's id: the content hash of its encoded image, so the same picture is always the same draft."""
    return hashlib.sha256(image_bytes).hexdigest()[:DRAFT_ID_LENGTH]


def _now() -> datetime:
    return datetime.now(UTC)


class Feedback(BaseModel):
    """What a collaborator said about a draft: a rating, a pick, a comment, or any mix of them."""

    rating: int | None = Field(None, ge=-2, le=2)
    pick: bool = False
    text: str | None = Field(None, max_length=2000)
    by: str | None = Field(None, max_length=200)
    at: datetime = Field(default_factory=_now)


class Check(BaseModel):
    """One thing the self-check measured in a draft against what was asked."""

    name: str  # "color:coral", "thing:moon", "count:moon", "background:white", "layout:pattern"
    passed: bool
    measured: float | None = None  # share of the picture, count, ... (what `wanted` speaks of)
    wanted: str = ""  # in words: ">= 5% of the picture", "3"
    weight: float = 1.0  # its share of the adherence score
    fixable: bool = True  # whether painting again could pass it (a thing with no motif to draw it: no)


class Faithfulness(BaseModel):
    """How a draft answers what was asked: what was drawn, what stands in for what, what is missing.

    `approximated` maps a request's word to what was drawn for it ("koi" -> "fish"). `adherence` is the weighted
    share of checks passed (None: nothing was checked). `tries` counts the paintings the self-check made.
    """

    drawn: list[str] = Field(default_factory=list)
    approximated: dict[str, str] = Field(default_factory=dict)
    missing: list[str] = Field(default_factory=list)
    adherence: float | None = Field(None, ge=0, le=1)
    checks: list[Check] = Field(default_factory=list)
    tries: int = Field(1, ge=1)

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if not c.passed]


class Draft(BaseModel):
    id: str = Field(pattern=rf"^[0-9a-f]{{{DRAFT_ID_LENGTH}}}$")
    parent_ids: list[str] = Field(default_factory=list)
    job_id: str | None = None  # drafts made by one job form a batch: "the second one" counts within it
    skill: str
    prompt: str
    params: dict[str, Any] = Field(default_factory=dict)
    seed: int
    model: str
    width: int
    height: int
    scene: dict[str, Any] = Field(default_factory=dict)  # what the painter understood, where it says
    faithfulness: Faithfulness | None = None  # how it answers the request (None: not checked, e.g. an upload)
    created: datetime = Field(default_factory=_now)
    feedback: list[Feedback] = Field(default_factory=list)
