"""The footer every screen shows: Textual's own, rebuilt only when the keys it shows have changed."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's footer rebuilds all its keys after every change to the bindings, and a screen
    that opens changes them several times in a row (focus, a reload, each widget's own
    `refresh_bindings`): measured on the live screen, eight rebuilds and a third of the time it
    took to open, most of them drawing the same keys again. This one waits for the rebuild already
    asked for (it reads the bindings when it runs), and skips a rebuild that would show what is
    already shown."""

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
        return (self._bindings_ready, self.compact, self.show_command_palette, keys)

    async def recompose(self) -> None:
        self._rebuild_waiting = False
        if not self.is_attached:
            return
        shown = self._keys_to_show()
        if shown == self._shown:
            return
        self._shown = shown
        await super().recompose()
