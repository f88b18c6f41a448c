"""Slack by design: how much of a session an agenda may leave unplanned, at least and at most.

One home for the rule: `kursrom check` warns with it, and the round planner shows it while the
facilitator changes minutes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kursrom.i18n import _

#: An agenda leaves at least 5 % of the session for the unexpected (late starts, a long question,
#: the interpreter), and never less than 5 minutes.
MIN_SLACK_SHARE = 0.05
MIN_SLACK_MINUTES = 5
#: More than a quarter of the session unplanned is not slack but a plan missing: plan it, or name
#: the free time as an item (a writing workshop with one-to-one help).
MAX_UNPLANNED_SHARE = 0.25


@dataclass(frozen=True)
class Slack:
    """A session of `minutes` with `planned` minutes on its agenda."""

    minutes: int
    planned: int

    @property
    def free(self) -> int:
        return self.minutes - self.planned

    @property
    def needed(self) -> int:
        return max(MIN_SLACK_MINUTES, math.ceil(self.minutes * MIN_SLACK_SHARE))

    @property
    def most(self) -> int:
        return math.floor(self.minutes * MAX_UNPLANNED_SHARE)

    @property
    def too_little(self) -> bool:
        return self.free < self.needed

    @property
    def too_much(self) -> bool:
        return self.free > self.most

    @property
    def ok(self) -> bool:
        return not (self.too_little or self.too_much)

    def warning(self) -> str | None:
        """One sentence for `kursrom check`, or None when the agenda leaves a sensible slack."""
        if self.free < 0:
            return None  # an agenda longer than its session is a problem, reported as such
        if self.too_little:
            return _("the agenda takes {planned} of {minutes} min and leaves {free} min of slack; leave at least "
                     "{needed} min for the unexpected").format(planned=self.planned, minutes=self.minutes,
                                                              free=self.free, needed=self.needed)
        if self.too_much:
            return _("the agenda plans {planned} of {minutes} min and leaves {free} min unplanned (at most {most}); "
                     "plan the time, or name the free time as an item").format(
                planned=self.planned, minutes=self.minutes, free=self.free, most=self.most)
        return None
