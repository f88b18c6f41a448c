"""The attendance share of each round, kept in `round_share` so that the home list does not count
five years of marks (135,000 rows, half a second) each time it is shown.

The table is a cache of what `overview.SHARES` counts, never a record of its own: triggers on every
row the share is counted from (marks, enrolments, sessions, rounds) delete a round's entry when one
of them changes, in the same transaction as the change, whoever writes it (the ORM, the purge's own
connection, the co-facilitator's process). A reader counts anew only the rounds without an entry,
and a connection that may write keeps what it counted. So a share shown is always the one the
stored marks give at that moment; `tests/planning/test_overview.py` holds it to the ORM's count.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

#: (round id, expected, attended) for each round; expected 0: no session held yet.
Tally = tuple[int, int, int]

_FORGET = "DELETE FROM round_share WHERE round_id = {round}"
_OF_SESSION = "(SELECT round_id FROM course_session WHERE id = {row}.session_id)"


def _trigger(name: str, when: str, table: str, *rounds: str) -> str:
    body = "; ".join(_FORGET.format(round=round_) for round_ in rounds)
    return f"CREATE TRIGGER IF NOT EXISTS round_share_{name} AFTER {when} ON {table} BEGIN {body}; END"


#: The cache and the triggers that keep it true. New databases get them as they are created;
#: older ones in migration step 8 -> 9 (`kursrom.store.db.add_round_share`).
ROUND_SHARE_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS round_share (round_id INTEGER NOT NULL PRIMARY KEY, "
    "expected INTEGER NOT NULL, attended INTEGER NOT NULL)",
    _trigger("mark_added", "INSERT", "attendance_event", _OF_SESSION.format(row="NEW")),
    _trigger("mark_changed", "UPDATE", "attendance_event", _OF_SESSION.format(row="OLD"),
             _OF_SESSION.format(row="NEW")),
    _trigger("mark_deleted", "DELETE", "attendance_event", _OF_SESSION.format(row="OLD")),
    _trigger("enrolment_added", "INSERT", "enrolment", "NEW.round_id"),
    _trigger("enrolment_changed", "UPDATE", "enrolment", "OLD.round_id", "NEW.round_id"),
    _trigger("enrolment_deleted", "DELETE", "enrolment", "OLD.round_id"),
    _trigger("session_added", "INSERT", "course_session", "NEW.round_id"),
    # Only what the share reads: the current item changes at every step of a live session.
    _trigger("session_changed", "UPDATE OF round_id, status, started_at, planned_start", "course_session",
             "OLD.round_id", "NEW.round_id"),
    _trigger("session_deleted", "DELETE", "course_session", "OLD.round_id"),
    _trigger("round_deleted", "DELETE", "course_round", "OLD.id"),
)


def kept_tallies(cursor: sqlite3.Cursor) -> dict[int, Tally]:
    return {row[0]: row for row in cursor.execute("SELECT round_id, expected, attended FROM round_share")}


def keep_tallies(cursor: sqlite3.Cursor, tallies: Iterable[Tally]) -> bool:
    """Store freshly counted tallies in the read transaction they were counted in. False (nothing
    kept) when another connection wrote since that transaction began, or holds the write lock:
    the next reader counts again, and no one waits for a cache."""
    rows = list(tallies)
    if not rows:
        return True
    patience = cursor.execute("PRAGMA busy_timeout").fetchone()[0]
    cursor.execute("PRAGMA busy_timeout=0")
    try:
        cursor.executemany("INSERT OR REPLACE INTO round_share (round_id, expected, attended) VALUES (?, ?, ?)",
                           rows)
    except sqlite3.OperationalError:  # busy, a newer snapshot, or a read-only file
        return False
    finally:
        cursor.execute(f"PRAGMA busy_timeout={int(patience)}")
    return True
