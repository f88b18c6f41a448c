"""Crash scenarios: the installed kursrom in a real terminal, driven by keys and killed with SIGKILL
at a random moment (seeded, so a failure can be replayed), then the database it left is checked.
Used by tests/faults/test_crash_suite.py (a handful of kills) and benchmarks/crashes.py (50+).

After every kill: `PRAGMA integrity_check` is "ok", no foreign key dangles, and everything the test
did up to `WINDOW` seconds before the kill is in the database.

- notes: typing a note. The stored note must be exactly what was typed, up to some point, and that
  point must be no earlier than WINDOW before the kill.
- attendance and agenda: keys in the check-in list (marks, Ctrl+Z) and in the agenda (move, skip,
  insert, next, previous, +1 min). The same keys are then replayed with Pilot on a copy of
  the starting database (the model), each key's effect waited for as the app works now: a letter on
  the live screen runs only once the key guard releases it, and a write lands from a thread. The
  killed app's database must equal the model's after key j, for a j no smaller than the number of
  keys sent WINDOW before the kill.
- export: `kursrom export` killed at a random moment, and once in the middle of writing a file.
  Every file under a final name must be complete; unfinished work may only sit in a hidden
  temporary file.
"""

from __future__ import annotations

import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ptyapp import Terminal, app_env, copy_database, integrity, killed_by_sigkill, kursrom_argv, running_demo

#: Typing or actions older than this (seconds before the kill) must be in the database.
WINDOW = 1.0
COLS, ROWS = 80, 24
WORDS = ("Åse ", "ønsker ", "praksis ", "på ", "lager, ", "Олена ", "хоче ", "працювати ", "فاطمة ",
         "تريد ", "العمل ", "CV-en ", "er ", "klar. ", "Jonas ", "trenger ", "pause ", "hvert ", "kvarter. ",
         "Følg ", "opp ", "med ", "NAV-veileder ", "😊 ", "arbeidsmiljøloven ", "søknad ")


@dataclass
class Outcome:
    """One kill and what the database kept."""

    scenario: str
    seed: int
    kill_at: float = 0.0  # seconds after the first key
    sent: int = 0  # keys (characters, for notes) sent before the kill
    kept: int = 0  # of them, found in the database afterwards
    lost_ms: float = 0.0  # how long before the kill the first lost one was sent (0: nothing lost)
    killed: bool = False
    problems: list[str] = field(default_factory=list)
    detail: dict = field(default_factory=dict)

    @property
    def lost(self) -> int:
        return self.sent - self.kept

    @property
    def ok(self) -> bool:
        return self.killed and not self.problems

    def __str__(self) -> str:
        state = "ok" if self.ok else "FAILED: " + "; ".join(self.problems)
        return (f"{self.scenario} seed {self.seed}: killed {self.kill_at:.2f} s in, kept {self.kept}/{self.sent}, "
                f"lost {self.lost} ({self.lost_ms:.0f} ms) - {state}")


class Template:
    """A demo database with session 1 running, built once and copied for every kill."""

    def __init__(self, folder: Path, catalog) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "template.sqlite"
        if not self.path.exists():
            self.session_id = running_demo(self.path, catalog)
        else:
            self.session_id = _query(self.path, "SELECT id FROM course_session WHERE status = 'running'")[0][0]
        self.catalog = catalog

    def copy(self, target: Path) -> Path:
        copy_database(self.path, target)
        return target


