"""Issue 17, the database file: read-only files and folders, locks held by another program, files
kursrom refuses (newer, damaged, another program's, not SQLite, schema 0, a device, a pipe). Each
gives one true sentence; a refused file keeps its sha256 and gets nothing beside it (no -wal, -shm
or -journal, no backup), whichever way in: a reading command, a writing one, `check`, the app."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kursrom.store import fileguard

#: The ways into a database file: reading, writing, checking, and starting the app.
WAYS_IN = {
    "rounds": ["rounds"],
    "round new": ["round", "new", "--template", "pro", "--start", "2027-01-04"],
    "check": ["check"],
    "app": [],
}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def fold_log(path: Path) -> None:
    """Fold a WAL into the file and leave rollback mode, so nothing lies beside it."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()


def newer(path: Path) -> str:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={fileguard.SCHEMA_VERSION + 1}")
    conn.close()
    fold_log(path)
    return "newer kursrom"


def schema_zero(path: Path) -> str:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version=0")
    conn.close()
    fold_log(path)
    return "too old to update from (schema 0)"


def damaged(path: Path) -> str:
    fold_log(path)
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(len(data) - 8 * page, len(data), page):  # the last pages' headers; the file's stays
        data[offset: offset + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    return "is damaged"


def foreign(path: Path) -> str:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
    conn.commit()
    conn.close()
    return "another program"


def not_sqlite(path: Path) -> str:
    path.write_text("navn;telefon\nÅse;12345678\n", encoding="utf-8")
    return "not an SQLite file"


def pipe(path: Path) -> str:
    path.unlink()
    os.mkfifo(path)
    return "not an ordinary file"


REFUSED = {"newer": newer, "schema 0": schema_zero, "damaged": damaged, "foreign": foreign,
           "not SQLite": not_sqlite, "a named pipe": pipe}


@pytest.mark.parametrize("way", sorted(WAYS_IN))
@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_a_refused_file_is_one_sentence_and_left_as_it_was(kind, way, tools, kursrom_db, capsys):
    expected = REFUSED[kind](kursrom_db)
    before = tools.snapshot(kursrom_db.parent)
    ran = tools.in_process(capsys, "--lang", "en", "--db", str(kursrom_db), *WAYS_IN[way])
    assert ran.code in (1, 2) and expected in ran.sentence
    assert "damaged" not in ran.sentence or kind == "damaged"
    assert "Nothing was lost" not in ran.err
    assert tools.snapshot(kursrom_db.parent) == before, "the same bytes, and nothing new beside it"


@pytest.mark.parametrize("way", sorted(WAYS_IN))
def test_dev_null_is_not_a_database_and_gets_no_journal(way, tools, capsys):
    journal = Path("/dev/null-journal")
    assert not journal.exists(), "left by something else: this test cannot tell"
    ran = tools.in_process(capsys, "--lang", "en", "--db", "/dev/null", *WAYS_IN[way])
    assert ran.code in (1, 2)
    assert ran.sentence == ("kursrom: /dev/null is not an ordinary file (it is a device, a pipe or a socket), so "
                            "kursrom will not keep a database in it; it was left untouched.")
    assert not journal.exists()
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.fixture
def read_only_db(kursrom_db: Path) -> Path:
    os.chmod(kursrom_db, 0o400)
    yield kursrom_db
    os.chmod(kursrom_db, 0o600)


#: Commands that would write to the database (an export records itself there).
WRITING = {
    "round new": ["round", "new", "--template", "pro", "--start", "2027-01-04"],
    "roster import": ["roster", "import", "--round", "1", "{roster}"],
    "forget": ["forget", "1", "--yes"],
    "purge": ["purge", "--before", "2100-01-01", "--yes"],
    "export": ["export", "--round", "1", "--out", "{out}"],
}


@pytest.mark.parametrize("command", sorted(WRITING))
def test_a_read_only_file_is_read_and_never_written_or_chmodded(command, tools, read_only_db, capsys, tmp_path):
    roster = tmp_path / "liste.csv"
    roster.write_text("navn\nÅse\n", encoding="utf-8")
    before = tools.snapshot(read_only_db.parent)
    ran = tools.in_process(capsys, "--lang", "en", "rounds", "--db", str(read_only_db))
    assert ran.code == 0 and "PRO vinter" in ran.out and ran.err == ""
    ran = tools.in_process(capsys, "--lang", "en", "check", "--db", str(read_only_db))
    assert ran.code == 0 and "integrity ok" in ran.out
    argv = [arg.format(roster=roster, out=tmp_path / "ut") for arg in WRITING[command]]
    ran = tools.in_process(capsys, "--lang", "en", *argv, "--db", str(read_only_db))
    assert ran.code == 2
    assert ran.sentence.startswith(f"kursrom: {read_only_db} is read-only")
    assert mode(read_only_db) == 0o400
    assert tools.snapshot(read_only_db.parent) == before
    assert not (tmp_path / "ut").exists()


def test_a_read_only_file_opens_read_only_in_the_store(read_only_db, clock):
    from kursrom.store.db import open_store
    from kursrom.store.errors import StoreError, StoreErrorKind
    from kursrom.store.rounds import add_participant, list_rounds

    store = open_store(read_only_db, clock)
    try:
        assert [r.title for r in list_rounds(store)] == ["PRO vinter"]
        assert store.read_only == StoreErrorKind.READ_ONLY_FILE
        with pytest.raises(StoreError) as refused:
            add_participant(store, "Åse")
        assert refused.value.kind == StoreErrorKind.READ_ONLY_FILE
        assert "skrivebeskyttet" in store.warnings[0]
    finally:
        store.close()


async def test_the_app_shows_a_read_only_database_and_says_so(read_only_db, catalog, clock):
    from kursrom.widgets.round_list import RoundList

    from kursrom.app import make_app
    from kursrom.store.db import open_store

    app = make_app(catalog, opener=lambda: open_store(read_only_db, clock), clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert app.store is not None and app.store.read_only
        rounds = app.screen.query_one("#rounds", RoundList)
        assert rounds.row_count == 1
        assert any("skrivebeskyttet" in str(n.message) for n in app._notifications)


def test_a_database_others_can_read_keeps_its_mode_and_gets_a_warning(tools, kursrom_db, capsys):
    os.chmod(kursrom_db, 0o640)
    ran = tools.in_process(capsys, "--lang", "en", "rounds", "--db", str(kursrom_db))
    assert ran.code == 0 and "PRO vinter" in ran.out
    assert "can be read by other users of this computer (mode 640)" in ran.sentence
    ran = tools.in_process(capsys, "--lang", "en", "check", "--db", str(kursrom_db))
    assert ran.code == 0 and "warning: " in ran.out and "(mode 640)" in ran.out
    ran = tools.in_process(capsys, "--lang", "en", "round", "new", "--template", "pro", "--start", "2027-01-04",
                           "--db", str(kursrom_db))
    assert ran.code == 0
    assert mode(kursrom_db) == 0o640, "never chmodded"


async def test_the_app_warns_about_a_database_others_can_read(kursrom_db, catalog, clock):
    from kursrom.app import make_app
    from kursrom.store.db import open_store

    os.chmod(kursrom_db, 0o644)
    app = make_app(catalog, opener=lambda: open_store(kursrom_db, clock), clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert any("mode 644" in str(n.message) or "modus 644" in str(n.message) for n in app._notifications)
    assert mode(kursrom_db) == 0o644


def test_a_read_only_folder_is_read_and_named_as_the_trouble(tools, kursrom_db, capsys):
    folder = kursrom_db.parent
    os.chmod(folder, 0o500)
    try:
        before = tools.snapshot(folder)
        ran = tools.in_process(capsys, "--lang", "en", "rounds", "--db", str(kursrom_db))
        assert ran.code == 0 and "PRO vinter" in ran.out, ran.err
        ran = tools.in_process(capsys, "--lang", "en", "round", "new", "--template", "pro", "--start",
                               "2027-01-04", "--db", str(kursrom_db))
        assert ran.code == 2 and "The folder holding" in ran.sentence and "read-only" in ran.sentence
        assert "damaged" not in ran.err
        ran = tools.in_process(capsys, "--lang", "en", "rounds", "--db", str(folder / "new.sqlite"))
        assert ran.code == 0, "a database that is not there yet is no round yet"
        ran = tools.in_process(capsys, "--lang", "en", "round", "new", "--template", "pro", "--start",
                               "2027-01-04", "--db", str(folder / "new.sqlite"))
        assert ran.code == 2 and "The folder holding" in ran.sentence
        assert tools.snapshot(folder) == before
    finally:
        os.chmod(folder, 0o700)


@pytest.fixture
def read_only_disk(kursrom_db: Path) -> Path:
    """The database's folder bind-mounted read-only: read-only even for root. Needs mount rights."""
    folder = kursrom_db.parent
    done = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"a read-only disk needs a bind mount, and it was refused: {done.stderr.strip()}")
    subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True, capture_output=True)
    yield kursrom_db
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_a_database_on_a_read_only_disk_is_read_not_called_damaged(tools, read_only_disk, capsys):
    before = tools.snapshot(read_only_disk.parent)
    ran = tools.in_process(capsys, "--lang", "en", "rounds", "--db", str(read_only_disk))
    assert ran.code == 0 and "PRO vinter" in ran.out, ran.err
    ran = tools.in_process(capsys, "--lang", "en", "check", "--db", str(read_only_disk))
    assert ran.code == 0 and "integrity ok" in ran.out
    ran = tools.in_process(capsys, "--lang", "en", "round", "new", "--template", "pro", "--start", "2027-01-04",
                           "--db", str(read_only_disk))
    assert ran.code == 2 and "The folder holding" in ran.sentence
    assert tools.snapshot(read_only_disk.parent) == before


HOLD = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "exclusive":  # as a program that keeps the whole file to itself
    conn.execute("PRAGMA locking_mode=EXCLUSIVE")
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("COMMIT")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
else:  # as another kursrom in the middle of a save
    conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def holder(kursrom_db: Path):
    """Another program holding a lock on the database until the test lets go."""
    started = []

    def hold(how: str) -> None:
        process = subprocess.Popen([sys.executable, "-c", HOLD, str(kursrom_db), how], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, text=True)
        assert process.stdout.readline().strip() == "locked"
        started.append(process)

    yield hold
    for process in started:
        process.stdin.close()
        process.wait(timeout=30)


@pytest.mark.slow
def test_a_file_another_program_keeps_to_itself_is_locked_not_damaged(tools, kursrom_db, holder, capsys):
    holder("exclusive")
    ran = tools.in_process(capsys, "--lang", "en", "rounds", "--db", str(kursrom_db))
    assert ran.code == 2
    assert ran.sentence == (f"kursrom: {kursrom_db} is locked by another program; kursrom waited 5 seconds for it "
                            "and gave up.")


@pytest.mark.slow
def test_a_writer_holding_the_lock_stops_no_reading_command(tools, kursrom_db, holder, capsys):
    holder("write")
    ran = tools.in_process(capsys, "--lang", "en", "rounds", "--db", str(kursrom_db))
    assert ran.code == 0 and "PRO vinter" in ran.out and ran.err == ""
    ran = tools.in_process(capsys, "--lang", "en", "check", "--db", str(kursrom_db))
    assert ran.code == 0 and "integrity ok" in ran.out
    ran = tools.in_process(capsys, "--lang", "en", "round", "new", "--template", "pro", "--start", "2027-01-04",
                           "--db", str(kursrom_db))
    assert ran.code == 2
    assert ran.sentence == (f"kursrom: {kursrom_db} is locked by another program; kursrom waited 5 seconds for it "
                            "and gave up.")
