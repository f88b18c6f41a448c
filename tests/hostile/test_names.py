"""Issue 17, names: one person's name written two ways (NFC and NFD, with a zero-width space) is one
name; a name of nothing visible is none; two imports of one file at once enrol nobody twice; two
real people of the same name can both be enrolled when the facilitator says so. And a property:
names from every Unicode category, in either normal form, go through the roster import and the
@-tags of notes and come out clean and found."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from kursrom.core.names import clean_name, same_name_key, tags_in
from kursrom.core.roster_csv import parse_roster
from kursrom.store.models import CourseRound
from kursrom.store.rounds import (
    PlanningError, RosterRejected, add_participant, enrolled, import_roster, update_participant,
)

ASE = "Åse Nær"
ASE_NFD = unicodedata.normalize("NFD", ASE)
ZWSP = "\u200b"


def roster_file(folder: Path, names: list[str], *, extra: list[str] | None = None, name: str = "liste.csv") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["navn", *(["kjennetegn"] if extra is not None else [])])
    for index, person in enumerate(names):
        writer.writerow([person, *([extra[index]] if extra is not None else [])])
    path = folder / name
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def names_on(db: Path) -> list[str]:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return [name for (name,) in conn.execute("SELECT name FROM participant ORDER BY id")]
    finally:
        conn.close()


@pytest.mark.parametrize(("names", "problem"), [
    ([ASE, ASE_NFD], ":3: navnet Åse Nær står også på linje 2"),
    (["Ali", "Ali" + ZWSP], ":3: navnet Ali står også på linje 2"),
    (["ALI", "\u202eali\u202c"], ":3: navnet ali står også på linje 2"),
    (["Mari", ZWSP], ":3: navnet består bare av usynlige tegn"),
    (["Mari", "\ufeff\u2060\u3164"], ":3: navnet består bare av usynlige tegn"),
], ids=["NFC and NFD", "zero-width space", "bidi override", "only U+200B", "only invisible"])
def test_one_name_written_two_ways_is_one_name_and_an_invisible_name_none(names, problem, tools, kursrom_db,
                                                                        capsys, tmp_path):
    path = roster_file(tmp_path, names)
    before = tools.snapshot(kursrom_db.parent)
    ran = tools.in_process(capsys, "roster", "import", "--round", "1", str(path), "--db", str(kursrom_db))
    assert ran.code == 1
    assert any(problem in line for line in ran.err.splitlines()), ran.err
    assert "ingenting ble importert" in ran.err
    assert names_on(kursrom_db) == [] and tools.snapshot(kursrom_db.parent) == before


def test_a_name_already_on_the_roster_in_another_form_is_refused_with_a_way_out(tools, kursrom_db, capsys,
                                                                             tmp_path):
    assert tools.in_process(capsys, "roster", "import", "--round", "1", str(roster_file(tmp_path, [ASE, "Ali"])),
                            "--db", str(kursrom_db)).code == 0
    again = roster_file(tmp_path, [ASE_NFD, "Ali" + ZWSP, "Yusuf"], name="igjen.csv")
    ran = tools.in_process(capsys, "--lang", "en", "roster", "import", "--round", "1", str(again), "--db",
                           str(kursrom_db))
    assert ran.code == 1
    assert f"{again}:2: Åse Nær is already on this round's roster." in ran.err
    assert f"{again}:3: Ali is already on this round's roster." in ran.err
    assert "--allow-same-name" in ran.err.splitlines()[-1]
    assert names_on(kursrom_db) == [ASE, "Ali"], "all or nothing: Yusuf waits for the file to be fixed"


def test_two_people_of_the_same_name_when_the_facilitator_says_so(tools, kursrom_db, capsys, tmp_path):
    tools.in_process(capsys, "roster", "import", "--round", "1", str(roster_file(tmp_path, ["Ali Hassan"])),
                     "--db", str(kursrom_db))
    same = roster_file(tmp_path, ["Ali Hassan", "ali hassan", "Ali Hassan"], extra=["Tromsø", "", "Tromsø"],
                       name="samme.csv")
    ran = tools.in_process(capsys, "roster", "import", "--round", "1", "--allow-same-name", str(same), "--db",
                           str(kursrom_db))
    assert ran.code == 0, ran.err
    assert names_on(kursrom_db) == ["Ali Hassan", "Ali Hassan (Tromsø)", "ali hassan (2)", "Ali Hassan (Tromsø, 2)"]


def test_the_store_cleans_names_on_every_way_in(store, catalog):
    """The participant dialog and the roster screen write through these functions."""
    from kursrom.store.rounds import create_round

    course_round = create_round(store, catalog, catalog.template("pro"), start=date(2027, 1, 4))
    person = add_participant(store, f"\u202e{ASE_NFD}{ZWSP} ", round_id=course_round.id)
    assert person.name == ASE and unicodedata.is_normalized("NFC", person.name)
    with pytest.raises(PlanningError, match="står allerede på deltakerlisten"):
        add_participant(store, ASE.upper(), round_id=course_round.id)
    with pytest.raises(PlanningError, match="navn eller et kallenavn"):
        add_participant(store, ZWSP * 3)
    other = add_participant(store, "Ola", round_id=course_round.id)
    with pytest.raises(PlanningError, match="heter allerede Åse Nær"):
        update_participant(store, other.id, name=ASE_NFD)
    assert update_participant(store, other.id, name=f"Ola{ZWSP} Nordmann").name == "Ola Nordmann"
    with pytest.raises(RosterRejected):
        import_roster(store, course_round.id, parse_roster(f"navn\n{ASE_NFD}\n".encode()).rows)
    assert {p.name for p in enrolled(store, course_round.id)} == {ASE, "Ola Nordmann"}


WORKER = """
import os, sys, time
from kursrom.cli import main
ready, go = sys.argv[1], sys.argv[2]
open(ready, "w").close()
while not os.path.exists(go):
    time.sleep(0.001)
