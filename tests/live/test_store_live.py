"""The live session in the database: agenda control, timer events, attendance events, notes and
resume, without a terminal."""

from __future__ import annotations

import re
import sqlite3
from datetime import timedelta

import pytest
from sqlmodel import select

from kursrom.core.autosave import Autosaver, SaveFailed
from kursrom.store.errors import StoreError, StoreErrorKind
from kursrom.core.timing import RunAnchor
from kursrom.i18n import _
from kursrom.store import live
from kursrom.store.models import AgendaItem, AttendanceEvent, CourseSession, NoteTag, TimerEvent


def titles(store, session_id):
    return [i.title for i in live.load(store, session_id).items]


def test_start_runs_the_first_item_and_sets_the_session_running(demo_store, session_id, clock):
    assert live.running_session(demo_store) is None
    live.start_session(demo_store, session_id)
    snapshot = live.load(demo_store, session_id)
    assert snapshot.session.status == "running"
    assert snapshot.session.started_at == clock.now()
    assert snapshot.current.id == snapshot.items[0].id
    assert [e.kind for e in snapshot.events[snapshot.items[0].id]] == ["start"]
    assert live.running_session(demo_store).id == session_id
    assert live.current_item_id(demo_store, session_id) == ("running", snapshot.items[0].id)


def test_only_one_session_runs_at_a_time(demo_store, session_id):
    live.start_session(demo_store, session_id)
    with pytest.raises(live.LiveError, match=re.escape(_("Another session ({title}) is still running; end it first.")
                                                       .split("(")[0])):
        live.start_session(demo_store, session_id + 1)


def test_next_previous_and_jump_keep_every_span(demo_store, session_id, clock):
    live.start_session(demo_store, session_id)
    first, second, third = live.load(demo_store, session_id).items[:3]
    clock.advance(minutes=17)
    assert live.next_item(demo_store, session_id) == second.id
    clock.advance(minutes=4)
    assert live.previous_item(demo_store, session_id) == first.id
    clock.advance(minutes=1)
    live.go_to(demo_store, session_id, third.id)
    clock.advance(minutes=2)
    snapshot = live.load(demo_store, session_id)
    timing = snapshot.timing(clock.now())
    assert timing.times[first.id].elapsed == 18 * 60
    assert timing.times[second.id].elapsed == 4 * 60
    assert timing.times[third.id].elapsed == 2 * 60 and timing.times[third.id].running
    # "next" finished the first item; going back and jumping ahead pause, they never finish.
    assert [e.kind for e in snapshot.events[first.id]] == ["start", "finish", "resume", "pause"]
    assert [e.kind for e in snapshot.events[second.id]] == ["start", "pause"]
    assert snapshot.session.current_item_id == third.id


def test_pause_resume_and_adjust(demo_store, session_id, clock):
    live.start_session(demo_store, session_id)
    item = live.load(demo_store, session_id).current
    clock.advance(minutes=5)
    assert live.toggle_timer(demo_store, item.id) == "pause"
    clock.advance(minutes=10)
    assert live.toggle_timer(demo_store, item.id) == "resume"
    live.adjust(demo_store, item.id, 60)
    live.adjust(demo_store, item.id, -120)
    clock.advance(minutes=1)
    time = live.load(demo_store, session_id).timing(clock.now()).times[item.id]
    assert time.elapsed == 6 * 60
    assert time.planned == (item.planned_minutes - 1) * 60
    assert live.load(demo_store, session_id).item(item.id).planned_minutes == item.planned_minutes


