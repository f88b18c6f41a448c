"""Rescue files obey erasure (issue 16): `forget` rewrites the rescued notes without the person, and
Ctrl+R then puts back only what is left; a rescue written from notes opened before an erasure (it
may hold the person erased) is never put back."""

from __future__ import annotations

from datetime import datetime, timezone

from kursrom.core.autosave import Rescued, read_rescue, rescue_folders, write_rescue
from kursrom.i18n import _
from kursrom.store import live
from kursrom.store.privacy import forget_participant
from kursrom.store.redaction import PLACEHOLDER

SIZE = (80, 24)
WHEN = datetime(2026, 11, 23, 11, 5, 9, tzinfo=timezone.utc)
ASE, OLENA = 1, 4  # the demo's first and fourth participants


def rescue_files(store) -> list:
    return sorted(store.path.parent.glob("rescue-*.txt"))


async def wait_until(pilot, condition, tries: int = 100) -> None:
    for _attempt in range(tries):
        if condition():
            return
        await pilot.pause(0.02)


async def test_forget_rewrites_the_rescue_and_ctrl_r_puts_back_only_what_is_left(catalog, demo_store, session_id,
                                                                                  clock):
    from kursrom.app import make_app

    writer = live.note_writer("live")
    first = live.load(demo_store, session_id).session.current_item_id
    database = str(demo_store.path.resolve())
    path = write_rescue(rescue_folders(demo_store.path), [
        Rescued(database, session_id, first, writer, "Bli kjent",
                "Åse Nygård og Jonas jobbet godt. Åses plan er klar."),
    ], reason="database is locked", when=WHEN)

    report = forget_participant(demo_store, ASE)

    assert report.rescues_rewritten == [path]
    [kept] = read_rescue(path)
    gone = _(PLACEHOLDER)
    assert kept.text == f"{gone} og Jonas jobbet godt. {gone} plan er klar." and kept.erasures == 1
    app = make_app(catalog, demo_store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        notes = app.screen.query_one("#notes")
        assert notes.rescued, "rewritten by the erasure: offered back"
        await pilot.press("f2", "ctrl+r")
        await wait_until(pilot, lambda: not rescue_files(demo_store))
    saved = live.note_of(demo_store, session_id, first, writer).text
    assert saved == kept.text and "Åse" not in saved


async def test_a_rescue_of_notes_opened_before_an_erasure_is_not_put_back(catalog, demo_store, session_id, clock,
                                                                          faults, monkeypatch):
    from kursrom.app import make_app

    writer = live.note_writer("live")
    first = live.load(demo_store, session_id).session.current_item_id
    app = make_app(catalog, demo_store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        # Erased from another window while these notes are open; the pane still has her on screen.
        forget_participant(demo_store, OLENA)
        faults.disk_full()
        # Long enough to need new pages, which the full disk refuses.
        app.screen.query_one("#notes").area.insert("Олена Коваленко vil bli sykepleier. " * 120)
        await pilot.pause()
        await pilot.press("ctrl+q")
    [path] = rescue_files(demo_store)
    [rescued] = read_rescue(path)
    assert rescued.erasures == 0, "as old as the notes it was typed in"

    faults.disk_back()
    told: list[str] = []
    app = make_app(catalog, demo_store, clock=clock)
    notify = app.notify
    monkeypatch.setattr(app, "notify", lambda message, **kw: (told.append(str(message)), notify(message, **kw)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        notes = app.screen.query_one("#notes")
        assert not notes.rescued, "never offered back"
        await pilot.press("f2", "ctrl+r")
        await pilot.pause()
    assert _("Notes kept in {path} were written before someone was erased from this database, so kursrom does "
             "not put them back: read the file, then delete it.").format(path=path) in told
    note = live.note_of(demo_store, session_id, first, writer)
    assert note is None or "Олена" not in note.text
    assert rescue_files(demo_store) == [path], "left for the facilitator to read and delete"
