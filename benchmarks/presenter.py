"""How fast the room's view follows the facilitator: `kursrom --db PATH present` runs in its own 80x24
pseudo-terminal on the demo database with session 1 running, while this process moves the session
to the next agenda item through the store, as the live screen does. Each move is timed from its
commit to the moment the presenter has drawn the new item's title (the terminal is read every
20 ms, so a figure may be up to 20 ms late). Moves come at uneven gaps, so they fall anywhere in
the presenter's half-second poll. Target: within one second.

    python benchmarks/presenter.py [MOVES]
    python benchmarks/run.py presenter
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "faults"))

from common import bare_app_start, line

MOVES = 12
TARGET = 1.0


def follow_latencies(moves: int = MOVES) -> list[float]:
    folder = Path(tempfile.mkdtemp(prefix="kursrom-bench-presenter-"))
    try:
        return _run(folder, moves)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run(folder: Path, moves: int) -> list[float]:
    from ptyapp import Terminal, app_env, kursrom_argv, running_demo, wait_for

    from kursrom.core.catalog import load_catalog
    from kursrom.core.clock import Clock
    from kursrom.paths import builtin_exercises_dir
    from kursrom.store import live
    from kursrom.store.db import open_store

    path = folder / "shared.sqlite"
    session_id = running_demo(path, load_catalog([builtin_exercises_dir()]))
    items = sqlite3.connect(path).execute(
        "SELECT id, title FROM agenda_item WHERE session_id = ? ORDER BY position", (session_id,)).fetchall()
    home = folder / "home"
    home.mkdir()
    presenter = Terminal(kursrom_argv(path, "present"), app_env(home), cwd=home)
    store = open_store(path, Clock())
    rng = random.Random(19)
    latencies = []
    try:
        presenter.wait_seen(items[0][1], 30)
        for move in range(moves):
            item_id, title = items[(move + 1) % len(items)]
            time.sleep(rng.uniform(0.3, 1.1))
            mark = presenter.mark()
            live.go_to(store, session_id, item_id)
            committed = time.monotonic()
            wait_for(lambda t=title, m=mark: presenter.seen(t, m), 10, f"{title!r} on the presenter")
            latencies.append(time.monotonic() - committed)
    finally:
        store.close()
        presenter.kill()
    return latencies


def main(moves: int = MOVES) -> list[str]:
    from kursrom.i18n import set_language

    set_language("nb")
    bare = bare_app_start()
    latencies = follow_latencies(moves)
    median, worst = statistics.median(latencies), max(latencies)
    return [
        f"`kursrom present` in a second process, {len(latencies)} agenda moves (poll every 0.5 s):",
        line("presenter follows a move, median", median, bare, f"< {TARGET * 1000:.0f} ms"),
        line("presenter follows a move, worst", worst, bare, f"< {TARGET * 1000:.0f} ms"),
        f"  within one second: {sum(1 for s in latencies if s <= TARGET)}/{len(latencies)} moves",
    ]


if __name__ == "__main__":
    for text in main(int(sys.argv[1]) if len(sys.argv) > 1 else MOVES):
        print(text)