def test_skip_move_and_insert_are_stored(demo_store, session_id, clock):
    live.start_session(demo_store, session_id)
    items = live.load(demo_store, session_id).items
    # Skipping the item on screen moves on; its few seconds are kept.
    clock.advance(seconds=30)
    current = live.set_skipped(demo_store, session_id, items[0].id, True)
    assert current == items[1].id
    snapshot = live.load(demo_store, session_id)
    assert snapshot.item(items[0].id).skipped
    assert snapshot.timing(clock.now()).times[items[0].id].elapsed == 30
    # A later item can be skipped and taken back.
    live.set_skipped(demo_store, session_id, items[4].id, True)
    live.set_skipped(demo_store, session_id, items[4].id, False)
    assert not live.load(demo_store, session_id).item(items[4].id).skipped
    # Move the animal exercise down one place.
    assert live.move(demo_store, session_id, items[2].id, +1)
    order = [i.id for i in live.load(demo_store, session_id).items]
    assert order.index(items[2].id) == 3 and order.index(items[3].id) == 2
    assert not live.move(demo_store, session_id, order[0], -1), "the first item cannot go up"
    # An extra break after the current item, marked as added.
    added = live.insert_item(demo_store, session_id, items[1].id, "Ekstra pause", 5, kind="break")
    snapshot = live.load(demo_store, session_id)
    assert [i.id for i in snapshot.items].index(added.id) == 2
    assert snapshot.item(added.id).origin == "added" and snapshot.item(added.id).planned_minutes == 5
    assert [i.position for i in snapshot.items] == list(range(len(snapshot.items)))
    with pytest.raises(live.LiveError):
        live.insert_item(demo_store, session_id, None, "Null", 0)


def test_an_item_that_ran_cannot_be_skipped_afterwards(demo_store, session_id, clock):
    live.start_session(demo_store, session_id)
    first = live.load(demo_store, session_id).items[0]
    clock.advance(minutes=1)
    live.next_item(demo_store, session_id)
    with pytest.raises(live.LiveError, match=_("An item that has already run cannot be skipped.")):
        live.set_skipped(demo_store, session_id, first.id, True)


def test_end_finishes_the_current_item(demo_store, session_id, clock):
    live.start_session(demo_store, session_id)
    clock.advance(minutes=3)
    live.end_session(demo_store, session_id)
    snapshot = live.load(demo_store, session_id)
    assert snapshot.session.status == "done" and snapshot.session.ended_at == clock.now()
    assert snapshot.events[snapshot.items[0].id][-1].kind == "finish"
    assert live.running_session(demo_store) is None
    with pytest.raises(live.LiveError, match=_("The session is not running.")):
        live.next_item(demo_store, session_id)


def test_timers_are_exact_after_reopening_the_database(demo_store, session_id, clock, db_path):
    """A restart: a new process, a new store and a new anchor know only the stored events."""
    from kursrom.store.db import open_store

    anchor = RunAnchor(clock)
    live.start_session(demo_store, session_id, anchor.now())
    item = live.load(demo_store, session_id).current
    clock.advance(seconds=400.25)
    live.toggle_timer(demo_store, item.id, anchor.now())
    clock.advance(seconds=30)
    live.toggle_timer(demo_store, item.id, anchor.now())
    clock.advance(seconds=1000.5)
    before = live.load(demo_store, session_id).timing(anchor.now()).times[item.id]
    demo_store.close()
    reopened = open_store(db_path, clock)
    try:
        after = live.load(reopened, session_id).timing(RunAnchor(clock).now()).times[item.id]
    finally:
        reopened.close()
    assert after.elapsed == before.elapsed == pytest.approx(1400.75)
    assert after.running


def test_attendance_is_a_list_of_events_with_the_terminal(demo_store, session_id, clock):
    people = live.load(demo_store, session_id).participants
    jonas = people[1]
    live.mark(demo_store, session_id, jonas.id, "absent", reason="syk")
    clock.advance(minutes=12)
    live.mark(demo_store, session_id, jonas.id, "late")  # he came after all: a correction
    live.mark(demo_store, session_id, people[0].id, "present")
    clock.advance(minutes=60)
    live.mark(demo_store, session_id, people[0].id, "left_early")
    now = live.attendance_now(demo_store, session_id)
    assert now[jonas.id].status == "late" and now[jonas.id].time == clock.now() - timedelta(minutes=60)
    assert now[people[0].id].status == "left_early" and now[people[0].id].time == clock.now()
    history = live.attendance_history(demo_store, session_id, jonas.id)
    assert [(e.status, e.reason) for e in history] == [("absent", "syk"), ("late", "")]
    assert all(e.terminal == demo_store.terminal and e.terminal for e in history)
    snapshot = live.load(demo_store, session_id)
    assert [p.id for p in snapshot.present] == [jonas.id], "left early is no longer in the room"
    with demo_store.read() as db:
        assert len(list(db.exec(select(AttendanceEvent)))) == 4, "nothing is ever overwritten"


