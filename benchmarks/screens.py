"""A 35-person session on five years of courses: from the facilitator's key to the live screen, and
to the summary of a finished session, on screen (the first frame that shows them), against the bare
app's start to its first frame.

The app runs headless in a fresh interpreter with the store already open and the home screen
listed; the clock starts when the screen is asked for (as Enter on a round's session does) and
stops at the frame after the screen has mounted, with whatever it read from the database.

    python benchmarks/run.py screens
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import bare_app_start, line, scratch_home

#: Prints the seconds from asking for the screen to its first frame, then leaves.
OPEN_SCREEN = """
import os, sys, time
from pathlib import Path
from kursrom.i18n import set_language
set_language("nb")
from kursrom.core.catalog import default_folders, load_catalog
from kursrom.app import KursromApp
from kursrom.store.db import open_store

SCREEN, SESSION = {screen!r}, {session}

class Timed(KursromApp):
    def on_home_screen_rounds_listed(self, message):
        if self.store is not None and not hasattr(self, "asked"):
            self.asked = True
            self.call_after_refresh(self.ask)

    def ask(self):
        self.started = time.perf_counter()
        (self.open_session if SCREEN == "LiveSessionScreen" else self.open_summary)(SESSION)
        self.set_interval(0.001, self.check)

    def check(self):
        if type(self.screen).__name__ == SCREEN and self.screen.is_mounted and not hasattr(self, "seen"):
            self.seen = True
            self.call_after_refresh(self.done)

    def done(self):
        print(time.perf_counter() - self.started, flush=True)
        os._exit(0)

Timed(catalog=load_catalog(default_folders()), store=open_store(Path({db!r}))).run(headless=True, size=(100, 30))
"""


def sessions(path: Path) -> tuple[int, int, int]:
    """A planned session of a running round and a finished session of the same round, with the
    number of people enrolled in it."""
    conn = sqlite3.connect(path)
    try:
        round_id, planned = conn.execute(
            "SELECT s.round_id, MIN(s.id) FROM course_session s WHERE s.status = 'planned' AND EXISTS "
            "(SELECT 1 FROM course_session d WHERE d.round_id = s.round_id AND d.status IN ('done', 'exported')) "
            "GROUP BY s.round_id ORDER BY s.round_id LIMIT 1").fetchone()
        done = conn.execute("SELECT MAX(id) FROM course_session WHERE round_id = ? AND status IN ('done', 'exported')",
                            (round_id,)).fetchone()[0]
        people = conn.execute("SELECT COUNT(*) FROM enrolment WHERE round_id = ? AND removed_at IS NULL",
                              (round_id,)).fetchone()[0]
    finally:
        conn.close()
    return planned, done, people


def time_screen(db: Path, screen: str, session: int, env: dict[str, str], repeat: int) -> float:
    samples = []
    code = OPEN_SCREEN.format(screen=screen, session=session, db=str(db))
    for index in range(repeat + 1):
        ran = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                             env={**os.environ, **env}, timeout=120)
        if index:
            samples.append(float(ran.stdout.split()[-1]))
    return statistics.median(samples)


def main(repeat: int = 5) -> list[str]:
    from large_db import large_database

    source, _info, _cached = large_database()
    scratch = Path(tempfile.mkdtemp(prefix="kursrom-bench-screens-"))
    db = scratch / "kursrom.sqlite"
    shutil.copyfile(source, db)  # the live screen may write (a resumed session): keep the cache as built
    planned, done, people = sessions(db)
    env = scratch_home()
    bare = bare_app_start(repeat)
    live = time_screen(db, "LiveSessionScreen", planned, env, repeat)
    summary = time_screen(db, "SummaryScreen", done, env, repeat)
    shutil.rmtree(scratch, ignore_errors=True)
    return [
        line("bare Textual app: start to first frame", bare, bare),
        line(f"live screen of a {people}-person session opens", live, bare, "<= 1.5x", live / bare <= 1.5),
        line(f"summary of a finished {people}-person session", summary, bare, "<= 1.5x", summary / bare <= 1.5),
    ]


if __name__ == "__main__":
    print("\n".join(main()))
