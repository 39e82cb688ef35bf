"""What the studio server, its gateway process and the Serve replicas hand each other (pickled by Ray and by the
gateway's pipe): a paint or describe call, the replicas' word on what they serve, and a failure as data.

A StudioloError raised on a replica travels as a `Failure` and is raised again on the server with the same code,
so a job fails on the server exactly as it would have with the backend in the same process.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from PIL import Image
from pydantic import BaseModel

from studiolo.errors import StudioloError
from studiolo.language import Language
from studiolo.model.protocols import PaintSpec

Task = Literal["text_to_image", "image_to_image", "inpaint"]


@dataclass(frozen=True)
class PaintCall:
    """One Painter call: which method, and its arguments."""

    task: Task
    spec: PaintSpec
    init_image: Image.Image | None = None
    mask: Image.Image | None = None
    strength: float = 1.0


@dataclass(frozen=True)
class DescribeCall:
    image: Image.Image
    seed: int = 0
    lang: Language = "en"


@dataclass(frozen=True)
class Failure:
    """A StudioloError as data."""

    code: str
    message: str
    field: str | None = None
    retry_after: float | None = None

    @classmethod
    def of(cls, error: StudioloError) -> Failure:
        return cls(error.code, error.message, error.field, error.retry_after)

    def error(self) -> StudioloError:
        return StudioloError(self.code, self.message, field=self.field, retry_after=self.retry_after)


class PainterInfo(BaseModel):
    """What the painter deployment serves, as the server needs to know it."""

    backend_id: str  # the deployed backend's own id ("sketch", "diffusers:/models/sd15"): drafts carry it
    permissive_only: bool = False  # the sketch painter's licence setting: how requests are read
    jobs_at_once: int  # replicas (at most) x jobs each replica takes at once


class DescriberInfo(BaseModel):
    backend_id: str


class StudioInfo(BaseModel):
    """The application's answer to `info`: both deployments."""

    painter: PainterInfo
    describer: DescriberInfo
