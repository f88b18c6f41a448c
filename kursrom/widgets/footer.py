"""The footer every screen shows: Textual's own, rebuilt once for each burst of binding changes."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's footer rebuilds all its keys after every change to the bindings, and a screen
    that opens changes them several times in a row (focus, a reload, each widget's own
    `refresh_bindings`): measured on the live screen, about ten rebuilds and a third of the time it
    took to open. This one waits for the rebuild already asked for: that rebuild reads the bindings
    when it runs, so a change made before then is in it anyway."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - Textual's Footer arguments
        super().__init__(*args, **kwargs)
        self._rebuild_waiting = False

    def bindings_changed(self, screen: Screen) -> None:
        if self._rebuild_waiting:
            return
        # The conditions under which Textual's footer asks for a rebuild; otherwise it asks none.
        self._rebuild_waiting = bool(screen.app.app_focus and self.is_attached and screen is self.screen)
        super().bindings_changed(screen)

    async def recompose(self) -> None:
        self._rebuild_waiting = False
        await super().recompose()
