"""The command line: one clear sentence and a non-zero exit on an error, never a traceback."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import kursrom


def run(*args: str, home: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
                   "XDG_CONFIG_HOME": str(home / "config"), **(env or {})}
    environment.pop("KURSROM_DB", None)
    return subprocess.run([sys.executable, "-m", "kursrom", *args], capture_output=True, text=True,
                          env=environment, timeout=60, stdin=subprocess.DEVNULL)


def assert_one_sentence(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kursrom: ")
    return lines[0]


def test_version(tmp_path):
    result = run("--version", home=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"kursrom {kursrom.__version__}"


def test_help_speaks_bokmal_by_default_and_english_on_request(tmp_path):
    norsk = run("--help", home=tmp_path, env={"LANG": "C.UTF-8"})
    assert norsk.returncode == 0 and "databasefilen" in norsk.stdout
    english = run("--lang", "en", "--help", home=tmp_path)
    assert english.returncode == 0 and "the database file" in english.stdout


def test_unknown_language_is_one_sentence(tmp_path):
    assert "klingon" in assert_one_sentence(run("--lang", "klingon", home=tmp_path))


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path):
    path = tmp_path / "handleliste.txt"
    path.write_text("melk\nbrød\n", encoding="utf-8")
    line = assert_one_sentence(run("--db", str(path), home=tmp_path))
    assert "not a kursrom database" in line or "ikke en kursrom-database" in line
    assert path.read_text(encoding="utf-8") == "melk\nbrød\n"


def test_a_newer_database_is_refused_untouched(tmp_path):
    from kursrom.store import fileguard

    path = tmp_path / "new.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id={fileguard.APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version={fileguard.SCHEMA_VERSION + 1}")
    conn.execute("CREATE TABLE future (x)")
    conn.commit()
    conn.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    line = assert_one_sentence(run("--lang", "en", "--db", str(path), home=tmp_path))
    assert "newer kursrom" in line
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_missing_exercise_folder_is_one_sentence(tmp_path):
    line = assert_one_sentence(run("--exercises", str(tmp_path / "nope"), "check", home=tmp_path))
    assert "nope" in line


def test_check_is_clean_on_the_shipped_library(tmp_path):
    result = run("check", home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "kursmaler" in result.stdout


def test_check_reports_a_broken_file_with_file_line_and_field(tmp_path):
    mine = tmp_path / "mine" / "exercises"
    mine.mkdir(parents=True)
    (mine / "kaffe.toml").write_text(
        'id = "kaffepause"\nkind = "break"\ntitle = "Kaffe"\nprompt = "Pause"\ninstructions = ""\nduration = "ti"\n',
        encoding="utf-8",
    )
    result = run("--exercises", str(tmp_path / "mine"), "check", home=tmp_path)
    assert result.returncode == 1
    assert "kaffe.toml:6" in result.stdout and "duration" in result.stdout
    assert "Traceback" not in result.stderr
