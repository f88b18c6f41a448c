"""A failing disk and a locked database while the co-facilitator types, with the real SQLite errors
(see `Faults` in conftest.py): the text stays on screen, a warning shows, nothing typed is dropped,
and once the disk is back (or the lock is gone) the note saves by itself, without a key pressed."""

from __future__ import annotations

from kursrom.i18n import _
from kursrom.store import live
from kursrom.store.errors import StoreError, StoreErrorKind

SIZE = (80, 24)
#: More than a page of text: the note needs a new database page, which a full disk cannot give.
LONG = "Olena har sykepleierutdanning fra Kyiv og trenger godkjenning fra Helsedirektoratet. " * 60


async def settle(pilot, seconds: float = 0.0) -> None:
    if seconds:
        await pilot.pause(seconds)
    await pilot.pause()


async def save_round(pilot, clock, seconds: float) -> None:
    """Let the autosaver's time pass (fake clock), then let its display tick (0.1 s) start the
    save worker and the worker finish (real time)."""
    clock.advance(seconds)
    await settle(pilot, 0.15)
    notes = pilot.app.screen.query_one("#notes")
    for _attempt in range(40):
        if not notes.saving:
            break
        await settle(pilot, 0.02)


def stored(store, session_id: int, item_id: int) -> str:
    note = live.note_of(store, session_id, item_id, live.note_writer("live"))
    return note.text if note else ""


async def test_a_full_disk_keeps_the_text_warns_and_saves_when_space_is_back(app, demo_store, session_id, clock,
                                                                             faults, notifications):
    item = live.load(demo_store, session_id).session.current_item_id
    told = notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notes = app.screen.query_one("#notes")
        await pilot.press("f2")
        await pilot.press("S", "t")
        notes.area.insert("art: ")
        await save_round(pilot, clock, 1)
        assert stored(demo_store, session_id, item) == "Start: "

        faults.disk_full()
        notes.area.insert(LONG)  # a pasted paragraph
        notes.area.insert("Slutt")
        await pilot.press("full_stop")  # and typing on
        typed = "Start: " + LONG + "Slutt."
        await save_round(pilot, clock, 1)
        assert notes.save_state == "failed" and notes.has_class("-failed")
        assert notes.area.text == typed, "the text stays on screen"
        warnings = [m for m, severity in told if severity == "error"]
        assert warnings and str(StoreError(StoreErrorKind.FULL, demo_store.path)) in warnings[0]
        assert "INSERT" not in warnings[0] and "sqlalche.me" not in warnings[0]
        assert stored(demo_store, session_id, item) == "Start: ", "the full database took nothing"

        # Typing goes on while the disk is full, through retries that fail.
        notes.area.insert(" Mer")
        await pilot.press("full_stop")
        typed += " Mer."
        await save_round(pilot, clock, notes.saver.retry)
        assert notes.save_state == "failed" and notes.area.text == typed
        assert len(notes.saver.failures) >= 2

        faults.disk_back()
        await save_round(pilot, clock, notes.saver.retry)  # no key pressed: the retry saves it
        assert notes.save_state == "saved" and not notes.has_class("-failed")
        assert stored(demo_store, session_id, item) == typed
        assert any(m == _("The notes are saved again.") for m, _severity in told)


async def test_a_locked_database_keeps_the_text_warns_and_saves_when_released(app, demo_store, session_id, clock,
                                                                              faults, notifications):
    item = live.load(demo_store, session_id).session.current_item_id
    told = notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notes = app.screen.query_one("#notes")
        await pilot.press("f2")
        faults.lock()
        await pilot.press("J", "o")
        notes.area.insert("nas vil prøve lager")
        await save_round(pilot, clock, 1)
        assert notes.save_state == "failed" and notes.has_class("-failed")
        locked = str(StoreError(StoreErrorKind.BUSY, demo_store.path))
        assert any(locked in m for m, severity in told if severity == "error")
        assert notes.area.text == "Jonas vil prøve lager"
        assert stored(demo_store, session_id, item) == ""

        notes.area.insert(", og han har sendt CV")
        await pilot.press("full_stop")
        await save_round(pilot, clock, notes.saver.retry)
        assert notes.save_state == "failed"

        faults.unlock()
        await save_round(pilot, clock, notes.saver.retry)
        assert notes.save_state == "saved"
        assert stored(demo_store, session_id, item) == "Jonas vil prøve lager, og han har sendt CV."
        assert notes.area.text == "Jonas vil prøve lager, og han har sendt CV."


async def test_a_check_in_mark_on_a_locked_database_is_shown_once_it_is_stored(app, demo_store, session_id, faults,
                                                                                clock, notifications, command):
    """Attendance must be traceable: a mark that cannot be written yet is not shown as made, a
    warning says why, the cursor goes on to the next person (one key each), and the mark is stored
    and shown by itself once the lock is gone, in the order the keys were pressed."""
    from kursrom.widgets.attendance import status_label
    from kursrom.widgets.writing import writer_of

    writer = writer_of(app)
    writer.retry_seconds = 0.2
    told = notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await command(pilot, "a")
        await settle(pilot)
        assert type(app.screen).__name__ == "CheckInScreen"
        table = app.screen.query_one("#checkin-table")
        order = [table.participant_id]
        await command(pilot, "1")
        await writer.drained()
        order.append(table.participant_id)
        faults.lock()
        await command(pilot, "1")  # the second person, while the database is locked
        order.append(table.participant_id)
        await command(pilot, "2")  # and the third, late
        pressed = clock.now()
        await writer.settled()
        await settle(pilot)
        locked = str(StoreError(StoreErrorKind.BUSY, demo_store.path))
        assert [m for m, severity in told if severity == "warning"] == [
            f"{locked} {_('What you entered is kept, and kursrom keeps trying to save it.')}"]
        assert status_label("present") not in str(table.get_cell(str(order[1]), "status")), "not shown as made"
        assert status_label("present") in str(table.get_cell(str(order[0]), "status"))
        assert table.cursor_row == 3, "one key each, even while the marks wait"
        clock.advance(minutes=2)  # the lock holds a while
        faults.unlock()  # no key pressed from here on
        await writer.drained()
        await settle(pilot)
        assert status_label("present") in str(table.get_cell(str(order[1]), "status"))
        assert status_label("late") in str(table.get_cell(str(order[2]), "status"))
        assert app.is_running
    marks = live.attendance_history(demo_store, session_id)
    assert [(event.participant_id, event.status) for event in marks] == [
        (order[0], "present"), (order[1], "present"), (order[2], "late")]
    assert marks[2].time == pressed and marks[2].at > pressed, (
        "late from when the key was pressed, not from when the lock let go")


async def test_a_mark_on_a_read_only_database_fails_once_and_is_not_shown(app, demo_store, session_id, notifications,
                                                                          command):
    """A read-only file does not pass by itself: the mark fails once, with the store's sentence,
    and the row stays as it was."""
    from kursrom.screens.checkin import CheckInScreen
    from kursrom.widgets.writing import writer_of

    writer = writer_of(app)
    told = notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(CheckInScreen(session_id))
        await pilot.pause()
        with demo_store.engine.connect() as probe:  # the pool's connection: the next write takes it
            probe.exec_driver_sql("PRAGMA query_only=ON")
        await command(pilot, "1")
        await writer.drained()
        await pilot.pause()
        assert live.attendance_now(demo_store, session_id) == {}
        read_only = str(StoreError(StoreErrorKind.READ_ONLY_FILE, demo_store.path))
        assert [m for m, severity in told if severity == "error"] == [
            f"{read_only} {_('This change was not saved.')}"]
        assert app.is_running
