"""Fixtures for every test: the machine stays out (home, data and config folders point at
tmp_path), the language is bokmål, and the clock is a FakeClock at a fixed moment."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest

from kursrom.core.clock import FakeClock
from kursrom.i18n import set_language
from kursrom.store.fileguard import APPLICATION_ID

# Before any test module imports the UI: Textual reads binding descriptions when a class is made.
set_language("nb")


def _import_the_interface() -> None:
    """Make every screen and widget class now, in bokmål: a module first imported later, inside a
    test that switched to English, would keep English key descriptions for the rest of the run."""
    import importlib
    import pkgutil

    import kursrom.screens
    import kursrom.widgets

    for package in (kursrom.screens, kursrom.widgets):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)


_import_the_interface()

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


#: Seconds a facilitator leaves after a command key: more than typing leaves between keys.
COMMAND_PAUSE = 0.3


@pytest.fixture
def command(clock: FakeClock):
    """Press keys on the live screen as a facilitator gives commands: one at a time, each followed
    by a pause longer than typing leaves (`kursrom.core.keyguard`), so each runs as its command
    (letters that arrive as typing are held instead). Waits for what each key stores."""
    async def press(pilot, *keys: str) -> None:
        for key in keys:
            await pilot.press(key)
            clock.advance(seconds=COMMAND_PAUSE)
            release = getattr(pilot.app.screen, "release_due", None)
            if release is not None:
                release()
            await pilot.pause()
            await pilot.pause()  # the write the key asked for, and what the screen does after it

    return press


@pytest.fixture
def keys_due(clock: FakeClock):
    """After keys pressed together (the check-in's digits, one a person): let the last one's wait
    pass, as a facilitator's pause does, so that it acts too (`kursrom.core.keyguard`)."""
    async def due(pilot) -> None:
        clock.advance(seconds=COMMAND_PAUSE)
        release = getattr(pilot.app.screen, "release_due", None)
        if release is not None:
            release()
        await pilot.pause()
        await pilot.pause()

    return due


@pytest.fixture
def at_once():
    """Post keys together, before the app has handled any of them: as a terminal sends keys that
    come faster than the app handles them (`tests/live/test_key_order.py`)."""
    from textual import events

    async def press(pilot, *keys: str) -> None:
        for key in keys:
            event = events.Key(key, key if len(key) == 1 else None)
            event.set_sender(pilot.app)
            pilot.app.post_message(event)
        for _settle in range(4):
            await pilot.pause()

    return press


# Databases as earlier kursroms wrote them, for the tests of each migration step:
# tests/data/schema/vN.sql is the schema a new database had at version N, kept from the release that
# wrote it (never edited).
SCHEMAS = Path(__file__).resolve().parent / "data" / "schema"


@pytest.fixture
def downgrade() -> Callable[[Path, int], None]:
    """`downgrade(path, N)` turns a database made now into one of schema N with the same rows, so a
    test fills it with today's functions and then checks the real upgrade from N."""
    return _downgrade


def database_at(path: Path, version: int) -> None:
    """A new, empty database file as kursrom wrote it at schema `version`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    try:
        conn.executescript((SCHEMAS / f"v{version}.sql").read_text(encoding="utf-8"))
        conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version={version}")
        conn.commit()
    finally:
        conn.close()


def _downgrade(path: Path, version: int) -> None:
    """Rewrite the (closed) database at `path` as schema `version`: its rows in the tables and columns
    that schema had; what later steps added is gone."""
    older = path.with_name(path.name + ".older")
    database_at(older, version)
    conn = sqlite3.connect(older)
    try:
        conn.execute("ATTACH DATABASE ? AS current", (str(path),))
        tables = [name for (name,) in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")]
        for table in tables:
            then = [row[1] for row in conn.execute(f"PRAGMA main.table_info('{table}')")]
            now = {row[1] for row in conn.execute(f"PRAGMA current.table_info('{table}')")}
            columns = ", ".join(f'"{c}"' for c in then if c in now)
            if now:
                conn.execute(f'INSERT INTO main."{table}" ({columns}) SELECT {columns} FROM current."{table}"')
        conn.commit()
        conn.execute("DETACH DATABASE current")
    finally:
        conn.close()
    for leftover in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    os.replace(older, path)
