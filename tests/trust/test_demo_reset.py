"""`kursrom demo --reset` replaces only a demo: kursrom marks the demo when it builds it, and a demo
built before the mark is known by its place in kursrom's data folder. Anything else given with
`--db` is refused with one sentence and left exactly as it was: same bytes, nothing beside it."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from kursrom.cli import main
from kursrom.paths import demo_db_path
from kursrom.store import fileguard
from kursrom.store.db import open_store
from kursrom.store.demo import open_demo_store
from kursrom.store.demo_file import NotADemo, is_demo
from kursrom.store.rounds import add_participant, enrolled, list_rounds


def snapshot(folder: Path) -> dict[str, str]:
    """Every file in the folder by name, with its sha256."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def one_sentence(capsys) -> str:
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("kursrom: "), err
    return lines[0]


@pytest.fixture
def real_db(tmp_path, clock) -> Path:
    """A user's own database: a participant in it, closed (no -wal beside it)."""
    path = tmp_path / "mine" / "kursrom.sqlite"
    store = open_store(path, clock)
    add_participant(store, "Åse Nygård")
    store.close()
    return path


def sqlite_of_another_program(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, caption TEXT)")
    conn.execute("INSERT INTO photos (caption) VALUES ('ferie')")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("reset", [True, False])
def test_a_real_database_is_refused_and_left_untouched(real_db, capsys, reset):
    before = snapshot(real_db.parent)
    assert main(["--db", str(real_db), "demo", *(["--reset"] if reset else [])]) == 2
    line = one_sentence(capsys)
    assert str(real_db) in line and "demo" in line
    assert snapshot(real_db.parent) == before, "same bytes, and no -wal, -shm or other file beside it"


def test_a_real_database_in_wal_use_is_refused_without_a_trace(real_db, capsys):
    """Another kursrom has it open (its -wal and -shm exist): still refused, still untouched."""
    holder = sqlite3.connect(real_db)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("BEGIN")
    holder.execute("SELECT count(*) FROM participant").fetchone()
    try:
        before = snapshot(real_db.parent)
        assert main(["--db", str(real_db), "demo", "--reset"]) == 2
        one_sentence(capsys)
        assert snapshot(real_db.parent) == before
    finally:
        holder.close()


@pytest.mark.parametrize("kind", ["text", "sqlite", "folder"])
def test_another_programs_file_is_refused_and_left_untouched(tmp_path, capsys, kind):
    target = tmp_path / "theirs" / "data.db"
    if kind == "text":
        target.parent.mkdir()
        target.write_text("handleliste: melk, brød\n", encoding="utf-8")
    elif kind == "sqlite":
        sqlite_of_another_program(target)
    else:
        target.mkdir(parents=True)
    before = snapshot(target.parent)
    assert main(["--db", str(target), "demo", "--reset"]) == 2
    one_sentence(capsys)
    assert snapshot(target.parent) == before
    assert target.exists()


def test_a_marked_demo_is_reset_anywhere(tmp_path, catalog, clock):
    path = tmp_path / "elsewhere" / "demo.sqlite"
    demo = open_demo_store(path, catalog, clock)
    add_participant(demo, "Ekstra Person")
    demo.close()
    assert is_demo(path) is True

    again = open_demo_store(path, catalog, clock, reset=True)
    try:
        assert "Ekstra Person" not in [p.name for p in enrolled(again, list_rounds(again)[0].id)]
        assert len(list_rounds(again)) == 2, "the demo as new: today's round and the earlier, finished one"
    finally:
        again.close()
    assert is_demo(path) is True, "the new demo is marked too"


def test_a_demo_built_before_the_mark_is_known_by_its_place(catalog, clock, downgrade):
    place = demo_db_path()
    open_demo_store(place, catalog, clock).close()
    downgrade(place, 1)
    assert is_demo(place) is True, "in kursrom's data folder"

    store = open_demo_store(place, catalog, clock)  # migrates, and marks it
    store.close()
    copy = place.with_name("copy.sqlite")
    copy.write_bytes(place.read_bytes())
    assert is_demo(copy) is True, "marked now: a copy elsewhere is a demo too"
    open_demo_store(place, catalog, clock, reset=True).close()


def test_an_unmarked_old_demo_elsewhere_is_refused(tmp_path, catalog, clock, downgrade):
    path = tmp_path / "old-demo.sqlite"
    open_demo_store(path, catalog, clock).close()
    downgrade(path, 1)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(NotADemo):
        open_demo_store(path, catalog, clock, reset=True)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_a_new_or_empty_file_becomes_the_demo(tmp_path, catalog, clock):
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    assert is_demo(empty) is None and is_demo(tmp_path / "none.sqlite") is None
    for path in (empty, tmp_path / "none.sqlite"):
        store = open_demo_store(path, catalog, clock, reset=True)
        store.close()
        assert is_demo(path) is True


def test_an_old_database_migrates_to_the_schema_a_new_one_has(tmp_path, clock, downgrade):
    def schema(path: Path) -> dict[str, tuple]:
        """Each table's columns (name, type, not null, default, key), foreign keys and indexes. Not the
        CREATE text: ALTER TABLE ADD COLUMN writes a column after the table's constraints."""
        conn = sqlite3.connect(path)
        try:
            found = {}
            for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
                columns = sorted(tuple(row[1:]) for row in conn.execute(f"PRAGMA table_xinfo({table})"))
                keys = sorted(tuple(row[2:]) for row in conn.execute(f"PRAGMA foreign_key_list({table})"))
                found[table] = (columns, keys)
            found["indexes"] = tuple(conn.execute(
                "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").fetchall())
            return found
        finally:
            conn.close()

    new, old = tmp_path / "new.sqlite", tmp_path / "old.sqlite"
    open_store(new, clock).close()
    open_store(old, clock).close()
    downgrade(old, 1)
    migrated = open_store(old, clock)
    migrated.close()
    assert migrated.migrated_from == 1
    assert schema(old) == schema(new)
    assert fileguard.inspect_file(old) == fileguard.SCHEMA_VERSION
