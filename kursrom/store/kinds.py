"""What kind of course a round or a session belongs to, by its template's schedule: a group course,
one-to-one conversations (`one_to_one`) or a drop-in service. A round whose template is gone counts
as a group course."""

from __future__ import annotations

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
