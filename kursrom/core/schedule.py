"""Session dates of a course round, from its template's schedule, with python-dateutil rules.

Dates and times are local to Europe/Oslo: a course that meets at 12:00 meets at 12:00 on both
sides of the change to and from summer time, so each occurrence is localised on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from dateutil.rrule import DAILY, FR, MO, SA, SU, TH, TU, WE, WEEKLY, rrule, rruleset

from kursrom.core.clock import OSLO
from kursrom.core.vocabulary import SessionStatus
from kursrom.i18n import N_, _, current_language

SCHEDULE_KINDS = ("weekly", "weekdays", "conversations", "drop_in")
#: How a template names the weekdays a drop-in service is open, in `schedule.days`.
WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RRULE_DAYS = dict(zip(WEEKDAY_CODES, (MO, TU, WE, TH, FR, SA, SU)))


@dataclass(frozen=True)
class PlannedSession:
    number: int
    start: datetime  # aware, Europe/Oslo
    end: datetime

    @property
    def start_utc(self) -> datetime:
        return self.start.astimezone(timezone.utc)

    @property
    def end_utc(self) -> datetime:
        return self.end.astimezone(timezone.utc)


def parse_time(text: str) -> time:
    """A time of day written HH:MM (or H:MM, or HH.MM as many Norwegians write it)."""
    try:
        hours, minutes = text.strip().replace(".", ":").split(":")
        if len(minutes) != 2:
            raise ValueError(text)
        return time(int(hours), int(minutes))
    except ValueError as error:
        raise ValueError(f"not a time of day as HH:MM: {text!r}") from error


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NORWEGIAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def parse_date(text: str) -> date:
    """A date written YYYY-MM-DD, or DD.MM.YYYY as Norwegians write it."""
    text = text.strip()
    try:
        if match := _ISO_DATE.fullmatch(text):
            year, month, day = (int(g) for g in match.groups())
            return date(year, month, day)
        if match := _NORWEGIAN_DATE.fullmatch(text):
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
    except ValueError as error:
        raise ValueError(f"no such date: {text!r}") from error
    raise ValueError(f"not a date as YYYY-MM-DD or DD.MM.YYYY: {text!r}")


def local_start(day: date, at: time | str) -> datetime:
    """`day` at `at` in Oslo, as an aware datetime. Each date is localised on its own, so 12:00 is
    12:00 on both sides of a summer-time change. A time that does not exist (02:30 on the last
    Sunday of March) moves forward by the hour the clocks skip, as a wall clock would."""
    if isinstance(at, str):
        at = parse_time(at)
    naive = datetime.combine(day, at)
    aware = naive.replace(tzinfo=OSLO)
    return aware.astimezone(timezone.utc).astimezone(OSLO)


def slot(number: int, day: date, at: time | str, minutes: int) -> PlannedSession:
    """One session on `day` at `at` (Oslo time) lasting `minutes`."""
    begin = local_start(day, at)
    end = (begin.astimezone(timezone.utc) + timedelta(minutes=minutes)).astimezone(OSLO)
    return PlannedSession(number, begin, end)


def session_dates(kind: str, count: int, start: date, *, skip: frozenset[date] | set[date] = frozenset(),
                  days: Sequence[str] = ()) -> list[date]:
    """The first `count` dates of a schedule from `start`, with skipped dates left out (the course
    then runs one occurrence longer, as a facilitator expects when a holiday falls on a session).
    `days` are a drop-in service's opening days (`WEEKDAY_CODES`); without them it is open daily."""
    if count <= 0:
        return []
    if kind == "drop_in" and days:
        rule = rrule(WEEKLY, dtstart=_midnight(start), byweekday=tuple(_RRULE_DAYS[d] for d in days))
    elif kind == "drop_in":
        rule = rrule(DAILY, dtstart=_midnight(start))
    elif kind == "weekdays":
        rule = rrule(DAILY, dtstart=_midnight(start), byweekday=(MO, TU, WE, TH, FR))
    elif kind in ("weekly", "conversations"):
        rule = rrule(WEEKLY, dtstart=_midnight(start))
    else:
        raise ValueError(f"unknown schedule kind {kind!r}")
    rules = rruleset()
    rules.rrule(rule)
    for day in skip:
        rules.exdate(_midnight(day))
    dates: list[date] = []
    for occurrence in rules:
        dates.append(occurrence.date())
        if len(dates) == count:
            break
    return dates


