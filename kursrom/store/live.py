"""The live session in the database: start and end, agenda control, timer events, attendance and
notes. Every change is a row written in one short transaction; nothing that happened is rewritten.

- Timer events (`timer_event`) are appended; `kursrom.core.timing` derives every timer from them.
- Attendance events (`attendance_event`) are appended, each with the terminal that made it; the
  current state of a person is their latest mark that counts (`kursrom.store.attendance`, which
  writes them; `mark` and friends are importable from here too).
- The session row keeps `status` and `current_item_id`, so a crashed app resumes where it was.
- Every change to the record is also an entry in the session's journal, which is how it is undone
  (`kursrom.store.journal`): an undo stores corrections, and the audit trail keeps both.
- Moving around is not finishing: going back or jumping ahead pauses the current item; it is done
  once it ran and the facilitator moved on with "next" (or ended the session).
- Notes: one row per agenda item per writer, saved whole by the autosaver. The writer is stable
  across restarts ("live@host" for the facilitator's screen, "notes@host" for `kursrom notes`), so
  a restarted app finds its own notes again and two terminals never write over each other.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from sqlmodel import col, delete, select

from kursrom.core.autosave import SaveFailed, Snapshot
from kursrom.core.names import tags_in
from kursrom.core.timing import SessionTiming, item_time, jumped_over, next_item_id, previous_item_id, session_timing
from kursrom.core.vocabulary import FINISHED, ChangeKind, SessionStatus, TimerEventKind
from kursrom.i18n import _
from kursrom.store.attendance import (  # noqa: F401  (marks are written there; callers know them from here)
    attendance_history, attendance_now, mark, mark_many,
)
from kursrom.store.db import Store
from kursrom.store.errors import DATABASE_ERRORS, StoreError, store_error
from kursrom.store.journal import Change, latest_of, record
from kursrom.store.live_snapshot import (  # noqa: F401  (what the screens read; callers know it from here)
    LiveError, LiveSnapshot, current_item_id, get_session, load, running_session,
)
from kursrom.store.models import AgendaItem, CourseSession, Note, NoteTag, Participant, TimerEvent

#: Kinds an ad-hoc item can have.
ADDED_KINDS = ("break", "reflection", "talk")


# --------------------------------------------------------------------------------------------------
# Session start and end, agenda control. Each change is one transaction and one entry in the
# session's journal (`kursrom.store.journal`), which is how it is undone.


def _session(db, session_id: int) -> CourseSession:  # noqa: ANN001
    session = db.get(CourseSession, session_id)
    if session is None:
        raise LiveError(_("The session no longer exists."))
    return session


def _running(db, session_id: int) -> CourseSession:  # noqa: ANN001
    session = _session(db, session_id)
    if session.status != SessionStatus.RUNNING:
        raise LiveError(_("The session is not running."))
    return session


def _items(db, session_id: int) -> list[AgendaItem]:  # noqa: ANN001
    return list(db.exec(select(AgendaItem).where(AgendaItem.session_id == session_id)
                        .order_by(col(AgendaItem.position), col(AgendaItem.id))))


def _item(db, session_id: int, item_id: int | None) -> AgendaItem:  # noqa: ANN001
    item = db.get(AgendaItem, item_id) if item_id is not None else None
    if item is None or item.session_id != session_id:
        raise LiveError(_("That agenda item is not part of this session."))
    return item


def _events(db, item_id: int) -> list[TimerEvent]:  # noqa: ANN001
    return list(db.exec(select(TimerEvent).where(TimerEvent.item_id == item_id)
                        .order_by(col(TimerEvent.at), col(TimerEvent.id))))


def _add_event(db, store: Store, change: Change, item_id: int, kind: str, at: datetime,  # noqa: ANN001
               seconds: int = 0) -> None:
    event = TimerEvent(item_id=item_id, kind=kind, at=at, seconds=seconds, terminal=store.terminal)
    db.add(event)
    change.timer_events.append(event)


def _timer_state(db, item_id: int) -> tuple[bool, bool, bool]:  # noqa: ANN001
    """(started, running, finished) of an item, folded from its events by `kursrom.core.timing`."""
    time = item_time(0, _events(db, item_id), None)
    return time.started, time.running, time.finished


def _finish(db, store: Store, change: Change, item_id: int | None, at: datetime) -> None:  # noqa: ANN001
    """The item ran and is over: a started item that is not finished gets a finish event."""
    if item_id is None:
        return
    started, _running_now, finished = _timer_state(db, item_id)
    if started and not finished:
        _add_event(db, store, change, item_id, TimerEventKind.FINISH, at)


def _pause(db, store: Store, change: Change, item_id: int | None, at: datetime) -> None:  # noqa: ANN001
    """Leave an item for later (going back, jumping ahead): its timer stops, it is not done."""
    if item_id is not None and _timer_state(db, item_id)[1]:
        _add_event(db, store, change, item_id, TimerEventKind.PAUSE, at)


def _enter(db, store: Store, change: Change, item: AgendaItem, at: datetime) -> None:  # noqa: ANN001
    started, running, _finished = _timer_state(db, item.id)
    if not started:
        _add_event(db, store, change, item.id, TimerEventKind.START, at)
    elif not running:
        _add_event(db, store, change, item.id, TimerEventKind.RESUME, at)
    change.set_item(item, skipped=False)
    db.add(item)


def start_session(store: Store, session_id: int, at: datetime | None = None) -> CourseSession:
    """Mark the session running (its real start is `at`) and start the first item's timer.
    Idempotent for a running session; a finished one is reopened instead (`reopen_session`)."""
    at = at or store.now()
    with store.session() as db:
        session = _session(db, session_id)
        if session.status == SessionStatus.RUNNING:
            return session
        if session.status != SessionStatus.PLANNED:
            raise LiveError(_("This session has already been held; reopen it to make corrections."))
        _refuse_second_running(db, session_id)
        items = [item for item in _items(db, session_id) if not item.skipped]
        change = Change(ChangeKind.START)
        change.set_session(session, status=SessionStatus.RUNNING, started_at=at,
                           current_item_id=items[0].id if items else None)
        db.add(session)
        if items:
            _enter(db, store, change, items[0], at)
        record(db, store, session_id, change, at)
    return session


def _refuse_second_running(db, session_id: int) -> None:  # noqa: ANN001
    other = db.exec(select(CourseSession).where(CourseSession.status == SessionStatus.RUNNING,
                                                CourseSession.id != session_id)).first()
    if other is not None:
        raise LiveError(_("Another session ({title}) is still running; end it first.").format(title=other.title))


def reopen_session(store: Store, session_id: int, at: datetime | None = None) -> CourseSession:
    """A finished session runs again, for corrections: no timer starts by itself, and ending it
    again without running anything keeps its first end."""
    at = at or store.now()
    with store.session() as db:
        session = _session(db, session_id)
        if session.status not in FINISHED:
            raise LiveError(_("Only a finished session can be reopened."))
        _refuse_second_running(db, session_id)
        change = Change(ChangeKind.REOPEN)
        change.set_session(session, status=SessionStatus.RUNNING, ended_at=None)
        db.add(session)
        record(db, store, session_id, change, at)
    return session


def end_session(store: Store, session_id: int, at: datetime | None = None) -> CourseSession:
    """End the session: the current item is done, and so is every item left paused."""
    at = at or store.now()
    with store.session() as db:
        session = _running(db, session_id)
        change = Change(ChangeKind.END)
        for item in _items(db, session_id):
            _finish(db, store, change, item.id, at)
        ended = at
        reopened = latest_of(db, session_id, ChangeKind.REOPEN)
        if reopened is not None and not change.timer_events and not _ran_since(db, session_id, reopened.at):
            ended = datetime.fromisoformat(reopened.data["session"]["ended_at"])  # only corrections since
        change.set_session(session, status=SessionStatus.DONE, ended_at=ended)
        db.add(session)
        record(db, store, session_id, change, at)
    return session


def _ran_since(db, session_id: int, moment: datetime) -> bool:  # noqa: ANN001
    return db.exec(select(TimerEvent.id).join(AgendaItem).where(
        AgendaItem.session_id == session_id, col(TimerEvent.at) > moment)).first() is not None


def go_to(store: Store, session_id: int, item_id: int, at: datetime | None = None, *,
          skip_between: bool = False, kind: ChangeKind = ChangeKind.GO_TO) -> CourseSession:
    """Make `item_id` the current item: the one on screen is paused (left for later, not done), the
    new one's timer runs (started, or resumed when the group comes back to it). A skipped item is
    taken back in. With `skip_between`, the items a jump forward passes over are skipped."""
    at = at or store.now()
    with store.session() as db:
        session = _running(db, session_id)
        item = _item(db, session_id, item_id)
        change = Change(kind, label=item.title)
        if skip_between:
            items = _items(db, session_id)
            for passed in jumped_over(items, session.current_item_id, item_id, _timings(db, items, at).times):
                change.set_item(passed, skipped=True)
                db.add(passed)
        if session.current_item_id != item_id:
            _pause(db, store, change, session.current_item_id, at)
        _enter(db, store, change, item, at)
        change.set_session(session, current_item_id=item_id)
        db.add(session)
        record(db, store, session_id, change, at)
    return session


def _timings(db, items: Sequence[AgendaItem], at: datetime) -> SessionTiming:  # noqa: ANN001
    events = {item.id: _events(db, item.id) for item in items}
    return session_timing(items, events, at, planned_start=None, planned_end=None, started=True)


def next_item(store: Store, session_id: int, at: datetime | None = None) -> int | None:
    """The current item ran and the facilitator moves on: it is done, and the next item still to
    run starts (after the last, one left for later). None, and no change, when none is left."""
    at = at or store.now()
    with store.session() as db:
        session = _running(db, session_id)
        items = _items(db, session_id)
        target = next_item_id(items, session.current_item_id, _timings(db, items, at).times)
        if target is None:
            return None
        item = _item(db, session_id, target)
        change = Change(ChangeKind.NEXT, label=item.title)
        _finish(db, store, change, session.current_item_id, at)
        _enter(db, store, change, item, at)
        change.set_session(session, current_item_id=target)
        db.add(session)
        record(db, store, session_id, change, at)
    return target


def previous_item(store: Store, session_id: int, at: datetime | None = None) -> int | None:
    """Back to the item before: the current one is paused, not done."""
    with store.read() as db:
        session = db.get(CourseSession, session_id)
        target = previous_item_id(_items(db, session_id), session.current_item_id if session else None)
    if target is None:
        return None
    go_to(store, session_id, target, at, kind=ChangeKind.PREVIOUS)
    return target


def items_passed(store: Store, session_id: int, item_id: int, at: datetime | None = None) -> list[AgendaItem]:
    """What a jump from the current item to `item_id` would pass over without having run it."""
    with store.read() as db:
        session = _session(db, session_id)
        items = _items(db, session_id)
        return jumped_over(items, session.current_item_id, item_id, _timings(db, items, at or store.now()).times)


def _timer_change(store: Store, item_id: int, kind: ChangeKind, at: datetime | None,
                  event: Callable[[bool, bool], str], seconds: int = 0) -> str:
    """Store one timer event on an item of the running session, as a change of its own."""
    at = at or store.now()
    with store.session() as db:
        item = db.get(AgendaItem, item_id)
        if item is None:
            raise LiveError(_("That agenda item is not part of this session."))
        _running(db, item.session_id)
        started, running, _finished = _timer_state(db, item_id)
        change = Change(kind, label=item.title)
        stored = event(started, running)
        _add_event(db, store, change, item_id, stored, at, seconds)
        record(db, store, item.session_id, change, at)
    return stored


def toggle_timer(store: Store, item_id: int, at: datetime | None = None) -> str:
    """Start, pause or resume an item's timer; returns the event stored."""
    return _timer_change(store, item_id, ChangeKind.TIMER, at, lambda started, running: (
        TimerEventKind.PAUSE if running else (TimerEventKind.RESUME if started else TimerEventKind.START)))


