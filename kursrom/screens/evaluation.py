"""A round's evaluation: each rated element's average across the sessions, and against earlier
rounds of the same course template, so the facilitators see what to change for the next round."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from kursrom.core.numbers import decimal
from kursrom.i18n import _
from kursrom.store.results import ElementAverage
from kursrom.widgets.services import AppServices


def evaluation_table(elements: list[ElementAverage]) -> Table | Text:
    if not elements:
        return Text(_("No evaluations yet: they are entered in the evaluation item of a session."))
    table = Table(box=None, expand=True, pad_edge=False)
    table.add_column(_("Element"), ratio=1, overflow="fold")
    table.add_column(_("Avg."), justify="right", no_wrap=True)
    table.add_column(_("Per session"), no_wrap=True)
    table.add_column(_("Earlier rounds"), justify="right", no_wrap=True)
    for element in elements:
        scale = f"{element.scale_min}–{element.scale_max}"
        per_session = "  ".join(f"{s.number}: {decimal(s.average)}" for s in element.sessions)
        if element.earlier_average is None:
            earlier = Text("–", style="dim")
        else:
            change = element.change or 0.0
            style = "green" if change > 0.05 else "red" if change < -0.05 else ""
            sign = "+" if change >= 0 else "−"
            earlier = Text(f"{decimal(element.earlier_average)} ({sign}{decimal(abs(change))})", style=style)
        table.add_row(Text(element.element), Text(decimal(element.average), style="bold").append(
            f" /{scale}", style="dim"), per_session, earlier)
    return table


class EvaluationScreen(AppServices, ModalScreen[None]):
    CSS_PATH = "evaluation.tcss"
    BINDINGS = [Binding("escape,v", "dismiss", _("Close"), id="evaluation.close")]

    def __init__(self, round_id: int) -> None:
        super().__init__()
        self.round_id = round_id

    def compose(self) -> ComposeResult:
        from kursrom.store.results import evaluation_by_element

        with VerticalScroll(id="evaluation-body") as body:
            body.border_title = _("Evaluation: how useful each element was")
            yield Static(evaluation_table(evaluation_by_element(self.store, self.round_id)),
                         id="evaluation-table")
