"""Privacy: erasing one person (`forget_participant`) and removing old rounds (`purge_before`).

Participants are often vulnerable people, and what kursrom stores about them is personal data. A
person who asks to be forgotten is erased everywhere kursrom keeps text: their own rows go, and
their name inside what others wrote (notes, exercise results, comments, plans) is replaced by a
placeholder. Deleting rows is not enough for the bytes to leave the disk: SQLite keeps freed pages
and old page versions in the file and in its write-ahead log. So every deletion here runs with
`secure_delete` (freed space is zeroed), then the file is rebuilt (`VACUUM`, its scratch copy kept in
memory rather than in /tmp) and the log is emptied (`wal_checkpoint(TRUNCATE)`).

Backups beside the database (`<db>.v1-….bak`, written before a migration) and exported files hold
the same people; they are listed in the reports so the facilitator can delete them, or deleted here
on request.

Both work on one sqlite3 connection of their own rather than `store.session()`: they need settings
of the connection (secure_delete; for the purge, foreign keys off while it deletes set-wise and
checks the result itself) and VACUUM, which cannot run inside SQLAlchemy's transaction. Plain
Python: the `kursrom forget` and `kursrom purge` commands use it.
"""

from __future__ import annotations

import glob
import json
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time as clock_time, timezone
from pathlib import Path
from typing import Any

from kursrom.core.clock import OSLO
from kursrom.core.names import first_name, fold, own_first_name
from kursrom.core.vocabulary import FINISHED
from kursrom.i18n import _
from kursrom.store.db import BUSY_TIMEOUT_MS, Store
from kursrom.store.redaction import Redactor

#: How long to keep trying to rebuild the file while another kursrom holds it.
REWRITE_PATIENCE_S = 10.0


class PrivacyError(ValueError):
    """An erasure or purge that cannot be done; the message is one sentence for the facilitator."""


# --------------------------------------------------------------------------------------------------
# Where free text lives. Each query yields (primary key, round id or NULL, the text columns...).
# Text columns are plain strings; JSON columns are parsed, redacted value by value and written back.

@dataclass(frozen=True)
class _TextSource:
    table: str
    columns: tuple[str, ...]
    json_columns: tuple[str, ...]
    query: str


_SESSION_ROUND = "JOIN course_session s ON s.id = t.session_id"
TEXT_SOURCES = (
    _TextSource("note", ("text",), (), f"SELECT t.id, s.round_id, t.text FROM note t {_SESSION_ROUND}"),
    _TextSource("exercise_result", (), ("data",),
                "SELECT t.id, s.round_id, t.data FROM exercise_result t JOIN agenda_item a ON a.id = t.item_id "
                "JOIN course_session s ON s.id = a.session_id"),
    _TextSource("evaluation_comment", ("text",), (),
                f"SELECT t.id, s.round_id, t.text FROM evaluation_comment t {_SESSION_ROUND}"),
    _TextSource("agenda_item", ("title", "prompt", "instructions"), (),
                f"SELECT t.id, s.round_id, t.title, t.prompt, t.instructions FROM agenda_item t {_SESSION_ROUND}"),
    _TextSource("attendance_event", ("reason",), (),
                f"SELECT t.id, s.round_id, t.reason FROM attendance_event t {_SESSION_ROUND} WHERE t.reason != ''"),
    _TextSource("sot_revision", ("situation", "wish"), ("actions",),
                "SELECT t.id, b.round_id, t.situation, t.wish, t.actions FROM sot_revision t "
                "JOIN sot_board b ON b.id = t.board_id"),
    _TextSource("follow_up", ("note",), (), "SELECT t.id, t.round_id, t.note FROM follow_up t WHERE t.note != ''"),
    _TextSource("enrolment", ("removed_reason",), (),
                "SELECT t.id, t.round_id, t.removed_reason FROM enrolment t WHERE t.removed_reason != ''"),
    _TextSource("participant", ("contact", "accessibility_note"), (),
                "SELECT t.id, e.round_id, t.contact, t.accessibility_note FROM participant t "
                "LEFT JOIN enrolment e ON e.participant_id = t.id "
                "WHERE t.contact != '' OR t.accessibility_note != ''"),
    # An individual guidance course may well be titled with the person's name.
    _TextSource("course_round", ("title", "place"), (), "SELECT t.id, t.id, t.title, t.place FROM course_round t"),
    _TextSource("course_session", ("title", "theme"), (),
                "SELECT t.id, t.round_id, t.title, t.theme FROM course_session t"),
    _TextSource("export_record", ("path",), (),
                "SELECT t.id, coalesce(t.round_id, s.round_id), t.path FROM export_record t "
                "LEFT JOIN course_session s ON s.id = t.session_id"),
)


