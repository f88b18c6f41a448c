"""Shared by the benchmarks: run a snippet in a fresh interpreter and time it, and the bare Textual
app that every figure is a ratio against (measured in the same run, on the same machine)."""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# pip byte-compiles what it installs, Textual and kursrom alike; a shell that forbids .pyc files
# (PYTHONDONTWRITEBYTECODE, set on some machines) would have every timed start compile kursrom from
# source (about 80 ms here) while Textual loads compiled, so compile once and let the children read it.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
compileall.compile_dir(ROOT / "kursrom", quiet=1)

#: Prepended to every timed snippet: on the first frame, print the time since the process was
#: launched and leave at once (background threads, such as the store opening, are not waited for).
FIRST_FRAME = """
import os, sys, time
def first_frame():
    sys.stdout.write(repr(time.time() - float(os.environ["KURSROM_BENCH_T0"])))
    sys.stdout.flush()
    os._exit(0)
"""

#: A minimal Textual app with the same kinds of widgets as kursrom's first screen and no database.
BARE_APP = """
from textual.app import App
from textual.widgets import DataTable, Footer, Static

class Bare(App):
    def compose(self):
        yield Static("bare")
        yield DataTable()
        yield Footer()

    def on_mount(self):
        self.query_one(DataTable).add_columns("a", "b", "c")

    def on_ready(self):
        first_frame()

Bare().run(headless=True, size=(80, 24))
"""


def time_snippet(code: str, *, repeat: int = 7, env: dict[str, str] | None = None) -> float:
    """Median time (s) from launching a fresh interpreter to the moment `code` calls
    `first_frame()` (or to its exit, for code that never calls it); import caches warm."""
    samples = []
    for index in range(repeat + 1):
        environment = {**os.environ, **(env or {}), "KURSROM_BENCH_T0": repr(time.time())}
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-c", FIRST_FRAME + code], check=True, env=environment,
                                capture_output=True, text=True)
        elapsed = float(result.stdout) if result.stdout.strip() else time.perf_counter() - started
        if index:  # the first run warms the file cache and the .pyc files
            samples.append(elapsed)
    return statistics.median(samples)


def in_process(function, repeat: int = 5) -> float:
    """Median wall time (s) of calling `function` in this process."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def bare_app_start(repeat: int = 7) -> float:
    return time_snippet(BARE_APP, repeat=repeat)


def scratch_home() -> dict[str, str]:
    """Keep benchmarks out of the user's own folders."""
    home = Path(tempfile.mkdtemp(prefix="kursrom-bench-"))
    return {"HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config")}


def line(name: str, seconds: float, baseline: float, target: str = "", met: bool | None = None,
         ratio: float | None = None) -> str:
    """One figure: its time, its ratio to the bare app (the two medians', unless a `ratio` measured
    in pairs is given) and, for the issue's figures, the target and whether this run met it."""
    if ratio is None:
        ratio = seconds / baseline if baseline else float("nan")
    extra = f"   target {target}" if target else ""
    return f"{name:<44} {seconds * 1000:9.1f} ms   {ratio:6.2f}x bare{extra}{verdict(met)}"


def verdict(met: bool | None) -> str:
    return "" if met is None else ("   met" if met else "   NOT MET")


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (Linux reports kilobytes)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
