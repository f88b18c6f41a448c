"""Below the smallest usable terminal, a message covers the screen; growing the window brings the
screen back exactly as it was (it only lay underneath, nothing was closed or redrawn from scratch).

kursrom is designed for 80x24. At 60x20, the smallest size it accepts, the home, round and live
screens still show their tables, the agenda, the timer and the notes (columns and the footer get
shorter). Below that the app shows `TooSmallScreen`, which swallows the keys of the screen beneath
(Ctrl+Q still quits) until the window is large enough.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult, ScreenStackError
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Static

from kursrom.i18n import _

MIN_WIDTH = 60
MIN_HEIGHT = 20


def too_small(size: Size) -> bool:
    return size.width < MIN_WIDTH or size.height < MIN_HEIGHT


class TooSmallScreen(Screen[None]):
    """A clear message and nothing else; it leaves by itself when the window is large enough."""

    CSS_PATH = "too_small.tcss"
    # Keys meant for the screen underneath do nothing while it cannot be seen.
    BINDINGS = [
        Binding("f1", "nothing", show=False, id="too_small.help"),
        Binding("question_mark", "nothing", show=False, id="too_small.help_alt"),
        Binding("escape", "nothing", show=False, id="too_small.escape"),
    ]

    def compose(self) -> ComposeResult:
        with Middle():
            with Center():
                yield Static(id="too-small-message")

    def on_mount(self) -> None:
        self._describe(self.app.size)

    def on_resize(self, event) -> None:  # noqa: ANN001 - textual.events.Resize
        self._describe(event.size)

    def _describe(self, size: Size) -> None:
        body = _("kursrom needs at least {min_width}×{min_height} characters; this window is "
                 "{width}×{height}. Make the window larger or the font smaller.").format(
            min_width=MIN_WIDTH, min_height=MIN_HEIGHT, width=size.width, height=size.height)
        self.query_one("#too-small-message", Static).update(Text.assemble(
            (_("The window is too small"), "bold"), "\n\n", body, "\n\n",
            _("Nothing is lost: everything is saved as it is made.")))

    def action_nothing(self) -> None:
        """Swallow the key: help or escape would otherwise act on the hidden screen."""

    def on_screen_resume(self) -> None:
        # Uncovered after a screen above it closed, in a window that has grown in the meantime.
        if not too_small(self.app.size):
            self.dismiss()

    def on_screen_suspend(self) -> None:
        # Something opened a screen on top while the window is still too small: cover it too.
        if self.app.is_running and too_small(self.app.size):
            self.app.call_later(guard_size, self.app, self.app.size)


def guard_size(app: App, size: Size, *, retry: bool = True) -> None:
    """Show the message when `size` is below the minimum, and take it away when it is not."""
    try:
        top = app.screen
    except ScreenStackError:  # no screen at all: the app is starting or closing
        return
    if top.id == "_default":
        # Textual's placeholder screen, before the app pushes its own: look again once it has.
        if retry:
            app.call_after_refresh(lambda: guard_size(app, app.size, retry=False))
        return
    if too_small(size):
        if not isinstance(top, TooSmallScreen):
            app.push_screen(TooSmallScreen())
    elif isinstance(top, TooSmallScreen):
        app.pop_screen()
