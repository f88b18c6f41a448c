"""The notes pane: the note of one agenda item, saved by itself, with @name tags, follow-up and
quote flags on paragraphs (`kursrom.widgets.notes.flags`), earlier notes (F5) and rescued notes put
back (Ctrl+R).

Saving is the `Autosaver`'s business: the pane tells it about edits, asks it on a display timer what
is due, and runs the saves in worker threads. A failed save keeps the text on screen, shows a marker
and a notification, and is retried until it succeeds; what is still unsaved when the pane closes
goes to a rescue file (`kursrom.widgets.notes.rescue`).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import DescendantBlur, DescendantFocus
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static, TextArea
from textual.worker import Worker, get_current_worker

from kursrom.core.autosave import Autosaver, Draft, Rescued, SaveResult, merged
from kursrom.i18n import _
from kursrom.screens.notes_browser import NotesBrowser
from kursrom.core.paragraphs import FlagKind
from kursrom.widgets.typing_frames import typing_frames
from kursrom.widgets.notes.area import NoteArea
from kursrom.widgets.notes.flags import flag_badges, toggle_flag
from kursrom.widgets.notes.picker import NamePicker
from kursrom.widgets.notes.rescue import delete_rescue_files, erasures_now, keep_unsaved, rescues_of
from kursrom.widgets.css import load_css

if TYPE_CHECKING:
    from kursrom.store.db import Store
    from kursrom.store.models import Participant

#: Seconds between two looks at what the autosaver has due (and redraws of the save marker).
TICK_SECONDS = 0.1
#: Seconds between two looks at the other writer's note on the same item. The other side saves
#: within 0.6 s of a key (`kursrom.core.autosave`), so their words show here within about a second.
OTHER_POLL_SECONDS = 0.5
#: Their note counts as being written while it changed this recently.
OTHER_TYPING_SECONDS = 3.0


class NotesPane(Vertical):
    """Notes on the agenda item the host shows (`follow`), or on an earlier item picked with F5."""

    DEFAULT_CSS = load_css(__file__)

    BINDINGS = [
        Binding("ctrl+o", "toggle_follow_up", _("Follow-up"), id="notes.follow_up"),
        Binding("ctrl+t", "toggle_quote", _("Quote"), id="notes.quote"),
        Binding("f5", "browse", _("Earlier notes"), id="notes.browse"),
        Binding("ctrl+r", "restore", _("Restore rescued notes"), id="notes.restore"),
        Binding("escape", "leave", _("Leave notes"), id="notes.leave"),
    ]

    class Leave(Message):
        """Escape in the pane: the host moves focus elsewhere."""

    class SaveDone(Message):
        def __init__(self, worker: Worker, results: list[SaveResult]) -> None:
            super().__init__()
            self.worker = worker
            self.results = results

    #: "saved", "pending" or "failed": shown in the header; a failure also marks the pane's border.
    save_state: reactive[str] = reactive("saved", repaint=False)  # shown in the header alone

    def __init__(self, store: Store, session_id: int, writer: str, participants: Sequence[Participant], *,
                 saver: Autosaver | None = None, show_others: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        from kursrom.store.live import note_saver

        self.store = store
        self.session_id = session_id
        self.writer = writer
        self.participants = list(participants)
        self.saver = saver or Autosaver(note_saver(store, session_id, writer, self.participants),
                                        monotonic=self._monotonic)
        self.item_id: int | None = None
        self.item_title = ""
        self.pinned = False
        self._following: tuple[int | None, str] = (None, "")
        self._save_workers: set[Worker] = set()  # started, their SaveDone not handled yet
        self._warned = False
        self._loaded = False
        self._clock = None
        self._titles_seen: dict[int | None, str] = {}
        #: Rescue files of this session and writer, and their notes, until put back.
        self.rescued: list[tuple[Path, list[Rescued]]] = []
        self._restoring: list[Path] = []
        self._erasures: int | None = None
        #: Show what the other terminal writes on the same item (read-only).
        self.show_others = show_others
        self._other: tuple[str, str] = ("", "")  # (writer, text) on `_other_item`
        self._other_item: int | None | bool = False  # the item `_other` was read for (False: none yet)
        self._other_changed: float | None = None  # when their text last changed, on our clock
        self._other_polled = float("-inf")
        self._other_drawn: tuple | None = None
        self._head_drawn: tuple | None = None
        self._show_focus()

    def _monotonic(self) -> float:
        # Read by the save worker's thread too: the clock is taken once, at mount.
        return self._clock.monotonic() if self._clock is not None else time.monotonic()

    def compose(self) -> ComposeResult:
        yield Static("", id="notes-head")
        self._area = NoteArea(id="notes-text", soft_wrap=True, show_line_numbers=False, tab_behavior="focus",
                              placeholder=_("Notes on this item. Type @ to tag a participant."))
        yield self._area
        self._picker = NamePicker(self._area, self.participants, id="notes-picker")
        yield self._picker
        yield Static("", id="notes-other")

    @property
    def area(self) -> NoteArea:
        return self._area

    @property
    def picker(self) -> NamePicker:
        return self._picker

    @property
    def saving(self) -> bool:
        """A save worker is under way: started, and its result not handled yet."""
        # A worker cancelled before it ran never reports back; Textual cancels only when the pane goes.
        return any(not worker.is_cancelled for worker in self._save_workers)

    def on_mount(self) -> None:
        self._clock = self.app.clock
        self.set_interval(TICK_SECONDS, self._tick)
        self._find_rescued()
        self._show_head()

    # -- which note is on screen -----------------------------------------------------------------

    def follow(self, item_id: int | None, title: str) -> None:
        """The host's current item changed (or was first set)."""
        self._following = (item_id, title)
        if not self.pinned:
            self._open(item_id, title)

    def _open(self, item_id: int | None, title: str) -> None:
        if self._loaded and item_id == self.item_id:
            self.item_title = title
            self._show_head()
            return
        self._capture()
        previous, was_loaded = self.item_id, self._loaded
        self.item_id, self.item_title, self._loaded = item_id, title, True
        self._titles_seen[item_id] = title
        self.area.load_text(self._draft(item_id).text)
        self.area.move_cursor(self.area.document.end)
        self.picker.close()
        self._show_head()
        self._follow_others(now=True)
        if was_loaded and previous != item_id and self.saver.dirty:
            self._save(flush=True)

    def _draft(self, item_id: int | None) -> Draft:
        """The item's unsaved draft, or else a fresh one from its stored note."""
        from kursrom.store.live import note_of

        draft = self.saver.get(item_id)
        if draft is not None and draft.dirty:
            return draft
        note = note_of(self.store, self.session_id, item_id, self.writer)
        return self.saver.load(item_id, note.text if note else "",
                               follow_up=bool(note and note.follow_up), quote=bool(note and note.quote))

    def _capture(self) -> None:
        """Hand the autosaver what is on screen now (a Changed message may still be queued)."""
        if self._loaded:
            self.saver.edit(self.item_id, text=self._area.text)

    # -- editing ---------------------------------------------------------------------------------

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if not self._loaded:
            return
        self.saver.edit(self.item_id, text=event.text_area.text)
        self.picker.update_for_cursor()
        self._refresh_state()

    def on_text_area_selection_changed(self, event: TextArea.SelectionChanged) -> None:
        event.stop()
        if self.area.picker_open:
            self.picker.update_for_cursor()
        self._show_head()  # the flags of the paragraph the cursor is in

    def on_note_area_picker_key(self, message: NoteArea.PickerKey) -> None:
        message.stop()
        self.picker.press(message.key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "restore":
            return True if self.rescued else None
        return True

    def action_toggle_follow_up(self) -> None:
        toggle_flag(self, FlagKind.FOLLOW_UP)

    def action_toggle_quote(self) -> None:
        toggle_flag(self, FlagKind.QUOTE)

    def action_leave(self) -> None:
        self.post_message(self.Leave())

    def action_browse(self) -> None:
        self._capture()
        self._save(flush=True)

        def chosen(item_id: int | None | bool) -> None:
            if item_id is False or item_id is None:
                return
            if item_id is True:  # back to the current item
                self.pinned = False
                self._open(*self._following)
            else:
                title = dict(self._titles()).get(item_id, "")
                self.pinned = item_id != self._following[0]
                self._open(item_id, title)
            self.area.focus()
            if browser.typed:  # typed while the list was open: it goes on here, at the end
                self.area.move_cursor(self.area.document.end)
                self.area.insert(browser.typed)

        browser = NotesBrowser(self.store, self.session_id, self._following[0])
        self.app.push_screen(browser, chosen)

    def _titles(self) -> list[tuple[int, str]]:
        from kursrom.store.rounds import agenda_of

        return [(item.id, item.title) for item in agenda_of(self.store, self.session_id)]

    # -- saving ----------------------------------------------------------------------------------

    def _tick(self) -> None:
        if not self.saving and self.saver.due():
            self._save()
        self._refresh_state()
        self._follow_others()

    def _save(self, *, flush: bool = False) -> None:
        if self.saving and not flush:
            return
        self._save_workers.add(self._save_in_background(flush))

    # Not exclusive: cancelling a worker that has not run yet would lose its report. Overlapping
    # saves are safe, as the Autosaver runs them one at a time, each writing the newest text.
    @work(thread=True, exit_on_error=False, group="notes-save")
    def _save_in_background(self, flush: bool) -> None:
        results: list[SaveResult] = []
        try:
            results = self.saver.flush() if flush else self.saver.save_due()
        finally:
            self.post_message(self.SaveDone(get_current_worker(), results))

    def on_notes_pane_save_done(self, message: SaveDone) -> None:
        message.stop()
        self._save_workers.discard(message.worker)
        failed = [r for r in message.results if not r.ok]
        if failed and not self._warned:
            self._warned = True
            self.notify(_("The note could not be saved ({error}). The text stays here and saving is retried.")
                        .format(error=failed[0].error), severity="error", timeout=10)
        if not self.saver.failing and self._warned and any(r.ok for r in message.results):
            self._warned = False
            self.notify(_("The notes are saved again."), timeout=4)
        self._restored()
        self._refresh_state()

    def on_descendant_blur(self, _event: DescendantBlur) -> None:
        self._show_focus()
        self.picker.close()
        if self.saver.dirty:
            self._capture()
            self._save(flush=True)

    def flush_now(self) -> bool:
        """Save everything now, blocking (on exit). True when nothing is left unsaved."""
        self._capture()
        self.saver.flush()
        return not self.saver.dirty

    def on_unmount(self) -> None:
        if self.saver.dirty:
            try:
                self._capture()
                self.saver.flush(stop_at_failure=True)
            except Exception:  # noqa: BLE001 - never let a failed last save stop the app closing
                pass
        if self.saver.dirty:
            self.rescue()

    # -- rescued notes ---------------------------------------------------------------------------

    def rescue(self) -> Path | None:
        """Keep what could not be saved in a rescue file (or, failing that, on stderr at exit).
        Returns the file, or None."""
        database = str(Path(self.store.path).resolve())
        notes = [Rescued(database, self.session_id, draft.key, self.writer, self._titles_seen.get(draft.key, ""),
                         draft.text, draft.follow_up, draft.quote, erasures=self._erasures or 0)
                 for draft in self.saver.unsaved()]
        if not notes:
            return None
        reason = self.saver.last_error() or _("the notes closed before they were saved")
        return keep_unsaved(self.app, self.store, notes, reason)

    def _find_rescued(self) -> None:
        # What this pane keeps in a rescue file later is as old as this count: if someone is erased
        # meanwhile, the rescue is not offered back (`kursrom.widgets.notes.rescue`).
        self._erasures = erasures_now(self.store)
        self.rescued = rescues_of(self.store, self.session_id, self.writer)
        self.refresh_bindings()

    def action_restore(self) -> None:
        """Put rescued notes back into this session's notes; the files go once they are saved."""
        if not self.rescued:
            return
        self._capture()
        for _path, notes in self.rescued:
            for note in notes:
                draft = self._draft(note.item_id)
                text = merged(draft.text, note.text)
                self.saver.edit(note.item_id, text=text, follow_up=draft.follow_up or note.follow_up,
                                quote=draft.quote or note.quote)
                self._titles_seen.setdefault(note.item_id, note.title)
                if note.item_id == self.item_id and self._loaded:
                    self.area.load_text(text)
                    self.area.move_cursor(self.area.document.end)
        self._restoring = [path for path, _notes in self.rescued]
        self.rescued = []
        self.refresh_bindings()
        self._show_head()
        self._save(flush=True)

    def _restored(self) -> None:
        """After a save: once nothing rescued is unsaved any more, the rescue files go."""
        if not self._restoring or self.saver.dirty:
            return
        delete_rescue_files(self._restoring)
        self._restoring = []
        self.notify(_("The rescued notes are back in place and saved; the rescue file was deleted."), timeout=6)

    # -- the header ------------------------------------------------------------------------------

    def _refresh_state(self) -> None:
        if self.saver.failing:
            state = "failed"
        elif self.saver.dirty or self.saving:
            state = "pending"
        else:
            state = "saved"
        self.save_state = state

    def watch_save_state(self, state: str) -> None:
        # Only a failure changes the pane's style (a class change restyles the whole pane, too dear
        # to do twice a second while someone types); "saving" and "saved" are in the header only.
        self.set_class(state == "failed", "-failed")
        self._show_head()

    def _show_head(self) -> None:
        if not self.is_mounted:
            return
        head = Text(no_wrap=True, overflow="ellipsis")
        if self.pinned:
            head.append(_("Earlier: "), style="italic")
        head.append(self.item_title or _("No item"), style="bold")
        if self.rescued:
            head.append("  " + _("Ctrl+R: rescued notes"), style="bold reverse yellow")
        head.append(flag_badges(self.area, self.participants))
        head.append("  ")
        state = self.save_state
        if state == "failed":
            head.append("⚠ " + _("NOT SAVED, retrying"), style="bold reverse red")
        elif state == "pending":
            head.append("… " + _("saving"), style="dim")
        else:
            head.append("✓ " + _("saved"), style="dim green")
        # Asked after every key (the cursor moved): most keys change nothing in it, and a Static
        # updated is a region repainted while the key itself waits to be drawn.
        drawn = (head.plain, tuple(head.spans))
        if drawn != self._head_drawn:
            self._head_drawn = drawn
            line = self.query_one("#notes-head", Static)
            typing_frames(self.app).draw(line, lambda: line.update(head, layout=False))

    # -- where the keys go -------------------------------------------------------------------------

    def on_descendant_focus(self, _event: DescendantFocus) -> None:
        self._show_focus()

    def _show_focus(self) -> None:
        """The border says whether the keys write here, or how to get here."""
        writing = self.is_mounted and self._area.has_focus
        self.border_title = _("Notes") + " · " + (_("typing") if writing else _("F2: write"))

    def add_text(self, text: str) -> None:
        """Text typed elsewhere by mistake (held by the live screen), put at the end of this note."""
        if not text.strip():
            return
        current = self.area.text
        gap = "" if not current or current.endswith((" ", "\n")) else " "
        self.area.move_cursor(self.area.document.end)
        self.area.insert(gap + text)
        self._capture()

    # -- the other writer --------------------------------------------------------------------------

    class OthersRead(Message):
        """What the other terminals have written on an item, read in a thread: (writer, text)."""

        def __init__(self, item_id: int | None, found: tuple[str, str]) -> None:
            super().__init__()
            self.item_id = item_id
            self.found = found

    def _follow_others(self, *, now: bool = False) -> None:
        """Every `OTHER_POLL_SECONDS` (and at once on another item), read in a thread what the other
        terminal writes on this item; redraw the read-only lines when what they show changes."""
        if not (self.show_others and self._loaded and self.is_mounted):
            return
        clock = self._monotonic()
        if now or clock - self._other_polled >= OTHER_POLL_SECONDS:
            self._other_polled = clock
            self._read_others(self.item_id)
        self._show_other(clock)

    @work(thread=True, exclusive=True, exit_on_error=False, group="notes-other")
    def _read_others(self, item_id: int | None) -> None:
        from kursrom.store.live import latest_other_note

        try:
            found = latest_other_note(self.store, self.session_id, item_id, self.writer)
        except Exception:  # noqa: BLE001 - a busy or vanished file: look again at the next poll
            return
        self.post_message(self.OthersRead(item_id, found))

    def on_notes_pane_others_read(self, message: OthersRead) -> None:
        message.stop()
        if message.item_id != self.item_id:
            return  # read for an item no longer on screen
        clock = self._monotonic()
        seen_before = self._other_item == message.item_id
        if message.found != self._other or not seen_before:
            # Changed since we last looked at this item: they are writing. First sight: not known.
            typed_on = seen_before and message.found[0] == self._other[0] and message.found[1] != self._other[1]
            self._other_changed = clock if typed_on else None
            self._other, self._other_item = message.found, message.item_id
        self._show_other(clock)

    def _show_other(self, clock: float) -> None:
        writer, text = self._other if self._other_item == self.item_id else ("", "")
        writing = self._other_changed is not None and clock - self._other_changed < OTHER_TYPING_SECONDS
        width = max(self.size.width - 2, 20)
        drawn = (writer, text, writing, width)
        if drawn == self._other_drawn:
            return
        self._other_drawn = drawn
        line = self.query_one("#notes-other", Static)
        line.display = bool(text)
        if not text:
            return
        shown = Text(no_wrap=False)
        shown.append(writer_label(writer, self.writer), style="bold italic")
        if writing:
            shown.append("  ✎ " + _("writing now"), style="bold green")
        tail = " ".join(text.split())
        if len(tail) > 2 * width:
            tail = "…" + tail[-(2 * width - 1):]
        shown.append("\n" + tail, style="italic")
        line.update(shown)


def writer_label(writer: str, own: str) -> str:
    """Who wrote a note, for the other terminal: the co-facilitator's window, or the facilitator's
    (and on which machine, when it is not this one)."""
    role, _at, host = writer.partition("@")
    who = _("Co-facilitator") if role == "notes" else _("Facilitator") if role == "live" else role
    if host and host != own.partition("@")[2]:
        who = f"{who} ({host})"
    return _("{who}, read only:").format(who=who)
