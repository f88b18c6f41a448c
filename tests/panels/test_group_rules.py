"""Group rules: written down once for the round, and found again in later sessions."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Static

from kursrom.store.results import group_rules_for_round, group_rules_of
from kursrom.screens.presenter import PresenterPreview, PresenterView
from kursrom.store import live


async def test_rules_are_agreed_once_and_shown_again_later(host, demo_store):
    first = host("group_rules")
    suggestions = first.item.exercise["data"]["suggestions"]
    async with first.app.run_test(size=(80, 24)) as pilot:
        panel = await first.show(pilot)
        panel.query_one("#gr-new", Input).focus()
        panel.query_one("#gr-new", Input).value = "Vi hjelper hverandre"
        await pilot.press("enter")
        panel.query_one("#gr-suggestions", OptionList).focus()
        await pilot.press("down", "enter")  # the second suggestion
        await pilot.pause()
    round_id = first.session.round_id
    assert group_rules_for_round(demo_store, round_id) == ["Vi hjelper hverandre", suggestions[1]]

    later = host("group_rules", session_number=3)
    async with later.app.run_test(size=(80, 24)) as pilot:
        panel = await later.show(pilot)
        assert panel.rules == ["Vi hjelper hverandre", suggestions[1]], "the round's rules, not a new list"
        assert "samling 1" in str(panel.query_one("#gr-origin", Static).render())
        rules = panel.query_one("#gr-rules", OptionList)
        rules.focus()
        rules.highlighted = 0
        await pilot.press("enter")  # on a rule: edit it
        assert panel.screen.focused.id == "gr-new"
        panel.query_one("#gr-new", Input).value = "Vi hjelper hverandre når noen står fast"
        await pilot.press("enter")
        rules.focus()
        live.start_session(demo_store, later.session.id)
        live.go_to(demo_store, later.session.id, later.item.id)
        await pilot.press("v")
        assert isinstance(later.app.screen, PresenterPreview)
        await pilot.pause(0.6)
        shown = later.app.screen.query_one(PresenterView).projection
        assert shown.versions[0].title == "Gruppereglene våre"
        assert "Vi hjelper hverandre når noen står fast" in shown.versions[0].blocks[0].lines
        await pilot.press("escape")
        rules.highlighted = 1
        await pilot.press("delete")
        await pilot.pause()
    assert group_rules_for_round(demo_store, round_id) == ["Vi hjelper hverandre når noen står fast"]
    assert group_rules_of(demo_store, round_id).session_number == 1, "still one record for the round"

    check_in = host("reflection", session_number=2)  # the first item of the next session
    async with check_in.app.run_test(size=(80, 24)) as pilot:
        panel = await check_in.show(pilot)
        assert panel.rules == ["Vi hjelper hverandre når noen står fast"]
        assert "Gruppereglene våre" in str(panel.query_one("#hl-extra Static", Static).render())
