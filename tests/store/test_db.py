"""The database file: modes, pragmas, schema versions, migrations with backup, and refusals that
leave a file byte-for-byte untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlmodel import select

from kursrom.store import db as dbmod
from kursrom.store import fileguard
from kursrom.store.db import CorruptDatabase, NewerDatabase, NotKursromDatabase, open_store
from kursrom.store.models import Note, Participant


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_and_its_folder_are_private(store, db_path):
    with store.session() as db:
        db.add(Participant(name="Åse", created_at=store.now()))
    assert mode(db_path) == 0o600
    assert mode(db_path.parent) == 0o700
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        assert side.exists(), f"WAL mode should create {side.name}"
        assert mode(side) == 0o600


def test_existing_folder_is_not_chmodded(tmp_path, clock):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    opened = open_store(shared / "k.sqlite", clock)
    opened.close()
    assert mode(shared) == 0o755


def test_pragmas_on_every_connection(store):
    with store.engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("synchronous") == 2  # FULL
        assert pragma("busy_timeout") == dbmod.BUSY_TIMEOUT_MS
        assert pragma("application_id") == fileguard.APPLICATION_ID
        assert pragma("user_version") == fileguard.SCHEMA_VERSION


def test_foreign_keys_are_enforced(store):
    from sqlalchemy.exc import IntegrityError

    from kursrom.store.errors import StoreError, StoreErrorKind

    with pytest.raises(StoreError) as refused:
        with store.session() as db:
            db.add(Note(session_id=4242, text="orphan", created_at=store.now(), updated_at=store.now()))
    assert refused.value.kind == StoreErrorKind.REFUSED
    assert isinstance(refused.value.__cause__, IntegrityError)


def test_times_round_trip_as_aware_utc(store, clock):
    with store.session() as db:
        db.add(Participant(name="Олена", created_at=clock.now()))
    with store.read() as db:
        row = db.exec(select(Participant)).one()
    assert row.created_at == clock.now()
    assert row.created_at.utcoffset().total_seconds() == 0


def test_reopening_keeps_data(db_path, clock):
    first = open_store(db_path, clock)
    with first.session() as db:
        db.add(Participant(name="فاطمة", created_at=clock.now()))
    first.close()
    second = open_store(db_path, clock)
    with second.read() as db:
        assert [p.name for p in db.exec(select(Participant))] == ["فاطمة"]
    assert second.migrated_from is None and second.backup_path is None
    second.close()


def _close_cleanly(path: Path) -> None:
    # Fold the WAL into the main file, so a digest of the main file covers all of it.
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()


def test_older_database_is_migrated_after_a_backup(db_path, clock, monkeypatch):
    first = open_store(db_path, clock)
    with first.session() as db:
        db.add(Participant(name="Mari", created_at=clock.now()))
    first.close()

    def add_pronouns(connection):
        connection.exec_driver_sql("ALTER TABLE participant ADD COLUMN pronouns TEXT DEFAULT ''")

    old = fileguard.SCHEMA_VERSION  # a step after the real ones, so this test outlives them
    monkeypatch.setattr(fileguard, "SCHEMA_VERSION", old + 1)
    monkeypatch.setitem(dbmod.MIGRATIONS, old, add_pronouns)
    migrated = open_store(db_path, clock)
    migrated.close()

    assert migrated.migrated_from == old
    backup = migrated.backup_path
    assert backup is not None and backup.exists()
    assert backup.name.startswith(f"kursrom.sqlite.v{old}-")
    assert mode(backup) == 0o600
    copy = sqlite3.connect(backup)
    assert copy.execute("PRAGMA user_version").fetchone()[0] == old, "the backup is the database before migrating"
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT name FROM participant").fetchall() == [("Mari",)]
    assert "pronouns" not in [row[1] for row in copy.execute("PRAGMA table_info(participant)")]
    copy.close()
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == old + 1
    columns = [row[1] for row in conn.execute("PRAGMA table_info(participant)")]
    assert "pronouns" in columns
    assert conn.execute("SELECT name FROM participant").fetchall() == [("Mari",)]
    conn.close()


def test_failed_migration_leaves_the_database_at_its_version(db_path, clock, monkeypatch):
    open_store(db_path, clock).close()

    def broken(connection):
        connection.exec_driver_sql("ALTER TABLE participant ADD COLUMN x TEXT")
        raise RuntimeError("step failed half-way")

    old = fileguard.SCHEMA_VERSION
    monkeypatch.setattr(fileguard, "SCHEMA_VERSION", old + 1)
    monkeypatch.setitem(dbmod.MIGRATIONS, old, broken)
    with pytest.raises(RuntimeError):
        open_store(db_path, clock)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == old
    assert "x" not in [row[1] for row in conn.execute("PRAGMA table_info(participant)")]
    conn.close()


def test_newer_database_is_refused_and_untouched(db_path, clock):
    open_store(db_path, clock).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version={fileguard.SCHEMA_VERSION + 5}")
    conn.close()
    _close_cleanly(db_path)
    before = digest(db_path)
    siblings = sorted(p.name for p in db_path.parent.iterdir())

    with pytest.raises(NewerDatabase, match="nyere kursrom"):
        open_store(db_path, clock)
    assert digest(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == siblings, "no backup, no WAL, nothing"


def test_foreign_text_file_is_refused_and_untouched(tmp_path, clock):
    path = tmp_path / "notes.txt"
    path.write_text("Handleliste: melk, brød\n", encoding="utf-8")
    before = digest(path)
    with pytest.raises(NotKursromDatabase, match="ikke en SQLite-fil"):
        open_store(path, clock)
    assert digest(path) == before


def test_another_programs_sqlite_file_is_refused_and_untouched(tmp_path, clock):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(NotKursromDatabase, match="annet program"):
        open_store(path, clock)
    assert digest(path) == before


@pytest.fixture
def corrupt_db(db_path, clock) -> Path:
    opened = open_store(db_path, clock)
    with opened.session() as db:
        for index in range(300):
            db.add(Participant(name=f"Deltaker {index} " + "x" * 200, created_at=clock.now()))
    opened.close()
    _close_cleanly(db_path)
    data = bytearray(db_path.read_bytes())
    page = 4096
    # Scribble over the page headers of the last pages (the participants' rows); the file header
    # stays valid, so only SQLite's own checks can tell.
    for offset in range(len(data) - 8 * page, len(data), page):
        data[offset: offset + 64] = b"\xff" * 64
    db_path.write_bytes(bytes(data))
    return db_path


def test_corrupt_database_is_refused_and_untouched(corrupt_db, clock):
    before = digest(corrupt_db)
    with pytest.raises(CorruptDatabase, match="ikke endret"):
        open_store(corrupt_db, clock)
    assert digest(corrupt_db) == before


def test_empty_file_becomes_a_new_database(tmp_path, clock):
    path = tmp_path / "empty.sqlite"
    path.touch()
    opened = open_store(path, clock)
    opened.close()
    assert fileguard.inspect_file(path) == fileguard.SCHEMA_VERSION


def test_a_write_waits_for_another_process_instead_of_failing(store, db_path):
    """Another connection holds the write lock for a moment; our write waits (busy_timeout)."""
    import threading
    import time

    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO participant (name, language, contact, accessibility_note) VALUES ('x','','','')")
    release = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    release.start()
    started = time.monotonic()
    with store.session() as db:
        db.add(Participant(name="venter", created_at=store.now()))
    assert time.monotonic() - started >= 0.25
    release.join()
    other.close()
    with store.read() as db:
        assert sorted(p.name for p in db.exec(select(Participant))) == ["venter", "x"]
