"""The home list read with plain DB-API (`store.overview`) is what the ORM reads (`round_overviews`),
on the demo, on a generated database and on attendance with corrections, removals and strangers;
and the app's opener shows it before the ORM has loaded, refusing a damaged file untouched."""

from __future__ import annotations

import hashlib
import importlib.util
import sqlite3
import subprocess
import sys
import threading
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from kursrom.store import fileguard
from kursrom.store.db import open_store
from kursrom.store.errors import StoreError, StoreErrorKind
from kursrom.store.models import AttendanceEvent, CourseSession, Participant
from kursrom.store.opening import StoreOpener
from kursrom.store.overview import RoundRow, round_rows, round_rows_at
from kursrom.store.rounds import enrolled, round_overviews, sessions_of, unenrol

ROOT = Path(__file__).resolve().parents[2]


def through_orm(store) -> list[RoundRow]:
    return [RoundRow(o.round.id, o.round.title, o.round.place, o.round.start_date, o.state,
                     o.next_session.planned_start if o.next_session else None, o.participants, o.sessions,
                     o.sessions_done, o.attendance) for o in round_overviews(store)]


def through_sqlite(path: Path) -> list[RoundRow]:
    return round_rows_at(fileguard.database_uri(path))


def shares_by_hand(path: Path) -> dict[int, float]:
    """The attendance rule spelled out in Python, row by row, as an independent reference."""
    conn = sqlite3.connect(path)
    held = {sid: (rid, begun) for sid, rid, begun in conn.execute(
        "SELECT id, round_id, COALESCE(started_at, planned_start) FROM course_session "
        "WHERE status IN ('running', 'done', 'exported')")}
    rows = conn.execute("SELECT id, session_id, participant_id, status, undoes FROM attendance_event ORDER BY id")
    rows = rows.fetchall()
    undone = {undoes for *_rest, undoes in rows if undoes is not None}
    latest: dict[tuple[int, int], str] = {}
    for mark_id, session_id, person, status, undoes in rows:
        if undoes is None and mark_id not in undone:  # a correction, or a mark taken back, does not count
            latest[(session_id, person)] = status
    enrolments = conn.execute("SELECT round_id, participant_id, removed_at FROM enrolment").fetchall()
    conn.close()
    expected: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for session_id, (round_id, begun) in held.items():
        for enrolled_round, person, removed in enrolments:
            if enrolled_round == round_id and (removed is None or begun is None or removed > begun):
                expected[round_id].add((session_id, person))
    for (session_id, person) in latest:
        if session_id in held:
            expected[held[session_id][0]].add((session_id, person))
    return {round_id: sum(latest.get(pair) in ("present", "late", "left_early") for pair in pairs) / len(pairs)
            for round_id, pairs in expected.items() if pairs}


def test_the_demo_lists_the_same_through_sqlite_and_through_the_orm(planned_rounds, demo_store, db_path):
    rows = through_sqlite(db_path)
    assert rows == through_orm(demo_store) == round_rows(demo_store)
    assert [row.state for row in rows] == ["running", "planned"]
    assert rows[0].attendance == pytest.approx(6 / 8) and rows[0].next_start is not None


