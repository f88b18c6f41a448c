"""Clocks. Everything that needs the time takes a clock, so tests can drive time by hand.

`now()` is wall-clock UTC, stored in the database; `monotonic()` measures spans within one run and
never jumps when the system clock is set or the laptop sleeps and wakes.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


class Clock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    def monotonic(self) -> float:
        return time.monotonic()

    def local_now(self) -> datetime:
        return self.now().astimezone(OSLO)


class FakeClock(Clock):
    """A clock that moves only when told to. Wall clock and monotonic clock advance together."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 11, 23, 11, 0, tzinfo=timezone.utc)
        if self._now.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._monotonic = 1000.0

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._monotonic

    def advance(self, seconds: float = 0, **kwargs: float) -> None:
        step = timedelta(seconds=seconds, **kwargs)
        self._now += step
        self._monotonic += step.total_seconds()

    def set_wall(self, when: datetime) -> None:
        """Move the wall clock only, as an NTP correction or a changed system clock would."""
        self._now = when