sys.exit(main(sys.argv[3:]))
"""


@pytest.mark.slow
def test_two_imports_of_one_file_at_once_enrol_nobody_twice(kursrom_db, tmp_path, catalog, clock):
    """Two real processes start the same import at the same moment, in each of four rounds."""
    from kursrom.store.db import open_store
    from kursrom.store.rounds import create_round

    store = open_store(kursrom_db, clock)
    rounds = [create_round(store, catalog, catalog.template("pro"), start=date(2027, 1, 4)).id for _ in range(3)]
    store.close()
    path = roster_file(tmp_path, ["Åse Nær", "Олена Коваленко", "فاطمة الزهراء", "Yusuf", "Mari", "Jonas",
                                  "Sigrid", "Ahmed"])
    for round_id in [1, *rounds]:
        go = tmp_path / f"go-{round_id}"
        ready = [tmp_path / f"ready-{round_id}-{n}" for n in range(2)]
        processes = [subprocess.Popen(
            [sys.executable, "-c", WORKER, str(flag), str(go), "--db", str(kursrom_db), "roster", "import",
             "--round", str(round_id), str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for flag in ready]
        while not all(flag.exists() for flag in ready):
            if any(process.poll() is not None for process in processes):
                break
        go.touch()
        results = [process.communicate(timeout=120) for process in processes]
        codes = sorted(process.returncode for process in processes)
        assert codes == [0, 1], results
        store = open_store(kursrom_db, clock)
        try:
            names = [p.name for p in enrolled(store, round_id)]
        finally:
            store.close()
        assert len(names) == 8 and len(set(names)) == 8, names


# -- the property -------------------------------------------------------------------------------------

#: Characters of every category a text file can hold: letters, marks, numbers, punctuation,
#: symbols, separators, and the controls and format characters (Cf) a name must not keep. (NUL makes
#: the file binary, refused as a whole; lone surrogates cannot be written in UTF-8 at all.)
any_char = st.characters(exclude_characters="\x00", exclude_categories=("Cs",))
spelling = st.sampled_from(["NFC", "NFD"])
written_names = st.lists(st.tuples(st.text(any_char, min_size=1, max_size=16), spelling), min_size=1, max_size=6)

PROPERTY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def record_lines(text: str) -> list[int]:
    """The line each record after the header starts on (a quoted line break makes a record longer)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    starts = []
    while True:
        start = reader.line_num + 1
        if next(reader, None) is None:
            return starts[1:]
        starts.append(start)


