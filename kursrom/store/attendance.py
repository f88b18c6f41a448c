"""Attendance as stored: every mark and correction is a row of `attendance_event`, and a person's
state at a session is their *latest* row. This module is the one place that says what "latest"
means and what the attendance share counts.

Latest is the row stored last (the highest id), not the one with the latest `at`: `at` comes from
the clock of whichever terminal made the mark, and two terminals (or a clock set back) may disagree,
while the order of the rows is the order the database took them in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlmodel import col, select

from kursrom.store.models import AttendanceEvent
from kursrom.store.overview import SHARES, shares_from

if TYPE_CHECKING:
    from sqlmodel import Session


def latest_first(table: str = "") -> str:
    """SQL: the rank of a mark among the marks of its person at its session, 1 for the current one.
    `table` is the alias of attendance_event in the query, if it has one."""
    at = f"{table}." if table else ""
    return f"ROW_NUMBER() OVER (PARTITION BY {at}session_id, {at}participant_id ORDER BY {at}id DESC)"


_LATEST = f"""
SELECT id FROM (
    SELECT id, {latest_first()} AS newest FROM attendance_event WHERE session_id IN ({{sessions}}){{people}}
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
    """Every mark of each (session, person), in the order stored: the last one is current."""
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


def attendance_shares(db: Session, round_id: int | None = None) -> dict[int, float]:
    """Per round (or for one round): attended marks over expected attendances in the sessions held.
    A round with no session held yet has no share."""
    sql = SHARES.format(where="WHERE s.round_id = ?" if round_id is not None else "")
    return shares_from(db.connection().exec_driver_sql(sql, (round_id,) if round_id is not None else ()))
