"""The live session in the database: start and end, agenda control, timer events, attendance and
notes. Every change is a row written in one short transaction; nothing that happened is rewritten.

- Timer events (`timer_event`) are appended; `kursrom.core.timing` derives every timer from them.
- Attendance events (`attendance_event`) are appended, each with the terminal that made it; the
  current state of a person is their latest event.
- The session row keeps `status` and `current_item_id`, so a crashed app resumes where it was.
- Notes: one row per agenda item per writer, saved whole by the autosaver. The writer is stable
  across restarts ("live@host" for the facilitator's screen, "notes@host" for `kursrom notes`), so
  a restarted app finds its own notes again and two terminals never write over each other.
"""

from __future__ import annotations

import socket
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import col, delete, select

from kursrom.core.autosave import SaveFailed, Snapshot
from kursrom.core.collation import name_key
from kursrom.core.names import tags_in
from kursrom.core.timing import SessionTiming, item_time, next_item_id, previous_item_id, session_timing
from kursrom.core.vocabulary import IN_ROOM, MARKS, TIMED, SessionStatus, TimerEventKind
from kursrom.i18n import _
from kursrom.store.attendance import latest_marks, mark_histories
from kursrom.store.db import Store
from kursrom.store.places import holds_place
from kursrom.store.errors import DATABASE_ERRORS, StoreError, store_error
from kursrom.store.models import (
    AgendaItem, AttendanceEvent, CourseRound, CourseSession, Enrolment, Note, NoteTag, Participant, TimerEvent,
)

#: Kinds an ad-hoc item can have.
ADDED_KINDS = ("break", "reflection", "talk")


class LiveError(Exception):
    """An action that does not apply (the session is not running, another one is). One sentence."""


# --------------------------------------------------------------------------------------------------
# Reading


@dataclass
class LiveSnapshot:
    """Everything the live screen shows, read in one short read session."""

    session: CourseSession
    course_round: CourseRound
    items: list[AgendaItem]
    events: dict[int, list[TimerEvent]]
    participants: list[Participant]  # enrolled now, by name
    attendance: dict[int, AttendanceEvent] = field(default_factory=dict)  # latest per participant

    def timing(self, now: datetime) -> SessionTiming:
        return session_timing(
            self.items, self.events, now, planned_start=self.session.planned_start,
            planned_end=self.session.planned_end, started=self.session.started_at is not None,
        )

    def item(self, item_id: int | None) -> AgendaItem | None:
        return next((item for item in self.items if item.id == item_id), None)

    @property
    def current(self) -> AgendaItem | None:
        return self.item(self.session.current_item_id)

    @property
    def present(self) -> list[Participant]:
        """The people in the room now (present or late), by name."""
        return [p for p in self.participants if p.id in self.attendance and self.attendance[p.id].status in IN_ROOM]

    def status_of(self, participant_id: int) -> str | None:
        event = self.attendance.get(participant_id)
        return event.status if event else None


def get_session(store: Store, session_id: int) -> CourseSession | None:
    with store.read() as db:
        return db.get(CourseSession, session_id)


def running_session(store: Store) -> CourseSession | None:
    """The session under way (the latest started, should there be more than one)."""
    with store.read() as db:
        return db.exec(select(CourseSession).where(CourseSession.status == SessionStatus.RUNNING)
                       .order_by(col(CourseSession.started_at).desc(), col(CourseSession.id).desc())).first()


def current_item_id(store: Store, session_id: int) -> tuple[str, int | None]:
    """(status, current item): the cheap query `kursrom notes` polls to follow the facilitator."""
    with store.read() as db:
        row = db.exec(select(CourseSession.status, CourseSession.current_item_id)
                      .where(CourseSession.id == session_id)).first()
    return (row[0], row[1]) if row else ("", None)


