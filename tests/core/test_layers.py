"""The core knows nothing of the database: a core module that imports the store or SQLModel breaks
the import contract in pyproject.toml (tests/test_import_contracts.py checks that every contract is
kept)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not (ROOT / "pyproject.toml").is_file(), reason="needs the source checkout")


@pytest.mark.parametrize(("line", "breach"), [
    ("from sqlmodel import select", "kursrom.core.reports.record -> sqlmodel"),
    ("from kursrom.store.models import Note", "kursrom.core.reports.record -> kursrom.store.models"),
])
def test_a_report_builder_reading_the_database_breaks_the_contract(tmp_path, line, breach):
    shutil.copytree(ROOT / "kursrom", tmp_path / "kursrom", ignore=shutil.ignore_patterns("__pycache__"))
    builder = tmp_path / "kursrom" / "core" / "reports" / "record.py"
    builder.write_text(builder.read_text(encoding="utf-8") + f"\n{line}  # a deliberate breach\n", encoding="utf-8")
    result = subprocess.run([str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                            cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "The core knows nothing of the database BROKEN" in result.stdout
    assert breach in result.stdout
