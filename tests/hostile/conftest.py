"""Helpers for the hostile-input tests (issue 17): run kursrom as the facilitator would, in this
process (`main`) or as a real process, and look at a folder byte for byte before and after."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from kursrom.cli import main

#: What a sentence for a facilitator never holds: SQL, SQLAlchemy's text, a traceback, a web address.
LEAKS = ("Traceback", "SELECT", "INSERT", "sqlite3.", "sqlalchemy", "Background on this error", "http")


@dataclass
class Ran:
    code: int
    out: str
    err: str

    @property
    def sentence(self) -> str:
        """The one line on stderr; fails unless there is exactly one, free of SQL and tracebacks."""
        lines = [line for line in self.err.splitlines() if line.strip()]
        assert len(lines) == 1, self.err
        for leak in LEAKS:
            assert leak not in lines[0], lines[0]
        assert "unexpected error" not in lines[0] and "uventet feil" not in lines[0], lines[0]
        return lines[0]


def in_process(capsys: pytest.CaptureFixture[str], *argv: str) -> Ran:
    """kursrom's `main` here, with its output captured: exit code, stdout, stderr."""
    try:
        code = main(list(argv))
    except SystemExit as leaving:  # argparse's --help and its mistakes
        code = int(leaving.code or 0)
    out, err = capsys.readouterr()
    return Ran(code, out, err)


def as_process(*argv: str, cwd: Path | None = None, umask: int | None = None,
               timeout: float = 90) -> Ran:
    """kursrom as a real process, as from a shell (the isolated home of tests/conftest.py)."""
    done = subprocess.run([sys.executable, "-m", "kursrom", *argv], capture_output=True, text=True, cwd=cwd,
                          stdin=subprocess.DEVNULL, timeout=timeout,
                          preexec_fn=(lambda: os.umask(umask)) if umask is not None else None)
    return Ran(done.returncode, done.stdout, done.stderr)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file in `folder` (not below it) by name, with its sha256."""
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "not a file"
            for path in sorted(folder.iterdir())}


def make_database(path: Path, catalog, clock, *, people: tuple[str, ...] = ()) -> Path:
    """A kursrom database with one PRO round (and `people` on it), closed so that its WAL is folded
    in and nothing lies beside it."""
    from kursrom.store.db import open_store
    from kursrom.store.rounds import add_participant, create_round

    store = open_store(path, clock)
    course_round = create_round(store, catalog, catalog.template("pro"), start=date(2026, 11, 30), title="PRO vinter")
    for name in people:
        add_participant(store, name, round_id=course_round.id)
    store.close()
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name)) == [path.name]
    return path


@pytest.fixture
def kursrom_db(tmp_path: Path, catalog, clock) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return make_database(folder / "kursrom.sqlite", catalog, clock)


class Tools:
    """The helpers above, for the test modules (which cannot import this conftest by name)."""

    Ran = Ran
    in_process = staticmethod(in_process)
    as_process = staticmethod(as_process)
    snapshot = staticmethod(snapshot)
    make_database = staticmethod(make_database)


@pytest.fixture
def tools() -> type[Tools]:
    return Tools
