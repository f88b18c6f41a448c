"""Undo in the database, without a terminal: every change to a session's record (start, next, go to,
previous, skip, +/- minutes, timer, move, insert, end, reopen, attendance marks) can be taken back,
as a correction stored beside it, so the audit trail keeps both. And moving around is not
finishing: p and j pause, n finishes, a jump over items skips them or leaves them for later."""

from __future__ import annotations

from sqlmodel import select

from kursrom.i18n import _
from kursrom.store import live
from kursrom.store.journal import journal_of, undo_last
from kursrom.store.models import AgendaItem, AttendanceEvent, Note, TimerEvent


def kinds(store, session_id, item_id) -> list[str]:
    return [e.kind for e in live.load(store, session_id).events[item_id]]


def times(store, session_id, clock):
    return live.load(store, session_id).timing(clock.now()).times


def journal(store, session_id) -> list[tuple[str, int | None]]:
    entries = journal_of(store, session_id)
    ids = {entry.id: index for index, entry in enumerate(entries)}
    return [(entry.kind, ids.get(entry.undoes_id)) for entry in entries]


def test_undoing_next_is_as_if_it_was_never_pressed(demo_store, session_id, clock):
    live.start_session(demo_store, session_id)
    first, second = live.load(demo_store, session_id).items[:2]
    clock.advance(minutes=10)
    live.next_item(demo_store, session_id)
    clock.advance(minutes=1)
    undone = undo_last(demo_store, session_id)
    assert (undone.kind, undone.label) == ("next", second.title)
    assert undone.sentence() == _("Undone: {what}.").format(what=f"{_('next item')} ({second.title})")
    snapshot = live.load(demo_store, session_id)
    assert snapshot.session.current_item_id == first.id
    now = times(demo_store, session_id, clock)
    assert now[first.id].running and now[first.id].elapsed == 11 * 60, "the group never left the first item"
    assert not now[second.id].started
    # Both the change and its undoing are kept: the events, and the journal.
    assert kinds(demo_store, session_id, first.id) == ["start", "finish", "undo"]
    assert kinds(demo_store, session_id, second.id) == ["start", "undo"]
    assert journal(demo_store, session_id) == [("start", None), ("next", None), ("undo", 1)]


def test_undo_takes_back_extend_timer_skip_move_and_insert(demo_store, session_id, clock):
    live.start_session(demo_store, session_id)
    items = live.load(demo_store, session_id).items
    first = items[0]
    clock.advance(minutes=2)
    live.adjust_current(demo_store, session_id, 300)
    assert undo_last(demo_store, session_id).kind == "adjust"
    assert times(demo_store, session_id, clock)[first.id].adjusted == 0

    live.toggle_current_timer(demo_store, session_id)  # a pause, by mistake
    clock.advance(minutes=3)
    assert undo_last(demo_store, session_id).kind == "timer"
    assert times(demo_store, session_id, clock)[first.id].elapsed == 5 * 60, "as if never paused"

    live.toggle_skipped(demo_store, session_id, items[3].id)
    assert undo_last(demo_store, session_id).kind == "skip"
    assert not live.load(demo_store, session_id).item(items[3].id).skipped

    order = [item.id for item in items]
    live.move(demo_store, session_id, items[2].id, +1)
    assert undo_last(demo_store, session_id).kind == "move"
    assert [item.id for item in live.load(demo_store, session_id).items] == order

    added = live.insert_item(demo_store, session_id, first.id, "Ekstra pause", 5)
    assert undo_last(demo_store, session_id).kind == "insert"
    snapshot = live.load(demo_store, session_id)
    assert [item.id for item in snapshot.items] == order and snapshot.item(added.id) is None
    assert [item.position for item in snapshot.items] == list(range(len(order)))


def test_undoing_a_skip_of_the_current_item_brings_it_back(demo_store, session_id, clock):
    live.start_session(demo_store, session_id)
    first, second = live.load(demo_store, session_id).items[:2]
    clock.advance(minutes=1)
    assert live.set_skipped(demo_store, session_id, first.id, True) == second.id
    undo_last(demo_store, session_id)
    snapshot = live.load(demo_store, session_id)
    assert snapshot.session.current_item_id == first.id and not snapshot.item(first.id).skipped
    assert times(demo_store, session_id, clock)[first.id].running
    assert not times(demo_store, session_id, clock)[second.id].started


