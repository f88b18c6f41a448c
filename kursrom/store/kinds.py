"""What kind of course a round or a session belongs to, by its template's schedule: a group course,
one-to-one conversations (`one_to_one`) or a drop-in service. A round whose template is gone counts
as a group course."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from kursrom.core.catalog import Catalog
from kursrom.store.db import Store
from kursrom.store.models import CourseRound, CourseSession


def schedule_of_round(store: Store, catalog: Catalog, round_id: int) -> str:
    with store.read() as db:
        course_round = db.get(CourseRound, round_id)
    template = catalog.templates.get(course_round.template_id) if course_round else None
    return template.schedule.kind if template else "weekly"


def schedule_of_session(store: Store, catalog: Catalog, session_id: int) -> str:
    with store.read() as db:
        session = db.get(CourseSession, session_id)
    return schedule_of_round(store, catalog, session.round_id) if session else "weekly"


def is_one_to_one(store: Store, catalog: Catalog, session_id: int) -> bool:
    """A guidance conversation with one person: no check-in list, no group rows."""
    return schedule_of_session(store, catalog, session_id) == "conversations"


def start_conversation(store: Store, session_id: int, at: datetime | None = None) -> CourseSession:
    """Start a one-to-one conversation: the session runs and the person is marked present, since a
    conversation is held with them (no check-in list to fill in)."""
    from kursrom.core.vocabulary import AttendanceStatus
    from kursrom.store.live import load, mark, start_session

    session = start_session(store, session_id, at)
    snapshot = load(store, session_id)
    for person in snapshot.participants:
        if snapshot.status_of(person.id) is None:
            mark(store, session_id, person.id, AttendanceStatus.PRESENT)
    return session


@dataclass(frozen=True)
class Conversation:
    number: int
    title: str
    planned_start: datetime | None
    status: str


def conversations_of(store: Store, round_id: int) -> list[Conversation]:
    with store.read() as db:
        rows = db.exec(select(CourseSession).where(CourseSession.round_id == round_id)
                       .order_by(col(CourseSession.number)))
        return [Conversation(s.number, s.theme or s.title, s.planned_start, s.status) for s in rows]
