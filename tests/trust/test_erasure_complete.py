"""Issue 16's acceptance test: a unique, distinctive name typed into every field a user can reach
(an inserted agenda item and its evaluation, a surname alone, an export made before the erasure, a
rescue file, a note in decomposed Unicode...), then `kursrom forget`: afterwards no byte of the name
is left, in any form (UTF-8 composed or not, any case, JSON-escaped, UTF-16, the slugged file-name
form; the full name and each part), in the database, its WAL or the rescue folders."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from kursrom.cli import main
from kursrom.core.autosave import Rescued, read_rescue, rescue_folders, write_rescue
from kursrom.store import live
from kursrom.store.erasure import CODE_COLUMNS, text_columns
from kursrom.store.exports import export_participants, export_session
from kursrom.store.followup import record_follow_up
from kursrom.store.results import add_comment, add_scores, save_board, save_result
from kursrom.store.rounds import (
    add_participant, agenda_of, enrol, enrolled, list_rounds, sessions_of, unenrol, update_participant, update_round,
)

NAME = "Zyxwå Qørblund"
FIRST, LAST = NAME.split()
WHEN = datetime(2026, 11, 23, 11, 30, tzinfo=timezone.utc)


@dataclass
class Typed:
    person: int
    jonas: int
    session: int
    item: int
    exports: list[Path]
    rescue_alone: Path  # a rescue file holding only a note about her
    rescue_shared: Path  # one holding a note about her and Jonas


@pytest.fixture
def typed(demo_store, db_path, tmp_path, probe) -> Typed:
    store = demo_store
    round_id = list_rounds(store)[0].id
    person = add_participant(store, NAME, contact="zyxwa.qorblund@example.no",
                             accessibility_note=f"{FIRST} trenger pauser").id
    enrol(store, round_id, [person])
    roster = enrolled(store, round_id)
    jonas = next(p.id for p in roster if p.name == "Jonas Bjørkløw")
    yusuf = next(p.id for p in roster if p.name == "Yusuf Haddad")
    session = sessions_of(store, round_id)[0].id
    live.start_session(store, session)
    first_item = agenda_of(store, session)[0].id
    # An item inserted during the session, named after her, and its evaluation.
    item = live.insert_item(store, session, first_item, f"Samtale med {NAME}", 10, kind="discussion",
                            prompt=f"Hva trenger {FIRST}?").id
    add_scores(store, session, item, f"Samtale med {NAME}", (1, 5), [4, 5])
    writer, co_writer = live.note_writer("live"), live.note_writer("notes")
    live.save_note(store, session, first_item, writer, f"@{NAME} har astma og trenger pauser.", participants=roster)
    live.save_note(store, session, item, writer, f"@{NAME} og @Jonas Bjørkløw jobbet sammen. "
                   f"{unicodedata.normalize('NFD', NAME.upper())} ledet.", participants=roster)
    live.save_note(store, session, first_item, co_writer, f"{LAST}s idé var god.", participants=roster)
    live.save_note(store, session, None, co_writer, f"Ring {LAST.lower()} i morgen; {FIRST}'s CV.", participants=roster)
    add_comment(store, session, f"Takk til {NAME} for praten.")
    live.mark(store, session, jonas, "late", reason=f"Fulgte {NAME} til legen")
    save_result(store, item, "feedback", {"from": NAME, "text": f"Takk {FIRST}", NAME: 3}, participant_id=jonas)
    save_result(store, item, "tally", {"order": [NAME, "Jonas Bjørkløw"], LAST: 1})
    save_result(store, item, "animal", {"animal": "rev", "note": f"{NAME} valgte rev"}, participant_id=person)
    save_board(store, jonas, session, situation=f"Jobber med {NAME}", wish=f"Som {LAST}",
               actions=[{"text": f"Ring {NAME}", "date": None}], round_id=round_id)
    record_follow_up(store, round_id, jonas, "seeking", date(2026, 12, 1), note=f"Samme veileder som {NAME}")
    unenrol(store, round_id, yusuf, f"Flyttet sammen med {NAME}")
    update_participant(store, jonas, contact=f"via {NAME}", accessibility_note=f"Sitter ved {FIRST}")
    update_round(store, round_id, place=f"Hos {NAME}", facilitators=f"Kari Lunde, {NAME}s mor")
    # Exports made before the erasure: her own page (named after her) and the session summary.
    out = tmp_path / "exports"
    exports = [w.path for w in export_participants(store, round_id, out, [person], formats=["html"], one_file=False)]
    exports += [w.path for w in export_session(store, session, out, formats=["md"])]
    assert any("zyxwa-qorblund" in path.name for path in exports)
    # A file beside them named after her, that kursrom has no record of (a copy, a renamed export).
    copied = out / "kopi-zyxwa-qorblund (2).html"
    copied.write_bytes(exports[0].read_bytes())
    exports.append(copied)
    # Notes that could not be saved when the app closed, in both rescue folders.
    database = str(db_path.resolve())
    folders = rescue_folders(db_path)
    alone = write_rescue(folders[:1], [Rescued(database, session, first_item, writer, "Velkommen",
                                               f"@{NAME} har diabetes; ring fastlegen.")], reason="locked", when=WHEN)
    shared = write_rescue(folders[1:], [Rescued(database, session, item, co_writer, f"Samtale med {NAME}",
                                                f"{NAME} og Jonas ble enige. {LAST} ringer.")],
                          reason="locked", when=WHEN)
    # Everything is in the files before: otherwise the check after proves nothing.
    wal_checkpoint(db_path)
    stored = bytes_found(probe, db_path)
    for form in (NAME, unicodedata.normalize("NFD", NAME.upper()), json.dumps(NAME)[1:-1], "zyxwa-qorblund", LAST):
        assert any(found == form.encode() for _file, found in stored), f"{form} must be stored before it is erased"
    assert {file for file, _form in stored} >= {db_path.name, alone.name, shared.name}
    return Typed(person, jonas, session, item, exports, alone, shared)


def wal_checkpoint(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    conn.close()


def bytes_found(probe, db_path: Path) -> list[tuple[str, bytes]]:
    """Forms of the name in the database, its companions, and every file of the rescue folders."""
    files = {db_path.with_name(db_path.name + suffix) for suffix in ("", "-wal", "-shm", "-journal")}
    for folder in rescue_folders(db_path):
        if folder.is_dir():
            files.update(p for p in folder.iterdir() if p.is_file())
    return probe.bytes_left(sorted(files), NAME)


def test_forget_leaves_no_byte_of_the_name_anywhere(demo_store, typed, db_path, capsys, probe):
    demo_store.close()
    assert main(["--db", str(db_path), "forget", NAME, "--yes"]) == 0
    out = capsys.readouterr().out

    assert bytes_found(probe, db_path) == []
    wal = db_path.with_name(db_path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    # The export named after her is outside the database: listed, as kursrom cannot edit it.
    for path in typed.exports:
        assert str(path) in out
    assert not typed.rescue_alone.exists(), "a rescue of a note about her alone goes"
    [kept] = read_rescue(typed.rescue_shared)
    assert "Jonas ble enige" in kept.text and kept.erasures == 1


def test_what_others_wrote_stays_readable(demo_store, typed, db_path):
    from kursrom.i18n import _
    from kursrom.store.redaction import PLACEHOLDER

    demo_store.close()
    assert main(["--db", str(db_path), "forget", str(typed.person), "--yes"]) == 0
    gone = _(PLACEHOLDER)
    conn = sqlite3.connect(db_path)
    notes = {text for (text,) in conn.execute("SELECT text FROM note")}
    assert f"{gone} idé var god." in notes, "the surname alone, with its genitive"
    assert f"Ring {gone} i morgen; {gone} CV." in notes
    assert not any("astma" in text for text in notes), "the note about her alone is gone"
    (title, exercise), = conn.execute("SELECT title, exercise FROM agenda_item WHERE id = ?", (typed.item,))
    assert title == f"Samtale med {gone}" and json.loads(exercise)["title"] == title
    assert {e for (e,) in conn.execute("SELECT DISTINCT element FROM evaluation_score")} == {title}
    (data,), = conn.execute("SELECT data FROM exercise_result WHERE participant_id = ?", (typed.jonas,))
    assert json.loads(data) == {"from": gone, "text": f"Takk {gone}", gone: 3}
    (place, facilitators), = conn.execute("SELECT place, facilitators FROM course_round")
    assert (place, facilitators) == (f"Hos {gone}", f"Kari Lunde, {gone} mor")
    conn.close()


def test_code_columns_hold_nothing_anyone_typed(demo_store, typed, db_path):
    """The columns erasure leaves alone as codes stay codes: none holds a trace of what was typed."""
    conn = sqlite3.connect(db_path)
    for code in sorted(CODE_COLUMNS):
        table, column = code.split(".")
        for (value,) in conn.execute(f'SELECT "{column}" FROM "{table}"'):
            assert not any(part.casefold() in str(value).casefold() for part in ("Zyxw", "rblund")), code
    conn.close()
    assert {f"{c.table}.{c.name}" for c in text_columns()}.isdisjoint(CODE_COLUMNS)
