"""A PRO round ready for paper: eight participants in four languages, four sessions held with
present, late, left-early and absent marks, the group's rules, a SØT board; and an "I jobb" round
whose agenda has a card sort translated into Ukrainian, Arabic and English."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from kursrom.core.vocabulary import AttendanceStatus as A
from kursrom.store.models import CourseSession
from kursrom.store.results import save_board, save_group_rules
from kursrom.store.rounds import add_participant, agenda_of, create_round, enrol, sessions_of

#: name, language, marks in sessions 1-4 (P present, L late, E left early, A absent, - none).
PEOPLE = (
    ("Øyvind Ås", "nb", "PPPP"),
    ("Anders Berg", "nb", "PLEP"),  # late and left early count as attended
    ("Олена Коваленко", "uk", "PPPA"),  # three of four: under PRO's threshold of 4
    ("Åse Nygård", "nb", "LLLL"),
    ("فاطمة الزهراء", "ar", "PPAA"),
    ("Yusuf Haddad", "ar", "P---"),
    ("Ærlig Dahl", "en", "----"),
    ("Zara Ali", "ti", "AAAA"),  # Tigrinya: no letter in it, so the bokmål one
)
MARKS = {"P": A.PRESENT, "L": A.LATE, "E": A.LEFT_EARLY, "A": A.ABSENT}
RULES = ("Vi lytter til hverandre", "Mobilen på lydløs", "Det som sies her, blir her", "Vi kommer presis")


@dataclass
class PaperScenario:
    round_id: int
    sessions: list[int]
    people: dict[str, int]  # name -> id, in the order of PEOPLE
    card_round_id: int
    rules: tuple[str, ...] = RULES


def build_paper_scenario(store, catalog) -> PaperScenario:
    from kursrom.store.live import mark

    course_round = create_round(store, catalog, catalog.templates["pro"], start=date(2026, 11, 23),
                                place="NAV Asker, kursrom 2", facilitators="Kari Lunde, Ahmed Rahimi")
    sessions = sessions_of(store, course_round.id)
    people = {name: add_participant(store, name, language=lang).id for name, lang, _marks in PEOPLE}
    enrol(store, course_round.id, people.values())
    for name, _lang, marks in PEOPLE:
        for session, code in zip(sessions, marks):
            if code in MARKS:
                mark(store, session.id, people[name], MARKS[code], time=session.planned_start + timedelta(minutes=10))
    with store.session() as db:
        for session in sessions[:4]:
            db.get(CourseSession, session.id).status = "done"
    rules_item = next(item for item in agenda_of(store, sessions[0].id) if item.kind == "group_rules")
    save_group_rules(store, course_round.id, rules_item.id, RULES)
    save_board(store, people["Олена Коваленко"], sessions[0].id, situation="Jeg søker jobb som sykepleier.",
               wish="Autorisasjon og fast jobb om et år.",
               actions=[{"text": "Søke autorisasjon", "date": "2027-01-15"}, {"text": "Norskkurs B2"}])
    card_round = create_round(store, catalog, catalog.templates["i-jobb"], start=date(2027, 1, 4))
    enrol(store, card_round.id, [people["Олена Коваленко"], people["Åse Nygård"]])
    return PaperScenario(course_round.id, [s.id for s in sessions], people, card_round.id)


@pytest.fixture
def paper(store, catalog) -> PaperScenario:
    return build_paper_scenario(store, catalog)
