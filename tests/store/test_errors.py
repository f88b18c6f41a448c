"""The store's one error: each kind made with the real condition (a lock held by another
connection, a full database, a read-only connection, disk and folder, a deleted file and folder, a
garbage file), decided from SQLite's own error, and told in one sentence without SQL, SQLAlchemy's
text or a web address."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from kursrom.i18n import _
from kursrom.store.db import open_store
from kursrom.store.errors import (
    RETRYABLE, SENTENCES, CorruptDatabase, StoreError, StoreErrorKind, store_error,
)
from kursrom.store.models import Participant


def add_someone(store) -> None:
    with store.session() as db:
        db.add(Participant(name="Olena", created_at=store.now()))


def assert_one_plain_sentence(error: StoreError) -> None:
    text = str(error)
    for leak in ("SQL", "sqlite3", "INSERT", "http", "Background on this error", "\n"):
        assert leak not in text, text
    assert text.endswith("."), text


@pytest.fixture
def impatient(store):
    """The store waits 50 ms for a lock instead of 5 s (every connection it takes from its pool)."""

    def short_wait(dbapi_connection, _record, _proxy) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=50")

    event.listen(store.engine, "checkout", short_wait)
    yield store
    event.remove(store.engine, "checkout", short_wait)


def test_a_lock_held_by_another_connection_is_busy_and_retryable(impatient):
    other = sqlite3.connect(impatient.path, isolation_level=None, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError) as caught:
            add_someone(impatient)
    finally:
        other.execute("ROLLBACK")
        other.close()
    error = caught.value
    assert error.kind == StoreErrorKind.BUSY and error.retryable
    assert isinstance(error.__cause__, DBAPIError), "the original stays for a developer's traceback"
    assert str(impatient.path) in str(error)
    assert_one_plain_sentence(error)
    add_someone(impatient)  # the lock is gone: the same write passes


def test_a_full_database_is_full_and_retryable(store):
    """`PRAGMA max_page_count` at the file's size: a write that needs a new page fails with
    SQLITE_FULL, "database or disk is full", as on a full disk."""
    with store.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()

    def no_room(dbapi_connection, _record, _proxy) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    event.listen(store.engine, "checkout", no_room)
    try:
        with pytest.raises(StoreError) as caught:
            with store.session() as db:
                db.add(Participant(name="Olena " + "x" * 50_000, created_at=store.now()))
    finally:
        event.remove(store.engine, "checkout", no_room)
    assert caught.value.kind == StoreErrorKind.FULL and caught.value.retryable
    assert_one_plain_sentence(caught.value)


def test_a_read_only_connection_is_a_read_only_file(store):
    with store.engine.connect() as connection:  # the pool's connection: the next session takes it
        connection.exec_driver_sql("PRAGMA query_only=ON")
    with pytest.raises(StoreError) as caught:
        add_someone(store)
    assert caught.value.kind == StoreErrorKind.READ_ONLY_FILE and not caught.value.retryable
    assert_one_plain_sentence(caught.value)


def test_a_file_opened_read_only_is_a_read_only_file(store):
    store.close()
    reader = sqlite3.connect(f"{store.path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError) as raised:
        reader.execute("DELETE FROM participant")
    reader.close()
    assert store_error(raised.value, store.path).kind == StoreErrorKind.READ_ONLY_FILE


def test_a_file_made_read_only_with_chmod_is_a_read_only_file(store):
    if os.geteuid() == 0:
        pytest.skip("root writes a file with mode 0444 anyway, so chmod makes nothing read-only for it; "
                    "the read-only disk and the read-only connection are tested instead")
    store.close()
    for suffix in ("", "-wal", "-shm"):
        candidate = store.path.with_name(store.path.name + suffix)
        if candidate.exists():
            os.chmod(candidate, 0o444)
    reader = sqlite3.connect(store.path, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError) as raised:
        reader.execute("DELETE FROM participant")
    reader.close()
    assert store_error(raised.value, store.path).kind == StoreErrorKind.READ_ONLY_FILE


@pytest.fixture
def read_only_disk(tmp_path, clock):
    """A database on a folder bind-mounted read-only (read-only even for root). Needs mount rights."""
    folder = tmp_path / "disk"
    folder.mkdir()
    opened = open_store(folder / "kursrom.sqlite", clock)
    add_someone(opened)
    opened.close()
    done = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"a read-only disk needs a bind mount, and it was refused: {done.stderr.strip()}")
    subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True, capture_output=True)
    yield folder / "kursrom.sqlite"
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_a_read_only_disk_is_a_read_only_folder(read_only_disk):
    connection = sqlite3.connect(read_only_disk, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError) as raised:  # WAL cannot make its files there
        connection.execute("INSERT INTO participant (name, created_at) VALUES ('Yusuf', '2026-11-23')")
    connection.close()
    error = store_error(raised.value, read_only_disk)
    assert error.kind == StoreErrorKind.READ_ONLY_FOLDER and not error.retryable
    assert_one_plain_sentence(error)


def test_a_deleted_file_and_folder_are_gone(store):
    store.engine.dispose()  # the next session opens a new connection, as after a restart of the pool
    store.reader.dispose()
    shutil.rmtree(store.path.parent)
    with pytest.raises(StoreError) as caught:
        add_someone(store)
    assert caught.value.kind == StoreErrorKind.GONE and not caught.value.retryable
    with pytest.raises(StoreError) as reading:
        with store.read() as db:
            db.exec(select(Participant)).all()
    assert reading.value.kind == StoreErrorKind.GONE
    assert_one_plain_sentence(caught.value)


def test_a_garbage_file_is_damaged(store):
    store.close()
    for suffix in ("-wal", "-shm"):
        store.path.with_name(store.path.name + suffix).unlink(missing_ok=True)
    store.path.write_bytes(os.urandom(64 * 1024))
    with pytest.raises(CorruptDatabase) as caught:  # the old name still catches it
        with store.read() as db:
            db.exec(select(Participant)).all()
    assert caught.value.kind == StoreErrorKind.DAMAGED and not caught.value.retryable
    assert_one_plain_sentence(caught.value)


def test_a_refused_write_says_nothing_of_sql(store):
    from kursrom.store.models import Note

    with pytest.raises(StoreError) as caught:
        with store.session() as db:
            db.add(Note(session_id=4242, text="orphan", created_at=store.now(), updated_at=store.now()))
    assert caught.value.kind == StoreErrorKind.REFUSED
    assert_one_plain_sentence(caught.value)


def test_the_kinds_from_sqlite_messages_when_there_is_no_code():
    """An error that lost SQLite's code (wrapped, or from an older Python) is read by its message."""
    for message, kind in (("database is locked", StoreErrorKind.BUSY),
                          ("database or disk is full", StoreErrorKind.FULL),
                          ("database disk image is malformed", StoreErrorKind.DAMAGED),
                          ("file is not a database", StoreErrorKind.DAMAGED),
                          ("no such table: participant", StoreErrorKind.REFUSED)):
        assert store_error(DBAPIError("INSERT INTO x", {}, Exception(message)), None).kind == kind, message


