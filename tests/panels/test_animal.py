"""The animal exercise: each participant present picks an animal (or their own) and traits; the
group view shows everyone side by side with the traits as strengths at work."""

from __future__ import annotations

from textual.widgets import ContentSwitcher, Input, SelectionList, Static

from kursrom.store.results import results_for_item
from kursrom.widgets.panels.common import PeopleList


async def test_animals_and_traits_are_stored_and_shown_side_by_side(host, demo_store):
    setup = host("animal", absent=(7,))
    async with setup.app.run_test(size=(80, 24)) as pilot:
        panel = await setup.show(pilot)
        first, second = setup.present[0], setup.present[1]
        assert [o.id for o in panel.query_one(PeopleList).options] == [f"p{p.id}" for p in setup.present]
        await pilot.press("enter", "down", "enter")  # the second animal in the list: Bie
        assert isinstance(panel.screen.focused, SelectionList)
        await pilot.press("space", "down", "space")  # flittig, samarbeider godt
        panel.query_one("#animal-own-trait", Input).focus()
        await pilot.press(*"ryddig", "enter")

        people = panel.query_one(PeopleList)
        people.focus()
        await pilot.press("down")
        panel.query_one("#animal-name", Input).focus()
        await pilot.press(*"Sel", "enter")  # an animal of their own
        await pilot.pause()
        stored = results_for_item(demo_store, setup.item.id)
        assert stored[first.id] == {"animal": "Bie", "traits": ["flittig", "samarbeider godt", "ryddig"],
                                    "own_animal": False}
        assert stored[second.id] == {"animal": "Sel", "traits": [], "own_animal": True}

        people.focus()
        await pilot.press("o")
        assert panel.query_one(ContentSwitcher).current == "animal-overview"
        cards = [str(card.render()) for card in panel.query(".animal-card").results(Static)]
        assert len(cards) == len(setup.present)
        assert "Bie" in cards[0] and "Styrker på jobb" in cards[0] and "ryddig" in cards[0]
        assert "Sel" in cards[1]
