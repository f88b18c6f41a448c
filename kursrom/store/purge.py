"""Retention (`kursrom purge`): removing finished rounds older than a date, with everything in them
and the people who are in no remaining round; then the file is rewritten (`kursrom.store.privacy`).

What the purge keeps may still name the people it removes: a note of a later round, another
participant's plan. Their names there are listed (`PurgeReport.left`) and, on request
(`redact_kept`), replaced. A dry run takes the same steps in a transaction it rolls back, so it can
tell what would be left; nothing of it reaches the file or its log (`cache_spill` is off).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time as clock_time, timezone
from pathlib import Path

from kursrom.core.autosave import Rescued
from kursrom.core.clock import OSLO
from kursrom.core.collation import name_key
from kursrom.core.vocabulary import FINISHED
from kursrom.i18n import _
from kursrom.store.db import Store
from kursrom.store.erasure import RowRounds
from kursrom.store.marks import count_erasure
from kursrom.store.privacy import PrivacyError, backups_of, connect, delete_files, existing, rewrite_file
from kursrom.store.redaction import PLACEHOLDER, redact_text
from kursrom.store.rescues import RescueFiles
from kursrom.store.sweep import LeftName, Place, RemovedNames, names_left, removed_only


@dataclass(frozen=True)
class PurgedRound:
    id: int
    title: str
    start: date
    last: date | None  # the local date the last session ended (or was planned to end)
    sessions: int
    participants: int


@dataclass
class PurgeReport:
    before: date
    dry_run: bool
    rounds: list[PurgedRound] = field(default_factory=list)
    sessions: int = 0
    notes: int = 0
    attendance: int = 0
    results: int = 0
    #: People in the removed rounds who are in no remaining round: they are removed too.
    participants: int = 0
    #: Their names where the purge keeps text: in later rounds, other people's plans, rescue files.
    left: list[LeftName] = field(default_factory=list)
    #: Rows (and rescue files) where those names were replaced (`redact_kept`).
    redacted: int = 0
    vacuumed: bool = False
    wal_cleared: bool = False
    backups: list[Path] = field(default_factory=list)
    backups_deleted: bool = False
    #: Files exported from the removed rounds: personal data outside the database.
    exports: list[Path] = field(default_factory=list)
    #: Rescue files the purge rewrote or deleted, and those it could not.
    rescues_changed: list[Path] = field(default_factory=list)
    rescues_failed: list[Path] = field(default_factory=list)


def _parse_utc(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value).replace(tzinfo=timezone.utc)


def purgeable_rounds(conn: sqlite3.Connection, before: date, now: datetime) -> list[PurgedRound]:
    """Finished rounds whose last session ended before `before` (a local date, Europe/Oslo). A
    round is finished when every session is done or exported, or when every session was planned to
    end before the date and is in the past (a round left unfinished): a round still to come is
    never removed, whatever the date."""
    cutoff = datetime.combine(before, clock_time(0), OSLO).astimezone(timezone.utc)
    past_line = min(cutoff, now)
    sessions: dict[int, list[tuple[str, datetime | None, datetime | None]]] = {}
    for round_id, status, planned_end, ended_at in conn.execute(
            "SELECT round_id, status, planned_end, ended_at FROM course_session"):
        sessions.setdefault(round_id, []).append((status, _parse_utc(planned_end), _parse_utc(ended_at)))
    people = dict(conn.execute("SELECT round_id, count(*) FROM enrolment GROUP BY round_id").fetchall())
    found = []
    for round_id, title, start in conn.execute("SELECT id, title, start_date FROM course_round ORDER BY start_date"):
        start_date = date.fromisoformat(start)
        own = sessions.get(round_id, [])
        if not own:
            if start_date < before:
                found.append(PurgedRound(round_id, title, start_date, None, 0, people.get(round_id, 0)))
            continue
        ends = [ended or planned for _status, planned, ended in own]
        if any(end is None for end in ends):
            continue
        last = max(ends)
        done = all(status in FINISHED for status, _planned, _ended in own)
        past = all(planned is not None and planned < past_line for _status, planned, _ended in own)
        if last < cutoff and (done or past):
            found.append(PurgedRound(round_id, title, start_date, last.astimezone(OSLO).date(), len(own),
                                     people.get(round_id, 0)))
    return found


def purge_before(store: Store, before: date, dry_run: bool = True, *, delete_backups: bool = False,
                 redact_kept: bool = False) -> PurgeReport:
    """Remove finished rounds older than `before` with everything in them, and the people who are
    in no remaining round; list where their names are left (replace them with `redact_kept`); then
    rebuild the file. A dry run counts the same and changes nothing."""
    report = PurgeReport(before, dry_run)
    rescues = RescueFiles.of(store.path)
    conn = connect(store)
    # Every dependent row is deleted explicitly below, children first, and the result is checked
    # before committing. The foreign keys' own actions would do the same, but each deleted session,
    # item and round makes SQLite scan every table that points at it without an index: 30 s instead
    # of 0.4 s for a year of courses in the five-year benchmark.
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("PRAGMA cache_spill=OFF")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            erasures = _purge_in_transaction(conn, store, before, report, rescues, redact_kept)
            conn.execute("ROLLBACK" if dry_run else "COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()
    report.backups = backups_of(store.path)
    if dry_run:
        return report
    if erasures is not None:
        rescues.apply(erasures)
        report.rescues_changed = [*rescues.rewritten, *rescues.deleted]
        report.rescues_failed = rescues.failed
    if report.rounds:
        rewrite = rewrite_file(store)
        report.vacuumed, report.wal_cleared = rewrite.vacuumed, rewrite.wal_cleared
    if delete_backups:
        delete_files(report.backups)
        report.backups_deleted = True
    return report


def _purge_in_transaction(conn: sqlite3.Connection, store: Store, before: date, report: PurgeReport,
                          rescues: RescueFiles, redact_kept: bool) -> int | None:
    """The purge's work inside its transaction; returns the new erasure count (None: nothing went)."""
    report.rounds = purgeable_rounds(conn, before, store.now())
    conn.execute("CREATE TEMP TABLE purge_round (id INTEGER PRIMARY KEY)")
    conn.execute("CREATE TEMP TABLE purge_session (id INTEGER PRIMARY KEY)")
    conn.execute("CREATE TEMP TABLE purge_person (id INTEGER PRIMARY KEY)")
    conn.executemany("INSERT INTO purge_round VALUES (?)", [(r.id,) for r in report.rounds])
    conn.execute("INSERT INTO purge_session SELECT id FROM course_session WHERE round_id IN purge_round")
    conn.execute(
        "INSERT INTO purge_person SELECT participant_id FROM enrolment WHERE round_id IN purge_round "
        "UNION SELECT participant_id FROM attendance_event WHERE session_id IN purge_session "
        "EXCEPT SELECT participant_id FROM enrolment WHERE round_id NOT IN purge_round "
        "EXCEPT SELECT participant_id FROM attendance_event WHERE session_id NOT IN purge_session")
    count = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    report.sessions = count("SELECT count(*) FROM purge_session")
    report.notes = count("SELECT count(*) FROM note WHERE session_id IN purge_session")
    report.attendance = count("SELECT count(*) FROM attendance_event WHERE session_id IN purge_session")
    report.results = count("SELECT count(*) FROM exercise_result WHERE item_id IN "
                           "(SELECT id FROM agenda_item WHERE session_id IN purge_session)")
    report.participants = count("SELECT count(*) FROM purge_person")
    report.exports = existing(path for (path,) in conn.execute(
        "SELECT path FROM export_record WHERE round_id IN purge_round OR session_id IN purge_session"))
    people = conn.execute("SELECT id, name FROM participant WHERE id IN purge_person").fetchall()
    sessions = {session for (session,) in conn.execute("SELECT id FROM purge_session")}
    _delete_rounds(conn)
    if not report.dry_run:
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise PrivacyError(_("The purge would leave {count} row(s) pointing at removed data (first in "
                                 "table {table}); nothing was removed.").format(count=len(broken), table=broken[0][0]))
    for table in ("purge_round", "purge_session", "purge_person"):
        conn.execute(f"DROP TABLE {table}")
    removed = RemovedNames(people, [name for (name,) in conn.execute("SELECT name FROM participant")])
    placeholder = _(PLACEHOLDER) if redact_kept else None
    report.redacted, left = names_left(conn, removed, RowRounds(), placeholder)
    report.redacted += _purge_rescues(rescues, removed, sessions, placeholder, left)
    report.left = sorted(left.values(), key=lambda entry: name_key(entry.name))
    if not report.rounds:
        return None
    return count_erasure(conn)


