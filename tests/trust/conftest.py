"""Fixtures for the trust tests: a database with people in every place kursrom keeps text about them,
and helpers that look at the raw bytes of the files on disk."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from kursrom.store.models import (
    AttendanceEvent, CourseSession, EvaluationComment, ExerciseResult, ExportRecord, FollowUp, Note, NoteTag,
    Participant, SotBoard, SotRevision,
)
from kursrom.store.rounds import add_participant, agenda_of, create_round, enrol, sessions_of

ASE, OLENA, FATIMA = "Åse Nygård", "Олена Коваленко", "فاطمة الزهراء"
JONAS, MARI = "Jonas Bjørkløw", "Mari Særheim"


@dataclass
class Rich:
    """Ids in the rich database, by name."""

    people: dict[str, int]
    round1: int
    round2: int
    session1: int
    items: list[int]
    export_file: Path


def needles(name: str) -> list[bytes]:
    """Every way a name can sit in the file: UTF-8 (composed and decomposed, any case) and the
    \\uXXXX escapes the JSON columns use."""
    forms = set()
    for variant in (name, name.upper(), name.lower()):
        for normal in ("NFC", "NFD"):
            text = unicodedata.normalize(normal, variant)
            forms.add(text.encode("utf-8"))
            forms.add(json.dumps(text)[1:-1].encode("ascii"))
    return sorted(forms)


def every_form(name: str) -> list[bytes]:
    """Every way erasure promises a name is gone in: the full name, each of its parts and the slugged
    file-name forms of both; in any case, composed and decomposed; as UTF-8, JSON escapes, UTF-16."""
    from kursrom.core.files import slug

    words = [name, *name.split()]
    texts = {*words, *(slug(word) for word in words)}
    forms = set()
    for text in texts:
        for variant in (text, text.upper(), text.lower()):
            for normal in ("NFC", "NFD"):
                written = unicodedata.normalize(normal, variant)
                forms.add(written.encode("utf-8"))
                forms.add(json.dumps(written)[1:-1].encode("ascii"))
                forms.add(written.encode("utf-16-le"))
                forms.add(written.encode("utf-16-be"))
    return sorted(forms)


def bytes_left(files: list[Path], name: str) -> list[tuple[str, bytes]]:
    """(file, form) for every form of `name` (`every_form`) still in one of `files`."""
    found = []
    for path in files:
        data = path.read_bytes() if path.is_file() else b""
        found += [(path.name, form) for form in every_form(name) if form in data]
    return found


def file_bytes(db_path: Path) -> dict[str, bytes]:
    """The database file and its companions, as they are on disk."""
    found = {}
    for suffix in ("", "-wal", "-shm", "-journal"):
        path = db_path.with_name(db_path.name + suffix)
        if path.exists():
            found[path.name] = path.read_bytes()
    return found


def hits(db_path: Path, name: str) -> list[str]:
    """Which files hold `name` in any of its forms."""
    return sorted({file for file, data in file_bytes(db_path).items() for needle in needles(name) if needle in data})


def build_rich(store, catalog, tmp_path: Path) -> Rich:
    """The demo round (eight people, session 1 held) plus a second round, with every person named in
    notes, results, SØT plans, follow-up, evaluation comments and other people's records."""
    now = store.now()
    people = {p.name: p.id for p in _participants(store)}
    round1 = 1
    # A second round, later: Jonas and Mari again, and another Mari, so "Mari" alone is ambiguous there.
    template = catalog.template("pro")
    second = create_round(store, catalog, template, start=store.clock.local_now().date() + timedelta(days=70),
                          title="PRO vår")
    guidance = create_round(store, catalog, catalog.template("karriereveiledning"),
                            start=store.clock.local_now().date() + timedelta(days=7),
                            title=f"Karriereveiledning – {FATIMA}")
    enrol(store, guidance.id, [people[FATIMA]])
    people["Mari Hansen"] = add_participant(store, "Mari Hansen").id
    enrol(store, second.id, [people[JONAS], people[MARI], people["Mari Hansen"]])
    session = sessions_of(store, round1)[0]
    items = [item.id for item in agenda_of(store, session.id)]
    second_session = sessions_of(store, second.id)[0]
    export_file = tmp_path / "exports" / "samling-1.md"
    export_file.parent.mkdir(parents=True, exist_ok=True)
    export_file.write_text(f"Referat: {ASE} var til stede.\n", encoding="utf-8")
    with store.session() as db:
        held = db.get(CourseSession, session.id)
        held.status, held.started_at, held.ended_at = "done", now, now + timedelta(hours=2)
        for name, person in people.items():
            if name == "Mari Hansen":
                continue
            db.add(AttendanceEvent(session_id=session.id, participant_id=person, status="present", at=now,
                                   reason=""))
        db.add(AttendanceEvent(session_id=session.id, participant_id=people[ASE], status="late", at=now,
                               time=now + timedelta(minutes=10), reason="Buss forsinket"))
        db.add(AttendanceEvent(session_id=session.id, participant_id=people[JONAS], status="late", at=now,
                               reason=f"Fulgte {ASE} til legen"))

        def note(text: str, tags: list[str], item: int | None = None, session_id: int = session.id) -> None:
            row = Note(session_id=session_id, item_id=item, text=text, created_at=now, updated_at=now)
            db.add(row)
            db.flush()
            for tag in tags:
                db.add(NoteTag(note_id=row.id, participant_id=people[tag]))

        note(f"{ASE} trenger hjelp med CV-en; ring NAV-veileder.", [ASE], items[0])
        note(f"{OLENA} vil jobbe som sykepleier, trenger godkjenning.", [OLENA], items[1])
        note(f"{FATIMA} vil starte egen bedrift.", [FATIMA], items[1])
        note(f"{ASE.split()[0]} og Jonas jobbet godt sammen i dyreøvelsen.", [ASE, JONAS], items[2])
        note("Åse sa at hun vil bli snekker. ОЛЕНА var enig. قالت فاطمة إنها تحب الطبخ، وفاطمة تحب الرسم.", [],
             items[2])
        note(f"ÅSE NYGÅRDS plan er klar. Олена Коваленко og {FATIMA} deler tolk.", [], items[3])
        note("Mari sa ifra om at hun må gå tidlig neste gang.", [], None)
        note("Mari kommer for sent.", [], None, session_id=second_session.id)
        note("Sigrid hadde god energi.", ["Sigrid Ødegård"], items[0])
        # Results: their own, the group's tally keyed by name, and another person's naming them.
        db.add(ExerciseResult(item_id=items[2], participant_id=people[ASE], kind="animal",
                              data={"animal": "rev", "traits": ["lur", "rask"]}, updated_at=now))
        db.add(ExerciseResult(item_id=items[2], participant_id=people[OLENA], kind="animal",
                              data={"animal": "ugle", "traits": ["klok"]}, updated_at=now))
        db.add(ExerciseResult(item_id=items[2], participant_id=None, kind="tally",
                              data={"order": [ASE, OLENA, FATIMA, JONAS], ASE: 3, "Jonas": 2}, updated_at=now))
        db.add(ExerciseResult(item_id=items[3], participant_id=people[JONAS], kind="feedback",
                              data={"from": OLENA, "text": f"Takk til {FATIMA.split()[0]} for hjelpen"},
                              updated_at=now))
        for name in (ASE, OLENA, FATIMA, JONAS):
            board = SotBoard(participant_id=people[name], round_id=round1, created_at=now)
            db.add(board)
            db.flush()
            for version in range(2):
                db.add(SotRevision(board_id=board.id, session_id=session.id,
                                   situation=f"{name} søker jobb ({version})", wish="Fast jobb",
                                   actions=[{"text": f"Snakke med {ASE} om nettverk", "date": None}],
                                   saved_at=now + timedelta(minutes=version)))
        for name in (ASE, OLENA, FATIMA, JONAS):
            db.add(FollowUp(participant_id=people[name], round_id=round1, status="seeking", on=date(2026, 12, 1),
                            note=f"Samme veileder som {OLENA}" if name == JONAS else "", recorded_at=now))
        db.add(EvaluationComment(session_id=session.id, text=f"Fint å bli kjent med {FATIMA} og {ASE}.",
                                 created_at=now))
        jonas = db.get(Participant, people[JONAS])
        jonas.accessibility_note = f"Vil sitte ved siden av {ASE}."
        db.add(jonas)
        db.add(ExportRecord(session_id=session.id, path=str(export_file), format="markdown", at=now))
    return Rich(people, round1, second.id, session.id, items, export_file)


def _participants(store) -> list[Participant]:
    with store.read() as db:
        return list(db.exec(select(Participant)))


@pytest.fixture
def rich(demo_store, catalog, tmp_path) -> Rich:
    return build_rich(demo_store, catalog, tmp_path)


def raw(db_path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


class Probe:
    """The helpers above, for the test modules (which cannot import this conftest by name)."""

    ASE, OLENA, FATIMA, JONAS, MARI = ASE, OLENA, FATIMA, JONAS, MARI
    needles = staticmethod(needles)
    every_form = staticmethod(every_form)
    bytes_left = staticmethod(bytes_left)
    file_bytes = staticmethod(file_bytes)
    hits = staticmethod(hits)
    raw = staticmethod(raw)
    build_rich = staticmethod(build_rich)


@pytest.fixture
def probe() -> type[Probe]:
    return Probe