def test_corrections_removals_and_strangers_count_as_the_rule_says(planned_rounds, demo_store, db_path):
    demo_id, _ = planned_rounds
    first, second, third = sessions_of(demo_store, demo_id)[:3]
    people = enrolled(demo_store, demo_id)
    with demo_store.session() as db:
        stranger = Participant(name="Ikke påmeldt", created_at=demo_store.now())
        db.add(stranger)
    unenrol(demo_store, demo_id, people[0].id, "Flyttet")  # before sessions 2 and 3 begin
    with demo_store.session() as db:
        for session, status, begun in ((second, "done", 7), (third, "running", 14)):
            row = db.get(CourseSession, session.id)
            row.status, row.started_at = status, demo_store.now() + timedelta(days=begun)
            db.add(row)
            for index, person in enumerate([*people, stranger]):
                mark = "absent" if index % 3 == 0 else "present"
                db.add(AttendanceEvent(session_id=session.id, participant_id=person.id, status=mark,
                                       at=row.started_at))
        db.add(AttendanceEvent(session_id=second.id, participant_id=people[3].id, status="late",
                               at=demo_store.now() + timedelta(days=7, minutes=9)))  # corrected: came late
        db.add(AttendanceEvent(session_id=first.id, participant_id=people[1].id, status="absent",
                               at=demo_store.now()))  # corrected the other way
    with demo_store.session() as db:  # an undo: a correction that takes a mark back; neither counts
        taken_back = db.exec(select(AttendanceEvent).where(AttendanceEvent.session_id == second.id,
                                                          AttendanceEvent.participant_id == people[4].id)).first()
        db.add(AttendanceEvent(session_id=second.id, participant_id=people[4].id, status="undone",
                               undoes=taken_back.id, at=demo_store.now() + timedelta(days=7, minutes=12)))
    rows = through_sqlite(db_path)
    assert rows == through_orm(demo_store)
    assert {row.id: row.attendance for row in rows if row.attendance is not None} == pytest.approx(
        shares_by_hand(db_path))


