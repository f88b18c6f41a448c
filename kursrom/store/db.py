"""Opening the database: checks, pragmas, schema versions, migrations and backups.

Nothing is opened at import time. `open_store(path)` is the only way in, and it refuses, with a
sentence a facilitator can act on, any file it would otherwise damage: a file that is not SQLite, an
SQLite file that is not kursrom's, a file that fails `PRAGMA integrity_check`, or a database written
by a newer kursrom. Such a file is never written to.
"""

from __future__ import annotations

import os
import socket
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, SQLModel, create_engine

from kursrom.core.clock import Clock
from kursrom.paths import ensure_private_dir
from kursrom.store import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from kursrom.store import fileguard
from kursrom.store.errors import (  # noqa: F401  (re-exported for callers of the store)
    SQLITE_ERRORS, CorruptDatabase, NewerDatabase, NotKursromDatabase, StoreError, store_error,
)
from kursrom.store.fileguard import APPLICATION_ID, backup_database, inspect_file

#: How long a writer waits for another process (the co-facilitator's `kursrom notes`) to finish.
BUSY_TIMEOUT_MS = 5000

# synchronous=FULL: measured on the CI machine (2 cores), a raw WAL commit costs 0.009 ms with
# NORMAL and 0.33 ms with FULL, and a SQLModel commit about 0.17 ms and 0.6 ms. Notes save at most
# once a second, so FULL's promise (a committed note survives a power cut, not only a crash) is
# affordable. Re-measure with `python benchmarks/run.py`.
PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
)

Migration = Callable[[Connection], None]

def add_undo_journal(connection: Connection) -> None:
    """Every change to a session's record can be undone (issue 13): timer and attendance events
    get `undoes` (a correction takes back the row it names, and both stay), and `session_change`
    is the journal of what each change did."""
    for table in ("timer_event", "attendance_event"):
        connection.exec_driver_sql(
            f"ALTER TABLE {table} ADD COLUMN undoes INTEGER REFERENCES {table} (id) ON DELETE CASCADE")
        connection.exec_driver_sql(f"CREATE INDEX ix_{table}_undoes ON {table} (undoes)")
    connection.exec_driver_sql("""
        CREATE TABLE session_change (
            id INTEGER NOT NULL,
            session_id INTEGER NOT NULL,
            kind VARCHAR NOT NULL,
            at DATETIME NOT NULL,
            terminal VARCHAR NOT NULL,
            label VARCHAR NOT NULL,
            data JSON NOT NULL,
            undoes_id INTEGER,
            PRIMARY KEY (id),
            FOREIGN KEY(session_id) REFERENCES course_session (id) ON DELETE CASCADE,
            FOREIGN KEY(undoes_id) REFERENCES session_change (id) ON DELETE CASCADE
        )""")
    connection.exec_driver_sql("CREATE INDEX ix_session_change_session_id ON session_change (session_id)")
    connection.exec_driver_sql("CREATE INDEX ix_session_change_undoes_id ON session_change (undoes_id)")


#: Step N migrates a database at version N to N + 1. Never edit a step once released; add one.
#: Each step is a named function, so branches that add steps at the same time can renumber them.
MIGRATIONS: dict[int, Migration] = {
    1: add_undo_journal,
}


def terminal_name() -> str:
    """Which terminal made a change: host, process and tty, for attendance's audit trail."""
    tty = ""
    try:
        tty = os.ttyname(0)
    except OSError:
        pass
    return f"{socket.gethostname()}:{os.getpid()}{':' + tty if tty else ''}"


class Store:
    """An open kursrom database. Query modules take it as their first argument."""

    def __init__(self, engine: Engine, reader: Engine, path: Path, clock: Clock, *,
                 migrated_from: int | None = None, backup_path: Path | None = None) -> None:
        self.engine = engine
        self.reader = reader
        self.path = path
        self.clock = clock
        self.terminal = terminal_name()
        self.migrated_from = migrated_from
        self.backup_path = backup_path

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work in one write transaction (BEGIN IMMEDIATE), committed on success.
        A database failure, in the work or at the commit, is raised as StoreError."""
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                with session.begin():
                    yield session
        except SQLITE_ERRORS as error:
            raise store_error(error, self.path) from error

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading only. WAL readers never block the writer; keep it short anyway.
        A database failure is raised as StoreError."""
        try:
            with Session(self.reader, expire_on_commit=False) as session:
                yield session
        except SQLITE_ERRORS as error:
            raise store_error(error, self.path) from error

    def now(self):  # noqa: ANN201 - a datetime
        return self.clock.now()

    def close(self) -> None:
        self.engine.dispose()
        self.reader.dispose()


def _connect_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def _begin_immediate(connection: Connection) -> None:
    # A deferred transaction that reads and then writes can fail at once with SQLITE_BUSY when the
    # other process wrote in between; taking the write lock up front lets busy_timeout do its job.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _begin_deferred(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def _make_engine(path: Path, *, writer: bool = True) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _connect_pragmas)
    event.listen(engine, "begin", _begin_immediate if writer else _begin_deferred)
    return engine


def _create_private_file(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def _tighten(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        candidate = path.with_name(path.name + suffix)
        if candidate.exists():
            os.chmod(candidate, 0o600)


def open_store(path: Path, clock: Clock | None = None) -> Store:
    """Open (creating or migrating as needed) the kursrom database at `path`."""
    clock = clock or Clock()
    path = Path(path).expanduser()
    ensure_private_dir(path.parent)
    # The WAL and shared-memory files inherit nothing from the database: the umask decides them.
    old_umask = os.umask(0o077)
    try:
        if path.exists():
            version = inspect_file(path)
        else:
            _create_private_file(path)
            version = None
        backup = None
        if version is not None and version < fileguard.SCHEMA_VERSION:
            backup = backup_database(path, version, clock)
        engine = _make_engine(path)
        try:
            with engine.begin() as connection:
                if version is None:
                    SQLModel.metadata.create_all(connection)
                    connection.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
                    connection.exec_driver_sql(f"PRAGMA user_version={fileguard.SCHEMA_VERSION}")
                else:
                    for step in range(version, fileguard.SCHEMA_VERSION):
                        MIGRATIONS[step](connection)
                        connection.exec_driver_sql(f"PRAGMA user_version={step + 1}")
        except SQLITE_ERRORS as error:
            engine.dispose()
            raise store_error(error, path) from error
        except Exception:
            engine.dispose()
            raise
        _tighten(path)
    finally:
        os.umask(old_umask)
    reader = _make_engine(path, writer=False)
    return Store(engine, reader, path, clock, migrated_from=version if backup else None, backup_path=backup)

