"""The house rule on size (STYLE.md): no module under kursrom/ over 500 lines and no function or
method over 80, measured with `ast` so that a failure names each offender and its length."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "kursrom"
MODULE_LIMIT = 500
FUNCTION_LIMIT = 80


def too_long(source: str, name: str) -> list[str]:
    """Each part of one module's source over its limit, as `where what (N lines)`."""
    found = []
    lines = len(source.splitlines())
    if lines > MODULE_LIMIT:
        found.append(f"{name}: the module ({lines} lines)")
    for qualname, start, length in _functions(ast.parse(source)):
        if length > FUNCTION_LIMIT:
            found.append(f"{name}:{start} {qualname} ({length} lines)")
    return found


def _functions(node: ast.AST, prefix: str = "") -> Iterator[tuple[str, int, int]]:
    """Every function and method, nested ones too: (dotted name, first line, lines from `def` to its end)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield prefix + child.name, child.lineno, child.end_lineno - child.lineno + 1
            yield from _functions(child, f"{prefix}{child.name}.")
        elif isinstance(child, ast.ClassDef):
            yield from _functions(child, f"{prefix}{child.name}.")
        else:
            yield from _functions(child, prefix)


@pytest.mark.skipif(not (ROOT / "pyproject.toml").is_file(), reason="needs the source checkout")
def test_no_module_or_function_in_the_package_is_too_long():
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 50, f"the package's modules were not found under {PACKAGE}"
    found = [offender for path in modules
             for offender in too_long(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))]
    assert not found, (f"over {MODULE_LIMIT} lines a module or {FUNCTION_LIMIT} a function:\n"
                       + "\n".join(found))


def test_the_measure_finds_a_long_module_and_a_long_method():
    def function(name: str, lines: int) -> str:
        return f"def {name}():\n" + "    x = 1\n" * (lines - 2) + "    return x\n"

    source = "\n".join([
        function("fits", FUNCTION_LIMIT),
        "class Screen:",
        "    async def on_mount(self):",
        "        def helper():",
        *["            pass"] * FUNCTION_LIMIT,
        "        return helper",
        function("short", 3),
    ])
    padding = "\n" * (MODULE_LIMIT - len(source.splitlines()) + 1)
    assert too_long(source + padding, "kursrom/example.py") == [
        f"kursrom/example.py: the module ({MODULE_LIMIT + 1} lines)",
        f"kursrom/example.py:{FUNCTION_LIMIT + 3} Screen.on_mount ({FUNCTION_LIMIT + 3} lines)",
        f"kursrom/example.py:{FUNCTION_LIMIT + 4} Screen.on_mount.helper ({FUNCTION_LIMIT + 1} lines)",
    ]
    assert too_long(source, "kursrom/example.py") == too_long(source + padding, "kursrom/example.py")[1:], (
        "a module within its limit passes, and its functions are still measured")
