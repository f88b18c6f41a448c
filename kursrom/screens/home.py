"""The home screen: every course round, running first, then planned, then finished."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from kursrom.core.clock import OSLO
from kursrom.i18n import N_, _
from kursrom.widgets.topline import TopLine

STATE_LABELS = {"running": N_("Running"), "planned": N_("Planned"), "finished": N_("Finished")}


class HomeScreen(Screen[None]):
    CSS_PATH = "home.tcss"
    BINDINGS = [
        Binding("enter", "open_round", _("Open"), id="home.open"),
    ]

    def compose(self) -> ComposeResult:
        yield TopLine(_("Course rounds"))
        with Vertical(id="home-body"):
            yield Static(_("Opening the database…"), id="home-status")
            yield DataTable(id="rounds", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#rounds", DataTable)
        table.add_columns(_("Round"), _("Status"), _("Next session"), _("Participants"), _("Sessions"))
        self.watch(self.app, "store", self._store_changed, init=True)

    def _store_changed(self, store: object) -> None:
        if store is not None:
            self.refresh_rounds()

    def refresh_rounds(self) -> None:
        from kursrom.store.rounds import round_overviews

        table = self.query_one("#rounds", DataTable)
        table.clear()
        overviews = round_overviews(self.app.store)
        for overview in overviews:
            upcoming = overview.next_session
            when = (upcoming.planned_start.astimezone(OSLO).strftime("%d.%m.%Y %H:%M")
                    if upcoming and upcoming.planned_start else "–")
            table.add_row(
                overview.round.title, _(STATE_LABELS[overview.state]), when, str(overview.participants),
                f"{overview.sessions_done}/{overview.sessions}", key=str(overview.round.id),
            )
        status = self.query_one("#home-status", Static)
        status.update(_("No course rounds yet.") if not overviews else "")
        status.display = not overviews
        table.focus()

    def action_open_round(self) -> None:
        table = self.query_one("#rounds", DataTable)
        if self.app.store is None or table.row_count == 0:
            return
        row_key, _column = table.coordinate_to_cell_key(table.cursor_coordinate)
        from kursrom.screens.round import RoundScreen

        self.app.push_screen(RoundScreen(int(row_key.value)))
