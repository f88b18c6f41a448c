"""`kursrom export` on --db: the files it writes, one path a line, and one sentence for a mistake."""

from __future__ import annotations

import os
import re
import stat

import pytest

from kursrom.cli import main
from kursrom.store.consent import record_consent


@pytest.fixture
def db(store, scenario, db_path):
    return db_path


def run(capsys, *argv: str) -> tuple[int, list[str], str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.strip()


def test_export_a_session_in_every_format(capsys, db, scenario, tmp_path):
    out = tmp_path / "ut"
    code, lines, err = run(capsys, "--db", str(db), "export", "--session", str(scenario.session_id), "--out", str(out))
    assert code == 0, err
    assert sorted(os.path.splitext(line)[1] for line in lines) == [".csv", ".html", ".md"]
    for line in lines:
        assert os.path.dirname(line) == str(out)
        assert stat.S_IMODE(os.stat(line).st_mode) == 0o600
    # Again: new names, nothing overwritten; with --force the same names.
    code, again, _err = run(capsys, "--db", str(db), "export", "--session", str(scenario.session_id), "--out", str(out),
                            "--format", "html")
    assert code == 0 and again[0].endswith(" (2).html")
    code, forced, _err = run(capsys, "--db", str(db), "export", "--session", str(scenario.session_id),
                             "--out", str(out), "--format", "html", "--force")
    assert code == 0 and forced[0] == next(line for line in lines if line.endswith(".html"))


def test_export_a_round_anonymized(capsys, db, scenario, tmp_path):
    code, lines, err = run(capsys, "--db", str(db), "export", "--round", str(scenario.round_id), "--anonymize",
                           "--format", "md", "--format", "csv", "--out", str(tmp_path))
    assert code == 0, err
    assert len(lines) == 3, "the report, the attendance and the evaluations"
    for line in lines:
        data = open(line, "rb").read()
        assert "Åse".encode() not in data and re.search(rb"Deltaker \d+", data)


def test_export_pages_for_advisors(capsys, store, db, scenario, tmp_path):
    ase = scenario.people["Åse Nygård"]
    record_consent(store, scenario.round_id, ase, True)
    code, lines, err = run(capsys, "--db", str(db), "export", "--session", str(scenario.session_id),
                           "--participant", str(ase), "--out", str(tmp_path))
    assert code == 0, err
    assert len(lines) == 1 and lines[0].endswith(".html")
    page = open(lines[0], encoding="utf-8").read()
    assert "Åse Nygård" in page and "Fast jobb som barnehageassistent" in page
    code, lines, err = run(capsys, "--db", str(db), "export", "--round", str(scenario.round_id),
                           "--participant", "all", "--format", "md", "--out", str(tmp_path / "each"))
    assert code == 0 and len(lines) == 7, "a file for each of the seven"
    for line in lines:
        assert open(line, encoding="utf-8").read().count("\n# ") == 0, "one page each"
    code, lines, err = run(capsys, "--db", str(db), "export", "--round", str(scenario.round_id),
                           "--participant", "all", "--one-file", "--format", "md", "--out", str(tmp_path))
    assert code == 0 and len(lines) == 1
    assert open(lines[0], encoding="utf-8").read().count("\n# ") == 6, "seven pages, one file, when asked for"


def test_one_file_goes_with_all(capsys, db, scenario, tmp_path):
    code, lines, err = run(capsys, "--db", str(db), "export", "--round", str(scenario.round_id), "--participant", "1",
                           "--one-file", "--out", str(tmp_path))
    assert code == 2 and lines == [] and err == "kursrom: --one-file hører sammen med --participant all."


@pytest.mark.parametrize(("argv", "message"), [
    (("--session", "4242"), "Det finnes ingen økt med id 4242."),
    (("--round", "77"), "Det finnes ingen kursrunde med id 77."),
    (("--round", "1", "--participant", "999"), "Det finnes ingen deltaker med id 999."),
    (("--session", "4242", "--participant", "1"), "Det finnes ingen økt med id 4242."),
])
def test_unknown_ids_are_one_sentence(capsys, db, tmp_path, argv, message):
    code, lines, err = run(capsys, "--db", str(db), "export", *argv, "--out", str(tmp_path / "ut"))
    assert code == 2 and lines == []
    assert err == f"kursrom: {message}"
    assert not (tmp_path / "ut").exists()


def test_a_missing_database_is_not_created(capsys, tmp_path):
    missing = tmp_path / "nothing.sqlite"
    code, _lines, err = run(capsys, "--db", str(missing), "export", "--session", "1")
    assert code == 2 and str(missing) in err
    assert not missing.exists()


def test_session_or_round_is_required(capsys, db):
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(db), "export"])
    assert exit_info.value.code == 2
