"""Five years of courses: does kursrom stay quick when the database is large?

Generates (once, cached in the temp folder under a name made from its parameters) a database of
200 rounds of the 20-session "I jobb" course (4,000 sessions), 35 participants in each, a note on
every agenda item, attendance for every held session, exercise results, SØT plans, evaluations and
follow-up. The schema is the real one (`open_store` creates the file); the rows go in with bulk
inserts through the standard sqlite3 module.

Then, against a bare Textual app measured in the same run: start to the first frame on the large
database and on an empty one (the first frame must not wait for the database: within 10 %), start
to the rounds being listed, listing rounds, opening a session, exporting a round, and the privacy
commands on a copy (forgetting a person, purging the oldest year).

    python benchmarks/run.py large_db
    python benchmarks/large_db.py --fresh     rebuild the cached database first
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import BARE_APP, FIRST_FRAME, bare_app_start, in_process, line, scratch_home, verdict

ROUNDS = 200
SESSIONS_PER_ROUND = 20
PARTICIPANTS_PER_ROUND = 35
TEMPLATE = "i-jobb"
#: The day the five years end: fixed, so that the cached file does not depend on when it was built.
TODAY = date(2026, 11, 23)
SEED = 7
#: Raise when the generator changes, so an old cached file is not reused.
GENERATOR_VERSION = 2

FIRST = ["Åse", "Jonas", "Sigrid", "Mari", "Ola", "Ingrid", "Olena", "Mykhailo", "Iryna", "Dmytro", "Fatima",
         "Yusuf", "Amina", "Ahmed", "Hanna", "Tesfay", "Abdi", "Marta", "Piotr", "Nguyen", "Анна", "Олег",
         "فاطمة", "محمد", "Linh", "Sara", "Omar", "Lena", "Kari", "Yonas"]
LAST = ["Nygård", "Bjørkløw", "Ødegård", "Særheim", "Hansen", "Johansen", "Kovalenko", "Shevchenko", "Haddad",
        "Rahimi", "Tesfaye", "Mohamed", "Nowak", "Tran", "Berg", "Lie", "Коваленко", "Шевченко", "الزهراء", "Ali"]
NOTE_TEXTS = [
    "{name} fortalte om erfaring fra butikk og vil jobbe i varehandel.",
    "{name} trenger hjelp med CV-en; avtal tid i verkstedet neste uke.",
    "Godt engasjement i gruppa. {name} ledet diskusjonen om arbeidskultur.",
    "{name} var usikker på rettighetene sine; følg opp med NAV-veileder.",
    "Tolken oversatte fortløpende. {name} ba om en kortere pause.",
    "{name}: «Jeg vil lære norsk raskere og få fast jobb.»",
]


def params_key() -> str:
    text = json.dumps([ROUNDS, SESSIONS_PER_ROUND, PARTICIPANTS_PER_ROUND, TEMPLATE, TODAY.isoformat(), SEED,
                       GENERATOR_VERSION, _schema_version()])
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _schema_version() -> str:
    """The schema as `open_store` creates it today: a new index or column means a new file."""
    from kursrom.store.db import open_store

    folder = Path(tempfile.mkdtemp(prefix="kursrom-bench-schema-"))
    open_store(folder / "schema.sqlite").close()
    conn = sqlite3.connect(folder / "schema.sqlite")
    schema = "\n".join(sql or "" for (sql,) in conn.execute("SELECT sql FROM sqlite_master ORDER BY name"))
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.close()
    shutil.rmtree(folder, ignore_errors=True)
    return f"{version}:{hashlib.sha256(schema.encode()).hexdigest()}"


def cache_path() -> Path:
    return Path(tempfile.gettempdir()) / f"kursrom-bench-large-{params_key()}" / "kursrom.sqlite"


def ts(moment: datetime) -> str:
    """A datetime as SQLAlchemy stores it in SQLite: naive UTC text with microseconds."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


