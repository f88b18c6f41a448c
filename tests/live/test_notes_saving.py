"""The notes pane's saving in a real app: idle autosave keeps working however the saves before it
went, because no save worker's bookkeeping can be left behind."""

from __future__ import annotations

from kursrom.store import live

SIZE = (80, 24)


async def stored_text(pilot, store, session_id: int, item_id: int, wanted: str, seconds: float = 5.0) -> str:
    """Poll the database (real time, up to `seconds`) until the note reads `wanted`; the last read."""
    text = ""
    for _attempt in range(int(seconds / 0.05)):
        note = live.note_of(store, session_id, item_id, live.note_writer("live"))
        text = note.text if note else ""
        if text == wanted:
            break
        await pilot.pause(0.05)
    return text


async def test_idle_autosave_goes_on_after_two_flushes_in_one_turn(app, demo_store, session_id, clock):
    """Two flushes started before the first save worker ran (the host moves the notes to another
    item and back in one go): the text is saved, and afterwards typing alone, with no blur and no
    item change, is still saved once typing pauses."""
    live.start_session(demo_store, session_id)
    first, second = live.load(demo_store, session_id).items[:2]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        notes = app.screen.query_one("#notes")
        notes.area.insert("Første linje.")
        await pilot.pause()
        notes.follow(second.id, second.title)  # both in one turn: each opening flushes the unsaved note
        notes.follow(first.id, first.title)
        assert await stored_text(pilot, demo_store, session_id, first.id, "Første linje.") == "Første linje."

        notes.area.insert(" Andre linje.")
        await pilot.pause()
        assert notes.area.has_focus, "no blur: only the idle autosave may save this"
        clock.advance(notes.saver.idle + 0.1)  # typing has paused (the pane's clock is the app's)
        saved = await stored_text(pilot, demo_store, session_id, first.id, "Første linje. Andre linje.")
        assert saved == "Første linje. Andre linje.", f"not saved by idle autosave (a save under way: {notes.saving})"
        for _attempt in range(100):
            if not notes.saving:
                break
            await pilot.pause(0.05)
        assert not notes.saving and notes.save_state == "saved"
