"""A failing disk and a locked database while the co-facilitator types, with the real SQLite errors
(see `Faults` in conftest.py): the text stays on screen, a warning shows, nothing typed is dropped,
and once the disk is back (or the lock is gone) the note saves by itself, without a key pressed."""

from __future__ import annotations

from kursrom.i18n import _
from kursrom.store import live

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


def watch_notifications(app, monkeypatch) -> list[tuple[str, str]]:
    told: list[tuple[str, str]] = []
    notify = app.notify

    def spy(message, **kwargs):  # noqa: ANN001, ANN202
        told.append((str(message), kwargs.get("severity", "information")))
        return notify(message, **kwargs)

    monkeypatch.setattr(app, "notify", spy)
    return told


async def test_a_full_disk_keeps_the_text_warns_and_saves_when_space_is_back(app, demo_store, session_id, clock,
                                                                             faults, monkeypatch):
    item = live.load(demo_store, session_id).session.current_item_id
    told = watch_notifications(app, monkeypatch)
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
        assert warnings and "database or disk is full" in warnings[0]
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
                                                                              faults, monkeypatch):
    item = live.load(demo_store, session_id).session.current_item_id
    told = watch_notifications(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notes = app.screen.query_one("#notes")
        await pilot.press("f2")
        faults.lock()
        await pilot.press("J", "o")
        notes.area.insert("nas vil prøve lager")
        await save_round(pilot, clock, 1)
        assert notes.save_state == "failed" and notes.has_class("-failed")
        assert any("database is locked" in m for m, severity in told if severity == "error")
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


async def test_a_check_in_mark_on_a_locked_database_is_not_shown_as_made(app, demo_store, session_id, faults,
                                                                          monkeypatch):
    """Attendance must be traceable: a mark that could not be written says so, and its row stays
    unmarked; the marks before and after it are stored."""
    from kursrom.widgets.attendance import status_label

    people = live.load(demo_store, session_id).participants
    told = watch_notifications(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert type(app.screen).__name__ == "CheckInScreen"
        table = app.screen.query_one("#checkin-table")
        order = [table.participant_id]
        await pilot.press("1")
        order.append(table.participant_id)
        faults.lock()
        await pilot.press("1")
        await settle(pilot)
        assert [m for m, severity in told if severity == "error"][-1].startswith(
            _("Attendance could not be saved: {error}").split("{")[0])
        assert status_label("present") not in str(table.get_cell(str(order[1]), "status"))
        assert status_label("present") in str(table.get_cell(str(order[0]), "status"))
        faults.unlock()
        order.append(table.participant_id)
        assert order[2] == order[1], "the cursor waited on the person whose mark failed"
        await pilot.press("1")
        await settle(pilot)
    marks = live.attendance_history(demo_store, session_id)
    assert [(event.participant_id, event.status) for event in marks] == [(order[0], "present"),
                                                                         (order[2], "present")]
    assert len(people) == 8 and order[0] != order[1]


async def test_a_mark_that_cannot_be_saved_keeps_the_check_in_cursor(app, demo_store, session_id, faults):
    from kursrom.screens.checkin import CheckInScreen
    from kursrom.store import live

    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(CheckInScreen(session_id))
        await pilot.pause()
        table = app.screen.table
        assert table.cursor_row == 0
        faults.lock()
        await pilot.press("1")
        await pilot.pause()
        assert table.cursor_row == 0, "the cursor waits on the person whose mark failed"
        assert live.attendance_now(demo_store, session_id) == {}
        faults.unlock()
        await pilot.press("1")
        await pilot.pause()
        assert table.cursor_row == 1
        assert len(live.attendance_now(demo_store, session_id)) == 1
