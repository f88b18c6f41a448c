"""Below the smallest usable terminal, a message covers the screen; growing the window brings the
screen back exactly as it was (it only lay underneath, nothing was closed or redrawn from scratch).

kursrom is designed for 80x24. At 60x20, the smallest size it accepts, the home, round and live
screens still show their tables, the agenda, the timer and the notes (columns and the footer get
shorter). Below that the app shows `TooSmallScreen` until the window is large enough. Keys pressed
meanwhile are not used (Ctrl+Q still quits): typed blind, a letter could be a command on the screen
beneath. The message counts them as they come, and a notice says how many were not used once the
window has grown, so nobody believes a word typed there went into the notes.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult, ScreenStackError
from textual.containers import Center, Middle
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Static

from kursrom.i18n import _, ngettext

MIN_WIDTH = 60
MIN_HEIGHT = 20


def too_small(size: Size) -> bool:
    return size.width < MIN_WIDTH or size.height < MIN_HEIGHT


class TooSmallScreen(Screen[None]):
    """A clear message and nothing else; it leaves by itself when the window is large enough."""

    CSS_PATH = "too_small.tcss"

    def __init__(self) -> None:
        super().__init__()
        #: Keys pressed while the message showed, none of them used.
        self.refused = 0

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
        if self.refused:
            keys = ngettext("{count} key pressed here was not used.", "{count} keys pressed here were not used.",
                            self.refused).format(count=self.refused)
        else:
            keys = _("Keys pressed while this message shows are not used.")
        self.query_one("#too-small-message", Static).update(Text.assemble(
            (_("The window is too small"), "bold"), "\n\n", body, "\n\n",
            _("What was entered before is kept and saved."), " ", (keys, "bold")))

    def on_key(self, event: events.Key) -> None:
        """Take every key (but the app's own priority keys, Ctrl+Q): the screen beneath cannot be
        seen, and a letter meant as text could be a command there. Count it, and say so."""
        event.stop()
        event.prevent_default()
        self.refused += 1
        self._describe(self.app.size)

    def tell_refused(self) -> None:
        """Once the window has grown: how many keys were not used, if any."""
        if self.refused:
            self.app.notify(ngettext(
                "{count} key pressed while the window was too small was not used.",
                "{count} keys pressed while the window was too small were not used.", self.refused,
            ).format(count=self.refused), severity="warning", timeout=8)
            self.refused = 0

    def on_screen_resume(self) -> None:
        # Uncovered after a screen above it closed, in a window that has grown in the meantime.
        if not too_small(self.app.size):
            self.tell_refused()
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
        top.tell_refused()
        app.pop_screen()
