"""What the live screen looks like at 80x24 and at 160x45, mid-session, with the fake clock (so
the wall clock and every timer are fixed): the second item running over, one item skipped, an
extra break inserted (so the session runs late and the screen suggests what to shorten), seven of
eight people in the room, a note with a tag and a follow-up flag. Also: letters held back as typing
(the line over the footer), and the notes with the keys ("typing") and the co-facilitator's words."""

from __future__ import annotations

import pytest

from kursrom.store import live


@pytest.fixture(autouse=True)
def prompt_panels_only(monkeypatch):
    """Every item gets the base prompt panel: these pictures are of the live screen, and must not
    change when an exercise panel does (the panels have their own snapshots)."""
    from kursrom.widgets import panels

    monkeypatch.setattr(panels, "PANELS", {})


@pytest.fixture
def mid_session(demo_store, session_id, clock):
    live.start_session(demo_store, session_id)
    people = live.load(demo_store, session_id).participants
    for person in people:
        live.mark(demo_store, session_id, person.id, "present")
    live.mark(demo_store, session_id, people[4].id, "absent", reason="syk")
    items = live.load(demo_store, session_id).items
    clock.advance(minutes=17)
    live.next_item(demo_store, session_id)
    live.set_skipped(demo_store, session_id, items[4].id, True)
    live.insert_item(demo_store, session_id, items[3].id, "Ekstra pause", 10, kind="break")
    live.save_note(demo_store, session_id, items[1].id, live.note_writer("live"),
                   f"⚑@{people[7].name} foreslo at reglene henges opp. Følg opp CV.", participants=people)
    clock.advance(minutes=12, seconds=40)  # 10 minutes planned: 2:40 over
    return session_id


async def settle(pilot) -> None:
    await pilot.pause()
    pilot.app.screen.tick()
    await pilot.pause()


def test_live_screen_80x24(snap_compare, app, mid_session):
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_live_screen_160x45(snap_compare, app, mid_session):
    assert snap_compare(app, terminal_size=(160, 45), run_before=settle)


def test_check_in_80x24(snap_compare, app, mid_session, command):
    async def open_check_in(pilot) -> None:
        await settle(pilot)
        await command(pilot, "a")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_check_in)


def test_planned_session_80x24(snap_compare, app, session_id):
    async def open_it(pilot) -> None:
        pilot.app.open_session(session_id)
        await pilot.pause()
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_it)


def test_typing_held_back_80x24(snap_compare, app, mid_session, clock):
    from textual import events

    async def type_on_the_agenda(pilot) -> None:
        await settle(pilot)
        for char in "sa at alle var her":
            key = events.Key("space" if char == " " else char, char)
            key.set_sender(pilot.app)
            pilot.app.post_message(key)
            await pilot.pause()
            clock.advance(0.08)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=type_on_the_agenda)


def test_both_writers_in_the_notes_80x24(snap_compare, app, mid_session, demo_store, clock):
    from kursrom.widgets.notes.pane import OTHER_POLL_SECONDS

    items = live.load(demo_store, mid_session).items
    live.save_note(demo_store, mid_session, items[1].id, live.note_writer("notes"),
                   "Olena vil prøve lager; spør om språkpraksis.")

    async def into_the_notes(pilot) -> None:
        await settle(pilot)
        await pilot.press("f2")
        clock.advance(OTHER_POLL_SECONDS)
        await pilot.pause(0.3)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=into_the_notes)
