"""Keys act in the order they were pressed, however quickly they come. Enter (open the highlighted
row), Ctrl+S and the notes' name picker are priority keys: the app runs them as soon as it reads
them, while keys read just before may still wait in the focused widget's queue. A quick Down,
Enter opened the row highlighted before the Down; "@si" then Enter tagged the name "@s" matched
first (another person). Each test sends its keys in one go, as a terminal does when they come
faster than the app handles them."""

from __future__ import annotations

from kursrom.store import live
from kursrom.store.rounds import enrolled, list_rounds, sessions_of

SIZE = (100, 30)


async def test_down_then_enter_at_once_opens_the_next_session_and_the_next_person(app, demo_store, at_once):
    course_round = list_rounds(demo_store)[0]
    sessions = sessions_of(demo_store, course_round.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the round
        await pilot.pause()
        round_screen = app.screen
        assert type(round_screen).__name__ == "RoundScreen"
        highlighted = round_screen.selected_session()
        expected = sessions[[s.id for s in sessions].index(highlighted) + 1].id
        await at_once(pilot, "down", "enter")
        assert type(app.screen).__name__ == "LiveSessionScreen" and app.screen.session_id == expected
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is round_screen
        await pilot.press("p")  # the participants
        await pilot.pause()
        first = app.screen.selected()
        people = [p.id for p in enrolled(demo_store, course_round.id)]
        await at_once(pilot, "down", "enter")
        assert type(app.screen).__name__ == "ParticipantScreen"
        assert app.screen.participant_id != first and app.screen.participant_id in people


async def test_a_name_tag_completed_at_once_with_enter_tags_the_name_typed(app, demo_store, session_id, at_once):
    live.start_session(demo_store, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        notes = app.screen.query_one("#notes")
        await pilot.press("f2", "@", "s")
        await pilot.pause()
        assert notes.picker.highlighted_option.prompt == "Mari Særheim", "@s: Særheim first"
        await at_once(pilot, "i", "enter")  # "@si": Sigrid
        assert notes.area.text == "@Sigrid Ødegård "
