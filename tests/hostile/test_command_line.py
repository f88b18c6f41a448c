"""Issue 17 at the command line: the global options before or after every command, --db as a plain
path, ids and dates out of range, argparse in bokmål and a reader that closes the pipe early.
Each case shows the one sentence or the right behaviour."""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kursrom.cli import build_parser, merge_global_options
from kursrom.store.fileguard import SCHEMA_VERSION

#: The least each command needs to parse, by its path of names. Every command must be here: a new
#: one fails `test_every_command_is_walked` until it is.
MINIMAL = {
    ("demo",): [], ("check",): [], ("rounds",): [], ("notes",): [], ("present",): [],
    ("round", "new"): ["--template", "pro", "--start", "2027-01-04"],
    ("roster", "import"): ["--round", "1", "deltakere.csv"],
    ("calendar",): ["--round", "1", "--out", "pro.ics"],
    ("forget",): ["1"],
    ("purge",): ["--before", "2020-01-01"],
    ("export",): ["--round", "1"],
    ("print",): ["sign-in", "--round", "1"],
}


def commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command a parser leads to, as its path of names (`("roster", "import")`)."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += commands(sub, (*path, name)) or [(*path, name)]
    return found


def test_every_command_is_walked():
    assert sorted(commands(build_parser())) == sorted(MINIMAL)


@pytest.mark.parametrize("command", sorted(MINIMAL), ids=" ".join)
def test_the_global_options_work_after_every_command(command, tmp_path):
    parser = build_parser()
    db, mine = tmp_path / "kurs.sqlite", tmp_path / "mine"
    after = merge_global_options(parser.parse_args(
        [*command, *MINIMAL[command], "--db", str(db), "--exercises", str(mine), "--lang", "en"]))
    assert (after.db, after.exercises, after.lang) == (db, [mine], "en")
    both = merge_global_options(parser.parse_args(
        ["--db", "before.sqlite", "--exercises", "a", *command, *MINIMAL[command], "--exercises", "b",
         "--db", str(db)]))
    assert both.db == db, "the one after the command is the later word"
    assert both.exercises == [Path("a"), Path("b")], "folders from both places are kept"
    before = merge_global_options(parser.parse_args(["--db", str(db), *command, *MINIMAL[command]]))
    assert (before.db, before.exercises) == (db, [])


def test_export_forget_check_and_purge_take_db_after_the_command(tools, kursrom_db, capsys, tmp_path):
    ran = tools.in_process(capsys, "export", "--round", "1", "--out", str(tmp_path / "ut"), "--db", str(kursrom_db))
    assert ran.code == 0 and len(ran.out.splitlines()) == 4, ran.err  # md, html, attendance and evaluation CSV
    ran = tools.in_process(capsys, "--lang", "en", "forget", "99", "--yes", "--db", str(kursrom_db))
    assert ran.code == 2 and "No participant has the id or name 99" in ran.sentence
    ran = tools.in_process(capsys, "--lang", "en", "check", "--db", str(kursrom_db))
    assert ran.code == 0 and f"Database {kursrom_db}: schema {SCHEMA_VERSION}, integrity ok." in ran.out
    ran = tools.in_process(capsys, "--lang", "en", "purge", "--before", "2020-01-01", "--dry-run", "--db",
                           str(kursrom_db))
    assert ran.code == 0 and "nothing to remove" in ran.out


@pytest.mark.parametrize("name", ["kurs%42.sqlite", "kurs?mode=memory", "kurs#1.sqlite", "file:kurs.sqlite",
                                  ":memory:"])
def test_a_db_path_is_a_file_name_whatever_it_holds(name, tools, capsys, tmp_path, monkeypatch):
    """`kurs%42` once became `kursB`, where a foreign SQLite file was written to."""
    monkeypatch.chdir(tmp_path)
    decoded = tmp_path / "kursB.sqlite"
    conn = sqlite3.connect(decoded)
    conn.execute("CREATE TABLE photos (path TEXT)")
    conn.commit()
    conn.close()
    foreign = tools.snapshot(tmp_path)
    ran = tools.in_process(capsys, "--lang", "en", "round", "new", "--template", "pro", "--start", "2027-01-04",
                           "--db", name)
    assert ran.code == 0, ran.err
    after = tools.snapshot(tmp_path)
    assert after["kursB.sqlite"] == foreign["kursB.sqlite"]
    assert set(after) == {"kursB.sqlite", name}, "the file has exactly the name given, and nothing else is made"
    ran = tools.in_process(capsys, "rounds", "--tsv", "--db", name)
    assert ran.out.splitlines()[1].startswith("1\tPRO"), "and it is the same file the next time"


