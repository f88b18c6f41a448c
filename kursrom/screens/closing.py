"""Quitting while something is still to be saved: what kursrom waits for, and for how long.

Ctrl+Q closes at once when everything is saved. When a change is still queued (the database is
locked by another program, the disk is full) or the notes cannot be saved, `ClosingScreen` says so
with the store's own sentence, counts the seconds it has waited, and closes by itself as soon as
everything is stored: the writer (`kursrom.widgets.writing`) and the notes keep retrying meanwhile.
Ctrl+Q again closes now, after one last try whose longest wait the screen states first (it stays on
screen during that try); Escape goes back to kursrom.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from kursrom.i18n import _, ngettext
from kursrom.widgets.services import AppServices

#: How often the screen looks again (the time itself is measured, never counted).
LOOK_SECONDS = 0.25


@dataclass(frozen=True)
class Unsaved:
    """What is still to be saved when the app is asked to close."""

    writes: int  # changes queued in the writer (marks, results, a new participant …)
    notes: int  # items whose notes are not saved
    failing: bool  # whether saving has failed, not only not happened yet
    reason: str  # the store's sentence for what stands in the way, or ""

    @property
    def anything(self) -> bool:
        return bool(self.writes or self.notes)


def unsaved(app: App) -> Unsaved:
    from kursrom.widgets.notes import NotesPane

    writer = getattr(app, "_kursrom_writer", None)
    writes = writer.pending if writer is not None else 0
    reason = str(writer.waiting) if writer is not None and writer.waiting is not None else ""
    notes, failing = 0, reason != ""
    for screen in app.screen_stack:
        for pane in screen.query(NotesPane).results(NotesPane):
            drafts = pane.saver.unsaved()
            notes += len(drafts)
            if drafts and pane.saver.failing:
                failing = True
                reason = reason or pane.saver.last_error()
    return Unsaved(writes, notes, failing, reason)


def must_wait(app: App) -> bool:
    """Whether closing now would lose or hold up something: a change still queued, or notes whose
    saving has failed. (Notes merely not saved yet are saved on the way out, in a moment.)"""
    state = unsaved(app)
    return bool(state.writes or (state.notes and state.failing))


class ClosingScreen(AppServices, ModalScreen[None]):
    CSS_PATH = "closing.tcss"
    BINDINGS = [Binding("escape", "stay", _("Back to kursrom"), id="closing.stay")]

    def __init__(self) -> None:
        super().__init__()
        self.closing = False

    def compose(self) -> ComposeResult:
        with Vertical(id="closing-box"):
            yield Static(Text(_("Saving before kursrom closes"), style="bold"), id="closing-title")
            yield Static(id="closing-text")

    def on_mount(self) -> None:
        self.since = self.clock.monotonic()
        self.look()
        self.set_interval(LOOK_SECONDS, self.look)

    def look(self) -> None:
        """Close once everything is saved; until then, say what is waited for and how long."""
        if self.closing:
            return
        state = unsaved(self.app)
        if not must_wait(self.app):
            self.closing = True
            self.app.exit()
            return
        waited = max(0, round(self.clock.monotonic() - self.since))
        text = Text()
        parts = []
        if state.writes:
            parts.append(ngettext("{count} change", "{count} changes", state.writes).format(count=state.writes))
        if state.notes:
            parts.append(ngettext("the notes of {count} item", "the notes of {count} items", state.notes).format(
                count=state.notes))
        text.append(_("Still to be saved: {what}.").format(what=_(" and ").join(parts)) + "\n\n")
        if state.reason:
            text.append(state.reason + "\n\n", style="bold yellow")
        text.append(_("Waited {seconds} s. kursrom tries again every few seconds and closes by itself as soon as "
                      "everything is saved.").format(seconds=waited) + "\n\n")
        text.append(_("Ctrl+Q again: close now, after a last try of up to {seconds} s. Notes not saved then go to "
                      "a rescue file; other changes not saved are lost.").format(seconds=self.last_try(state)),
                    style="dim")
        text.append("\n" + _("Escape: back to kursrom."), style="dim")
        self.query_one("#closing-text", Static).update(text)

    @staticmethod
    def last_try(state: Unsaved) -> int:
        """The longest the last try can take: each write queued and each notes pane waits out the
        database's busy timeout once."""
        from kursrom.store.db import BUSY_TIMEOUT_MS

        return round((state.writes + (1 if state.notes else 0)) * BUSY_TIMEOUT_MS / 1000)

    def close_now(self) -> None:
        """Ctrl+Q again: say what the last try may take, draw that, then close (the last frame
        stays on screen while the app saves what it can on the way out)."""
        if self.closing:
            return
        self.closing = True
        self.query_one("#closing-text", Static).update(Text(
            _("Closing now: a last try to save, up to {seconds} s.").format(seconds=self.last_try(unsaved(self.app))),
            style="bold"))
        self.call_after_refresh(self.app.exit)

    def action_stay(self) -> None:
        self.dismiss(None)
