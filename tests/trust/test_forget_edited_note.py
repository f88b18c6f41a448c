"""A note edited many times leaves its old versions in freed space. Kursrom zeroes freed space as it
frees it (`secure_delete` on every connection), so forgetting a person needs no rebuild of the file;
a file an older kursrom wrote may still hold old versions, and forgetting rebuilds it."""

from __future__ import annotations

import sqlite3

from kursrom.store.live import save_note
from kursrom.store.marks import ZEROED
from kursrom.store.privacy import forget_participant
from kursrom.store.rounds import agenda_of, enrolled, sessions_of

EDITS = 40


def versions(name: str) -> list[str]:
    """Each version longer than a page and shorter than the one before, so every edit frees cells
    and overflow pages that the next one does not fill again."""
    return [f"Versjon {n:02d}: {name} fortalte om jobbsøkingen. " * (250 - 4 * n) for n in range(EDITS)]


def old_versions_in_file(db_path) -> list[str]:
    return [f"Versjon {n:02d}:" for n in range(EDITS - 1) if marker_in_file(db_path, f"Versjon {n:02d}:")]


def edit_many_times(store, name: str) -> None:
    session = sessions_of(store, 1)[0]
    item = agenda_of(store, session.id)[0]
    for text in versions(name):
        save_note(store, session.id, item.id, "live@test", text)


def person(store) -> tuple[int, str]:
    someone = enrolled(store, 1)[0]
    return someone.id, someone.name


def marker_in_file(db_path, marker: str) -> bool:
    return any(marker.encode() in db_path.with_name(db_path.name + suffix).read_bytes()
               for suffix in ("", "-wal") if db_path.with_name(db_path.name + suffix).exists())


def test_a_note_edited_many_times_is_forgotten_without_a_rebuild(demo_store, probe, db_path):
    pid, name = person(demo_store)
    edit_many_times(demo_store, name)
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    assert old_versions_in_file(db_path) == [], "each old version was zeroed as it was freed"
    assert probe.hits(db_path, name)

    report = forget_participant(demo_store, pid)

    assert report.wiped and report.wal_cleared and not report.vacuumed
    assert probe.hits(db_path, name) == []
    assert marker_in_file(db_path, f"Versjon {EDITS - 1:02d}:"), "the latest version stays, without their name"


def test_a_file_with_old_versions_in_its_free_space_is_rebuilt(demo_store, probe, db_path):
    pid, name = person(demo_store)
    session = sessions_of(demo_store, 1)[0]
    item = agenda_of(demo_store, session.id)[0]
    # As an older kursrom wrote: without secure_delete, and without the mark that says it had it.
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA secure_delete=OFF")  # some builds of SQLite (Debian's) have it on by default
    conn.execute("DELETE FROM store_mark WHERE key = ?", (ZEROED,))
    note_id = conn.execute("INSERT INTO note (session_id, item_id, text, follow_up, quote, terminal) "
                           "VALUES (?, ?, '', 0, 0, 'old@test')", (session.id, item.id)).lastrowid
    for text in versions(name):
        conn.execute("UPDATE note SET text = ? WHERE id = ?", (text, note_id))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    assert old_versions_in_file(db_path), "old versions in freed space: the case this is about"

    report = forget_participant(demo_store, pid)

    assert report.vacuumed and report.wiped and report.wal_cleared
    assert probe.hits(db_path, name) == []
    assert old_versions_in_file(db_path) == []
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT 1 FROM store_mark WHERE key = ?", (ZEROED,)).fetchone(), "zeroed from now on"
    conn.close()
