"""What one person (one token, server/person.py) may hold of the server's sessions: sessions open at once, and
new sessions an hour. Over either, hello is refused with `quota.sessions` (close 4029). Jobs are the scheduler's
(`quota.jobs`); sessions nobody acted in are deleted after a grace period (StudioServer)."""

from __future__ import annotations

import time
from collections import Counter, deque

from studiolo.errors import StudioloError

HOUR_S = 3600.0


class SessionQuota:
    def __init__(self, *, open_at_once: int, new_per_hour: int) -> None:
        self.open_at_once = open_at_once
        self.new_per_hour = new_per_hour
        self._open: dict[str, Counter[str]] = {}  # person -> session id -> their connections to it
        self._started: dict[str, deque[float]] = {}  # person -> when they started sessions, the last hour's

    def check(self, person: str, session_id: str | None) -> None:
        """May `person` join `session_id` (None: start a new session)? StudioloError("quota.sessions") if not."""
        open_ = self._open.get(person, Counter())
        if session_id not in open_ and len(open_) >= self.open_at_once:
            raise StudioloError(
                "quota.sessions",
                f"you have {len(open_)} sessions open, the most one person may; close one first",
                field="session",
            )
        if session_id is None:
            started = self._started.get(person, deque())
            now = time.monotonic()
            while started and started[0] <= now - HOUR_S:
                started.popleft()
            if len(started) >= self.new_per_hour:
                retry_after = round(started[0] + HOUR_S - now, 1)
                raise StudioloError("quota.sessions", f"you have started {len(started)} sessions in the last hour, "
                                    f"the most one person may; open one of them, or wait {retry_after:g} s",
                                    field="session", retry_after=retry_after)  # fmt: skip

    def enter(self, person: str, session_id: str, *, new: bool) -> None:
        self._open.setdefault(person, Counter())[session_id] += 1
        if new:
            self._started.setdefault(person, deque()).append(time.monotonic())

    def leave(self, person: str, session_id: str) -> None:
        open_ = self._open.get(person)
        if open_ is None:
            return
        open_[session_id] -= 1
        if open_[session_id] <= 0:
            del open_[session_id]
        if not open_:
            del self._open[person]
            if not self._started.get(person):
                self._started.pop(person, None)
