"""A round's interpreter needs per session, for booking interpreters: languages and how many people
need each, from the roster or, once a session is under way, from its marks. `e` exports the
overview as CSV and Markdown (no names in it)."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from kursrom.core.schedule import format_when
from kursrom.i18n import _
from kursrom.widgets.footer import Footer
from kursrom.widgets.services import AppServices


class InterpreterOverview(AppServices, ModalScreen[None]):
    CSS_PATH = "interpreters.tcss"
    BINDINGS = [
        Binding("e", "export", _("Export"), id="interpreters.export"),
        Binding("escape", "close", _("Back"), id="interpreters.close"),
    ]

    def __init__(self, round_id: int) -> None:
        super().__init__()
        self.round_id = round_id

    def compose(self) -> ComposeResult:
        with Vertical(id="io-box"):
            yield Static(_("Interpreters per session"), id="io-title")
            yield DataTable(id="io-table", cursor_type="row", zebra_stripes=True)
            yield Static(_("Counted from the roster until a session's check-in, then from who is in the room."),
                         id="io-help")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        from kursrom.store.interpreters import interpreter_needs_of

        table = self.query_one(DataTable)
        table.add_column(_("No."), key="number")
        table.add_column(_("Date"), key="date")
        table.add_column(_("Languages (people)"), key="languages")
        for need in interpreter_needs_of(self.store, self.round_id):
            when = format_when(need.start, year=False) if need.start else ""
            mark = " ✓" if need.from_marks else ""
            table.add_row(str(need.number), when, need.describe() + mark)
        table.focus()

    def action_export(self) -> None:
        from kursrom.store.exports import default_export_dir

        self.export(default_export_dir())

    @work(thread=True, exclusive=True, group="interpreters")
    def export(self, folder: Path) -> None:
        from kursrom.store.exports import ExportError, export_interpreters

        try:
            written = export_interpreters(self.store, self.round_id, folder)
        except (ExportError, OSError) as error:
            text = getattr(error, "strerror", None) or str(error)
            self.app.call_from_thread(self.notify, _("The overview could not be written: {error}").format(error=text),
                                      severity="error")
            return
        paths = ", ".join(str(item.path) for item in written)
        self.app.call_from_thread(self.notify, _("Wrote {paths}.").format(paths=paths), timeout=8)

    def action_close(self) -> None:
        self.dismiss(None)
