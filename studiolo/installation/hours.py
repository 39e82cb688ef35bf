"""Opening hours (`hours:` in the installation file): when visitors may ask for pictures.

Outside them the kiosks show `texts.<lang>.closing` and decline wishes kindly; the wall goes on with its attract
loop. Without `hours` the installation is always open. Times are the venue's wall-clock times in `timezone`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$")


class Hours(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    open: time  # "10:00"
    close: time  # "19:30"; earlier than `open`: open past midnight, until `close` the next morning
    days: list[Weekday] = Field(default_factory=lambda: list(WEEKDAYS), min_length=1, max_length=7)  # opening days
    timezone: str = "UTC"  # the venue's, as an IANA name: "Europe/Paris", "Asia/Seoul"

    @field_validator("open", "close", mode="before")
    @classmethod
    def _clock(cls, value: Any) -> time:
        # YAML reads an unquoted 10:00 as the number 600 (base 60): say so rather than open at ten past midnight
        match = CLOCK.match(value) if isinstance(value, str) else None
        if match is None:
            raise ValueError('write a time of day in quotes, as "10:00" or "19:30" (24-hour clock)')
        hour, minute, second = (int(part or 0) for part in match.groups())
        return time(hour, minute, second)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"{value!r} is not a time zone this machine knows (an IANA name, e.g. Europe/Paris)"
            ) from None
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> Hours:
        if self.open == self.close:
            raise ValueError("open and close are the same time: leave `hours` out for an installation always open")
        if len(set(self.days)) != len(self.days):
            raise ValueError("a day is named twice in days")
        return self

    def is_open(self, moment: datetime) -> bool:
        return any(start <= moment < end for start, end in self._spans(moment))

    def next_change(self, moment: datetime) -> datetime:
        """The first opening or closing after `moment` (in UTC)."""
        return min(edge for span in self._spans(moment) for edge in span if edge > moment).astimezone(UTC)

    def _spans(self, moment: datetime) -> Iterator[tuple[datetime, datetime]]:
        """The openings from the day before `moment` (one may run past midnight) to a week after it."""
        zone = ZoneInfo(self.timezone)
        today = moment.astimezone(zone).date()
        for offset in range(-1, 8):
            day = today + timedelta(days=offset)
            if WEEKDAYS[day.weekday()] in self.days:
                closes = day + timedelta(days=int(self.close < self.open))
                yield datetime.combine(day, self.open, zone), datetime.combine(closes, self.close, zone)
