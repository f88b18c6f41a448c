"""`kursrom rounds`, `round new`, `roster import` and `calendar`: one clear sentence and a non-zero
exit on an error."""

from __future__ import annotations

import re

from icalendar import Calendar

from kursrom.cli import main
from kursrom.store.db import open_store
from kursrom.store.rounds import enrolled, list_rounds


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_round_new_prints_its_id_and_dates(capsys, db_path):
    code, out, err = run(capsys, "--db", str(db_path), "round", "new", "--template", "pro", "--start", "2026-03-23",
                         "--time", "12:00", "--title", "PRO vår")
    assert code == 0, err
    assert out.splitlines()[0] == "Created round 1: PRO vår"
    assert re.search(r"1\s+Mon 23\.03\.2026 12:00\s+Hvem er jeg\?", out)
    assert re.search(r"2\s+Mon 30\.03\.2026 12:00", out)
    assert "Note: Mon 06.04.2026 is a public holiday" in err  # Easter Monday is suggested, not skipped


def test_skip_dates_and_db_after_the_command(capsys, db_path):
    code, out, err = run(capsys, "round", "new", "--template", "i-jobb", "--start", "03.05.2027",
                         "--skip", "2027-05-06", "--skip", "2027-05-17", "--db", str(db_path))
    assert code == 0, err
    assert "06.05.2027" not in out and "17.05.2027" not in out and "31.05.2027" in out
    assert "public holiday" not in err


def test_rounds_lists_id_title_template_start_participants_next(capsys, db_path, write_csv):
    run(capsys, "--db", str(db_path), "round", "new", "--template", "pro", "--start", "2026-11-30")
    assert run(capsys, "--db", str(db_path), "roster", "import", "--round", "1",
               str(write_csv("name\nÅse\nOla\n")))[0] == 0
    code, out, _ = run(capsys, "--db", str(db_path), "rounds")
    assert code == 0
    header, row = out.splitlines()
    assert header.split()[:3] == ["id", "title", "template"]
    assert re.split(r"\s{2,}", row) == ["1", "PRO – jobb- og karrierekurs for unge", "pro", "2026-11-30", "2",
                                        "Mon 30.11.2026 10:00"]
    code, out, _ = run(capsys, "--db", str(db_path), "rounds", "--tsv")
    assert out.splitlines()[1].split("\t")[:5] == ["1", "PRO – jobb- og karrierekurs for unge", "pro",
                                                   "2026-11-30", "2"]


def test_rounds_without_a_database(capsys, tmp_path):
    code, out, _ = run(capsys, "--db", str(tmp_path / "none.sqlite"), "rounds")
    assert code == 0 and "No course rounds yet." in out
    assert not (tmp_path / "none.sqlite").exists()


def test_roster_import_with_a_bad_row_imports_nothing(capsys, db_path, write_csv):
    run(capsys, "--db", str(db_path), "round", "new", "--template", "pro", "--start", "2026-11-30")
    path = write_csv("navn;språk;tolk\nÅse;nb;\n;uk;ja\nOlena;uk;ja\nIvan;klingon;\n", bom=True)
    code, out, err = run(capsys, "--db", str(db_path), "roster", "import", "--round", "1", str(path))
    assert code == 1
    assert f"{path}:3: the name is empty" in err
    assert f"{path}:5: 'klingon' is not a language" in err
    assert err.strip().endswith("2 problems in the roster; nothing was imported.")
    store = open_store(db_path)
    assert enrolled(store, 1) == []
    store.close()


def test_roster_import_into_an_unknown_round(capsys, db_path, write_csv):
    run(capsys, "--db", str(db_path), "round", "new", "--template", "pro", "--start", "2026-11-30")
    code, _, err = run(capsys, "--db", str(db_path), "roster", "import", "--round", "9", str(write_csv("name\nA\n")))
    assert code == 2 and err.strip() == "kursrom: There is no round 9; `kursrom rounds` lists them."


def test_calendar_writes_one_event_per_session(capsys, db_path, tmp_path):
    run(capsys, "--db", str(db_path), "round", "new", "--template", "pro", "--start", "2026-10-19")
    out_file = tmp_path / "pro.ics"
    code, out, err = run(capsys, "--db", str(db_path), "calendar", "--round", "1", "--out", str(out_file))
    assert code == 0, err
    assert out.strip() == f"Wrote 5 sessions to {out_file}."
    events = list(Calendar.from_ical(out_file.read_bytes()).walk("VEVENT"))
    assert len(events) == 5
    assert [e.decoded("dtstart").strftime("%H:%M") for e in events] == ["10:00"] * 5


def test_errors_are_one_sentence_and_non_zero(capsys, db_path, tmp_path):
    code, _, err = run(capsys, "--db", str(db_path), "round", "new", "--template", "nope", "--start", "2026-11-30")
    assert code == 2 and err.startswith("kursrom: There is no course template nope; the templates are: ")
    assert len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "--db", str(db_path), "round", "new", "--template", "pro", "--start", "30/11/2026")
    assert code == 2 and err.strip() == "kursrom: --start 30/11/2026 is not a date; write it as YYYY-MM-DD."
    code, _, err = run(capsys, "--db", str(db_path), "round", "new", "--template", "pro", "--start", "2026-11-30",
                       "--time", "25:00")
    assert code == 2 and "not a time of day" in err
    code, _, err = run(capsys, "--db", str(tmp_path / "missing.sqlite"), "calendar", "--round", "1", "--out",
                       str(tmp_path / "x.ics"))
    assert code == 2 and "There is no database" in err
    assert not (tmp_path / "missing.sqlite").exists()
    foreign = tmp_path / "foreign.sqlite"
    foreign.write_text("not a database")
    code, _, err = run(capsys, "--db", str(foreign), "rounds")
    assert code == 2 and err.startswith("kursrom: ")
    assert list_rounds  # the store module stays importable without the app
