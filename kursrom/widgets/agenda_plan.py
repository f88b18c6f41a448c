"""The agenda of a round being planned: each session's items and minutes, with kursrom's suggestions
marked ◇, and keys to change an item's minutes and the order of a session's items.

The changes live in a `RoundPlan` (core, where they are checked); the round keeps them when it is
created. Under the table, one line says what the highlighted row rests on.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable, Static
from textual.widgets.data_table import RowDoesNotExist

from kursrom.core.catalog.planning import PlannedItem, RoundPlan, SessionAgenda, planned_item_basis
from kursrom.i18n import _
from kursrom.widgets.css import load_css
from kursrom.widgets.services import AppServices

#: Marks what is kursrom's suggestion rather than the course description's.
SUGGESTION_MARK = "◇"
#: Minutes per press of + or −: planning is done in five-minute steps.
MINUTE_STEP = 5


def _row_key(session: int, row: int | None) -> str:
    return f"{session}" if row is None else f"{session}:{row}"


class AgendaPlan(AppServices, Vertical):
    """Shows `plan`; posts `Changed` after each change."""

    DEFAULT_CSS = load_css(__file__)
    # One footer entry per pair of keys: the planning form's footer has 80 columns.
    BINDINGS = [
        Binding("plus,equals_sign", f"minutes({MINUTE_STEP})", _("Minutes"), key_display="+−",
                id="agenda_plan.more"),
        Binding("minus", f"minutes({-MINUTE_STEP})", _("Fewer minutes"), show=False, id="agenda_plan.less"),
        Binding("shift+up,ctrl+up", "move(-1)", _("Move"), key_display="⇧↑↓", id="agenda_plan.up"),
        Binding("shift+down,ctrl+down", "move(1)", _("Move down"), show=False, id="agenda_plan.down"),
        Binding("r", "reset", _("As the template"), id="agenda_plan.reset"),
    ]

    plan: reactive[RoundPlan | None] = reactive(None, always_update=True)

    class Changed(Message):
        """The facilitator changed a minute count or the order."""

    def compose(self) -> ComposeResult:
        yield Static(_("{mark} = kursrom's suggestion").format(mark=SUGGESTION_MARK),
                     id="plan-legend")
        yield DataTable(id="plan-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="plan-detail")

    @property
    def table(self) -> DataTable:
        return self.query_one("#plan-table", DataTable)

    def watch_plan(self, _plan: RoundPlan | None) -> None:
        if self.is_mounted:
            self._fill()

    def on_mount(self) -> None:
        self._fill()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fill, self._highlighted_key())

    # -- the table -------------------------------------------------------------------------------

    def _fill(self, keep: str | None = None) -> None:
        table = self.table
        table.clear(columns=True)
        minutes_width = 9
        title_width = max(table.size.width - minutes_width - 1 - 3 * 2 - 1, 10)
        table.add_column(" ", key="mark", width=1)
        table.add_column(_("Agenda item"), key="title", width=title_width)
        table.add_column(Text(_("Min"), justify="right"), key="minutes", width=minutes_width)
        plan = self.plan
        if plan is None:
            self._show_detail()
            return
        for index, agenda in enumerate(plan.sessions):
            table.add_row(*self._session_cells(agenda), key=_row_key(index, None))
            for row, item in enumerate(agenda.items):
                table.add_row(*self._item_cells(agenda, item), key=_row_key(index, row))
        if keep is not None:
            try:
                table.move_cursor(row=table.get_row_index(keep))
            except RowDoesNotExist:  # the template changed; start from the top
                pass
        self._show_detail()

    def _session_cells(self, agenda: SessionAgenda) -> tuple[Text, Text, Text]:
        slack = agenda.slack
        mark = SUGGESTION_MARK if agenda.plan.basis.all_suggested else ""
        title = Text(f"{agenda.plan.number}. {agenda.plan.title}", style="bold", no_wrap=True, overflow="ellipsis")
        minutes = Text(f"{agenda.planned}/{agenda.plan.minutes}", justify="right",
                       style="bold" if slack.ok else "bold yellow")
        return Text(mark), title, minutes

    def _item_cells(self, agenda: SessionAgenda, item: PlannedItem) -> tuple[Text, Text, Text]:
        basis = item.entry.basis
        suggested = planned_item_basis(agenda, item, self.catalog).item_suggested
        title = Text("  " + item.title, no_wrap=True, overflow="ellipsis")
        if item.minutes_changed:
            minutes = Text(f"{item.entry.duration}→{item.minutes}", justify="right", style="bold")
        else:
            mark = f" {SUGGESTION_MARK}" if basis.is_suggested("duration") else "  "
            minutes = Text(f"{item.minutes}{mark}", justify="right")
        return Text(SUGGESTION_MARK if suggested else ""), title, minutes

    def _highlighted_key(self) -> str | None:
        table = self.table
        if table.row_count == 0:
            return None
        row_key, _column = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def _position(self) -> tuple[int, int | None] | None:
        """(session index, item row or None on a session's own row) under the cursor."""
        key = self._highlighted_key()
        if key is None:
            return None
        session, _sep, row = key.partition(":")
        return int(session), (int(row) if row else None)

    # -- the line under the table ----------------------------------------------------------------

    def _show_detail(self, message: str = "") -> None:
        detail = self.query_one("#plan-detail", Static)
        if message:
            detail.update(Text(message, style="bold"))
            return
        position, plan = self._position(), self.plan
        if position is None or plan is None:
            detail.update("")
            return
        agenda = plan.sessions[position[0]]
        if position[1] is None:
            detail.update(self._session_detail(agenda))
        else:
            detail.update(planned_item_basis(agenda, agenda.items[position[1]], self.catalog).line())

    @staticmethod
    def _session_detail(agenda: SessionAgenda) -> Text:
        slack = agenda.slack
        text = Text(_("{planned} of {minutes} min planned, {free} min free.").format(
            planned=agenda.planned, minutes=agenda.plan.minutes, free=slack.free))
        warning = slack.warning()
        if warning:
            text.append(" " + warning[0].upper() + warning[1:] + ".", style="yellow")
        basis = agenda.plan.basis
        if basis.all_suggested:
            text.append(" " + _("◇ The whole session is kursrom's suggestion, not the course description's."))
        elif basis.is_suggested("order"):
            text.append(" " + _("◇ The order of the items is kursrom's suggestion."))
        if agenda.reordered:
            text.append(" " + _("You changed the order."), style="bold")
        return text

    @on(DataTable.RowHighlighted, "#plan-table")
    def _highlighted(self) -> None:
        self._show_detail()
        self.refresh_bindings()

    # -- keys ------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        position = self._position()
        if action in ("minutes", "move"):
            return True if position is not None and position[1] is not None else None
        if action == "reset":
            if position is None or self.plan is None:
                return None
            agenda = self.plan.sessions[position[0]]
            return True if agenda.reordered or any(i.minutes_changed for i in agenda.items) else None
        return True

    def action_minutes(self, delta: int) -> None:
        position, plan = self._position(), self.plan
        if position is None or position[1] is None or plan is None:
            return
        problem = plan.change_minutes(position[0], position[1], delta)
        if problem:
            self._show_detail(problem)
            return
        self._changed(_row_key(*position))

    def action_move(self, delta: int) -> None:
        position, plan = self._position(), self.plan
        if position is None or position[1] is None or plan is None:
            return
        row = plan.move(position[0], position[1], delta)
        self._changed(_row_key(position[0], row))

    def action_reset(self) -> None:
        position, plan = self._position(), self.plan
        if position is None or plan is None:
            return
        plan.reset(position[0])
        self._changed(_row_key(position[0], None))

    def _changed(self, keep: str) -> None:
        self._fill(keep)
        self.refresh_bindings()
        self.post_message(self.Changed())
