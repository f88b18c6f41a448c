"""Facts about the database file itself (`models.StoreMark`): whether kursrom built it as the demo,
and how many erasures it has been through."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

# DEMO: present in a database kursrom built as the demo; its value is when (UTC, ISO).
from kursrom.store.demo_file import DEMO
from kursrom.store.models import StoreMark

if TYPE_CHECKING:  # the store imports this module (`SET_ZEROED`)
    from kursrom.store.db import Store

#: How many times people were erased from the database (`kursrom forget`, `kursrom purge`).
ERASURES = "erasures"
#: Present when every byte freed in the file since it was made or last rebuilt was overwritten with
#: zeros as it was freed (`secure_delete`, on in every kursrom connection since schema 9); absent in
#: a file an older kursrom wrote, which may keep old text in its free space until it is rebuilt.
ZEROED = "zeroed"
#: The statement that sets it, in the caller's transaction.
SET_ZEROED = f"INSERT OR REPLACE INTO store_mark (key, value) VALUES ('{ZEROED}', '1')"


def mark_demo(store: Store) -> None:
    with store.session() as db:
        if db.get(StoreMark, DEMO) is None:
            db.add(StoreMark(key=DEMO, value=store.now().isoformat(timespec="seconds")))


def erasure_count(store: Store) -> int:
    """Read when notes are opened and kept with rescued notes: a rescue from before an erasure may
    hold a person who is gone, so it is not put back."""
    with store.read() as db:
        mark = db.get(StoreMark, ERASURES)
    return int(mark.value) if mark is not None else 0


def count_erasure(conn: sqlite3.Connection) -> int:
    """Add one to the erasures, in the caller's transaction; returns the new count."""
    conn.execute(f"INSERT INTO store_mark (key, value) VALUES ('{ERASURES}', '1') "
                 "ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)")
    return int(conn.execute("SELECT value FROM store_mark WHERE key = ?", (ERASURES,)).fetchone()[0])
