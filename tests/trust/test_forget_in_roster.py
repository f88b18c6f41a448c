"""Erasing a person from the roster (Del) says what it could not take out: a part of the name that
another participant shares is left where it stands alone, and the notification names it."""

from __future__ import annotations

from kursrom.app import make_app
from kursrom.i18n import _, ngettext
from kursrom.store import live
from kursrom.store.rounds import add_participant, enrol, list_rounds, roster, sessions_of

SIZE = (80, 24)


async def test_the_roster_tells_which_parts_of_the_name_were_left(catalog, clock, demo_store, monkeypatch):
    round_id = list_rounds(demo_store)[0].id
    enrol(demo_store, round_id, [add_participant(demo_store, "Mari Hansen").id])
    session = sessions_of(demo_store, round_id)[0].id
    live.save_note(demo_store, session, None, live.note_writer("live"), "Mari Særheim og Mari kom sammen.")
    app = make_app(catalog, demo_store, clock=clock)
    told: list[str] = []
    notify = app.notify
    monkeypatch.setattr(app, "notify", lambda message, **kw: (told.append(str(message)), notify(message, **kw)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "p")
        await pilot.pause()
        entries = roster(demo_store, round_id)
        index = next(i for i, entry in enumerate(entries) if entry.participant.name == "Mari Særheim")
        for _step in range(index):
            await pilot.press("down")
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("j")
        await app.workers.wait_for_complete()
        await pilot.pause()
    part = ngettext("«{part}» in {count} text", "«{part}» in {count} texts", 1).format(part="Mari", count=1)
    assert _("Left where it may mean someone else: {parts}.").format(parts=part) in told
    assert "Mari Særheim" not in {entry.participant.name for entry in roster(demo_store, round_id)}