def generate(path: Path) -> dict[str, object]:
    """Build the database at `path`; returns what went into it."""
    from kursrom.core.catalog import default_folders, load_catalog
    from kursrom.core.schedule import plan_sessions
    from kursrom.store.db import open_store

    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    open_store(path).close()  # the real schema, application id and version
    catalog = load_catalog(default_folders())
    template = catalog.template(TEMPLATE)
    plans = template.sessions
    rng = random.Random(SEED)
    now = datetime.combine(TODAY, datetime.min.time(), timezone.utc) + timedelta(hours=11)
    # Five years of intakes, the last few still running or to come.
    first_start = TODAY - timedelta(days=5 * 365 - 60)
    spacing = 5 * 365 / ROUNDS

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("BEGIN")
    rows: dict[str, list[tuple]] = {name: [] for name in (
        "round", "session", "item", "timer", "participant", "enrolment", "attendance", "note", "tag",
        "result", "board", "revision", "follow_up", "score", "comment", "export")}
    ids = {name: 0 for name in rows}

    def new_id(table: str) -> int:
        ids[table] += 1
        return ids[table]

    for r in range(ROUNDS):
        start = first_start + timedelta(days=round(r * spacing))
        start -= timedelta(days=start.weekday())  # a Monday
        round_id = new_id("round")
        created = datetime.combine(start, datetime.min.time(), timezone.utc) - timedelta(days=14)
        rows["round"].append((round_id, f"I jobb {start:%Y} uke {start.isocalendar()[1]}", template.id,
                              template.version, start.isoformat(), template.schedule.start_time,
                              "NAV Tromsø, kurssal 3", "Kari Lunde, Ahmed Rahimi", "[]", None, ts(created)))
        people = []
        for _p in range(PARTICIPANTS_PER_ROUND):
            person = new_id("participant")
            people.append((person, f"{rng.choice(FIRST)} {rng.choice(LAST)}"))
            rows["participant"].append((person, people[-1][1], rng.choice(["uk", "ar", "ti", "so", "pl", "nb"]),
                                        None, "", "", ts(created)))
            rows["enrolment"].append((new_id("enrolment"), round_id, person, ts(created), None, ""))
            board = new_id("board")
            rows["board"].append((board, person, round_id, ts(created)))
            for version in range(2):
                rows["revision"].append((new_id("revision"), board, None, "Søker jobb i butikk",
                                         "Fast jobb innen ett år", json.dumps([{"text": "Oppdatere CV", "date": None}]),
                                         ts(created + timedelta(days=7 * version))))
            rows["follow_up"].append((new_id("follow_up"), person, round_id, rng.choice(["work", "education",
                                      "seeking", "measure"]), (start + timedelta(days=60)).isoformat(), "",
                                      ts(created + timedelta(days=60))))
        planned = plan_sessions(template.schedule.kind, SESSIONS_PER_ROUND, start, template.schedule.start_time,
                                [plan.minutes for plan in plans])
        for plan, when in zip(plans, planned):
            session_id = new_id("session")
            held = when.end_utc < now
            status = ("exported" if rng.random() < 0.3 else "done") if held else "planned"
            rows["session"].append((session_id, round_id, plan.number, plan.title, plan.theme, ts(when.start_utc),
                                    ts(when.end_utc), status, ts(when.start_utc) if held else None,
                                    ts(when.end_utc) if held else None, None))
            clock = when.start_utc
            first_item = None
            for position, entry in enumerate(plan.agenda):
                exercise = catalog.exercise(entry.exercise)
                item_id = new_id("item")
                first_item = first_item or item_id
                rows["item"].append((item_id, session_id, position, exercise.id, exercise.kind,
                                     entry.title or exercise.title, entry.prompt or exercise.prompt,
                                     entry.instructions or exercise.instructions, entry.duration,
                                     json.dumps(exercise.snapshot()), "template", position, 0))
                who = rng.choice(people)
                text = rng.choice(NOTE_TEXTS).format(name=who[1])
                note_id = new_id("note")
                rows["note"].append((note_id, session_id, item_id, text, 0, 0, ts(clock), ts(clock), "live@bench"))
                rows["tag"].append((note_id, who[0]))
                if held:
                    rows["timer"].append((new_id("timer"), item_id, "start", ts(clock), 0, "bench"))
                    clock += timedelta(minutes=entry.duration)
                    rows["timer"].append((new_id("timer"), item_id, "finish", ts(clock), 0, "bench"))
            if not held:
                continue
            for person, _name in people:
                mark = rng.choices(["present", "late", "absent"], weights=[85, 8, 7])[0]
                rows["attendance"].append((new_id("attendance"), session_id, person, mark, ts(when.start_utc),
                                           None, "", "bench"))
                rows["result"].append((new_id("result"), first_item, person, "reflection",
                                       json.dumps({"text": "Jeg er god til å samarbeide.", "ok": True}),
                                       ts(when.start_utc)))
            for element in range(4):
                for score in range(1, 6):
                    rows["score"].append((new_id("score"), session_id, None, f"Del {element + 1}", 1, 5, score,
                                          rng.randint(0, 10)))
            for _c in range(3):
                rows["comment"].append((new_id("comment"), session_id, "Nyttig, men litt for raskt.",
                                        ts(when.end_utc)))
            if status == "exported":
                rows["export"].append((new_id("export"), session_id, round_id, f"/tmp/eksport/{session_id}.md",
                                       "md", 0, ts(when.end_utc)))
    inserts = {
        "round": "course_round (id, title, template_id, template_version, start_date, start_time, place, "
                 "facilitators, skip_dates, copied_from_id, created_at)",
        "session": "course_session (id, round_id, number, title, theme, planned_start, planned_end, status, "
                   "started_at, ended_at, current_item_id)",
        "item": "agenda_item (id, session_id, position, exercise_id, kind, title, prompt, instructions, "
                "planned_minutes, exercise, origin, template_position, skipped)",
        "timer": "timer_event (id, item_id, kind, at, seconds, terminal)",
        "participant": "participant (id, name, language, interpreter_language, contact, accessibility_note, "
                       "created_at)",
        "enrolment": "enrolment (id, round_id, participant_id, enrolled_at, removed_at, removed_reason)",
        "attendance": "attendance_event (id, session_id, participant_id, status, at, time, reason, terminal)",
        "note": "note (id, session_id, item_id, text, follow_up, quote, created_at, updated_at, terminal)",
        "tag": "note_tag (note_id, participant_id)",
        "result": "exercise_result (id, item_id, participant_id, kind, data, updated_at)",
        "board": "sot_board (id, participant_id, round_id, created_at)",
        "revision": "sot_revision (id, board_id, session_id, situation, wish, actions, saved_at)",
        "follow_up": 'follow_up (id, participant_id, round_id, status, "on", note, recorded_at)',
        "score": "evaluation_score (id, session_id, item_id, element, scale_min, scale_max, score, count)",
        "comment": "evaluation_comment (id, session_id, text, created_at)",
        "export": "export_record (id, session_id, round_id, path, format, anonymized, at)",
    }
    for name, target in inserts.items():
        if rows[name]:
            marks = ", ".join("?" * len(rows[name][0]))
            conn.executemany(f"INSERT INTO {target} VALUES ({marks})", rows[name])
    conn.execute("COMMIT")
    problems = conn.execute("PRAGMA foreign_key_check").fetchall()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    if problems:
        raise RuntimeError(f"the generated database breaks its foreign keys: {problems[:3]}")
    # As kursrom leaves the file once it has listed the rounds: each round's share counted and kept.
    from kursrom.store.overview import round_rows

    store = open_store(path)
    round_rows(store)
    store.close()
    summary = {"seconds": time.perf_counter() - started, "rows": {k: len(v) for k, v in rows.items()}}
    path.with_suffix(".json").write_text(json.dumps(summary), encoding="utf-8")
    return summary


