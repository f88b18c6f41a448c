"""The @-name picker of the notes: "@" and the start of a name offer the enrolled people whose name,
or a word of it, starts so; Enter, Tab or a click writes "@Full Name " into the note."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from kursrom.core.names import starts_with
from kursrom.widgets.css import load_css

if TYPE_CHECKING:
    from kursrom.store.models import Participant
    from kursrom.widgets.notes.area import NoteArea

#: What an @-tag looks like up to the cursor: "@" and the start of a name.
TAG_QUERY = re.compile(r"(?:^|(?<=\s))@([^\s@]*)$")
#: At most this many names on offer (a course has far fewer; a long list is no help).
MOST_NAMES = 50


def matching(participants: Sequence[Participant], query: str) -> list[Participant]:
    """Enrolled people whose name, or a word of it, starts with `query` (any case; accents as typed)."""
    return [p for p in participants if starts_with(p.name, query)]


def tag_before(line: str) -> tuple[str, int] | None:
    """The @-tag that `line` (a line of the note up to the cursor) ends in: the name typed so far
    and the column of its "@"; None when the cursor is not in a tag."""
    found = TAG_QUERY.search(line)
    if found is None:
        return None
    return found.group(1), found.start()


class NamePicker(OptionList):
    """The names the @-tag at the note's cursor matches, shown under the cursor. It never takes the
    focus: the note keeps it and lends the picker its arrow keys, Enter, Tab and Escape."""

    DEFAULT_CSS = load_css(__file__)

    def __init__(self, area: NoteArea, participants: Sequence[Participant], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.can_focus = False
        self.area = area
        self.participants = participants
        self._start: tuple[int, int] | None = None  # where the "@" being completed is
        self._suppressed = False  # Escape closed it: it stays closed until the cursor leaves the tag
        self._offered_for: tuple[int, int, str] | None = None  # the tag the names shown match

    def _tag_at_cursor(self) -> tuple[int, tuple[str, int] | None]:
        row, column = self.area.cursor_location
        return row, tag_before(self.area.document.get_line(row)[:column])

    def update_for_cursor(self) -> None:
        """After an edit or a cursor move: offer the names the tag at the cursor matches, or close."""
        area = self.area
        tag = None
        if area.has_focus or area.picker_open:
            row, tag = self._tag_at_cursor()
        if tag is None:
            self._suppressed = False
            self.close()
            return
        if self._suppressed:
            return
        query, at_column = tag
        names = matching(self.participants, query)
        if not names:
            self.close()
            return
        self.set_options(Option(p.name, id=str(p.id)) for p in names[:MOST_NAMES])
        self.highlighted = 0
        self._start = (row, at_column)
        self._offered_for = (row, at_column, query)
        self.display = True
        area.picker_open = True
        self._place_under_cursor()

    def _place_under_cursor(self) -> None:
        cursor = self.area.cursor_screen_offset
        host = self.parent
        assert isinstance(host, Widget)
        origin = host.content_region.offset
        self.styles.offset = (max(0, cursor.x - origin.x), cursor.y - origin.y + 1)

    def close(self) -> None:
        if not self.is_mounted or (not self.display and not self.area.picker_open and self._start is None):
            return  # closed already: nothing to restyle at every key
        self.display = False
        self.area.picker_open = False
        self._start = None

    def press(self, key: str) -> None:
        """A key the note lent: "up", "down", "pick" or "close" (Escape: closed until the tag is left)."""
        if key == "up":
            self.action_cursor_up()
        elif key == "down":
            self.action_cursor_down()
        elif key == "close":
            self._suppressed = True
            self.close()
        elif key == "pick":
            # The names shown may be for fewer letters than the note holds now: a letter typed just
            # before Enter reaches the note first, but its redraw of the names may still wait.
            row, tag = self._tag_at_cursor()
            if tag is not None and (row, tag[1], tag[0]) != self._offered_for:
                self.update_for_cursor()
                if not self.area.picker_open:
                    return
            option = self.highlighted_option
            if option is not None:
                self._write_tag(str(option.prompt))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._write_tag(str(event.option.prompt))
        self.area.focus()

    def _write_tag(self, name: str) -> None:
        if self._start is None:
            return
        self.area.replace(f"@{name} ", self._start, self.area.cursor_location)
        self.close()
