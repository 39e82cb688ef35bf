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
    created: datetime = Field(default_factory=_now)
    feedback: list[Feedback] = Field(default_factory=list)