def adjust(store: Store, item_id: int, seconds: int, at: datetime | None = None) -> None:
    """Add (+) or remove (-) planned time of an item; the item's planned minutes stay as planned."""
    _timer_change(store, item_id, ChangeKind.ADJUST, at, lambda _started, _running: TimerEventKind.ADJUST, seconds)


def set_skipped(store: Store, session_id: int, item_id: int, skipped: bool, at: datetime | None = None) -> int | None:
    """Skip an item (or take it back). Skipping the current item moves on to the next one; an item
    that ran a little first keeps that time and is closed. Returns the current item afterwards."""
    at = at or store.now()
    with store.session() as db:
        session = _session(db, session_id)
        item = _item(db, session_id, item_id)
        started, _running_now, _finished = _timer_state(db, item_id)
        if skipped and started and session.current_item_id != item_id:
            raise LiveError(_("An item that has already run cannot be skipped."))
        change = Change(ChangeKind.SKIP if skipped else ChangeKind.UNSKIP, label=item.title)
        change.set_item(item, skipped=skipped)
        db.add(item)
        if skipped and session.current_item_id == item_id and session.status == SessionStatus.RUNNING:
            db.flush()
            items = _items(db, session_id)
            target = next_item_id(items, item_id, _timings(db, items, at).times)
            _finish(db, store, change, item_id, at)
            if target is not None:
                _enter(db, store, change, db.get(AgendaItem, target), at)
                change.set_session(session, current_item_id=target)
                db.add(session)
        record(db, store, session_id, change, at)
        return session.current_item_id


