"""Attendance: the check-in table and the small dialogs around it (reason, time, history).

The table shows the current state (each person's latest event); the history dialog shows every
mark and correction with when and from which terminal it was made.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timezone
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Static

from kursrom.core.clock import OSLO
from kursrom.core.names import starts_with
from kursrom.core.vocabulary import IN_ROOM, MARKS, AttendanceStatus
from kursrom.i18n import _
from kursrom.widgets.fitting import Field, fit

if TYPE_CHECKING:
    from kursrom.store.models import AttendanceEvent, Participant

#: The check-in table's columns: who the person is and what they need, then the current mark.
COLUMNS = ("name", "language", "interpreter", "status", "time", "reason")
STATUS_STYLES = {AttendanceStatus.PRESENT: "green", AttendanceStatus.LATE: "yellow", AttendanceStatus.ABSENT: "red",
                 AttendanceStatus.LEFT_EARLY: "magenta"}


def status_label(status: str | None) -> str:
    return AttendanceStatus.label_of(status or AttendanceStatus.UNMARKED)


def local_hm(when: datetime | None) -> str:
    return when.astimezone(OSLO).strftime("%H:%M") if when else ""


def parse_local_time(text: str, day: datetime) -> datetime:
    """"HH:MM" (or "HH.MM", "HHMM") on the local date of `day`, as aware UTC. ValueError if not a time."""
    cleaned = text.strip().replace(".", ":")
    if ":" not in cleaned and len(cleaned) in (3, 4) and cleaned.isdigit():
        cleaned = cleaned[:-2] + ":" + cleaned[-2:]
    hours, minutes = cleaned.split(":")
    local = datetime.combine(day.astimezone(OSLO).date(), time(int(hours), int(minutes)), tzinfo=OSLO)
    return local.astimezone(timezone.utc)


def counts(participants: Sequence[Participant], attendance: dict[int, AttendanceEvent]) -> dict[str | None, int]:
    found: dict[str | None, int] = {status: 0 for status in MARKS} | {None: 0}
    for participant in participants:
        event = attendance.get(participant.id)
        found[event.status if event else None] += 1
    return found


def summary_text(participants: Sequence[Participant], attendance: dict[int, AttendanceEvent]) -> Text:
    found = counts(participants, attendance)
    text = Text()
    text.append(_("{count} of {total} in the room").format(count=sum(found[status] for status in IN_ROOM),
                                                           total=len(participants)), style="bold")
    for status in (AttendanceStatus.LATE, AttendanceStatus.ABSENT, AttendanceStatus.LEFT_EARLY):
        if found[status]:
            text.append("  ·  ")
            text.append(f"{found[status]} {status_label(status)}", style=STATUS_STYLES[status])
    if found[None]:
        text.append("  ·  ")
        text.append(f"{found[None]} {status_label(None)}", style="dim")
    return text


class AttendanceTable(DataTable):
    """One row per enrolled participant, keyed by participant id."""

    DEFAULT_CSS = """
    AttendanceTable {
        height: 1fr;
    }
    """

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self.add_column(_("Name"), key="name")
        self.add_column(_("Language"), key="language")
        self.add_column(_("Interpreter"), key="interpreter")
        self.add_column(_("Status"), key="status")
        self.add_column(_("Time"), key="time")
        self.add_column(_("Reason"), key="reason")

    @property
    def participant_id(self) -> int | None:
        if self.row_count == 0:
            return None
        row_key, _column = self.coordinate_to_cell_key(self.cursor_coordinate)
        return int(row_key.value)

    def show(self, participants: Sequence[Participant], attendance: dict[int, AttendanceEvent]) -> None:
        keys = [str(p.id) for p in participants]
        existing = [row.value for row in self.rows]
        if existing != keys:
            self.clear()
            for participant in participants:
                self.add_row(*self._cells(participant, attendance.get(participant.id)), key=str(participant.id))
            return
        for participant in participants:
            cells = self._cells(participant, attendance.get(participant.id))
            for column, value in zip(COLUMNS, cells):
                self.update_cell(str(participant.id), column, value, update_width=True)

    def find(self, query: str) -> str | None:
        """Put the cursor on the first person whose name, or a word of it, starts with `query` (any
        case; æ, ø and å are letters of their own); their name, or None when nobody's does."""
        for index, row in enumerate(self.ordered_rows):
            name = self.get_cell(row.key, "name")
            plain = name.plain if isinstance(name, Text) else str(name)
            if starts_with(plain, query):
                self.move_cursor(row=index)
                return plain
        return None

    def show_one(self, participant_id: int, event: AttendanceEvent) -> None:
        """Redraw one person's row after a mark."""
        key = str(participant_id)
        person = tuple(self.get_cell(key, column) for column in COLUMNS[:3])
        for column, value in zip(COLUMNS, self._cells_for(person, event)):
            self.update_cell(key, column, value, update_width=True)

    @classmethod
    def _cells(cls, participant: Participant, event: AttendanceEvent | None) -> tuple:
        interpreter = participant.interpreter_language
        need = (Text(_("yes: {language}").format(language=interpreter), style="bold") if interpreter
                else Text("–", style="dim"))
        return cls._cells_for((Text(participant.name), participant.language or "", need), event)

    @staticmethod
    def _cells_for(person: tuple, event: AttendanceEvent | None) -> tuple:
        """The row: the person's cells (name, language, interpreter), then the mark's."""
        status = event.status if event else None
        return (*person, Text(status_label(status), style=STATUS_STYLES.get(status, "dim")),
                local_hm(event.time) if event else "", event.reason if event else "")


