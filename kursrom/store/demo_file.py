"""Whether a file is kursrom's demo, read with the sqlite3 module alone: `kursrom demo` asks before
anything else, and without the ORM its first frame is not kept waiting for SQLAlchemy's import.

A demo is a file with the demo mark (`marks.DEMO`, set when kursrom builds it), or the one in
kursrom's data folder (a demo built before the mark existed). Anything else given with `--db` is
refused with one sentence and left as it is: the check reads the file without writing to it or
creating anything beside it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kursrom.store.errors import StoreError, StoreErrorKind
from kursrom.store.fileguard import SQLITE_HEADER

#: The key of the demo's mark in `store_mark` (`kursrom.store.marks` writes it).
DEMO = "demo"


class NotADemo(StoreError):
    """A file `kursrom demo` must not touch; the message is one sentence."""


def is_demo(path: Path) -> bool | None:
    """True for a demo, None for no database yet (no file, or an empty one), False for anything
    else. Reads without writing: no -wal or -shm file is created beside `path`."""
    path = Path(path).expanduser()
    if not path.exists():
        return None
    if path.is_dir():
        return False
    if _at_demo_place(path):
        return True
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError:
        return False
    if header == b"":
        return None
    return header == SQLITE_HEADER and _has_demo_mark(path)


def _at_demo_place(path: Path) -> bool:
    from kursrom.paths import demo_db_path

    return path.resolve() == demo_db_path().expanduser().resolve()


def _has_demo_mark(path: Path) -> bool:
    # A WAL database is read through its -shm file, which SQLite creates when it is missing; with no
    # kursrom running on the file there is none, and the file alone (immutable) says it all.
    companions = all(path.with_name(path.name + suffix).exists() for suffix in ("-wal", "-shm"))
    uri = f"{path.resolve().as_uri()}?mode=ro{'' if companions else '&immutable=1'}"
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'store_mark'").fetchone():
                return False
            return conn.execute("SELECT 1 FROM store_mark WHERE key = ?", (DEMO,)).fetchone() is not None
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def check_demo(path: Path, *, reset: bool) -> None:
    """Refuse, with one sentence, a file that is not a demo (`is_demo`)."""
    if is_demo(path) is not False:
        return
    raise NotADemo(StoreErrorKind.NOT_A_DEMO_TO_RESET if reset else StoreErrorKind.NOT_A_DEMO, path)