def _redact_everywhere(conn: sqlite3.Connection, redactor: Redactor) -> int:
    """Replace the names in every text kursrom keeps; returns how many rows changed."""
    changed = 0
    for source in TEXT_SOURCES:
        rows: dict[int, tuple[set[int | None], tuple[Any, ...]]] = {}
        for pk, round_id, *values in conn.execute(source.query):
            rounds, _values = rows.setdefault(pk, (set(), tuple(values)))
            rounds.add(round_id)
        names = (*source.columns, *source.json_columns)
        for pk, (rounds, values) in rows.items():
            finder = redactor.finder_for(rounds)
            new_values = []
            for column, value in zip(names, values):
                if column in source.json_columns:
                    try:
                        parsed = json.loads(value)
                    except (TypeError, ValueError):  # not JSON after all: redact it as text
                        new_values.append(redactor.text(value, finder) if isinstance(value, str) else value)
                        continue
                    redacted = redactor.data(parsed, finder)
                    new_values.append(value if redacted == parsed else json.dumps(redacted))
                else:
                    new_values.append(redactor.text(value or "", finder) if value is not None else None)
            if list(values) != new_values:
                assignments = ", ".join(f'"{column}" = ?' for column in names)
                conn.execute(f"UPDATE {source.table} SET {assignments} WHERE id = ?", (*new_values, pk))
                changed += 1
    return changed


# --------------------------------------------------------------------------------------------------
# Rewriting the file


def _connect(store: Store) -> sqlite3.Connection:
    conn = sqlite3.connect(store.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                           check_same_thread=False)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # Freed pages and cells are overwritten with zeros, so the bytes go even if VACUUM cannot run.
    conn.execute("PRAGMA secure_delete=ON")
    # VACUUM builds a copy of the whole database; keep it in memory, never in a temporary file.
    conn.execute("PRAGMA temp_store=MEMORY")
    return conn


@dataclass(frozen=True)
class Rewrite:
    vacuumed: bool  # the file was rebuilt without the freed pages
    wal_cleared: bool  # the write-ahead log is empty: no old page versions are left in it


def rewrite_file(store: Store, patience: float = REWRITE_PATIENCE_S) -> Rewrite:
    """VACUUM the database and empty its WAL, retrying while another kursrom is busy with it.

    Another open kursrom keeps the log from being emptied only while it is reading; when the last
    connection closes, SQLite checkpoints and removes the log."""
    deadline = time.monotonic() + patience
    conn = _connect(store)
    try:
        vacuumed = False
        while True:
            try:
                conn.execute("VACUUM")
                vacuumed = True
                break
            except sqlite3.OperationalError:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.1)
        cleared = False
        while True:
            busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            wal = store.path.with_name(store.path.name + "-wal")
            cleared = busy == 0 and (not wal.exists() or wal.stat().st_size == 0)
            if cleared or time.monotonic() > deadline:
                break
            time.sleep(0.1)
    finally:
        conn.close()
    return Rewrite(vacuumed, cleared)


def backups_of(path: Path) -> list[Path]:
    """Backups kursrom wrote beside the database (before a migration): personal data too."""
    return sorted(p for p in path.parent.glob(glob.escape(path.name) + "*.bak") if p.is_file())


