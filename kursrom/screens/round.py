"""A course round: its sessions with dates, theme questions and status, and a session's agenda."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from kursrom.core.clock import OSLO
from kursrom.i18n import N_, _
from kursrom.widgets.topline import TopLine

SESSION_STATUS_LABELS = {"planned": N_("Planned"), "running": N_("Running"), "done": N_("Done"), "exported": N_("Exported")}


class RoundScreen(Screen[None]):
    CSS_PATH = "round.tcss"
    BINDINGS = [
        Binding("escape", "back", _("Back"), id="round.back"),
    ]

    def __init__(self, round_id: int) -> None:
        super().__init__()
        self.round_id = round_id

    def compose(self) -> ComposeResult:
        yield TopLine("")
        with Horizontal(id="round-body"):
            yield DataTable(id="sessions", cursor_type="row")
            yield Static(id="agenda-preview")
        yield Footer()

    def on_mount(self) -> None:
        from kursrom.store.rounds import get_round, sessions_of

        course_round = get_round(self.app.store, self.round_id)
        self.query_one(TopLine).title = course_round.title if course_round else ""
        table = self.query_one("#sessions", DataTable)
        table.add_columns(_("No."), _("Date"), _("Theme"), _("Status"))
        for session in sessions_of(self.app.store, self.round_id):
            start = session.planned_start.astimezone(OSLO).strftime("%a %d.%m %H:%M") if session.planned_start else ""
            table.add_row(str(session.number), start, session.theme or session.title,
                          _(SESSION_STATUS_LABELS.get(session.status, session.status)), key=str(session.id))
        table.focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        from rich.table import Table

        from kursrom.store.rounds import agenda_of

        items = agenda_of(self.app.store, int(event.row_key.value))
        agenda = Table(show_header=True, box=None, expand=True)
        agenda.add_column(_("Agenda item"), ratio=1)
        agenda.add_column(_("Min"), justify="right")
        for item in items:
            agenda.add_row(item.title, str(item.planned_minutes))
        agenda.add_row(_("Total"), str(sum(item.planned_minutes for item in items)), style="bold")
        self.query_one("#agenda-preview", Static).update(agenda)

    def action_back(self) -> None:
        self.app.pop_screen()
