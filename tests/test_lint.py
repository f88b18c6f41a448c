"""The linter's rules, stated in pyproject.toml's [tool.ruff] and pinned in constraints.txt, checked
by ruff itself over everything the project writes, so the rules and their check cannot drift apart."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUFF = Path(sys.executable).with_name("ruff")
CHECKED = ("kursrom", "tests", "benchmarks", "scripts")

pytestmark = pytest.mark.skipif(not (ROOT / "pyproject.toml").is_file(), reason="needs the source checkout")


def test_ruff_finds_nothing_in_the_project():
    # No cache: the verdict is about the files as they are, and the checkout is left as it was.
    result = subprocess.run([str(RUFF), "check", "--no-cache", *CHECKED],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
