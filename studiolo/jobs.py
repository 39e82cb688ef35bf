"""Job ids and preview ids: how they are written and read, in one place.

    JobId("3f2a...", 4)        "3f2a...-job4"    a session's fourth job (counted by its job.queued events)
    PreviewId("3f2a...-job4", 1)  "3f2a...-job4.1"  the second draft that job is painting, until its final arrives
    upload_job_id("3f2a...")   "3f2a...-upload"  what an upload's draft names as its job
    print_job_id("3f2a...")    "3f2a...-print"   what a print's preview draft names as its job

A preview's job is kept as text: a skill names its previews after whatever job id its context gives it. Whether a
job belongs to a session is decided by reading its id (`JobId.parse(text).session == session.id`), never by a
prefix test, which would let session "ab" claim the jobs of a session named "ab-job7".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from studiolo.errors import StudioloError

# As they appear on the wire (session ids are 16 hex digits there); the protocol's models use these patterns.
SESSION_PATTERN = r"[0-9a-f]{16}"
JOB_PATTERN = rf"{SESSION_PATTERN}-job[0-9]{{1,9}}"
PREVIEW_PATTERN = rf"{JOB_PATTERN}\.[0-9]{{1,2}}"

_JOB = re.compile(r"^(?P<session>.+)-job(?P<number>[0-9]{1,9})$")
_PREVIEW = re.compile(r"^(?P<job>.+)\.(?P<index>[0-9]{1,2})$")


@dataclass(frozen=True)
class JobId:
    session: str
    number: int

    def __str__(self) -> str:
        return f"{self.session}-job{self.number}"

    @classmethod
    def parse(cls, text: str) -> JobId:
        """The job id in `text`; job.not_found when it is not one."""
        match = _JOB.match(text) if text.isascii() else None
        if match is None:
            raise StudioloError("job.not_found", f"{text!r} is not a job id", field="job_id")
        return cls(match["session"], int(match["number"]))

    @classmethod
    def of_session(cls, text: str, session_id: str) -> JobId | None:
        """The job id in `text` when it is one of this session's jobs, else None."""
        try:
            job = cls.parse(text)
        except StudioloError:
            return None
        return job if job.session == session_id else None


@dataclass(frozen=True)
class PreviewId:
    job: str
    index: int

    def __str__(self) -> str:
        return f"{self.job}.{self.index}"

    @classmethod
    def parse(cls, text: str) -> PreviewId:
        """The preview id in `text`; draft.not_running when it is not one."""
        match = _PREVIEW.match(text) if text.isascii() else None
        if match is None:
            raise StudioloError("draft.not_running", f"{text!r} is not a draft being painted", field="draft_id")
        return cls(match["job"], int(match["index"]))

    @staticmethod
    def looks_like(text: str) -> bool:
        """Is `text` written as a preview id (as opposed to a finished draft's content hash)?"""
        return _PREVIEW.match(text) is not None


def upload_job_id(session_id: str) -> str:
    """The job an upload's draft names: uploads are not jobs, but every draft says where it came from."""
    return f"{session_id}-upload"


def print_job_id(session_id: str) -> str:
    """The job a print's preview draft names: asking for a print file is not a job either (prints.py)."""
    return f"{session_id}-print"
