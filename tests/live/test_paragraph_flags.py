"""Ctrl+O and Ctrl+T in the notes pane flag the paragraph the cursor is in, for the person tagged in
it, asking whom when it tags several; the flag stays on its paragraph as the note is edited around
it, goes back with Ctrl+Z, and is saved with the text, apart from what a second writer writes."""

from __future__ import annotations

from kursrom.core.names import tag_finder
from kursrom.core.paragraphs import paragraphs
from kursrom.store import live
from kursrom.widgets.typing_frames import LONGEST_WAIT_S

SIZE = (80, 24)


async def settle(pilot, seconds: float = 0.0) -> None:
    if seconds:
        await pilot.pause(seconds)
    await pilot.pause()


async def open_notes(app, pilot):
    await settle(pilot)
    await pilot.press("f2")
    notes = app.screen.query_one("#notes")
    assert notes.area.has_focus
    return notes


def head(app) -> str:
    return str(app.screen.query_one("#notes-head").content)


def flags_in(text: str, participants) -> list[tuple[int, set[str], set[str]]]:
    names = {p.id: p.name for p in participants}
    found = paragraphs(text, tag_finder((p.name, p.id) for p in participants))
    return [(p.index, {names[i] for i in p.follow_up}, {names[i] for i in p.quote}) for p in found
            if p.follow_up or p.quote]


async def test_a_flag_goes_on_the_cursors_paragraph_and_stays_there_through_edits(app, demo_store, session_id, clock):
    live.start_session(demo_store, session_id)
    async with app.run_test(size=SIZE) as pilot:
        notes = await open_notes(app, pilot)
        area = notes.area
        area.insert("Runden startet.\n@Mari Særheim vil jobbe i barnehage.\nSlutt.")
        area.move_cursor((1, 10))
        await pilot.press("ctrl+o")
        assert area.text.split("\n")[1] == "⚑@Mari Særheim vil jobbe i barnehage."
        assert area.cursor_location == (1, 11), "the cursor stays on the same letter"
        await pilot.pause(LONGEST_WAIT_S + 0.1)  # the header waits for the next key, or this long
        assert "⚑ Mari Særheim" in head(app)
        area.move_cursor((0, 3))
        await settle(pilot)
        assert "Mari" not in head(app), "the header shows the flags of the cursor's paragraph"

        # A line written above, words added inside the paragraph, before and after the tag.
        area.insert("Først et nytt avsnitt.\n", (0, 0))
        area.insert(" Hun har førerkort.", (2, len(area.document.get_line(2))))
        area.insert("Viktig: ", (2, 0))
        area.move_cursor((2, 0))
        await pilot.press("ctrl+t")  # her quote too
        clock.advance(seconds=1)
        await settle(pilot, 0.3)
        note = live.note_of(demo_store, session_id, notes.item_id, live.note_writer("live"))
        assert note.text.split("\n")[2] == "Viktig: ⚑❝@Mari Særheim vil jobbe i barnehage. Hun har førerkort."
        assert flags_in(note.text, notes.participants) == [(2, {"Mari Særheim"}, {"Mari Særheim"})]

        await pilot.press("ctrl+z")  # takes the quote back, and only that
        assert flags_in(area.text, notes.participants) == [(2, {"Mari Særheim"}, set())]


async def test_a_paragraph_tagging_several_people_asks_whom_the_flag_is_for(app, demo_store, session_id):
    live.start_session(demo_store, session_id)
    async with app.run_test(size=SIZE) as pilot:
        notes = await open_notes(app, pilot)
        notes.area.insert("@Mari Særheim og @Jonas Bjørkløw øvde på intervju.")
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert type(app.screen).__name__ == "PickModal"
        options = [str(option.prompt) for option in app.screen.query_one("#pick").options]
        assert options == ["Mari Særheim", "Jonas Bjørkløw"], "the people tagged there, in the order tagged"
        await pilot.press("down", "enter")
        await settle(pilot)
        assert notes.area.has_focus
        assert notes.area.text == "@Mari Særheim og ⚑@Jonas Bjørkløw øvde på intervju."
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert "merket: velg for å fjerne merket" in str(app.screen.query_one("#pick").options[1].prompt)
        await pilot.press("escape")  # nothing changes
        await settle(pilot)
        assert notes.area.text == "@Mari Særheim og ⚑@Jonas Bjørkløw øvde på intervju."


async def test_a_paragraph_that_tags_nobody_takes_no_flag(app, demo_store, session_id, monkeypatch):
    told: list[str] = []
    notify = type(app).notify
    monkeypatch.setattr(type(app), "notify",
                        lambda self, message, **kw: (told.append(message), notify(self, message, **kw)))
    live.start_session(demo_store, session_id)
    async with app.run_test(size=SIZE) as pilot:
        notes = await open_notes(app, pilot)
        notes.area.insert("@Mari Særheim kom.\nGruppa trenger mer tid.")
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert notes.area.text == "@Mari Særheim kom.\nGruppa trenger mer tid."
        assert any("Merk en deltaker i dette avsnittet først" in message for message in told)


def test_a_second_writer_never_moves_a_flag(demo_store, db_path, session_id, clock):
    """The facilitator and the co-facilitator (another process, another connection) write notes on the
    same item; each writer's flags stay on their own paragraphs as the other writes and rewrites."""
    from kursrom.store.db import open_store
    from kursrom.store.reports import build_session_summary

    second = open_store(db_path, clock)
    try:
        snapshot = live.load(demo_store, session_id)
        people, item = snapshot.participants, snapshot.items[0].id
        mine, theirs = live.note_writer("live"), live.note_writer("notes") + "-2"
        live.save_note(demo_store, session_id, item, mine, "Intro.\n⚑@Mari Særheim vil bli kokk.", participants=people)
        live.save_note(second, session_id, item, theirs, "@Mari Særheim og @Yusuf Haddad lo.", participants=people)
        live.save_note(demo_store, session_id, item, mine, "Ny linje.\nIntro.\n⚑@Mari Særheim vil bli kokk. Og baker.",
                       participants=people)
        live.save_note(second, session_id, item, theirs, "❝@Yusuf Haddad «Vi klarer det»\n@Mari Særheim og "
                       "@Yusuf Haddad lo.", participants=people)
        summary = build_session_summary(demo_store, session_id)
    finally:
        second.close()
    flagged = {(p.participant.name, p.text, p.follow_up, p.quote) for line in summary.note_groups[0].notes
               for p in line.flagged}
    assert flagged == {("Mari Særheim", "@Mari Særheim vil bli kokk. Og baker.", True, False),
                       ("Yusuf Haddad", "@Yusuf Haddad «Vi klarer det»", False, True)}
