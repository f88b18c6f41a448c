"""Notes that cannot be saved when the notes close are not lost: they go to a rescue file beside the
database (0600), or to stderr once the app has closed when even that fails; the next start says
where they are, and Ctrl+R in the session's notes puts them back and deletes the file."""

from __future__ import annotations

import stat
from datetime import datetime, timezone

import pytest

from kursrom.core.autosave import Rescued, find_rescues, merged, read_rescue, rescue_text, write_rescue
from kursrom.i18n import _
from kursrom.store import live
from kursrom.store.errors import StoreError, StoreErrorKind

SIZE = (80, 24)
WHEN = datetime(2026, 11, 23, 11, 5, 9, tzinfo=timezone.utc)
TRICKY = "Олена: «vil jobbe» 😊\r\nفاطمة تريد العمل\n=== {\"session\": 9}\n\nslutt uten linjeskift"


def note(database: str = "/data/kursrom.sqlite", **changes) -> Rescued:
    fields = dict(database=database, session_id=1, item_id=3, writer="live@host", title="Bli kjent", text=TRICKY,
                  follow_up=True, quote=False)
    fields.update(changes)
    return Rescued(**fields)


# -- the file ----------------------------------------------------------------------------------------


def test_a_rescue_file_keeps_every_character_and_is_the_owners_only(tmp_path):
    notes = [note(), note(item_id=None, title="", text="", follow_up=False), note(item_id=4, text="kort")]
    path = write_rescue([tmp_path / "data"], notes, reason="database or disk is full", when=WHEN)
    assert path.name == "rescue-20261123T110509Z.txt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_rescue(path) == notes
    text = path.read_text(encoding="utf-8")
    assert "database or disk is full" in text and "23.11.2026 12:05:09" in text  # the reason, in Oslo time
    second = write_rescue([tmp_path / "data"], notes[:1], reason="", when=WHEN)
    assert second.name == "rescue-20261123T110509Z-2.txt"


def test_the_next_folder_takes_the_file_when_the_first_cannot(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    path = write_rescue([blocked / "data", tmp_path / "fallback"], [note()], reason="", when=WHEN)
    assert path.parent == tmp_path / "fallback"
    with pytest.raises(OSError):
        write_rescue([blocked / "data"], [note()], reason="", when=WHEN)


def test_only_readable_files_of_the_same_database_are_found(tmp_path):
    ours, theirs = tmp_path / "kursrom.sqlite", tmp_path / "other.sqlite"
    mine = write_rescue([tmp_path], [note(str(ours.resolve()))], reason="", when=WHEN)
    write_rescue([tmp_path], [note(str(theirs.resolve()))], reason="", when=WHEN)
    (tmp_path / "rescue-damaged.txt").write_text('header\n=== {"chars": 99, "session_id": 1}\nshort',
                                                 encoding="utf-8")
    found = find_rescues([tmp_path, tmp_path], ours)
    assert [path for path, _notes in found] == [mine]


def test_putting_text_back_drops_nothing():
    assert merged("", "ny tekst") == "ny tekst"
    assert merged("Start: ", "Start: og mer") == "Start: og mer"
    assert merged("Start: og mer, skrevet etterpå", "Start: og mer") == "Start: og mer, skrevet etterpå"
    assert merged("skrevet i en annen retning\n", "reddet tekst") == "skrevet i en annen retning\n\nreddet tekst"


def test_the_header_speaks_the_interface_language():
    text = rescue_text([note()], reason="x", when=WHEN)
    assert text.startswith(_("kursrom: notes that could not be saved when the notes closed"))


# -- in the app --------------------------------------------------------------------------------------


async def type_into_notes(pilot, text: str) -> None:
    await pilot.press("f2")
    notes = pilot.app.screen.query_one("#notes")
    await pilot.press(*text[:2])
    notes.area.insert(text[2:])
    await pilot.pause()


def rescue_files(store) -> list:
    return sorted(store.path.parent.glob("rescue-*.txt"))


async def test_quitting_on_a_full_disk_rescues_the_notes_and_the_next_start_restores_them(
        catalog, demo_store, session_id, clock, faults, monkeypatch):
    from kursrom.app import make_app

    writer = live.note_writer("live")
    first = live.load(demo_store, session_id).session.current_item_id
    live.save_note(demo_store, session_id, first, writer, "Start: ")
    typed = "Start: " + "Åse vil bli snekker og trenger lærlingplass. " * 120
    app = make_app(catalog, demo_store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        faults.disk_full()
        await pilot.press("f2")
        app.screen.query_one("#notes").area.insert(typed[len("Start: "):])
        await pilot.pause()
        await pilot.press("ctrl+q")  # quits with the disk still full
    assert live.note_of(demo_store, session_id, first, writer).text == "Start: "
    [path] = rescue_files(demo_store)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    [kept] = read_rescue(path)
    assert (kept.session_id, kept.item_id, kept.writer, kept.text) == (session_id, first, writer, typed)
    assert str(StoreError(StoreErrorKind.FULL, demo_store.path)) in path.read_text(encoding="utf-8")

    # Next start: the disk has room again, and the facilitator has moved on to the next item.
    faults.disk_back()
    second = live.next_item(demo_store, session_id)
    live.save_note(demo_store, session_id, second, writer, "Neste punkt.")
    told: list[str] = []
    app = make_app(catalog, demo_store, clock=clock)
    notify = app.notify
    monkeypatch.setattr(app, "notify", lambda message, **kw: (told.append(str(message)), notify(message, **kw)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any(str(path) in message for message in told), "the start says where the notes are"
        notes = app.screen.query_one("#notes")
        assert notes.rescued and _("Ctrl+R: rescued notes") in str(notes.query_one("#notes-head").render())
        await pilot.press("f2", "ctrl+r")
        for _attempt in range(50):
            await pilot.pause(0.02)
            if not rescue_files(demo_store):
                break
        assert notes.area.text == "Neste punkt.", "the item on screen is left as it was"
        assert not notes.rescued
    assert live.note_of(demo_store, session_id, first, writer).text == typed
    assert live.note_of(demo_store, session_id, second, writer).text == "Neste punkt."
    assert rescue_files(demo_store) == [], "the rescue file holds personal data: gone once restored"


async def test_when_no_file_can_be_written_the_text_goes_to_stderr_after_the_app(
        app, demo_store, session_id, faults, monkeypatch, tmp_path, capsys):
    import kursrom.widgets.notes.rescue as notes_module

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setattr(notes_module, "rescue_folders", lambda store: [blocked / "data"])
    at_exit: list[tuple] = []
    monkeypatch.setattr(notes_module.atexit, "register", lambda function, *args: at_exit.append((function, args)))
    faults.lock()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_into_notes(pilot, "Mari må gå tidlig; ring veileder.")
        await pilot.press("ctrl+q")
    # Read while the lock still holds (readers pass a writer's lock in WAL): a save still retrying in
    # its thread may land once the lock is gone, which in a real exit it cannot.
    assert live.note_of(demo_store, session_id, live.load(demo_store, session_id).session.current_item_id,
                        live.note_writer("live")) is None
    faults.unlock()
    assert at_exit, "something is left to print when the app has closed"
    for function, args in at_exit:
        function(*args)
    err = capsys.readouterr().err
    assert "Mari må gå tidlig; ring veileder." in err and str(StoreError(StoreErrorKind.BUSY, demo_store.path)) in err
