"""The safety net of the live screen: character keys pass a `KeyGuard` before they act.

`GuardedKeys` is mixed into a screen (before `Screen`). A character key that reaches the screen,
that is, one no text field took, is stopped there, before any binding sees it:

- a lone key waits `TYPING_GAP` seconds; with nothing after it, the guard releases it and it is
  posted again, as the same key, to run its binding as if it had just been pressed;
- keys arriving as typing does are held as text (Enter and Backspace edit it), and `HeldText`, a
  line over the footer, shows it with the keys that deal with it: F2 puts it in the notes (the
  screen's `take_held`), Escape sets it aside for the notes' Ctrl+R (`drop_held`).

The screen's display timer calls `release_due` too, so a lone key runs even should its own timer
fire a little before the gap has passed, and `keep_held`: text held back lives only in memory, so
while there is any it is kept in a rescue file (`kursrom.core.autosave`, 0600, beside the database),
as the notes keep what they could not save. A killed process leaves that file, and the next start
offers it to the notes (Ctrl+R). The file goes once the notes it went into (with F2, or with Ctrl+R
after Escape set it aside) are saved.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, TextArea

from kursrom.core.autosave import Rescued, rewrite_rescue, write_rescue
from kursrom.core.keyguard import KeyGuard
from kursrom.i18n import _
from kursrom.widgets.notes.rescue import erasures_now, rescue_folders

class HeldText(Widget):
    """One line: the keys that deal with the text held back as typing, and its end, as much as fits."""

    DEFAULT_CSS = """
    HeldText {
        height: 1;
        display: none;
        background: $warning 30%;
        padding: 0 1;
    }
    """

    text: reactive[str] = reactive("")

    def watch_text(self, text: str) -> None:
        self.display = bool(text)

    def render(self) -> Text:
        label, keys = _("Typing held back:") + " ", "  " + _("F2: into the notes · Esc: set aside")
        room = max(self.size.width - len(label) - len(keys) - 2, 1)
        shown = self.text.replace("\n", " ⏎ ")
        if len(shown) > room:
            shown = "…" + shown[-(room - 1):] if room > 1 else "…"
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(label, style="bold")
        line.append(f"«{shown}»")
        line.append(keys, style="bold")
        return line


class GuardedKeys:
    """For a Screen: character keys outside text fields pass the guard first."""

    guard: KeyGuard
    #: Why a rescue file keeps held text (shown when the next start offers it).
    held_reason = _("typing held back on the live screen")
    #: Keys that act at once outside typing: they change no record and open a field for what is
    #: typed next (the check-in's `/` finds a name as it is typed).
    unguarded: frozenset[str] = frozenset()

    def guard_keys(self, held_note: Callable[[str], Rescued], *, chained: frozenset[str] = frozenset()) -> None:
        """Call once the app's clock is known (on mount). `held_note(text)` says where text held back
        belongs, as a rescue file keeps it (the screen knows its session and item); `chained` keys
        may come in quick runs without being typing (`KeyGuard`)."""
        self.guard = KeyGuard(self.app.clock.monotonic, chained=chained)  # type: ignore[attr-defined]
        self._held_note = held_note
        self._released: list[events.Key] = []
        self._held_file: Path | None = None
        self._held_kept = ""
        self._held_erasures: int | None = None

    def keep_held(self, *, notes_saved: bool = True) -> None:
        """Have the rescue file hold what is held now (the display timer calls this). With nothing
        held, the file goes once `notes_saved`: text given to the notes stays on disk until then.
        A file that cannot be written is tried again next time."""
        text = self.guard.held
        if text and text == self._held_kept:
            return  # on disk already
        if not text and (self._held_file is None or not notes_saved):
            return  # nothing kept, or the notes have the text and have not saved it yet
        store = self.app.store  # type: ignore[attr-defined]
        try:
            if not text:
                rewrite_rescue(self._held_file, [])  # overwritten, then deleted: personal data
                self._held_file = None
            elif self._held_file is None:
                if self._held_erasures is None:
                    self._held_erasures = erasures_now(store) or 0
                self._held_file = write_rescue(rescue_folders(store), [self._held_note(text)], reason=self.held_reason,
                                               when=self.app.clock.now())  # type: ignore[attr-defined]
            else:
                rewrite_rescue(self._held_file, [self._held_note(text)])
        except OSError:
            return
        self._held_kept = text

    def on_key(self, event: events.Key) -> None:
        if any(event is released for released in self._released):  # a lone key, now due: on to its binding
            self._released = [released for released in self._released if released is not event]
            return
        self.release_due()
        guard = self.guard
        typing_field = isinstance(self.focused, (Input, TextArea))  # type: ignore[attr-defined]
        if (not typing_field and event.key in self.unguarded and guard.pending is None and not guard.typing
                and not guard.holding):
            pass  # on to its binding
        elif not typing_field and event.is_printable and event.character:
            self._stop(event)
            held, lone = guard.press(event.key, event.character, arrived=event.time)
            if lone is not None:
                self._post(events.Key(lone.key, lone.character))
            if not held:
                self.set_timer(guard.gap, self._release_later)  # type: ignore[attr-defined]
        elif not typing_field and event.key in ("enter", "backspace") and guard.extend(
                "\n" if event.key == "enter" else ""):
            self._stop(event)
        elif guard.pending is not None:
            # Another kind of key (an arrow, F2) follows a lone key: that one acts first, then this
            # one, in the order pressed (`s` then Down skips the highlighted item, not the next).
            pending, guard.pending = guard.pending, None
            self._stop(event)
            self._post(events.Key(pending.key, pending.character))
            self._post(events.Key(event.key, event.character))
        self._show_held()

    def release_due(self) -> None:
        """Run the lone key whose wait is over (the display timer calls this too)."""
        pending = self.guard.due()
        if pending is not None:
            self._post(events.Key(pending.key, pending.character))

    def _release_later(self) -> None:
        """A lone key's own timer: release it, or look again when its wait should be over."""
        self.release_due()
        if self.guard.pending is not None:
            waited = self.guard.monotonic() - self.guard.pending.at
            self.set_timer(max(self.guard.gap - waited, 0.05), self._release_later)  # type: ignore[attr-defined]

    def _post(self, key: events.Key) -> None:
        """Send a key again, as if just pressed; this screen lets it through to its binding."""
        key.set_sender(self.app)  # type: ignore[attr-defined] - as the driver's keys: bubbles up to the app
        self._released.append(key)
        self.app.post_message(key)  # type: ignore[attr-defined]

    def take_held(self) -> str:
        text = self.guard.take()
        self._show_held()
        return text

    def drop_held(self) -> str:
        """Escape: the held text leaves the screen, but is set aside, not lost: an Escape meant to
        leave the notes can come while the keys went elsewhere. The notes' Ctrl+R puts it back (and
        the next start offers it, should nothing take it)."""
        text = self.guard.discard()
        self._show_held()
        if text.strip():
            self._set_aside(text)
        return text

    def _set_aside(self, text: str) -> None:
        note = self._held_note(text)
        store = self.app.store  # type: ignore[attr-defined]
        try:
            if self._held_file is None:
                path = write_rescue(rescue_folders(store), [note], reason=self.held_reason,
                                    when=self.app.clock.now())  # type: ignore[attr-defined]
            else:
                path = self._held_file
                rewrite_rescue(path, [note])
        except OSError:
            self.guard.held = text  # nowhere to keep it: it stays held, on screen
            self._show_held()
            self.notify(_("The held typing could not be set aside; F2 puts it in the notes."),  # type: ignore[attr-defined]
                        severity="warning", timeout=8)
            return
        self._held_file, self._held_kept = None, ""  # the file is the notes' to restore now
        notes = self.notes_for_held()
        if notes is not None:
            notes.rescued.append((path, [note]))
            notes.refresh_bindings()
        self.notify(_("Held typing set aside: F2, then Ctrl+R puts it in the notes."), timeout=8)  # type: ignore[attr-defined]

    def notes_for_held(self) -> Any:
        """The notes pane that restores text set aside (Ctrl+R), if this screen has one."""
        return getattr(self, "notes", None)

    def hand_held_to(self, other: GuardedKeys) -> None:
        """The text held here goes on in `other` (the screen under this one, whose notes take it),
        and so does its keeping on disk: `other`'s file holds it before this one's goes."""
        text = self.guard.discard()
        self._show_held()
        mine, self._held_file, self._held_kept = self._held_file, None, ""
        if not text:
            return
        other.guard.held += text
        other.keep_held(notes_saved=False)
        other._show_held()
        if mine is not None and other._held_kept == other.guard.held:  # kept there now
            with suppress(OSError):
                rewrite_rescue(mine, [])

    def _show_held(self) -> None:
        for line in self.query(HeldText):  # type: ignore[attr-defined]
            line.text = self.guard.held

    @staticmethod
    def _stop(event: events.Key) -> None:
        event.stop()
        event.prevent_default()
