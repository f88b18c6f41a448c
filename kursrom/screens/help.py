"""The help screen (F1 or ?): the keys of the screen you came from, and how kursrom works."""

from __future__ import annotations

from importlib.resources import files

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
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


def screen_actions(screen: Screen) -> list[tuple[Binding, DOMNode]]:
    """kursrom's own actions on a screen (the screen's, its widgets' and the app's), once each.

    kursrom gives every binding an id (so it can be remapped with a keymap); bindings without one
    come with Textual's widgets (cursor keys and the like), are not translated, and are left out."""
    actions: list[tuple[Binding, DOMNode]] = []
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if not active.enabled or not binding.description or not binding.id or binding.action in seen:
            continue
        seen.add(binding.action)
        actions.append((binding, active.node))
    return actions


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,f1,question_mark", "dismiss", _("Close"), id="help.close")]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys

    @staticmethod
    def keys_of(screen: Screen) -> list[tuple[str, str]]:
        """Read before the help covers the screen: bindings follow the screen on top."""
        return [(screen.app.get_key_display(binding),
                 _("Command palette: every action") if binding.action == "command_palette" else binding.description)
                for binding, _node in screen_actions(screen)]

    def compose(self) -> ComposeResult:
        keys = Table(title=_("Keys on this screen"), box=None, expand=True, title_justify="left")
        keys.add_column(_("Key"), style="bold", no_wrap=True)
        keys.add_column(_("What it does"))
        for key, description in self.keys:
            keys.add_row(key, description)
        with VerticalScroll(id="help-body"):
            yield Static(keys, id="help-keys")
            yield Markdown(help_text(), id="help-text")
