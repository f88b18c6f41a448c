"""Two real processes on one database for a minute: the facilitator's app (`kursrom --db PATH demo`,
back in the running session) and the co-facilitator's `kursrom --db PATH notes`, each in its own
80x24 pseudo-terminal, both typing notes all along. Every ~7 s the facilitator leaves the notes,
moves on to the next agenda item, marks one person in the check-in list and types on; the notes
window follows (the co-facilitator waits until it shows the new item, as a person would).

A third connection reads the database every 20 ms, as a watcher. Printed, figures only:
- writes per side: note saves seen by the watcher (a lower bound: two saves within 20 ms count
  once), and the facilitator's agenda moves and attendance marks;
- lost writes: characters typed that are not in the database after both apps quit normally, and
  marks made that are not stored;
- lock errors: any "locked" or "not saved" warning either terminal drew;
- typed → on disk: from a key to the watcher seeing it stored (this includes the autosaver's
  deliberate pause of up to 0.6 s; a save waiting on the other process's lock shows here).

    python benchmarks/two_writers.py [SECONDS]
    python benchmarks/run.py crashes       (runs this minute too)
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "faults"))

SECONDS = 60
MOVE_EVERY = 7.0
CHAR_GAP = (0.06, 0.16)
WORDS = ("Åse ", "ønsker ", "lager ", "Олена ", "хоче ", "فاطمة ", "praksis, ", "CV. ", "nettverk ", "intervju ")


class Watcher(threading.Thread):
    """Reads every note of both writers every 20 ms and keeps each change, with its time."""

    def __init__(self, path: Path, session_id: int) -> None:
        super().__init__(daemon=True)
        self.path, self.session_id = path, session_id
        self.changes: dict[tuple[str, int], list[tuple[float, str]]] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            while not self.stop.is_set():
                now = time.monotonic()
                for writer, item, text in conn.execute(
                        "SELECT terminal, item_id, text FROM note WHERE session_id = ?", (self.session_id,)):
                    seen = self.changes.setdefault((writer, item), [])
                    if not seen or seen[-1][1] != text:
                        seen.append((now, text))
                time.sleep(0.02)
        finally:
            conn.close()


class Side:
    """One terminal and what was typed into it: per item, the text and each key's moment."""

    def __init__(self, name: str, term, writer: str, rng: random.Random) -> None:
        self.name, self.term, self.writer, self.rng = name, term, writer, rng
        self.typed: dict[int, str] = {}
        self.moments: dict[int, list[float]] = {}
        self.pending = ""
        self.next_at = 0.0

    def type_one(self, item: int) -> None:
        if not self.pending:
            self.pending = self.rng.choice(WORDS)
        char, self.pending = self.pending[0], self.pending[1:]
        self.moments.setdefault(item, []).append(time.monotonic())
        self.typed[item] = self.typed.get(item, "") + char
        self.term.press(char)
        self.next_at = time.monotonic() + self.rng.uniform(*CHAR_GAP)


def _current(path: Path, session_id: int) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    try:
        return conn.execute("SELECT current_item_id FROM course_session WHERE id = ?", (session_id,)).fetchone()[0]
    finally:
        conn.close()


def run(seconds: float = SECONDS) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="kursrom-two-writers-"))
    try:
        return _run(folder, seconds)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run(folder: Path, seconds: float) -> dict:
    from ptyapp import Terminal, app_env, kursrom_argv, running_demo, wait_for

    from kursrom.core.catalog import load_catalog
    from kursrom.i18n import _, set_language
    from kursrom.paths import builtin_exercises_dir
    from kursrom.store.live import note_writer

    set_language("nb")
    path = folder / "shared.sqlite"
    session_id = running_demo(path, load_catalog([builtin_exercises_dir()]))
    titles = dict(sqlite3.connect(path).execute("SELECT id, title FROM agenda_item WHERE session_id = ?",
                                                (session_id,)).fetchall())
    home = folder / "home"
    home.mkdir()
    env = app_env(home)
    facilitator = Terminal(kursrom_argv(path, "demo"), env, cwd=home)
    notes = Terminal(kursrom_argv(path, "notes"), env, cwd=home)
    watcher = Watcher(path, session_id)
    rng = random.Random(60)
    marks = moves = 0
    try:
        facilitator.wait_seen(_("Agenda"), 30)
        current = _current(path, session_id)
        notes.wait_seen(titles[current], 30)
        time.sleep(0.5)
        facilitator.press("f2")
        time.sleep(0.3)
        watcher.start()
        sides = [Side("facilitator", facilitator, note_writer("live"), rng),
                 Side("notes", notes, note_writer("notes"), rng)]
        began = time.monotonic()
        next_move = began + MOVE_EVERY
        while time.monotonic() - began < seconds:
            now = time.monotonic()
            if now >= next_move and current != max(titles):
                facilitator.press("escape")  # out of the notes, onto the agenda
                time.sleep(0.3)
                mark = notes.mark()
                facilitator.press("n")
                before = current
                wait_for(lambda before=before: _current(path, session_id) != before, 10, "the next item")
                current = _current(path, session_id)
                moves += 1
                seen = facilitator.mark()
                facilitator.press("a")
                facilitator.wait_seen(_("Attendance – {theme}").split("{")[0], 10, seen)
                time.sleep(0.2)
                facilitator.press("1")
                marks += 1
                time.sleep(0.2)
                facilitator.press("escape")
                time.sleep(0.3)
                facilitator.press("f2")
                notes.wait_seen(titles[current], 10, mark)  # the notes window follows
                time.sleep(0.2)
                next_move = time.monotonic() + MOVE_EVERY
                continue
            side = min(sides, key=lambda s: s.next_at)
            if side.next_at > now:
                time.sleep(min(side.next_at - now, 0.01))
                continue
            side.type_one(current)
        typing_ended = time.monotonic()
        for term in (facilitator, notes):
            term.press("ctrl+q")
        for term in (facilitator, notes):
            wait_for(lambda t=term: not t.alive(), 20, "the app to quit")
        time.sleep(0.2)
    finally:
        watcher.stop.set()
        facilitator.kill()
        notes.kill()
    watcher.join(timeout=2)

    return _results(path, session_id, sides, watcher, began, typing_ended, moves, marks)


