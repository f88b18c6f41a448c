"""Nothing leaves the machine and nothing personal is logged: a whole course flow (a round, a roster
import, a session with attendance and notes, an export, forgetting someone, a purge, and the app
itself from the home screen into a round and a live session) opens no network connection, creates
no network socket, writes no log file, and puts no participant's name in any log record."""

from __future__ import annotations

import logging
import socket
from datetime import timedelta
from pathlib import Path

import pytest

from kursrom.app import make_app

NAMES = ("Åse Nygård", "Олена Коваленко", "فاطمة الزهراء", "Ingrid Ødegård-Ås", "Дмитро Іваненко")


@pytest.fixture
def network_guard(monkeypatch):
    """Every way Python code reaches the network raises, and every socket made is recorded."""
    attempts: list[str] = []
    created: list[int] = []

    def refuse(what: str):
        def refused(*args, **kwargs):
            attempts.append(what)
            raise OSError(f"kursrom must not use the network ({what})")
        return refused

    for name in ("connect", "connect_ex", "sendto", "bind"):
        monkeypatch.setattr(socket.socket, name, refuse(f"socket.{name}"))
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, refuse(name))
    original = socket.socket.__init__

    def recording_init(self, family=-1, type=-1, proto=-1, fileno=None):
        original(self, family, type, proto, fileno)
        created.append(self.family)

    monkeypatch.setattr(socket.socket, "__init__", recording_init)
    return attempts, created


async def run_flow(catalog, clock, home: Path) -> Path:
    """A course from start to finish, in-process. Returns the database's path."""
    from kursrom.store.exports import export_session
    from kursrom.core.roster_csv import parse_roster
    from kursrom.paths import default_db_path
    from kursrom.store import live
    from kursrom.store.demo import build_demo
    from kursrom.store.db import open_store
    from kursrom.store.privacy import forget_participant
    from kursrom.store.purge import purge_before
    from kursrom.store.rounds import (
        add_participant, agenda_of, create_round, enrolled, import_roster, sessions_of,
    )

    path = default_db_path()
    store = open_store(path, clock)
    round_id = build_demo(store, catalog)
    second = create_round(store, catalog, catalog.template("i-jobb"), start=clock.local_now().date(),
                          title="I jobb – vår")
    roster = parse_roster(("navn;språk;tolk\n" + "\n".join(f"{n};uk;ja" for n in NAMES[3:])).encode())
    assert roster.ok, roster.problems
    import_roster(store, second.id, roster.rows)
    add_participant(store, "Ingen Runde")
    session = sessions_of(store, round_id)[0]
    people = enrolled(store, round_id)
    live.start_session(store, session.id)
    for person in people:
        live.mark(store, session.id, person.id, "present")
    items = agenda_of(store, session.id)
    live.save_note(store, session.id, items[0].id, live.note_writer("live"),
                   "@Åse Nygård og @Олена Коваленко vil ha hjelp med CV. فاطمة الزهراء sa lite.", participants=people)
    clock.advance(minutes=20)
    live.next_item(store, session.id)
    clock.advance(minutes=100)
    live.end_session(store, session.id)
    export_session(store, session.id, home / "eksport")
    forget_participant(store, people[0].id)
    purge_before(store, clock.local_now().date() - timedelta(days=365), dry_run=True)

    app = make_app(catalog, store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "RoundScreen"
        await pilot.press("escape")
        await pilot.pause()
        app.open_session(sessions_of(store, second.id)[0].id)
        await pilot.pause()
        assert type(app.screen).__name__ == "LiveSessionScreen"
        await pilot.press("escape")
        await pilot.pause()
    store.close()
    return path


async def test_a_whole_course_opens_no_connection_and_logs_nothing_personal(catalog, clock, isolated_home,
                                                                           network_guard, caplog):
    """One run of the flow, two proofs (the flow is the slow part): the network, then the logs."""
    caplog.set_level(logging.DEBUG, logger="kursrom")
    caplog.set_level(logging.DEBUG, logger="textual")
    caplog.set_level(logging.WARNING)  # what Python prints when no one configured logging
    attempts, created = network_guard

    path = await run_flow(catalog, clock, isolated_home)

    assert attempts == []
    network_families = {socket.AF_INET, socket.AF_INET6}
    assert [family for family in created if family in network_families] == [], \
        "only local socket pairs (the event loop's wake-up pipe) are allowed"

    logged = "\n".join(f"{record.name} {record.getMessage()} {record.args}" for record in caplog.records)
    for name in NAMES + ("Jonas Bjørkløw",):
        for part in name.split():
            assert part.casefold() not in logged.casefold(), f"{part!r} was logged"
    # SQLAlchemy writes every statement and its parameters (names!) once its logger is at INFO;
    # kursrom never turns that on, and configures no handler of its own.
    assert not logging.getLogger("sqlalchemy.engine").isEnabledFor(logging.INFO)
    assert not [h for h in logging.getLogger().handlers if type(h).__module__ != "_pytest.logging"]
    files = sorted(p.relative_to(isolated_home).as_posix() for p in isolated_home.rglob("*") if p.is_file())
    database = {path.name, path.name + "-wal", path.name + "-shm"}
    unexpected = [f for f in files if Path(f).name not in database and not f.startswith("eksport/")]
    assert unexpected == [], "kursrom writes its database and what is exported, nothing else"
    assert any(f.startswith("eksport/") for f in files), "the flow exported a summary"


def test_the_guard_itself_catches_a_connection(network_guard):
    attempts, created = network_guard
    with pytest.raises(OSError, match="network"):
        socket.create_connection(("example.org", 443))
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        with pytest.raises(OSError, match="network"):
            sock.connect(("127.0.0.1", 9))
    assert attempts == ["create_connection", "socket.connect"]
    assert socket.AF_INET in created
