"""The app shell: the store opens behind the first frame, a refused database closes the app with
its sentence, help lists the keys, and the command palette offers the screen's actions."""

from __future__ import annotations

import io
import sqlite3

from rich.console import Console


from kursrom.app import make_app
from kursrom.widgets.round_list import RoundList


async def test_first_frame_before_the_store_then_rounds(catalog, clock, tmp_path):
    from kursrom.store.demo import open_demo_store

    app = make_app(catalog, opener=lambda: open_demo_store(tmp_path / "demo.sqlite", catalog, clock, tour=False),
                   clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.store is not None
        rounds = app.screen.query_one("#rounds", RoundList)
        assert rounds.row_count == 1
        assert "PRO" in str(rounds.cells(0)[0])


async def test_a_refused_database_closes_the_app_with_its_sentence(catalog, clock, tmp_path):
    from kursrom.store.db import open_store

    foreign = tmp_path / "other.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    app = make_app(catalog, opener=lambda: open_store(foreign, clock), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            if app.failure:
                break
            await pilot.pause(0.05)
    assert app.return_code == 2
    assert app.failure and "other.sqlite" in app.failure


async def test_help_lists_the_keys_of_the_screen_below(catalog, clock, demo_store):
    app = make_app(catalog, demo_store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        from kursrom.screens.help import HelpScreen

        assert isinstance(app.screen, HelpScreen)
        console = Console(width=80, record=True, file=io.StringIO())
        console.print(app.screen.query_one("#help-keys").content)
        keys = console.export_text()
        assert "Hjelp" in keys and "Avslutt" in keys and "Kommandolinje" in keys
        assert "Cursor up" not in keys, "Textual's own untranslated keys stay out"
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_offers_the_screen_commands_in_bokmal(catalog, clock, demo_store):
    app = make_app(catalog, demo_store, clock=clock)
    async with app.run_test(size=(80, 24)):
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Hjelp" in titles and "Avslutt" in titles and "Fargetema" in titles
        assert "Focus Next" not in titles


async def test_enter_on_a_finished_session_opens_its_summary(catalog, clock, demo_store):
    from kursrom.screens.round import RoundScreen
    from kursrom.screens.summary import SummaryScreen
    from kursrom.store.models import CourseSession
    from kursrom.store.rounds import list_rounds, sessions_of

    round_id = list_rounds(demo_store)[0].id
    first = sessions_of(demo_store, round_id)[0]
    with demo_store.session() as db:
        db.get(CourseSession, first.id).status = "done"
    app = make_app(catalog, demo_store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(RoundScreen(round_id))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.session_id == first.id
