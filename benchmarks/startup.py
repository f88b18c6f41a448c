"""Start-up, the catalogue and the database: cold start to the first rendered frame of kursrom
(headless, home screen) against the bare app; loading the whole exercise library; opening, creating
and migrating a database."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import bare_app_start, in_process, line, scratch_home, time_snippet

KURSROM_FIRST_FRAME = """
import sys
from kursrom.i18n import set_language
set_language("nb")
from kursrom.core.catalog import default_folders, load_catalog
from kursrom.app import KursromApp

DB = sys.argv[1] if len(sys.argv) > 1 else {db!r}

def opener():
    from kursrom.store.db import open_store
    return open_store(__import__("pathlib").Path(DB))

class FirstFrame(KursromApp):
    def on_ready(self):
        first_frame()

FirstFrame(catalog=load_catalog(default_folders()), open_store=opener).run(headless=True, size=(80, 24))
"""


def main(repeat: int = 7) -> list[str]:
    env = scratch_home()
    folder = Path(tempfile.mkdtemp(prefix="kursrom-bench-db-"))
    bare = bare_app_start(repeat)
    lines = [line("bare Textual app: start to first frame", bare, bare)]
    kursrom = time_snippet(KURSROM_FIRST_FRAME.format(db=str(folder / "start.sqlite")), repeat=repeat, env=env)
    lines.append(line("kursrom: start to first frame (home)", kursrom, bare, "<= 1.5x"))

    from kursrom.core.catalog import default_folders, load_catalog

    catalog = load_catalog(default_folders())
    lines.append(line(f"catalog: load {len(catalog.exercises)} exercises, {len(catalog.templates)} templates",
                      in_process(lambda: load_catalog(default_folders())), bare))

    from kursrom.core.clock import Clock
    from kursrom.store import db as dbmod
    from kursrom.store import fileguard
    from kursrom.store.demo import build_demo

    counter = iter(range(10_000))

    def create() -> None:
        dbmod.open_store(folder / f"new-{next(counter)}.sqlite").close()

    lines.append(line("database: create a new one", in_process(create), bare))
    demo = dbmod.open_store(folder / "demo.sqlite")
    build_demo(demo, catalog)
    demo.close()
    lines.append(line("database: open the demo (integrity check)",
                      in_process(lambda: dbmod.open_store(folder / "demo.sqlite").close()), bare))

    def migrate() -> None:
        path = folder / f"old-{next(counter)}.sqlite"
        dbmod.open_store(path).close()
        saved = fileguard.SCHEMA_VERSION  # one step past the real ones
        fileguard.SCHEMA_VERSION = saved + 1
        dbmod.MIGRATIONS[saved] = lambda c: c.exec_driver_sql("ALTER TABLE participant ADD COLUMN bench TEXT")
        try:
            started = time.perf_counter()
            dbmod.open_store(path, Clock()).close()
            timings.append(time.perf_counter() - started)
        finally:
            fileguard.SCHEMA_VERSION = saved
            del dbmod.MIGRATIONS[saved]

    timings: list[float] = []
    for _ in range(5):
        migrate()
    lines.append(line("database: back up and migrate one step", sorted(timings)[2], bare))
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
