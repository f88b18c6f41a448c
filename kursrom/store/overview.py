"""The home screen's list of rounds, read with the DB-API alone: two SQL statements, no ORM.

This is what the facilitator waits for at start-up, so it must not wait for SQLAlchemy (a third of a
second to import): the app reads it with the standard sqlite3 module while the ORM loads, and again
through the open store's own connection afterwards. The SQL is portable (CTEs, CASE, COALESCE; no
SQLite-only functions), so the same statements can serve a database server later.

`kursrom.store.rounds.round_overviews` reads the same through the ORM; a test holds the two equal.
The state of a round and the attendance share are defined here, once, and used by both.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from kursrom.core.vocabulary import ATTENDED, FINISHED, HELD, RoundState, SessionStatus
from kursrom.store.tally import keep_tallies, kept_tallies


@dataclass(frozen=True)
class RoundRow:
    """One line of the home screen's list."""

    id: int
    title: str
    place: str
    start_date: date
    state: RoundState
    #: When the next session not yet finished is planned to start (aware UTC), if there is one.
    next_start: datetime | None
    participants: int
    sessions: int
    sessions_done: int
    #: Attended marks over expected attendances in the sessions held; None before any is held.
    attendance: float | None = None
    #: False in the list read before the first frame, which leaves the share to be counted after it.
    counted: bool = True


def round_state(sessions: int, done: int, running: int) -> RoundState:
    """Finished when no session is left to hold; running once one has started or finished; else planned."""
    if done == sessions:
        return RoundState.FINISHED
    if done or running:
        return RoundState.RUNNING
    return RoundState.PLANNED


def home_order(state: RoundState, start: date) -> tuple[int, int]:
    """Running first, then planned, soonest first; finished last, latest first."""
    rank = {RoundState.RUNNING: 0, RoundState.PLANNED: 1, RoundState.FINISHED: 2}[state]
    return rank, start.toordinal() if state != RoundState.FINISHED else -start.toordinal()


def counting(table: str = "") -> str:
    """SQL: the row is a mark that counts (neither a correction nor taken back by one): an undo
    (`kursrom.store.journal`) stores a correction whose `undoes` names the mark it takes back."""
    at = f"{table}." if table else ""
    # `+`: nearly every mark has no `undoes`, so its index would only slow the search down.
    return (f"+{at}undoes IS NULL AND {at}id NOT IN "
            "(SELECT undoes FROM attendance_event WHERE undoes IS NOT NULL)")


def _quoted(values: Iterable[str]) -> str:
    return ", ".join(f"'{value}'" for value in sorted(values))  # our own vocabulary, never user input


_ROUNDS = f"""
WITH per_round AS (
    SELECT round_id, COUNT(*) AS sessions,
           SUM(CASE WHEN status IN ({_quoted(FINISHED)}) THEN 1 ELSE 0 END) AS done,
           SUM(CASE WHEN status = '{SessionStatus.RUNNING}' THEN 1 ELSE 0 END) AS running,
           MIN(CASE WHEN status IN ({_quoted(FINISHED)}) THEN NULL ELSE number END) AS next_number
    FROM course_session GROUP BY round_id
),
people AS (
    SELECT round_id, COUNT(*) AS people FROM enrolment WHERE removed_at IS NULL AND NOT waiting GROUP BY round_id
)
SELECT r.id, r.title, r.place, r.start_date, COALESCE(p.sessions, 0), COALESCE(p.done, 0),
       COALESCE(p.running, 0), COALESCE(pe.people, 0),
       (SELECT s.planned_start FROM course_session AS s WHERE s.round_id = r.id AND s.number = p.next_number
        ORDER BY s.id LIMIT 1)
FROM course_round AS r
LEFT JOIN per_round AS p ON p.round_id = r.id
LEFT JOIN people AS pe ON pe.round_id = r.id
"""

# The attendance share per round, as sums rather than row by row (five years hold 135,000 marks).
# Expected are the people holding a place (not waiting) and not removed before a held session began,
# and anyone marked in it; attended are those whose latest mark (the highest id: the order the
# database took them in) counts as attended; only marks that count (`counting`) take part. A
# person's latest mark is attended when its id is the highest id among their attended marks: one
# pass over the index on (session, person, id, status), no window function. Times are ISO text in
# UTC, so comparing them as text compares them as times.
SHARES = f"""
WITH held AS (
    SELECT id, round_id, COALESCE(started_at, planned_start) AS begun
    FROM course_session WHERE status IN ({_quoted(HELD)}) {{rounds}}
),
pair AS (
    SELECT session_id, participant_id,
           CASE WHEN MAX(id) = MAX(CASE WHEN status IN ({_quoted(ATTENDED)}) THEN id END) THEN 1 ELSE 0 END
               AS attended
    FROM attendance_event WHERE session_id IN (SELECT id FROM held) AND {counting()}
    GROUP BY session_id, participant_id
),
person AS (
    SELECT h.round_id, p.participant_id, COUNT(*) AS marked, SUM(p.attended) AS attended
    FROM pair AS p JOIN held AS h ON h.id = p.session_id GROUP BY h.round_id, p.participant_id
),
marks AS (
    SELECT x.round_id, SUM(x.attended) AS attended,
           SUM(CASE WHEN en.id IS NULL OR en.waiting THEN x.marked ELSE 0 END) AS unenrolled
    FROM person AS x LEFT JOIN enrolment AS en ON en.round_id = x.round_id AND en.participant_id = x.participant_id
    GROUP BY x.round_id
),
sessions AS (SELECT round_id, COUNT(*) AS held FROM held GROUP BY round_id),
staying AS (
    SELECT round_id, COUNT(*) AS people FROM enrolment WHERE removed_at IS NULL AND NOT waiting GROUP BY round_id
),
removed AS (
    SELECT en.round_id,
           SUM(CASE WHEN h.begun IS NULL OR en.removed_at > h.begun THEN 1 ELSE 0 END) AS expected,
           SUM(CASE WHEN h.begun IS NULL OR en.removed_at > h.begun THEN 0 ELSE
               (SELECT COUNT(*) FROM (SELECT e.id FROM attendance_event AS e
                WHERE e.session_id = h.id AND e.participant_id = en.participant_id AND {counting("e")} LIMIT 1)
               AS one) END) AS marked
    FROM enrolment AS en JOIN held AS h ON h.round_id = en.round_id
    WHERE en.removed_at IS NOT NULL AND NOT en.waiting GROUP BY en.round_id
)
SELECT s.round_id,
       s.held * COALESCE(st.people, 0) + COALESCE(r.expected, 0) + COALESCE(r.marked, 0)
           + COALESCE(m.unenrolled, 0),
       COALESCE(m.attended, 0)
FROM sessions AS s
LEFT JOIN staying AS st ON st.round_id = s.round_id
LEFT JOIN removed AS r ON r.round_id = s.round_id
LEFT JOIN marks AS m ON m.round_id = s.round_id
{{where}}
"""


