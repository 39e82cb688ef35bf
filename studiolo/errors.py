"""The one error type users can cause, with a stable machine-readable code.

Codes are dotted and never renamed once released (`image.too_large`, `size.out_of_range`, ...): the CLI prints
them, the server puts them on the wire, and tests assert on them.
"""

from __future__ import annotations


class StudioloError(Exception):
    """An error the user (or a network peer) caused, with a stable code and, where known, the offending field."""

    def __init__(self, code: str, message: str, *, field: str | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.retry_after = retry_after  # seconds after which the same request may succeed (busy, rate limits)

    def __str__(self) -> str:
        return f"{self.message} [{self.code}]"
