"""After the course: which follow-up status is current, and the share in work or education, the
figure the courses report. Plain Python, over rows that have the attributes of `FollowUpLike`.

A participant with no status recorded counts as "not recorded", never as "unknown": "unknown" is a
status somebody chose (we asked and nobody knows), and mixing the two would hide how much follow-up
is still to do. Both count in the denominator: the share is of everyone on the roster.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol, TypeVar

from kursrom.core.vocabulary import FOLLOW_UP_CHOICES, GOOD_OUTCOMES, FollowUpStatus
from kursrom.i18n import _


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

    def count(self, status: str) -> int:
        return dict(self.counts).get(status, 0)

    @property
    def in_work_or_education(self) -> int:
        return sum(n for status, n in self.counts if status in GOOD_OUTCOMES)

    @property
    def share(self) -> float | None:
        return self.in_work_or_education / self.participants if self.participants else None

    def describe(self) -> str:
        from kursrom.core.numbers import percent

        if not self.participants:
            return _("No participants yet.")
        return _("{count} of {total} in work or education ({percent})").format(
            count=self.in_work_or_education, total=self.participants, percent=percent(self.share))


def outcome_share(current: dict[int, FollowUpLike], participant_ids: Sequence[int]) -> OutcomeShare:
    """The statuses of `participant_ids` (the round's current roster) counted, from `current`."""
    counts = {status: 0 for status in (*FOLLOW_UP_CHOICES, FollowUpStatus.NOT_RECORDED)}
    for pid in participant_ids:
        row = current.get(pid)
        status = row.status if row is not None else FollowUpStatus.NOT_RECORDED
        # A status a newer kursrom wrote and this one does not know is counted as unknown.
        counts[status if status in counts else FollowUpStatus.UNKNOWN] += 1
    return OutcomeShare(tuple((str(status), n) for status, n in counts.items()), len(participant_ids))
