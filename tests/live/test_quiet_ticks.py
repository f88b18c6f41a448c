"""The live screen recomputes its timers four times a second and draws only what changed: a
repaint that shows nothing new (the whole item block, a screen behind this one) is time a key typed
in the notes waits for before it is drawn."""

from __future__ import annotations

from textual.widget import Widget

from kursrom.i18n import _
from kursrom.store import live
from kursrom.widgets.typing_frames import typing_frames
from kursrom.widgets.topline import TopLine


def spy_on_drawing(widgets: list[Widget], drawn: list[str]) -> None:
    for widget in widgets:
        original = widget.refresh

        def refresh(*args, _widget=widget, _original=original, **kwargs):
            drawn.append(f"{type(_widget).__name__}#{_widget.id}")
            return _original(*args, **kwargs)

        widget.refresh = refresh


async def running_item(app, pilot, clock, command, session_id) -> None:
    app.open_session(session_id)
    await pilot.pause()
    clock.advance(minutes=2)
    await command(pilot, "space")  # start: the check-in opens
    await pilot.press("m")  # everyone present
    await pilot.press("escape")
    await pilot.pause()
    clock.advance(seconds=20.5)  # half-way through a second, whichever way the timer rounds
    app.screen.tick()
    await pilot.pause()


async def test_a_tick_that_changes_nothing_on_screen_draws_nothing(app, clock, command, session_id):
    async with app.run_test(size=(100, 30)) as pilot:
        await running_item(app, pilot, clock, command, session_id)
        screen = app.screen
        assert type(screen).__name__ == "LiveSessionScreen"
        drawn: list[str] = []
        spy_on_drawing([screen, *screen.query("*")], drawn)

        clock.advance(seconds=0.25)  # the same second on every timer and clock
        screen.tick()
        await pilot.pause()
        assert drawn == []

        clock.advance(seconds=1)  # the item's timer shows the next second: that line alone
        screen.tick()
        await pilot.pause()
        assert drawn and set(drawn) <= {"Static#timer-line", "Digits#timer-digits", "AgendaList#agenda"}, drawn


async def test_the_clock_on_a_screen_behind_is_not_drawn(app, clock, command, session_id):
    async with app.run_test(size=(100, 30)) as pilot:
        await running_item(app, pilot, clock, command, session_id)
        behind = [top for screen in app.screen_stack[:-1] for top in screen.query(TopLine)]
        assert behind, "the home screen lies behind the live screen"
        drawn: list[str] = []
        spy_on_drawing(behind, drawn)
        clock.advance(minutes=3)  # the minute turns
        for top in behind:
            top._follow_clock()  # what its one-second timer calls
        assert drawn == []
        front = app.screen.query_one(TopLine)
        spy_on_drawing([front], drawn)
        front._follow_clock()
        assert drawn == ["TopLine#live-top"]



async def test_saving_the_notes_draws_their_header_not_the_pane(app, clock, command, session_id):
    from kursrom.widgets.notes.pane import NotesPane

    async with app.run_test(size=(100, 30)) as pilot:
        await running_item(app, pilot, clock, command, session_id)
        pane = app.screen.query_one(NotesPane)
        await pilot.press("f2")
        drawn: list[str] = []
        spy_on_drawing([pane], drawn)
        pane.area.insert("Ola kom litt sent")
        await pilot.pause()
        clock.advance(seconds=5)
        pane._tick()  # "saving", then "saved" once the save thread is done: a busy machine is slow
        for _attempt in range(100):
            await pilot.pause(0.05)
            if pane.save_state == "saved":
                break
        await pilot.pause()
        assert pane.save_state == "saved"
        assert "✓ " + _("saved") in str(pane.query_one("#notes-head").render())
        assert drawn == []


async def test_the_notes_draw_what_waits_ahead_of_the_keys_edit(app, demo_store, session_id, clock):
    live.start_session(demo_store, session_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        frames = typing_frames(app)
        drawn: list[str] = []
        await pilot.press("a")
        frames.draw("owner", lambda: drawn.append(app.screen.query_one("#notes-text").text))
        assert drawn == []
        await pilot.press("b")
        assert drawn == ["a"], "drawn before the key's edit, so in the frame that shows it"
