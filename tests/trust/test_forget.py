"""`forget_participant`: a person is erased from every table, their name is replaced in what others
wrote, and afterwards their name is nowhere in the bytes of the database file or its log."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from kursrom.i18n import _
from kursrom.core.names import name_pattern
from kursrom.store.privacy import PrivacyError, find_participants, forget_participant
from kursrom.store.redaction import PLACEHOLDER


@pytest.fixture
def gone() -> str:
    """The placeholder a name is replaced with: "[slettet]" in bokmål."""
    return _(PLACEHOLDER)


@pytest.mark.parametrize("who", ["Åse Nygård", "Олена Коваленко", "فاطمة الزهراء"])
def test_after_forgetting_the_name_is_nowhere_in_the_files(demo_store, rich, probe, db_path, who):
    first = who.split()[0]
    assert probe.hits(db_path, who), "the name must be in the files before, or the search proves nothing"
    assert probe.hits(db_path, first)

    report = forget_participant(demo_store, rich.people[who])

    assert report.wiped and report.wal_cleared
    assert probe.hits(db_path, who) == []
    # Their first name is theirs alone in the demo round, so it goes too.
    assert probe.hits(db_path, first) == []
    wal = db_path.with_name(db_path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


def test_their_rows_go_and_everyone_elses_stay(demo_store, rich, probe, db_path, gone):
    ase, olena, jonas = rich.people[probe.ASE], rich.people[probe.OLENA], rich.people[probe.JONAS]
    count = lambda sql, *args: probe.raw(db_path, sql, args)[0][0]  # noqa: E731
    before = {
        "olena_marks": count("SELECT count(*) FROM attendance_event WHERE participant_id = ?", olena),
        "jonas_marks": count("SELECT count(*) FROM attendance_event WHERE participant_id = ?", jonas),
        "olena_results": count("SELECT count(*) FROM exercise_result WHERE participant_id = ?", olena),
        "people": count("SELECT count(*) FROM participant"),
        "boards": count("SELECT count(*) FROM sot_board"),
    }

    report = forget_participant(demo_store, ase)

    assert (report.enrolments, report.attendance, report.results) == (1, 2, 1)
    assert (report.sot_boards, report.sot_revisions, report.follow_ups) == (1, 2, 1)
    assert report.notes_deleted == 1, "the note tagged to Åse alone"
    assert report.notes_untagged == 1, "the note tagged to Åse and Jonas stays for Jonas"
    for table in ("enrolment", "attendance_event", "exercise_result", "sot_board", "follow_up", "note_tag"):
        assert count(f"SELECT count(*) FROM {table} WHERE participant_id = ?", ase) == 0, table
    assert count("SELECT count(*) FROM participant WHERE id = ?", ase) == 0
    assert count("SELECT count(*) FROM participant") == before["people"] - 1
    assert count("SELECT count(*) FROM sot_board") == before["boards"] - 1
    assert count("SELECT count(*) FROM attendance_event WHERE participant_id = ?", olena) == before["olena_marks"]
    assert count("SELECT count(*) FROM attendance_event WHERE participant_id = ?", jonas) == before["jonas_marks"]
    assert count("SELECT count(*) FROM exercise_result WHERE participant_id = ?", olena) == before["olena_results"]
    shared = probe.raw(db_path, "SELECT n.text FROM note n JOIN note_tag t ON t.note_id = n.id "
                                "WHERE t.participant_id = ?", (jonas,))
    assert [text for (text,) in shared] == [f"{gone} og Jonas jobbet godt sammen i dyreøvelsen."]


def test_their_name_is_replaced_in_what_others_wrote(demo_store, rich, probe, db_path, gone):
    forget_participant(demo_store, rich.people[probe.ASE])

    notes = [text for (text,) in probe.raw(db_path, "SELECT text FROM note ORDER BY id")]
    assert f"{gone} sa at hun vil bli snekker. ОЛЕНА var enig." in notes[3]
    assert notes[4].startswith(f"{gone} plan er klar. Олена Коваленко og")
    assert not any(note.startswith(f"{gone} trenger hjelp") for note in notes), "tagged to Åse alone: deleted"
    (reason,) = probe.raw(db_path, "SELECT reason FROM attendance_event WHERE reason LIKE 'Fulgte%'")[0]
    assert reason == f"Fulgte {gone} til legen"
    (comment,) = probe.raw(db_path, "SELECT text FROM evaluation_comment")[0]
    assert comment == f"Fint å bli kjent med فاطمة الزهراء og {gone}."
    (note,) = probe.raw(db_path, "SELECT accessibility_note FROM participant WHERE id = ?",
                        (rich.people[probe.JONAS],))[0]
    assert note == f"Vil sitte ved siden av {gone}."
    (tally,) = probe.raw(db_path, "SELECT data FROM exercise_result WHERE kind = 'tally'")[0]
    import json

    assert json.loads(tally) == {"order": [gone, probe.OLENA, probe.FATIMA, probe.JONAS], gone: 3,
                                 "Jonas": 2}
    actions = [json.loads(a) for (a,) in probe.raw(db_path, "SELECT actions FROM sot_revision")]
    assert all(a == [{"text": f"Snakke med {gone} om nettverk", "date": None}] for a in actions)
    (title,) = probe.raw(db_path, "SELECT title FROM course_round WHERE title LIKE 'Karriere%'")[0]
    assert title == "Karriereveiledning – فاطمة الزهراء", "not hers to lose"
    (path,) = probe.raw(db_path, "SELECT path FROM export_record")[0]
    assert path == str(rich.export_file), "a path that does not name them stays as it is"


def test_arabic_and_cyrillic_names_are_found_in_any_case_and_behind_a_proclitic(demo_store, rich, probe, db_path, gone):
    forget_participant(demo_store, rich.people[probe.FATIMA])
    forget_participant(demo_store, rich.people[probe.OLENA])
    texts = [text for (text,) in probe.raw(db_path, "SELECT text FROM note ORDER BY id")]
    assert f"Åse sa at hun vil bli snekker. {gone} var enig. قالت {gone} إنها تحب الطبخ، و{gone} تحب الرسم." in texts
    (title,) = probe.raw(db_path, "SELECT title FROM course_round WHERE title LIKE 'Karriere%'")[0]
    assert title == f"Karriereveiledning – {gone}", "an individual course titled with her name"
    feedback = probe.raw(db_path, "SELECT data FROM exercise_result WHERE kind = 'feedback'")[0][0]
    import json

    assert json.loads(feedback) == {"from": gone, "text": f"Takk til {gone} for hjelpen"}


def test_a_first_name_someone_else_shares_is_left_alone_in_that_round(demo_store, rich, probe, db_path, gone):
    forget_participant(demo_store, rich.people[probe.MARI])
    texts = [text for (text,) in probe.raw(db_path, "SELECT text FROM note ORDER BY id")]
    # In the demo round she is the only Mari; in the second round Mari Hansen is a Mari too.
    assert f"{gone} sa ifra om at hun må gå tidlig neste gang." in texts
    assert "Mari kommer for sent." in texts


def test_the_placeholder_is_in_the_interface_language(demo_store, rich, probe, db_path):
    from kursrom.i18n import set_language

    set_language("en")
    forget_participant(demo_store, rich.people[probe.ASE])
    texts = [text for (text,) in probe.raw(db_path, "SELECT text FROM note ORDER BY id")]
    assert any(text.startswith("[deleted] sa at hun") for text in texts)


def test_backups_and_exports_are_reported_and_backups_deleted_on_request(demo_store, rich, probe, db_path):
    backup = db_path.with_name(db_path.name + ".v1-20261123T110000.bak")
    backup.write_bytes(db_path.read_bytes())
    os.chmod(backup, 0o600)
    unrelated = db_path.with_name("other.sqlite.bak")
    unrelated.write_bytes(b"x")

    report = forget_participant(demo_store, rich.people[probe.OLENA])
    assert report.backups == [backup] and not report.backups_deleted
    assert backup.exists()
    assert report.exports == [rich.export_file], "the export of the session they were in"

    report = forget_participant(demo_store, rich.people[probe.ASE], delete_backups=True)
    assert report.backups_deleted and not backup.exists()
    assert unrelated.exists(), "only this database's backups"


def test_forgetting_someone_unknown_is_a_sentence(demo_store):
    with pytest.raises(PrivacyError, match="9999"):
        forget_participant(demo_store, 9999)


def test_finding_people_by_id_or_by_their_exact_name(demo_store, rich, probe):
    assert [c.id for c in find_participants(demo_store, str(rich.people[probe.ASE]))] == [rich.people[probe.ASE]]
    assert [c.id for c in find_participants(demo_store, "  åse   NYGÅRD ")] == [rich.people[probe.ASE]]
    assert find_participants(demo_store, "Åse") == [], "a first name alone is not a person"
    found = find_participants(demo_store, probe.MARI)
    assert [c.rounds for c in found] == [("PRO – jobb- og karrierekurs for unge", "PRO vår")]


def test_the_file_stays_private_after_the_rewrite(demo_store, rich, probe, db_path):
    forget_participant(demo_store, rich.people[probe.ASE])
    for path in db_path.parent.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_the_store_works_on_after_forgetting(demo_store, rich, probe):
    from kursrom.store.rounds import add_participant, enrolled

    forget_participant(demo_store, rich.people[probe.ASE])
    names = [p.name for p in enrolled(demo_store, rich.round1)]
    assert probe.ASE not in names and probe.OLENA in names
    add_participant(demo_store, "Ny Person")


@pytest.mark.parametrize("text, expected", [
    ("Åse sa hei", "X sa hei"),
    ("Åses plan og Åse's bok", "X plan og X bok"),
    ("Åsen og kÅse", "Åsen og kÅse"),
    ("Hilsen ÅSE\nnygård", "Hilsen X"),
])
def test_the_name_pattern_takes_whole_words_only(text, expected):
    assert name_pattern(["Åse Nygård", "Åse"]).sub("X", text) == expected


def test_a_text_copied_into_many_rows_is_redacted_in_every_one(demo_store, rich, probe, db_path, gone):
    """Erasure reads each column's distinct values: one value found must lead to every row holding it,
    in whichever column."""
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE agenda_item SET instructions = 'Spør Åse Nygård om CV-en.'")
    conn.execute("UPDATE agenda_item SET title = 'Runde med Åse Nygård' WHERE id = (SELECT MIN(id) FROM agenda_item)")
    conn.commit()
    copies = conn.execute("SELECT COUNT(*) FROM agenda_item").fetchone()[0]
    conn.close()
    assert copies > 10

    forget_participant(demo_store, rich.people[probe.ASE])

    rows = probe.raw(db_path, "SELECT title, instructions FROM agenda_item")
    assert len(rows) == copies
    assert all(instructions == f"Spør {gone} om CV-en." for _title, instructions in rows)
    assert sum(title == f"Runde med {gone}" for title, _instructions in rows) == 1
    assert probe.hits(db_path, "Nygård") == []
