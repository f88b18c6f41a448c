"""Opening the database: checks, pragmas, schema versions, migrations and backups.

Nothing is opened at import time. `open_store(path)` is the only way in, and it refuses, with a
sentence a facilitator can act on, any file it would otherwise damage: a file that is not SQLite, an
SQLite file that is not kursrom's, a file that fails `PRAGMA integrity_check`, or a database written
by a newer kursrom. Such a file is never written to.

The path is a file name and nothing else: the engine connects to it through `sqlite3` directly, not
through a URL, so no character in it is special. An existing file keeps its mode; a file (or its
folder) that is read-only opens read-only, and only reading works. Opening takes the write lock only
to create or migrate the schema, so reading commands never wait for a writer.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import QueuePool
from sqlmodel import Session, SQLModel, create_engine

from kursrom.core.clock import Clock
from kursrom.paths import ensure_private_dir
from kursrom.store import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from kursrom.store import fileguard
from kursrom.store.consent_upgrade import migrate_consent_and_paragraph_flags
from kursrom.store.errors import (  # noqa: F401  (re-exported for callers of the store)
    DATABASE_ERRORS, SQLITE_ERRORS, CorruptDatabase, NewerDatabase, NotKursromDatabase, StoreError,
    StoreErrorKind, read_only_kind, store_error,
)
from kursrom.store.marks import SET_ZEROED
from kursrom.store.tally import ROUND_SHARE_SCHEMA
from kursrom.store.fileguard import (
    APPLICATION_ID, backup_database, database_uri, has_live_log, inspect_file, locked_or, nobody_writes,
    permission_warning, read_only_notice,
)

#: How long a writer waits for another process (the co-facilitator's `kursrom notes`) to finish.
BUSY_TIMEOUT_MS = 5000

# synchronous=FULL: measured on the CI machine (2 cores), a raw WAL commit costs 0.009 ms with
# NORMAL and 0.33 ms with FULL, and a SQLModel commit about 0.17 ms and 0.6 ms. Notes save at most
# once a second, so FULL's promise (a committed note survives a power cut, not only a crash) is
# affordable. Re-measure with `python benchmarks/run.py`.
# secure_delete: whatever a connection frees (a deleted note, the old text of an edited one) is
# overwritten with zeros at once, so that forgetting a person need not rebuild the whole file
# (`kursrom.store.privacy`). Every kursrom connection that writes sets it.
PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA secure_delete=ON",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
)

#: A step may return a report for the facilitator (kept in `Store.upgrade_reports`), or None.
Migration = Callable[[Connection], object]


def add_store_mark(connection: Connection) -> None:
    """Schema 1 -> 2: the `store_mark` table (`models.StoreMark`): a demo says it is one, erasures are counted."""
    # The statement create_all() writes for a new database, so an old one ends up with the same schema.
    connection.exec_driver_sql('CREATE TABLE store_mark (\n\t"key" VARCHAR NOT NULL, \n\tvalue VARCHAR NOT NULL, '
                               '\n\tPRIMARY KEY ("key")\n)')


def add_presenter_state(connection: Connection) -> None:
    """Schema 2 -> 3: the presenter's state per session (`models.PresenterState`): what the facilitator
    chose to show."""
    connection.exec_driver_sql(
        "CREATE TABLE IF NOT EXISTS presenter_state ("
        " session_id INTEGER NOT NULL, blank BOOLEAN NOT NULL, content VARCHAR NOT NULL, item_id INTEGER,"
        " statement INTEGER NOT NULL, languages JSON, updated_at DATETIME, PRIMARY KEY (session_id),"
        " FOREIGN KEY(session_id) REFERENCES course_session (id) ON DELETE CASCADE)")



def add_calendar_sequence(connection: Connection) -> None:
    """Schema 3 -> 4: `course_session.calendar_sequence`, raised each time a session moves (the .ics SEQUENCE)."""
    # The column as create_all() writes it; sessions moved before it existed start at 0.
    connection.exec_driver_sql("ALTER TABLE course_session ADD COLUMN calendar_sequence INTEGER DEFAULT '0' NOT NULL")


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


#: The follow-up statuses every round had before schema 7, written into each older round by
#: `add_course_kinds` so its history keeps its meaning whatever its template says today.
OUTCOMES_BEFORE_SCHEMA_7 = ('{"statuses": ["work", "education", "measure", "seeking", "unknown"], '
                            '"success": ["education", "work"]}')


def add_course_outcomes(connection: Connection) -> None:
    """Schema 6 -> 7, first part: `course_round.outcomes`, each older round given the five statuses
    it was recorded with, and `course_round.places` (no limit for older rounds)."""
    connection.exec_driver_sql("ALTER TABLE course_round ADD COLUMN outcomes JSON DEFAULT '{}' NOT NULL")
    connection.exec_driver_sql("UPDATE course_round SET outcomes = ?", (OUTCOMES_BEFORE_SCHEMA_7,))
    connection.exec_driver_sql("ALTER TABLE course_round ADD COLUMN places INTEGER")


def add_waiting_list(connection: Connection) -> None:
    """Schema 6 -> 7: `enrolment.waiting`; everyone enrolled before has a place."""
    connection.exec_driver_sql("ALTER TABLE enrolment ADD COLUMN waiting BOOLEAN DEFAULT '0' NOT NULL")


def add_drop_in_visits(connection: Connection) -> None:
    """Schema 6 -> 7: the `drop_in_visit` table (`models.DropInVisit`), as create_all() writes it."""
    connection.exec_driver_sql(
        "CREATE TABLE drop_in_visit (id INTEGER NOT NULL, session_id INTEGER NOT NULL, at DATETIME NOT NULL,"
        " first_name VARCHAR NOT NULL, age_group VARCHAR NOT NULL, topic VARCHAR NOT NULL, terminal VARCHAR NOT NULL,"
        " PRIMARY KEY (id), FOREIGN KEY(session_id) REFERENCES course_session (id) ON DELETE CASCADE)")
    connection.exec_driver_sql("CREATE INDEX ix_drop_in_visit_session_id ON drop_in_visit (session_id)")


def add_course_kinds(connection: Connection) -> None:
    """Schema 6 -> 7: outcomes per course, places and a waiting list, drop-in visits."""
    add_course_outcomes(connection)
    add_waiting_list(connection)
    add_drop_in_visits(connection)


#: Indexes the models do not declare. The attendance share (`overview.SHARES`) finds each person's
#: latest mark at a session in this index alone, without reading the table: on five years of courses
#: that is the difference between a quarter and a twentieth of a second for the home screen.
#: `undoes` is in it because only the marks no correction takes back count (`overview.counting`).
LATEST_MARK_INDEX = ("CREATE INDEX IF NOT EXISTS ix_attendance_event_latest "
                     "ON attendance_event (session_id, participant_id, id, status, undoes)")


def add_latest_mark_index(connection: Connection) -> None:
    """Schema 7 -> 8: `LATEST_MARK_INDEX`, for the home screen's attendance share."""
    connection.exec_driver_sql(LATEST_MARK_INDEX)


