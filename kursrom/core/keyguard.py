"""Telling a command from typing by the time between keys. Plain Python, clock injected.

On the live screen, letters are commands: `n` moves on, `s` skips, `x` ends the session. A
facilitator who believes the notes have the keyboard types a sentence instead, and each letter
would act. Commands and typing arrive differently: a command is one key and then a pause (the
facilitator looks up, talks, presses the next one later); typing brings several keys a second.

So a key that types a character (a letter, a digit, a symbol, space) is not run at once. The guard
keeps it for `TYPING_GAP` seconds: if no other such key follows, it is *due* and runs as the
command it is bound to; if one follows within the gap, both are typing, and so is every such key
until the keyboard has been quiet for `TYPING_PAUSE` seconds. Typing is *held* as text (never run),
and the screen offers it to the notes.

A screen where some keys are pressed in quick runs, as the check-in's digits are (1 1 2 1: one key
a person), names them `chained`: one of them following another within the gap does not start
typing; the one before runs, and the new one waits in its place. Any other key after it within the
gap is typing as usual ("2 uker" is held, both the digit and the words).

Time is the app's monotonic clock (tests use FakeClock), never a count of ticks or keys.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

#: Seconds a lone key waits to see whether typing follows. Touch typists leave 0.1 to 0.2 s between
#: keys and most others under 0.25 s; a facilitator rarely presses two commands that close together
#: (and a command waits no longer than this before it runs).
TYPING_GAP = 0.25
#: Seconds of quiet that end a stretch of typing: a typist who stops to think between words is
#: still typing, so the first letter of the next word is not taken for a command.
TYPING_PAUSE = 1.5
#: The most text kept: a whole paragraph typed into the wrong place, and a bound on memory.
MAX_HELD = 2000


@dataclass(frozen=True)
class Pending:
    """A lone key, waiting to see whether typing follows."""

    key: str
    character: str
    at: float


class KeyGuard:
    """Decides, key by key, whether a character key is a command (run once due) or typing (held).

    The time between two keys is read on the app's clock when each is handled. A key may also come
    with the moment it `arrived` (the terminal driver stamps each key as it reads it): two keys a
    second apart that a busy app handles one right after the other are not typing, so the guard
    takes the longer of the two spans."""

    def __init__(self, monotonic: Callable[[], float], *, gap: float = TYPING_GAP,
                 pause: float = TYPING_PAUSE, chained: frozenset[str] = frozenset()) -> None:
        self.monotonic = monotonic
        self.gap = gap
        self.pause = pause
        self.chained = chained
        self.pending: Pending | None = None
        self.held = ""
        self._typing = False
        self._last: tuple[float, float | None] | None = None  # the last character key: (handled, arrived)

    @property
    def typing(self) -> bool:
        """Inside a stretch of typing: every character key is held."""
        return self._typing and self._last is not None and self.monotonic() - self._last[0] < self.pause

    @property
    def holding(self) -> bool:
        return bool(self.held)

    def press(self, key: str, character: str, arrived: float | None = None) -> tuple[bool, Pending | None]:
        """A character key arrived: (held, lone). Held: it is typing, and held back. Otherwise it
        waits (`due`) as a lone key, and `lone` is the key that waited before it, if any: no typing
        followed that one, so it runs now, before this one. (Call `due` first, as well.)"""
        now = self.monotonic()
        since = self._since(now, arrived)
        self._last = (now, arrived)
        typing = self._typing and since < self.pause
        if not typing and self.pending is not None and since < self.gap and \
                self.pending.character in self.chained and character in self.chained:
            lone, self.pending = self.pending, Pending(key, character, now)
            return False, lone
        if typing or (self.pending is not None and since < self.gap):
            if self.pending is not None:
                self._hold(self.pending.character)
                self.pending = None
            self._hold(character)
            self._typing = True
            return True, None
        self._typing = False
        lone, self.pending = self.pending, Pending(key, character, now)
        return False, lone

    def _since(self, now: float, arrived: float | None) -> float:
        if self._last is None:
            return float("inf")
        since = now - self._last[0]
        if arrived is not None and self._last[1] is not None:
            since = max(since, arrived - self._last[1])
        return since

    def due(self) -> Pending | None:
        """The lone key whose gap has passed with nothing after it: run it as a command now."""
        pending = self.pending
        if pending is None or self.monotonic() - pending.at < self.gap:
            return None
        self.pending = None
        return pending

    def extend(self, text: str) -> bool:
        """Enter or Backspace while typing: part of the text ("\\n", or "" to take a character
        back). False outside a stretch of typing, where the key acts as usual."""
        if not self.typing:
            return False
        self._last = (self.monotonic(), None)
        if text:
            self._hold(text)
        else:
            self.held = self.held[:-1]
        return True

    def take(self) -> str:
        """The text held, which is given up: for the notes."""
        text, self.held = self.held, ""
        return text

    def discard(self) -> str:
        """Drop what is held and end the stretch of typing; returns what was dropped."""
        self._typing = False
        self.pending = None
        return self.take()

    def _hold(self, text: str) -> None:
        self.held = (self.held + text)[-MAX_HELD:]