def visible_and_clean(name: str) -> bool:
    return (bool(name) and unicodedata.is_normalized("NFC", name) and name == " ".join(name.split())
            and not any(unicodedata.category(c) in ("Cc", "Cs") for c in name)
            and all(c in "\u200c\u200d" for c in name if unicodedata.category(c) == "Cf"))


@PROPERTY
@given(written_names)
def test_any_names_go_through_the_roster_import_and_the_tags(store, people):
    written = [unicodedata.normalize(form, text) for text, form in people]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows([["navn", "språk"], *([name, ""] for name in written)])  # two columns: ";" is the separator
    parsed = parse_roster(buffer.getvalue().encode("utf-8"))

    first_line: dict[str, int] = {}
    expected_problems: set[int | None] = set()
    if not any(name.strip() for name in written):
        expected_problems.add(None)  # white space only: blank lines, as spreadsheets leave, and so no one
    for line, name in zip(record_lines(buffer.getvalue()), written):
        key = same_name_key(name)
        if not name.strip():
            continue
        if not clean_name(name) or len(clean_name(name)) > 80:
            expected_problems.add(line)
        elif key in first_line:
            expected_problems.add(line)
        else:
            first_line[key] = line
    assert {problem.line for problem in parsed.problems} == expected_problems
    if parsed.problems:
        return
    with store.session() as db:
        course_round = CourseRound(title="R", template_id="pro", template_version=1, start_date=date(2027, 1, 4),
                                   start_time="12:00")
        db.add(course_round)
    added = import_roster(store, course_round.id, parsed.rows)
    assert [person.name for person in added] == [clean_name(name) for name in written if name.strip()]
    assert len({same_name_key(person.name) for person in added}) == len(added)
    roster = [(person.name, person.id) for person in added]
    for person in added:
        assert visible_and_clean(person.name), ascii(person.name)
        for form in ("NFC", "NFD"):
            note = f"Takk, @{unicodedata.normalize(form, person.name)}!"
            assert tags_in(note, roster) == {person.id}, (ascii(person.name), form)


async def test_the_participant_dialog_finds_a_name_on_the_roster_however_it_is_written(catalog, clock, demo_store):
    """The dialog adds and enrols in one transaction; a name already there, typed in another normal
    form with a zero-width space, is told and the dialog comes back with what was typed."""
    from textual.events import Paste
    from textual.widgets import Input

    from kursrom.app import make_app
    from kursrom.store.rounds import list_rounds

    round_id = list_rounds(demo_store)[0].id
    typed = unicodedata.normalize("NFD", "Åse Nygård") + ZWSP
    app = make_app(catalog, demo_store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        app.screen.focused.post_message(Paste(typed))
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert any("Åse Nygård står allerede på deltakerlisten" in str(n.message) for n in app._notifications)
        assert type(app.screen).__name__ == "ParticipantModal"
        assert app.screen.query_one("#p-name", Input).value == typed, "what was typed is back on screen"
        app.screen.query_one("#p-name", Input).value = "Ola\u200b Nordmann"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
    names = [p.name for p in enrolled(demo_store, round_id)]
    assert len(names) == 9 and names.count("Åse Nygård") == 1 and "Ola Nordmann" in names
