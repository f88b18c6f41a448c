"""Issue 13's acceptance test: after each focus path the issue names (F2; F2 F5 Esc F2; F6 then Tab;
a dialog opened and closed; a resize to 50x15 and back), a Norwegian paragraph with every letter,
digit and symbol key is typed at a typist's pace, key by key as a terminal sends them. The
attendance, timer and agenda records do not change, and the text is where the top line said the
keys would go: in the field that has them ("typing"), or held back ("commands"), and then in the
notes with F2."""

from __future__ import annotations

import unicodedata

import pytest
from sqlmodel import select
from textual import events
from textual.widgets import Input, TextArea

from kursrom.i18n import _
from kursrom.store import live
from kursrom.store.models import AgendaItem, AttendanceEvent, CourseSession, Note, SessionChange, TimerEvent
from kursrom.widgets.topline import COMMANDS, TYPING

SIZE = (80, 24)
#: Every letter (the Norwegian ones in both cases), every digit, and the symbols of a Norwegian keyboard.
PARAGRAPH = (
    "Kursholder sa at alle 12 var her; Øyvind & Æsa (34) vil jobbe i barnehage på mandag: «quiz» wx "
    "0123456789 = 5+6-7*8/9 % #1 @2 $3 €4 £5 §6 ½ [c] {f} <t> |y| ~^ `´ 'Å' \"ø\" _æ_ \\ ¨ !?,.:"
)
LETTERS = "abcdefghijklmnopqrstuvwxyzæøå"
SYMBOLS = "!\"#$%&/()=?+\\`´^¨~*'<>|,.-;:_@£€§½[]{}«»"
#: The space between two keys of a typist: well inside the guard's gap.
KEY_INTERVAL = 0.08
#: Keys sent before the test lets the app catch up (each key is still its own event, in order).
BURST = 3
#: Key names a terminal gives characters whose Unicode name Textual shortens.
SHORT_NAMES = {"solidus": "slash", "reverse_solidus": "backslash", "commercial_at": "at",
               "hyphen_minus": "minus", "plus_sign": "plus", "low_line": "underscore"}


def key_of(char: str) -> str:
    if char == " ":
        return "space"
    if char.isalnum():
        return char
    name = unicodedata.name(char).lower().replace(" ", "_").replace("-", "_")
    return SHORT_NAMES.get(name, name)


async def type_paragraph(pilot, clock, text: str = PARAGRAPH) -> None:
    """Key by key, as the terminal driver sends them, a typist's pace: the app's clock moves on a
    typist's interval per key, and the app handles the keys a few at a time, as a busy one would."""
    for index, char in enumerate(text, start=1):
        key = events.Key(key_of(char), char)
        key.set_sender(pilot.app)
        pilot.app.post_message(key)
        if index % BURST == 0:
            await pilot.pause()
        clock.advance(KEY_INTERVAL)
    await pilot.pause()


def record(store, session_id) -> tuple:
    """Everything the keys could change by accident."""
    with store.read() as db:
        session = db.get(CourseSession, session_id)
        return (
            (session.status, session.current_item_id, session.started_at, session.ended_at),
            [(i.id, i.position, i.skipped, i.title) for i in db.exec(select(AgendaItem).order_by(AgendaItem.id))],
            [(e.id, e.kind, e.seconds) for e in db.exec(select(TimerEvent).order_by(TimerEvent.id))],
            [(e.id, e.participant_id, e.status) for e in db.exec(select(AttendanceEvent).order_by(AttendanceEvent.id))],
            len(list(db.exec(select(SessionChange)))),
        )


def test_the_paragraph_holds_every_key():
    assert set(LETTERS) <= set(PARAGRAPH.lower()) and set("0123456789") <= set(PARAGRAPH)
    assert set(SYMBOLS) <= set(PARAGRAPH), set(SYMBOLS) - set(PARAGRAPH)


@pytest.fixture
def running(demo_store, session_id, clock):
    live.start_session(demo_store, session_id)
    live.mark_many(demo_store, session_id, [p.id for p in live.load(demo_store, session_id).participants], "present")
    clock.advance(minutes=3)
    return session_id


async def into_notes(pilot, command):
    await pilot.press("f2")


async def notes_browser_and_back(pilot, command):
    await pilot.press("f2", "f5")
    assert type(pilot.app.screen).__name__ == "NotesBrowser"
    await pilot.press("escape", "f2")  # F2 again goes *to* the notes: no toggle


