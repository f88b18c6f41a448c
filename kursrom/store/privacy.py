"""Privacy: erasing one person (`forget_participant`); the file work it shares with the purge
(`kursrom.store.purge`).

Participants are often vulnerable people, and what kursrom stores about them is personal data. A
person who asks to be forgotten is erased everywhere kursrom keeps text: their own rows go, and
their name inside what others wrote is replaced by a placeholder in every text and JSON column of
every table (read from the model, `kursrom.store.erasure`), in the forms `kursrom.core.names` finds:
any case, composed or not, JSON-escaped, with a genitive, as file names spell it. Parts of the name
that may mean someone else are held back and listed (`ForgetReport.withheld`). Rescue files of
unsaved notes lose the person too (`kursrom.store.rescues`).

Deleting rows is not enough for the bytes to leave the disk: SQLite keeps freed pages and old page
versions in the file and in its write-ahead log. So every deletion here runs with `secure_delete`
(freed space is zeroed) and the log is emptied afterwards (`wal_checkpoint(TRUNCATE)`). A file
whose free space was zeroed all along (`marks.ZEROED`: every kursrom connection since schema 9 sets
`secure_delete`) then holds nothing of the person; any other file, which may keep old versions of
their notes in space freed before, is rebuilt (`VACUUM`, its scratch copy kept in memory rather
than in /tmp), as the purge's always is, and is zeroed from then on.

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
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from kursrom.core.autosave import Rescued
from kursrom.core.names import fold, tags_in
from kursrom.i18n import _
from kursrom.store.db import BUSY_TIMEOUT_MS, Store
from kursrom.store.erasure import PERSON_TABLE, RowRounds
from kursrom.store.marks import SET_ZEROED, ZEROED, count_erasure
from kursrom.store.redaction import Redactor, withheld_finder
from kursrom.store.rescues import RescueFiles, session_rounds
from kursrom.store.sweep import LeftName, Place, RoundTitles, parts_in, redact_everywhere

#: How long to keep trying to rebuild the file while another kursrom holds it.
REWRITE_PATIENCE_S = 10.0


class PrivacyError(ValueError):
    """An erasure or purge that cannot be done; the message is one sentence for the facilitator."""


# --------------------------------------------------------------------------------------------------
# Rewriting the file


def connect(store: Store) -> sqlite3.Connection:
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
    #: The file's free space holds only zeros: zeroed as it was freed, or rebuilt away.
    wiped: bool = False


def rewrite_file(store: Store, patience: float = REWRITE_PATIENCE_S) -> Rewrite:
    """VACUUM the database and empty its WAL, retrying while another kursrom is busy with it.

    Another open kursrom keeps the log from being emptied only while it is reading; when the last
    connection closes, SQLite checkpoints and removes the log."""
    deadline = time.monotonic() + patience
    conn = connect(store)
    try:
        vacuumed = False
        while True:
            try:
                conn.execute("VACUUM")
                conn.execute(SET_ZEROED)  # rebuilt, and zeroed as it is freed from now on
                vacuumed = True
                break
            except sqlite3.OperationalError:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.1)
        cleared = _empty_log(conn, store, deadline)
    finally:
        conn.close()
    return Rewrite(vacuumed, cleared, wiped=vacuumed)


def wipe_file(store: Store, patience: float = REWRITE_PATIENCE_S) -> Rewrite:
    """After an erasure, leave no freed byte holding what was erased: in a file zeroed all along
    only the log still holds old pages, and it is emptied; any other file is rebuilt."""
    conn = connect(store)
    try:
        zeroed = conn.execute("SELECT 1 FROM store_mark WHERE key = ?", (ZEROED,)).fetchone() is not None
        if zeroed:
            return Rewrite(False, _empty_log(conn, store, time.monotonic() + patience), wiped=True)
    finally:
        conn.close()
    return rewrite_file(store, patience)


def _empty_log(conn: sqlite3.Connection, store: Store, deadline: float) -> bool:
    """Checkpoint the log and truncate it to nothing, retrying while another kursrom reads."""
    while True:
        busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        wal = store.path.with_name(store.path.name + "-wal")
        cleared = busy == 0 and (not wal.exists() or wal.stat().st_size == 0)
        if cleared or time.monotonic() > deadline:
            return cleared
        time.sleep(0.1)


def backups_of(path: Path) -> list[Path]:
    """Backups kursrom wrote beside the database (before a migration): personal data too."""
    return sorted(p for p in path.parent.glob(glob.escape(path.name) + "*.bak") if p.is_file())


def delete_files(paths: Iterable[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def existing(paths: Iterable[str]) -> list[Path]:
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
    #: Parts of their name held back (shared with someone, or ordinary words), with where they are
    #: still found in the rounds the person was in: for the facilitator to look at.
    withheld: list[LeftName] = field(default_factory=list)
    vacuumed: bool = False  # the file was rebuilt (only when it was not zeroed all along)
    wiped: bool = False  # no freed space in the file holds anything of them
    wal_cleared: bool = False
    #: Backups beside the database: they still hold the person unless deleted.
    backups: list[Path] = field(default_factory=list)
    backups_deleted: bool = False
    #: Exported files that may name them (from the rounds they were in, or named after them);
    #: kursrom does not change them.
    exports: list[Path] = field(default_factory=list)
    #: Rescue files of unsaved notes: rewritten without them, deleted when nothing was left, and
    #: those that could not be changed (they may still hold the person).
    rescues_rewritten: list[Path] = field(default_factory=list)
    rescues_deleted: list[Path] = field(default_factory=list)
    rescues_failed: list[Path] = field(default_factory=list)


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
    and the notes tagged to them alone; replace their name in every other text and in the rescue
    files (`Redactor`: their full name, and each part of it that no one else has there); then
    rebuild the file so the bytes are gone from it and from its log."""
    report = ForgetReport(participant_id)
    row_rounds = RowRounds()
    conn = connect(store)
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute("SELECT name FROM participant WHERE id = ?", (participant_id,)).fetchone()
            if row is None:
                raise PrivacyError(_("There is no participant {id}.").format(id=participant_id))
            rounds = row_rounds.of(conn, PERSON_TABLE, [participant_id])[participant_id]
            redactor = _redactor(conn, participant_id, row[0], rounds)
            report.exports = _exports_naming(conn, rounds, redactor, row_rounds)
            rescues = _forget_in_rescues(conn, store.path, participant_id, redactor)
            _erase_rows(conn, participant_id, report)
            report.texts_redacted, report.withheld = redact_everywhere(conn, redactor, row_rounds)
            _withheld_in_rescues(conn, rescues, redactor, report.withheld)
            erasures = count_erasure(conn)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()
    rescues.apply(erasures)
    report.rescues_rewritten, report.rescues_deleted = rescues.rewritten, rescues.deleted
    report.rescues_failed = rescues.failed
    rewrite = wipe_file(store)
    report.vacuumed, report.wiped, report.wal_cleared = rewrite.vacuumed, rewrite.wiped, rewrite.wal_cleared
    report.backups = backups_of(store.path)
    if delete_backups:
        delete_files(report.backups)
        report.backups_deleted = True
    return report


