"""The print menus: `u` on the summary and on the round screen opens the list of materials, and the
chosen one is written where the screen's exports go."""

from __future__ import annotations

from textual.widgets import OptionList

SIZE = (80, 24)


async def settle(pilot) -> None:
    await pilot.pause(0.05)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def told(app, monkeypatch) -> list[str]:
    """What the app tells the facilitator (every notification, as text)."""
    messages: list[str] = []
    notify = app.notify
    monkeypatch.setattr(app, "notify", lambda message, **kw: (messages.append(str(message)), notify(message, **kw)))
    return messages


async def choose(pilot, material: str) -> None:
    options = pilot.app.screen.query_one(OptionList)
    index = next(i for i in range(options.option_count) if options.get_option_at_index(i).id == material)
    await pilot.press(*(["down"] * index), "enter")
    await settle(pilot)


async def test_the_summary_prints_the_group_rules_poster(store, catalog, clock, paper, tmp_path):
    from kursrom.app import make_app
    from kursrom.screens.summary import SummaryScreen

    out = tmp_path / "ut"
    app = make_app(catalog, store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SummaryScreen(paper.sessions[0], out_dir=out))
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        options = app.screen.query_one(OptionList)
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == [
            "sign-in", "sot", "cards", "rules", "certificates", "invitations"]
        await choose(pilot, "rules")
        assert isinstance(app.screen, SummaryScreen)
    written = sorted(out.iterdir())
    assert [p.name for p in written] == ["pro-jobb-og-karrierekurs-for-unge-grupperegler.html"]
    assert "Mobilen på lydløs" in written[0].read_text(encoding="utf-8")


async def test_the_round_screen_prints_the_highlighted_sessions_sign_in_sheet(store, catalog, clock, paper,
                                                                              monkeypatch):
    from kursrom.app import make_app
    from kursrom.screens.round import RoundScreen
    from kursrom.store.exports import default_export_dir

    app = make_app(catalog, store, clock=clock)
    notices = told(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(RoundScreen(paper.round_id))
        await settle(pilot)
        await pilot.press("down", "u")
        await settle(pilot)
        options = app.screen.query_one(OptionList)
        assert options.get_option_at_index(options.option_count - 1).id == "calendar", "the participants' calendar"
        await choose(pilot, "sign-in")
    written = sorted(default_export_dir().iterdir())
    assert [p.name for p in written] == ["pro-jobb-og-karrierekurs-for-unge-oppmoteliste-okt-2.html"]
    assert any(str(written[0]) in message for message in notices)


async def test_a_material_with_nothing_to_print_says_so_in_one_sentence(store, catalog, clock, paper, monkeypatch):
    from kursrom.app import make_app
    from kursrom.screens.round import RoundScreen

    app = make_app(catalog, store, clock=clock)
    notices = told(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(RoundScreen(paper.round_id))
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        await choose(pilot, "cards")
    assert "Det er ingen kortsortering på agendaen å skrive ut kort til." in notices