def move(store: Store, session_id: int, item_id: int, delta: int, at: datetime | None = None) -> bool:
    """Move an item up (-1) or down (+1) the agenda; False when it is already at that end."""
    at = at or store.now()
    with store.session() as db:
        items = _items(db, session_id)
        index = next((i for i, item in enumerate(items) if item.id == item_id), None)
        if index is None:
            raise LiveError(_("That agenda item is not part of this session."))
        target = index + delta
        if not 0 <= target < len(items):
            return False
        change = Change(ChangeKind.MOVE, label=items[index].title)
        items.insert(target, items.pop(index))
        _renumber(db, change, items)
        record(db, store, session_id, change, at)
    return True


def _renumber(db, change: Change, items: list[AgendaItem]) -> None:  # noqa: ANN001
    for position, item in enumerate(items):
        if item.position != position:
            change.set_item(item, position=position)
            db.add(item)


def insert_item(store: Store, session_id: int, after_item_id: int | None, title: str, minutes: int, *,
                kind: str = "break", prompt: str = "", at: datetime | None = None) -> AgendaItem:
    """Add an ad-hoc item (an extra break, a question round) after `after_item_id` (first if None)."""
    if minutes <= 0:
        raise LiveError(_("An agenda item needs at least one minute."))
    at = at or store.now()
    title = title.strip() or _("Extra item")
    with store.session() as db:
        _session(db, session_id)
        items = _items(db, session_id)
        index = next((i + 1 for i, item in enumerate(items) if item.id == after_item_id), 0)
        item = AgendaItem(
            session_id=session_id, position=index, exercise_id="", kind=kind, title=title, prompt=prompt,
            instructions="", planned_minutes=minutes, origin="added", template_position=None,
            exercise={"id": "", "kind": kind, "title": title, "prompt": prompt, "instructions": "",
                      "duration": minutes, "translations": {}, "data": {}, "source": ""},
        )
        db.add(item)
        db.flush()
        change = Change(ChangeKind.INSERT, label=title, added_items=[item])
        _renumber(db, change, [*items[:index], item, *items[index:]])  # the others make room
        record(db, store, session_id, change, at)
    return item


