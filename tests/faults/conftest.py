"""Fixtures for the fault tests: a running session, the app on it, and real SQLite failures that a
test switches on and off while the app runs (a full database, a database locked by another
connection)."""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import event

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # the pty helpers and crash scenarios beside this file
    sys.path.insert(0, str(HERE))


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch):
    """A still cursor, so what is on screen does not flap."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(TextArea, "cursor_blink", False, raising=False)
    monkeypatch.setattr(Input, "cursor_blink", False, raising=False)


@pytest.fixture
def session_id(demo_store) -> int:
    """Session 1 of the demo round, running."""
    from kursrom.store import live
    from kursrom.store.rounds import list_rounds, sessions_of

    found = sessions_of(demo_store, list_rounds(demo_store)[0].id)[0].id
    live.start_session(demo_store, found)
    return found


@pytest.fixture
def app(catalog, demo_store, clock, session_id):
    from kursrom.app import make_app

    return make_app(catalog, demo_store, clock=clock)


class Faults:
    """Real SQLite errors on the store's own connections, switched while the app runs.

    - `disk_full()`: `PRAGMA max_page_count` at the file's current size on every connection the
      store takes from its pool, so any write that needs a new page fails with SQLITE_FULL,
      "database or disk is full", as on a full disk. `disk_back()` lifts the limit.
    - `lock()`: another connection holds `BEGIN EXCLUSIVE` (as a stuck second process would) until
      `unlock()`. The store's busy timeout is cut to `busy_ms` so that a test does not wait 5 s for
      each attempt; what the app sees is the same "database is locked".
    """

    def __init__(self, store, busy_ms: int = 150) -> None:
        self.store = store
        self.busy_ms = busy_ms
        self.max_pages: int | None = None
        self._holder: sqlite3.Connection | None = None
        with store.engine.connect() as connection:
            self._no_limit = connection.exec_driver_sql("PRAGMA max_page_count").scalar()
        event.listen(store.engine, "checkout", self._on_checkout)

    def _on_checkout(self, dbapi_connection, _record, _proxy) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA max_page_count={self.max_pages or self._no_limit}")
        cursor.execute(f"PRAGMA busy_timeout={self.busy_ms}")
        cursor.close()

    def disk_full(self) -> int:
        with self.store.engine.connect() as connection:
            self.max_pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
        return self.max_pages

    def disk_back(self) -> None:
        self.max_pages = None

    def lock(self) -> None:
        self._holder = sqlite3.connect(self.store.path, isolation_level=None, timeout=0)
        self._holder.execute("BEGIN EXCLUSIVE")

    def unlock(self) -> None:
        if self._holder is not None:
            self._holder.execute("ROLLBACK")
            self._holder.close()
            self._holder = None

    def close(self) -> None:
        self.unlock()
        self.disk_back()
        event.remove(self.store.engine, "checkout", self._on_checkout)


@pytest.fixture
def faults(demo_store):
    trouble = Faults(demo_store)
    yield trouble
    trouble.close()


class SmallDisk:
    """A real disk that runs full: a tmpfs mounted in the test's folder, with the database on it.

    `fill()` takes every free byte with a filler file, so the next write that needs room (every
    commit appends to the WAL) fails as on a full disk: ENOSPC, which SQLite reports as SQLITE_FULL,
    "database or disk is full". `free()` deletes the filler. Unlike `Faults.disk_full`, a write of a
    few bytes fails too. Mounting needs root (the tests run as root here); elsewhere it is skipped."""

    def __init__(self, folder: Path, size: str = "16m") -> None:
        self.folder = folder
        self.filler = folder / "filler"
        folder.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"a full disk needs a small tmpfs, and mounting one was refused: {done.stderr.strip()}")

    def fill(self) -> None:
        with open(self.filler, "ab", buffering=0) as handle:
            for size in (65536, 4096, 1):  # big pieces first, then what is left of the last pages
                try:
                    while handle.write(b"\0" * size):
                        pass
                except OSError as error:
                    assert error.errno == errno.ENOSPC, error

    def free(self) -> None:
        if self.filler.exists():
            os.remove(self.filler)

    def unmount(self) -> None:
        self.free()
        subprocess.run(["umount", "-l", str(self.folder)], capture_output=True)


@pytest.fixture
def small_disk(tmp_path):
    disk = SmallDisk(tmp_path / "disk")
    yield disk
    disk.unmount()


@pytest.fixture
def notifications(monkeypatch):
    """notifications(app) -> the (message, severity) of every notification the app shows from now on."""

    def watch(app) -> list[tuple[str, str]]:
        told: list[tuple[str, str]] = []
        notify = app.notify

        def spy(message, **kwargs):
            told.append((str(message), kwargs.get("severity", "information")))
            return notify(message, **kwargs)

        monkeypatch.setattr(app, "notify", spy)
        return told

    return watch
