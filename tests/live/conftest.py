"""Fixtures for the live session: the demo round two minutes before session 1 starts (10:00 in
Oslo), its first session, and the app on it.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from kursrom.core.clock import FakeClock

ROOT = Path(__file__).resolve().parents[2]
#: Session 1 of the demo PRO round: Monday 23 November 2026, 10:00 in Oslo.
SESSION_START = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def clock() -> FakeClock:
    """Two minutes before session 1 (overrides the shared fixture, so the demo is built on it)."""
    return FakeClock(SESSION_START - timedelta(minutes=2))


@pytest.fixture
def session_id(demo_store) -> int:
    from kursrom.store.rounds import list_rounds, sessions_of

    return sessions_of(demo_store, list_rounds(demo_store)[0].id)[0].id


@pytest.fixture
def app(catalog, demo_store, clock):
    from kursrom.app import make_app

    return make_app(catalog, demo_store, clock=clock)


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch):
    """A still cursor, so screenshots and snapshots do not flap."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(TextArea, "cursor_blink", False, raising=False)
    monkeypatch.setattr(Input, "cursor_blink", False, raising=False)