# Actions on the current item, or on an item as it is then, decided when the writer runs them
# rather than when the key was pressed: the writer runs them in order, so a key pressed while the
# one before waits out a lock acts on the agenda that one left.


def toggle_current_timer(store: Store, session_id: int, at: datetime | None = None) -> str | None:
    _status, item_id = current_item_id(store, session_id)
    return toggle_timer(store, item_id, at) if item_id is not None else None


def adjust_current(store: Store, session_id: int, seconds: int, at: datetime | None = None) -> None:
    _status, item_id = current_item_id(store, session_id)
    if item_id is not None:
        adjust(store, item_id, seconds, at)


def toggle_skipped(store: Store, session_id: int, item_id: int, at: datetime | None = None) -> int | None:
    item = load(store, session_id).item(item_id)
    return set_skipped(store, session_id, item_id, not item.skipped, at) if item is not None else None


def go_to_unless_current(store: Store, session_id: int, item_id: int, at: datetime | None = None, *,
                         skip_between: bool = False) -> CourseSession | None:
    _status, current = current_item_id(store, session_id)
    return go_to(store, session_id, item_id, at, skip_between=skip_between) if current != item_id else None


# --------------------------------------------------------------------------------------------------
# Notes


def note_writer(role: str) -> str:
    """Who writes a note, stable across restarts: "live@host" or "notes@host"."""
    return f"{role}@{socket.gethostname()}"