def add_round_share(connection: Connection) -> None:
    """Schema 8 -> 9: `round_share`, the attendance share of each round kept for the home list, and
    the triggers that forget a round's share when what it is counted from changes
    (`kursrom.store.tally`). Empty here: the first home list counts and keeps them."""
    for statement in ROUND_SHARE_SCHEMA:
        connection.exec_driver_sql(statement)


#: Step N migrates a database at version N to N + 1. Never edit a step once released; add one.
#: Each step is a named function, so branches that add steps at the same time can renumber them.
MIGRATIONS: dict[int, Migration] = {
    1: add_store_mark,
    2: add_presenter_state,
    3: add_calendar_sequence,
    4: migrate_consent_and_paragraph_flags,
    5: add_undo_journal,
    6: add_course_kinds,
    7: add_latest_mark_index,
    8: add_round_share,
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
                 migrated_from: int | None = None, backup_path: Path | None = None,
                 read_only: StoreErrorKind | None = None, upgrade_reports: list[object] | None = None) -> None:
        self.engine = engine
        self.reader = reader
        self.path = path
        self.clock = clock
        self.terminal = terminal_name()
        self.migrated_from = migrated_from
        self.backup_path = backup_path
        #: READ_ONLY_FILE or READ_ONLY_FOLDER when the database opened read-only: writing is refused.
        self.read_only = read_only
        #: Sentences to show once the store is open (a database others can read; a read-only one).
        self.warnings: list[str] = [text for text in (
            permission_warning(path), read_only_notice(read_only) if read_only else None) if text]
        #: What the migration steps of this opening reported, for the facilitator to read once.
        self.upgrade_reports = upgrade_reports or []

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work in one write transaction (BEGIN IMMEDIATE), committed on success.
        A database failure, in the work or at the commit, is raised as StoreError; so is any write
        to a database that opened read-only."""
        if self.read_only is not None:
            raise StoreError.of(self.read_only, self.path)
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


def _read_only_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # A read-only connection cannot switch the journal mode; it only waits and reads.
    dbapi_connection.isolation_level = None
    dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def _begin_immediate(connection: Connection) -> None:
    # A deferred transaction that reads and then writes can fail at once with SQLITE_BUSY when the
    # other process wrote in between; taking the write lock up front lets busy_timeout do its job.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _begin_deferred(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def _connector(path: Path, read_only: StoreErrorKind | None) -> Callable[[], sqlite3.Connection]:
    """How each pooled connection is made: from the path itself, never from a URL string. An
    absolute name is given as it is (SQLite reads no `?` or `%` in it); a read-only database is
    opened with a URI built from the path's bytes (`fileguard.database_uri`)."""
    timeout = BUSY_TIMEOUT_MS / 1000
    if read_only is None:
        name = str(path.absolute())
        return lambda: sqlite3.connect(name, check_same_thread=False, timeout=timeout)
    # When nobody can be writing (a read-only folder, or a file without write permission for
    # anyone) and no log is open, the file is read as it stands: nothing is made beside it.
    immutable = not has_live_log(path) and (read_only == StoreErrorKind.READ_ONLY_FOLDER or nobody_writes(path))
    uri = database_uri(path, immutable=immutable)
    return lambda: sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=timeout)


