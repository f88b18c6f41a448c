"""Interpreters in the planning: the check-in shows language and need; the round counts the languages
per session, from the roster and then the marks, and exports the overview without names."""

from __future__ import annotations

import os
import stat

from kursrom.store import live
from kursrom.store.exports import export_interpreters
from kursrom.store.interpreters import interpreter_needs_of


def test_needs_come_from_the_roster_then_from_the_marks(demo_store, round_id, session, people):
    needs = interpreter_needs_of(demo_store, round_id)
    assert needs[0].languages == (("ar", 1), ("uk", 1)) and not needs[0].from_marks
    live.start_session(demo_store, session.id)
    live.mark(demo_store, session.id, people[0].id, "present")
    live.mark(demo_store, session.id, people[1].id, "absent", reason="syk")
    needs = interpreter_needs_of(demo_store, round_id)
    assert needs[0].languages == (("uk", 1),) and needs[0].from_marks, "only who is in the room"
    assert needs[1].languages == (("ar", 1), ("uk", 1)), "later sessions: the roster"


def test_the_overview_exports_to_csv_and_markdown_without_names(demo_store, round_id, people, tmp_path):
    written = export_interpreters(demo_store, round_id, tmp_path)
    assert sorted(item.format for item in written) == ["csv", "md"]
    for item in written:
        text = item.path.read_text("utf-8-sig")
        assert stat.S_IMODE(os.stat(item.path).st_mode) == 0o600
        assert "uk" in text and "ar" in text and "Hvem er jeg?" in text
        assert not any(person.name.split()[0] in text for person in people)
    csv_text = next(item for item in written if item.format == "csv").path.read_text("utf-8-sig")
    header = csv_text.splitlines()[0].split(";")
    assert header[:2] == ["Økt", "Dato"] and header[3:5] == ["Språk", "Personer"], "in the interface language"


async def test_check_in_and_round_screen_show_the_needs(catalog, demo_store, round_id, session, people, clock):
    from kursrom.app import make_app
    from kursrom.screens.checkin import CheckInScreen
    from kursrom.screens.interpreters import InterpreterOverview
    from kursrom.screens.round import RoundScreen
    from kursrom.widgets.attendance import AttendanceTable

    app = make_app(catalog, demo_store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(CheckInScreen(session.id))
        await pilot.pause()
        table = app.screen.query_one(AttendanceTable)
        first = str(people[0].id)
        assert "uk" in str(table.get_cell(first, "interpreter"))
        assert str(table.get_cell(str(people[2].id), "interpreter")) == "–"
        await pilot.press("1")
        assert "uk" in str(table.get_cell(first, "interpreter")), "a mark keeps the person's cells"
        await app.push_screen(RoundScreen(round_id))
        await pilot.pause()
        await pilot.press("t")
        assert isinstance(app.screen, InterpreterOverview)
        assert app.screen.query_one("DataTable").row_count == 5
