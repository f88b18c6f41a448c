"""Card sort: statements sorted into the exercise's categories by number key; the tally and the
statements the group disagreed on are kept."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from kursrom.store.results import load_result


async def test_statements_are_sorted_with_number_keys_and_the_tally_is_kept(host, demo_store):
    setup = host("card_sort", exercise_id="norsk-arbeidskultur")
    data = setup.item.exercise["data"]
    categories, statements = data["categories"], data["statements"]
    async with setup.app.run_test(size=(80, 24)) as pilot:
        panel = await setup.show(pilot)
        await pilot.press("1", "1", "2", "u", "3")
        await pilot.pause()
        stored = load_result(demo_store, setup.item.id)
        assert stored["placements"] == {statements[0]: categories[0], statements[1]: categories[0],
                                        statements[2]: categories[1], statements[3]: categories[2]}
        assert stored["disagreed"] == [statements[3]]
        assert stored["tally"] == {categories[0]: 2, categories[1]: 1, categories[2]: 1}
        assert len(stored["unsorted"]) == len(statements) - 4
        assert panel.query_one(DataTable).cursor_row == 4, "on to the next statement"
        assert str(panel.query_one("#cs-current", Static).render()) == statements[4]
        assert "Uenige: 1" in str(panel.query_one("#cs-tally", Static).render())
        await pilot.press("up", "0")  # take one back
        assert statements[3] not in load_result(demo_store, setup.item.id)["placements"]
        assert not panel.check_action("place", (len(categories),)), "no key beyond the categories"