def test_an_inserted_item_with_a_note_stays_skipped_when_undone(demo_store, session_id, clock):
    live.start_session(demo_store, session_id)
    added = live.insert_item(demo_store, session_id, None, "Spørsmålsrunde", 10, kind="reflection")
    live.save_note(demo_store, session_id, added.id, live.note_writer("live"), "et notat")
    undone = undo_last(demo_store, session_id)
    assert undone.kept_item
    assert live.load(demo_store, session_id).item(added.id).skipped
    with demo_store.read() as db:
        assert db.exec(select(Note).where(Note.item_id == added.id)).first() is not None


def test_undoing_the_start_makes_the_session_planned_and_its_marks_stop_counting(demo_store, session_id, clock):
    from kursrom.store.reports import build_session_summary
    from kursrom.store.rounds import attendance_share, list_rounds

    people = live.load(demo_store, session_id).participants
    live.start_session(demo_store, session_id)
    live.mark(demo_store, session_id, people[0].id, "late")
    live.mark_many(demo_store, session_id, [p.id for p in people[1:]], "present")
    clock.advance(minutes=5)
    live.next_item(demo_store, session_id)
    assert attendance_share(demo_store, list_rounds(demo_store)[0].id) == 1.0

    assert undo_last(demo_store, session_id).kind == "next"
    undone = undo_last(demo_store, session_id)  # the live screen's undo: marks are the check-in's
    assert undone.kind == "start"
    snapshot = live.load(demo_store, session_id)
    assert snapshot.session.status == "planned" and snapshot.session.started_at is None
    assert snapshot.session.current_item_id is None
    assert not any(time.started for time in snapshot.timing(clock.now()).times.values())
    # Every reader agrees: nobody is marked, the round has no share, the summary counts nobody.
    assert live.attendance_now(demo_store, session_id) == {} and snapshot.present == []
    assert attendance_share(demo_store, list_rounds(demo_store)[0].id) is None
    summary = build_session_summary(demo_store, session_id)
    assert summary.present == 0 and {line.status for line in summary.attendance} == {"unmarked"}
    # The marks stay in the history, each with its undoing, and the check-in has nothing left to undo.
    history = live.attendance_history(demo_store, session_id, people[0].id)
    assert [(e.status, e.undoes) for e in history] == [("late", None), ("undone", history[0].id)]
    with demo_store.read() as db:
        assert len(list(db.exec(select(AttendanceEvent)))) == 2 * len(people)
    assert undo_last(demo_store, session_id, attendance=True) is None
    # Started again, it starts afresh.
    live.start_session(demo_store, session_id)
    assert live.attendance_now(demo_store, session_id) == {}


def test_the_check_in_undoes_marks_and_the_live_screen_the_rest(demo_store, session_id, clock):
    people = live.load(demo_store, session_id).participants
    live.start_session(demo_store, session_id)
    live.mark(demo_store, session_id, people[0].id, "present")
    live.mark(demo_store, session_id, people[0].id, "absent", reason="feil")  # the wrong key
    clock.advance(minutes=3)
    live.next_item(demo_store, session_id)
    live.mark_many(demo_store, session_id, [p.id for p in people[1:]], "present")

    undone = undo_last(demo_store, session_id, attendance=True)
    assert undone.kind == "marks" and len(undone.people) == len(people) - 1, "'rest present' is one change"
    undone = undo_last(demo_store, session_id, attendance=True)
    assert (undone.kind, undone.people) == ("mark", (people[0].name,))
    assert live.attendance_now(demo_store, session_id)[people[0].id].status == "present"
    assert live.load(demo_store, session_id).session.current_item_id == live.load(demo_store, session_id).items[1].id
    assert undo_last(demo_store, session_id).kind == "next", "the live screen's undo left the marks alone"
    assert [e.status for e in live.attendance_history(demo_store, session_id, people[0].id)] == [
        "present", "absent", "undone"]


