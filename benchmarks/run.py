"""Run every benchmark and print its figures, each as a ratio against a bare Textual app measured
in the same run. Figures only: nothing here passes or fails.

    python benchmarks/run.py            all of them
    python benchmarks/run.py startup    one by name
"""

from __future__ import annotations

import importlib
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: F401 - first: it readies the environment every benchmark's children run in

#: Benchmark modules in this folder, each with `main() -> list[str]`.
BENCHMARKS = ("startup", "large_db", "screens", "keystroke", "export", "crashes", "two_writers", "presenter")


def main(names: list[str]) -> int:
    print(f"kursrom benchmarks on {platform.python_implementation()} {platform.python_version()}, "
          f"{platform.machine()}")
    for name in names or BENCHMARKS:
        if not (Path(__file__).parent / f"{name}.py").is_file():
            continue
        print(f"\n== {name}")
        for text in importlib.import_module(name).main():
            print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
