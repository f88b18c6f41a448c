"""The journal of a session's record, and undo.

Every change the facilitator makes to a session's record (start, end, reopen, next, go to, skip,
+/- minutes, move, insert, a timer's start or pause, attendance marks) is written, in the same
transaction, as a `session_change` row saying what it did: the timer and attendance events it
added, the session's and items' fields as they were before, the items it added.

Undo takes the latest change not yet undone back, in one transaction, and writes a row of its own
that `undoes` it, so the audit trail keeps both. Nothing is deleted to undo a change:

- each timer or attendance event the change added gets a correction row (`kind`/`status` "undo",
  `undoes` = its id). `kursrom.core.timing` and `kursrom.store.attendance` count neither row, so an
  undone "next" or an undone mark is as if it had never been made, yet both stay in the history;
- fields the change set (the session's status and current item, an item's `skipped` or place) get
  their earlier values back;
- an inserted item goes again, unless something was stored on it (then it is skipped instead).

Undoing the start puts the session back to planned: its attendance no longer counts (every mark
gets a correction, and the mark changes their undo rows), and the marks stay in the history.

The live screen's Ctrl+Z takes back the latest change to the agenda, timers and session; the
check-in's the latest attendance change (`ATTENDANCE_CHANGES`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import col, select

from kursrom.core.vocabulary import ATTENDANCE_CHANGES, AttendanceStatus, ChangeKind, TimerEventKind
from kursrom.i18n import _
from kursrom.store.attendance import counting_mark_ids
from kursrom.store.models import (
    AgendaItem, AttendanceEvent, CourseSession, EvaluationScore, ExerciseResult, Note, Participant, SessionChange,
    TimerEvent,
)

if TYPE_CHECKING:
    from sqlmodel import Session

    from kursrom.store.db import Store

#: The session's fields a change may set, and so an undo may set back.
SESSION_FIELDS = ("status", "started_at", "ended_at", "current_item_id")


@dataclass
class Change:
    """What one change does, collected while it runs (`journal.record` stores it)."""

    kind: ChangeKind
    label: str = ""
    timer_events: list[TimerEvent] = field(default_factory=list)
    marks: list[AttendanceEvent] = field(default_factory=list)
    session: dict[str, Any] = field(default_factory=dict)  # field -> value before the change
    items: dict[int, dict[str, Any]] = field(default_factory=dict)  # item id -> field -> value before
    added_items: list[AgendaItem] = field(default_factory=list)

    def set_session(self, session: CourseSession, **values: Any) -> None:
        """Set fields of the session, keeping what they were before the change began."""
        for name, value in values.items():
            if getattr(session, name) != value:
                self.session.setdefault(name, getattr(session, name))
                setattr(session, name, value)

    def set_item(self, item: AgendaItem, **values: Any) -> None:
        for name, value in values.items():
            if getattr(item, name) != value:
                self.items.setdefault(item.id, {}).setdefault(name, getattr(item, name))
                setattr(item, name, value)

    @property
    def empty(self) -> bool:
        return not (self.timer_events or self.marks or self.added_items or self.session or self.items)


def record(db: Session, store: Store, session_id: int, change: Change, at: datetime) -> SessionChange | None:
    """Store `change` in the journal (in the caller's transaction). Nothing done, nothing stored."""
    if change.empty:
        return None
    db.flush()  # the ids of the rows the change added
    row = SessionChange(session_id=session_id, kind=change.kind, at=at, terminal=store.terminal,
                        label=change.label, data=_data(change))
    db.add(row)
    return row


def _data(change: Change) -> dict[str, Any]:
    return {
        "timer_events": [event.id for event in change.timer_events],
        "marks": [event.id for event in change.marks],
        "session": {name: _plain(value) for name, value in change.session.items()},
        "items": {str(item_id): {name: _plain(value) for name, value in before.items()}
                  for item_id, before in change.items.items()},
        "added_items": [item.id for item in change.added_items],
    }


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _session_value(name: str, value: Any) -> Any:
    return datetime.fromisoformat(value) if name in ("started_at", "ended_at") and value else value


# --------------------------------------------------------------------------------------------------
# Reading the journal


def undone_ids(db: Session, session_id: int) -> set[int]:
    return set(db.exec(select(SessionChange.undoes_id).where(
        SessionChange.session_id == session_id, col(SessionChange.undoes_id).is_not(None))))


def last_change(db: Session, session_id: int, *, attendance: bool) -> SessionChange | None:
    """The latest change of the session not yet undone: an attendance change, or any other."""
    undone = undone_ids(db, session_id)
    query = (select(SessionChange).where(SessionChange.session_id == session_id, SessionChange.kind != ChangeKind.UNDO)
             .order_by(col(SessionChange.id).desc()))
    for change in db.exec(query):
        if change.id not in undone and (change.kind in ATTENDANCE_CHANGES) == attendance:
            return change
    return None


def latest_of(db: Session, session_id: int, kind: ChangeKind) -> SessionChange | None:
    """The latest change of one kind that still stands."""
    undone = undone_ids(db, session_id)
    query = (select(SessionChange).where(SessionChange.session_id == session_id, SessionChange.kind == kind)
             .order_by(col(SessionChange.id).desc()))
    return next((change for change in db.exec(query) if change.id not in undone), None)


def journal_of(store: Store, session_id: int) -> list[SessionChange]:
    """Every change and undo of a session, oldest first (the audit trail)."""
    with store.read() as db:
        return list(db.exec(select(SessionChange).where(SessionChange.session_id == session_id)
                            .order_by(col(SessionChange.id))))


# --------------------------------------------------------------------------------------------------
# Undo


@dataclass(frozen=True)
class Undone:
    """What an undo took back, for the notice that says so."""

    kind: ChangeKind
    label: str = ""
    people: tuple[str, ...] = ()  # whose marks, for an attendance change
    kept_item: bool = False  # an inserted item with something stored on it stays, skipped

    def sentence(self) -> str:
        """The notice: "Undone: next item (The animal exercise)."."""
        what = self.kind.label
        if self.label or self.people:
            what += f" ({self.label or ', '.join(self.people)})"
        text = _("Undone: {what}.").format(what=what)
        if self.kind == ChangeKind.START:
            text += " " + _("The session is planned again; its attendance no longer counts (it stays in the history).")
        if self.kept_item:
            text += " " + _("Something was stored on the item, so it stays, skipped.")
        return text


def undo_last(store: Store, session_id: int, *, attendance: bool = False, at: datetime | None = None) -> Undone | None:
    """Take back the latest change (the latest attendance change with `attendance`). None when there
    is nothing left to undo."""
    at = at or store.now()
    with store.session() as db:
        change = last_change(db, session_id, attendance=attendance)
        if change is None:
            return None
        corrections = Corrections(db, store, session_id, at)
        kept = corrections.take_back(change)
        people = _names(db, list(corrections.marks.values()))
        corrections.close(change)
        if change.kind == ChangeKind.START:
            corrections.void_attendance(change)
    return Undone(ChangeKind(change.kind), change.label, people, kept)


class Corrections:
    """The rows one undo writes: corrections, restored fields, and the journal's undo rows."""

    def __init__(self, db: Session, store: Store, session_id: int, at: datetime) -> None:
        self.db, self.store, self.session_id, self.at = db, store, session_id, at
        self.written: list[TimerEvent | AttendanceEvent] = []  # the corrections of the change in hand
        self.marks: dict[int, int] = {}  # mark taken back -> its participant

    def take_back(self, change: SessionChange) -> bool:
        """Undo one change; True when an inserted item had to stay (skipped)."""
        data = change.data or {}
        for event_id in data.get("timer_events", []):
            self._undo_timer_event(event_id)
        for mark_id in data.get("marks", []):
            self._undo_mark(mark_id)
        session = self.db.get(CourseSession, self.session_id)
        for name, value in (data.get("session") or {}).items():
            if name in SESSION_FIELDS:
                setattr(session, name, _session_value(name, value))
        self.db.add(session)
        for item_id, before in (data.get("items") or {}).items():
            item = self.db.get(AgendaItem, int(item_id))
            if item is not None:
                for name, value in before.items():
                    setattr(item, name, value)
                self.db.add(item)
        kept = False
        for item_id in data.get("added_items", []):
            kept = self._remove_item(item_id) or kept
        return kept

    def close(self, change: SessionChange, **extra: Any) -> None:
        """The journal's row for this undo, naming the corrections it wrote."""
        self.db.flush()
        data = {"corrections": [row.id for row in self.written], **extra}
        self.db.add(SessionChange(session_id=self.session_id, kind=ChangeKind.UNDO, at=self.at,
                                  terminal=self.store.terminal, label=change.label, data=data,
                                  undoes_id=change.id))
        self.written = []

    def void_attendance(self, start: SessionChange) -> None:
        """The session is planned again: none of its marks counts (each stays in the history), and
        the check-in's changes are closed with the start's undo."""
        undone = undone_ids(self.db, self.session_id)
        for change in self.db.exec(select(SessionChange).where(
                SessionChange.session_id == self.session_id, col(SessionChange.kind).in_(ATTENDANCE_CHANGES))
                .order_by(col(SessionChange.id))):
            if change.id not in undone:
                for mark_id in (change.data or {}).get("marks", []):
                    self._undo_mark(mark_id)
                self.close(change, with_start=start.id)
        for mark_id in counting_mark_ids(self.db, self.session_id):  # marks no change recorded
            self._undo_mark(mark_id)
        self.db.flush()

    def _undo_timer_event(self, event_id: int) -> None:
        event = self.db.get(TimerEvent, event_id)
        if event is None or self.db.exec(select(TimerEvent.id).where(TimerEvent.undoes == event_id)).first():
            return
        correction = TimerEvent(item_id=event.item_id, kind=TimerEventKind.UNDO, at=self.at, undoes=event_id,
                                terminal=self.store.terminal)
        self.db.add(correction)
        self.written.append(correction)

    def _undo_mark(self, mark_id: int) -> None:
        mark = self.db.get(AttendanceEvent, mark_id)
        if mark is None or mark_id in self.marks or self.db.exec(
                select(AttendanceEvent.id).where(AttendanceEvent.undoes == mark_id)).first():
            return
        correction = AttendanceEvent(session_id=mark.session_id, participant_id=mark.participant_id,
                                     status=AttendanceStatus.UNDONE, at=self.at, undoes=mark_id,
                                     terminal=self.store.terminal)
        self.db.add(correction)
        self.marks[mark_id] = mark.participant_id
        self.written.append(correction)

    def _remove_item(self, item_id: int) -> bool:
        """An inserted item goes; should anything be stored on it, it stays, skipped (True)."""
        item = self.db.get(AgendaItem, item_id)
        if item is None:
            return False
        stored = any(self.db.exec(select(table.id).where(table.item_id == item_id)).first() is not None
                     for table in (TimerEvent, Note, ExerciseResult, EvaluationScore))
        if stored:
            item.skipped = True
            self.db.add(item)
            return True
        self.db.delete(item)
        return False


def _names(db: Session, participant_ids: list[int]) -> tuple[str, ...]:
    if not participant_ids:
        return ()
    names = {p.id: p.name for p in db.exec(select(Participant).where(col(Participant.id).in_(participant_ids)))}
    return tuple(names[pid] for pid in participant_ids if pid in names)
