"""Reflection, career story, talk, homework and job-ad items: the prompt, the projector, and
highlights per participant or for the group."""

from __future__ import annotations

from textual.widgets import Input, Static

from kursrom.store.results import results_for_item
from kursrom.widgets.panels import PromptPanel
from kursrom.screens.presenter import PresenterPreview, PresenterView
from kursrom.store import live
from kursrom.widgets.panels.common import PeopleList
from kursrom.widgets.writing import writer_of


async def test_highlights_are_saved_per_participant_and_for_the_group(host, demo_store):
    setup = host("reflection")
    app, item, session, present = setup
    async with app.run_test(size=(80, 24)) as pilot:
        await setup.show(pilot)
        people = app.screen.query_one(PeopleList)
        assert app.screen.focused is people, "the panel opens on its list, not in a text field"
        await pilot.press("enter")  # the whole group, first in the list
        await pilot.press(*"Trygg start", "enter")
        people.focus()
        await pilot.press("down")
        await pilot.press("enter")
        assert isinstance(app.screen.focused, Input)
        await pilot.press(*"Vil bli kokk", "enter")
        await writer_of(app).settled()
        await pilot.pause()
        stored = results_for_item(demo_store, item.id)
        assert stored[None]["highlights"][0]["text"] == "Trygg start"
        assert stored[present[0].id]["highlights"][0]["text"] == "Vil bli kokk"
        assert app.screen.query_one("#hl-input", Input).value == "", "emptied once the highlight is stored"


async def test_v_shows_the_rooms_view_with_the_prompt(host, demo_store):
    setup = host("reflection")
    app, item = setup.app, setup.item
    live.start_session(demo_store, setup.session.id)
    live.go_to(demo_store, setup.session.id, item.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await setup.show(pilot)
        app.screen.query_one(PeopleList).focus()
        await pilot.press("v")
        assert isinstance(app.screen, PresenterPreview)
        await pilot.pause(0.6)
        assert app.screen.query_one(PresenterView).projection.versions[0].prompt == item.prompt
        await pilot.press("escape")
        assert not isinstance(app.screen, PresenterPreview)


async def test_each_kind_shows_what_its_exercise_gives_the_facilitator(host):
    for kind, expected in (("talk", "Innleder: "), ("homework", "Oppgaver"), ("job_ad", "Butikkmedarbeider"),
                           ("career_story", "Lytt etter")):
        setup = host(kind, session_number={"talk": 1, "homework": 2, "job_ad": 4, "career_story": 2}[kind])
        async with setup.app.run_test(size=(80, 24)) as pilot:
            panel = await setup.show(pilot)
            extra = panel.query_one("#hl-extra Static", Static)
            assert expected in str(extra.render()), kind


async def test_a_break_gets_the_prompt_on_the_projector(host):
    setup = host("break")
    async with setup.app.run_test(size=(80, 24)) as pilot:
        panel = await setup.show(pilot)
        assert isinstance(panel, PromptPanel)
        await pilot.press("v")
        assert isinstance(setup.app.screen, PresenterPreview)
