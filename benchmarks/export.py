"""Exporting a whole four-week "I jobb" round: is the HTML ready in under a second?

Builds, in a temporary database, the 20-session "I jobb" round from the shipped template with 35
participants, every session held: attendance for everyone (some late, some absent, some
corrected), timer events for every agenda item, a note on every item (tagged, some flagged for
follow-up, names inside the text), animal and highlight results, SØT plans revised over the weeks,
evaluation counts for every element and follow-up statuses. Then times, median of several runs:

- the round report as HTML (attendance matrix, evaluation per element with its chart, outcomes),
  with and without pseudonyms;
- every session's summary as HTML (20 files);
- the advisors' pages, 35 in one HTML file;
- building the summaries alone (the screen's part) for comparison.

Figures only, as `run.py` prints them, each with its ratio against a bare Textual app's start.

    python benchmarks/run.py export
    python benchmarks/export.py
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import bare_app_start, in_process, line, scratch_home

SESSIONS = 20
PARTICIPANTS = 35
TEMPLATE = "i-jobb"
START = date(2026, 11, 23)  # a Monday
SEED = 6

FIRST = ["Åse", "Jonas", "Sigrid", "Mari", "Ola", "Ingrid", "Olena", "Mykhailo", "Iryna", "Dmytro", "Fatima",
         "Yusuf", "Amina", "Ahmed", "Hanna", "Tesfay", "Abdi", "Marta", "Piotr", "Nguyen", "Анна", "Олег",
         "Sofia", "Omar", "Leila", "Hassan", "Maryam", "Taras", "Kateryna", "Bohdan", "Lina", "Samir", "Noor",
         "Ivan", "Daria"]
LAST = ["Nygård", "Haddad", "Коваленко", "Шевченко", "Særheim", "Berg", "Ali", "Hansen", "Tesfaye", "Bondar"]
NOTES = [
    "{name} fortalte om jobben som sykepleier i Kharkiv; trenger godkjenning av utdanningen.",
    "God diskusjon. {name} spurte om arbeidstid og overtid; {other} svarte med eget eksempel.",
    "{name} vil ha hjelp med CV-en én-til-én neste uke.",
    "Tolken trengte mer tid på denne delen. {name} og {other} jobbet godt sammen.",
    "«Jeg lærte mye i dag» – {name}",
]


def build(store, catalog) -> int:
    """The round, held from start to end; returns its id."""
    from kursrom.store.models import (
        AttendanceEvent, Consent, CourseSession, EvaluationComment, EvaluationScore, ExerciseResult, FollowUp,
        Note, NoteTag, SotBoard, SotRevision, TimerEvent,
    )
    from kursrom.store.rounds import add_participant, agenda_of, create_round, enrol, sessions_of

    rng = random.Random(SEED)
    template = catalog.template(TEMPLATE)
    course_round = create_round(store, catalog, template, start=START, place="NAV Tromsø, kurssal 1",
                                facilitators="Kari Lunde, Ahmed Rahimi")
    names = [f"{FIRST[i]} {LAST[i % len(LAST)]}" for i in range(PARTICIPANTS)]
    people = [add_participant(store, name).id for name in names]
    enrol(store, course_round.id, people)
    sessions = sessions_of(store, course_round.id)
    with store.session() as db:
        boards = {}
        for pid in people[:12]:
            board = SotBoard(participant_id=pid, round_id=course_round.id, created_at=store.now())
            db.add(board)
            db.flush()
            boards[pid] = board.id
        for session in sessions:
            start = session.planned_start
            row = db.get(CourseSession, session.id)
            row.status, row.started_at, row.ended_at = "done", start, session.planned_end
            for pid in people:
                draw = rng.random()
                status = ("absent" if draw < 0.08 else "late" if draw < 0.16 else
                          "left_early" if draw < 0.2 else "present")
                if rng.random() < 0.05:  # marked absent first, then corrected
                    db.add(AttendanceEvent(session_id=session.id, participant_id=pid, status="absent",
                                           at=start - timedelta(minutes=2), terminal="bench"))
                when = start + timedelta(minutes=rng.randint(5, 40)) if status == "late" else (
                    start + timedelta(minutes=rng.randint(100, 170)) if status == "left_early" else None)
                db.add(AttendanceEvent(session_id=session.id, participant_id=pid, status=status, at=start,
                                       time=when, reason="syk" if status == "absent" else "", terminal="bench"))
            at = start
            for item in agenda_of(store, session.id):
                run = item.planned_minutes * 60 + rng.randint(-180, 300)
                db.add(TimerEvent(item_id=item.id, kind="start", at=at))
                db.add(TimerEvent(item_id=item.id, kind="finish", at=at + timedelta(seconds=run)))
                at += timedelta(seconds=run)
                first, other = rng.sample(range(PARTICIPANTS), 2)
                # A tagged paragraph, flagged for follow-up (⚑) or as a quote (❝) now and then.
                flag = "⚑" if rng.random() < 0.15 else "❝" if rng.random() < 0.1 else ""
                text = rng.choice(NOTES).format(name=FIRST[first], other=FIRST[other])
                note = Note(session_id=session.id, item_id=item.id, text=f"{flag}@{names[first]} {text}",
                            created_at=at, updated_at=at, terminal="bench")
                db.add(note)
                db.flush()
                db.add(NoteTag(note_id=note.id, participant_id=people[first]))
                if item.kind == "animal":
                    for pid in people:
                        db.add(ExerciseResult(item_id=item.id, participant_id=pid, kind="animal", updated_at=at,
                                              data={"animal": rng.choice(["Ugle", "Bie", "Maur"]),
                                                    "traits": ["flittig", "rolig"]}))
                elif item.kind in ("reflection", "talk"):
                    db.add(ExerciseResult(item_id=item.id, participant_id=None, kind=item.kind, updated_at=at,
                                          data={"highlights": [{"text": "Mange kjente seg igjen.", "at": ""}]}))
                elif item.kind == "evaluation":
                    for element in agenda_of(store, session.id)[:5]:
                        for score in range(1, 6):
                            db.add(EvaluationScore(session_id=session.id, item_id=element.id, element=element.title,
                                                   scale_min=1, scale_max=5, score=score, count=rng.randint(0, 9)))
                    db.add(EvaluationComment(session_id=session.id, text="Nyttig dag, men litt lang.", created_at=at))
            if session.number % 5 == 1:
                for _pid, board in boards.items():
                    db.add(SotRevision(board_id=board, session_id=session.id, situation="Søker jobb i butikk",
                                       wish="Fast jobb innen et år", saved_at=at,
                                       actions=[{"text": "Oppdatere CV", "date": None},
                                                {"text": "Søke tre jobber", "date": "2027-01-15"}]))
        statuses = ["work", "education", "measure", "seeking", "unknown"]
        for pid in people:
            db.add(FollowUp(participant_id=pid, round_id=course_round.id, status=rng.choice(statuses),
                            on=START + timedelta(days=90), recorded_at=store.now()))
            db.add(Consent(participant_id=pid, round_id=course_round.id, given=True, at=store.now()))
    return course_round.id


def main(repeat: int = 5) -> list[str]:
    import os

    os.environ.update(scratch_home())
    from kursrom.core.catalog import load_catalog
    from kursrom.store.exports import export_participants, export_round, export_session
    from kursrom.store.reports import build_round_report, build_session_summary
    from kursrom.paths import builtin_exercises_dir
    from kursrom.store.db import open_store
    from kursrom.store.rounds import sessions_of

    catalog = load_catalog([builtin_exercises_dir()])
    if TEMPLATE not in catalog.templates:
        return [f"skipped: the template {TEMPLATE!r} is not in the library"]
    folder = Path(tempfile.mkdtemp(prefix="kursrom-bench-export-"))
    try:
        store = open_store(folder / "bench.sqlite")
        built = time.perf_counter()
        round_id = build(store, catalog)
        built = time.perf_counter() - built
        session_ids = [s.id for s in sessions_of(store, round_id)]
        out = folder / "out"
        bare = bare_app_start(repeat)
        lines = [f"round: {len(session_ids)} sessions, {PARTICIPANTS} participants, a note on every item "
                 f"(built in {built:.1f} s)",
                 line("bare Textual app: start to first frame", bare, bare)]
        figures = [
            ("round report as HTML", lambda: export_round(store, round_id, out, formats=["html"], force=True),
             "< 1 s"),
            ("round report as HTML, anonymized",
             lambda: export_round(store, round_id, out, formats=["html"], anonymized=True, force=True), "< 1 s"),
            ("20 session summaries as HTML", lambda: [export_session(store, sid, out, formats=["html"], force=True)
                                                      for sid in session_ids], "< 1 s"),
            ("35 advisor pages, an HTML file each",
             lambda: export_participants(store, round_id, out, force=True), "< 1 s"),
            ("35 advisor pages, one HTML file",
             lambda: export_participants(store, round_id, out, one_file=True, force=True), "< 1 s"),
            ("build the round report (no file)", lambda: build_round_report(store, round_id), ""),
            ("build one session's summary (the screen)", lambda: build_session_summary(store, session_ids[-1]), ""),
        ]
        for name, function, target in figures:
            lines.append(line(name, in_process(function, repeat), bare, target))
        size = max(p.stat().st_size for p in out.glob("*.html"))
        lines.append(f"largest HTML file: {size / 1024:.0f} KiB")
        store.close()
        return lines
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    for text in main():
        print(text)