#: While a name is searched, the digits mark the person found (the letters belong to the name).
SEARCH_MARKS = {"1": AttendanceStatus.PRESENT, "2": AttendanceStatus.LATE, "3": AttendanceStatus.ABSENT,
                "4": AttendanceStatus.LEFT_EARLY}


class NameSearch(Horizontal):
    """Find a person by name in the check-in: each letter typed puts the table's cursor on the first
    person whose name starts with the letters so far; a digit (1 to 4) marks that person and ends the
    search, Enter ends it there, Escape too. `find(text)` does the looking (the table's)."""

    DEFAULT_CSS = """
    NameSearch {
        height: 1;
        padding: 0 1;
    }
    NameSearch > Label {
        width: auto;
        text-style: bold;
        padding-right: 1;
    }
    NameSearch > SearchField {
        width: 16;
        background: $boost;
    }
    NameSearch > #search-found {
        width: 1fr;
        padding-left: 1;
    }
    """

    class Mark(Message):
        """Mark the person found with `status`."""

        def __init__(self, status: str) -> None:
            super().__init__()
            self.status = status

    class Done(Message):
        """The search is over; the cursor stays on the person found."""

    def __init__(self, find, **kwargs) -> None:  # noqa: ANN001, ANN003 - find: Callable[[str], str | None]
        super().__init__(**kwargs)
        self.find = find

    def compose(self) -> ComposeResult:
        yield Label(_("Find:"))
        yield SearchField(compact=True)
        yield Static(id="search-found")

    def start(self) -> None:
        field = self.query_one(SearchField)
        field.value = ""
        self._show(None, "")
        field.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        text = event.value.strip()
        self._show(self.find(text) if text else None, text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Done())

    def _show(self, name: str | None, text: str) -> None:
        found = self.query_one("#search-found", Static)
        width = found.content_size.width or 60
        if not text:
            found.update(Text(fit(_("letters of a name · 1–4 mark the person found · Enter: done"), width),
                              style="dim"))
        elif name is None:
            found.update(Text(fit(_("no name starts with “{text}”").format(text=text), width), style="bold yellow"))
        else:
            found.update(Text(fit("→ " + name, width), style="bold"))


class SearchField(Field):
    """The letters of the name searched; a digit marks, Escape ends (neither is typed)."""

    # For the footer, the palette and help: the keys themselves are taken in `on_key`, before the
    # field would type them.
    BINDINGS = [
        Binding("1", "mark('present')", _("Mark the person found"), key_display="1–4", id="search.mark"),
        *[Binding(key, f"mark('{status}')", show=False, id=f"search.mark_{key}")
          for key, status in SEARCH_MARKS.items() if key != "1"],
        Binding("escape", "done", _("End the search"), id="search.done"),
    ]

    def on_key(self, event: events.Key) -> None:
        status = SEARCH_MARKS.get(event.character or "")
        if status is None and event.key != "escape":
            return
        event.stop()
        event.prevent_default()  # the field's own handler does not type it
        self.action_mark(status) if status else self.action_done()

    def action_mark(self, status: str) -> None:
        self.post_message(NameSearch.Mark(status))

    def action_done(self) -> None:
        self.post_message(NameSearch.Done())


class AskText(ModalScreen[str | None]):
    """One line of text: a reason, or a time of day. Enter accepts (empty is fine), Escape cancels."""

    DEFAULT_CSS = """
    AskText {
        align: center middle;
    }
    AskText > Vertical {
        width: 60;
        height: auto;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    AskText Label {
        width: 100%;  /* the question wraps at 60 columns instead of losing its end */
        margin: 1 0 0 0;
    }
    AskText .error {
        color: $error;
        height: auto;
    }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", _("Cancel"), id="ask.cancel")]

    def __init__(self, question: str, value: str = "", *, placeholder: str = "", check=None) -> None:  # noqa: ANN001
        super().__init__()
        self.question = question
        self.value = value
        self.placeholder = placeholder
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question)
            yield Input(self.value, placeholder=self.placeholder, id="ask-input")
            yield Static("", classes="error", id="ask-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.check is not None:
            problem = self.check(event.value)
            if problem:
                self.query_one("#ask-error", Static).update(problem)
                return
        self.dismiss(event.value)


class AttendanceHistory(ModalScreen[None]):
    """Every mark and correction for one person (or everyone), oldest first."""

    DEFAULT_CSS = """
    AttendanceHistory {
        align: center middle;
    }
    AttendanceHistory > Static {
        width: 90%;
        max-width: 110;
        height: auto;
        max-height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    """
    BINDINGS = [Binding("escape,enter,h", "dismiss(None)", _("Close"), id="history.close")]

    def __init__(self, title: str, events: Sequence[AttendanceEvent], names: dict[int, str]) -> None:
        super().__init__()
        self.title_text = title
        self.events = list(events)
        self.names = names

    def compose(self) -> ComposeResult:
        table = Table(title=self.title_text, expand=True, box=None, title_justify="left")
        table.add_column(_("Marked"), no_wrap=True)
        table.add_column(_("Name"))
        table.add_column(_("Status"))
        table.add_column(_("Time"), no_wrap=True)
        table.add_column(_("Reason"))
        table.add_column(_("Terminal"), style="dim", overflow="fold")
        for event in self.events:
            table.add_row(event.at.astimezone(OSLO).strftime("%H:%M:%S"), self.names.get(event.participant_id, "?"),
                          Text(status_label(event.status), style=STATUS_STYLES.get(event.status, "")),
                          local_hm(event.time), event.reason, event.terminal)
        if not self.events:
            table.add_row("", _("Nothing marked yet."), "", "", "", "")
        yield Static(table)