async def panel_then_tab(pilot, command):
    await pilot.press("f6")
    await pilot.pause()
    screen = pilot.app.screen
    assert not isinstance(screen.focused, (Input, TextArea)), "the panel opens on its list, not in a field"
    assert screen.query_one("TopLine").mode == COMMANDS
    await pilot.press("tab")


async def panel_then_tab_into_its_field(pilot, command):
    await pilot.press("f6")
    for _tab in range(6):
        if isinstance(pilot.app.screen.focused, Input):
            break
        await pilot.press("tab")
    assert isinstance(pilot.app.screen.focused, Input), "the highlights panel has a field"


async def help_from_the_notes(pilot, command):
    await pilot.press("f2", "f1")
    assert type(pilot.app.screen).__name__ == "HelpScreen"
    await pilot.press("escape")


async def insert_dialog_from_the_agenda(pilot, command):
    await command(pilot, "i")
    assert type(pilot.app.screen).__name__ == "InsertItem"
    await pilot.press("escape")


async def resize_from_the_notes(pilot, command):
    await pilot.press("f2")
    await pilot.resize_terminal(50, 15)
    await pilot.pause()
    assert type(pilot.app.screen).__name__ == "TooSmallScreen"
    await pilot.resize_terminal(*SIZE)
    await pilot.pause()


async def resize_from_the_agenda(pilot, command):
    await pilot.resize_terminal(50, 15)
    await pilot.pause()
    await pilot.resize_terminal(*SIZE)
    await pilot.pause()


@pytest.mark.parametrize("path", [into_notes, notes_browser_and_back, panel_then_tab, panel_then_tab_into_its_field,
                                  help_from_the_notes,
                                  insert_dialog_from_the_agenda, resize_from_the_notes, resize_from_the_agenda],
                         ids=lambda path: path.__name__)
async def test_typing_after_each_focus_path_never_commands(app, demo_store, running, clock, command, path):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert type(screen).__name__ == "LiveSessionScreen"
        await path(pilot, command)
        await pilot.pause()
        assert app.screen is screen
        before = record(demo_store, running)
        mode = screen.query_one("TopLine").mode
        focused = screen.focused
        assert mode == (TYPING if isinstance(focused, (Input, TextArea)) else COMMANDS)
        notes = screen.notes
        if mode == TYPING and focused is notes.area:
            assert notes.border_title.endswith(_("typing"))

        await type_paragraph(pilot, clock)
        await pilot.pause()
        assert record(demo_store, running) == before, "no key became a command"
        assert app.screen is screen and screen.focused is focused
        if mode == TYPING:
            assert (focused.text if isinstance(focused, TextArea) else focused.value).endswith(PARAGRAPH)
            assert not screen.guard.holding
        else:
            assert screen.guard.held == PARAGRAPH, "held back, every key"
            line = str(screen.query_one("#held").render())
            assert _("F2: into the notes · Esc: set aside") in line
            await pilot.press("f2")  # one key: into the notes
            assert notes.area.has_focus and notes.area.text.endswith(PARAGRAPH)
            assert not screen.guard.holding and not screen.query_one("#held").display
        clock.advance(seconds=2)
        await pilot.pause(0.2)
        assert record(demo_store, running) == before


async def test_a_lone_letter_still_commands_and_escape_drops_held_text(app, demo_store, running, clock, command):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        items = live.load(demo_store, running).items
        await type_paragraph(pilot, clock, "sa at")
        assert screen.guard.held == "sa at"
        await pilot.press("escape")  # drops the text, and stays on the screen
        assert app.screen is screen and not screen.guard.holding
        clock.advance(seconds=2)
        await command(pilot, "n")  # a command, pressed as one
        assert live.current_item_id(demo_store, running)[1] == items[1].id
        # A lone key followed by an arrow acts first, in the order pressed: s skips the highlighted item.
        await pilot.press("down")
        highlighted = screen.agenda.highlighted_item_id
        clock.advance(seconds=2)
        await pilot.press("s", "down")
        await pilot.pause()
        await pilot.pause()
        assert live.load(demo_store, running).item(highlighted).skipped


