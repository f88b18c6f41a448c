"""The footer every screen shows: Textual's own, rebuilt only when the keys it shows have changed,
and showing only the keys that fit whole."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.events import Resize
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's footer rebuilds all its keys after every change to the bindings, and a screen
    that opens changes them several times in a row (focus, a reload, each widget's own
    `refresh_bindings`): measured on the live screen, eight rebuilds and a third of the time it
    took to open, most of them drawing the same keys again. This one waits for the rebuild already
    asked for (it reads the bindings when it runs), and skips a rebuild that would show what is
    already shown.

    At 80 columns the live screen has more keys than room, and Textual's footer cuts the last one
    that starts inside it mid-word ("f2 Not"). This one leaves out the keys from the first one that
    would not fit whole (the command palette, on the right, lists them all, and so does F1), reckoned
    from the keys' text, so it costs no second layout."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - Textual's Footer arguments
        super().__init__(*args, **kwargs)
        self._rebuild_waiting = False
        self._shown: tuple | None = None

    def bindings_changed(self, screen: Screen) -> None:
        if self._rebuild_waiting:
            return
        # The conditions under which Textual's footer asks for a rebuild; otherwise it asks none.
        self._rebuild_waiting = bool(screen.app.app_focus and self.is_attached and screen is self.screen)
        super().bindings_changed(screen)

    def _keys_to_show(self) -> tuple:
        """Everything `compose` reads to draw the keys, in the order it draws them."""
        keys = tuple(
            (binding.key, self.app.get_key_display(binding), binding.description, binding.action, enabled,
             tooltip, binding.group)
            for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        )
        return (self._bindings_ready, self.compact, self.show_command_palette, self._width(), keys)

    def _width(self) -> int:
        return self.size.width or self.app.size.width

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        if not self.compact or not all(hasattr(widget, "key_display") for widget in widgets):
            yield from widgets  # groups and labels: Textual's own layout, as it is
            return
        palette = [widget for widget in widgets if widget.has_class("-command-palette")]
        room = self._width() - sum(key_width(widget) + 1 for widget in palette)  # + its border
        for widget in widgets:
            if widget in palette:
                continue
            room -= key_width(widget) + 1  # + the margin after it
            if room < -1:  # the last key's margin may fall off the edge
                break
            yield widget
        yield from palette

    def on_resize(self, event: Resize) -> None:
        # A screen behind, or one being taken down, builds its keys again when it is shown.
        if self._shown is not None and self._shown[3] != event.size.width and self.screen.is_current:
            self.screen.refresh_bindings()

    async def recompose(self) -> None:
        self._rebuild_waiting = False
        if not self.is_attached:
            return
        shown = self._keys_to_show()
        if shown == self._shown:
            return
        self._shown = shown
        await super().recompose()


def key_width(key: Widget) -> int:
    """Cells one of the footer's compact keys takes: its key, a space and its description (as
    Textual's FooterKey draws it)."""
    display, description = str(getattr(key, "key_display", "")), str(getattr(key, "description", ""))
    return cell_len(display) + 1 + cell_len(description) if description else cell_len(display)
