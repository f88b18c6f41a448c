"""Fixtures for every test: the machine stays out (home, data and config folders point at
tmp_path), the language is bokmål, and the clock is a FakeClock at a fixed moment."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from kursrom.core.clock import FakeClock
from kursrom.i18n import set_language

# Before any test module imports the UI: Textual reads binding descriptions when a class is made.
set_language("nb")

#: Monday 23 November 2026, 11:00 UTC (12:00 in Oslo): a PRO session is about to start.
FIXED_NOW = datetime(2026, 11, 23, 11, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("KURSROM_DB", raising=False)
    monkeypatch.delenv("KURSROM_LANG", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    set_language("nb")
    return home


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(FIXED_NOW)


@pytest.fixture(scope="session")
def catalog():
    from kursrom.core.catalog import load_catalog
    from kursrom.paths import builtin_exercises_dir

    loaded = load_catalog([builtin_exercises_dir()])
    assert not loaded.problems, [str(p) for p in loaded.problems]
    return loaded


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "kursrom.sqlite"


@pytest.fixture
def store(db_path: Path, clock: FakeClock):
    from kursrom.store.db import open_store

    opened = open_store(db_path, clock)
    yield opened
    opened.close()


@pytest.fixture
def demo_store(db_path: Path, clock: FakeClock, catalog):
    """A database holding the demo: a PRO round starting today with eight participants (the bare
    round, planned as the template says: without the earlier round `kursrom demo` shows)."""
    from kursrom.store.demo import open_demo_store

    opened = open_demo_store(db_path, catalog, clock, tour=False)
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def pilot_waits_for_writes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The interface writes in a thread (`kursrom.widgets.writing`), and Pilot waits for the screen,
    not for threads. So that a test reads what its keys stored, Pilot's press and pause also wait
    until no write is under way (each is saved, or waits out a lock or a full disk). A test of the
    waiting itself opts out with `@pytest.mark.writes_unwaited`."""
    if request.node.get_closest_marker("writes_unwaited"):
        return
    from textual.pilot import Pilot

    from kursrom.widgets.writing import settle_writes

    press, pause = Pilot.press, Pilot.pause

    async def pressing(pilot: Pilot, *keys: str) -> None:
        await press(pilot, *keys)
        if await settle_writes(pilot.app):
            await pause(pilot)  # and the callbacks the writes queued on the screen

    async def pausing(pilot: Pilot, delay: float | None = None) -> None:
        await settle_writes(pilot.app)
        await pause(pilot, delay)

    monkeypatch.setattr(Pilot, "press", pressing)
    monkeypatch.setattr(Pilot, "pause", pausing)
