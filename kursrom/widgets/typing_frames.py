"""Lines that can wait for the next typed key: while someone types in the notes, a line that changes
on its own (the save state, the item's timer) is drawn in the frame of the next key instead of a
frame of its own.

Textual draws at most one frame per 1/60 s. A key that arrives just after a frame waits for the next
slot, up to 17 ms: measured in the keystroke benchmark, those were its slowest keys (the save state
changes twice a save, the timer once a second). Joined to the next key's frame, the line costs that
frame about a millisecond and the key waits for nothing; it is drawn at most `LONGEST_WAIT_S` late.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual.app import App

from kursrom.widgets.services import one_per_app

#: Keys closer together than this are typing.
TYPING_GAP_S = 0.3
#: The longest a line waits for a key to share a frame with: typing has stopped by then.
LONGEST_WAIT_S = 0.2


class TypingFrames:
    """The app's record of the last key typed in the notes, and the lines waiting to be drawn."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.last_key = float("-inf")
        self._waiting: dict[Any, Callable[[], None]] = {}

    def typing(self) -> bool:
        return time.monotonic() - self.last_key < TYPING_GAP_S

    def draw(self, owner: Any, update: Callable[[], None]) -> None:
        """Run `update` (which changes what `owner` shows) now, or, while someone types, with the
        next key; a newer update for the same owner replaces the waiting one."""
        if not self.typing():
            self._waiting.pop(owner, None)
            update()
            return
        if not self._waiting:
            self.app.set_timer(LONGEST_WAIT_S, self.flush)
        self._waiting[owner] = update

    def key_typed(self) -> None:
        """A key was typed: what waits is drawn in its frame."""
        self.last_key = time.monotonic()
        self.flush()

    def flush(self) -> None:
        waiting, self._waiting = self._waiting, {}
        for owner, update in waiting.items():
            if getattr(owner, "is_attached", True):  # a widget gone meanwhile (a screen closed) shows nothing
                update()


def typing_frames(app: App) -> TypingFrames:
    """The app's one `TypingFrames` (`one_per_app`)."""
    return one_per_app(app, "_kursrom_typing_frames", TypingFrames)
