"""Fixtures for the planning tests: a store with a few rounds in different states, CSV files, and
a helper to type into inputs from the keyboard."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest


@pytest.fixture
def english():
    """Messages in English, for tests that read a problem's words (the suite's default is bokmål)."""
    from kursrom.i18n import set_language

    set_language("en")
    yield
    set_language("nb")


@pytest.fixture
def write_csv(tmp_path: Path):
    """Write a roster file as bytes (so a test controls the BOM and the separator)."""

    def write(text: str, name: str = "roster.csv", *, bom: bool = False, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        data = text.encode(encoding)
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
        return path

    return write


@pytest.fixture
def pro_round(store, catalog):
    """A PRO round across the change to summer time (Monday 23 March 2026 onwards, 12:00)."""
    from kursrom.store.rounds import create_round

    return create_round(store, catalog, catalog.template("pro"), start=date(2026, 3, 23), start_time="12:00",
                        title="PRO vår", place="NAV Asker, rom 2", facilitators="Kari")


@pytest.fixture
def planned_rounds(demo_store, catalog):
    """The demo round (running: session 1 done, with attendance) and a planned I jobb round."""
    from kursrom.store.models import AttendanceEvent, CourseSession
    from kursrom.store.rounds import create_round, enrolled, list_rounds, sessions_of

    demo = list_rounds(demo_store)[0]
    first = sessions_of(demo_store, demo.id)[0]
    people = enrolled(demo_store, demo.id)
    at = datetime(2026, 11, 23, 11, 0, tzinfo=timezone.utc)
    with demo_store.session() as db:
        session = db.get(CourseSession, first.id)
        session.status = "done"
        session.started_at = at
        db.add(session)
        for index, person in enumerate(people):
            db.add(AttendanceEvent(session_id=first.id, participant_id=person.id,
                                   status="absent" if index < 2 else "present", at=at))
    ijobb = create_round(demo_store, catalog, catalog.template("i-jobb"), start=date(2027, 5, 3),
                         title="I jobb mai 2027", place="NAV Tromsø", facilitators="Liv, Ole")
    return demo.id, ijobb.id
