"""The two screens the course kinds bring, as a facilitator sees them at 80x24: a drop-in day with
visitors (two only counted), and the person's page of a career-guidance conversation with their plan."""

from __future__ import annotations

from datetime import date, timedelta

from kursrom.app import make_app
from kursrom.core.vocabulary import AgeGroup, VisitTopic
from kursrom.screens.one_to_one import PersonScreen
from kursrom.store.dropin import register_visit
from kursrom.store.results import save_board
from kursrom.store.rounds import add_participant, create_round, sessions_of

SIZE = (80, 24)


async def settled(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_drop_in_day(snap_compare, catalog, clock, store):
    term = create_round(store, catalog, catalog.template("jobbsentralen"), start=date(2026, 11, 17),
                        title="Jobbsentralen høst")
    day = sessions_of(store, term.id)[0]
    start = day.planned_start
    visitors = [("Sara", AgeGroup.UNDER_18, VisitTopic.CV), ("", AgeGroup.UNDER_18, VisitTopic.SCHOOL),
                ("Ali", AgeGroup.FROM_18_TO_20, VisitTopic.JOB_SEARCH),
                ("", AgeGroup.FROM_21_TO_25, VisitTopic.JOB_SEARCH), ("Mina", AgeGroup.FROM_21_TO_25, VisitTopic.OTHER)]
    for minutes, (name, age, topic) in enumerate(visitors):
        register_visit(store, day.id, name, age, topic, at=start + timedelta(minutes=10 * minutes))
    app = make_app(catalog, store, clock=clock)

    async def open_day(pilot) -> None:
        await settled(pilot)
        app.open_session(day.id)
        await settled(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_day)


def test_person_page_of_a_conversation(snap_compare, catalog, clock, store):
    guidance = create_round(store, catalog, catalog.template("karriereveiledning"), start=date(2026, 11, 23),
                            title="Karriereveiledning Eva")
    eva = add_participant(store, "Eva Berg", round_id=guidance.id)
    last = sessions_of(store, guidance.id)[-1]
    save_board(store, eva.id, last.id, situation="Sykmeldt fra lageret", wish="Jobbe med kunder",
               actions=[{"text": "Snakke med lederen", "date": "2026-12-15"}, {"text": "Kurs i salg", "date": None}])
    app = make_app(catalog, store, clock=clock)

    async def open_person(pilot) -> None:
        await settled(pilot)
        app.push_screen(PersonScreen(guidance.id, eva.id))
        await settled(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_person)