async def test_held_text_is_kept_on_disk_until_the_notes_have_saved_it(app, demo_store, running, clock,
                                                                        monkeypatch):
    """Held text lives in memory; a killed process would lose it. So the display timer keeps it in
    a rescue file, which goes once the notes it went into are saved. Escape sets it aside: the
    notes' Ctrl+R brings it back."""
    from kursrom.core.autosave import find_rescues, rescue_folders

    def kept() -> list[str]:
        return [note.text for _path, notes in find_rescues(rescue_folders(demo_store.path), demo_store.path)
                for note in notes]

    told: list[str] = []
    notify = app.notify
    monkeypatch.setattr(app, "notify", lambda message, **kwargs: (told.append(str(message)), notify(message, **kwargs)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await type_paragraph(pilot, clock, "Åse vil")
        screen.tick()
        assert kept() == ["Åse vil"]
        await type_paragraph(pilot, clock, " jobbe")
        screen.tick()
        assert kept() == ["Åse vil jobbe"], "the file follows the text"
        await pilot.press("escape")  # dropped from the screen, but set aside: Ctrl+R in the notes
        screen.tick()
        assert kept() == ["Åse vil jobbe"] and screen.guard.held == ""
        assert any("Ctrl+R" in message for message in told), told
        await pilot.press("f2", "ctrl+r")  # the notes take it back
        await pilot.pause()
        assert screen.notes.area.text.endswith("Åse vil jobbe")
        clock.advance(seconds=2)
        await pilot.pause(0.3)
        screen.tick()
        assert not screen.notes.saver.dirty and kept() == [], "the file goes once the notes are saved"
        await pilot.press("escape")  # out of the notes

        clock.advance(seconds=2)
        await type_paragraph(pilot, clock, "på lager")
        screen.tick()
        await pilot.press("f2")
        screen.tick()
        assert kept() == ["på lager"], "kept until the notes have saved it"
        clock.advance(seconds=2)
        await pilot.pause(0.3)
        screen.tick()
        assert not screen.notes.saver.dirty and kept() == []
        with demo_store.read() as db:
            assert any(note.text.endswith("på lager") for note in db.exec(select(Note)))


async def test_typing_on_the_check_in_marks_nobody_and_f2_takes_it_to_the_notes(app, demo_store, session_id, clock,
                                                                                 command):
    """The check-in's letters and digits mark people; a paragraph typed there, believing the notes
    have the keys, marks nobody: it is held, shown, and F2 takes it to the session's notes."""
    live.start_session(demo_store, session_id)
    clock.advance(minutes=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await command(pilot, "a")
        checkin = app.screen
        assert type(checkin).__name__ == "CheckInScreen"
        before = record(demo_store, session_id)
        await type_paragraph(pilot, clock)
        assert record(demo_store, session_id) == before, "no key marked anyone"
        assert app.screen is checkin and checkin.guard.held == PARAGRAPH
        assert _("F2: into the notes · Esc: set aside") in str(checkin.query_one("#checkin-held").render())
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is screen and screen.notes.area.has_focus
        assert screen.notes.area.text.endswith(PARAGRAPH) and not screen.guard.holding
        clock.advance(seconds=2)
        await pilot.pause(0.2)
        assert record(demo_store, session_id) == before


async def test_quick_digits_on_the_check_in_each_mark_and_a_digit_with_words_is_typing(app, demo_store, session_id,
                                                                                       clock, command):
    from kursrom.core.keyguard import TYPING_GAP
    from kursrom.screens.checkin import CheckInScreen

    people = live.load(demo_store, session_id).participants
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(CheckInScreen(session_id))
        await pilot.pause()
        checkin = app.screen
        await type_paragraph(pilot, clock, "1121")  # one key a person, at a typist's pace
        clock.advance(TYPING_GAP)
        checkin.release_due()  # the last one, once its wait is over
        await pilot.pause()
        await pilot.pause()
        now = live.attendance_now(demo_store, session_id)
        assert [now[p.id].status for p in people[:4]] == ["present", "present", "late", "present"]
        assert not checkin.guard.holding

        clock.advance(seconds=2)
        before = record(demo_store, session_id)
        await type_paragraph(pilot, clock, "2 uker syk")
        clock.advance(seconds=2)
        checkin.release_due()
        await pilot.pause()
        assert record(demo_store, session_id) == before and checkin.guard.held == "2 uker syk"
        await pilot.press("escape")  # sets the text aside, and stays
        assert app.screen is checkin and not checkin.guard.holding
        await pilot.press("escape")  # now back
        assert app.screen is not checkin
