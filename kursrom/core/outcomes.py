"""After the course: which follow-up status is current, and the share that counts toward the
course's result, the figure the courses report. Each course names its own statuses and which of them
count (`Outcomes`, from the template's `[outcomes]`, copied into the round when it is created).
Plain Python, over rows that have the attributes of `FollowUpLike`.

A participant with no status recorded counts as "not recorded", never as "unknown": "unknown" is a
status somebody chose (we asked and nobody knows), and mixing the two would hide how much follow-up
is still to do. Both count in the denominator: the share is of everyone on the roster.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol, TypeVar

from kursrom.core.vocabulary import FOLLOW_UP_CHOICES, GOOD_OUTCOMES, FollowUpStatus
from kursrom.i18n import _


@dataclass(frozen=True)
class Outcomes:
    """A course's follow-up statuses, in the order they are offered, and those that count toward its
    success figure."""

    statuses: tuple[str, ...]
    success: frozenset[str]

    def to_json(self) -> dict:
        return {"statuses": list(self.statuses), "success": sorted(self.success)}

    @classmethod
    def from_json(cls, value: object) -> Outcomes:
        """A round's stored set; nothing stored (or something damaged) reads as the five statuses
        every course had before courses had their own, so old follow-up data keeps its meaning."""
        if not isinstance(value, dict):
            return DEFAULT_OUTCOMES
        statuses, success = value.get("statuses"), value.get("success")
        if not isinstance(statuses, list) or not statuses or not isinstance(success, list):
            return DEFAULT_OUTCOMES
        return cls(tuple(str(s) for s in statuses), frozenset(str(s) for s in success))

    def is_success(self, status: str | None) -> bool:
        return status in self.success

    def success_labels(self) -> str:
        """"in work or in education": the statuses that count, as a phrase."""
        labels = [FollowUpStatus.label_of(s) for s in self.statuses if s in self.success]
        if len(labels) < 2:
            return "".join(labels)
        return _("{first} or {last}").format(first=", ".join(labels[:-1]), last=labels[-1])


#: The statuses every course had before each could name its own: what a round without a stored set
#: (every round from before schema 6) uses.
DEFAULT_OUTCOMES = Outcomes(tuple(str(s) for s in FOLLOW_UP_CHOICES), frozenset(str(s) for s in GOOD_OUTCOMES))


class FollowUpLike(Protocol):
    participant_id: int
    status: str
    on: date
    recorded_at: datetime | None
    id: int | None


Row = TypeVar("Row", bound=FollowUpLike)


def history_order(row: FollowUpLike) -> tuple[date, float, int]:
    """Statuses in the order they hold: by their date, then by when they were entered. A status
    filled in late for an earlier date does not replace the current one."""
    return row.on, row.recorded_at.timestamp() if row.recorded_at else 0.0, row.id or 0


def current_statuses(rows: Iterable[Row]) -> dict[int, Row]:
    """Each participant's current status: their latest row in `history_order`."""
    current: dict[int, Row] = {}
    for row in sorted(rows, key=history_order):
        current[row.participant_id] = row
    return current


@dataclass(frozen=True)
class OutcomeShare:
    counts: tuple[tuple[str, int], ...]  # (status, participants): every choice, then "not recorded"
    participants: int
    outcomes: Outcomes = field(default_factory=lambda: DEFAULT_OUTCOMES)

    def count(self, status: str) -> int:
        return dict(self.counts).get(status, 0)

    @property
    def successes(self) -> int:
        """How many count toward the course's result."""
        return sum(n for status, n in self.counts if self.outcomes.is_success(status))

    @property
    def in_work_or_education(self) -> int:
        """`successes`, by the name the figure had when every course counted work and education."""
        return self.successes

    @property
    def share(self) -> float | None:
        return self.successes / self.participants if self.participants else None

    def describe(self) -> str:
        from kursrom.core.numbers import percent

        if not self.participants:
            return _("No participants yet.")
        # i18n: {what} is the course's statuses that count, "back in own job or new direction"
        return _("{count} of {total} {what} ({percent})").format(
            count=self.successes, total=self.participants, what=self.outcomes.success_labels(),
            percent=percent(self.share))

    def sentence(self) -> str:
        """The figure as the round report's headline."""
        from kursrom.core.numbers import percent

        # i18n: {what} is the course's statuses that count, "in work or in education"
        return _("{count} of {total} enrolled participants ({share}): {what}.").format(
            count=self.successes, total=self.participants, share=percent(self.share),
            what=self.outcomes.success_labels())


def outcome_share(current: dict[int, FollowUpLike], participant_ids: Sequence[int],
                  outcomes: Outcomes = DEFAULT_OUTCOMES) -> OutcomeShare:
    """The statuses of `participant_ids` (the round's current roster) counted, from `current`, over
    the course's `outcomes`."""
    counts = {status: 0 for status in (*outcomes.statuses, FollowUpStatus.NOT_RECORDED)}
    for pid in participant_ids:
        row = current.get(pid)
        status = row.status if row is not None else FollowUpStatus.NOT_RECORDED
        if status not in counts:
            # A status a newer kursrom wrote and this one does not know is counted as unknown; one
            # this course does not offer keeps a line of its own rather than vanish.
            if not FollowUpStatus.known(status) and FollowUpStatus.UNKNOWN in counts:
                status = FollowUpStatus.UNKNOWN
            counts.setdefault(status, 0)
        counts[status] += 1
    return OutcomeShare(tuple((str(status), n) for status, n in counts.items()), len(participant_ids), outcomes)
