"""Attendance as stored: every mark and correction is a row of `attendance_event`, and a person's
state at a session is their *latest counting* row. This module is the one place that says which
rows count, what "latest" means and what the attendance share counts; it also writes the marks.

Latest is the row stored last (the highest id), not the one with the latest `at`: `at` comes from
the clock of whichever terminal made the mark, and two terminals (or a clock set back) may disagree,
while the order of the rows is the order the database took them in.

An undo (`kursrom.store.journal`) never deletes a mark: it stores a correction, a row with status
"undone" whose `undoes` names the mark it takes back. Neither row counts: a person whose marks are
all taken back is not marked, and undoing a session's start takes back every mark of it. Every
reader goes through `latest_marks`, `mark_histories` or `attendance_shares`, so the live screen, the
check-in, the summary, the reports and the round's share agree; only `mark_trail` (the history
dialog) shows the corrections too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlmodel import col, select

from kursrom.core.vocabulary import MARKS, TIMED, ChangeKind
from kursrom.store.models import AttendanceEvent
from kursrom.store.overview import counting, shares_from, shares_sql

if TYPE_CHECKING:
    from datetime import datetime

    from sqlmodel import Session

    from kursrom.store.db import Store


def latest_first(table: str = "") -> str:
    """SQL: the rank of a mark among the marks of its person at its session, 1 for the current one.
    `table` is the alias of attendance_event in the query, if it has one."""
    at = f"{table}." if table else ""
    return f"ROW_NUMBER() OVER (PARTITION BY {at}session_id, {at}participant_id ORDER BY {at}id DESC)"


def is_counting(event: AttendanceEvent, undone: set[int]) -> bool:
    """The same rule for rows in hand: `undone` holds the ids corrections take back."""
    return event.undoes is None and event.id not in undone


_LATEST = f"""
SELECT id FROM (
    SELECT id, {latest_first()} AS newest FROM attendance_event
    WHERE session_id IN ({{sessions}}){{people}} AND {counting()}
) WHERE newest = 1
"""

Key = tuple[int, int]  # (session id, participant id)


def _placeholders(values: list[int]) -> str:
    return ", ".join("?" for _value in values)


def latest_marks(db: Session, session_ids: Iterable[int],
                 participant_ids: Iterable[int] | None = None) -> dict[Key, AttendanceEvent]:
    """The current mark of each (session, person) that has one."""
    sessions = list(session_ids)
    people = None if participant_ids is None else list(participant_ids)
    if not sessions or people == []:
        return {}
    where_people = f" AND participant_id IN ({_placeholders(people)})" if people else ""
    sql = _LATEST.format(sessions=_placeholders(sessions), people=where_people)
    ids = [row[0] for row in db.connection().exec_driver_sql(sql, tuple(sessions + (people or [])))]
    found: dict[Key, AttendanceEvent] = {}
    for start in range(0, len(ids), 500):  # SQLite's limit on bound parameters
        for event in db.exec(select(AttendanceEvent).where(col(AttendanceEvent.id).in_(ids[start:start + 500]))):
            found[(event.session_id, event.participant_id)] = event
    return found


def mark_histories(db: Session, session_ids: Iterable[int],
                   participant_ids: Iterable[int] | None = None) -> dict[Key, list[AttendanceEvent]]:
    """Every mark that counts of each (session, person), in the order stored: the last one is
    current. A person whose marks were all taken back has none."""
    trail = mark_trail(db, session_ids, participant_ids)
    histories: dict[Key, list[AttendanceEvent]] = {}
    for key, events in trail.items():
        undone = {event.undoes for event in events if event.undoes is not None}
        kept = [event for event in events if is_counting(event, undone)]
        if kept:
            histories[key] = kept
    return histories


def mark_trail(db: Session, session_ids: Iterable[int],
               participant_ids: Iterable[int] | None = None) -> dict[Key, list[AttendanceEvent]]:
    """Every row of each (session, person), corrections included, in the order stored: the audit
    trail, for the history dialog (a correction always belongs to its mark's person and session)."""
    sessions = list(session_ids)
    if not sessions:
        return {}
    query = select(AttendanceEvent).where(col(AttendanceEvent.session_id).in_(sessions))
    if participant_ids is not None:
        query = query.where(col(AttendanceEvent.participant_id).in_(list(participant_ids)))
    histories: dict[Key, list[AttendanceEvent]] = defaultdict(list)
    for event in db.exec(query.order_by(col(AttendanceEvent.id))):
        histories[(event.session_id, event.participant_id)].append(event)
    return dict(histories)


def counting_mark_ids(db: Session, session_id: int) -> list[int]:
    """The ids of the session's marks that count (current or not)."""
    sql = f"SELECT id FROM attendance_event WHERE session_id = ? AND {counting()} ORDER BY id"
    return [row[0] for row in db.connection().exec_driver_sql(sql, (session_id,))]


def attendance_shares(db: Session, round_id: int | None = None) -> dict[int, float]:
    """Per round (or for one round): attended marks over expected attendances in the sessions held.
    A round with no session held yet has no share. The SQL is `overview.SHARES`, which the home
    screen also runs without the ORM."""
    sql = shares_sql(where="WHERE s.round_id = ?" if round_id is not None else "")
    return shares_from(db.connection().exec_driver_sql(sql, (round_id,) if round_id is not None else ()))


# --------------------------------------------------------------------------------------------------
# Marking


def mark(store: Store, session_id: int, participant_id: int, status: str, *, time: datetime | None = None,
         reason: str = "") -> AttendanceEvent:
    """Record a mark or a correction. Late and left early get a time (now, unless given)."""
    return mark_many(store, session_id, [participant_id], status, time=time, reason=reason)[0]


def mark_many(store: Store, session_id: int, participant_ids: Iterable[int], status: str, *,
              time: datetime | None = None, reason: str = "") -> list[AttendanceEvent]:
    """Mark several people alike ("the rest present") in one transaction: one change to undo."""
    from kursrom.store.journal import Change, record

    if status not in MARKS:
        raise ValueError(f"unknown attendance status {status!r}")
    people = list(participant_ids)
    at = store.now()
    if status in TIMED and time is None:
        time = at
    if status not in TIMED:
        time = None
    events = [AttendanceEvent(session_id=session_id, participant_id=pid, status=status, at=at, time=time,
                              reason=reason.strip(), terminal=store.terminal) for pid in people]
    with store.session() as db:
        db.add_all(events)
        change = Change(ChangeKind.MARK if len(events) == 1 else ChangeKind.MARKS, marks=events)
        record(db, store, session_id, change, at)
    return events


def attendance_now(store: Store, session_id: int) -> dict[int, AttendanceEvent]:
    """Each person's current mark at the session, by participant id."""
    with store.read() as db:
        return {pid: event for (_sid, pid), event in latest_marks(db, [session_id]).items()}


def attendance_history(store: Store, session_id: int, participant_id: int | None = None) -> list[AttendanceEvent]:
    """Every mark, correction and undo, oldest first (one person's, or everyone's)."""
    with store.read() as db:
        trail = mark_trail(db, [session_id], None if participant_id is None else [participant_id])
    return sorted((event for events in trail.values() for event in events), key=lambda e: e.id or 0)
