"""The autosave state machine, without a terminal or a database: when a draft is due, what a failed
save does, and that saves never overtake each other."""

from __future__ import annotations

import sqlite3
import threading
import time

from kursrom.core.autosave import Autosaver, SaveFailed, Snapshot
from kursrom.core.clock import FakeClock


class Disk:
    """A stand-in for the database: records writes, fails while told to."""

    def __init__(self) -> None:
        self.rows: dict[object, Snapshot] = {}
        self.writes: list[Snapshot] = []
        self.failure: BaseException | None = None

    def write(self, snapshot: Snapshot) -> None:
        if self.failure is not None:
            raise self.failure
        self.writes.append(snapshot)
        self.rows[snapshot.key] = snapshot


def make(clock: FakeClock, disk: Disk) -> Autosaver:
    return Autosaver(disk.write, monotonic=clock.monotonic, idle=0.4, max_wait=1.0, retry=3.0)


def test_a_pause_in_typing_saves_and_nothing_is_due_before():
    clock, disk = FakeClock(), Disk()
    saver = make(clock, disk)
    saver.load(1, "")
    saver.edit(1, text="H")
    clock.advance(0.2)
    saver.edit(1, text="He")
    assert saver.due() == []
    clock.advance(0.39)
    assert saver.due() == []
    clock.advance(0.02)
    assert saver.due() == [1]
    assert saver.next_due_in() == 0
    [result] = saver.save_due()
    assert result.ok and disk.rows[1].text == "He"
    assert not saver.dirty and saver.due() == []
    assert saver.next_due_in() is None


def test_steady_typing_is_saved_at_least_every_second():
    clock, disk = FakeClock(), Disk()
    saver = make(clock, disk)
    text = ""
    saved_at = []
    for index in range(60):  # 6 seconds of typing, a key every 0.1 s, never pausing
        text += "x"
        saver.edit(1, text=text)
        clock.advance(0.1)
        if saver.save_due():
            saved_at.append(index)
            assert disk.rows[1].text == text
    gaps = [b - a for a, b in zip(saved_at, saved_at[1:])]
    assert saved_at and max(gaps) <= 10, "never more than a second of typing unsaved"


def test_a_failed_save_keeps_the_text_says_why_and_retries_until_it_succeeds():
    clock, disk = FakeClock(), Disk()
    saver = make(clock, disk)
    saver.edit(1, text="Åse vil bli elektriker")
    clock.advance(0.5)
    disk.failure = sqlite3.OperationalError("database is locked")
    [result] = saver.save_due()
    assert not result.ok and result.error == "database is locked"
    assert saver.failing and saver.dirty
    assert saver.get(1).text == "Åse vil bli elektriker"
    assert saver.last_error() == "database is locked"
    clock.advance(2.9)
    assert saver.due() == [], "no retry before the retry interval"
    clock.advance(0.2)
    disk.failure = SaveFailed("disk full")
    assert not saver.save_due()[0].ok
    saver.edit(1, text="Åse vil bli elektriker.")  # typing goes on meanwhile
    clock.advance(3.1)
    disk.failure = None
    [result] = saver.save_due()
    assert result.ok
    assert disk.rows[1].text == "Åse vil bli elektriker."
    assert not saver.failing and not saver.dirty
    assert [message for _key, message in saver.failures] == ["database is locked", "disk full"]


def test_an_os_error_is_retried_too():
    clock, disk = FakeClock(), Disk()
    saver = make(clock, disk)
    saver.edit("x", text="notat")
    disk.failure = OSError(28, "No space left on device")
    assert not saver.flush()[0].ok
    disk.failure = None
    assert saver.flush()[0].ok and disk.rows["x"].text == "notat"


def test_flush_saves_at_once_and_flags_are_saved_with_the_text():
    clock, disk = FakeClock(), Disk()
    saver = make(clock, disk)
    saver.edit(1, text="sitat")
    saver.edit(1, quote=True)
    saver.edit(2, follow_up=True)
    results = saver.flush()
    assert {r.key for r in results} == {1, 2}
    assert disk.rows[1].quote and not disk.rows[1].follow_up
    assert disk.rows[2].follow_up and disk.rows[2].text == ""


def test_loading_keeps_an_unsaved_draft():
    clock, disk = FakeClock(), Disk()
    saver = make(clock, disk)
    saver.edit(1, text="ulagret")
    assert saver.load(1, "fra databasen").text == "ulagret"
    saver.flush()
    assert saver.load(1, "fra databasen").text == "fra databasen"


def test_edits_during_a_slow_save_are_not_lost_and_an_old_save_never_wins():
    """A save blocks (the other process holds the lock); meanwhile the user types and a second save
    starts. The second waits its turn and writes the newest text; the disk ends with the newest."""
    clock, disk = FakeClock(), Disk()
    gate = threading.Event()
    entered = threading.Event()

    def slow_write(snapshot: Snapshot) -> None:
        if snapshot.text == "first":
            entered.set()
            gate.wait(5)
        disk.write(snapshot)

    saver = Autosaver(slow_write, monotonic=clock.monotonic)
    saver.edit(1, text="first")
    one = threading.Thread(target=saver.flush)
    one.start()
    assert entered.wait(5)
    saver.edit(1, text="first and second")
    two = threading.Thread(target=saver.flush)
    two.start()
    time.sleep(0.05)
    assert [w.text for w in disk.writes] == [], "the second save waits for the first"
    gate.set()
    one.join(5)
    two.join(5)
    assert [w.text for w in disk.writes][-1] == "first and second"
    assert disk.rows[1].text == "first and second"
    assert not saver.dirty