def load(store: Store, session_id: int) -> LiveSnapshot:
    with store.read() as db:
        session = db.get(CourseSession, session_id)
        if session is None:
            raise LiveError(_("The session no longer exists."))
        course_round = db.get(CourseRound, session.round_id)
        items = list(db.exec(select(AgendaItem).where(AgendaItem.session_id == session_id)
                             .order_by(col(AgendaItem.position), col(AgendaItem.id))))
        events: dict[int, list[TimerEvent]] = {item.id: [] for item in items}
        for event in db.exec(select(TimerEvent).join(AgendaItem).where(AgendaItem.session_id == session_id)
                             .order_by(col(TimerEvent.at), col(TimerEvent.id))):
            events.setdefault(event.item_id, []).append(event)
        participants = sorted(db.exec(
            select(Participant).join(Enrolment, col(Enrolment.participant_id) == col(Participant.id))
            .where(Enrolment.round_id == session.round_id, holds_place())),
            key=lambda p: name_key(p.name))
        attendance = _latest_attendance(db, session_id)
    return LiveSnapshot(session, course_round, items, events, participants, attendance)


def _latest_attendance(db, session_id: int) -> dict[int, AttendanceEvent]:  # noqa: ANN001
    return {pid: event for (_sid, pid), event in latest_marks(db, [session_id]).items()}


# --------------------------------------------------------------------------------------------------
# Session start and end, agenda control


def _running(db, session_id: int) -> CourseSession:  # noqa: ANN001
    session = db.get(CourseSession, session_id)
    if session is None:
        raise LiveError(_("The session no longer exists."))
    if session.status != SessionStatus.RUNNING:
        raise LiveError(_("The session is not running."))
    return session


def _items(db, session_id: int) -> list[AgendaItem]:  # noqa: ANN001
    return list(db.exec(select(AgendaItem).where(AgendaItem.session_id == session_id)
                        .order_by(col(AgendaItem.position), col(AgendaItem.id))))


def _events(db, item_id: int) -> list[TimerEvent]:  # noqa: ANN001
    return list(db.exec(select(TimerEvent).where(TimerEvent.item_id == item_id)
                        .order_by(col(TimerEvent.at), col(TimerEvent.id))))


def _add_event(db, store: Store, item_id: int, kind: str, at: datetime, seconds: int = 0) -> TimerEvent:  # noqa: ANN001
    event = TimerEvent(item_id=item_id, kind=kind, at=at, seconds=seconds, terminal=store.terminal)
    db.add(event)
    return event


def _timer_state(db, item_id: int) -> tuple[bool, bool, bool]:  # noqa: ANN001
    """(started, running, finished) of an item, folded from its events by `kursrom.core.timing`."""
    time = item_time(0, _events(db, item_id), None)
    return time.started, time.running, time.finished


def _leave(db, store: Store, item_id: int | None, at: datetime) -> None:  # noqa: ANN001
    """Close the item on screen: a started item that is not finished gets a finish event."""
    if item_id is None:
        return
    started, _running_now, finished = _timer_state(db, item_id)
    if started and not finished:
        _add_event(db, store, item_id, TimerEventKind.FINISH, at)


def _enter(db, store: Store, item: AgendaItem, at: datetime) -> None:  # noqa: ANN001
    started, running, _finished = _timer_state(db, item.id)
    if not started:
        _add_event(db, store, item.id, TimerEventKind.START, at)
    elif not running:
        _add_event(db, store, item.id, TimerEventKind.RESUME, at)
    if item.skipped:
        item.skipped = False
        db.add(item)


