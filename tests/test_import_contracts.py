"""The layers' import rules, stated in pyproject.toml's [tool.importlinter] and checked by
import-linter itself, so the rule and its check cannot drift apart."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not (ROOT / "pyproject.toml").is_file(), reason="needs the source checkout")


def lint_imports(source_root: Path, config: Path) -> subprocess.CompletedProcess[str]:
    # lint-imports puts its working folder first on sys.path, so it reads the package found there.
    return subprocess.run([str(LINT_IMPORTS), "--config", str(config), "--no-cache"],
                          cwd=source_root, capture_output=True, text=True, check=False)


def test_every_import_contract_is_kept():
    result = lint_imports(ROOT, ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 broken" in result.stdout


def test_a_core_module_importing_textual_breaks_the_contract(tmp_path):
    shutil.copytree(ROOT / "kursrom", tmp_path / "kursrom", ignore=shutil.ignore_patterns("__pycache__"))
    clock = tmp_path / "kursrom" / "core" / "clock.py"
    clock.write_text(clock.read_text(encoding="utf-8") + "\nimport textual  # a deliberate breach\n",
                     encoding="utf-8")
    result = lint_imports(tmp_path, ROOT / "pyproject.toml")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "kursrom.core is not allowed to import textual" in result.stdout
    assert "kursrom.core.clock -> textual" in result.stdout
