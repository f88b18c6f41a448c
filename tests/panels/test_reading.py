"""Panels that read at a glance: every list under a heading, on and off shown by a mark, one key
(Escape) from a field back to the panel's list, one meaning per key across the panels and the live
screen, and a warning before the evaluation counts more answers than there are people present."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable, Input, Static
from textual.widgets._footer import FooterKey

from kursrom.i18n import _
from kursrom.screens.live import LiveSessionScreen
from kursrom.store.results import score_counts
from kursrom.widgets.attendance import SearchField
from kursrom.widgets.panels import PANELS, PromptPanel
from kursrom.widgets.panels.common import CheckList, Column, PeopleList
from kursrom.widgets.panels.evaluation import ScoreEntry
from kursrom.widgets.panels.group_rules import RulesList
from kursrom.widgets.panels.role_play import GroupsTable
from kursrom.widgets.panels.timeline import KindToggle

#: kursrom's widgets inside the panels that bring keys of their own. (Textual's own lists keep their
#: conventions: Space ticks a box in a selection list, as everywhere.)
PANEL_WIDGETS = (ScoreEntry, KindToggle, GroupsTable, RulesList)
#: A key the live screen has too, where it means the same thing there: Escape goes back one step
#: (from a field to the panel's list, from the list to the agenda), `o` shows the whole (the
#: exercise's overview while it runs, the session's summary once it has ended).
SAME_MEANING = {"escape": {"panel.to_list", "live.back"}, "o": {"panel.overview", "live.summary"}}


def keys_of(cls: type) -> dict[str, Binding]:
    """key -> binding, for kursrom's own bindings (each has an id) of a class and its bases."""
    found: dict[str, Binding] = {}
    for klass in reversed(cls.__mro__):
        for binding in klass.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                found.update({key.strip(): binding for key in binding.key.split(",")})
    return found


def meaning(binding: Binding) -> str:
    """What a binding means, without where it is: "panel.undo" and "live.undo" mean the same."""
    return (binding.id or "").split(".", 1)[-1].removesuffix("_up").removesuffix("_down")


def test_a_key_means_one_thing_in_every_panel_and_never_another_thing_on_the_live_screen():
    live = keys_of(LiveSessionScreen)
    by_key: dict[str, dict[str, set[str]]] = {}
    for cls in {*PANELS.values(), PromptPanel, *PANEL_WIDGETS}:
        for key, binding in keys_of(cls).items():
            by_key.setdefault(key, {}).setdefault(binding.id, set()).add(cls.__name__)
            if key in live and meaning(binding) != meaning(live[key]):
                assert {binding.id, live[key].id} <= SAME_MEANING.get(key, set()), (
                    f"{key!r}: {binding.id} in {cls.__name__}, {live[key].id} on the live screen")
    # Enter takes what has the focus further everywhere: the highlighted row (a rule to edit, a group's
    # feedback to write) or the field (on to the next one).
    two = {key: ids for key, ids in by_key.items() if len(ids) > 1 and key != "enter"}
    assert not two, f"a key with two meanings across the panels: {two}"
    assert by_key["f"].keys() == {"panel.next"} and by_key["c"].keys() == {"panel.timer"}
    assert "n" not in by_key and "t" not in by_key, "n and t are the live screen's next item and instructions"


async def test_the_panels_keys_are_in_the_footer(host):
    setup = host("role_play", session_number=4)
    async with setup.app.run_test(size=(100, 24)) as pilot:
        await setup.show(pilot)
        shown = {key.key: key.description for key in setup.app.screen.query(FooterKey)}
    assert shown["f"] == _("Next round") and shown["c"] == _("Start/pause round")
    assert shown["enter"] == _("Feedback")


async def test_each_list_has_a_heading_and_escape_goes_from_a_field_back_to_it(host, demo_store):
    setup = host("animal", absent=(7,))
    async with setup.app.run_test(size=(80, 24)) as pilot:
        panel = await setup.show(pilot)
        headings = [str(label.render()) for label in panel.query(".column-heading")]
        assert headings == [_("Participant – animal"), _("Animal"), _("Traits in common")]
        assert len(panel.query(Column)) == 3
        people = panel.query_one(PeopleList)
        await pilot.press("enter", "down", "enter")  # Bie for the first person: on to the traits
        panel.query_one("#animal-own-trait", Input).focus()
        await pilot.press(*"ryddig")
        await pilot.press("escape")
        assert panel.screen.focused is people, "one key from the field back to the names"
        assert panel.query_one("#animal-own-trait", Input).value == "ryddig", "and nothing typed is lost"
        assert not panel.check_action("to_list", ()), "on the list, Escape is the live screen's again"


async def test_traits_say_on_and_off_with_a_mark(host, demo_store):
    from kursrom.store import results

    setup = host("animal", absent=(7,))
    results.save_result(demo_store, setup.item.id, "animal",
                        {"animal": "Bie", "traits": ["flittig"], "own_animal": False}, setup.present[0].id)
    async with setup.app.run_test(size=(80, 24)) as pilot:
        panel = await setup.show(pilot)
        traits = panel.query_one(CheckList)
        lines = ["".join(segment.text for segment in traits.render_line(y)) for y in range(traits.option_count)]
        assert lines[0].startswith("[x] flittig") and lines[1].startswith("[ ] samarbeider godt"), lines
        traits.focus()
        await pilot.press("down", "space")
        lines = ["".join(segment.text for segment in traits.render_line(y)) for y in range(traits.option_count)]
        assert lines[1].startswith("[x] samarbeider godt"), lines


async def test_the_evaluation_warns_before_counting_more_answers_than_people_present(host, demo_store):
    setup = host("evaluation", absent=(6, 7))  # six present
    async with setup.app.run_test(size=(80, 24)) as pilot:
        panel = await setup.show(pilot)
        label = panel.elements[0][1]
        entry = panel.query_one("#ev-entry", ScoreEntry)
        await pilot.press(*"4 4 5", "enter")
        assert score_counts(demo_store, setup.session.id) == {label: {4: 2, 5: 1}}
        await pilot.press("up")  # still the first element
        entry.value = "5x4"
        await pilot.press("enter")
        hint = str(panel.query_one("#ev-hint", Static).render())
        assert _("That makes {total} answers for {element}, but {present} are present. Enter again to count "
                 "them anyway.").format(total=7, element=label, present=6) in hint
        assert entry.value == "5x4", "held back, and kept for a second Enter"
        assert score_counts(demo_store, setup.session.id) == {label: {4: 2, 5: 1}}
        await pilot.press("enter")  # someone in the room was not marked present: count them anyway
        await pilot.pause()
        assert score_counts(demo_store, setup.session.id) == {label: {4: 2, 5: 5}}
        shown = panel.query_one(DataTable).get_row("0")
        assert str(shown[1]) == "7!", "the count says it is more than present, not by colour alone"
        assert _("That makes") not in str(panel.query_one("#ev-hint", Static).render())


def test_a_search_field_shows_its_keys():
    keys = keys_of(SearchField)
    assert keys["1"].show and keys["escape"].show and not keys["2"].show
