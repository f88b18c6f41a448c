"""The demo database: a PRO round starting today with eight fictional participants, ready to run
session 1. Names are invented and cover the scripts a real group brings: æøå, Cyrillic, Arabic.

kursrom marks the demo when it builds it (`marks.DEMO`), and `kursrom demo` opens (and `--reset`
throws away) only a file that is a demo: one with the mark, or the one in kursrom's data folder (a
demo built before the mark existed). Anything else given with `--db` is refused with one sentence
and left as it is: the check reads the file without writing to it or creating anything beside it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kursrom.core.catalog import Catalog
from kursrom.core.clock import Clock
from kursrom.store.db import Store, open_store
from kursrom.store.errors import StoreError, StoreErrorKind
from kursrom.store.fileguard import SQLITE_HEADER
from kursrom.store.marks import DEMO, mark_demo
from kursrom.store.demo_history import build_history, plan_around_now
from kursrom.store.rounds import add_participant, create_round, enrol, list_rounds

DEMO_TEMPLATE = "pro"

#: (name, preferred language, interpreter language, accessibility note)
DEMO_PARTICIPANTS = (
    ("Åse Nygård", "nb", None, ""),
    ("Jonas Bjørkløw", "nb", None, "Trenger pauser; sier fra selv."),
    ("Sigrid Ødegård", "nb", None, ""),
    ("Олена Коваленко", "uk", "uk", ""),
    ("Михайло Шевченко", "uk", "uk", "Hører dårlig på venstre øre: sitter foran."),
    ("فاطمة الزهراء", "ar", "ar", ""),
    ("Yusuf Haddad", "ar", None, ""),
    ("Mari Særheim", "nb", None, ""),
)


class NotADemo(StoreError):
    """A file `kursrom demo` must not touch; the message is one sentence."""


def build_demo(store: Store, catalog: Catalog, *, tour: bool = True) -> int:
    """Fill an empty database with the demo round and mark it as the demo; returns the round's id.
    With `tour`, an earlier, finished round of the course comes with it (`kursrom.store.demo_history`)."""
    template = catalog.template(DEMO_TEMPLATE)
    today = store.clock.local_now().date()
    course_round = create_round(
        store, catalog, template, start=today, title=f"PRO – {template.title}" if not
        template.title.startswith("PRO") else template.title,
        place="NAV Asker, kursrom 2", facilitators="Kari Lunde, Ahmed Rahimi",
    )
    ids = [add_participant(store, name, language=lang, interpreter_language=interpreter,
                           accessibility_note=note).id for name, lang, interpreter, note in DEMO_PARTICIPANTS]
    enrol(store, course_round.id, ids)
    if tour:
        build_history(store, catalog, DEMO_TEMPLATE)
    mark_demo(store)
    return course_round.id


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


def open_demo_store(path: Path, catalog: Catalog, clock: Clock | None = None, *, reset: bool = False,
                    tour: bool = True) -> Store:
    """Open the demo at `path`, building it in a new file, or afresh with `reset`; refuses a file that
    is not a demo (`check_demo`). With `tour` (as `kursrom demo` opens it) it holds an earlier,
    finished round, and a next session whose time has passed is planned around now; without, the
    bare round planned as the template says (the tests' fixed starting point)."""
    check_demo(path, reset=reset)
    if reset:
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
    store = open_store(path, clock)
    try:
        if not list_rounds(store):
            build_demo(store, catalog, tour=tour)
        mark_demo(store)  # a demo built before the mark existed, known by its place
        if tour:
            plan_around_now(store)
    except BaseException:
        store.close()
        raise
    return store
