"""A round's interpreter needs per session, read for `kursrom.core.interpreters`."""

from __future__ import annotations

from sqlmodel import col, select

from kursrom.core.interpreters import SessionNeed, interpreter_needs
from kursrom.store.attendance import latest_marks
from kursrom.store.db import Store
from kursrom.store.places import holds_place
from kursrom.store.models import CourseSession, Enrolment, Participant


def interpreter_needs_of(store: Store, round_id: int) -> list[SessionNeed]:
    with store.read() as db:
        sessions = list(db.exec(select(CourseSession).where(CourseSession.round_id == round_id)
                                .order_by(col(CourseSession.number))))
        roster = dict(db.exec(select(Participant.id, Participant.interpreter_language)
                              .join(Enrolment, col(Enrolment.participant_id) == col(Participant.id))
                              .where(Enrolment.round_id == round_id, holds_place())).all())
        marks = {key: event.status for key, event in latest_marks(db, [s.id for s in sessions]).items()}
    return interpreter_needs(sessions, roster, marks)
