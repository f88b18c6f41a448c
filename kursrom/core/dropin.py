"""A drop-in service's visitors: what may be stored of one (a first name or nothing, an age group,
the topic), and the statistics per day and per term. Plain Python over rows with the attributes of
`VisitLike`.

Many visitors are minors, so a visitor is never more than a first name and an age group: a name
with a space in it is refused, not cut, so nobody's surname is stored by accident.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from kursrom.core.clock import OSLO
from kursrom.core.vocabulary import AgeGroup, VisitTopic
from kursrom.i18n import _

#: A first name is short; anything longer is probably more than a first name.
FIRST_NAME_MAX = 30


class VisitLike(Protocol):
    session_id: int
    at: datetime
    first_name: str
    age_group: str
    topic: str


def first_name_or_fail(text: str) -> str:
    """The visitor's first name as it may be stored ("" to only count them), or ValueError with one
    sentence saying why not."""
    name = " ".join(text.split())
    if not name:
        return ""
    if " " in name or len(name) > FIRST_NAME_MAX:
        raise ValueError(_("Only a first name, one word: many visitors are minors, so no surname is stored."))
    if any(ch.isdigit() or ch in "@/\\" for ch in name):
        raise ValueError(_("A first name has no digits or @: no phone numbers or e-mail addresses are stored."))
    return name


def check_visit(age_group: str, topic: str) -> None:
    if not AgeGroup.known(age_group):
        raise ValueError(_("Choose an age group."))
    if not VisitTopic.known(topic):
        raise ValueError(_("Choose what the visit is about."))


@dataclass(frozen=True)
class DayStatistics:
    """One day's visitors counted: in all, named or only counted, by age group and by topic."""

    day: date | None  # None: a term's total
    visitors: int
    named: int
    age_groups: tuple[tuple[str, int], ...]  # every AgeGroup, in order
    topics: tuple[tuple[str, int], ...]  # every VisitTopic, in order

    @property
    def only_counted(self) -> int:
        return self.visitors - self.named

    def describe(self) -> str:
        """"5 visitors (2 only counted) · CV 2 · job search 1 ..." for the screen."""
        head = _("{count} visitors ({counted} only counted)").format(count=self.visitors, counted=self.only_counted)
        topics = " · ".join(f"{VisitTopic.label_of(t)} {n}" for t, n in self.topics if n)
        return f"{head} · {topics}" if topics else head


def count_visits(visits: Iterable[VisitLike], day: date | None = None) -> DayStatistics:
    visits = list(visits)
    ages = Counter(v.age_group for v in visits)
    topics = Counter(v.topic for v in visits)
    return DayStatistics(day, len(visits), sum(1 for v in visits if v.first_name),
                         tuple((str(a), ages.get(a, 0)) for a in AgeGroup),
                         tuple((str(t), topics.get(t, 0)) for t in VisitTopic))


def term_statistics(days: Sequence[tuple[date, Sequence[VisitLike]]]) -> tuple[list[DayStatistics], DayStatistics]:
    """Each opening day's statistics (days without visitors too: a quiet day is a figure), and the
    term's total."""
    per_day = [count_visits(visits, day) for day, visits in days]
    total = count_visits([v for _day, visits in days for v in visits])
    return per_day, total


def statistics_csv(per_day: Sequence[DayStatistics], total: DayStatistics) -> str:
    """The term as a spreadsheet: a row per day, the total last. Counts only, never a name."""
    from kursrom.core.rendering.spreadsheets import write_csv

    header = [_("Date"), _("Visitors"), _("Named"), _("Only counted"),
              *(AgeGroup.label_of(a) for a, _n in total.age_groups),
              *(VisitTopic.label_of(t) for t, _n in total.topics)]

    def row(stats: DayStatistics, label: str) -> list:
        return [label, stats.visitors, stats.named, stats.only_counted,
                *(n for _a, n in stats.age_groups), *(n for _t, n in stats.topics)]

    rows = [row(stats, stats.day.strftime("%d.%m.%Y") if stats.day else "") for stats in per_day]
    rows.append(row(total, _("Term total")))
    return write_csv(header, rows)


def local_day(moment: datetime) -> date:
    return moment.astimezone(OSLO).date()