def start_session(store: Store, session_id: int, at: datetime | None = None) -> CourseSession:
    """Mark the session running and start the first item's timer. Idempotent for a running session."""
    at = at or store.now()
    with store.session() as db:
        session = db.get(CourseSession, session_id)
        if session is None:
            raise LiveError(_("The session no longer exists."))
        if session.status == SessionStatus.RUNNING:
            return session
        if session.status != SessionStatus.PLANNED:
            raise LiveError(_("This session has already been held."))
        other = db.exec(select(CourseSession).where(CourseSession.status == SessionStatus.RUNNING,
                                                    CourseSession.id != session_id)).first()
        if other is not None:
            raise LiveError(_("Another session ({title}) is still running; end it first.").format(title=other.title))
        items = [item for item in _items(db, session_id) if not item.skipped]
        session.status = SessionStatus.RUNNING
        session.started_at = at
        session.current_item_id = items[0].id if items else None
        db.add(session)
        if items:
            _enter(db, store, items[0], at)
    return session


def end_session(store: Store, session_id: int, at: datetime | None = None) -> CourseSession:
    at = at or store.now()
    with store.session() as db:
        session = _running(db, session_id)
        _leave(db, store, session.current_item_id, at)
        session.status = SessionStatus.DONE
        session.ended_at = at
        db.add(session)
    return session


def go_to(store: Store, session_id: int, item_id: int, at: datetime | None = None) -> CourseSession:
    """Make `item_id` the current item: the one on screen is finished, the new one's timer runs
    (started, or resumed when the group comes back to it). A skipped item is taken back in."""
    at = at or store.now()
    with store.session() as db:
        session = _running(db, session_id)
        item = db.get(AgendaItem, item_id)
        if item is None or item.session_id != session_id:
            raise LiveError(_("That agenda item is not part of this session."))
        if session.current_item_id != item_id:
            _leave(db, store, session.current_item_id, at)
        _enter(db, store, item, at)
        session.current_item_id = item_id
        db.add(session)
    return session


def _timings(db, items: Sequence[AgendaItem], at: datetime) -> SessionTiming:  # noqa: ANN001
    events = {item.id: _events(db, item.id) for item in items}
    return session_timing(items, events, at, planned_start=None, planned_end=None, started=True)


def next_item(store: Store, session_id: int, at: datetime | None = None) -> int | None:
    """Go to the next item that is neither skipped nor done; None (and no change) at the end."""
    with store.read() as db:
        session = db.get(CourseSession, session_id)
        items = _items(db, session_id)
        times = _timings(db, items, at or store.now()).times
        target = next_item_id(items, session.current_item_id if session else None, times)
    if target is None:
        return None
    go_to(store, session_id, target, at)
    return target


def previous_item(store: Store, session_id: int, at: datetime | None = None) -> int | None:
    with store.read() as db:
        session = db.get(CourseSession, session_id)
        target = previous_item_id(_items(db, session_id), session.current_item_id if session else None)
    if target is None:
        return None
    go_to(store, session_id, target, at)
    return target


def timer_event(store: Store, item_id: int, kind: str, at: datetime | None = None, seconds: int = 0) -> None:
    """Store one timer event on an item of the running session."""
    at = at or store.now()
    with store.session() as db:
        item = db.get(AgendaItem, item_id)
        if item is None:
            raise LiveError(_("That agenda item is not part of this session."))
        _running(db, item.session_id)
        _add_event(db, store, item_id, kind, at, seconds)


def toggle_timer(store: Store, item_id: int, at: datetime | None = None) -> str:
    """Start, pause or resume an item's timer; returns the event stored."""
    at = at or store.now()
    with store.session() as db:
        item = db.get(AgendaItem, item_id)
        if item is None:
            raise LiveError(_("That agenda item is not part of this session."))
        _running(db, item.session_id)
        started, running, _finished = _timer_state(db, item_id)
        kind = TimerEventKind.PAUSE if running else (TimerEventKind.RESUME if started else TimerEventKind.START)
        _add_event(db, store, item_id, kind, at)
    return kind


def adjust(store: Store, item_id: int, seconds: int, at: datetime | None = None) -> None:
    """Add (+) or remove (-) planned time of an item; the item's planned minutes stay as planned."""
    timer_event(store, item_id, TimerEventKind.ADJUST, at, seconds)


