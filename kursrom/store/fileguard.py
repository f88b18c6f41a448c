"""Checks on a database file before kursrom writes to it, with the standard sqlite3 module only:
cheap enough to run before the first frame (the CLI refuses a foreign file before the app starts).

A file is inspected without writing to it and without creating anything beside it: only a regular
file is opened at all (never a device or a pipe, which could block or swallow data), and SQLite
reads it read-only and, unless the file has a live write-ahead log, immutable, so that not even the
`-shm` file of a database kursrom refuses is made.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from pathlib import Path

from kursrom.core.clock import Clock
from kursrom.i18n import _
from kursrom.store.errors import (  # noqa: F401  (the names callers and tests import from here)
    CorruptDatabase, NewerDatabase, NotKursromDatabase, StoreError, StoreErrorKind, read_only_kind, store_error,
)

#: "KURS" as a 32-bit integer, written to PRAGMA application_id: marks a file as kursrom's.
APPLICATION_ID = 0x4B555253
#: The schema this kursrom writes. Raise it together with a step in `db.MIGRATIONS`.
SCHEMA_VERSION = 9
#: The oldest schema this kursrom can migrate from: no kursrom ever wrote an older one.
OLDEST_SCHEMA = 1
SQLITE_HEADER = b"SQLite format 3\x00"
#: How long an inspection waits for another program's lock (seconds), as the store does.
LOCK_WAIT_SECONDS = 5.0
#: Permission bits that let other users at a file.
OTHERS = 0o077


def database_uri(path: Path, *, immutable: bool = False) -> str:
    """A read-only SQLite URI for `path`: built from the path's bytes, so `%`, `?` and `#` in a
    file name are only characters."""
    return f"{Path(path).absolute().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")


def has_live_log(path: Path) -> bool:
    """Whether a write-ahead log and its index lie beside the file: another connection may have
    changes there that the file itself does not hold yet."""
    return all(path.with_name(path.name + suffix).exists() for suffix in ("-wal", "-shm"))


def log_left(path: Path) -> bool:
    """Whether a write-ahead log lies beside the file. SQLite removes it when the last connection
    closes cleanly, so at start-up one left behind says the last kursrom (or the computer) stopped
    without closing, or that another program has the file open: either way, check the whole file."""
    return path.with_name(path.name + "-wal").exists()


def check_integrity(path: Path, *, quick: bool = False) -> None:
    """Read the whole file (`PRAGMA integrity_check`), without writing to it; raises StoreError
    (DAMAGED) when SQLite finds it damaged. Its cost grows with the file: 0.7 s on five years of
    courses. `quick` reads every page too (`PRAGMA quick_check`: pages, records, the free list, NOT
    NULL) but does not compare each index with its table: a third of the time."""
    started = time.monotonic()
    try:
        conn = sqlite3.connect(database_uri(path, immutable=not has_live_log(path)), uri=True,
                               timeout=LOCK_WAIT_SECONDS, check_same_thread=False)
        try:
            conn.execute("PRAGMA cache_size=-256")  # each page is read once: a cache only adds to the peak
            verdict = conn.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as error:
        raise locked_or(store_error(error, path), started) from error
    if verdict != "ok":  # SQLite's report names pages and cells: for a developer, not the sentence
        raise StoreError.of(StoreErrorKind.DAMAGED, path)


def nobody_writes(path: Path) -> bool:
    """Whether the file has no write permission for anyone (chmod 400, 444): its content can only
    change after someone changes its mode."""
    try:
        return not stat.S_IMODE(os.stat(path).st_mode) & 0o222
    except OSError:
        return False


def inspect_file(path: Path, *, integrity: bool = True) -> int | None:
    """Check an existing file without writing to it. Returns its schema version, or None when the
    file is empty (a new database). Raises StoreError for anything kursrom must not touch.

    Always checked: the file is a regular file, its header is SQLite's, its application id is
    kursrom's and its schema one this kursrom knows. `integrity` adds the whole file
    (`check_integrity`); it runs anyway when a log was left behind (`log_left`)."""
    header = _read_header(path)
    if header == b"":
        return None
    if header != SQLITE_HEADER:
        raise StoreError.of(StoreErrorKind.NOT_SQLITE, path)
    started = time.monotonic()
    try:
        # Read-only, so a file we refuse is never written to; immutable when no other connection
        # can be writing, so that no -shm or -wal file is made beside it either.
        conn = sqlite3.connect(database_uri(path, immutable=not has_live_log(path)), uri=True,
                               timeout=LOCK_WAIT_SECONDS)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as error:  # "file is not a database" is damaged; a lock is a lock
        raise locked_or(store_error(error, path), started) from error
    if integrity or log_left(path):  # damage is the first thing to say, as SQLite found it
        check_integrity(path)
    if app_id == 0 and tables == 0:
        return None
    if app_id != APPLICATION_ID:
        raise StoreError.of(StoreErrorKind.FOREIGN, path)
    if version > SCHEMA_VERSION:
        raise StoreError.of(StoreErrorKind.NEWER, path, found=version, known=SCHEMA_VERSION)
    if version < OLDEST_SCHEMA:
        raise StoreError.of(StoreErrorKind.TOO_OLD, path, found=version)
    return version


def locked_or(error: StoreError, since: float) -> StoreError:
    """A lock where nothing will try again says how long kursrom waited for it."""
    if error.kind != StoreErrorKind.BUSY:
        return error
    return StoreError.of(StoreErrorKind.LOCKED, error.path, seconds=max(1, round(time.monotonic() - since)))


def _read_header(path: Path) -> bytes:
    """The file's first bytes, after making sure it is a regular file: a pipe would block the
    read, and a device (/dev/null, /dev/zero) is never a database."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except IsADirectoryError as error:
        raise StoreError.of(StoreErrorKind.NOT_A_FILE, path) from error
    except OSError as error:
        raise StoreError.of(StoreErrorKind.UNREADABLE, path, error=error.strerror or error) from error
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise StoreError.of(StoreErrorKind.NOT_A_FILE, path)
        if not stat.S_ISREG(mode):
            raise StoreError.of(StoreErrorKind.NOT_REGULAR, path)
        return os.read(fd, len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError.of(StoreErrorKind.UNREADABLE, path, error=error.strerror or error) from error
    finally:
        os.close(fd)


def permission_warning(path: Path) -> str | None:
    """One sentence when other users may read the database; kursrom never changes an existing
    file's mode, so the facilitator is told instead."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return None
    if not mode & OTHERS:
        return None
    return _("{path} can be read by other users of this computer (mode {mode:o}); `chmod 600 {path}` makes it "
             "yours only.").format(path=path, mode=mode)


def read_only_notice(kind: StoreErrorKind) -> str:
    if kind == StoreErrorKind.READ_ONLY_FOLDER:
        return _("The database's folder is read-only: kursrom shows what the database holds but cannot save "
                 "changes.")
    return _("The database is read-only: kursrom shows what it holds but cannot save changes.")


def backup_database(path: Path, version: int, clock: Clock) -> Path:
    """Copy a database with SQLite's online backup, next to it, readable by the owner only."""
    stamp = clock.now().strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    source = sqlite3.connect(database_uri(path), uri=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    dest = sqlite3.connect(str(target.absolute()))  # an absolute name: never read as a URI
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    os.chmod(target, 0o600)
    return target