def _make_engine(path: Path, *, writer: bool = True, read_only: StoreErrorKind | None = None) -> Engine:
    engine = create_engine("sqlite://", creator=_connector(path, read_only), poolclass=QueuePool)
    event.listen(engine, "connect", _read_only_pragmas if read_only else _connect_pragmas)
    event.listen(engine, "begin", _begin_immediate if writer and not read_only else _begin_deferred)
    return engine


def _create_private_file(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def open_store(path: Path, clock: Clock | None = None, *, full_check: bool = True) -> Store:
    """Open (creating or migrating as needed) the kursrom database at `path`.

    The file's header, application id and schema are checked on every open; the whole file
    (`PRAGMA integrity_check`) too unless `full_check` is False, which only a caller that has just
    checked it may pass (`kursrom.store.opening.StoreOpener`, for the app). After an unclean
    shutdown (a log left behind) the whole file is checked whatever the caller says."""
    clock = clock or Clock()
    path = Path(path).expanduser()
    # The WAL and shared-memory files take the database's mode, filtered by the umask: 0600 at most.
    old_umask = os.umask(0o077)
    try:
        version, read_only = _existing(path, full_check)
        if read_only is not None and (version is None or version < fileguard.SCHEMA_VERSION):
            raise StoreError.of(read_only, path)  # a schema to create or update: nothing to show yet
        backup = None
        if version is not None and version < fileguard.SCHEMA_VERSION:
            if any(step not in MIGRATIONS for step in range(version, fileguard.SCHEMA_VERSION)):
                raise StoreError.of(StoreErrorKind.TOO_OLD, path, found=version)
            backup = backup_database(path, version, clock)
        engine = _make_engine(path, read_only=read_only)
        reports: list[object] = []
        try:
            if version is None or version < fileguard.SCHEMA_VERSION:
                reports = _create_or_migrate(engine, path, version)
            reader = _make_engine(path, writer=False, read_only=read_only)
            _first_read(reader, path)
        except Exception:
            engine.dispose()
            raise
    finally:
        os.umask(old_umask)
    return Store(engine, reader, path, clock, migrated_from=version if backup else None, backup_path=backup,
                 read_only=read_only, upgrade_reports=reports)


def _existing(path: Path, full_check: bool = True) -> tuple[int | None, StoreErrorKind | None]:
    """The schema version of the file at `path` (None: a new database, made here) and whether it is
    read-only. Anything kursrom must not touch is refused before it is opened."""
    if path.exists() or path.is_symlink():
        return inspect_file(path, integrity=full_check), read_only_kind(path)
    if read_only_kind(path) is not None:  # a folder its owner made read-only: no new file there
        raise StoreError.of(StoreErrorKind.READ_ONLY_FOLDER, path)
    try:
        ensure_private_dir(path.parent)
        _create_private_file(path)
    except OSError as error:
        raise store_error(error, path) from error
    return None, None


def _create_or_migrate(engine: Engine, path: Path, version: int | None) -> list[object]:
    """Create the schema, or run the steps from `version`; returns what the steps reported."""
    started = time.monotonic()
    reports: list[object] = []
    try:
        with engine.begin() as connection:
            if version is None:
                SQLModel.metadata.create_all(connection)
                connection.exec_driver_sql(LATEST_MARK_INDEX)
                for statement in ROUND_SHARE_SCHEMA:
                    connection.exec_driver_sql(statement)
                connection.exec_driver_sql(SET_ZEROED)  # made with secure_delete on, as every write since
                connection.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
                connection.exec_driver_sql(f"PRAGMA user_version={fileguard.SCHEMA_VERSION}")
            else:
                for step in range(version, fileguard.SCHEMA_VERSION):
                    report = MIGRATIONS[step](connection)
                    if report is not None:
                        reports.append(report)
                    connection.exec_driver_sql(f"PRAGMA user_version={step + 1}")
    except SQLITE_ERRORS as error:
        raise locked_or(store_error(error, path), started) from error
    return reports


def _first_read(reader: Engine, path: Path) -> None:
    """Read once, so a lock held by another program (or a file that cannot be read) is told now,
    with how long kursrom waited, rather than at the first screen."""
    started = time.monotonic()
    try:
        with reader.connect() as connection:
            connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    except SQLITE_ERRORS as error:
        reader.dispose()
        raise locked_or(store_error(error, path), started) from error