def large_database(fresh: bool = False) -> tuple[Path, dict[str, object], bool]:
    path = cache_path()
    info = path.with_suffix(".json")
    if not fresh and path.is_file() and info.is_file():
        return path, json.loads(info.read_text(encoding="utf-8")), True
    return path, generate(path), False


def _copy(path: Path, folder: Path) -> Path:
    target = folder / path.name
    shutil.copyfile(path, target)
    return target


def main(repeat: int = 7, fresh: bool = False) -> list[str]:
    from kursrom.store.db import open_store
    from kursrom.store.fileguard import check_integrity
    from kursrom.store.overview import round_rows
    from kursrom.store.rounds import round_overviews

    path, info, cached = large_database(fresh)
    rows = info["rows"]
    size = path.stat().st_size
    lines = [f"large database: {rows['round']} rounds, {rows['session']} sessions, {rows['participant']} "
             f"participants, {rows['note']} notes, {rows['attendance']} attendance marks, {rows['result']} results",
             f"  {size / 1e6:.0f} MB, generated in {info['seconds']:.1f} s"
             f"{' (cached: ' + str(path) + ')' if cached else ''}"]

    env = scratch_home()
    scratch = Path(tempfile.mkdtemp(prefix="kursrom-bench-large-"))
    empty = scratch / "empty.sqlite"
    open_store(empty).close()
    bare = bare_app_start(repeat)
    lines.append(line("bare Textual app: start to first frame", bare, bare))
    lines.extend(memory_figures(env, {"empty": empty, "five-year": path}))

    seconds = in_process(lambda: open_store(path, full_check=False).close(), 5)
    lines.append(line("open the store (header, application id, schema)", seconds, bare, "<= 0.1x",
                      seconds / bare <= 0.1))
    quick = in_process(lambda: check_integrity(path, quick=True), 3)
    lines.append(line("  every page (quick_check), at start-up", quick, bare))
    lines.append(line("  the whole file (integrity_check), kursrom check", in_process(lambda: check_integrity(path), 3),
                      bare))
    store = open_store(path)
    try:
        listed = round_rows(store)
        assert len(listed) == rows["round"]
        seconds = in_process(lambda: round_rows(store), 5)
        lines.append(line(f"list rounds ({len(listed)}, with attendance)", seconds, bare, "<= 0.25x",
                          seconds / bare <= 0.25))
        lines.append(line("  one round's marks changed since the last list", in_process(
            lambda: (forget_share(path, listed[0].id), round_rows(store)), 5), bare))
        lines.append(line("  every share counted anew (none kept)", in_process(lambda: count_all(path), 3), bare))
        lines.append(line("  the same through the ORM (kursrom rounds)", in_process(lambda: round_overviews(store), 3),
                          bare))
        session_id = rows["session"] // 2
        lines.append(line("open a session (what the live screen reads)",
                          in_process(lambda: open_session(store, session_id)), bare))
    finally:
        store.close()
    # Exporting records where it went, and the privacy commands delete: both work on a copy, so
    # the cached database stays as generated.
    copy = _copy(path, scratch)
    lines.extend(export_figures(copy, bare, round_id=rows["round"] // 2))
    lines.extend(privacy_figures(copy, bare))
    shutil.rmtree(scratch, ignore_errors=True)
    return lines


#: The process's peak resident memory (MB): VmHWM, since getrusage's peak survives exec and would
#: report the benchmark's own memory for a child started from it.
PEAK_MB = "float(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]) / 1024"

#: The headless home screen once the store is open and the list read from it, as a facilitator sees it
#: a moment after start-up; prints the process's peak resident memory (MB).
HOME_MEMORY = """
import sys
from pathlib import Path
from kursrom.i18n import set_language
set_language("nb")
from kursrom.core.catalog import default_folders, load_catalog
from kursrom.app import KursromApp
from kursrom.store.opening import StoreOpener

class Home(KursromApp):
    def on_home_screen_rounds_listed(self, message):
        if self.store is not None:
            self.call_after_refresh(self.peak)

    def peak(self):
        print(PEAK, flush=True)
        self.exit()

opener = StoreOpener(Path({db!r}))
Home(catalog=load_catalog(default_folders()), open_store=opener, home_rows=opener).run(
    headless=True, size=(80, 24))
"""

HOME_MEMORY = HOME_MEMORY.replace("PEAK", PEAK_MB)
BARE_MEMORY = BARE_APP.replace("first_frame()", f"print({PEAK_MB}); self.exit()")


def memory_figures(env: dict[str, str], databases: dict[str, Path]) -> list[str]:
    """Peak memory of the headless home screen (median of three) on each database."""
    def peak(code: str) -> float:
        runs = [float(subprocess.run([sys.executable, "-c", FIRST_FRAME + code], check=True, capture_output=True,
                                     text=True, env={**os.environ, **env, "KURSROM_BENCH_T0": "0"}).stdout.split()[-1])
                for _ in range(3)]
        return statistics.median(runs)

    bare = peak(BARE_MEMORY)
    found = {name: peak(HOME_MEMORY.format(db=str(path))) for name, path in databases.items()}
    growth = found["five-year"] - found["empty"]
    return [f"{'peak memory, bare Textual app':<44} {bare:9.1f} MB",
            f"{'peak memory, home screen, empty database':<44} {found['empty']:9.1f} MB",
            f"{'peak memory, home screen, five-year database':<44} {found['five-year']:9.1f} MB"
            f"   target within 10 MB of empty: {growth:+.1f} MB{verdict(abs(growth) <= 10)}"]


def _once(code: str, env: dict[str, str]) -> float:
    environment = {**os.environ, **env, "KURSROM_BENCH_T0": repr(time.time())}
    result = subprocess.run([sys.executable, "-c", FIRST_FRAME + code], check=True, env=environment,
                            capture_output=True, text=True)
    return float(result.stdout)


def alternating(snippets: dict[str, str], repeat: int, env: dict[str, str]) -> dict[str, float]:
    """Median start-to-first-frame of each snippet, run in turns (a, b, c, a, b, c, ...) so that a
    busy moment on the machine falls on all of them alike; the first round only warms the caches.
    With KURSROM_BENCH_SAMPLES=1 in the environment every sample is printed too."""
    samples: dict[str, list[float]] = {name: [] for name in snippets}
    for index in range(repeat + 1):
        for name, code in snippets.items():
            elapsed = _once(code, env)
            if index:
                samples[name].append(elapsed)
    if os.environ.get("KURSROM_BENCH_SAMPLES"):
        for name, values in samples.items():
            print(name, " ".join(f"{v * 1000:.0f}" for v in values))
    return {name: statistics.median(values) for name, values in samples.items()}


def paired_ratio(first: str, second: str, pairs: int, env: dict[str, str]) -> tuple[float, list[float]]:
    """Median of second/first over `pairs` pairs of starts run back to back (in turns a-b, b-a, so
    neither always runs right after the other): on a shared machine whose speed drifts by a quarter
    within a minute, a ratio taken within each pair keeps the drift out; medians taken apart do not.
    The first pair only warms the caches. Returns the median ratio and the ratios."""
    ratios = []
    for index in range(pairs + 1):
        if index % 2:
            b, a = _once(second, env), _once(first, env)
        else:
            a, b = _once(first, env), _once(second, env)
        if index:
            ratios.append(b / a)
    if os.environ.get("KURSROM_BENCH_SAMPLES"):
        print("ratios", " ".join(f"{r:.3f}" for r in ratios))
    return statistics.median(ratios), ratios


def forget_share(path: Path, round_id: int) -> None:
    """What a mark in a round does to its kept share (`kursrom.store.tally`)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DELETE FROM round_share WHERE round_id = ?", (round_id,))
    conn.close()


def count_all(path: Path) -> None:
    from kursrom.store.fileguard import database_uri
    from kursrom.store.overview import shares_sql

    conn = sqlite3.connect(database_uri(path), uri=True)
    conn.execute(shares_sql()).fetchall()
    conn.close()


def open_session(store, session_id: int) -> None:
    """What the live screen reads when it opens a session."""
    try:
        from kursrom.store import live
    except ImportError:  # before the live screen's store module existed
        from kursrom.store.rounds import agenda_of

        agenda_of(store, session_id)
        return
    live.load(store, session_id)
    live.notes_of(store, session_id)


def export_figures(path: Path, bare: float, round_id: int) -> list[str]:
    from kursrom.store.db import open_store

    try:
        from kursrom.store.exports import export_round
    except ImportError:
        return ["export a round: skipped (kursrom.store.exports does not exist yet)"]
    folder = Path(tempfile.mkdtemp(prefix="kursrom-bench-export-"))
    store = open_store(path)
    try:
        seconds = in_process(lambda: export_round(store, round_id, folder, force=True), 3)
    finally:
        store.close()
        shutil.rmtree(folder, ignore_errors=True)
    return [line("export a round (20 sessions, 35 people)", seconds, bare)]


def privacy_figures(copy: Path, bare: float) -> list[str]:
    from kursrom.store.db import open_store
    from kursrom.store.privacy import forget_participant
    from kursrom.store.purge import purge_before

    lines = []
    store = open_store(copy)
    try:
        started = time.perf_counter()
        forget_participant(store, 4242)
        seconds = time.perf_counter() - started
        lines.append(line("forget a participant (redact, wipe, log)", seconds, bare, "<= 2.5x", seconds / bare <= 2.5))
        oldest_year = TODAY.replace(year=TODAY.year - 4)
        started = time.perf_counter()
        preview = purge_before(store, oldest_year, dry_run=True)
        lines.append(line(f"purge dry run ({len(preview.rounds)} rounds)", time.perf_counter() - started, bare))
        started = time.perf_counter()
        purge_before(store, oldest_year, dry_run=False)
        lines.append(line(f"purge a year ({len(preview.rounds)} rounds, VACUUM)",
                          time.perf_counter() - started, bare))
    finally:
        store.close()
    lines.append(f"  after the purge: {copy.stat().st_size / 1e6:.0f} MB")
    return lines


if __name__ == "__main__":
    print("\n".join(main(fresh="--fresh" in sys.argv)))
