"""The demo database: a PRO round starting today with eight fictional participants, ready to run
session 1. Names are invented and cover the scripts a real group brings: æøå, Cyrillic, Arabic.

kursrom marks the demo when it builds it (`marks.DEMO`), and `kursrom demo` opens (and `--reset`
throws away) only a file that is a demo (`kursrom.store.demo_file`).
"""

from __future__ import annotations

from pathlib import Path

from kursrom.core.catalog import Catalog
from kursrom.core.clock import Clock
from kursrom.store.db import Store, open_store
from kursrom.store.demo_file import check_demo
from kursrom.store.marks import mark_demo
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


def open_demo_store(path: Path, catalog: Catalog, clock: Clock | None = None, *, reset: bool = False,
                    tour: bool = True, full_check: bool = True) -> Store:
    """Open the demo at `path`, building it in a new file, or afresh with `reset`; refuses a file that
    is not a demo (`check_demo`). With `tour` (as `kursrom demo` opens it) it holds an earlier,
    finished round, and a next session whose time has passed is planned around now; without, the
    bare round planned as the template says (the tests' fixed starting point). `full_check=False`:
    the caller has just checked the whole file (`open_store`)."""
    check_demo(path, reset=reset)
    if reset:
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
    store = open_store(path, clock, full_check=full_check)
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
