"""Resizing the terminal in the middle of a session loses nothing, and every main screen works at
80x24 (home, round, roster, live, check-in, summary), pressed through as a facilitator would."""

from __future__ import annotations

import pytest

from kursrom.store import live
from kursrom.widgets.timer import timer_line
from kursrom.widgets.typing_frames import LONGEST_WAIT_S

SIZES = [(160, 45), (80, 24), (60, 20), (120, 40)]


def visible(app, selector: str) -> None:
    """The widget is on screen, with room, and inside the terminal."""
    widget = app.screen.query_one(selector)
    region = widget.region
    width, height = app.size
    assert widget.display and region.width > 0 and region.height > 0, f"{selector} is not shown"
    assert region.right <= width and region.bottom <= height, f"{selector} runs off a {width}x{height} screen"


async def test_resizing_while_typing_a_note_loses_neither_text_nor_time(app, demo_store, session_id, clock):
    current = live.load(demo_store, session_id).session.current_item_id
    typed = ""
    async with app.run_test(size=SIZES[0]) as pilot:
        await pilot.pause()
        screen = app.screen
        notes = screen.query_one("#notes")
        await pilot.press("f2")
        for step, (width, height) in enumerate(SIZES):
            if step:
                await pilot.resize_terminal(width, height)
                await pilot.pause()
            assert app.screen is screen, f"still the live screen at {width}x{height}"
            assert notes.area.has_focus and notes.item_id == current
            # Type a little at every size, key by key and a pasted piece.
            word = f"ord{step}"
            await pilot.press(*word)
            notes.area.insert(f" – {width}x{height}. ")
            typed += f"{word} – {width}x{height}. "
            assert notes.area.text == typed
            clock.advance(seconds=40)
            screen.tick()
            time = screen.timing.times[current]
            assert time.running and time.elapsed == pytest.approx(40 * (step + 1))
            await pilot.pause(LONGEST_WAIT_S + 0.1)  # while typing, the timer waits for a key, or this long
            assert screen.query_one("#timer-line").render().plain == timer_line(time).plain
            for selector in ("#agenda", "#timer", "#notes"):
                visible(app, selector)
            beside = screen.query_one("#notes").region.x >= screen.query_one("#current").region.right
            assert beside == (width >= 120), "notes beside the item on a wide screen, below it otherwise"
        for _attempt in range(30):  # the autosaver writes it all (its time has long passed)
            await pilot.pause(0.02)
            if notes.save_state == "saved":
                break
        assert notes.save_state == "saved"
    assert live.note_of(demo_store, session_id, current, live.note_writer("live")).text == typed
    assert live.load(demo_store, session_id).session.current_item_id == current


async def test_every_main_screen_works_at_80x24(catalog, demo_store, clock, command):
    from kursrom.app import make_app

    app = make_app(catalog, demo_store, clock=clock)
    seen = []

    def on(name: str, *selectors: str) -> None:
        assert type(app.screen).__name__ == name
        for selector in ("Footer", *selectors):
            visible(app, selector)
        seen.append(name)

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        on("HomeScreen", "#rounds")
        assert app.screen.query_one("#rounds").row_count >= 1
        await pilot.press("enter")
        await pilot.pause()
        on("RoundScreen", "#sessions", "#agenda-preview")
        await pilot.press("p")
        await pilot.pause()
        on("RosterScreen", "#roster")
        assert app.screen.query_one("#roster").row_count == 8
        await pilot.press("escape")
        await pilot.pause()
        on("RoundScreen", "#sessions")
        await pilot.press("enter")
        await pilot.pause()
        on("LiveSessionScreen", "#agenda", "#current", "#notes")
        await command(pilot, "space")  # start: the check-in list opens
        on("CheckInScreen", "#checkin-table", "#checkin-summary")
        await command(pilot, "1", "2", "m")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        on("LiveSessionScreen", "#agenda", "#timer", "#notes")
        assert len(app.screen.snapshot.present) == 8
        await command(pilot, "n", "x")
        await pilot.press("enter")  # yes, end it: stored, then the summary (a busy machine takes a while)
        for _attempt in range(100):
            if type(app.screen).__name__ == "SummaryScreen":
                break
            await pilot.pause(0.05)
        await pilot.pause()
        on("SummaryScreen", "#summary-body")
        await pilot.press("escape")
        await pilot.pause()
        on("LiveSessionScreen", "#agenda")
    assert seen == ["HomeScreen", "RoundScreen", "RosterScreen", "RoundScreen", "LiveSessionScreen",
                    "CheckInScreen", "LiveSessionScreen", "SummaryScreen", "LiveSessionScreen"]