def test_a_generated_database_lists_the_same_both_ways(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("large_db", ROOT / "benchmarks" / "large_db.py")
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    large_db = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(large_db)
    monkeypatch.setattr(large_db, "ROUNDS", 6)
    monkeypatch.setattr(large_db, "PARTICIPANTS_PER_ROUND", 9)
    path = tmp_path / "generated.sqlite"
    large_db.generate(path)
    store = open_store(path)
    try:
        rows = through_sqlite(path)
        assert len(rows) == 6 and {row.state for row in rows} >= {"finished"}
        assert rows == through_orm(store)
        assert {row.id: row.attendance for row in rows if row.attendance is not None} == pytest.approx(
            shares_by_hand(path))
    finally:
        store.close()


def test_the_first_rows_need_no_orm(planned_rounds, demo_store, db_path):
    demo_store.close()
    code = ("import sys; from pathlib import Path; from kursrom.store.opening import StoreOpener; "
            f"rows = StoreOpener(Path({str(db_path)!r})).first_rows(); "
            "print(len(rows), 'sqlalchemy' in sys.modules)")
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert ran.stdout.split() == ["2", "False"], ran.stderr


def test_the_demo_is_checked_and_its_rows_read_with_no_orm(catalog, clock, tmp_path):
    """`kursrom demo` checks the file is a demo and reads its list before the ORM has loaded."""
    from kursrom.store.demo import open_demo_store

    path = tmp_path / "demo.sqlite"
    open_demo_store(path, catalog, clock).close()
    code = ("import sys; from pathlib import Path; from kursrom.store.demo_file import check_demo; "
            "from kursrom.store.opening import DemoOpener; "
            f"check_demo(Path({str(path)!r}), reset=False); "
            f"rows = DemoOpener(Path({str(path)!r}), None).first_rows(); "
            "print(len(rows), 'sqlalchemy' in sys.modules)")
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert ran.stdout.split() == ["2", "False"], ran.stderr


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def damaged_db(db_path, clock) -> Path:
    """A kursrom file closed cleanly, then damaged in its last pages: the header stays valid."""
    opened = open_store(db_path, clock)
    with opened.session() as db:
        for index in range(300):
            db.add(Participant(name=f"Deltaker {index} " + "x" * 200, created_at=clock.now()))
    opened.close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(db_path.read_bytes())
    for offset in range(len(data) - 8 * 4096, len(data), 4096):
        data[offset: offset + 64] = b"\xff" * 64
    db_path.write_bytes(bytes(data))
    return db_path


def test_the_opener_refuses_a_damaged_file_before_writing_anything(damaged_db):
    before = digest(damaged_db)
    opener = StoreOpener(damaged_db)
    assert opener.first_rows() == []  # the header is sound; the rounds are read, none written
    with pytest.raises(StoreError) as caught:
        opener()
    assert caught.value.kind == StoreErrorKind.DAMAGED
    assert digest(damaged_db) == before
    assert sorted(p.name for p in damaged_db.parent.iterdir()) == [damaged_db.name]


def test_after_an_unclean_shutdown_the_whole_file_is_checked_before_anything_is_shown(damaged_db):
    log = damaged_db.with_name(damaged_db.name + "-wal")
    log.write_bytes(b"")  # what a killed process leaves beside the file
    with pytest.raises(StoreError) as caught:
        StoreOpener(damaged_db).first_rows()
    assert caught.value.kind == StoreErrorKind.DAMAGED
    with pytest.raises(StoreError):
        open_store(damaged_db, full_check=False)  # the store says the same, whatever its caller asks


def test_every_open_checks_header_application_id_and_schema(tmp_path):
    foreign = tmp_path / "photos.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    conn.close()
    with pytest.raises(StoreError) as caught:
        StoreOpener(foreign).first_rows()
    assert caught.value.kind == StoreErrorKind.FOREIGN
    with pytest.raises(StoreError) as caught:
        open_store(foreign, full_check=False)
    assert caught.value.kind == StoreErrorKind.FOREIGN


async def test_the_app_lists_the_rounds_read_ahead_then_from_the_store(planned_rounds, demo_store, db_path,
                                                                         catalog, clock):
    from kursrom.app import make_app
    from kursrom.screens.home import HomeScreen
    from kursrom.widgets.round_list import RoundList

    demo_id, ijobb_id = planned_rounds
    expected = through_orm(demo_store)
    demo_store.close()
    listed: list[object] = []
    app = make_app(catalog, opener=StoreOpener(db_path, clock), clock=clock)
    async with app.run_test(size=(100, 30), message_hook=listed.append) as pilot:
        for _ in range(200):
            if app.store is not None and sum(isinstance(m, HomeScreen.RoundsListed) for m in listed) >= 2:
                break
            await pilot.pause(0.05)
        assert app.first_rows == expected, "read ahead, before the store opened"
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        rounds = screen.query_one("#rounds", RoundList)
        assert [option.id for option in rounds.options] == [str(demo_id), str(ijobb_id)]
        assert sum(isinstance(m, HomeScreen.RoundsListed) for m in listed) >= 2, "again from the store"


def test_schema_7_gains_the_latest_mark_index_and_keeps_its_marks(planned_rounds, demo_store, db_path, downgrade):
    expected = through_orm(demo_store)
    demo_store.close()
    downgrade(db_path, 7)
    store = open_store(db_path)
    try:
        assert store.migrated_from == 7
        assert through_sqlite(db_path) == expected == through_orm(store)
    finally:
        store.close()
    conn = sqlite3.connect(db_path)
    (columns,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'ix_attendance_event_latest'").fetchone()
    conn.close()
    assert "session_id, participant_id, id, status, undoes" in columns


async def test_the_worker_reads_on_only_after_the_rows_read_ahead_are_painted(planned_rounds, demo_store, db_path,
                                                                              catalog, clock):
    """A read in the worker shares Python's lock with the paint of the first frame and slows it by
    as much as it takes, so the worker's second read waits for the rows to be on screen."""
    from textual.screen import Screen

    from kursrom.app import make_app
    from kursrom.screens.home import HomeScreen
    from kursrom.widgets.round_list import RoundList

    demo_store.close()
    events: list[str] = []

    class Opener(StoreOpener):
        def first_rows(self):
            events.append("worker reads")
            return super().first_rows()

    app = make_app(catalog, opener=Opener(db_path, clock), clock=clock)
    original = Screen._compositor_refresh

    def painted(screen: Screen) -> None:
        original(screen)
        if isinstance(screen, HomeScreen) and screen.query_one("#rounds", RoundList).row_count:
            events.append("rows painted")

    Screen._compositor_refresh = painted
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(200):
                if app.store is not None:
                    break
                await pilot.pause(0.05)
    finally:
        Screen._compositor_refresh = original
    assert "worker reads" in events
    assert events.index("rows painted") < events.index("worker reads")


@pytest.mark.parametrize("quick", [True, False], ids=["quick_check at start", "integrity_check"])
def test_both_checks_refuse_a_file_with_damaged_pages_and_write_nothing(damaged_db, quick):
    before = digest(damaged_db)
    with pytest.raises(StoreError) as caught:
        fileguard.check_integrity(damaged_db, quick=quick)
    assert caught.value.kind == StoreErrorKind.DAMAGED
    assert digest(damaged_db) == before
    assert sorted(p.name for p in damaged_db.parent.iterdir()) == [damaged_db.name]


def test_a_sound_file_passes_both_checks(planned_rounds, demo_store, db_path):
    demo_store.close()
    fileguard.check_integrity(db_path, quick=True)
    fileguard.check_integrity(db_path)


def held_back(opener_class: type[StoreOpener]) -> tuple[type[StoreOpener], threading.Event]:
    """`opener_class`, whose store opens only once the event returned is set."""
    may_open = threading.Event()

    class HeldBack(opener_class):
        def __call__(self):
            may_open.wait(10)
            return super().__call__()

    return HeldBack, may_open


async def until(pilot, condition, seconds: float = 10.0) -> None:
    """Pause until `condition()` holds (generous: a busy machine is slow), then once more."""
    for _attempt in range(int(seconds / 0.05)):
        if condition():
            break
        await pilot.pause(0.05)
    await pilot.pause()


async def test_a_round_opened_before_the_store_is_open_opens_once_it_is(planned_rounds, demo_store, db_path,
                                                                        catalog, clock):
    """The list is on screen about a second before the store is (the ORM's import): Enter pressed
    then is not lost, it opens the round that was highlighted when it was pressed."""
    from kursrom.app import make_app
    from kursrom.i18n import _
    from kursrom.screens.home import HomeScreen

    demo_id, ijobb_id = planned_rounds
    demo_store.close()
    opener, may_open = held_back(StoreOpener)
    app = make_app(catalog, opener=opener(db_path, clock), clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.listed)
        home = app.screen
        await pilot.press("down", "enter")  # the second round, I jobb
        await pilot.press("up")  # moved on meanwhile: the key pressed is what counts
        assert app.store is None and app.screen is home
        assert str(home.query_one("#home-status").content) == _("Opening the database…")
        may_open.set()
        await until(pilot, lambda: app.screen is not home)
        assert type(app.screen).__name__ == "RoundScreen" and app.screen.round_id == ijobb_id


async def test_the_demo_lists_its_rounds_before_its_store_is_open(catalog, clock, tmp_path):
    """`kursrom demo` reads its list ahead as any file (`DemoOpener`); `--reset` throws the file
    away, so there is nothing to read ahead then."""
    from kursrom.app import make_app
    from kursrom.screens.home import HomeScreen
    from kursrom.store.demo import open_demo_store
    from kursrom.store.opening import DemoOpener
    from kursrom.widgets.round_list import RoundList

    path = tmp_path / "demo.sqlite"
    open_demo_store(path, catalog, clock).close()
    opener, may_open = held_back(DemoOpener)
    app = make_app(catalog, opener=opener(path, catalog), clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.listed)
        rounds = app.screen.query_one("#rounds", RoundList)
        assert app.store is None and rounds.row_count == 2, "the earlier round and this one, before the store"
        may_open.set()
        await until(pilot, lambda: app.store is not None)
        assert app.store is not None and rounds.row_count == 2
    fresh = DemoOpener(path, catalog, reset=True)
    assert fresh.quick_rows() is None and fresh.first_rows() is None