def test_a_note_is_saved_whole_with_its_tags_and_flags(demo_store, session_id):
    snapshot = live.load(demo_store, session_id)
    people = snapshot.participants
    item = snapshot.items[0]
    writer = live.note_writer("live")
    text = f"@{people[0].name} sa noe fint. @{people[3].name} trenger tolk."
    note = live.save_note(demo_store, session_id, item.id, writer, text, follow_up=True, participants=people)
    assert live.tags_of(demo_store, note.id) == {people[0].id, people[3].id}
    again = live.save_note(demo_store, session_id, item.id, writer, f"@{people[3].name} trenger tolk.",
                           quote=True, participants=people)
    assert again.id == note.id, "one note per item per writer"
    assert live.tags_of(demo_store, note.id) == {people[3].id}
    stored = live.note_of(demo_store, session_id, item.id, writer)
    assert stored.quote and not stored.follow_up
    other = live.save_note(demo_store, session_id, item.id, live.note_writer("notes"), "fra medveileder")
    assert other.id != note.id
    assert [n.text for n in live.notes_of(demo_store, session_id)] == [stored.text, "fra medveileder"]


def test_tags_need_the_whole_name():
    from types import SimpleNamespace as P

    people = [P(id=1, name="Ann"), P(id=2, name="Ann Li"), P(id=3, name="Олена Коваленко")]
    assert live.tagged("@Ann Li kom", people) == {2}
    assert live.tagged("@Ann og @Ann Li", people) == {1, 2}
    assert live.tagged("@Annette", people) == set()
    assert live.tagged("hei @Олена Коваленко!", people) == {3}


def test_the_autosaver_writes_through_the_store_and_a_lock_becomes_a_retry(demo_store, session_id, db_path,
                                                                           clock, monkeypatch):
    """Another process holds the write lock longer than we wait: the save fails with a sentence,
    the text stays, and the retry after the lock is gone stores it."""
    from kursrom.store import db as dbmod

    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 100)
    monkeypatch.setattr(dbmod, "PRAGMAS", tuple(p if "busy_timeout" not in p else "PRAGMA busy_timeout=100"
                                                for p in dbmod.PRAGMAS))
    impatient = dbmod.open_store(db_path, clock)
    try:
        snapshot = live.load(impatient, session_id)
        item = snapshot.items[0]
        saver = Autosaver(live.note_saver(impatient, session_id, "live@test", snapshot.participants),
                          monotonic=clock.monotonic)
        saver.edit(item.id, text="Viktig: Yusuf vil prøve butikk.")
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        [failed] = saver.flush()
        assert not failed.ok and failed.error == str(StoreError(StoreErrorKind.BUSY, impatient.path))
        assert saver.failing and saver.get(item.id).text == "Viktig: Yusuf vil prøve butikk."
        other.execute("COMMIT")
        other.close()
        clock.advance(saver.retry)
        [saved] = saver.save_due()
        assert saved.ok
        assert live.note_of(impatient, session_id, item.id, "live@test").text == "Viktig: Yusuf vil prøve butikk."
    finally:
        impatient.close()


def test_note_saver_turns_database_errors_into_save_failed(demo_store, session_id):
    from kursrom.core.autosave import Snapshot

    write = live.note_saver(demo_store, session_id, "live@test", [])
    with pytest.raises(SaveFailed):
        write(Snapshot(424242, "til et punkt som ikke finnes", False, False, 1))  # a foreign key fails


def test_the_timer_table_and_session_row_hold_what_resume_needs(demo_store, session_id, clock):
    live.start_session(demo_store, session_id)
    clock.advance(minutes=16)
    target = live.next_item(demo_store, session_id)
    with demo_store.read() as db:
        session = db.get(CourseSession, session_id)
        kinds = [e.kind for e in db.exec(select(TimerEvent).order_by(TimerEvent.id))]
        assert db.get(AgendaItem, target).session_id == session_id
        assert not list(db.exec(select(NoteTag)))
    assert session.status == "running" and session.current_item_id == target
    assert kinds == ["start", "finish", "start"]