def tagged(text: str, participants: Iterable[Participant]) -> set[int]:
    """The participants a note tags as "@Full Name" (`kursrom.core.names.tags_in`: any case, a
    genitive allowed; longest names first, so "@Ann Li" does not also tag "Ann")."""
    return tags_in(text, ((participant.name, participant.id) for participant in participants))


def save_note(store: Store, session_id: int, item_id: int | None, writer: str, text: str, *,
              follow_up: bool = False, quote: bool = False,
              participants: Iterable[Participant] = ()) -> Note:
    """Write a writer's note on an item whole (insert or update), with its tags, in one transaction."""
    now = store.now()
    with store.session() as db:
        query = select(Note).where(Note.session_id == session_id, Note.terminal == writer)
        query = query.where(col(Note.item_id).is_(None)) if item_id is None else query.where(Note.item_id == item_id)
        note = db.exec(query.order_by(col(Note.id))).first()
        if note is None:
            note = Note(session_id=session_id, item_id=item_id, created_at=now, terminal=writer)
        note.text = text
        note.follow_up = follow_up
        note.quote = quote
        note.updated_at = now
        db.add(note)
        db.flush()
        wanted = tagged(text, participants)
        existing = set(db.exec(select(NoteTag.participant_id).where(NoteTag.note_id == note.id)))
        if existing - wanted:
            db.exec(delete(NoteTag).where(NoteTag.note_id == note.id,
                                          col(NoteTag.participant_id).in_(existing - wanted)))
        for participant_id in wanted - existing:
            db.add(NoteTag(note_id=note.id, participant_id=participant_id))
    return note


def note_saver(store: Store, session_id: int, writer: str, participants: Sequence[Participant]):  # noqa: ANN201
    """The autosaver's write function for one session and writer: keys are agenda item ids.

    Database errors become `SaveFailed` with the StoreError's sentence, so the autosaver keeps the
    text and tries again."""
    people = list(participants)

    def write(snapshot: Snapshot) -> None:
        try:
            save_note(store, session_id, snapshot.key, writer, snapshot.text, follow_up=snapshot.follow_up,
                      quote=snapshot.quote, participants=people)
        except (StoreError, *DATABASE_ERRORS) as error:
            raise SaveFailed(str(store_error(error, store.path))) from error

    return write


def notes_of(store: Store, session_id: int, *, writer: str | None = None) -> list[Note]:
    """The session's notes, in agenda order then by writer."""
    query = (select(Note).outerjoin(AgendaItem, col(Note.item_id) == col(AgendaItem.id))
             .where(Note.session_id == session_id))
    if writer is not None:
        query = query.where(Note.terminal == writer)
    with store.read() as db:
        return list(db.exec(query.order_by(col(AgendaItem.position), col(Note.terminal), col(Note.id))))


def note_of(store: Store, session_id: int, item_id: int | None, writer: str) -> Note | None:
    query = select(Note).where(Note.session_id == session_id, Note.terminal == writer)
    query = query.where(col(Note.item_id).is_(None)) if item_id is None else query.where(Note.item_id == item_id)
    with store.read() as db:
        return db.exec(query.order_by(col(Note.id))).first()


def latest_other_note(store: Store, session_id: int, item_id: int | None, writer: str) -> tuple[str, str]:
    """(writer, text) of the latest note another terminal writes on the same item, or ("", "").
    Plain SQL on a pooled reader: the pane asks twice a second from a thread, and the ORM's work
    would hold the interpreter while a key waits to be drawn. Times are ISO text: text order is time order."""
    connection = store.reader.raw_connection()
    try:
        row = connection.execute(
            "SELECT terminal, text FROM note WHERE session_id = ? AND terminal != ? AND item_id IS ? "
            "ORDER BY COALESCE(updated_at, created_at) DESC, id LIMIT 1", (session_id, writer, item_id)).fetchone()
    finally:
        connection.close()
    return (row[0], row[1]) if row is not None and row[1].strip() else ("", "")


def tags_of(store: Store, note_id: int) -> set[int]:
    with store.read() as db:
        return set(db.exec(select(NoteTag.participant_id).where(NoteTag.note_id == note_id)))
