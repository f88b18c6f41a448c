"""Follow-up after the course: each participant's status with a date, and the share that counts
toward the course's result, the figure the courses report. Each course has its own statuses (the
round's `Outcomes`): keys 1–9 set the highlighted person's status as of today and move on to the
next; Enter opens the full form (another date, a note)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static

from kursrom.core.numbers import NONE
from kursrom.core.outcomes import Outcomes
from kursrom.core.vocabulary import FollowUpStatus
from kursrom.i18n import _
from kursrom.widgets.footer import Footer
from kursrom.widgets.topline import TopLine
from kursrom.widgets.services import AppServices

_GROUP = Binding.Group(_("Set status"))


def follow_up_screen(round_id: int, outcomes: Outcomes) -> FollowUpScreen:
    """The follow-up screen of a round, with a number key for each of its course's statuses."""
    return _screen_class(outcomes)(round_id, outcomes)


_CLASSES: dict[Outcomes, type[FollowUpScreen]] = {}


def _screen_class(outcomes: Outcomes) -> type[FollowUpScreen]:
    # Bindings are a class's, so each set of statuses gets its own subclass (made once).
    if outcomes not in _CLASSES:
        bindings = [Binding(str(number), f"set_status('{status}')", FollowUpStatus.label_of(status).capitalize(),
                            group=_GROUP, id=f"followup.{status}")
                    for number, status in enumerate(outcomes.statuses[:9], start=1)]
        _CLASSES[outcomes] = type("FollowUpScreen", (FollowUpScreen,), {"BINDINGS": bindings, "__module__": __name__})
    return _CLASSES[outcomes]


class FollowUpScreen(AppServices, Screen[None]):
    CSS_PATH = "followup.tcss"
    BINDINGS = [
        Binding("enter", "details", _("Date and note"), priority=True, id="followup.details"),
        Binding("escape", "back", _("Back"), id="followup.back"),
    ]

    def __init__(self, round_id: int, outcomes: Outcomes) -> None:
        super().__init__()
        self.round_id = round_id
        self.outcomes = outcomes
        self.people: list = []

    def compose(self) -> ComposeResult:
        yield TopLine(_("Follow-up"))
        with Vertical(id="followup-body"):
            yield Static(id="followup-share", markup=False)
            yield Static(id="followup-counts", markup=False)
            yield DataTable(id="followup", cursor_type="row", zebra_stripes=True)
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        from kursrom.store.rounds import get_round

        course_round = get_round(self.store, self.round_id)
        self.query_one(TopLine).title = _("Follow-up · {title}").format(title=course_round.title)
        table = self.query_one("#followup", DataTable)
        table.add_column(_("Name"), key="name", width=22)
        table.add_column(_("Status"), key="status", width=28)
        table.add_column(_("Date"), key="on", width=10)
        table.add_column(_("Note"), key="note")
        self.refresh_follow_up()
        table.focus()

    def refresh_follow_up(self) -> None:
        from kursrom.store.followup import current_follow_ups, follow_up_share
        from kursrom.store.rounds import enrolled

        store = self.store
        self.people = enrolled(store, self.round_id)
        current = current_follow_ups(store, self.round_id)
        share = follow_up_share(store, self.round_id)
        self.query_one("#followup-share", Static).update(share.describe())
        self.query_one("#followup-counts", Static).update(
            " · ".join(f"{FollowUpStatus.label_of(s)}: {n}" for s, n in share.counts if n) if self.people else "")
        table = self.query_one("#followup", DataTable)
        row = table.cursor_row
        table.clear()
        for person in self.people:
            status = current.get(person.id)
            label = FollowUpStatus.label_of(status.status) if status else NONE
            style = "bold" if status and self.outcomes.is_success(status.status) else ""
            table.add_row(Text(person.name, overflow="ellipsis", no_wrap=True), Text(label, style=style),
                          status.on.strftime("%d.%m.%Y") if status else "",
                          Text(status.note if status else "", no_wrap=True, overflow="ellipsis"), key=str(person.id))
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self.refresh_bindings()

    def _selected(self) -> int | None:
        table = self.query_one("#followup", DataTable)
        if table.row_count == 0:
            return None
        row_key, _column = table.coordinate_to_cell_key(table.cursor_coordinate)
        return int(row_key.value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("set_status", "details"):
            return True if self.people else None
        return True

    def action_set_status(self, status: str) -> None:
        from kursrom.store.followup import record_follow_up

        participant_id = self._selected()
        if participant_id is None:
            return
        self.write(record_follow_up, self.round_id, participant_id, status, self.clock.local_now().date(),
                   on_saved=lambda _row: self.refresh_follow_up())
        self.query_one("#followup", DataTable).action_cursor_down()  # on to the next, as in the check-in

    @on(DataTable.RowSelected, "#followup")
    def _row_selected(self) -> None:
        self.action_details()

    def action_details(self) -> None:
        self.in_key_order(self._details)  # Enter is a priority key: after an arrow before it

    def _details(self) -> None:
        from kursrom.screens.modals import FollowUpInput, FollowUpModal
        from kursrom.store.followup import current_follow_ups

        participant_id = self._selected()
        if participant_id is None:
            return
        person = next(p for p in self.people if p.id == participant_id)
        current = current_follow_ups(self.store, self.round_id).get(participant_id)
        today = self.clock.local_now().date()

        def saved(value: FollowUpInput | None) -> None:
            if value is None:
                return
            from kursrom.store.followup import record_follow_up

            self.write(record_follow_up, self.round_id, participant_id, value.status, value.on, value.note,
                       on_saved=lambda _row: self.refresh_follow_up(), on_failed=lambda _error: ask(value))

        def ask(value: FollowUpInput | None) -> None:  # again with what was typed, should saving fail
            self.app.push_screen(FollowUpModal(_("Follow-up for {name}").format(name=person.name),
                                               value.status, value.on, value.note, self.outcomes.statuses), saved)

        ask(FollowUpInput(current.status, current.on, current.note) if current else
            FollowUpInput(FollowUpStatus.UNKNOWN if FollowUpStatus.UNKNOWN in self.outcomes.statuses
                          else self.outcomes.statuses[0], today, ""))

    def action_back(self) -> None:
        self.dismiss()