@pytest.mark.parametrize("value", ["postgresql://kari:hemmelig@nav.example/kurs", "postgres://db/kurs"])
def test_a_server_address_is_refused_in_one_sentence_without_echoing_it(value, tools, capsys, tmp_path,
                                                                        monkeypatch):
    monkeypatch.chdir(tmp_path)
    ran = tools.in_process(capsys, "rounds", "--db", value)
    assert ran.code == 2 and "databasetjener" in ran.sentence and "hemmelig" not in ran.err
    monkeypatch.setenv("KURSROM_DB", value)
    ran = tools.in_process(capsys, "rounds")
    assert ran.code == 2 and "KURSROM_DB" in ran.sentence and "hemmelig" not in ran.err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv", [
    ["export", "--round", "99999999999999999999"],
    ["export", "--session", "-1"],
    ["export", "--round", "1", "--participant", "9223372036854775808"],
    ["calendar", "--round", "99999999999999999999", "--out", "x.ics"],
    ["roster", "import", "--round", "99999999999999999999", "x.csv"],
], ids=lambda argv: " ".join(argv[:2]))
def test_ids_outside_the_databases_range_are_one_sentence(argv, tools, kursrom_db, capsys):
    ran = tools.in_process(capsys, "--lang", "en", "--db", str(kursrom_db), *argv)
    assert ran.code == 2
    assert "id" in ran.sentence and "--help" in ran.sentence


@pytest.mark.parametrize(("argv", "what"), [
    (["round", "new", "--template", "pro", "--start", "0001-01-01"], "--start 0001-01-01"),
    (["round", "new", "--template", "pro", "--start", "9999-01-01"], "--start 9999-01-01"),
    (["round", "new", "--template", "pro", "--start", "2027-01-04", "--skip", "9999-12-31"], "--skip 9999-12-31"),
    (["purge", "--before", "0001-01-01", "--dry-run"], "--before 0001-01-01"),
    (["purge", "--before", "9999-12-31", "--dry-run"], "--before 9999-12-31"),
])
def test_dates_outside_1900_to_2200_are_one_sentence(argv, what, tools, kursrom_db, capsys):
    before = tools.snapshot(kursrom_db.parent)
    ran = tools.in_process(capsys, "--lang", "en", "--db", str(kursrom_db), *argv)
    assert ran.code == 2
    assert ran.sentence == f"kursrom: {what} is outside the years 1900–2200 that kursrom plans in."
    assert tools.snapshot(kursrom_db.parent) == before


def test_a_round_never_quietly_has_fewer_sessions_than_its_template(store, catalog):
    """The calendar ends in 9999: a round planned there gets a sentence, not 1 of its 5 sessions."""
    from datetime import date

    from kursrom.store.rounds import PlanningError, create_round, list_rounds

    with pytest.raises(PlanningError, match="Bare 1 av de 5 samlingene"):
        create_round(store, catalog, catalog.template("pro"), start=date(9999, 12, 27))
    assert list_rounds(store) == []


def test_help_and_mistakes_speak_bokmal_and_english_on_request(tools, capsys):
    norsk = tools.in_process(capsys, "--help")
    assert norsk.code == 0
    for english in ("usage:", "show this help message", "options:", "positional arguments"):
        assert english not in norsk.out, english
    roster = tools.in_process(capsys, "roster", "import", "--help")
    assert "show this help message" not in roster.out and "positional arguments" not in roster.out
    mistake = tools.in_process(capsys, "round", "new")
    assert mistake.code == 2
    assert "error:" not in mistake.sentence and "required" not in mistake.sentence
    assert "--template" in mistake.sentence and "kursrom round new --help" in mistake.sentence

    english = tools.in_process(capsys, "--lang", "en", "--help")
    assert "usage:" in english.out and "show this help message" in english.out
    assert "error:" in tools.in_process(capsys, "--lang", "en", "round", "new").sentence


def test_a_mistake_names_the_unknown_command_in_one_sentence(tools, capsys):
    ran = tools.in_process(capsys, "--lang", "en", "bogus")
    assert ran.code == 2 and "'bogus'" in ran.sentence and "rounds" in ran.sentence


@pytest.mark.slow
def test_a_reader_that_closes_the_pipe_early_ends_the_listing_quietly(tools, kursrom_db):
    """`kursrom rounds | head -1`: the reader leaves before kursrom writes (closed here at once),
    and kursrom stops with exit 0 and nothing on stderr."""
    process = subprocess.Popen([sys.executable, "-m", "kursrom", "rounds", "--db", str(kursrom_db)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    process.stdout.close()  # the reader is gone before kursrom has imported anything
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0, err
    assert err == ""