def _query(path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _check_file(db: Path, outcome: Outcome) -> bool:
    verdict, orphans = integrity(db)
    if verdict != "ok":
        outcome.problems.append(f"integrity_check: {verdict}")
    if orphans:
        outcome.problems.append(f"foreign_key_check: {orphans[:3]}")
    return verdict == "ok"


def _start(workdir: Path, db: Path) -> Terminal:
    from kursrom.i18n import _

    home = workdir / "home"
    home.mkdir(parents=True, exist_ok=True)
    term = Terminal(kursrom_argv(db, "demo"), app_env(home, COLS, ROWS), cwd=home, cols=COLS, rows=ROWS)
    try:
        term.wait_seen(_("Agenda"), 30)  # the running session is back on screen
        time.sleep(0.4)
    except BaseException:
        term.kill()
        raise
    return term


def _pace(start: float, until: float, gap: float) -> bool:
    """Sleep `gap`, but not past `until` (seconds after `start`). False once that moment is reached."""
    left = start + until - time.monotonic()
    if left <= 0:
        return False
    time.sleep(min(gap, left))
    return time.monotonic() - start < until


def _kill(term: Terminal, outcome: Outcome, start: float, kill_after: float) -> float:
    delay = start + kill_after - time.monotonic()
    if delay > 0:
        time.sleep(delay)
    status = term.kill()
    killed_at = time.monotonic()
    outcome.kill_at = killed_at - start
    outcome.killed = killed_by_sigkill(status)
    if not outcome.killed:
        outcome.problems.append(f"the app was not killed by SIGKILL (wait status {status})")
    return killed_at


# --------------------------------------------------------------------------------------------------
# Typing notes


def note_text(rng: random.Random, words: int = 120) -> str:
    parts = [rng.choice(WORDS) for _ in range(words)]
    for index in range(8, words, 23):
        parts[index] = parts[index].rstrip() + "\n"
    return "".join(parts)


def notes_kill(workdir: Path, template: Template, seed: int) -> Outcome:
    """Type a note at a typist's pace, with pauses, and kill the app at a random moment in it."""
    from kursrom.store.live import note_writer

    rng = random.Random(seed)
    outcome = Outcome("notes", seed)
    db = template.copy(workdir / "kursrom.sqlite")
    text = note_text(rng)
    kill_after = rng.uniform(0.3, 6.0)
    sent: list[float] = []
    term = _start(workdir, db)
    try:
        term.press("f2")
        time.sleep(0.3)
        start = time.monotonic()
        for char in text:
            sent.append(time.monotonic())
            term.press("enter" if char == "\n" else char)
            gap = rng.uniform(0.6, 1.8) if rng.random() < 0.04 else rng.uniform(0.02, 0.14)
            if not _pace(start, kill_after, gap):
                break
        killed_at = _kill(term, outcome, start, kill_after)
    finally:
        term.kill()
    typed = text[: len(sent)]
    outcome.sent = len(typed)
    if not _check_file(db, outcome):
        return outcome
    rows = _query(db, "SELECT n.text FROM note n JOIN course_session s ON s.id = n.session_id "
                      "WHERE s.id = ? AND n.item_id = s.current_item_id AND n.terminal = ?",
                  (template.session_id, note_writer("live")))
    stored = rows[0][0] if rows else ""
    if not typed.startswith(stored):
        outcome.problems.append(f"the stored note is not what was typed: {stored[-40:]!r}")
        return outcome
    outcome.kept = len(stored)
    if outcome.kept < len(typed):
        outcome.lost_ms = (killed_at - sent[outcome.kept]) * 1000
    due = sum(1 for moment in sent if moment <= killed_at - WINDOW)
    if outcome.kept < due:
        outcome.problems.append(f"{due - outcome.kept} characters typed more than {WINDOW} s before the kill are "
                                f"missing (the first {outcome.lost_ms:.0f} ms before it)")
    return outcome


# --------------------------------------------------------------------------------------------------
# Keys replayed against a model


def attendance_state(db: Path, session_id: int) -> tuple:
    """Every mark and every undo (a correction row naming the mark it takes back), in order."""
    return tuple(_query(db, "SELECT participant_id, status, reason, time IS NOT NULL, undoes FROM attendance_event "
                            "WHERE session_id = ? ORDER BY id", (session_id,)))


def agenda_state(db: Path, session_id: int) -> tuple:
    items = _query(db, "SELECT id, title, position, skipped, planned_minutes, origin FROM agenda_item "
                       "WHERE session_id = ? ORDER BY position, id", (session_id,))
    current = _query(db, "SELECT current_item_id, status FROM course_session WHERE id = ?", (session_id,))
    events = _query(db, "SELECT e.item_id, e.kind, e.seconds FROM timer_event e JOIN agenda_item i "
                        "ON i.id = e.item_id WHERE i.session_id = ? ORDER BY e.id", (session_id,))
    return tuple(items), tuple(current), tuple(events)


async def model_states(template: Template, workdir: Path, opening: list[str], keys: list[str], state) -> list:
    """The database after each key, as the app does it when nothing goes wrong: the same keys
    pressed with Pilot on a copy of the starting database. states[j] is the state after j keys."""
    from kursrom.app import make_app
    from kursrom.core.clock import Clock
    from kursrom.store.db import open_store

    db = template.copy(workdir / "model.sqlite")
    store = open_store(db, Clock())
    try:
        app = make_app(template.catalog, store, clock=Clock())
        async with app.run_test(size=(COLS, ROWS)) as pilot:
            while type(app.screen).__name__ != "LiveSessionScreen":
                await pilot.pause(0.02)
            await pilot.pause()
            for key in opening:
                await pilot.press(key)
                await _released(pilot)
            states = [state(db, template.session_id)]
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
                await _released(pilot)
                states.append(state(db, template.session_id))
            await pilot.press("ctrl+q")
    finally:
        store.close()
    return states


async def _released(pilot) -> None:
    """The live screen holds a letter a quarter second to tell a command from typing
    (`kursrom.core.keyguard`): wait until it has run, and until what it stores is saved (writes
    run in a thread, `kursrom.widgets.writing`), so the state read next is the key's."""
    from kursrom.widgets.writing import settle_writes

    guard = getattr(pilot.app.screen, "guard", None)
    for _ in range(200):
        if guard is None or guard.pending is None:
            break
        await pilot.pause(0.05)
    await pilot.pause()
    while await settle_writes(pilot.app):
        await pilot.pause()  # the callbacks the write queued (a redraw, the next row)
    await pilot.pause()


def _compare(outcome: Outcome, states: list, final: tuple, sent: list[float], killed_at: float) -> None:
    due = sum(1 for moment in sent if moment <= killed_at - WINDOW)
    matches = [j for j, state in enumerate(states) if state == final]
    if not matches:
        outcome.problems.append("the database matches no state the keys lead to")
        return
    outcome.kept = max(matches)
    if outcome.kept < len(sent):
        outcome.lost_ms = (killed_at - sent[outcome.kept]) * 1000
    if outcome.kept < due:
        outcome.problems.append(f"the effect of {due - outcome.kept} keys pressed more than {WINDOW} s before the kill "
                                f"is missing")


def _drive(term: Terminal, rng: random.Random, choices: dict[str, int], kill_after: float, outcome: Outcome,
           waits: dict[str, tuple[str, str]] | None = None) -> tuple[list[str], list[float], float]:
    """Press random keys with random gaps until the kill. `waits`: a key that opens a dialog, the
    text that shows it is open, and the key that answers it."""
    keys, weights = list(choices), list(choices.values())
    pressed: list[str] = []
    sent: list[float] = []
    start = time.monotonic()
    try:
        while True:
            key = rng.choices(keys, weights)[0]
            mark = term.mark()
            sent.append(time.monotonic())
            pressed.append(key)
            term.press(key)
            if waits and key in waits:
                shown, answer = waits[key]
                while not term.seen(shown, mark) and _pace(start, kill_after, 0.02):
                    pass
                if time.monotonic() - start >= kill_after:
                    break
                time.sleep(rng.uniform(0.05, 0.3))
                sent.append(time.monotonic())
                pressed.append(answer)
                term.press(answer)
            # A letter is a command when no other follows within a quarter second (keyguard): a
            # facilitator's pace after one, any pace after an arrow.
            gap = rng.uniform(0.45, 0.7) if _types(key) else rng.uniform(0.04, 0.35)
            if not _pace(start, kill_after, gap):
                break
        killed_at = _kill(term, outcome, start, kill_after)
    finally:
        term.kill()
    outcome.sent = len(pressed)
    return pressed, sent, killed_at


def _types(key: str) -> bool:
    """A key that would type a character (a letter, a digit, +), rather than move."""
    return len(key) == 1 or key in ("plus", "minus", "space")


async def attendance_kill(workdir: Path, template: Template, seed: int) -> Outcome:
    """Mark people present, late and left early in the check-in list, moving up and down it, and
    take the latest mark back now and then (Ctrl+Z)."""
    from kursrom.i18n import _

    rng = random.Random(seed)
    outcome = Outcome("attendance", seed)
    db = template.copy(workdir / "kursrom.sqlite")
    kill_after = rng.uniform(0.5, 5.0)
    term = _start(workdir, db)
    try:
        mark = term.mark()
        term.press("a")
        term.wait_seen(_("Attendance – {theme}").split("{")[0], 10, mark)
        time.sleep(0.3)
    except BaseException:
        term.kill()
        raise
    choices = {"1": 4, "2": 2, "4": 1, "down": 2, "up": 2, "ctrl+z": 1}
    keys, sent, killed_at = _drive(term, rng, choices, kill_after, outcome)
    if not _check_file(db, outcome):
        return outcome
    states = await model_states(template, workdir, ["a"], keys, attendance_state)
    _compare(outcome, states, attendance_state(db, template.session_id), sent, killed_at)
    outcome.detail["marks"] = len(attendance_state(db, template.session_id))
    return outcome


async def agenda_kill(workdir: Path, template: Template, seed: int) -> Outcome:
    """Move, skip, insert and step through agenda items, and adjust the time."""
    from kursrom.i18n import _

    rng = random.Random(seed)
    outcome = Outcome("agenda", seed)
    db = template.copy(workdir / "kursrom.sqlite")
    kill_after = rng.uniform(0.5, 6.0)
    choices = {"down": 3, "up": 2, "shift+down": 3, "shift+up": 2, "s": 1, "n": 2, "p": 1, "i": 1, "plus": 1}
    waits = {"i": (_("Insert an item after the highlighted one"), "enter")}
    term = _start(workdir, db)
    keys, sent, killed_at = _drive(term, rng, choices, kill_after, outcome, waits)
    if not _check_file(db, outcome):
        return outcome
    states = await model_states(template, workdir, [], keys, agenda_state)
    final = agenda_state(db, template.session_id)
    _compare(outcome, states, final, sent, killed_at)
    outcome.detail["changes"] = len({state for state in states[: outcome.kept + 1]}) - 1
    return outcome


# --------------------------------------------------------------------------------------------------
# Exports


def _masked(data: bytes) -> bytes:
    """A file with its numbers hidden: a running session's minutes and the time of the export move."""
    return re.sub(rb"\d+", b"#", data)


def _export_argv(db: Path, session_id: int, out: Path) -> list[str]:
    return kursrom_argv(db, "export", "--session", str(session_id), "--out", str(out))


def export_reference(workdir: Path, template: Template) -> tuple[dict[str, bytes], tuple[float, float]]:
    """A whole export, not killed: the files it writes, and when in its run (seconds after the
    start) the first file appeared and the command ended. Run twice; the second run is timed."""
    db = template.copy(workdir / "reference.sqlite")
    home = workdir / "home"
    home.mkdir(parents=True, exist_ok=True)
    for run in range(2):
        out = workdir / f"reference-{run}"
        began = time.monotonic()
        process = subprocess.Popen(_export_argv(db, template.session_id, out), env=app_env(home), cwd=home,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        first = None
        while process.poll() is None:
            if first is None and out.exists() and any(out.iterdir()):
                first = time.monotonic() - began
            time.sleep(0.002)
        took = time.monotonic() - began
        if process.returncode:
            raise RuntimeError(f"the reference export failed: {process.stderr.read().decode()[-500:]}")
        process.stderr.close()
    return {path.name: path.read_bytes() for path in out.iterdir()}, (first or took, took)


def _check_export(outcome: Outcome, db: Path, out: Path, reference: dict[str, bytes]) -> None:
    _check_file(db, outcome)
    finals = [path for path in out.iterdir() if not path.name.startswith(".")] if out.exists() else []
    hidden = [path for path in out.iterdir() if path.name.startswith(".")] if out.exists() else []
    outcome.sent = len(reference)
    outcome.kept = 0
    for path in finals:
        if path.name not in reference:
            outcome.problems.append(f"an unexpected file {path.name}")
        elif _masked(path.read_bytes()) != _masked(reference[path.name]):
            outcome.problems.append(f"{path.name} is incomplete ({path.stat().st_size} of "
                                    f"{len(reference[path.name])} bytes)")
        else:
            outcome.kept += 1
        if path.stat().st_mode & 0o077:
            outcome.problems.append(f"{path.name} is readable by others")
    outcome.detail.update(complete=outcome.kept, temporary=len(hidden))


def export_kill(workdir: Path, template: Template, seed: int, reference: dict[str, bytes],
                timing: tuple[float, float]) -> Outcome:
    """`kursrom export` killed at a random moment around the writing of its files (within 60 ms of
    the moment its first file appeared in the reference run). Should it finish first (run times
    vary), it runs again with the kill a little earlier."""
    rng = random.Random(seed)
    outcome = Outcome("export", seed)
    home = workdir / "home"
    home.mkdir(parents=True, exist_ok=True)
    first, took = timing
    moment = max(0.05, first + rng.uniform(-0.06, 0.06))
    for attempt in range(4):
        db = template.copy(workdir / "kursrom.sqlite")
        out = workdir / "out"
        shutil.rmtree(out, ignore_errors=True)
        kill_after = moment * 0.9 ** attempt
        process = subprocess.Popen(_export_argv(db, template.session_id, out), env=app_env(home), cwd=home,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        start = time.monotonic()
        try:
            process.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            outcome.killed = process.wait() == -signal.SIGKILL
            outcome.kill_at = time.monotonic() - start
            break
    else:
        outcome.problems.append("the export always finished before the kill")
    outcome.detail["attempts"] = attempt + 1
    _check_export(outcome, db, out, reference)
    return outcome


#: Runs `kursrom export` with os.write cut short: the first write to a file puts down half the bytes,
#: then the process kills itself with SIGKILL, in the middle of writing that file.
HALF_WRITE = """
import os, signal, sys
real_write = os.write
def write(fd, data):
    view = memoryview(data)
    if len(view) > 16 and not os.isatty(fd):
        real_write(fd, view[: len(view) // 2])
        os.kill(os.getpid(), signal.SIGKILL)
    return real_write(fd, data)
os.write = write
from kursrom.cli import main
sys.exit(main(sys.argv[1:]))
"""


def export_half_write_kill(workdir: Path, template: Template, reference: dict[str, bytes]) -> Outcome:
    """`kursrom export` killed with half of its first file written."""
    outcome = Outcome("export mid-write", 0)
    db = template.copy(workdir / "kursrom.sqlite")
    out = workdir / "out"
    home = workdir / "home"
    home.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-c", HALF_WRITE, *_export_argv(db, template.session_id, out)[3:]]
    result = subprocess.run(argv, env=app_env(home), cwd=home, capture_output=True, timeout=60)
    outcome.killed = result.returncode == -signal.SIGKILL
    if not outcome.killed:
        outcome.problems.append(f"the export was not killed mid-write (exit {result.returncode}): "
                                f"{result.stderr.decode()[-300:]}")
    _check_export(outcome, db, out, reference)
    if outcome.killed and not outcome.detail.get("temporary"):
        outcome.problems.append("no half-written temporary file: the kill did not land in a write")
    return outcome


def scratch(folder: Path) -> Path:
    """An empty folder for one kill."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder
