"""`kursrom forget` and `kursrom purge` at the command line: confirmation, one sentence and a
non-zero exit on every error, and the work done when confirmed."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date

import pytest

from kursrom.cli import main


class Terminal(io.StringIO):
    """Standard input as a terminal where the facilitator types `answer`."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def db(demo_store, rich, db_path):
    demo_store.close()
    return db_path


def one_sentence(capsys) -> str:
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("kursrom: ")
    return lines[0]


def people(db_path, probe) -> list[str]:
    return [name for (name,) in probe.raw(db_path, "SELECT name FROM participant ORDER BY id")]


def test_forget_by_name_with_yes(db, probe, capsys):
    assert main(["--db", str(db), "forget", "Олена Коваленко", "--yes"]) == 0
    assert capsys.readouterr().err == ""
    assert "Олена Коваленко" not in people(db, probe)
    assert probe.hits(db, "Олена Коваленко") == []
    assert "Åse Nygård" in people(db, probe)


def test_forget_asks_on_a_terminal_and_stops_on_no(db, probe, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", Terminal("nei\n"))
    assert main(["--db", str(db), "forget", "1"]) == 2
    one_sentence(capsys)
    assert "Åse Nygård" in people(db, probe)

    monkeypatch.setattr(sys, "stdin", Terminal("ja\n"))
    assert main(["--db", str(db), "forget", "1"]) == 0
    assert "Åse Nygård" in capsys.readouterr().out, "the question names who is about to be erased"
    assert "Åse Nygård" not in people(db, probe)


def test_forget_without_a_terminal_needs_yes(db, probe, capsys):
    assert main(["--db", str(db), "forget", "1"]) == 2
    assert "--yes" in one_sentence(capsys)
    assert "Åse Nygård" in people(db, probe)


def test_an_ambiguous_name_lists_the_ids(demo_store, db_path, probe, capsys):
    from kursrom.store.rounds import add_participant

    twin = add_participant(demo_store, "Åse Nygård").id
    demo_store.close()
    assert main(["--db", str(db_path), "forget", "Åse Nygård", "--yes"]) == 2
    line = one_sentence(capsys)
    assert "id 1" in line and f"id {twin}" in line
    assert people(db_path, probe).count("Åse Nygård") == 2


def test_an_unknown_participant_and_a_missing_database_are_sentences(db, tmp_path, capsys):
    assert main(["--db", str(db), "forget", "Ingen Slik", "--yes"]) == 2
    assert "Ingen Slik" in one_sentence(capsys)
    missing = tmp_path / "nowhere.sqlite"
    assert main(["--db", str(missing), "forget", "1", "--yes"]) == 2
    assert "nowhere.sqlite" in one_sentence(capsys)
    assert not missing.exists(), "forget never creates a database"


def test_purge_checks_the_date(db, capsys):
    assert main(["--db", str(db), "purge", "--before", "1.1.2024"]) == 2
    assert "1.1.2024" in one_sentence(capsys)


def test_purge_dry_run_lists_and_keeps(demo_store, catalog, db_path, probe, capsys):
    from kursrom.store.rounds import create_round

    old = create_round(demo_store, catalog, catalog.template("pro"), start=date(2023, 1, 9), title="Gammel runde")
    demo_store.close()
    assert main(["--db", str(db_path), "purge", "--before", "2024-01-01", "--dry-run"]) == 0
    assert "Gammel runde" in capsys.readouterr().out
    assert probe.raw(db_path, "SELECT count(*) FROM course_round WHERE id = ?", (old.id,)) == [(1,)]

    assert main(["--db", str(db_path), "purge", "--before", "2024-01-01"]) == 2, "no terminal, no --yes"
    one_sentence(capsys)
    assert main(["--db", str(db_path), "purge", "--before", "2024-01-01", "--yes"]) == 0
    assert probe.raw(db_path, "SELECT count(*) FROM course_round WHERE id = ?", (old.id,)) == [(0,)]
    assert probe.raw(db_path, "SELECT count(*) FROM course_round") == [(1,)]


def test_forget_in_a_real_process_says_one_sentence_without_yes(db, tmp_path):
    environment = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, "-m", "kursrom", "--db", str(db), "forget", "1"],
                            capture_output=True, text=True, env=environment, timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("kursrom: ")


def test_forget_lists_the_parts_of_the_name_it_left_for_review(db, probe, capsys):
    assert main(["--db", str(db), "forget", probe.MARI, "--yes"]) == 0
    out = capsys.readouterr().out
    [line] = [line for line in out.splitlines() if "«Mari»" in line]
    assert "Mari Hansen" in line and "PRO vår" in line, "shared with Mari Hansen in the spring round"
    assert "Mari kommer for sent." in [text for (text,) in probe.raw(db, "SELECT text FROM note")]


def test_purge_names_the_removed_people_left_in_kept_rounds_and_redacts_on_request(demo_store, catalog, db_path,
                                                                                    probe, capsys):
    from kursrom.store.models import Note
    from kursrom.store.rounds import add_participant, create_round, enrol, list_rounds, sessions_of

    today = list_rounds(demo_store)[0].id
    old = create_round(demo_store, catalog, catalog.template("pro"), start=date(2023, 1, 9), title="Gammel runde")
    enrol(demo_store, old.id, [add_participant(demo_store, "Gunnhild Tveitå").id])
    with demo_store.session() as session:
        session.add(Note(session_id=sessions_of(demo_store, today)[0].id, text="Tveitås råd hjalp Jonas."))
    demo_store.close()
    args = ["--db", str(db_path), "purge", "--before", "2024-01-01"]
    assert main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Gunnhild Tveitå: " in out and "--redact-kept" in out
    assert main([*args, "--yes", "--redact-kept"]) == 0
    from kursrom.i18n import _

    assert _("The names of the people removed were replaced in {count} kept text(s).").format(count=1) in (
        capsys.readouterr().out)
    assert probe.hits(db_path, "Tveitå") == []
