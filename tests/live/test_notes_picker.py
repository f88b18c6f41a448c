"""The @-name picker in the notes: which names it offers, and the keys and the click that write a tag,
on the demo course's eight participants."""

from __future__ import annotations

from kursrom.store import live
from kursrom.store.demo import DEMO_PARTICIPANTS
from kursrom.widgets.notes import TAG_QUERY, matching

SIZE = (80, 24)


class Person:
    def __init__(self, name: str) -> None:
        self.name = name


PEOPLE = [Person(name) for name, *_rest in DEMO_PARTICIPANTS]


def names(query: str) -> list[str]:
    return [p.name for p in matching(PEOPLE, query)]


def test_a_name_matches_from_its_start_or_the_start_of_a_word_in_any_case_and_script():
    assert names("") == [p.name for p in PEOPLE]
    assert names("s") == ["Sigrid Ødegård", "Mari Særheim"]
    assert names("ØDE") == ["Sigrid Ødegård"]
    assert names("åse") == ["Åse Nygård"]
    assert names("ол") == ["Олена Коваленко"]
    assert names("الز") == ["فاطمة الزهراء"]
    assert names("x") == []


def test_a_tag_starts_at_the_line_start_or_after_a_space():
    assert TAG_QUERY.search("@").group(1) == ""
    assert TAG_QUERY.search("Fint innspill fra @Ma").group(1) == "Ma"
    assert TAG_QUERY.search("e-post: mari@nav") is None, "an address is not a tag"
    assert TAG_QUERY.search("@Mari Særheim sa") is None, "the cursor has left the tag"


async def open_notes(app, pilot):
    await pilot.pause()
    await pilot.press("f2")
    notes = app.screen.query_one("#notes")
    assert notes.area.has_focus
    return notes, app.screen.query_one("#notes-picker")


def offered(picker) -> list[str]:
    return [str(option.prompt) for option in picker.options] if picker.display else []


async def test_arrow_keys_and_tab_pick_a_name_from_the_list(app, demo_store, session_id):
    live.start_session(demo_store, session_id)
    async with app.run_test(size=SIZE) as pilot:
        notes, picker = await open_notes(app, pilot)
        notes.area.insert("Hei ")
        await pilot.press("@")
        everyone = [p.name for p in notes.participants]
        assert offered(picker) == everyone and len(everyone) == len(DEMO_PARTICIPANTS)
        await pilot.press("down", "down", "up", "tab")
        assert notes.area.text == f"Hei @{everyone[1]} "
        assert not picker.display and notes.area.has_focus
        await pilot.press("up")  # the picker is closed: the arrow is the note's again
        assert notes.area.text == f"Hei @{everyone[1]} "


async def test_escape_closes_the_list_until_the_tag_is_left(app, demo_store, session_id):
    live.start_session(demo_store, session_id)
    async with app.run_test(size=SIZE) as pilot:
        notes, picker = await open_notes(app, pilot)
        await pilot.press("@", "S")
        assert sorted(offered(picker)) == ["Mari Særheim", "Sigrid Ødegård"]
        await pilot.press("escape")
        assert not picker.display and notes.area.has_focus, "escape closes the list, not the notes"
        await pilot.press("i")
        assert not picker.display, "still closed while typing on in the same tag"
        await pilot.press("space", "@", "Y")
        assert offered(picker) == ["Yusuf Haddad"]
        await pilot.press("enter")
        assert notes.area.text == "@Si @Yusuf Haddad "


async def test_a_click_on_a_name_writes_the_tag(app, demo_store, session_id):
    live.start_session(demo_store, session_id)
    async with app.run_test(size=SIZE) as pilot:
        notes, picker = await open_notes(app, pilot)
        notes.area.insert("Spørsmål fra ")
        await pilot.press("@", "s")
        two = offered(picker)
        assert sorted(two) == ["Mari Særheim", "Sigrid Ødegård"]
        await pilot.click(picker, offset=(3, 2))  # inside the border: the second name
        await pilot.pause()
        assert notes.area.text == f"Spørsmål fra @{two[1]} "
        assert not picker.display and notes.area.has_focus