def test_undoing_the_end_lets_the_session_run_on(demo_store, session_id, clock):
    live.start_session(demo_store, session_id)
    first = live.load(demo_store, session_id).items[0]
    clock.advance(minutes=4)
    live.end_session(demo_store, session_id)
    clock.advance(minutes=1)
    assert undo_last(demo_store, session_id).kind == "end"
    snapshot = live.load(demo_store, session_id)
    assert snapshot.session.status == "running" and snapshot.session.ended_at is None
    assert snapshot.timing(clock.now()).times[first.id].running


def test_a_finished_session_can_be_reopened_for_corrections(demo_store, session_id, clock):
    live.start_session(demo_store, session_id)
    items = live.load(demo_store, session_id).items
    clock.advance(minutes=15)
    live.end_session(demo_store, session_id)
    ended = clock.now()
    clock.advance(days=1)
    live.reopen_session(demo_store, session_id)
    snapshot = live.load(demo_store, session_id)
    assert snapshot.session.status == "running" and snapshot.session.ended_at is None
    assert not any(time.running for time in snapshot.timing(clock.now()).times.values()), "nothing runs by itself"
    # A correction: the second item was never run, so skip it; the end stays the first end.
    live.set_skipped(demo_store, session_id, items[1].id, True)
    live.end_session(demo_store, session_id)
    assert live.load(demo_store, session_id).session.ended_at == ended
    # Undo the second end and the reopening: done, as it was.
    assert [undo_last(demo_store, session_id).kind for _ in range(3)] == ["end", "skip", "reopen"]
    session = live.load(demo_store, session_id).session
    assert session.status == "done" and session.ended_at == ended


def test_back_and_next_do_not_finish_or_skip_anything(demo_store, session_id, clock):
    """The issue's case: p then n marked the item you came back from as done and skipped the next."""
    live.start_session(demo_store, session_id)
    first, second, third = live.load(demo_store, session_id).items[:3]
    clock.advance(minutes=15)
    assert live.next_item(demo_store, session_id) == second.id
    clock.advance(seconds=2)
    assert live.previous_item(demo_store, session_id) == first.id
    now = times(demo_store, session_id, clock)
    assert now[second.id].paused and not now[second.id].finished, "going back pauses"
    clock.advance(seconds=2)
    assert live.next_item(demo_store, session_id) == second.id, "next goes on to the item left, not past it"
    now = times(demo_store, session_id, clock)
    assert now[first.id].finished and now[second.id].running and not now[third.id].started
    assert now[second.id].elapsed == 2


def test_a_jump_skips_the_items_passed_or_leaves_them_for_later(demo_store, session_id, clock):
    live.start_session(demo_store, session_id)
    items = live.load(demo_store, session_id).items
    clock.advance(minutes=5)
    assert [item.id for item in live.items_passed(demo_store, session_id, items[3].id)] == [items[1].id, items[2].id]
    live.go_to(demo_store, session_id, items[3].id)  # leave them for later
    now = times(demo_store, session_id, clock)
    assert now[items[0].id].paused, "jumping pauses the item on screen; it is not done"
    assert not live.load(demo_store, session_id).item(items[1].id).skipped
    # Next, after the last item, comes back to what was left.
    for item in items[4:]:
        live.go_to(demo_store, session_id, item.id)
    assert live.next_item(demo_store, session_id) == items[0].id
    undo_last(demo_store, session_id)

    live.go_to(demo_store, session_id, items[1].id)
    live.go_to(demo_store, session_id, items[3].id, skip_between=True)  # skip what it passes
    snapshot = live.load(demo_store, session_id)
    assert snapshot.item(items[2].id).skipped and not snapshot.item(items[1].id).skipped
    undo_last(demo_store, session_id)
    assert not live.load(demo_store, session_id).item(items[2].id).skipped, "the undo takes the skips back too"


def test_nothing_to_undo_and_the_trail_of_timer_rows(demo_store, session_id, clock):
    assert undo_last(demo_store, session_id) is None
    live.start_session(demo_store, session_id)
    undo_last(demo_store, session_id)
    assert undo_last(demo_store, session_id) is None, "an undo is not itself undone by the next Ctrl+Z"
    with demo_store.read() as db:
        rows = list(db.exec(select(TimerEvent).order_by(TimerEvent.id)))
        assert [(row.kind, row.undoes) for row in rows] == [("start", None), ("undo", rows[0].id)]
        assert db.exec(select(AgendaItem).where(AgendaItem.skipped)).first() is None
