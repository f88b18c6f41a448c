"""Checks on a database file before kursrom writes to it, with the standard sqlite3 module only:
cheap enough to run before the first frame (the CLI refuses a foreign file before the app starts).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from kursrom.core.clock import Clock
from kursrom.store.errors import (  # noqa: F401  (the names callers and tests import from here)
    CorruptDatabase, NewerDatabase, NotKursromDatabase, StoreError, StoreErrorKind, store_error,
)

#: "KURS" as a 32-bit integer, written to PRAGMA application_id: marks a file as kursrom's.
APPLICATION_ID = 0x4B555253
#: The schema this kursrom writes. Raise it together with a step in `db.MIGRATIONS`.
SCHEMA_VERSION = 2
SQLITE_HEADER = b"SQLite format 3\x00"


def inspect_file(path: Path, *, integrity: bool = True) -> int | None:
    """Check an existing file without writing to it. Returns its schema version, or None when the
    file is empty (a new database). Raises StoreError for anything kursrom must not touch.

    `integrity=False` skips `PRAGMA integrity_check`, whose cost grows with the file: the CLI uses
    it for a quick refusal before the first frame, and the full check runs in the app's worker."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except IsADirectoryError as error:
        raise StoreError.of(StoreErrorKind.NOT_A_FILE, path) from error
    except OSError as error:
        raise StoreError.of(StoreErrorKind.UNREADABLE, path, error=error.strerror or error) from error
    if header == b"":
        return None
    if header != SQLITE_HEADER:
        raise StoreError.of(StoreErrorKind.NOT_SQLITE, path)
    try:
        # Read-only, so a file we refuse is never written to.
        uri = f"{path.resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            verdict = conn.execute("PRAGMA integrity_check").fetchone()[0] if integrity else "ok"
        finally:
            conn.close()
    except sqlite3.Error as error:  # "file is not a database" is damaged; a lock is a lock
        raise store_error(error, path) from error
    if verdict != "ok":  # SQLite's report names pages and cells: for a developer, not the sentence
        raise StoreError.of(StoreErrorKind.DAMAGED, path)
    if app_id == 0 and tables == 0:
        return None
    if app_id != APPLICATION_ID:
        raise StoreError.of(StoreErrorKind.FOREIGN, path)
    if version > SCHEMA_VERSION:
        raise StoreError.of(StoreErrorKind.NEWER, path, found=version, known=SCHEMA_VERSION)
    return version


def backup_database(path: Path, version: int, clock: Clock) -> Path:
    """Copy a database with SQLite's online backup, next to it, readable by the owner only."""
    stamp = clock.now().strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    os.chmod(target, 0o600)
    return target


