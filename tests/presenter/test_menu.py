"""The facilitator's control of the presenter from the live screen: one key in the footer, a small
menu; every choice stored for the presenter window, drafts told to the facilitator only."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from kursrom.screens.live import LiveSessionScreen
from kursrom.screens.presenter import PresenterPreview, PresenterView
from kursrom.screens.presenter_menu import PresenterMenu
from kursrom.store import live
from kursrom.store.presenter import presenter_choice


async def choose(pilot, option_id: str) -> None:  # noqa: ANN001
    options = pilot.app.screen.query_one(OptionList)
    options.highlighted = options.get_option_index(option_id)
    await pilot.press("enter")
    await pilot.pause()


async def test_one_key_opens_the_menu_without_leaving_the_live_screen(catalog, demo_store, running, add_item, clock,
                                                                     command):
    from kursrom.app import make_app

    sort = add_item(catalog, "norsk-arbeidskultur")
    live.go_to(demo_store, running.id, sort.id)
    app = make_app(catalog, demo_store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LiveSessionScreen)
        footer = {key for key, active in app.screen.active_bindings.items() if active.binding.show and active.enabled}
        assert "w" in footer
        await command(pilot, "w")
        assert isinstance(app.screen, PresenterMenu)
        status = str(app.screen.query_one("#pm-status", Static).render())
        assert "uk" in status and "ar" in status, "the interpreters' languages, and that they are drafts"

        await choose(pilot, "next")
        assert presenter_choice(demo_store, running.id).content == "statement"
        await choose(pilot, "next")
        assert presenter_choice(demo_store, running.id).statement == 1
        await choose(pilot, "blank")
        assert presenter_choice(demo_store, running.id).blank
        await choose(pilot, "blank")
        assert not presenter_choice(demo_store, running.id).blank
        await choose(pilot, "language:ar")
        assert presenter_choice(demo_store, running.id).languages == ("uk",), "Arabic taken out"
        await choose(pilot, "languages-auto")
        assert presenter_choice(demo_store, running.id).languages is None

        await choose(pilot, "preview")
        assert isinstance(app.screen, PresenterPreview)
        await pilot.pause(0.6)
        shown = app.screen.query_one(PresenterView).projection
        statements = catalog.exercise("norsk-arbeidskultur").data["statements"]
        assert shown.versions[0].focus == statements[1]
        await pilot.press("escape")
        assert isinstance(app.screen, LiveSessionScreen), "back on the live screen, the session running"
