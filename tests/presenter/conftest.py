"""Fixtures for the presenter: the demo round with a session running, agenda items of any exercise,
and a roster renamed to names that appear nowhere else, so a test can look for them anywhere."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from kursrom.core.clock import FakeClock

#: Monday 23 November 2026, 10:05 in Oslo: session 1 of the demo round is five minutes old.
RUNNING_AT = datetime(2026, 11, 23, 9, 5, tzinfo=timezone.utc)
#: Names that no exercise, interface text or course title contains (Latin, Cyrillic, Arabic).
DISTINCTIVE = ("Zorbalina Quexworth", "Xylofaniel Brunstadøy", "Олександраїна Пшеничко", "قمرالزمان الفريدي",
               "Wrennaby Osterqvist", "Pelleqwin Taumarøy", "Ёжиковна Лустрова", "Gundrabella Fjøsnikk")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(RUNNING_AT)


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch):
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(TextArea, "cursor_blink", False, raising=False)
    monkeypatch.setattr(Input, "cursor_blink", False, raising=False)


@pytest.fixture
def round_id(demo_store) -> int:
    from kursrom.store.rounds import list_rounds

    return list_rounds(demo_store)[0].id


@pytest.fixture
def session(demo_store, round_id):
    from kursrom.store.rounds import sessions_of

    return sessions_of(demo_store, round_id)[0]


@pytest.fixture
def people(demo_store, round_id):
    """The demo's eight participants, renamed to `DISTINCTIVE`; the first two need an interpreter
    (Ukrainian, Arabic), the rest none."""
    from kursrom.store.rounds import enrolled, get_participant, update_participant

    everyone = enrolled(demo_store, round_id)
    for index, (person, name) in enumerate(zip(everyone, DISTINCTIVE)):
        interpreter = {0: "uk", 1: "ar"}.get(index)
        update_participant(demo_store, person.id, name=name, interpreter_language=interpreter)
    return [get_participant(demo_store, person.id) for person in everyone]


@pytest.fixture
def running(demo_store, session, people):
    """Session 1 started, everyone marked present, with a reason and a note that name people."""
    from kursrom.store import live

    live.start_session(demo_store, session.id)
    for person in people:
        live.mark(demo_store, session.id, person.id, "present")
    live.mark(demo_store, session.id, people[2].id, "absent", reason=f"Syk, sier {people[3].name}")
    live.save_note(demo_store, session.id, None, "live@test", f"@{people[0].name} trenger mer tid",
                   follow_up=True, participants=people)
    return session


@pytest.fixture
def add_item(demo_store, session):
    """add_item(exercise_id) -> AgendaItem: the exercise from the library added to session 1."""
    from kursrom.store.models import AgendaItem
    from kursrom.store.rounds import agenda_of

    def add(catalog, exercise_id: str, **overrides):
        exercise = catalog.exercise(exercise_id)
        with demo_store.session() as db:
            item = AgendaItem(session_id=session.id, position=len(agenda_of(demo_store, session.id)),
                              exercise_id=exercise.id, kind=exercise.kind, title=overrides.get("title", exercise.title),
                              prompt=overrides.get("prompt", exercise.prompt), instructions=exercise.instructions,
                              planned_minutes=exercise.duration, exercise=exercise.snapshot(), origin="added")
            db.add(item)
        return item

    return add
