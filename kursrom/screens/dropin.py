"""A drop-in day: visitors registered as they come (a first name, or only counted, with an age group
and the topic), the day's figures, and the term's statistics per day with a CSV export. No roster,
no check-in: a drop-in service has none."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Label, RadioButton, RadioSet, Static

from kursrom.core.clock import OSLO
from kursrom.core.schedule import format_day
from kursrom.core.vocabulary import AgeGroup, VisitTopic
from kursrom.i18n import _
from kursrom.screens.modals import PlanningDialog, _error_line
from kursrom.widgets.services import AppServices
from kursrom.widgets.topline import TopLine


@dataclass(frozen=True)
class VisitInput:
    first_name: str  # "": only counted
    age_group: str
    topic: str


class VisitModal(PlanningDialog):
    """Register one visitor. The name is optional: empty, the visitor is only counted."""

    BINDINGS = [
        Binding("escape", "cancel", _("Cancel"), id="dialog.cancel"),
        Binding("ctrl+s", "save", _("Save"), id="visit.save"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide", id="visit-dialog"):
            yield Label(_("A visitor"), classes="dialog-title")
            yield Input(id="visit-name", compact=True, max_length=40,
                        placeholder=_("First name, or empty to only count them"))
            with Horizontal(id="visit-choices"):
                with RadioSet(id="visit-age"):
                    for group in AgeGroup:
                        yield RadioButton(group.label, name=group.value)
                with RadioSet(id="visit-topic"):
                    for topic in VisitTopic:
                        yield RadioButton(topic.label, name=topic.value)
            yield _error_line()
            yield Static(_("Tab: next   ↑↓ Enter: choose   Ctrl+S: save   Esc: cancel"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#visit-age", RadioSet).border_title = _("Age")
        self.query_one("#visit-topic", RadioSet).border_title = _("About")
        self.query_one("#visit-name", Input).focus()

    @on(Input.Submitted)
    def _name_given(self) -> None:
        self.focus_next()

    @on(RadioSet.Changed)
    def _chosen(self, event: RadioSet.Changed) -> None:
        # Choosing moves on: the age, then the topic, then the visit is saved.
        if event.radio_set.id == "visit-age":
            self.query_one("#visit-topic", RadioSet).focus()
        elif self.query_one("#visit-age", RadioSet).pressed_button is not None:
            self.action_save()

    def action_save(self) -> None:
        from kursrom.core.dropin import first_name_or_fail

        age = self.query_one("#visit-age", RadioSet).pressed_button
        topic = self.query_one("#visit-topic", RadioSet).pressed_button
        try:
            name = first_name_or_fail(self.query_one("#visit-name", Input).value)
        except ValueError as error:
            self.show_error(str(error))
            self.query_one("#visit-name", Input).focus()
            return
        if age is None or topic is None:
            self.show_error(_("Choose an age group.") if age is None else _("Choose what the visit is about."))
            self.query_one("#visit-age" if age is None else "#visit-topic", RadioSet).focus()
            return
        self.dismiss(VisitInput(name, age.name or "", topic.name or ""))


class DropInScreen(AppServices, Screen[None]):
    """One opening day of a drop-in round; `t` shows the term instead."""

    CSS_PATH = "dropin.tcss"
    BINDINGS = [
        Binding("n", "register", _("New visitor"), id="dropin.register"),
        Binding("delete,x", "remove", _("Remove visit"), id="dropin.remove"),
        Binding("t", "term", _("Day/term"), id="dropin.term"),
        Binding("e", "export", _("Export term"), id="dropin.export"),
        Binding("escape", "back", _("Back"), id="dropin.back"),
    ]

    def __init__(self, session_id: int, *, out_dir: Path | None = None) -> None:
        super().__init__()
        self.session_id = session_id
        self.out_dir = out_dir  # where the term's statistics go; the export folder when None
        self.round_id = 0
        self.showing_term = False
        self.visits: list = []
        self.is_today = True  # the day opened is today (set from its date on mount)

    def compose(self) -> ComposeResult:
        yield TopLine(_("Drop-in"))
        with Vertical(id="dropin-body"):
            yield Static(id="dropin-figures", markup=False)
            yield DataTable(id="dropin-table", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        from kursrom.store.live import load

        snapshot = load(self.store, self.session_id)
        self.round_id = snapshot.session.round_id
        planned = snapshot.session.planned_start
        self.is_today = planned is None or planned.astimezone(OSLO).date() == self.clock.local_now().date()
        when = format_day(snapshot.session.planned_start) if snapshot.session.planned_start else ""
        course = snapshot.course_round.title if snapshot.course_round else ""
        self.query_one(TopLine).title = _("Drop-in {day} · {course}").format(day=when, course=course)
        self.refresh_day()
        self.query_one("#dropin-table", DataTable).focus()

    # -- drawing ---------------------------------------------------------------------------------------

    def refresh_day(self) -> None:
        if self.showing_term:
            self._show_term()
        else:
            self._show_day()
        self.refresh_bindings()

    def _show_day(self) -> None:
        from kursrom.store.dropin import day_statistics, visits_on

        self.visits = visits_on(self.store, self.session_id)
        stats = day_statistics(self.store, self.session_id)
        # A day opened afterwards (to correct it) says so: its figures are that day's, not today's.
        heading = _("Today: {figures}") if self.is_today else _("That day: {figures}")
        self.query_one("#dropin-figures", Static).update(heading.format(figures=stats.describe()))
        table = self.query_one("#dropin-table", DataTable)
        table.clear(columns=True)
        table.add_column(_("Time"), width=5)
        table.add_column(_("First name"), width=20)
        table.add_column(_("Age"), width=10)
        table.add_column(_("About"), width=14)
        for visit in self.visits:
            name = Text(visit.first_name) if visit.first_name else Text(_("only counted"), style="dim italic")
            table.add_row(visit.at.astimezone(OSLO).strftime("%H:%M"), name, AgeGroup.label_of(visit.age_group),
                          VisitTopic.label_of(visit.topic), key=str(visit.id))
        if table.row_count:
            table.move_cursor(row=table.row_count - 1)

    def _show_term(self) -> None:
        from kursrom.store.dropin import term_statistics_of

        stats = term_statistics_of(self.store, self.round_id, self.clock.local_now().date())
        self.query_one("#dropin-figures", Static).update(
            _("Term so far: {figures}").format(figures=stats.total.describe()))
        table = self.query_one("#dropin-table", DataTable)
        table.clear(columns=True)
        table.add_column(_("Day"), width=14)
        table.add_column(_("Visitors"), width=8)
        table.add_column(_("Only counted"), width=12)
        table.add_column(_("Under 18"), width=8)
        for topic in VisitTopic:
            table.add_column(topic.label, width=max(len(topic.label), 4))
        for day in stats.days:
            under_18 = dict(day.age_groups).get(AgeGroup.UNDER_18, 0)
            table.add_row(format_day(day.day) if day.day else "", day.visitors, day.only_counted, under_18,
                          *(n for _topic, n in day.topics))
        total = stats.total
        table.add_row(Text(_("Total"), style="bold"), total.visitors, total.only_counted,
                      dict(total.age_groups).get(AgeGroup.UNDER_18, 0), *(n for _topic, n in total.topics))
        self.visits = []

    def _selected_visit(self) -> int | None:
        table = self.query_one("#dropin-table", DataTable)
        if self.showing_term or table.row_count == 0:
            return None
        row_key, _column = table.coordinate_to_cell_key(table.cursor_coordinate)
        return int(row_key.value)

    # -- keys ------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "register":
            return not self.showing_term
        if action == "remove":
            return True if self.visits and not self.showing_term else None
        return True

    def action_register(self) -> None:
        def chosen(visit: VisitInput | None) -> None:
            if visit is not None:
                self._store_visit(visit)

        self.app.push_screen(VisitModal(), chosen)

    def _store_visit(self, visit: VisitInput) -> None:
        from kursrom.store.dropin import register_visit

        self.write(register_visit, self.session_id, visit.first_name, visit.age_group, visit.topic,
                   on_saved=lambda _visit: self.refresh_day())

    def action_remove(self) -> None:
        from kursrom.screens.modals import ConfirmModal
        from kursrom.store.dropin import remove_visit

        visit_id = self._selected_visit()
        if visit_id is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.write(remove_visit, visit_id, on_saved=lambda _none: self.refresh_day())

        self.app.push_screen(ConfirmModal(_("Remove this visit? It was registered by mistake.")), answered)

    def action_term(self) -> None:
        self.showing_term = not self.showing_term
        self.refresh_day()

    def action_export(self) -> None:
        self._export()

    @work(thread=True, exclusive=True, exit_on_error=False, group="dropin-export")
    def _export(self) -> None:
        from kursrom.store.dropin import export_term_statistics
        from kursrom.store.exports import default_export_dir

        try:
            path = export_term_statistics(self.store, self.round_id, self.out_dir or default_export_dir(),
                                          self.clock.local_now().date())
        except Exception as error:  # noqa: BLE001 - one sentence, never a traceback
            self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        self.app.call_from_thread(self.notify, _("Saved {path}").format(path=path))

    def action_back(self) -> None:
        self.dismiss()
