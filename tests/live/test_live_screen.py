"""The live-session screen driven by Pilot at 80x24: a whole session from check-in to the end,
resume on start, the notes pane (tags, flags, autosave, a failing save), keys and the bell."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from sqlmodel import select
from textual.widgets import Input, TextArea

from kursrom.i18n import _
from kursrom.store import live
from kursrom.store.models import NoteTag

SIZE = (80, 24)


async def settle(pilot, seconds: float = 0.0) -> None:
    """Let timers and workers run for `seconds` (real time), then let every message be handled."""
    if seconds:
        await pilot.pause(seconds)
    await pilot.pause()


async def redraw(pilot) -> None:
    """What the display timer does every quarter second: recompute from the events and draw."""
    pilot.app.screen.tick()
    await pilot.pause()


def screen_name(app) -> str:
    return type(app.screen).__name__


def timer_text(app) -> str:
    return str(app.screen.query_one("#timer-line").render())


async def type_text(pilot, text: str) -> None:
    """Type into the focused widget: a TextArea gets the text in one edit (the keystroke path has
    its own test: the @-picker below and the real-terminal crash test); other widgets get keys."""
    focused = pilot.app.focused
    if isinstance(focused, TextArea):
        focused.insert(text)
        await pilot.pause()
        return
    await pilot.press(*("space" if char == " " else char for char in text))


async def test_a_whole_session(app, demo_store, session_id, clock, command, keys_due):
    async with app.run_test(size=SIZE) as pilot:
        app.open_session(session_id)
        await settle(pilot)
        assert screen_name(app) == "LiveSessionScreen"
        screen = app.screen
        assert screen.snapshot.session.status == "planned"

        # Space starts the session and opens the check-in list.
        clock.advance(minutes=2)
        await command(pilot, "space")
        assert screen_name(app) == "CheckInScreen"
        people = live.load(demo_store, session_id).participants
        await pilot.press("1", "1", "2", "1", "3")  # present, present, late, present, absent ...
        await keys_due(pilot)
        await type_text(pilot, "syk")
        await pilot.press("enter")  # ... with a reason
        await command(pilot, "m")  # the rest are present
        now = live.attendance_now(demo_store, session_id)
        assert [now[p.id].status for p in people] == ["present", "present", "late", "present", "absent",
                                                    "present", "present", "present"]
        assert now[people[4].id].reason == "syk"
        await pilot.press("escape")
        assert screen_name(app) == "LiveSessionScreen"
        top = app.screen.query_one("TopLine")
        assert top.detail.startswith(_("{present}/{enrolled} present").format(present=7, enrolled=8))

        # The welcome runs a minute over: shown in red as "+1:00".
        items = live.load(demo_store, session_id).items
        clock.advance(minutes=items[0].planned_minutes + 1)
        await redraw(pilot)
        assert "+1:00" in timer_text(app)
        assert app.screen.query_one("#timer").has_class("-over")
        # The template leaves slack (exercises/README.md), so one minute over still ends on time.
        assert _("{minutes} min ahead, projected end {end}").split("{")[1].split("}")[1] in top.detail

        # Next, then skip the item after it, then an extra break after the current one.
        await command(pilot, "n")
        assert live.load(demo_store, session_id).session.current_item_id == items[1].id
        await pilot.press("down")
        await command(pilot, "s")
        assert live.load(demo_store, session_id).item(items[2].id).skipped
        await pilot.press("up")
        await command(pilot, "i")
        assert screen_name(app) == "InsertItem"
        title = app.screen.query_one("#insert-title", Input)
        title.value = ""
        await type_text(pilot, "Ekstra pust")
        await pilot.press("enter")
        snapshot = live.load(demo_store, session_id)
        added = [i for i in snapshot.items if i.origin == "added"]
        assert [(i.title, i.planned_minutes, i.kind) for i in added] == [("Ekstra pust", 10, "break")]
        assert [i.id for i in snapshot.items].index(added[0].id) == 2

        # +1 minute on the running item.
        await command(pilot, "plus")
        assert live.load(demo_store, session_id).timing(clock.now()).times[items[1].id].adjusted == 60

        # Notes: tag a participant with @, flag the paragraph for their follow-up, saved by itself.
        await pilot.press("f2")
        await type_text(pilot, "Godt innspill fra ")
        await pilot.press("@", "M", "a")
        picker = app.screen.query_one("#notes-picker")
        assert picker.display and [str(o.prompt) for o in picker.options] == ["Mari Særheim"]
        await pilot.press("enter")
        await type_text(pilot, "om nettverk.")
        await pilot.press("ctrl+o")
        clock.advance(seconds=1)
        await settle(pilot, 0.15)
        mari = next(p for p in people if p.name == "Mari Særheim")
        note = live.note_of(demo_store, session_id, items[1].id, live.note_writer("live"))
        assert note.text == "Godt innspill fra ⚑@Mari Særheim om nettverk.", "the flag stands before her tag"
        assert live.tags_of(demo_store, note.id) == {mari.id}
        assert app.screen.query_one("#notes").save_state == "saved"

        # Back to the agenda, and end the session.
        await pilot.press("escape")
        await command(pilot, "x")
        assert screen_name(app) == "ConfirmModal"
        await pilot.press("enter")
        await settle(pilot)
        session = live.load(demo_store, session_id).session
        assert session.status == "done"
        assert screen_name(app) == "SummaryScreen", "ending the session shows its summary"
        await pilot.press("escape")
        assert screen_name(app) == "LiveSessionScreen"
        assert _("ended {time}").format(time="")[:4] in app.screen.query_one("TopLine").detail


async def test_the_app_resumes_a_running_session_at_its_item(catalog, demo_store, session_id, clock):
    from kursrom.app import make_app

    live.start_session(demo_store, session_id)
    items = live.load(demo_store, session_id).items
    clock.advance(minutes=20)
    live.go_to(demo_store, session_id, items[3].id)
    clock.advance(minutes=2, seconds=5)
    live.save_note(demo_store, session_id, items[3].id, live.note_writer("live"), "skrevet før krasjet")
    app = make_app(catalog, demo_store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert screen_name(app) == "LiveSessionScreen"
        assert app.screen.snapshot.session.current_item_id == items[3].id
        assert app.screen.query_one("#notes").area.text == "skrevet før krasjet"
        assert "7:55" in timer_text(app), "10 minutes planned, 2:05 gone"


async def test_keys_that_do_not_apply_are_hidden_or_greyed(app, demo_store, session_id):
    async with app.run_test(size=SIZE) as pilot:
        app.open_session(session_id)
        await settle(pilot)
        actions = {b.binding.action: b.enabled for b in app.screen.active_bindings.values()}
        assert actions["start_session"] and "timer" not in actions
        assert actions["next"] is False, "greyed before the start"
        live.start_session(demo_store, session_id)
        app.screen.reload()
        await settle(pilot)
        actions = {b.binding.action: b.enabled for b in app.screen.active_bindings.values()}
        assert actions["timer"] and "start_session" not in actions and actions["next"]


async def test_help_lists_the_keys_of_the_live_screen(app, demo_store, session_id):
    live.start_session(demo_store, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        assert screen_name(app) == "HelpScreen"
        console = Console(width=120, record=True, file=io.StringIO())
        console.print(app.screen.query_one("#help-keys").content)
        text = console.export_text()
        for description in (_("Next"), _("Skip"), _("Insert item"), _("Attendance"), _("End session")):
            assert description in text


async def test_the_command_palette_offers_the_live_keys(app, session_id):
    async with app.run_test(size=SIZE) as pilot:
        app.open_session(session_id)
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert _("Start session") in titles and _("Attendance") in titles and _("Notes size") in titles


async def test_the_bell_rings_at_one_minute_left_and_at_zero(app, demo_store, session_id, clock, monkeypatch,
                                                            command):
    rings = []
    monkeypatch.setattr(app, "bell", lambda: rings.append(clock.now()))
    live.start_session(demo_store, session_id)
    planned = live.load(demo_store, session_id).items[0].planned_minutes * 60
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await command(pilot, "b")
        clock.advance(planned - 61 - 0.3)  # the command took a moment (tests/conftest.py, COMMAND_PAUSE)
        await redraw(pilot)
        assert rings == []
        clock.advance(2)
        await redraw(pilot)
        assert len(rings) == 1
        clock.advance(60)
        await redraw(pilot)
        assert len(rings) == 2
        clock.advance(120)
        await redraw(pilot)
        assert len(rings) == 2, "once each, not on every refresh"


async def test_the_notes_pane_hides_resizes_and_browses(app, demo_store, session_id, clock):
    live.start_session(demo_store, session_id)
    items = live.load(demo_store, session_id).items
    live.save_note(demo_store, session_id, items[0].id, live.note_writer("live"), "første punkt")
    clock.advance(minutes=15)
    live.next_item(demo_store, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notes = app.screen.query_one("#notes")
        height = notes.outer_size.height
        await pilot.press("f4")
        assert notes.outer_size.height > height
        await pilot.press("f3")
        assert not notes.display
        await pilot.press("f2")  # focusing brings it back
        assert notes.display and notes.area.has_focus
        await pilot.press("f5")
        assert screen_name(app) == "NotesBrowser"
        await pilot.press("down", "enter")  # the first item, an earlier one
        assert notes.item_id == items[0].id and notes.pinned
        assert notes.area.text == "første punkt"
        await pilot.press("f5", "enter")  # back to the current item
        assert notes.item_id == items[1].id and not notes.pinned


async def test_a_failing_save_keeps_the_text_warns_and_retries(app, demo_store, session_id, clock, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from kursrom.store.errors import StoreError, StoreErrorKind

    live.start_session(demo_store, session_id)
    item = live.load(demo_store, session_id).items[0]
    real_save = live.save_note
    broken = {"on": True}

    def save_note(*args, **kwargs):
        if broken["on"]:
            raise OperationalError("INSERT", {}, Exception("database or disk is full"))
        return real_save(*args, **kwargs)

    monkeypatch.setattr(live, "save_note", save_note)
    told = []
    notify = app.notify
    monkeypatch.setattr(app, "notify", lambda message, **kw: (told.append(message), notify(message, **kw)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await type_text(pilot, "ikke mist meg")
        clock.advance(1)
        await settle(pilot, 0.15)
        notes = app.screen.query_one("#notes")
        assert notes.save_state == "failed" and notes.has_class("-failed")
        assert notes.area.text == "ikke mist meg"
        full = str(StoreError(StoreErrorKind.FULL, demo_store.path))  # the store's sentence, no SQLite text
        assert any(full in message and "INSERT" not in message for message in told)
        broken["on"] = False
        clock.advance(notes.saver.retry)
        await settle(pilot, 0.15)
        assert notes.save_state == "saved"
    assert live.note_of(demo_store, session_id, item.id, live.note_writer("live")).text == "ikke mist meg"


async def test_notes_are_saved_on_leaving_the_screen(app, demo_store, session_id):
    live.start_session(demo_store, session_id)
    item = live.load(demo_store, session_id).items[0]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await type_text(pilot, "lagres ved utgang")
        await pilot.press("escape", "escape")  # out of the notes, out of the screen
        assert screen_name(app) != "LiveSessionScreen"
    assert live.note_of(demo_store, session_id, item.id, live.note_writer("live")).text == "lagres ved utgang"


async def test_notes_are_saved_when_the_app_quits(app, demo_store, session_id):
    live.start_session(demo_store, session_id)
    item = live.load(demo_store, session_id).items[0]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await type_text(pilot, "siste ord")
        await pilot.press("ctrl+q")
    assert live.note_of(demo_store, session_id, item.id, live.note_writer("live")).text == "siste ord"


async def test_check_in_corrections_and_history(app, demo_store, session_id, clock, command):
    from kursrom.screens.checkin import CheckInScreen

    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(CheckInScreen(session_id))
        await settle(pilot)
        await command(pilot, "2")  # late, now (08:58 UTC is 09:58 in Oslo)
        await command(pilot, "up", "t")
        field = app.screen.query_one(Input)
        field.value = "10:07"
        await pilot.press("enter")
        await command(pilot, "r")
        app.screen.query_one(Input).value = "bussen var sen"
        await pilot.press("enter")
        await command(pilot, "h")
        assert screen_name(app) == "AttendanceHistory"
    person = live.load(demo_store, session_id).participants[0]
    history = live.attendance_history(demo_store, session_id, person.id)
    assert [(e.status, e.time.strftime("%H:%M"), e.reason) for e in history] == [
        ("late", "08:58", ""), ("late", "09:07", ""), ("late", "09:07", "bussen var sen")]


async def test_notes_only_follows_the_facilitator(catalog, demo_store, session_id, clock):
    from kursrom.app import make_app

    notes_app = make_app(catalog, demo_store, clock=clock, notes_only=True)
    async with notes_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert screen_name(notes_app) == "NotesOnlyScreen"
        assert not notes_app.screen.query("#notes")
        live.start_session(demo_store, session_id)
        notes_app.screen.poll()  # what the once-a-second timer does
        await settle(pilot)
        pane = notes_app.screen.query_one("#notes")
        items = live.load(demo_store, session_id).items
        assert pane.item_id == items[0].id and pane.area.has_focus
        await type_text(pilot, "fra medveileder")
        clock.advance(minutes=15)
        live.next_item(demo_store, session_id)
        await settle(pilot, 1.1)  # the real timer this time: it follows within two seconds
        assert pane.item_id == items[1].id
        assert pane.area.text == ""
    saved = live.note_of(demo_store, session_id, items[0].id, live.note_writer("notes"))
    assert saved.text == "fra medveileder"
    with demo_store.read() as db:
        assert not list(db.exec(select(NoteTag)))


@pytest.mark.parametrize("width", [80, 160])
async def test_the_layout_fits(app, demo_store, session_id, width):
    live.start_session(demo_store, session_id)
    height = 24 if width == 80 else 45
    async with app.run_test(size=(width, height)) as pilot:
        await settle(pilot)
        screen = app.screen
        for selector in ("#agenda", "#current", "#notes", "#timer"):
            region = screen.query_one(selector).region
            assert region.width > 0 and region.height > 0, selector
            assert region.right <= width and region.bottom <= height, selector
        notes, current = screen.query_one("#notes").region, screen.query_one("#current").region
        if width >= 120:
            assert notes.x >= current.right, "notes beside the current item"
        else:
            assert notes.y >= current.bottom, "notes below the current item"


async def test_check_in_of_35_people_is_one_key_each(app, demo_store, session_id, keys_due):
    from kursrom.screens.checkin import CheckInScreen
    from kursrom.store.rounds import add_participant, enrol, list_rounds

    round_id = list_rounds(demo_store)[0].id
    enrol(demo_store, round_id, [add_participant(demo_store, f"Deltaker {n:02d}").id for n in range(27)])
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(CheckInScreen(session_id))
        await settle(pilot)
        keys = ["1"] * 35
        keys[10] = "2"  # one came late
        await pilot.press(*keys)  # as quick as the keys come: each marks one (`KeyGuard`'s chained keys)
        await keys_due(pilot)
        table = app.screen.query_one("#checkin-table")
        assert table.row_count == 35 and table.cursor_row == 34, "each mark moved on to the next person"
    now = live.attendance_now(demo_store, session_id)
    assert len(now) == 35
    assert sorted(e.status for e in now.values()).count("late") == 1


async def test_the_exercise_panel_borrows_the_notes_room_at_80x24(app, demo_store, session_id, clock, command):
    async with app.run_test(size=SIZE) as pilot:
        app.open_session(session_id)
        await settle(pilot)
        screen = app.screen
        await command(pilot, "space")  # start: the check-in opens
        await pilot.press("m", "escape")
        await settle(pilot)
        notes = screen.query_one("NotesPane")
        assert notes.display and notes.region.height > 0
        await pilot.press("f6")
        await settle(pilot)
        assert screen.has_class("notes-hidden") and notes.region.height == 0
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.has_class("notes-hidden") and notes.region.height > 0
        assert screen.focused is screen.agenda


async def test_an_arrival_time_is_shown_whole_in_the_check_in(app, demo_store, session_id, clock, command):
    from kursrom.widgets.attendance import AttendanceTable

    async with app.run_test(size=SIZE) as pilot:
        app.open_session(session_id)
        await settle(pilot)
        await command(pilot, "space")  # the check-in opens
        await command(pilot, "2")  # the first person came late, at the current time
        await settle(pilot)
        table = app.screen.query_one(AttendanceTable)
        shown = str(table.get_cell(table.coordinate_to_cell_key((0, 0)).row_key, "time"))
        assert shown == clock.local_now().strftime("%H:%M")
        time_column = next(column for column in table.columns.values() if column.key == "time")
        assert time_column.content_width >= len(shown), "the column grows to fit the time"


async def test_typing_in_the_notes_browser_goes_into_the_notes(app, demo_store, session_id, clock):
    """The browser is a list: a sentence typed there closes it and goes into the current item's
    notes, every key, in order (nothing typed is lost, nothing else changes)."""
    live.start_session(demo_store, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notes = app.screen.query_one("#notes")
        await pilot.press("f2")
        notes.area.insert("Først. ")
        await pilot.press("f5")
        assert screen_name(app) == "NotesBrowser"
        await pilot.press("H", "e", "i", "comma", "space", "Å", "s", "e", "space", "2")
        await settle(pilot)
        assert screen_name(app) == "LiveSessionScreen"
        assert notes.area.has_focus and not notes.pinned
        assert notes.area.text == "Først. Hei, Åse 2"
