"""The competence timeline: entries of period, formal or informal, and what was learned, per
participant, shown as a line through time."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widgets import ContentSwitcher, DataTable, Input, Static

from kursrom.store.results import results_for_item
from kursrom.widgets.panels.common import PeopleList
from kursrom.widgets.panels.timeline import start_year


def rendered(static: Static) -> str:
    console = Console(width=60, record=True, file=io.StringIO())
    console.print(static.content)
    return console.export_text()


async def test_entries_are_stored_per_participant_and_drawn_in_time_order(host, demo_store):
    setup = host("timeline", session_number=2)
    async with setup.app.run_test(size=(80, 24)) as pilot:
        panel = await setup.show(pilot)
        person = panel.query_one(PeopleList).current
        period = panel.query_one("#tl-period", Input)
        learned = panel.query_one("#tl-learned", Input)
        period.value = "2019"
        period.focus()
        await pilot.press("enter", "right", "enter")  # informal
        assert panel.screen.focused is learned
        learned.value = "Trener for G12 i fotball"
        await pilot.press("enter")
        assert panel.screen.focused is period
        period.value = "2008-2018"
        await pilot.press("enter", "left", "enter")  # the choice stays until changed: back to formal
        learned.value = "Grunnskole og vgs"
        await pilot.press("enter")
        await pilot.pause()
        stored = results_for_item(demo_store, setup.item.id)[person]["entries"]
        assert stored == [
            {"period": "2008-2018", "formal": True, "learned": "Grunnskole og vgs"},
            {"period": "2019", "formal": False, "learned": "Trener for G12 i fotball"},
        ]
        line = rendered(panel.query_one("#tl-line-text", Static)).splitlines()
        formal_row = next(row for row in line if "Grunnskole" in row)
        informal_row = next(row for row in line if "Trener" in row)
        assert line.index(formal_row) < line.index(informal_row), "oldest first"
        assert formal_row.index("Grunnskole") < formal_row.index("2008"), "formal left of the line"
        assert informal_row.index("Trener") > informal_row.index("2019"), "informal right of the line"

        panel.query_one(PeopleList).focus()
        await pilot.press("l")
        assert panel.query_one(ContentSwitcher).current == "tl-table"
        assert panel.query_one(DataTable).row_count == 2
        await pilot.press("delete")
        await pilot.pause()
    assert [e["learned"] for e in results_for_item(demo_store, setup.item.id)[person]["entries"]] == [
        "Trener for G12 i fotball"]


def test_periods_order_by_their_first_year():
    assert start_year("2015–2018") == 2015
    assert start_year("høsten 2020") == 2020
    assert start_year("som barn") == 9999