#: The people on a round's roster: enrolled (removed or not), or marked in one of its sessions.
_ROSTER = ("SELECT id, name FROM participant WHERE id IN (SELECT participant_id FROM enrolment WHERE round_id = ? "
           "UNION SELECT a.participant_id FROM attendance_event a JOIN course_session s ON s.id = a.session_id "
           "WHERE s.round_id = ?)")


def _roster(conn: sqlite3.Connection, round_id: int) -> list[tuple[int, str]]:
    return conn.execute(_ROSTER, (round_id, round_id)).fetchall()


def _redactor(conn: sqlite3.Connection, participant_id: int, name: str, rounds: Iterable[int]) -> Redactor:
    rosters = {round_id: [other for pid, other in _roster(conn, round_id) if pid != participant_id]
               for round_id in rounds}
    everyone = [other for (other,) in conn.execute("SELECT name FROM participant WHERE id != ?", (participant_id,))]
    return Redactor(name, rosters, everyone)


def _exports_naming(conn: sqlite3.Connection, rounds: set[int], redactor: Redactor,
                    row_rounds: RowRounds) -> list[Path]:
    """Exported files that may hold the person: every recorded export of a round they were in, and
    every file named after them (in `Redactor`'s forms, the file-name one too), recorded or lying
    beside a recorded one."""
    records = conn.execute("SELECT rowid, path FROM export_record WHERE path != ''").fetchall()
    of_rounds = row_rounds.of(conn, "export_record", [row_id for row_id, _path in records])
    # A file name has no round: their name as any of their rounds would take it out, or elsewhere.
    finders = [redactor.finder_for([round_id]) for round_id in rounds] + [redactor.finder_for(())]
    names_them = lambda path: any(found.owners == {True} for finder in finders  # noqa: E731
                                  for found in finder.find(path.name))
    found, folders = set(), set()
    for row_id, text in records:
        path = Path(text).expanduser()
        folders.add(path.parent)
        if of_rounds[row_id] & rounds or names_them(path):
            found.add(path)
    for folder in folders:
        try:
            found.update(path for path in folder.iterdir() if names_them(path))
        except OSError:
            continue
    return sorted(path for path in found if path.is_file())


def _forget_in_rescues(conn: sqlite3.Connection, database: Path, participant_id: int,
                       redactor: Redactor) -> RescueFiles:
    """What the rescue files become: a note tagged to the person alone goes (as in the database);
    their name goes from the others, as in the rows of the note's round."""
    rescues = RescueFiles.of(database)
    rounds = session_rounds(conn, (note.session_id for note in rescues.notes))
    rosters = {round_id: [(name, pid) for pid, name in _roster(conn, round_id)] for round_id in set(rounds.values())}

    def change(_path: Path, note: Rescued) -> Rescued | None:
        round_id = rounds.get(note.session_id)
        if round_id is not None and tags_in(note.text, rosters[round_id]) == {participant_id}:
            return None
        finder = redactor.finder_for([round_id] if round_id is not None else [])
        return replace(note, title=redactor.text(note.title, finder), text=redactor.text(note.text, finder))

    rescues.change(change)
    return rescues


def _withheld_in_rescues(conn: sqlite3.Connection, rescues: RescueFiles, redactor: Redactor,
                         withheld: list[LeftName]) -> None:
    """Held-back parts of the name in rescued notes of the person's rounds: listed with the rest."""
    if not withheld:
        return
    spotter = withheld_finder(redactor.withheld())
    rounds = session_rounds(conn, (note.session_id for note in rescues.notes))
    titles = RoundTitles(conn)
    for path, notes in rescues.files:
        for note in notes:
            round_id = rounds.get(note.session_id)
            if round_id is None or not redactor.theirs([round_id]):
                continue
            for part in parts_in(spotter, note.title + "\n" + note.text):
                entry = next(entry for entry in withheld if entry.name == part)
                entry.add(Place("rescue", path.name, 0, titles([round_id])))


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
