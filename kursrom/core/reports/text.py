"""Words and numbers shared by the summary screen, the participant page and the exports: times in
Europe/Oslo, attendance as words, run time against plan. Labels come from
`kursrom.core.vocabulary`, numbers from `kursrom.core.numbers`."""

from __future__ import annotations

from datetime import date, datetime

from kursrom.core.clock import OSLO
from kursrom.core.numbers import NONE, clock_text
from kursrom.core.reports.data import (
    AdvisorPage, AgendaLine, AttendanceLine, AttendanceMark, ElementSeries, EvaluationLine, SessionHeader,
)
from kursrom.core.vocabulary import TIMED, AttendanceStatus
from kursrom.i18n import _


def local(moment: datetime | None, pattern: str = "%d.%m.%Y %H:%M") -> str:
    return moment.astimezone(OSLO).strftime(pattern) if moment else ""


def clock_time(moment: datetime | None) -> str:
    return local(moment, "%H:%M")


def day(moment: datetime | None) -> str:
    return local(moment, "%d.%m.%Y")


def attendance_text(line: AttendanceLine | None, *, with_reason: bool = True) -> str:
    """"present", "late 12:15", "left early 14:10", "absent (ill)"."""
    if line is None:
        return ""
    text = AttendanceStatus.label_of(line.status)
    if line.time and line.status in TIMED:
        text += " " + clock_time(line.time)
    if with_reason and line.reason:
        text += f" ({line.reason})"
    return text


def mark_text(mark: AttendanceMark, session_day: datetime | None = None) -> str:
    """One entry of a participant's attendance history: what was marked, and when (the time of
    day only, when the mark was made on the session's own day)."""
    what = AttendanceStatus.label_of(mark.status)
    if mark.time and mark.status in TIMED:
        what += " " + clock_time(mark.time)
    if mark.reason:
        what += f" ({mark.reason})"
    same_day = session_day is not None and day(session_day) == day(mark.at)
    return _("{what}, marked {when}").format(what=what, when=clock_time(mark.at) if same_day else local(mark.at))


def minutes_text(seconds: int | None) -> str:
    """Run time as minutes and seconds, "17:05"; "–" when never started."""
    return NONE if seconds is None else clock_text(seconds)


def delta_text(line: AgendaLine) -> str:
    """How far an item ran from its plan, "+3" or "−2" minutes; empty when it did not run."""
    if line.actual_seconds is None:
        return ""
    delta = round((line.actual_seconds - line.planned_minutes * 60) / 60)
    return "±0" if delta == 0 else f"{delta:+d}".replace("-", "−")


def agenda_flags(line: AgendaLine) -> str:
    flags = [line.state.label]
    if line.added:
        flags.append(_("added"))
    if line.moved:
        flags.append(_("moved"))
    if line.adjusted_seconds:
        flags.append(_("{minutes:+d} min on the timer").format(minutes=round(line.adjusted_seconds / 60)))
    return ", ".join(flags)


def iso_day(text: str) -> str:
    """"2026-12-10" as "10.12.2026"; anything else as it is."""
    try:
        return date.fromisoformat(text).strftime("%d.%m.%Y")
    except (TypeError, ValueError):
        return text


def scale_text(line: EvaluationLine | ElementSeries) -> str:
    return f"{line.scale_min}–{line.scale_max}"


def session_heading(header: SessionHeader) -> str:
    """"Session 2 of 5: Hva kan jeg?"."""
    text = _("Session {number} of {count}").format(number=header.number, count=header.sessions_in_round)
    theme = header.theme or header.title
    return f"{text}: {theme}" if theme else text


def consent_text(page: AdvisorPage) -> str:
    """The line of an advisor's page that says what the participant agreed to share."""
    if page.shared and page.consent is not None:
        return _("{name} agreed on {day} that their plan, the notes flagged for their NAV advisor and their quotes "
                 "are shared with the advisor.").format(name=page.participant.name, day=day(page.consent.at))
    return _("{name} has not agreed to share more with their NAV advisor than attendance and the follow-up "
             "status.").format(name=page.participant.name)