def _delete_files(paths: Iterable[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _existing(paths: Iterable[str]) -> list[Path]:
    found = {Path(p).expanduser() for p in paths if p}
    return sorted(p for p in found if p.is_file())


# --------------------------------------------------------------------------------------------------
# Forgetting a person


@dataclass
class ForgetReport:
    participant_id: int
    enrolments: int = 0
    attendance: int = 0
    results: int = 0
    sot_boards: int = 0
    sot_revisions: int = 0
    follow_ups: int = 0
    notes_deleted: int = 0  # notes tagged to them alone
    notes_untagged: int = 0  # notes also tagged to others: kept, their tag and name taken out
    texts_redacted: int = 0  # rows elsewhere where their name was replaced
    vacuumed: bool = False
    wal_cleared: bool = False
    #: Backups beside the database: they still hold the person unless deleted.
    backups: list[Path] = field(default_factory=list)
    backups_deleted: bool = False
    #: Files exported from the rounds they were in: they may name them; kursrom cannot edit them.
    exports: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    rounds: tuple[str, ...]  # titles of the rounds they are or were in


def find_participants(store: Store, text: str) -> list[Candidate]:
    """Who `text` names: a participant id, or a full name (case, accents written alike, spacing
    ignored). Several people may share a name; the caller asks which one."""
    wanted = fold(text)
    conn = sqlite3.connect(store.path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        rows = conn.execute("SELECT id, name FROM participant").fetchall()
        if wanted.isdigit():
            hits = [(pid, name) for pid, name in rows if pid == int(wanted)]
        else:
            hits = []
        if not hits:
            hits = [(pid, name) for pid, name in rows if fold(name) == wanted]
        candidates = []
        for pid, name in sorted(hits):
            titles = tuple(title for (title,) in conn.execute(
                "SELECT r.title FROM course_round r JOIN enrolment e ON e.round_id = r.id "
                "WHERE e.participant_id = ? ORDER BY r.start_date", (pid,)))
            candidates.append(Candidate(pid, name, titles))
        return candidates
    finally:
        conn.close()


def forget_participant(store: Store, participant_id: int, *, delete_backups: bool = False) -> ForgetReport:
    """Erase a person: their row, enrolments, attendance, exercise results, SØT plans, follow-up,
    and the notes tagged to them alone; replace their name in every other text (their full name
    everywhere, their first name alone in the rounds they were in where no one else has it); then
    rebuild the file so the bytes are gone from it and from its log."""
    report = ForgetReport(participant_id)
    conn = _connect(store)
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute("SELECT name FROM participant WHERE id = ?", (participant_id,)).fetchone()
            if row is None:
                raise PrivacyError(_("There is no participant {id}.").format(id=participant_id))
            name = row[0]
            rounds = [r for (r,) in conn.execute(
                "SELECT round_id FROM enrolment WHERE participant_id = ? UNION "
                "SELECT s.round_id FROM attendance_event a JOIN course_session s ON s.id = a.session_id "
                "WHERE a.participant_id = ?", (participant_id, participant_id))]
            report.exports = _existing(path for (path,) in conn.execute(
                "SELECT t.path FROM export_record t LEFT JOIN course_session s ON s.id = t.session_id "
                f"WHERE coalesce(t.round_id, s.round_id) IN ({_marks(rounds)})", rounds))
            first_in = _first_name_rounds(conn, participant_id, name, rounds)
            _erase_rows(conn, participant_id, report)
            redactor = Redactor([name], {round_id: [first_name(name)] for round_id in first_in})
            report.texts_redacted = _redact_everywhere(conn, redactor)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()
    rewrite = rewrite_file(store)
    report.vacuumed, report.wal_cleared = rewrite.vacuumed, rewrite.wal_cleared
    report.backups = backups_of(store.path)
    if delete_backups:
        _delete_files(report.backups)
        report.backups_deleted = True
    return report


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" for _value in values)


def _first_name_rounds(conn: sqlite3.Connection, participant_id: int, name: str, rounds: list[int]) -> list[int]:
    """The rounds in which the person's first name alone points at them (`kursrom.core.names`)."""
    if not first_name(name):
        return []
    result = []
    for round_id in rounds:
        others = conn.execute(
            "SELECT p.name FROM participant p JOIN enrolment e ON e.participant_id = p.id "
            "WHERE e.round_id = ? AND p.id != ?", (round_id, participant_id))
        if own_first_name(name, (other for (other,) in others)):
            result.append(round_id)
    return result


def _erase_rows(conn: sqlite3.Connection, participant_id: int, report: ForgetReport) -> None:
    pid = (participant_id,)
    tagged = [note_id for (note_id,) in conn.execute("SELECT note_id FROM note_tag WHERE participant_id = ?", pid)]
    for note_id in tagged:
        tags = conn.execute("SELECT count(*) FROM note_tag WHERE note_id = ?", (note_id,)).fetchone()[0]
        if tags == 1:
            conn.execute("DELETE FROM note WHERE id = ?", (note_id,))
            report.notes_deleted += 1
        else:
            report.notes_untagged += 1
    conn.execute("DELETE FROM note_tag WHERE participant_id = ?", pid)
    report.attendance = conn.execute("DELETE FROM attendance_event WHERE participant_id = ?", pid).rowcount
    report.results = conn.execute("DELETE FROM exercise_result WHERE participant_id = ?", pid).rowcount
    report.sot_revisions = conn.execute(
        "DELETE FROM sot_revision WHERE board_id IN (SELECT id FROM sot_board WHERE participant_id = ?)", pid).rowcount
    report.sot_boards = conn.execute("DELETE FROM sot_board WHERE participant_id = ?", pid).rowcount
    report.follow_ups = conn.execute("DELETE FROM follow_up WHERE participant_id = ?", pid).rowcount
    report.enrolments = conn.execute("DELETE FROM enrolment WHERE participant_id = ?", pid).rowcount
    conn.execute("DELETE FROM participant WHERE id = ?", pid)


# --------------------------------------------------------------------------------------------------
# Retention: removing finished rounds


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
    vacuumed: bool = False
    wal_cleared: bool = False
    backups: list[Path] = field(default_factory=list)
    backups_deleted: bool = False
    #: Files exported from the removed rounds: personal data outside the database.
    exports: list[Path] = field(default_factory=list)


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


def purge_before(store: Store, before: date, dry_run: bool = True, *, delete_backups: bool = False) -> PurgeReport:
    """Remove finished rounds older than `before` with everything in them, and the people who are
    in no remaining round; then rebuild the file. A dry run counts the same and changes nothing."""
    report = PurgeReport(before, dry_run)
    conn = _connect(store)
    # Every dependent row is deleted explicitly below, children first, and the result is checked
    # before committing. The foreign keys' own actions would do the same, but each deleted session,
    # item and round makes SQLite scan every table that points at it without an index: 30 s instead
    # of 0.4 s for a year of courses in the five-year benchmark.
    conn.execute("PRAGMA foreign_keys=OFF")
    try:
        conn.execute("BEGIN" if dry_run else "BEGIN IMMEDIATE")
        try:
            report.rounds = purgeable_rounds(conn, before, store.now())
            ids = [r.id for r in report.rounds]
            conn.execute("CREATE TEMP TABLE purge_round (id INTEGER PRIMARY KEY)")
            conn.execute("CREATE TEMP TABLE purge_session (id INTEGER PRIMARY KEY)")
            conn.execute("CREATE TEMP TABLE purge_person (id INTEGER PRIMARY KEY)")
            conn.executemany("INSERT INTO purge_round VALUES (?)", [(i,) for i in ids])
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
            report.exports = _existing(path for (path,) in conn.execute(
                "SELECT path FROM export_record WHERE round_id IN purge_round OR session_id IN purge_session"))
            if not dry_run:
                _delete_rounds(conn)
                broken = conn.execute("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise PrivacyError(_("The purge would leave {count} row(s) pointing at removed data (first in "
                                         "table {table}); nothing was removed.").format(
                        count=len(broken), table=broken[0][0]))
            conn.execute("DROP TABLE purge_round")
            conn.execute("DROP TABLE purge_session")
            conn.execute("DROP TABLE purge_person")
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
    if report.rounds:
        rewrite = rewrite_file(store)
        report.vacuumed, report.wal_cleared = rewrite.vacuumed, rewrite.wal_cleared
    if delete_backups:
        _delete_files(report.backups)
        report.backups_deleted = True
    return report


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
    conn.execute("DELETE FROM consent WHERE round_id IN purge_round")
    conn.execute("DELETE FROM enrolment WHERE round_id IN purge_round")
    conn.execute("UPDATE course_round SET copied_from_id = NULL WHERE copied_from_id IN purge_round")
    conn.execute("DELETE FROM course_round WHERE id IN purge_round")
    person = "participant_id IN purge_person"
    conn.execute(f"DELETE FROM sot_revision WHERE board_id IN (SELECT id FROM sot_board WHERE {person})")
    for table in ("sot_board", "note_tag", "exercise_result", "attendance_event", "follow_up", "consent",
                  "export_record", "enrolment"):
        conn.execute(f"DELETE FROM {table} WHERE {person}")
    conn.execute("DELETE FROM participant WHERE id IN purge_person")
