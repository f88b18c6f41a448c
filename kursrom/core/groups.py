"""Group work: forming small groups from the people present, rotating roles through rounds, and the
countdown a round, a phase or a speaker runs against. Plain Python, unit-tested without a terminal.

Groups are lists of participant ids. Forming never drops anyone: when the count does not divide, the
leftovers make a smaller group (a pair, for groups of three) or join existing groups (a four-some).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kursrom.core.clock import Clock

__all__ = ["Countdown", "assign_roles", "form_groups", "role_slots", "rounds_needed"]


def form_groups(members: Sequence[int], size: int = 3, *, seed: int | None = None) -> list[list[int]]:
    """Split `members` into groups of about `size`, never dropping anyone.

    When the count does not divide, the groups differ by one at most: with groups of three, a pair
    (5 people: 3 + 2) or a four-some (7 people: 3 + 4), never more than one above `size`. The larger
    groups come last. `seed` shuffles first, reproducibly, so a facilitator can ask for a new mix.
    """
    if size < 2:
        raise ValueError("groups need at least two places")
    people = list(dict.fromkeys(members))  # keep order, drop repeats
    if seed is not None:
        random.Random(seed).shuffle(people)
    if not people:
        return []
    count = max(1, int(len(people) / size + 0.5))
    while -(-len(people) // count) > size + 1:  # no group more than one above the size
        count += 1
    while count > 1 and len(people) // count < 2:  # and nobody alone
        count -= 1
    base, extra = divmod(len(people), count)
    groups, start = [], 0
    for index in range(count):
        length = base + (1 if index >= count - extra else 0)
        groups.append(people[start:start + length])
        start += length
    return groups


def role_slots(group_size: int, roles: Sequence[str]) -> list[str]:
    """The roles a group of `group_size` plays: the first roles for a small group (a pair plays job
    seeker and interviewer), the last role repeated for a large one (a four-some has two observers)."""
    if not roles:
        raise ValueError("no roles")
    if group_size <= len(roles):
        return list(roles[:group_size])
    return list(roles) + [roles[-1]] * (group_size - len(roles))


def assign_roles(group: Sequence[int], roles: Sequence[str], round_index: int) -> list[tuple[int, str]]:
    """Who plays what in round `round_index` (0-based): in round r, member r takes the first role,
    the next member the second, and so on, so over `len(group)` rounds every member has played every
    role the group has."""
    slots = role_slots(len(group), roles)
    size = len(group)
    return [(group[(round_index + j) % size], slots[j]) for j in range(size)]


def rounds_needed(groups: Sequence[Sequence[int]], rounds: int) -> int:
    """Rounds to run so that everyone plays every role: the exercise's own count, or more when a
    group is bigger than that (a four-some needs four rounds)."""
    return max([rounds, *(len(group) for group in groups)])


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value)


@dataclass
class Countdown:
    """A countdown of `seconds`, computed, never counted.

    Starts and pauses are stored as events with their UTC wall-clock time (`to_data`), so a
    countdown survives a restart. Within one run the open span is measured on the monotonic clock,
    which never jumps when the system clock is corrected; a closed span stores its own length.
    """

    seconds: int
    events: list[dict[str, Any]] = field(default_factory=list)
    _anchor: float | None = field(default=None, repr=False, compare=False)

    @property
    def started(self) -> bool:
        return bool(self.events)

    @property
    def running(self) -> bool:
        return bool(self.events) and self.events[-1]["kind"] == "start"

    def start(self, clock: Clock) -> None:
        if not self.running:
            self.events.append({"kind": "start", "at": clock.now().isoformat()})
            self._anchor = clock.monotonic()

    def pause(self, clock: Clock) -> None:
        if self.running:
            span = self._open_span(clock)
            self.events.append({"kind": "pause", "at": clock.now().isoformat(), "seconds": span})
            self._anchor = None

    def toggle(self, clock: Clock) -> None:
        if self.running:
            self.pause(clock)
        else:
            self.start(clock)

    def reset(self, seconds: int | None = None) -> None:
        if seconds is not None:
            self.seconds = seconds
        self.events = []
        self._anchor = None

    def _open_span(self, clock: Clock) -> float:
        if self._anchor is not None:
            return max(clock.monotonic() - self._anchor, 0.0)
        # Resumed after a restart: only the stored wall-clock start is left to go by.
        return max((clock.now() - _parse(self.events[-1]["at"])).total_seconds(), 0.0)

    def elapsed(self, clock: Clock) -> float:
        total = sum(float(e.get("seconds", 0.0)) for e in self.events if e["kind"] == "pause")
        if self.running:
            total += self._open_span(clock)
        return total

    def remaining(self, clock: Clock) -> float:
        """Seconds left; negative once the time is up (the display shows the overrun)."""
        return self.seconds - self.elapsed(clock)

    def to_data(self) -> dict[str, Any]:
        return {"seconds": self.seconds, "events": list(self.events)}

    @classmethod
    def from_data(cls, data: dict[str, Any] | None, seconds: int) -> Countdown:
        if not data:
            return cls(seconds)
        return cls(int(data.get("seconds", seconds)), list(data.get("events", [])))

