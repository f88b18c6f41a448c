"""`purge_before`: retention. A dry run changes nothing; a real run removes only finished rounds
that ended before the date, with everything in them and the people in no other round."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlmodel import select

from kursrom.store.models import AttendanceEvent, CourseSession, Note, NoteTag, SotBoard, SotRevision
from kursrom.store.purge import purge_before
from kursrom.store.rounds import add_participant, create_round, enrol, list_rounds, sessions_of

CUTOFF = date(2025, 1, 1)


@dataclass
class Old:
    finished: int  # spring 2024, every session done
    abandoned: int  # autumn 2024, never run, every session planned before the cutoff
    spanning: int  # December 2024: done so far, the last session after the cutoff
    only_old: int  # a participant only in the finished round
    both: int  # a participant in the finished round and in today's demo round


@pytest.fixture
def old(demo_store, catalog) -> Old:
    store = demo_store
    template = catalog.template("pro")
    finished = create_round(store, catalog, template, start=date(2024, 3, 4), title="PRO vår 2024")
    abandoned = create_round(store, catalog, template, start=date(2024, 9, 2), title="PRO høst 2024")
    spanning = create_round(store, catalog, template, start=date(2024, 12, 9), title="PRO desember 2024")
    only_old = add_participant(store, "Gunnhild Ås").id
    both = 2  # Jonas, from the demo round
    enrol(store, finished.id, [only_old, both])
    enrol(store, spanning.id, [add_participant(store, "Ola Tveit").id])
    with store.session() as db:
        for session in db.exec(select(CourseSession).where(CourseSession.round_id == finished.id)):
            session.status = "done"
            session.started_at, session.ended_at = session.planned_start, session.planned_end
            db.add(session)
            db.flush()
            db.add(AttendanceEvent(session_id=session.id, participant_id=only_old, status="present",
                                   at=session.planned_start))
            note = Note(session_id=session.id, text="Gunnhild Ås var aktiv.", created_at=session.planned_start)
            db.add(note)
            db.flush()
            db.add(NoteTag(note_id=note.id, participant_id=only_old))
        for session in db.exec(select(CourseSession).where(CourseSession.round_id == spanning.id)):
            if session.planned_end.date() < CUTOFF:
                session.status = "done"
                db.add(session)
        board = SotBoard(participant_id=both, round_id=finished.id, created_at=store.now())
        db.add(board)
        db.flush()
        first = sessions_of(store, finished.id)[0]
        db.add(SotRevision(board_id=board.id, session_id=first.id, situation="Søker", saved_at=store.now()))
    return Old(finished.id, abandoned.id, spanning.id, only_old, both)


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def dump(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_a_dry_run_counts_and_changes_nothing(demo_store, old, db_path):
    wal = db_path.with_name(db_path.name + "-wal")
    before = (digest(db_path), digest(wal), dump(db_path))

    report = purge_before(demo_store, CUTOFF, dry_run=True)

    assert report.dry_run
    assert [r.id for r in report.rounds] == [old.finished, old.abandoned]
    assert report.sessions == 10 and report.attendance == 5 and report.notes == 5
    assert report.participants == 1, "Gunnhild only; Jonas is in today's round too"
    assert (digest(db_path), digest(wal), dump(db_path)) == before


def test_a_real_run_removes_only_old_finished_rounds(demo_store, old, db_path):
    kept_before = {r.id for r in list_rounds(demo_store)} - {old.finished, old.abandoned}

    report = purge_before(demo_store, CUTOFF, dry_run=False)

    assert [r.title for r in report.rounds] == ["PRO vår 2024", "PRO høst 2024"]
    assert report.rounds[0].last == date(2024, 4, 1) and report.rounds[0].participants == 2
    assert {r.id for r in list_rounds(demo_store)} == kept_before
    assert old.spanning in kept_before, "its last session is after the cutoff"
    conn = sqlite3.connect(db_path)
    count = lambda sql, *args: conn.execute(sql, args).fetchone()[0]  # noqa: E731
    assert count("SELECT count(*) FROM course_session WHERE round_id IN (?, ?)", old.finished, old.abandoned) == 0
    assert count("SELECT count(*) FROM participant WHERE id = ?", old.only_old) == 0
    assert count("SELECT count(*) FROM participant WHERE id = ?", old.both) == 1
    assert count("SELECT count(*) FROM note WHERE text LIKE 'Gunnhild%'") == 0
    assert count("SELECT count(*) FROM attendance_event WHERE participant_id = ?", old.only_old) == 0
    # Jonas's SØT plan is his: it stays, no longer pointing at the removed round or session.
    assert conn.execute("SELECT b.round_id, r.session_id, r.situation FROM sot_board b "
                        "JOIN sot_revision r ON r.board_id = b.id").fetchall() == [(None, None, "Søker")]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert report.vacuumed and report.wal_cleared
    assert b"Gunnhild" not in db_path.read_bytes()


def test_today_is_never_purged_by_an_old_date(demo_store, old):
    report = purge_before(demo_store, date(2020, 1, 1), dry_run=False)
    assert report.rounds == [] and not report.vacuumed
    assert len(list_rounds(demo_store)) == 4


def test_backups_are_listed_and_deleted_only_on_request(demo_store, old, db_path):
    backup = db_path.with_name(db_path.name + ".v1-20250101T000000.bak")
    backup.write_bytes(b"SQLite format 3\x00")
    dry = purge_before(demo_store, CUTOFF, dry_run=True, delete_backups=True)
    assert dry.backups == [backup] and backup.exists(), "a dry run deletes nothing, backups neither"
    report = purge_before(demo_store, CUTOFF, dry_run=False, delete_backups=True)
    assert report.backups_deleted and not backup.exists()


def test_a_later_date_reaches_rounds_that_ended_since(demo_store, old):
    report = purge_before(demo_store, date(2025, 2, 1), dry_run=True)
    assert [r.id for r in report.rounds] == [old.finished, old.abandoned, old.spanning]
    demo = purge_before(demo_store, demo_store.clock.local_now().date() + timedelta(days=400), dry_run=True)
    assert len(demo.rounds) == 3, "today's demo round is still to come: never removed, whatever the date"


def test_a_purge_that_would_leave_dangling_rows_removes_nothing(demo_store, old, db_path, monkeypatch):
    from kursrom.store import purge

    def careless(conn):  # forgets the sessions and everything in them
        conn.execute("DELETE FROM enrolment WHERE round_id IN purge_round")
        conn.execute("DELETE FROM course_round WHERE id IN purge_round")

    monkeypatch.setattr(purge, "_delete_rounds", careless)
    before = dump(db_path)
    with pytest.raises(purge.PrivacyError, match="course_session|sot_board"):
        purge_before(demo_store, CUTOFF, dry_run=False)
    assert dump(db_path) == before


def kept_note(store, text: str) -> int:
    """A note in today's demo round (which no purge removes)."""
    session = sessions_of(store, list_rounds(store)[0].id)[0].id
    with store.session() as db:
        note = Note(session_id=session, text=text, created_at=store.now())
        db.add(note)
        db.flush()
        return note.id


