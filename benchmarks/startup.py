"""Start-up, the catalogue and the database: cold start to the first rendered frame of kursrom
(headless, home screen) against the bare app; loading the whole exercise library; opening, creating
and migrating a database."""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import BARE_APP, in_process, line, scratch_home

KURSROM_FIRST_FRAME = """
import sys
from pathlib import Path
from kursrom.i18n import set_language
set_language("nb")
from kursrom.core.catalog import default_folders, load_catalog
from kursrom.app import make_app, KursromApp
from kursrom.store.opening import StoreOpener

DB = sys.argv[1] if len(sys.argv) > 1 else {db!r}

class FirstFrame(KursromApp):
    def on_ready(self):
        first_frame()

opener = StoreOpener(Path(DB))
FirstFrame(catalog=load_catalog(default_folders()), open_store=opener, home_rows=opener).run(
    headless=True, size=(80, 24))
"""

#: Start to the first frame that shows what the database holds: the home screen has filled its
#: table (from the rows read ahead of the store, as the CLI does it) and the frame after that is drawn.
_ON_READY = """class FirstFrame(KursromApp):
    def on_ready(self):
        first_frame()
"""
KURSROM_ROUNDS_LISTED = KURSROM_FIRST_FRAME.replace(_ON_READY, """class FirstFrame(KursromApp):
    def on_ready(self):
        if getattr(self.screen, "listed", False):  # filled before the first frame: it is in it
            first_frame()

    def on_home_screen_rounds_listed(self, message):
        self.call_after_refresh(first_frame)
""")
#: ... and with every round's attendance share counted (the worker's second read).
KURSROM_SHARES_SHOWN = KURSROM_FIRST_FRAME.replace(_ON_READY, """class FirstFrame(KursromApp):
    def on_home_screen_rounds_listed(self, message):
        if message.counted:
            self.call_after_refresh(first_frame)
""")
#: ... and the store open: the keys that act on rounds work (the file checked, the ORM loaded).
KURSROM_STORE_OPEN = KURSROM_FIRST_FRAME.replace(_ON_READY, """class FirstFrame(KursromApp):
    def on_ready(self):
        self.set_interval(0.002, self.opened)

    def opened(self):
        if self.store is not None and not hasattr(self, "seen"):
            self.seen = True
            self.call_after_refresh(self.close_and_leave)

    def close_and_leave(self):
        t = time.time()
        self.store.close()  # as a normal exit does: no log left for the next start to find
        os.environ["KURSROM_BENCH_T0"] = repr(float(os.environ["KURSROM_BENCH_T0"]) + time.time() - t)
        first_frame()
""")
assert len({KURSROM_ROUNDS_LISTED, KURSROM_FIRST_FRAME, KURSROM_SHARES_SHOWN, KURSROM_STORE_OPEN}) == 4


#: Pairs of starts behind the headline's two targets (bare app and empty database; empty and
#: five-year database): the issue asks for 10 %, and a single start here scatters by ±25 %.
PAIRS = 40


def headline(env: dict[str, str], databases: dict[str, Path], repeat: int) -> tuple[float, list[str]]:
    """The bare app, and first frame and rounds listed for each database, run in turns (bare, a, b,
    c, bare, a, ...) so a busy moment on the machine falls on all of them alike; the two targets
    as ratios within pairs of starts run back to back (`paired_ratio`); then, apart, when
    the store is open, which loads two cores for a second (the ORM's import beside the check of the
    file) and would weigh on whatever ran next."""
    from large_db import alternating, paired_ratio

    snippets = {"bare": BARE_APP}
    for name, path in databases.items():
        snippets[f"frame {name}"] = KURSROM_FIRST_FRAME.format(db=str(path))
        snippets[f"listed {name}"] = KURSROM_ROUNDS_LISTED.format(db=str(path))
        snippets[f"shares {name}"] = KURSROM_SHARES_SHOWN.format(db=str(path))
    times = alternating(snippets, repeat, env)
    bare = times["bare"]
    empty = times["listed empty"]
    lines = [line("bare Textual app: start to first frame", bare, bare)]
    for name in databases:
        lines.append(line(f"start to first frame, {name} database", times[f"frame {name}"], bare))
    to_bare, _ratios = paired_ratio(BARE_APP, snippets["listed empty"], PAIRS, env)
    lines.append(line("start to rounds listed, empty database", empty, bare, "<= 1.8x (ratio in pairs)",
                      to_bare <= 1.8, ratio=to_bare))
    for name in databases:
        if name == "empty":
            continue
        target, met = "", None
        if name == "five-year":
            ratio, ratios = paired_ratio(snippets["listed empty"], snippets["listed five-year"], PAIRS, env)
            growth = 100 * (ratio - 1)
            spread = f"pairs {100 * (min(ratios) - 1):+.0f}..{100 * (max(ratios) - 1):+.0f}%"
            target, met = f"within 10% of empty: {growth:+.1f}% ({spread})", abs(growth) <= 10
        lines.append(line(f"start to rounds listed, {name} database", times[f"listed {name}"], bare, target, met))
    for name in databases:
        lines.append(line(f"  and attendance shares shown, {name}", times[f"shares {name}"], bare))
    stores = alternating({name: KURSROM_STORE_OPEN.format(db=str(path)) for name, path in databases.items()},
                         repeat, env)
    for name in databases:
        lines.append(line(f"  and the store open (keys act), {name}", stores[name], bare))
    return bare, lines


def main(repeat: int = 7) -> list[str]:
    from kursrom.core.catalog import default_folders, load_catalog
    from kursrom.store.db import open_store
    from kursrom.store.demo import build_demo
    from large_db import large_database

    env = scratch_home()
    folder = Path(tempfile.mkdtemp(prefix="kursrom-bench-db-"))
    open_store(folder / "empty.sqlite").close()
    demo = open_store(folder / "demo.sqlite")
    build_demo(demo, load_catalog(default_folders()))
    demo.close()
    cached, _info, _was_cached = large_database()
    five_years = folder / "five-year.sqlite"
    shutil.copyfile(cached, five_years)  # the app may write to what it opens: keep the cache as built
    bare, lines = headline(env, {"empty": folder / "empty.sqlite", "demo": folder / "demo.sqlite",
                                 "five-year": five_years}, repeat)

    from kursrom.core.catalog import default_folders, load_catalog

    catalog = load_catalog(default_folders())
    lines.append(line(f"catalog: load {len(catalog.exercises)} exercises, {len(catalog.templates)} templates",
                      in_process(lambda: load_catalog(default_folders())), bare))

    from kursrom.core.clock import Clock
    from kursrom.store import db as dbmod
    from kursrom.store import fileguard

    counter = iter(range(10_000))

    def create() -> None:
        dbmod.open_store(folder / f"new-{next(counter)}.sqlite").close()

    lines.append(line("database: create a new one", in_process(create), bare))
    lines.append(line("database: open the demo (header checks)",
                      in_process(lambda: dbmod.open_store(folder / "demo.sqlite", full_check=False).close()), bare))
    lines.append(line("database: open the demo (whole file checked)",
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
