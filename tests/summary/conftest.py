"""A PRO round written straight through the models: session 2 has run with attendance marks and a
correction, timer events (an overrun, a pause, an extension), a skipped, an added and a moved item,
notes with tags, paragraphs flagged for follow-up and a quote, exercise results, a SØT board started in session 1
and revised in session 2, and evaluation counts. Nothing here needs the live screen or the library."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from kursrom.store.models import (
    AgendaItem, AttendanceEvent, CourseRound, CourseSession, Enrolment, EvaluationComment, EvaluationScore,
    ExerciseResult, FollowUp, Note, NoteTag, Participant, SotBoard, SotRevision, TimerEvent,
)

ROOT = Path(__file__).resolve().parents[2]


UTC = timezone.utc
HOSTILE = "<script>alert(1)</script>"
FORMULA = "=HYPERLINK(\"x\")"
RICH_MARKUP = "[bold red]Kari[/] [/x]"
#: Session 2 starts Monday 30 November 2026, 12:00 in Oslo.
S2_START = datetime(2026, 11, 30, 11, 0, tzinfo=UTC)

NAMES = (
    "Åse Nygård",
    "Jonas Bjørkløw",
    "Олена Коваленко",
    "فاطمة الزهراء",
    "Yusuf Haddad",
    "Mari Særheim",
    "Marius Berg",
    "Sigrid Ødegård",  # removed from the round after session 1
)


@dataclass
class Scenario:
    round_id: int
    sessions: list[int]
    people: dict[str, int]
    items: dict[str, int] = field(default_factory=dict)

    @property
    def session_id(self) -> int:
        return self.sessions[1]


def at(minutes: float, base: datetime = S2_START) -> datetime:
    return base + timedelta(minutes=minutes)


def build_scenario(store, names=NAMES) -> Scenario:
    now = store.now()
    with store.session() as db:
        course_round = CourseRound(title="PRO – jobb og karriere", template_id="pro", template_version=1,
                                   start_date=date(2026, 11, 23), start_time="12:00", place="NAV Asker, kursrom 2",
                                   facilitators="Kari Lunde, Ahmed Rahimi", created_at=now)
        db.add(course_round)
        db.flush()
        sessions = []
        themes = ["Hvem er jeg?", "Hva kan jeg?", "Hva vil jeg?", "Hva skal til?", "Go!"]
        for number, theme in enumerate(themes, start=1):
            start = datetime(2026, 11, 23, 11, 0, tzinfo=UTC) + timedelta(weeks=number - 1)
            session = CourseSession(round_id=course_round.id, number=number, title=f"Uke {number}", theme=theme,
                                    planned_start=start, planned_end=start + timedelta(hours=2))
            db.add(session)
            sessions.append(session)
        db.flush()
        s1, s2 = sessions[0], sessions[1]
        s1.status = "done"
        s1.started_at, s1.ended_at = s1.planned_start, s1.planned_start + timedelta(hours=2)
        s2.status = "done"
        s2.started_at, s2.ended_at = S2_START, at(125)

        people = {}
        enrolments = {}
        for name in names:
            participant = Participant(name=name, created_at=now)
            db.add(participant)
            db.flush()
            people[name] = participant.id
            enrolments[name] = Enrolment(round_id=course_round.id, participant_id=participant.id, enrolled_at=now)
            db.add(enrolments[name])
        enrolments["Sigrid Ødegård"].removed_at = now
        enrolments["Sigrid Ødegård"].removed_reason = "Fikk jobb"

        # Session 2's agenda as run: the template's order was 0..6; "Rollespill" (template 6) was
        # moved before "Evaluering" (template 5), and "Ekstra pause" was added.
        plan = [  # key, title, kind, minutes, origin, template_position, skipped
            ("innsjekk", "Innsjekk", "reflection", 10, "template", 0, False),
            ("dyr", "Dyreøvelsen", "animal", 25, "template", 1, False),
            ("sot", "SØT-modellen", "sot", 40, "template", 2, False),
            ("ekstra", "Ekstra pause", "break", 5, "added", None, False),
            ("kort", "Norsk arbeidskultur", "card_sort", 15, "template", 3, False),
            ("rollespill", "Intervjutrening", "role_play", 20, "template", 6, False),
            ("evaluering", "Evaluering", "evaluation", 10, "template", 4, False),
            ("lekse", "Hjemmelekse", "homework", 5, "template", 5, True),
        ]
        items = {}
        for position, (key, title, kind, minutes, origin, template_position, skipped) in enumerate(plan):
            item = AgendaItem(session_id=s2.id, position=position, kind=kind, title=title, planned_minutes=minutes,
                              origin=origin, template_position=template_position, skipped=skipped)
            db.add(item)
            db.flush()
            items[key] = item.id
        s1_item = AgendaItem(session_id=s1.id, position=0, kind="sot", title="SØT-modellen", planned_minutes=40,
                             template_position=0)
        db.add(s1_item)
        db.flush()
        items["s1_sot"] = s1_item.id

        def timer(key, kind, minute, seconds=0):
            db.add(TimerEvent(item_id=items[key], kind=kind, at=at(minute), seconds=seconds, terminal="t1"))

        timer("innsjekk", "start", 0)
        timer("innsjekk", "finish", 12)  # 12 of 10 minutes
        timer("dyr", "start", 12)
        timer("dyr", "adjust", 30, 300)  # +5 minutes
        timer("dyr", "pause", 30)
        timer("dyr", "resume", 33)
        timer("dyr", "finish", 46)  # 18 + 13 = 31 minutes run
        timer("sot", "start", 46)
        timer("sot", "finish", 84.5)  # 38:30
        timer("ekstra", "start", 84.5)
        timer("ekstra", "finish", 90.5)
        timer("kort", "start", 90.5)
        timer("kort", "finish", 103.5)
        timer("rollespill", "start", 103.5)
        timer("rollespill", "finish", 116.5)
        timer("evaluering", "start", 116.5)
        timer("evaluering", "finish", 125)

        def mark(name, status, minute, *, session=s2, time=None, reason="", terminal="t1"):
            db.add(AttendanceEvent(session_id=session.id, participant_id=people[name], status=status,
                                   at=at(minute, session.planned_start), time=time, reason=reason, terminal=terminal))

        for name in NAMES[:7]:
            mark(name, "present", -5, session=s1)
        mark("Sigrid Ødegård", "absent", -5, session=s1, reason="jobbintervju")
        mark("Åse Nygård", "present", -2)
        mark("Jonas Bjørkløw", "absent", -1)
        mark("Jonas Bjørkløw", "late", 20, time=at(18), terminal="t2")  # corrected: he came
        mark("Олена Коваленко", "present", -2)
        mark("فاطمة الزهراء", "absent", -1, reason="syk")
        mark("Yusuf Haddad", "left_early", 100, time=at(100))
        mark("Mari Særheim", "present", -1)
        # Marius Berg is not marked.

        def note(key, text, *, tags=(), minute=0):
            # Tags and flags as the notes pane writes them: "@Name" in the text (with NoteTag rows),
            # a flag right before the tag of the person it is for.
            n = Note(session_id=s2.id, item_id=items[key] if key else None, text=text, created_at=at(minute),
                     updated_at=at(minute), terminal="t2")
            db.add(n)
            db.flush()
            for name in tags:
                db.add(NoteTag(note_id=n.id, participant_id=people[name]))

        note("innsjekk", "Alle fortalte kort om uka. Åse og Mari var stille.", minute=5)
        note("dyr", "⚑@Åse Nygård valgte ugle. Åses styrke: hun ser detaljer. ÅSE vil jobbe i barnehage.",
             tags=["Åse Nygård"], minute=20)
        note("dyr", "❝@Олена Коваленко «Jeg er en maur: jeg gir meg ikke»", tags=["Олена Коваленко"], minute=25)
        note("sot", "⚑@Олена Коваленко trenger hjelp med godkjenning av utdanning fra Ukraina; олена spør om "
             "norskkurs.\nMarius hjalp henne.", tags=["Олена Коваленко"], minute=60)
        note("sot", "⚑@Jonas Bjørkløw vil ta fagbrev; be veileder se på tiltak.", tags=["Jonas Bjørkløw"], minute=70)
        note("sot", "", minute=71)  # an autosaved note nobody wrote in
        note("kort", "Gruppa var uenig om å si nei til overtid.", minute=100)
        # One paragraph tagging two people, flagged for Mari only; the next one is Jonas's alone.
        note("rollespill", "⚑@Mari Særheim sa hun vil jobbe i barnehage, ønsker praksisplass. @Jonas Bjørkløw "
             "nikket.\n@Jonas Bjørkløw ble sliten av rollespillet.", tags=["Mari Særheim", "Jonas Bjørkløw"],
             minute=115)
        note(None, "Husk å booke rommet til neste uke.", minute=126)

        db.add(ExerciseResult(item_id=items["dyr"], participant_id=people["Åse Nygård"], kind="animal",
                              data={"animal": "Ugle", "traits": ["klok", "rolig"], "strengths": ["ser detaljer"]},
                              updated_at=at(30)))
        db.add(ExerciseResult(item_id=items["dyr"], participant_id=people["Олена Коваленко"], kind="animal",
                              data={"animal": "Maur", "traits": ["utholdende"]}, updated_at=at(31)))
        db.add(ExerciseResult(item_id=items["rollespill"], participant_id=people["Jonas Bjørkløw"], kind="role_play",
                              data={"feedback": [{"round": 1, "interviewer": people["Yusuf Haddad"],
                                                  "observers": [people["Mari Særheim"]],
                                                  "text": "God øyekontakt; mer konkrete eksempler."}]},
                              updated_at=at(110)))
        db.add(ExerciseResult(item_id=items["rollespill"], participant_id=None, kind="role_play", updated_at=at(104),
                              data={"groups": [[people["Jonas Bjørkløw"], people["Yusuf Haddad"],
                                                people["Mari Særheim"]]], "round": 0, "rounds": 3,
                                    "roles": ["Jobbsøker", "Intervjuer", "Observatør"], "reshuffles": 0,
                                    "timer": {"seconds": 720, "started": None}}))
        db.add(ExerciseResult(item_id=items["kort"], participant_id=None, kind="card_sort",
                              data={"placements": {"Man sier du til sjefen": "typisk",
                                                   "Man jobber overtid uten å spørre": "det kommer an på"},
                                    "disagreed": ["Man jobber overtid uten å spørre"],
                                    "tally": {"typisk": 1, "ikke typisk": 0, "det kommer an på": 1},
                                    "unsorted": ["Sjefen bestemmer alt"]}, updated_at=at(103)))
        db.add(ExerciseResult(item_id=items["innsjekk"], participant_id=None, kind="reflection",
                              data={"highlights": ["Flere har søkt jobb denne uka."]}, updated_at=at(11)))

        board = SotBoard(participant_id=people["Åse Nygård"], round_id=course_round.id, created_at=s1.planned_start)
        db.add(board)
        db.flush()
        db.add(SotRevision(board_id=board.id, session_id=s1.id, situation="Arbeidsledig i ett år",
                           wish="Jobb i barnehage", actions=[{"text": "Oppdatere CV", "date": None}],
                           saved_at=s1.planned_start + timedelta(minutes=50)))
        db.add(SotRevision(board_id=board.id, session_id=s2.id, situation="Arbeidsledig i ett år, CV klar",
                           wish="Fast jobb som barnehageassistent",
                           actions=[{"text": "Søke tre stillinger", "date": "2026-12-10"},
                                    {"text": "Spørre om hospitering", "date": None}], saved_at=at(80)))

        for element, item_key, scores in (("Dyreøvelsen", "dyr", {4: 3, 5: 2}), ("SØT-modellen", "sot", {2: 1, 3: 4})):
            for score, count in scores.items():
                db.add(EvaluationScore(session_id=s2.id, item_id=items[item_key], element=element, scale_min=1,
                                       scale_max=5, score=score, count=count))
        db.add(EvaluationScore(session_id=s1.id, item_id=items["s1_sot"], element="SØT-modellen", scale_min=1,
                               scale_max=5, score=5, count=4))
        db.add(EvaluationComment(session_id=s2.id, text="Mer tid til SØT, takk. Åse likte dyrene.", created_at=at(124)))

        db.add(FollowUp(participant_id=people["Åse Nygård"], round_id=course_round.id, status="seeking",
                        on=date(2026, 12, 20), recorded_at=now))
        db.add(FollowUp(participant_id=people["Åse Nygård"], round_id=course_round.id, status="work",
                        on=date(2027, 1, 20), note="Barnehageassistent", recorded_at=now))
        db.add(FollowUp(participant_id=people["Jonas Bjørkløw"], round_id=course_round.id, status="education",
                        on=date(2027, 1, 20), recorded_at=now))
        db.add(FollowUp(participant_id=people["Олена Коваленко"], round_id=course_round.id, status="seeking",
                        on=date(2027, 1, 20), recorded_at=now))
        round_id = course_round.id
        session_ids = [s.id for s in sessions]
    return Scenario(round_id, session_ids, people, items)


@pytest.fixture
def scenario(store) -> Scenario:
    return build_scenario(store)


@pytest.fixture
def hostile(store, scenario):
    """Participants whose names are HTML, Rich markup and a spreadsheet formula, and notes and an
    evaluation element full of markup, in session 2."""
    now = store.now()
    with store.session() as db:
        ids = {}
        for name in (HOSTILE, FORMULA, RICH_MARKUP):
            person = Participant(name=name, created_at=now)
            db.add(person)
            db.flush()
            ids[name] = person.id
            db.add(Enrolment(round_id=scenario.round_id, participant_id=person.id, enrolled_at=now))
            db.add(AttendanceEvent(session_id=scenario.session_id, participant_id=person.id, status="absent",
                                   at=now, reason="<b>syk</b>"))
        note = Note(session_id=scenario.session_id, item_id=scenario.items["sot"],
                    text=f"⚑@{HOSTILE} sa: <img src=x onerror=alert(2)> & «ja» | *stjerne* # [lenke](javascript:x)",
                    created_at=now, updated_at=now)
        db.add(note)
        db.flush()
        db.add(NoteTag(note_id=note.id, participant_id=ids[HOSTILE]))
        db.add(EvaluationScore(session_id=scenario.session_id, element="</td><script>x()</script>", scale_min=1,
                               scale_max=5, score=3, count=2))
    scenario.people.update(ids)
    return scenario
