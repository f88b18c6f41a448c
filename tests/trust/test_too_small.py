"""Below the smallest usable size (60x20) a clear message covers the screen and nothing breaks;
growing the window brings the same screen back, with its cursor, focus and typed text as they were."""

from __future__ import annotations

from textual.widgets import DataTable, Static, TextArea

from kursrom.app import make_app
from kursrom.i18n import _, ngettext, set_language
from kursrom.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from kursrom.widgets.round_list import RoundList


def message(app) -> str:
    return str(app.screen.query_one("#too-small-message", Static).render())


async def test_a_small_window_shows_the_message_and_a_larger_one_the_app(catalog, clock, demo_store):
    app = make_app(catalog, demo_store, clock=clock)
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert _("The window is too small") in message(app)
        assert "50×15" in message(app) and f"{MIN_WIDTH}×{MIN_HEIGHT}" in message(app)
        await pilot.resize_terminal(55, 18)
        await pilot.pause()
        assert "55×18" in message(app), "the message follows the window"
        await pilot.press("enter", "f1", "escape", "question_mark")
        assert isinstance(app.screen, TooSmallScreen), "keys meant for the hidden screen do nothing"
        assert [type(s).__name__ for s in app.screen_stack[1:]] == ["HomeScreen", "TooSmallScreen"]

        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        assert app.screen.query_one("#rounds", RoundList).row_count == 1


async def test_the_smallest_usable_size_shows_the_app(catalog, clock, demo_store):
    app = make_app(catalog, demo_store, clock=clock)
    async with app.run_test(size=(MIN_WIDTH, MIN_HEIGHT)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        await pilot.resize_terminal(MIN_WIDTH - 1, MIN_HEIGHT)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(MIN_WIDTH, MIN_HEIGHT - 1)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)


async def test_shrinking_and_growing_leaves_the_round_screen_as_it_was(catalog, clock, demo_store):
    app = make_app(catalog, demo_store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        table = screen.query_one("#sessions", DataTable)
        await pilot.press("down", "down")
        assert table.cursor_row == 2
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.press("down", "enter", "escape")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.screen is screen, "the very same screen, not a new one"
        assert table.cursor_row == 2 and app.focused is table


async def test_text_being_typed_in_a_live_session_survives_a_resize(catalog, clock, demo_store, monkeypatch):
    app = make_app(catalog, demo_store, clock=clock)
    told: list[str] = []
    notify = app.notify
    monkeypatch.setattr(app, "notify", lambda message, **kw: (told.append(str(message)), notify(message, **kw)))
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_session(1)
        await pilot.pause()
        area = app.screen.query_one("#notes-text", TextArea)
        area.focus()
        await pilot.press(*"Hei Olena")
        await pilot.resize_terminal(59, 24)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert _("Keys pressed while this message shows are not used.") in message(app)
        await pilot.press("x", "y")
        assert ngettext("{count} key pressed here was not used.", "{count} keys pressed here were not used.",
                        2).format(count=2) in message(app), "the message says the keys were not taken"
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert type(app.screen).__name__ == "LiveSessionScreen"
        assert area.text == "Hei Olena", "nothing lost, and nothing typed blind"
        assert app.focused is area
    assert told == [ngettext("{count} key pressed while the window was too small was not used.",
                             "{count} keys pressed while the window was too small were not used.", 2).format(count=2)]


async def test_a_screen_opened_while_small_is_covered_too(catalog, clock, demo_store):
    app = make_app(catalog, demo_store, clock=clock)
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        app.action_command_palette()
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen), "the palette opened underneath the message"
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert type(app.screen).__name__ == "CommandPalette"
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        assert not any(isinstance(s, TooSmallScreen) for s in app.screen_stack), "no message left behind"


async def test_quitting_while_small_works(catalog, clock, demo_store):
    app = make_app(catalog, demo_store, clock=clock)
    async with app.run_test(size=(30, 10)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


def test_the_message_looks_right(snap_compare, catalog, clock, demo_store):
    # In English, so the picture does not change when the bokmål catalogue is recompiled; the
    # other tests check the message in the interface language.
    set_language("en")
    app = make_app(catalog, demo_store, clock=clock)
    assert snap_compare(app, terminal_size=(50, 15))
