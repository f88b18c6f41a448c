"""The help screen (F1 or ?): the keys of the screen you came from, and how kursrom works."""

from __future__ import annotations

from importlib.resources import files

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown, Static

from kursrom.i18n import _, current_language


def help_text() -> str:
    """The help text as Markdown, in the interface language (bokmål when none is written)."""
    folder = files("kursrom.screens")
    for name in (f"help.{current_language()}.md", "help.nb.md"):
        resource = folder / name
        if resource.is_file():
            return resource.read_text(encoding="utf-8")
    return ""


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,f1,question_mark", "dismiss", _("Close"), id="help.close")]

    def __init__(self, below: Screen) -> None:
        super().__init__()
        self.below = below

    def compose(self) -> ComposeResult:
        keys = Table(title=_("Keys on this screen"), box=None, expand=True, title_justify="left")
        keys.add_column(_("Key"), style="bold", no_wrap=True)
        keys.add_column(_("What it does"))
        shown: set[str] = set()
        for active in self.below.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.action in shown:
                continue
            shown.add(binding.action)
            keys.add_row(self.app.get_key_display(binding), binding.description)
        with VerticalScroll(id="help-body"):
            yield Static(keys, id="help-keys")
            yield Markdown(help_text(), id="help-text")