def plan_sessions(kind: str, count: int, start: date, start_time: str, minutes: list[int] | int, *,
                  skip: frozenset[date] | set[date] = frozenset(), days: Sequence[str] = ()) -> list[PlannedSession]:
    at = parse_time(start_time)
    lengths = minutes if isinstance(minutes, list) else [minutes] * count
    return [slot(number, day, at, lengths[number - 1])
            for number, day in enumerate(session_dates(kind, count, start, skip=skip, days=days), start=1)]


#: The `holidays` package's language for each interface language.
_HOLIDAY_LANGUAGES = {"nb": "no", "en": "en_US"}


def holidays_on(dates: Iterable[date], language: str | None = None) -> dict[date, str]:
    """Norwegian public holidays among `dates` (from the `holidays` package), to suggest skipping.
    Names are in `language` (an interface language; the current one when not given)."""
    dates = list(dates)
    if not dates:
        return {}
    import holidays  # imported here: it is only needed when a round is planned

    code = _HOLIDAY_LANGUAGES.get(language or current_language(), "no")
    calendar = holidays.country_holidays("NO", years=sorted({d.year for d in dates}), language=code)
    return {d: calendar[d] for d in dates if d in calendar}


def holiday_suggestions(kind: str, count: int, start: date, *, skip: Iterable[date] = (),
                        language: str | None = None) -> dict[date, str]:
    """The public holidays a round would meet on, with their names: suggestions to skip, never
    skipped without the facilitator's say."""
    return holidays_on(session_dates(kind, count, start, skip=set(skip)), language)


@dataclass(frozen=True)
class CurrentSession:
    """What `reschedule` needs to know of a session already planned."""

    number: int
    start: datetime  # aware
    end: datetime
    status: str = SessionStatus.PLANNED


def reschedule(kind: str, start: date, start_time: str, sessions: Sequence[CurrentSession], *,
               old_skip: Iterable[date], new_skip: Iterable[date],
               days: Sequence[str] = ()) -> dict[int, PlannedSession]:
    """New times for a round's sessions after its skipped dates changed.

    Only planned sessions that still sit where the rule put them move: a session that has run, or
    that the facilitator moved by hand to another date or time, stays where it is. Returns the
    sessions whose times change, by number.
    """
    count = max((s.number for s in sessions), default=0)
    at = parse_time(start_time)
    old = {d: day for d, day in enumerate(session_dates(kind, count, start, skip=set(old_skip), days=days), start=1)}
    new = {d: day for d, day in enumerate(session_dates(kind, count, start, skip=set(new_skip), days=days), start=1)}
    changes: dict[int, PlannedSession] = {}
    for session in sessions:
        if session.status != SessionStatus.PLANNED or session.number not in old or session.number not in new:
            continue
        if session.start != local_start(old[session.number], at):
            continue  # moved by hand: the facilitator's choice wins
        if new[session.number] == old[session.number]:
            continue
        minutes = round((session.end - session.start).total_seconds() / 60)
        changes[session.number] = slot(session.number, new[session.number], at, minutes)
    return changes


WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def format_day(day: date | datetime, *, year: bool = True) -> str:
    """`Mon 30.03.2026` (weekday in the interface language); a datetime is shown in Oslo time."""
    if isinstance(day, datetime):
        day = day.astimezone(OSLO).date()
    text = day.strftime("%d.%m.%Y" if year else "%d.%m")
    return f"{_(WEEKDAYS[day.weekday()])} {text}"


def format_when(moment: datetime, *, year: bool = True) -> str:
    """`Mon 30.03.2026 12:00`, in Oslo time."""
    local = moment.astimezone(OSLO)
    return f"{format_day(local, year=year)} {local:%H:%M}"


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time())
