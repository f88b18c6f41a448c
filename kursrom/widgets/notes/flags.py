"""Follow-up and quote flags in the notes pane: Ctrl+O and Ctrl+T flag the paragraph the cursor is in
for the participant tagged in it, and ask whom it is for when it tags more than one.

A flag is a character written before that person's tag (`kursrom.core.paragraphs`), put in or taken
out as one edit of the note: it saves with the text, moves with its paragraph, and Ctrl+Z takes it
back. The pane's header shows the flags of the cursor's paragraph (`flag_badges`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from rich.text import Text

from kursrom.core.names import NameFinder, tag_finder
from kursrom.core.paragraphs import MARKS, FlagKind, tagged_in, toggle
from kursrom.i18n import _

if TYPE_CHECKING:
    from kursrom.store.models import Participant
    from kursrom.widgets.notes.area import NoteArea
    from kursrom.widgets.notes.pane import NotesPane

BADGE_STYLES = {FlagKind.FOLLOW_UP: "bold reverse magenta", FlagKind.QUOTE: "bold reverse cyan"}


@lru_cache(maxsize=8)
def _finder(people: tuple[tuple[str, int], ...]) -> NameFinder[int]:
    return tag_finder(people)


def finder_of(participants: Sequence[Participant]) -> NameFinder[int]:
    """The pane's tags, found as the store finds them when it saves the note."""
    return _finder(tuple((person.name, person.id) for person in participants))


def toggle_flag(pane: NotesPane, kind: FlagKind) -> None:
    """Flag the cursor's paragraph for the person tagged in it (or take the flag away)."""
    area = pane.area
    row = area.cursor_location[0]
    finder = finder_of(pane.participants)
    paragraph = tagged_in(area.document.get_line(row), finder)
    if paragraph is None:
        pane.notify(_("Tag a participant in this paragraph first (@name): a flag is for the person tagged in it."),
                    severity="warning", timeout=6)
        return
    if len(paragraph.tagged) == 1:
        _toggle(pane, row, paragraph.tagged[0], kind)
        return
    from kursrom.screens.modals import PickModal

    names = {person.id: person.name for person in pane.participants}
    flagged = paragraph.flagged(kind)
    remove = "  " + _("(flagged: choose to take it away)")
    # As Text, so a name is shown as written, never read as markup.
    options = [(str(pid), Text(names.get(pid, "?") + (remove if pid in flagged else ""))) for pid in paragraph.tagged]
    title = (_("This paragraph tags several people. Whom is the follow-up for?") if kind == FlagKind.FOLLOW_UP
             else _("This paragraph tags several people. Whose quote is it?"))

    def chosen(key: str | None) -> None:
        if key is not None:
            _toggle(pane, row, int(key), kind)

    pane.app.push_screen(PickModal(title, options), chosen)


def _toggle(pane: NotesPane, row: int, owner: int, kind: FlagKind) -> None:
    area = pane.area
    if row >= area.document.line_count:
        return
    edits = toggle(area.document.get_line(row), owner, kind, finder_of(pane.participants))
    if not edits:  # the tag went while the question was open
        pane.notify(_("That person is no longer tagged in the paragraph; nothing was flagged."), severity="warning")
        return
    # One step of its own for Ctrl+Z, apart from the typing around it.
    area.history.checkpoint()
    for edit in edits:
        area.replace(edit.text, (row, edit.start), (row, edit.end))
    area.history.checkpoint()


def flag_badges(area: NoteArea, participants: Sequence[Participant]) -> Text:
    """The flags of the cursor's paragraph, for the pane's header: "⚑ Mari Særheim"."""
    badges = Text()
    line = area.document.get_line(area.cursor_location[0]) if area.document.line_count else ""
    paragraph = tagged_in(line, finder_of(participants))
    if paragraph is None:
        return badges
    names = {person.id: person.name for person in participants}
    for kind in FlagKind:
        for pid in paragraph.tagged:
            if pid in paragraph.flagged(kind):
                badges.append("  ")
                badges.append(f"{MARKS[kind]} {names.get(pid, '?')}", style=BADGE_STYLES[kind])
    return badges
