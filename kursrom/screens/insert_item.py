"""The dialog that adds an ad-hoc item to the live agenda (`i`): kind, title and minutes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from kursrom.i18n import _
from kursrom.widgets.services import AppServices


class InsertItem(AppServices, ModalScreen[tuple[str, str, int] | None]):
    """An ad-hoc item: kind, title and minutes. Returns (kind, title, minutes) or None."""

    CSS_PATH = "insert_item.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", _("Cancel"), id="insert.cancel")]

    def presets(self) -> dict[str, tuple[str, int]]:
        return {"break": (_("Extra break"), 10), "reflection": (_("Question round"), 10), "talk": (_("Extra item"), 10)}

    def compose(self) -> ComposeResult:
        presets = self.presets()
        with Vertical(id="insert-box"):
            yield Label(_("Insert an item after the highlighted one"), classes="insert-title")
            yield Select([(_("Break"), "break"), (_("Question round"), "reflection"), (_("Other"), "talk")],
                         value="break", allow_blank=False, id="insert-kind")
            yield Input(presets["break"][0], placeholder=_("Title"), id="insert-title")
            yield Input(str(presets["break"][1]), placeholder=_("Minutes"), type="integer", id="insert-minutes")
            yield Static(_("Enter adds the item, Escape cancels."), classes="insert-help")

    def on_mount(self) -> None:
        self.query_one("#insert-title", Input).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        title, length = self.presets().get(str(event.value), ("", 10))
        self.query_one("#insert-title", Input).value = title
        self.query_one("#insert-minutes", Input).value = str(length)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            length = int(self.query_one("#insert-minutes", Input).value)
        except ValueError:
            length = 0
        if length <= 0:
            self.notify(_("Give the item at least one minute."), severity="warning")
            self.query_one("#insert-minutes", Input).focus()
            return
        kind = str(self.query_one("#insert-kind", Select).value)
        self.dismiss((kind, self.query_one("#insert-title", Input).value, length))
