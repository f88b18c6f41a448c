"""Fixtures for the exercise panels: the demo round with attendance marked, agenda items of every
kind, and a tiny host screen standing in for the live-session screen.
"""

from __future__ import annotations


import pytest
from sqlmodel import col, select
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer




# --------------------------------------------------------------------------------------------------


@pytest.fixture
def demo_round(demo_store):
    from kursrom.store.rounds import list_rounds

    return list_rounds(demo_store)[0]


@pytest.fixture
def sessions(demo_store, demo_round):
    from kursrom.store.rounds import sessions_of

    return sessions_of(demo_store, demo_round.id)


@pytest.fixture
def people(demo_store, demo_round):
    from kursrom.store.rounds import enrolled

    return enrolled(demo_store, demo_round.id)


def mark(store, session_id: int, participant_ids, status: str = "present") -> None:
    from kursrom.store.models import AttendanceEvent

    with store.session() as db:
        for participant_id in participant_ids:
            db.add(AttendanceEvent(session_id=session_id, participant_id=participant_id, status=status,
                                   at=store.now(), terminal="test"))


def present_in(store, session_id: int):
    """Those whose latest mark is present or late, by name (what the live screen passes)."""
    from kursrom.store.models import AttendanceEvent, Participant

    with store.read() as db:
        events = db.exec(select(AttendanceEvent).where(AttendanceEvent.session_id == session_id)
                         .order_by(col(AttendanceEvent.id)))
        latest = {event.participant_id: event.status for event in events}
        ids = [pid for pid, status in latest.items() if status in ("present", "late")]
        return list(db.exec(select(Participant).where(col(Participant.id).in_(ids))
                            .order_by(col(Participant.name))))


def item_of_kind(store, catalog, session, kind: str, exercise_id: str | None = None):
    """The session's first agenda item of `kind`, or a new one added from the catalogue."""
    from kursrom.store.models import AgendaItem
    from kursrom.store.rounds import agenda_of

    agenda = agenda_of(store, session.id)
    for item in agenda:
        if item.kind == kind and (exercise_id is None or item.exercise_id == exercise_id):
            return item
    exercise = catalog.exercise(exercise_id) if exercise_id else next(
        e for e in sorted(catalog.exercises.values(), key=lambda e: e.id) if e.kind == kind)
    with store.session() as db:
        item = AgendaItem(session_id=session.id, position=len(agenda), exercise_id=exercise.id, kind=exercise.kind,
                          title=exercise.title, prompt=exercise.prompt, instructions=exercise.instructions,
                          planned_minutes=exercise.duration, exercise=exercise.snapshot(), origin="added")
        db.add(item)
    return item


class PanelHost(Screen[None]):
    """Stands in for the live-session screen: the panel, and the footer with its keys."""

    DEFAULT_CSS = "PanelHost { layout: vertical; }"

    def __init__(self, item, session, present) -> None:
        super().__init__()
        self.item, self.session, self.present = item, session, present

    def compose(self) -> ComposeResult:
        from kursrom.widgets.panels import panel_for

        yield panel_for(self.item, self.session, self.present)
        yield Footer()

    def on_mount(self) -> None:
        from kursrom.widgets.panels import ExercisePanel

        self.query_one(ExercisePanel).focus_default()


class Setup:
    """A KursromApp ready to show one agenda item's panel on a `PanelHost`."""

    def __init__(self, app, item, session, present) -> None:
        self.app, self.item, self.session, self.present = app, item, session, present

    def __iter__(self):
        return iter((self.app, self.item, self.session, self.present))

    async def show(self, pilot):
        await self.app.push_screen(PanelHost(self.item, self.session, self.present))
        await pilot.pause()
        from kursrom.widgets.panels import ExercisePanel

        return self.app.screen.query_one(ExercisePanel)


@pytest.fixture
def host(catalog, demo_store, clock):
    """host(kind, session_number=1, absent=()) -> Setup: a KursromApp that will show the panel for
    an agenda item of `kind`, with everyone present except `absent` (indexes into the demo's
    participants, by name)."""
    from kursrom.app import make_app
    from kursrom.store.rounds import enrolled, list_rounds, sessions_of

    def build(kind: str, session_number: int = 1, absent=(), exercise_id: str | None = None) -> Setup:
        course_round = list_rounds(demo_store)[0]
        session = sessions_of(demo_store, course_round.id)[session_number - 1]
        everyone = enrolled(demo_store, course_round.id)
        here = [p.id for i, p in enumerate(everyone) if i not in absent]
        gone = [p.id for i, p in enumerate(everyone) if i in absent]
        mark(demo_store, session.id, here, "present")
        mark(demo_store, session.id, gone, "absent")
        item = item_of_kind(demo_store, catalog, session, kind, exercise_id)
        present = present_in(demo_store, session.id)
        app = make_app(catalog, demo_store, clock=clock)
        return Setup(app, item, session, present)

    return build


@pytest.fixture
def attendance(demo_store):
    """attendance(session_id, ids, status): mark people as the attendance pane would."""
    return lambda session_id, ids, status="present": mark(demo_store, session_id, ids, status)