def test_os_errors_become_store_errors(tmp_path):
    import errno

    path = tmp_path / "kursrom.sqlite"
    path.touch()
    assert store_error(OSError(errno.ENOSPC, "No space left on device"), path).kind == StoreErrorKind.FULL
    assert store_error(OSError(errno.EROFS, "Read-only file system"), path).kind == StoreErrorKind.READ_ONLY_FOLDER
    assert store_error(FileNotFoundError(errno.ENOENT, "No such file"), path).kind == StoreErrorKind.GONE


def test_every_kind_has_one_sentence_and_only_a_lock_or_a_full_disk_pass_by_themselves():
    assert set(SENTENCES) == set(StoreErrorKind)
    assert RETRYABLE == {StoreErrorKind.BUSY, StoreErrorKind.FULL}
    for kind in StoreErrorKind:
        error = StoreError(kind, Path("/data/kursrom.sqlite"), found=9, known=1, error="Permission denied",
                           seconds=5)
        assert "/data/kursrom.sqlite" in str(error)
        assert str(error) == _(SENTENCES[kind]).format(path="/data/kursrom.sqlite", found=9, known=1,
                                                      error="Permission denied", seconds=5)
    without_path = StoreError(StoreErrorKind.BUSY, None)
    assert str(without_path).startswith(_("the database file")[:1].upper())


def test_the_cli_prints_a_database_error_as_the_stores_sentence(capsys):
    from kursrom.cli import _report

    code = _report(DBAPIError("INSERT INTO note (text) VALUES (?)", ("privat",), sqlite3.OperationalError(
        "database is locked")))
    err = capsys.readouterr().err
    assert code == 2
    # A command does not try again, so the lock is told with how long it was waited for.
    assert err.strip() == f"kursrom: {StoreError(StoreErrorKind.LOCKED, None, seconds=5)}"
    assert "INSERT" not in err and "privat" not in err and "http" not in err