def shares_sql(where: str = "", rounds: Iterable[int] | None = None) -> str:
    """`SHARES` for every round, or counting only the sessions of `rounds`."""
    only = "" if rounds is None else f"AND round_id IN ({', '.join(str(int(r)) for r in rounds)})"
    return SHARES.format(where=where, rounds=only)


def shares_from(rows: Iterable[tuple[int, int, int]]) -> dict[int, float]:
    return {round_id: attended / expected for round_id, expected, attended in rows if expected}


def _tallies(cursor: sqlite3.Cursor, round_ids: list[int], keep: bool) -> dict[int, float]:
    """The share of each round: kept ones from `round_share`, the others counted now (and kept,
    when `keep` and the connection may write). See `kursrom.store.tally`."""
    tallies = kept_tallies(cursor)
    missing = [round_id for round_id in round_ids if round_id not in tallies]
    if missing:
        counted = {round_id: (round_id, 0, 0) for round_id in missing}  # none held yet: no share
        counted.update((row[0], tuple(row)) for row in cursor.execute(shares_sql(rounds=missing)))
        if keep:
            keep_tallies(cursor, counted.values())
        tallies.update(counted)
    return shares_from(tally for tally in tallies.values() if tally[0] in round_ids)


def _utc(value: Any) -> datetime | None:
    """A stored time (ISO text in UTC, as SQLAlchemy writes it) as an aware datetime."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=timezone.utc)


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def read_round_rows(connection: Any, *, count_shares: bool = True, keep: bool = False) -> list[RoundRow]:
    """Every round, in the home screen's order, from a DB-API connection (in one read transaction,
    so the counts and the shares are of the same moment). Without `count_shares` the attendance
    share is left out: the rounds take milliseconds, and so do the shares kept in `round_share`,
    but counting them all anew takes half a second on five years. With `keep`, shares counted
    anew are kept for the next reader."""
    cursor = connection.cursor()
    try:
        cursor.execute("BEGIN")
        try:
            rounds = cursor.execute(_ROUNDS).fetchall()
            shares = _tallies(cursor, [row[0] for row in rounds], keep) if count_shares else {}
        finally:
            cursor.execute("COMMIT")
    finally:
        cursor.close()
    rows = []
    for round_id, title, place, start, sessions, done, running, people, next_start in rounds:
        rows.append(RoundRow(round_id, title, place, _day(start), round_state(sessions, done, running),
                             _utc(next_start), people, sessions, done, shares.get(round_id), count_shares))
    rows.sort(key=lambda row: home_order(row.state, row.start_date))
    return rows


#: Page cache (KiB) of a connection that reads once and closes: SQLite's default (2 MiB) buys
#: nothing there, and it adds to the start-up's peak memory on a large file.
ONE_READ_CACHE_KIB = 256


def round_rows_at(uri: str, *, count_shares: bool = True) -> list[RoundRow]:
    """The list, read from a database file through its read-only URI (`fileguard.database_uri`)."""
    connection = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    try:
        connection.execute(f"PRAGMA cache_size=-{ONE_READ_CACHE_KIB}")
        return read_round_rows(connection, count_shares=count_shares)
    finally:
        connection.close()


def round_rows(store: Any) -> list[RoundRow]:
    """The list, read from an open store's file (`kursrom.store.db.Store`) on a connection of its
    own, with a small cache: the pooled reader would keep the pages it read and its scratch space
    for the rest of the session. Shares counted anew are kept when the store may write."""
    from kursrom.store.errors import store_error

    try:
        if store.read_only is not None:  # the store knows how such a file can be read (immutable or not)
            connection = store.reader.raw_connection()
            try:
                return read_round_rows(connection)
            finally:
                connection.close()
        # mode=rw: a file gone meanwhile is an error, not a new empty database.
        uri = f"{Path(store.path).absolute().as_uri()}?mode=rw"
        connection = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        try:
            connection.execute(f"PRAGMA cache_size=-{ONE_READ_CACHE_KIB}")
            connection.execute("PRAGMA secure_delete=ON")
            return read_round_rows(connection, keep=True)
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise store_error(error, store.path) from error
