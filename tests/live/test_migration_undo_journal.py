"""A database from the kursrom before the undo journal (schema version 1, a session running, marks
made) is migrated: the new columns and table are there exactly as a new database has them, nothing
is lost, and the session it held can be undone from the first change made after the migration."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kursrom.store import fileguard, live
from kursrom.store.db import add_undo_journal, open_store
from kursrom.store.journal import undo_last

V1 = Path(__file__).with_name("data") / "kursrom_v1.sql"


def version_1(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(V1.read_text(encoding="utf-8"))
    conn.execute(f"PRAGMA application_id={fileguard.APPLICATION_ID}")
    conn.execute("PRAGMA user_version=1")
    conn.commit()
    conn.close()


def shape(path: Path) -> dict[str, tuple]:
    """Each table's columns, foreign keys and indexes, as SQLite reports them."""
    conn = sqlite3.connect(path)
    try:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {table: (
            [row[1:] for row in conn.execute(f"PRAGMA table_info({table})")],
            sorted(row[2:] for row in conn.execute(f"PRAGMA foreign_key_list({table})")),
            sorted((row[1], row[2]) for row in conn.execute(f"PRAGMA index_list({table})")),
        ) for table in tables}
    finally:
        conn.close()


def test_a_version_1_database_is_migrated_to_the_undo_journal(tmp_path, clock):
    old = tmp_path / "old.sqlite"
    version_1(old)
    store = open_store(old, clock)
    try:
        assert store.migrated_from == 1 and store.backup_path is not None
        session = live.running_session(store)
        snapshot = live.load(store, session.id)
        # What the old kursrom stored reads as before.
        assert snapshot.session.current_item_id == snapshot.items[1].id
        assert {event.status for event in snapshot.attendance.values()} == {"present", "absent"}
        assert [e.kind for e in snapshot.events[snapshot.items[0].id]] == ["start", "finish"]
        # Changes from now on are journaled, and undone.
        assert undo_last(store, session.id) is None, "the old changes left no journal to undo"
        live.next_item(store, session.id)
        assert undo_last(store, session.id).kind == "next"
        assert live.load(store, session.id).session.current_item_id == snapshot.items[1].id
        live.mark(store, session.id, snapshot.participants[2].id, "present")
        assert undo_last(store, session.id, attendance=True).kind == "mark"
        assert len(live.attendance_now(store, session.id)) == 2
    finally:
        store.close()
    fresh = tmp_path / "fresh.sqlite"
    open_store(fresh, clock).close()
    assert shape(old) == shape(fresh), "a migrated database has the shape of a new one"
    conn = sqlite3.connect(old)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == fileguard.SCHEMA_VERSION
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


def test_the_step_is_a_named_function_at_its_version():
    from kursrom.store.db import MIGRATIONS

    assert MIGRATIONS[5] is add_undo_journal
