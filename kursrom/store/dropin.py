"""Drop-in days: visitors registered on arrival, taken back when registered by mistake, and the
statistics per day and per term (`kursrom.core.dropin`), with the term's CSV export. A drop-in round
needs no roster: each of its sessions is an opening day."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlmodel import col, select

from kursrom.core.dropin import DayStatistics, check_visit, count_visits, first_name_or_fail, local_day, \
    statistics_csv, term_statistics
from kursrom.core.files import encode, slug, write_private
from kursrom.core.vocabulary import SessionStatus
from kursrom.i18n import _
from kursrom.store.db import Store
from kursrom.store.models import CourseRound, CourseSession, DropInVisit
from kursrom.store.rounds import PlanningError


def register_visit(store: Store, session_id: int, first_name: str, age_group: str, topic: str,
                   at: datetime | None = None) -> DropInVisit:
    """A visitor on a drop-in day: a first name or "" (only counted), an age group, a topic. The
    first visitor opens a planned day (it is running from then on)."""
    try:
        name = first_name_or_fail(first_name)
        check_visit(age_group, topic)
    except ValueError as error:
        raise PlanningError(str(error)) from error
    at = at or store.now()
    with store.session() as db:
        session = db.get(CourseSession, session_id)
        if session is None:
            raise PlanningError(_("That day no longer exists."))
        if session.status == SessionStatus.PLANNED:
            session.status = SessionStatus.RUNNING
            session.started_at = at
            db.add(session)
        visit = DropInVisit(session_id=session_id, at=at, first_name=name, age_group=age_group, topic=topic,
                            terminal=store.terminal)
        db.add(visit)
    return visit


def remove_visit(store: Store, visit_id: int) -> None:
    """Take back a visit registered by mistake (a visitor counted twice)."""
    with store.session() as db:
        visit = db.get(DropInVisit, visit_id)
        if visit is None:
            raise PlanningError(_("That visit is already gone."))
        db.delete(visit)


def visits_on(store: Store, session_id: int) -> list[DropInVisit]:
    """A day's visitors, in the order they came."""
    with store.read() as db:
        return list(db.exec(select(DropInVisit).where(DropInVisit.session_id == session_id)
                            .order_by(col(DropInVisit.at), col(DropInVisit.id))))


def day_statistics(store: Store, session_id: int) -> DayStatistics:
    with store.read() as db:
        session = db.get(CourseSession, session_id)
    day = local_day(session.planned_start) if session and session.planned_start else None
    return count_visits(visits_on(store, session_id), day)


@dataclass(frozen=True)
class TermStatistics:
    course: str
    days: list[DayStatistics]  # every opening day up to today, and any later day with visitors
    total: DayStatistics


def term_statistics_of(store: Store, round_id: int, today: date) -> TermStatistics:
    """The term so far: each opening day until `today` (and any later one with visitors) counted."""
    with store.read() as db:
        course_round = db.get(CourseRound, round_id)
        if course_round is None:
            raise PlanningError(_("There is no round {id}.").format(id=round_id))
        sessions = list(db.exec(select(CourseSession).where(CourseSession.round_id == round_id)
                                .order_by(col(CourseSession.number))))
        visits: dict[int, list[DropInVisit]] = {s.id: [] for s in sessions}
        for visit in db.exec(select(DropInVisit).join(CourseSession).where(CourseSession.round_id == round_id)):
            visits[visit.session_id].append(visit)
    days: list[tuple[date, Sequence[DropInVisit]]] = []
    for session in sessions:
        day = local_day(session.planned_start) if session.planned_start else today
        if day <= today or visits[session.id]:
            days.append((day, visits[session.id]))
    per_day, total = term_statistics(days)
    return TermStatistics(course_round.title, per_day, total)


def export_term_statistics(store: Store, round_id: int, out_dir: Path, today: date, *, force: bool = True) -> Path:
    """The term's statistics as CSV (counts only, never a name), for the service's own reporting."""
    from kursrom.store.exports import Written, record_export

    stats = term_statistics_of(store, round_id, today)
    # i18n: in file names: jobbsentralen-statistikk-2026-09-01.csv
    word = _("statistics")
    name = f"{slug(stats.course)}-{slug(word)}-{today.isoformat()}.csv"
    text = statistics_csv(stats.days, stats.total)
    path = write_private(Path(out_dir).expanduser() / name, encode(text, "csv"), force=force)
    record_export(store, [Written(path, "csv", "drop_in")], session_id=None, round_id=round_id, anonymized=True,
                  mark_session=False)
    return path
