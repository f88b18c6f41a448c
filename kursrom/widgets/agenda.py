"""The agenda list of the live session: every item with planned and used minutes and its state.

The highlighted row is the facilitator's cursor for jump, skip, move and insert; Enter posts
`AgendaList.Jump`. The list only shows what it is given (`show(items, timing, current_id)`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from kursrom.core.timing import SessionTiming, item_state, minutes, next_item_id
from kursrom.core.vocabulary import AgendaState
from kursrom.i18n import _

if TYPE_CHECKING:
    from kursrom.store.models import AgendaItem

#: state -> (marker, style)
MARKERS = {
    AgendaState.DONE: ("✓", "green"),
    AgendaState.RUNNING: ("▶", "bold"),
    AgendaState.PAUSED: ("‖", "bold yellow"),
    AgendaState.CURRENT: ("●", "bold"),
    AgendaState.NEXT: ("→", ""),
    AgendaState.SKIPPED: ("×", "dim strike"),
    AgendaState.TODO: (" ", ""),
}


def agenda_row(item: AgendaItem, state: str, planned: int, used: int | None, over: bool) -> Table:
    marker, style = MARKERS[state]
    row = Table.grid(expand=True, padding=(0, 0))
    row.add_column(width=2, no_wrap=True)
    row.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    row.add_column(width=4, justify="right", no_wrap=True)
    row.add_column(width=4, justify="right", no_wrap=True)
    title = Text(item.title, style=style if state != AgendaState.TODO else "")
    if item.origin == "added":
        title.append(" +", style="italic cyan")
    used_text = Text("–" if state == AgendaState.SKIPPED else ("" if used is None else str(used)),
                     style="bold red" if over else "")
    row.add_row(Text(marker, style=style), title, Text(str(planned), style="dim"), used_text)
    return row


class AgendaList(OptionList):
    """Enter jumps to the highlighted item (the screen decides what that means)."""

    DEFAULT_CSS = """
    AgendaList {
        height: 1fr;
    }
    """

    class Jump(Message):
        def __init__(self, item_id: int) -> None:
            super().__init__()
            self.item_id = item_id

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._rendered: list[tuple] = []
        self.border_title = _("Agenda")
        self.border_subtitle = _("min: plan used")

    @property
    def highlighted_item_id(self) -> int | None:
        option = self.highlighted_option
        return int(option.id) if option is not None and option.id else None

    def show(self, items: Sequence[AgendaItem], timing: SessionTiming, current_id: int | None) -> None:
        """Redraw the rows whose text changed; keeps the highlight on the same item."""
        following = next_item_id(items, current_id, timing.times) if current_id is not None else (
            items[0].id if items else None)
        rows = []
        for item in items:
            time = timing.times[item.id]
            state = item_state(item, time, current_id, following)
            used = minutes(time.elapsed) if time.started else None
            rows.append((item.id, item.title, item.origin, state, minutes(time.planned), used,
                         time.elapsed > time.planned and time.started))
        if rows == self._rendered:
            return
        keep = self.highlighted_item_id
        same_ids = [r[0] for r in rows] == [r[0] for r in self._rendered]
        if same_ids:
            for index, (row, old) in enumerate(zip(rows, self._rendered)):
                if row != old:
                    self.replace_option_prompt_at_index(index, agenda_row(items[index], *row[3:]))
        else:
            self.clear_options()
            self.add_options(Option(agenda_row(item, *row[3:]), id=str(item.id)) for item, row in zip(items, rows))
            if keep is None:
                keep = current_id
            if keep is not None and any(r[0] == keep for r in rows):
                self.highlighted = self.get_option_index(str(keep))
        self._rendered = rows

    def highlight_item(self, item_id: int | None) -> None:
        if item_id is None:
            return
        try:
            self.highlighted = self.get_option_index(str(item_id))
        except OptionDoesNotExist:  # an item that is gone: leave the highlight where it is
            return

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Jump(int(event.option.id)))
