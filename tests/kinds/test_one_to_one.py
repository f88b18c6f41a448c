"""Career guidance as one-to-one conversations: the session shows the person, with no check-in list
and no group rows, and the last conversation ends with the person's plan, exported as their page."""

from __future__ import annotations

from datetime import date

import pytest

from kursrom.app import make_app
from kursrom.screens.checkin import CheckInScreen
from kursrom.screens.live import LiveSessionScreen
from kursrom.screens.one_to_one import PersonScreen
from kursrom.store.exports import default_export_dir
from kursrom.store.live import load
from kursrom.store.plan import FOR_ADVISOR, export_plan
from kursrom.store.results import save_board
from kursrom.store.rounds import PlanningError, add_participant, create_round, roster, sessions_of
from kursrom.widgets.panels.common import GROUP, PeopleList

SIZE = (80, 24)


@pytest.fixture
def guidance(store, catalog):
    course_round = create_round(store, catalog, catalog.template("karriereveiledning"), start=date(2026, 11, 23),
                                title="Karriereveiledning Eva")
    person = add_participant(store, "Eva Berg", round_id=course_round.id)
    return course_round, person


async def test_a_conversation_is_one_to_one_and_ends_with_the_persons_plan(catalog, clock, store, guidance, command):
    course_round, person = guidance
    first, _second, last = sessions_of(store, course_round.id)
    app = make_app(catalog, store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_session(first.id)
        await pilot.pause()
        await command(pilot, "space")  # start: no check-in list, the person is here
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, LiveSessionScreen) and not isinstance(app.screen, CheckInScreen)
        assert load(store, first.id).status_of(person.id) == "present"
        people = app.screen.query_one(PeopleList)
        ids = [people.get_option_at_index(i).id for i in range(people.option_count)]
        assert ids == [f"p{person.id}"] and GROUP not in ids, "the person, and no row for the whole group"
        assert app.screen.check_action("attendance", ()) is False, "no check-in key in a conversation"
        await pilot.press("escape")
        await pilot.pause()

        save_board(store, person.id, last.id, situation="Sykmeldt fra lageret", wish="Jobbe med kunder",
                   actions=[{"text": "Snakke med lederen", "date": "2026-12-15"},
                            {"text": "Kurs i salg", "date": None}])
        app.open_session(last.id)
        await pilot.pause()
        await command(pilot, "d")
        assert isinstance(app.screen, PersonScreen)
        assert app.screen.check_action("export", ("advisor",)) is None, "no advisor page without consent"
        await pilot.press("e")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    [page] = list(default_export_dir().glob("*eva-berg*.html"))
    text = page.read_text(encoding="utf-8")
    assert "Eva Berg" in text and "Jobbe med kunder" in text and "Snakke med lederen" in text
    assert "15.12.2026" in text
    assert [e.participant.id for e in roster(store, course_round.id)] == [person.id]


def test_the_plan_goes_to_the_advisor_only_with_consent(store, guidance, tmp_path):
    from kursrom.store.consent import record_consent

    course_round, person = guidance
    out = tmp_path / "out"
    with pytest.raises(PlanningError):
        export_plan(store, course_round.id, person.id, out, audience=FOR_ADVISOR)
    assert not out.exists(), "not asked: nothing written"
    record_consent(store, course_round.id, person.id, True)
    [page, _md] = export_plan(store, course_round.id, person.id, out, audience=FOR_ADVISOR)
    assert "Eva Berg" in page.read_text(encoding="utf-8")
    record_consent(store, course_round.id, person.id, False)
    with pytest.raises(PlanningError):
        export_plan(store, course_round.id, person.id, out, audience=FOR_ADVISOR)


async def test_consent_asked_on_the_persons_page_opens_the_advisor_page(catalog, clock, store, guidance):
    course_round, person = guidance
    app = make_app(catalog, store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(PersonScreen(course_round.id, person.id))
        await pilot.pause()
        assert app.screen.check_action("export", ("advisor",)) is None
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        assert app.screen.check_action("export", ("advisor",)) is True, "she agreed: the advisor's page may go"


def test_a_second_person_waits_for_their_own_guidance(store, guidance):
    course_round, _person = guidance
    other = add_participant(store, "Tor Li", round_id=course_round.id)
    waiting = {e.participant.id: e.waiting for e in roster(store, course_round.id)}
    assert waiting[other.id] is True, "one place: a conversation is one person's"
