"""The package as a facilitator installs it: the wheel carries the exercise library and the
catalogues, and `--version` answers without loading the interface or the database layer.
(Which layer may import what is an import contract: tests/test_import_contracts.py.)"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_cli_version_does_not_import_textual_or_sqlalchemy():
    code = ("import sys\nfrom kursrom.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('textual', 'sqlalchemy', 'sqlmodel') if m in sys.modules]\n"
            "sys.exit(1 if heavy else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(not (ROOT / "pyproject.toml").is_file(), reason="needs the source checkout")
def test_the_wheel_carries_every_file_of_the_exercise_library(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path),
         str(ROOT)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    wheel = next(tmp_path.glob("kursrom-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    library = [p for p in (ROOT / "exercises").rglob("*") if p.is_file()]
    assert len(library) >= 20
    for path in library:
        inside = "kursrom/_exercises/" + path.relative_to(ROOT / "exercises").as_posix()
        assert inside in names, f"{inside} is missing from the wheel"
    assert "kursrom/locale/nb/LC_MESSAGES/kursrom.mo" in names
    assert any(name.endswith(".tcss") for name in names)


def test_the_installed_package_finds_its_library():
    from kursrom.core.catalog import load_catalog
    from kursrom.paths import builtin_exercises_dir

    folder = builtin_exercises_dir()
    catalog = load_catalog([folder])
    assert set(catalog.templates) >= {"pro", "i-jobb", "valg-av-strategi", "karriereveiledning", "jobbsentralen"}
    assert not catalog.problems
