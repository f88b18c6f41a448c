"""Jobbsentralen as a drop-in service: opening days over a term, visitors registered on arrival with a
first name or only counted (never more than a first name and an age group), the topic of each visit,
and the statistics per day and per term, driven with Pilot at 80x24."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from textual.widgets import DataTable, Static

from kursrom.app import make_app
from kursrom.core.vocabulary import AgeGroup, VisitTopic
from kursrom.screens.dropin import DropInScreen, VisitModal
from kursrom.store.dropin import register_visit, term_statistics_of, visits_on
from kursrom.store.rounds import PlanningError, create_round, enrolled, sessions_of

SIZE = (80, 24)


@pytest.fixture
def drop_in(store, catalog):
    """A Jobbsentralen term from Tuesday 17 November 2026; the test clock says Monday the 23rd."""
    return create_round(store, catalog, catalog.template("jobbsentralen"), start=date(2026, 11, 17),
                        title="Jobbsentralen høst")


def test_the_opening_days_repeat_over_the_term(store, drop_in):
    days = [s.planned_start.date() for s in sessions_of(store, drop_in.id)]
    assert len(days) == 32 and days[:4] == [date(2026, 11, 17), date(2026, 11, 19), date(2026, 11, 24),
                                            date(2026, 11, 26)], "Tuesdays and Thursdays, 16 weeks"
    assert {s.title for s in sessions_of(store, drop_in.id)} == {"Drop-in"}


async def register(pilot, name: str, age_steps: int, topic_steps: int) -> None:
    """The visitor dialog by keyboard: a name (or nothing), Enter; an age group; a topic (saves)."""
    await pilot.press("n")
    await pilot.pause()
    assert isinstance(pilot.app.screen, VisitModal)
    await pilot.press(*name, "enter")
    await pilot.press(*(["down"] * age_steps), "enter")
    await pilot.press(*(["down"] * topic_steps), "enter")
    await pilot.pause()


async def test_a_drop_in_day_with_five_visitors_two_only_counted(catalog, clock, store, drop_in, tmp_path):
    day = sessions_of(store, drop_in.id)[0]
    app = make_app(catalog, store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_session(day.id)
        await pilot.pause()
        assert isinstance(app.screen, DropInScreen), "a drop-in day opens its own screen, not the live session"
        app.screen.out_dir = tmp_path
        await register(pilot, "Sara", 0, 0)  # under 18, CV
        await register(pilot, "", 0, 2)  # under 18, school: only counted
        await register(pilot, "Ali", 1, 1)  # 18–20, job search
        await register(pilot, "", 2, 1)  # 21–25, job search: only counted
        await register(pilot, "Mina", 2, 3)  # 21–25, other
        await pilot.pause()
        assert isinstance(app.screen, DropInScreen)
        figures = str(app.screen.query_one("#dropin-figures", Static).content)
        assert "5" in figures and "2" in figures
        assert app.screen.query_one("#dropin-table", DataTable).row_count == 5

        await pilot.press("t")  # the term so far: 17 and 19 November, and the total
        await pilot.pause()
        table = app.screen.query_one("#dropin-table", DataTable)
        assert table.row_count == 3
        assert [str(c) for c in table.get_row_at(0)][1:4] == ["5", "2", "2"], "visitors, only counted, under 18"
        await pilot.press("e")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    visits = visits_on(store, day.id)
    assert [(v.first_name, v.age_group, v.topic) for v in visits] == [
        ("Sara", AgeGroup.UNDER_18, VisitTopic.CV), ("", AgeGroup.UNDER_18, VisitTopic.SCHOOL),
        ("Ali", AgeGroup.FROM_18_TO_20, VisitTopic.JOB_SEARCH), ("", AgeGroup.FROM_21_TO_25, VisitTopic.JOB_SEARCH),
        ("Mina", AgeGroup.FROM_21_TO_25, VisitTopic.OTHER)]
    assert enrolled(store, drop_in.id) == [], "no roster: visitors are not participants"
    term = term_statistics_of(store, drop_in.id, date(2026, 11, 23))
    assert (term.total.visitors, term.total.named, term.total.only_counted) == (5, 3, 2)
    assert [d.visitors for d in term.days] == [5, 0], "a quiet day is a figure too"
    assert dict(term.total.topics) == {"cv": 1, "job_search": 2, "school": 1, "other": 1}
    [exported] = list(tmp_path.glob("*.csv"))
    rows = list(csv.reader(exported.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert rows[1][:4] == ["17.11.2026", "5", "3", "2"] and rows[-1][1] == "5"
    assert not any(name in exported.read_text(encoding="utf-8-sig") for name in ("Sara", "Ali", "Mina")), \
        "the statistics hold counts, never a name"


async def test_a_surname_is_refused_in_one_sentence_and_nothing_is_stored(catalog, clock, store, drop_in):
    day = sessions_of(store, drop_in.id)[0]
    app = make_app(catalog, store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_session(day.id)
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Sara Nilsen", "enter", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, VisitModal), "the dialog stays, with what was typed"
        error = str(app.screen.query_one(".dialog-error", Static).content)
        assert "fornavn" in error.lower() or "first name" in error.lower()
    assert visits_on(store, day.id) == []
    with pytest.raises(PlanningError):
        register_visit(store, day.id, "kari@example.no", AgeGroup.UNDER_18, VisitTopic.CV)


async def test_a_visit_registered_by_mistake_is_taken_back(catalog, clock, store, drop_in):
    day = sessions_of(store, drop_in.id)[0]
    register_visit(store, day.id, "", AgeGroup.OVER_25, VisitTopic.OTHER)
    app = make_app(catalog, store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_session(day.id)
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
    assert visits_on(store, day.id) == []
