"""The store's one error: what went wrong with the database file, as a kind and one true sentence.

Every message kursrom gives about its database comes from `SENTENCES`, one sentence per kind, so a
facilitator reads the same words for the same trouble wherever it shows (a screen, a dialog, the
command line). No SQL, no SQLAlchemy text and no web address reaches a user: `store_error` reads the
SQLite error code (or, failing that, SQLite's own message) and the state of the file to decide the
kind, and keeps the original only as the exception's cause, for a developer's traceback.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from enum import StrEnum
from pathlib import Path

from kursrom.i18n import N_, _


class StoreErrorKind(StrEnum):
    BUSY = "busy"  # another connection holds the write lock (SQLITE_BUSY, SQLITE_LOCKED)
    FULL = "full"  # SQLITE_FULL: the disk (or a size limit) leaves no room
    READ_ONLY_FILE = "read_only_file"
    READ_ONLY_FOLDER = "read_only_folder"  # WAL needs to create files beside the database
    GONE = "gone"  # deleted or moved while open
    DAMAGED = "damaged"  # malformed, not a database any more, or failed the integrity check
    DISK_FAILED = "disk_failed"  # SQLITE_IOERR on a file that is still there
    CANNOT_OPEN = "cannot_open"
    REFUSED = "refused"  # a constraint or any other error the database gave: a bug, not the file
    # Found when opening a file (kursrom.store.fileguard):
    NEWER = "newer"
    FOREIGN = "foreign"  # an SQLite database of another program
    NOT_SQLITE = "not_sqlite"
    TOO_OLD = "too_old"
    NOT_A_FILE = "not_a_file"
    NOT_REGULAR = "not_regular"  # a device (/dev/null), a named pipe or a socket
    UNREADABLE = "unreadable"
    # Refused by `kursrom demo` (kursrom.store.demo): a real database is never the demo.
    NOT_A_DEMO = "not_a_demo"
    NOT_A_DEMO_TO_RESET = "not_a_demo_to_reset"

    LOCKED = "locked"  # BUSY where nothing retries it (opening, a command): says how long it waited


#: One sentence per kind. `{path}` is the database file; the others are given where they are used.
SENTENCES: dict[StoreErrorKind, str] = {
    StoreErrorKind.BUSY: N_("{path} is locked by another program (another kursrom, or `kursrom notes` in another "
                            "window) that is writing to it."),
    StoreErrorKind.FULL: N_("The disk holding {path} is full."),
    StoreErrorKind.READ_ONLY_FILE: N_("{path} is read-only, so kursrom cannot save changes to it."),
    StoreErrorKind.READ_ONLY_FOLDER: N_("The folder holding {path} is read-only, so kursrom cannot save changes "
                                        "there."),
    StoreErrorKind.GONE: N_("{path} is gone: it was deleted or moved while kursrom was using it."),
    StoreErrorKind.DAMAGED: N_("{path} is damaged, and kursrom will not write to it; it was left untouched."),
    StoreErrorKind.DISK_FAILED: N_("The disk holding {path} failed to read or write."),
    StoreErrorKind.CANNOT_OPEN: N_("kursrom cannot open {path}."),
    StoreErrorKind.REFUSED: N_("{path} refused what kursrom asked of it; nothing was changed."),
    StoreErrorKind.NEWER: N_("{path} was written by a newer kursrom (schema {found}, this one knows {known}); "
                             "update kursrom to open it. The file was left untouched."),
    StoreErrorKind.FOREIGN: N_("{path} is an SQLite database of another program, not kursrom's; it was left "
                               "untouched."),
    StoreErrorKind.NOT_SQLITE: N_("{path} is not a kursrom database (it is not an SQLite file); it was left "
                                  "untouched."),
    StoreErrorKind.TOO_OLD: N_("{path} was written by a kursrom too old to update from (schema {found}); it was "
                               "left untouched."),
    StoreErrorKind.NOT_A_FILE: N_("{path} is a folder, not a database file."),
    StoreErrorKind.NOT_REGULAR: N_("{path} is not an ordinary file (it is a device, a pipe or a socket), so kursrom "
                                   "will not keep a database in it; it was left untouched."),
    StoreErrorKind.UNREADABLE: N_("Cannot read {path}: {error}."),
    StoreErrorKind.NOT_A_DEMO: N_("{path} is not a kursrom demo database, so demo does not open it; the file was "
                                  "left untouched (open it with kursrom --db {path})."),
    StoreErrorKind.NOT_A_DEMO_TO_RESET: N_("{path} is not a kursrom demo database, and demo --reset replaces only "
                                           "the demo; the file was left untouched."),

    StoreErrorKind.LOCKED: N_("{path} is locked by another program; kursrom waited {seconds} seconds for it and "
                              "gave up."),
}

#: Kinds that pass by themselves: a lock is released, space is freed. The interface tries again.
RETRYABLE = frozenset({StoreErrorKind.BUSY, StoreErrorKind.FULL})



def __getattr__(name: str) -> tuple[type[BaseException], ...]:
    """SQLITE_ERRORS: what SQLAlchemy and the sqlite3 module raise when the database fails.
    DATABASE_ERRORS: and an OSError from the database's own files; `store_error` turns each into a
    StoreError. (Where other files are written too, an export's, an OSError is theirs: catch SQLITE_ERRORS.)

    Made when first asked for: SQLAlchemy takes a third of a second to import, and the file checks
    that run before the first frame (fileguard) need only this module's sentences."""
    if name not in ("SQLITE_ERRORS", "DATABASE_ERRORS"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from sqlalchemy.exc import DBAPIError

    sqlite_errors = (DBAPIError, sqlite3.Error)
    globals().update(SQLITE_ERRORS=sqlite_errors, DATABASE_ERRORS=(*sqlite_errors, OSError))
    return globals()[name]


class StoreError(Exception):
    """The database cannot do what kursrom asked. `str()` is one sentence for the facilitator."""

    def __init__(self, kind: StoreErrorKind, path: Path | str | None, **details: object) -> None:
        self.kind = StoreErrorKind(kind)
        self.path = Path(path) if path is not None else None
        self.details = details
        if self.path is None:  # "databasefilen er låst …" opens the sentence
            sentence = _(SENTENCES[self.kind]).format(path=_("the database file"), **details)
            sentence = sentence[:1].upper() + sentence[1:]
        else:
            sentence = _(SENTENCES[self.kind]).format(path=self.path, **details)
        super().__init__(sentence)

    @property
    def retryable(self) -> bool:
        return self.kind in RETRYABLE

    @property
    def sentence(self) -> str:
        return str(self)

    @classmethod
    def of(cls, kind: StoreErrorKind, path: Path | str | None, **details: object) -> StoreError:
        """The error for `kind`, as the subclass that names it where there is one."""
        return _SUBCLASSES.get(StoreErrorKind(kind), cls)(kind, path, **details)


class NotKursromDatabase(StoreError):
    """Not an SQLite file, or another program's SQLite database."""


class NewerDatabase(StoreError):
    """Written by a newer kursrom: this one does not know its schema, and leaves it untouched."""


class CorruptDatabase(StoreError):
    """Damaged: SQLite cannot read it whole. Nothing is written to it."""


_SUBCLASSES: dict[StoreErrorKind, type[StoreError]] = {
    StoreErrorKind.FOREIGN: NotKursromDatabase,
    StoreErrorKind.NOT_SQLITE: NotKursromDatabase,
    StoreErrorKind.NEWER: NewerDatabase,
    StoreErrorKind.DAMAGED: CorruptDatabase,
}

# Primary SQLite result codes (the low byte of an extended code), from sqlite3.h.
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR = 5, 6, 8, 10
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 11, 13, 14, 26
#: SQLITE_READONLY_DBMOVED: the file was unlinked or renamed under an open connection.
SQLITE_READONLY_DBMOVED = SQLITE_READONLY | (4 << 8)

#: SQLite's messages, for errors that come without a code (an older Python, a wrapped message).
_MESSAGES = (
    ("database is locked", SQLITE_BUSY),
    ("database table is locked", SQLITE_LOCKED),
    ("database or disk is full", SQLITE_FULL),
    ("readonly database", SQLITE_READONLY),
    ("unable to open database file", SQLITE_CANTOPEN),
    ("malformed", SQLITE_CORRUPT),
    ("file is not a database", SQLITE_NOTADB),
    ("disk i/o error", SQLITE_IOERR),
)


def store_error(error: BaseException, path: Path | str | None) -> StoreError:
    """The StoreError for any error raised while using the database at `path`."""
    if isinstance(error, StoreError):
        return error
    # SQLAlchemy's DBAPIError carries the driver's error as `orig`; only its module is asked, so
    # that this needs no import of SQLAlchemy.
    wrapped = getattr(error, "orig", None) if type(error).__module__.startswith("sqlalchemy") else None
    original = wrapped if wrapped is not None else error
    where = Path(path) if path is not None else None
    if isinstance(original, OSError):
        return StoreError.of(_os_kind(original, where), where, error=original.strerror or original)
    code = getattr(original, "sqlite_errorcode", None)
    if code is None:
        text = str(original).lower()
        code = next((found for message, found in _MESSAGES if message in text), None)
    return StoreError.of(_sqlite_kind(code, where), where)


def _sqlite_kind(code: int | None, path: Path | None) -> StoreErrorKind:
    primary = code & 0xFF if code is not None else None
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return StoreErrorKind.BUSY
    if primary == SQLITE_FULL:
        return StoreErrorKind.FULL
    if code == SQLITE_READONLY_DBMOVED or (path is not None and not path.exists()):
        return StoreErrorKind.GONE  # whatever SQLite made of it, the truest thing to say
    if primary == SQLITE_READONLY:
        return read_only_kind(path) or StoreErrorKind.READ_ONLY_FILE
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return StoreErrorKind.DAMAGED
    if primary == SQLITE_IOERR:
        return StoreErrorKind.DISK_FAILED
    if primary == SQLITE_CANTOPEN:
        if path is not None and path.is_dir():
            return StoreErrorKind.NOT_A_FILE
        # WAL mode opens the file and makes two beside it: a read-only disk fails here already.
        return read_only_kind(path) or StoreErrorKind.CANNOT_OPEN
    return StoreErrorKind.REFUSED


def read_only_kind(path: Path | None) -> StoreErrorKind | None:
    """Which is read-only, if anything is: the disk or the folder (where the WAL files must go), or
    the file. None when all look writable (a read-only connection: opened so, or query_only).

    A file or folder without any write permission counts as read-only even for root, who may write
    anyway: its owner made it read-only, and kursrom keeps to that."""
    if path is None:
        return None
    folder = path.parent
    if folder.exists() and (os.statvfs(folder).f_flag & os.ST_RDONLY or not _writable(folder)):
        return StoreErrorKind.READ_ONLY_FOLDER
    if path.exists() and not _writable(path):
        return StoreErrorKind.READ_ONLY_FILE
    return None


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and bool(stat.S_IMODE(os.stat(path).st_mode) & 0o222)


def _os_kind(error: OSError, path: Path | None) -> StoreErrorKind:
    if error.errno == errno.ENOSPC or error.errno == errno.EDQUOT:
        return StoreErrorKind.FULL
    if error.errno == errno.EROFS:
        return StoreErrorKind.READ_ONLY_FOLDER
    if error.errno in (errno.EACCES, errno.EPERM):
        return read_only_kind(path) or StoreErrorKind.READ_ONLY_FILE
    if error.errno == errno.ENOENT:
        return StoreErrorKind.GONE
    if error.errno == errno.EISDIR:
        return StoreErrorKind.NOT_A_FILE
    if error.errno == errno.EIO:
        return StoreErrorKind.DISK_FAILED
    return StoreErrorKind.UNREADABLE