def set_skipped(store: Store, session_id: int, item_id: int, skipped: bool, at: datetime | None = None) -> int | None:
    """Skip an item (or take it back). Skipping the current item moves on to the next one; an item
    that ran a little first keeps that time and is closed. Returns the current item afterwards."""
    at = at or store.now()
    with store.session() as db:
        session = db.get(CourseSession, session_id)
        if session is None:
            raise LiveError(_("The session no longer exists."))
        item = db.get(AgendaItem, item_id)
        if item is None or item.session_id != session_id:
            raise LiveError(_("That agenda item is not part of this session."))
        started, _running_now, _finished = _timer_state(db, item_id)
        if skipped and started and session.current_item_id != item_id:
            raise LiveError(_("An item that has already run cannot be skipped."))
        item.skipped = skipped
        db.add(item)
        if skipped and session.current_item_id == item_id and session.status == SessionStatus.RUNNING:
            db.flush()
            items = _items(db, session_id)
            target = next_item_id(items, item_id, _timings(db, items, at).times)
            _leave(db, store, item_id, at)
            if target is not None:
                _enter(db, store, db.get(AgendaItem, target), at)
                session.current_item_id = target
                db.add(session)
        return session.current_item_id


def _renumber(db, items: list[AgendaItem]) -> None:  # noqa: ANN001
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            db.add(item)


def move(store: Store, session_id: int, item_id: int, delta: int) -> bool:
    """Move an item up (-1) or down (+1) the agenda; False when it is already at that end."""
    with store.session() as db:
        items = _items(db, session_id)
        index = next((i for i, item in enumerate(items) if item.id == item_id), None)
        if index is None:
            raise LiveError(_("That agenda item is not part of this session."))
        target = index + delta
        if not 0 <= target < len(items):
            return False
        items.insert(target, items.pop(index))
        _renumber(db, items)
    return True


def insert_item(store: Store, session_id: int, after_item_id: int | None, title: str, minutes: int, *,
                kind: str = "break", prompt: str = "") -> AgendaItem:
    """Add an ad-hoc item (an extra break, a question round) after `after_item_id` (first if None)."""
    if minutes <= 0:
        raise LiveError(_("An agenda item needs at least one minute."))
    title = title.strip() or _("Extra item")
    with store.session() as db:
        session = db.get(CourseSession, session_id)
        if session is None:
            raise LiveError(_("The session no longer exists."))
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
        items.insert(index, item)
        _renumber(db, items)
    return item


# --------------------------------------------------------------------------------------------------
# Attendance


def mark(store: Store, session_id: int, participant_id: int, status: str, *, time: datetime | None = None,
         reason: str = "") -> AttendanceEvent:
    """Record a mark or a correction. Late and left early get a time (now, unless given)."""
    if status not in MARKS:
        raise ValueError(f"unknown attendance status {status!r}")
    at = store.now()
    if status in TIMED and time is None:
        time = at
    if status not in TIMED:
        time = None
    event = AttendanceEvent(session_id=session_id, participant_id=participant_id, status=status, at=at,
                            time=time, reason=reason.strip(), terminal=store.terminal)
    with store.session() as db:
        db.add(event)
    return event


def attendance_now(store: Store, session_id: int) -> dict[int, AttendanceEvent]:
    with store.read() as db:
        return _latest_attendance(db, session_id)


def attendance_history(store: Store, session_id: int, participant_id: int | None = None) -> list[AttendanceEvent]:
    """Every mark and correction, oldest first (one person's, or everyone's)."""
    with store.read() as db:
        histories = mark_histories(db, [session_id], None if participant_id is None else [participant_id])
    return sorted((event for events in histories.values() for event in events), key=lambda e: e.id or 0)


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


def tags_of(store: Store, note_id: int) -> set[int]:
    with store.read() as db:
        return set(db.exec(select(NoteTag.participant_id).where(NoteTag.note_id == note_id)))
