"""The SØT panel: a board started in week 1 opens and is updated in week 3, with its history; the
phases run with their own timers, and the groups are formed from those present."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, Static, TextArea

from kursrom.core.groups import Countdown
from kursrom.store.results import board_history, board_versions, current_board, load_result
from kursrom.widgets.panels.common import PeopleList
from kursrom.widgets.panels.sot import SotHistoryScreen, parse_step_date


async def test_a_board_started_in_week_1_shows_and_updates_in_week_3_with_history(host, demo_store, clock):
    week1 = host("sot", session_number=1)
    person = week1.present[0]
    async with week1.app.run_test(size=(80, 24)) as pilot:
        panel = await week1.show(pilot)
        assert panel.query_one(PeopleList).current == person.id
        panel.query_one("#sot-situation", TextArea).focus()
        await pilot.press(*"Har ikke jobb")
        await pilot.press("tab")  # leaving a field saves it
        panel.query_one("#sot-wish", TextArea).insert("Jobb i butikk")
        panel.query_one("#sot-step", Input).value = "Oppdatere CV"
        panel.query_one("#sot-date", Input).focus()
        await pilot.press(*"4.12", "enter")
        await pilot.pause()
    board = current_board(demo_store, person.id)
    assert (board.situation, board.wish) == ("Har ikke jobb", "Jobb i butikk")
    assert board.actions == [{"text": "Oppdatere CV", "date": "2026-12-04"}]
    assert board.session_id == week1.session.id

    clock.advance(days=14)
    week3 = host("sot", session_number=3)
    async with week3.app.run_test(size=(80, 24)) as pilot:
        panel = await week3.show(pilot)
        panel.query_one(PeopleList).select_person(person.id)
        await pilot.pause()
        assert panel.query_one("#sot-situation", TextArea).text == "Har ikke jobb", "the week-1 board opens"
        assert "1" in str(panel.query_one("#sot-since", Static).render())
        panel.query_one("#sot-wish", TextArea).focus()
        await pilot.press("end", *", fast")
        panel.query_one("#sot-step", Input).focus()
        panel.query_one("#sot-step", Input).value = "Søke på tre jobber"
        await pilot.press("enter")
        panel.query_one(PeopleList).focus()
        await pilot.press("h")
        assert isinstance(week3.app.screen, SotHistoryScreen)
        shown = [where for _revision, where in week3.app.screen.revisions]
        assert shown[0].startswith("Samling 1") and shown[-1].startswith("Samling 3")
        await pilot.press("escape")
    board = current_board(demo_store, person.id)
    assert board.session_id == week3.session.id
    assert board.wish == "Jobb i butikk, fast"
    assert [a["text"] for a in board.actions] == ["Oppdatere CV", "Søke på tre jobber"]
    history = board_history(demo_store, person.id)
    assert {r.session_id for r in history} == {week1.session.id, week3.session.id}
    versions = board_versions(demo_store, person.id)
    assert [s.number for s, _ in versions] == [1, 3]
    assert versions[0][1].wish == "Jobb i butikk", "the board as week 1 left it is kept"


async def test_phases_run_with_timers_and_groups_from_those_present(host, demo_store, clock):
    setup = host("sot", absent=(0, 1))
    async with setup.app.run_test(size=(80, 24)) as pilot:
        panel = await setup.show(pilot)
        await pilot.press("c")  # writing alone starts
        clock.advance(120)
        await pilot.press("f")  # on to the groups
        clock.advance(60)
        await pilot.pause()
        state = load_result(demo_store, setup.item.id)
        assert state["phase"] == "groups"
        groups = state["groups"]
        assert sorted(pid for group in groups for pid in group) == sorted(p.id for p in setup.present)
        assert [len(g) for g in groups] == [3, 3]
        assert Countdown.from_data(state["timer"], 0).remaining(clock) == 15 * 60 - 60
        overview = str(panel.query_one("#sot-overview-text", Static).render())
        assert "Gruppe 1" in overview and setup.present[0].name.split()[0] in overview
        await pilot.press("f")
        assert load_result(demo_store, setup.item.id)["phase"] == "plenary"
        assert not panel.check_action("next_phase", ())


async def test_a_one_to_one_conversation_skips_the_group_talk(host, demo_store):
    setup = host("sot", absent=range(1, 8))
    async with setup.app.run_test(size=(80, 24)) as pilot:
        panel = await setup.show(pilot)
        assert panel._phases() == ["alone", "plenary"]
        await pilot.press("f")
        assert load_result(demo_store, setup.item.id)["phase"] == "plenary"
        assert load_result(demo_store, setup.item.id)["groups"] == []


def test_step_dates_as_facilitators_type_them():
    today = date(2026, 11, 23)
    assert parse_step_date("4.12", today) == date(2026, 12, 4)
    assert parse_step_date("15.1", today) == date(2027, 1, 15), "a date already past means next year"
    assert parse_step_date("04.12.26", today) == date(2026, 12, 4)
    assert parse_step_date("2027-02-01", today) == date(2027, 2, 1)
    assert parse_step_date(" ", today) is None
    for wrong in ("neste uke", "32.1", "1.13"):
        try:
            parse_step_date(wrong, today)
        except ValueError:
            continue
        raise AssertionError(wrong)