def _purge_rescues(rescues: RescueFiles, removed: RemovedNames, sessions: set[int], placeholder: str | None,
                   left: dict[int, LeftName]) -> int:
    """Rescued notes of removed sessions go; removed people's names in the others are listed (and
    replaced, with a placeholder). Returns how many notes were redacted."""
    redacted = 0

    def change(path: Path, note: Rescued) -> Rescued | None:
        nonlocal redacted
        if note.session_id in sessions:
            return None
        finder = removed.finder_for(note.title + "\n" + note.text)
        for found in finder.find(note.title + "\n" + note.text):
            for pid in (found.owners if removed_only(found) else ()):
                left.setdefault(pid, LeftName(removed.names[pid])).add(Place("rescue", path.name, 0, ()))
        if placeholder is None:
            return note
        new = replace(note, title=redact_text(note.title, finder, placeholder, removed_only),
                      text=redact_text(note.text, finder, placeholder, removed_only))
        redacted += new != note
        return new

    rescues.change(change)
    return redacted


def _delete_rounds(conn: sqlite3.Connection) -> None:
    """Everything in the rounds and of the people leaving with them, children first, set-wise; what
    the foreign keys would set to NULL (a SØT plan's round, a copied round's origin) is set here."""
    items = "SELECT id FROM agenda_item WHERE session_id IN purge_session"
    conn.execute(f"DELETE FROM timer_event WHERE item_id IN ({items})")
    conn.execute(f"DELETE FROM exercise_result WHERE item_id IN ({items})")
    conn.execute("DELETE FROM note_tag WHERE note_id IN (SELECT id FROM note WHERE session_id IN purge_session)")
    conn.execute("DELETE FROM note WHERE session_id IN purge_session")
    conn.execute("DELETE FROM evaluation_score WHERE session_id IN purge_session")
    conn.execute("DELETE FROM evaluation_comment WHERE session_id IN purge_session")
    conn.execute("DELETE FROM attendance_event WHERE session_id IN purge_session")
    conn.execute("DELETE FROM export_record WHERE session_id IN purge_session OR round_id IN purge_round")
    conn.execute("UPDATE sot_revision SET session_id = NULL WHERE session_id IN purge_session")
    conn.execute("UPDATE sot_board SET round_id = NULL WHERE round_id IN purge_round")
    conn.execute("DELETE FROM agenda_item WHERE session_id IN purge_session")
    conn.execute("DELETE FROM course_session WHERE id IN purge_session")
    conn.execute("DELETE FROM follow_up WHERE round_id IN purge_round")
    conn.execute("DELETE FROM enrolment WHERE round_id IN purge_round")
    conn.execute("UPDATE course_round SET copied_from_id = NULL WHERE copied_from_id IN purge_round")
    conn.execute("DELETE FROM course_round WHERE id IN purge_round")
    person = "participant_id IN purge_person"
    conn.execute(f"DELETE FROM sot_revision WHERE board_id IN (SELECT id FROM sot_board WHERE {person})")
    for table in ("sot_board", "note_tag", "exercise_result", "attendance_event", "follow_up", "enrolment"):
        conn.execute(f"DELETE FROM {table} WHERE {person}")
    conn.execute("DELETE FROM participant WHERE id IN purge_person")