def _results(path: Path, session_id: int, sides: list[Side], watcher: Watcher, began: float, typing_ended: float,
             moves: int, marks: int) -> dict:
    from kursrom.i18n import _

    conn = sqlite3.connect(path)
    stored = {(writer, item): text for writer, item, text in conn.execute(
        "SELECT terminal, item_id, text FROM note WHERE session_id = ?", (session_id,))}
    stored_marks = conn.execute("SELECT count(*) FROM attendance_event WHERE session_id = ?",
                                (session_id,)).fetchone()[0]
    verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
    conn.close()

    result = {"seconds": typing_ended - began, "moves": moves, "marks": marks, "stored_marks": stored_marks,
              "integrity": verdict, "sides": {}}
    for side in sides:
        typed = sum(len(text) for text in side.typed.values())
        lost = 0
        latencies: list[float] = []
        for item, text in side.typed.items():
            kept = stored.get((side.writer, item), "")
            lost += len(text) - len(kept) if text.startswith(kept) else len(text)
            changes = watcher.changes.get((side.writer, item), [])
            for index, moment in enumerate(side.moments[item]):
                seen = next((t for t, s in changes if len(s) > index and s[: index + 1] == text[: index + 1]), None)
                if seen is not None:
                    latencies.append(seen - moment)
        output = side.term.output.decode("utf-8", "replace")
        warnings = sum(output.count(word) for word in ("locked", _("NOT SAVED, retrying"),
                                                       _("The change could not be saved: {error}").split("{")[0],
                                                       _("Attendance could not be saved: {error}").split("{")[0]))
        saves = sum(len(changes) for (writer, _item), changes in watcher.changes.items() if writer == side.writer)
        result["sides"][side.name] = {
            "typed": typed, "lost": lost, "saves": saves, "warnings": warnings,
            "latency_median": statistics.median(latencies) if latencies else float("nan"),
            "latency_p99": sorted(latencies)[int(len(latencies) * 0.99)] if latencies else float("nan"),
            "latency_max": max(latencies) if latencies else float("nan"),
            "unseen": typed - len(latencies),
        }
    return result


def lines(result: dict) -> list[str]:
    out = [f"two writers for {result['seconds']:.0f} s: the facilitator's app and `kursrom notes`, both typing "
           f"(integrity_check: {result['integrity']})"]
    for name, side in result["sides"].items():
        extra = ""
        if name == "facilitator":
            extra = f", {result['moves']} agenda moves, {result['marks']} attendance marks"
        out.append(f"  {name:<12} writes: {side['saves']} note saves{extra}; typed {side['typed']} characters")
    lost = sum(side["lost"] for side in result["sides"].values())
    out.append(f"  lost writes: {lost} characters, {result['marks'] - result['stored_marks']} attendance marks")
    out.append(f"  lock errors shown: {sum(side['warnings'] for side in result['sides'].values())}")
    for name, side in result["sides"].items():
        out.append(f"  {name:<12} typed -> on disk: median {side['latency_median'] * 1000:.0f} ms, "
                   f"p99 {side['latency_p99'] * 1000:.0f} ms, worst {side['latency_max'] * 1000:.0f} ms")
    return out


def main(seconds: float = SECONDS) -> list[str]:
    return lines(run(seconds))


if __name__ == "__main__":
    for text in main(float(sys.argv[1]) if len(sys.argv) > 1 else SECONDS):
        print(text)