def test_names_of_removed_people_left_in_kept_rounds_are_listed(demo_store, old, db_path):
    note = kept_note(demo_store, "Gunnhild Ås hjalp Jonas i fjor. Som Gunnhild sa: søk bredt.")
    wal = db_path.with_name(db_path.name + "-wal")
    before = (digest(db_path), digest(wal), dump(db_path))

    preview = purge_before(demo_store, CUTOFF, dry_run=True)
    assert (digest(db_path), digest(wal), dump(db_path)) == before, (
        "a dry run changes nothing, even to tell what is left")
    [left] = preview.left
    assert left.name == "Gunnhild Ås"
    assert [(place.table, place.column, place.row_id) for place in left.places] == [("note", "text", note)]
    assert left.places[0].rounds == ("PRO – jobb- og karrierekurs for unge",)

    report = purge_before(demo_store, CUTOFF, dry_run=False)
    assert [entry.name for entry in report.left] == ["Gunnhild Ås"] and report.redacted == 0
    conn = sqlite3.connect(db_path)
    (text,) = conn.execute("SELECT text FROM note WHERE id = ?", (note,)).fetchone()
    conn.close()
    assert text.startswith("Gunnhild Ås hjalp"), "kept as written unless asked"


def test_redact_kept_replaces_their_names_in_kept_rounds(demo_store, old, db_path):
    from kursrom.i18n import _
    from kursrom.store.redaction import PLACEHOLDER

    note = kept_note(demo_store, "Gunnhild Ås hjalp Jonas i fjor. Som Gunnhilds bror sa: søk bredt.")
    report = purge_before(demo_store, CUTOFF, dry_run=False, redact_kept=True)
    assert report.redacted == 1
    gone = _(PLACEHOLDER)
    conn = sqlite3.connect(db_path)
    (text,) = conn.execute("SELECT text FROM note WHERE id = ?", (note,)).fetchone()
    conn.close()
    assert text == f"{gone} hjalp Jonas i fjor. Som {gone} bror sa: søk bredt."
    assert b"Gunnhild" not in db_path.read_bytes()


def test_rescued_notes_of_removed_sessions_go_and_the_rest_lose_removed_names(demo_store, old, db_path):
    from datetime import datetime, timezone

    from kursrom.core.autosave import Rescued, read_rescue, rescue_folders, write_rescue

    database = str(db_path.resolve())
    removed_session = sessions_of(demo_store, old.finished)[0].id
    kept_session = sessions_of(demo_store, list_rounds(demo_store)[0].id)[0].id
    when = datetime(2026, 11, 23, 11, 0, tzinfo=timezone.utc)
    gone = write_rescue(rescue_folders(db_path), [Rescued(database, removed_session, None, "live@x", "", "Gammelt")],
                        reason="", when=when)
    kept = write_rescue(rescue_folders(db_path), [Rescued(database, kept_session, None, "live@x", "",
                                                          "Gunnhild Ås ringte.")], reason="", when=when)
    report = purge_before(demo_store, CUTOFF, dry_run=False, redact_kept=True)
    assert not gone.exists()
    [note] = read_rescue(kept)
    assert "Gunnhild" not in note.text and note.erasures == 1
    assert set(report.rescues_changed) == {gone, kept}
