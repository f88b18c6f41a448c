"""Check-in by name: `/` and the first letters of a name put the cursor on the person, a digit marks
them. A group of 35 with five exceptions (three late, two absent) takes at most 25 keys besides the
reasons' text: each exception found and marked, then `m` for everyone else."""

from __future__ import annotations

from textual.widgets import Input

from kursrom.app import make_app
from kursrom.screens.checkin import CheckInScreen
from kursrom.store import live
from kursrom.store.rounds import add_participant, enrol, list_rounds, sessions_of
from kursrom.widgets.attendance import AttendanceTable, NameSearch

#: With the demo's eight, a group of 35; names share first letters the way a real list does.
MORE = ("Aksel Berg", "Anne Lise Dahl", "Arne Bakke", "Astrid Holm", "Bjørn Eide", "Camilla Strand",
        "Dag Lunde", "Eirik Aas", "Elin Moe", "Emma Solberg", "Frida Lie", "Geir Haugen", "Hanne Vik",
        "Ida Nilsen", "Jan Øverland", "Karin Sæther", "Lars Ødegaard", "Linn Berge", "Magnus Dahl",
        "Nora Hansen", "Ola Nordmann", "Per Æsøy", "Rune Strøm", "Silje Aune", "Tor Ås", "Vilde Berg",
        "Øystein Lie")

#: (the keys a facilitator presses, the reason typed for an absence) per exception.
EXCEPTIONS = {
    "Per Æsøy": (["slash", "æ", "2"], ""),  # late
    "Jan Øverland": (["slash", "ø", "v", "2"], ""),  # late: "ø" alone finds Lars Ødegaard first
    "Tor Ås": (["slash", "å", "2"], ""),  # late: "Ås" comes before "Åse" in the list
    "Åse Nygård": (["slash", "n", "y", "3"], "syk"),  # absent
    "Magnus Dahl": (["slash", "m", "a", "3"], "jobbintervju"),  # absent: "ma" finds Magnus before Mari
}


async def test_35_people_with_five_exceptions_take_at_most_25_keys(catalog, clock, demo_store, command):
    course_round = list_rounds(demo_store)[0]
    enrol(demo_store, course_round.id, [add_participant(demo_store, name).id for name in MORE])
    session_id = sessions_of(demo_store, course_round.id)[0].id
    live.start_session(demo_store, session_id)
    assert len(live.load(demo_store, session_id).participants) == 35

    app = make_app(catalog, demo_store, clock=clock)
    keys = 0
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(CheckInScreen(session_id))
        await pilot.pause()
        screen = app.screen
        for name, (presses, reason) in EXCEPTIONS.items():
            *finding, mark = presses
            await pilot.press(*finding)
            assert screen.has_class("-searching")
            table = screen.query_one(AttendanceTable)
            assert str(table.get_cell(str(table.participant_id), "name")) == name, "the cursor is on the person"
            await pilot.press(mark)
            keys += len(presses)
            if reason:
                assert isinstance(app.screen.focused, Input)
                await pilot.press(*reason)  # the reason's text: not counted
                await pilot.press("enter")
                keys += 1
            await pilot.pause()
            assert app.screen is screen and not screen.has_class("-searching")
        await command(pilot, "m")
        keys += 1
        await pilot.pause()
    assert keys <= 25, keys

    snapshot = live.load(demo_store, session_id)
    by_name = {p.name: snapshot.status_of(p.id) for p in snapshot.participants}
    assert {name: status for name, status in by_name.items() if status != "present"} == {
        "Per Æsøy": "late", "Jan Øverland": "late", "Tor Ås": "late", "Åse Nygård": "absent",
        "Magnus Dahl": "absent"}
    reasons = {p.name: snapshot.attendance[p.id].reason for p in snapshot.participants if p.name in EXCEPTIONS}
    assert reasons["Åse Nygård"] == "syk" and reasons["Magnus Dahl"] == "jobbintervju"


async def test_the_search_says_when_no_name_matches_and_escape_ends_it(catalog, clock, demo_store):
    session_id = sessions_of(demo_store, list_rounds(demo_store)[0].id)[0].id
    live.start_session(demo_store, session_id)
    app = make_app(catalog, demo_store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(CheckInScreen(session_id))
        await pilot.pause()
        screen = app.screen
        table = screen.query_one(AttendanceTable)
        await pilot.press("slash", "М")  # Cyrillic letters are found too
        assert str(table.get_cell(str(table.participant_id), "name")) == "Михайло Шевченко"
        await pilot.press("x")
        found = str(screen.query_one(NameSearch).query_one("#search-found").render())
        assert "“Мx”" in found or "«Мx»" in found, found
        await pilot.press("escape")
        assert app.screen is screen, "Escape ends the search, not the check-in"
        assert not screen.has_class("-searching") and app.focused is table
        assert str(table.get_cell(str(table.participant_id), "name")) == "Михайло Шевченко"
    assert live.load(demo_store, session_id).attendance == {}, "finding marks nobody"
