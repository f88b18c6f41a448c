"""The co-facilitator's notes pane: a note per agenda item, saved by itself, with @name tags and
follow-up / quote flags. Used by the live-session screen and by `kursrom notes`.

Saving is the `kursrom.core.autosave.Autosaver`'s business: this pane tells it about edits,
asks it on a display timer what is due, and runs the saves in a worker thread. A failed save keeps
the text on screen, shows a marker and a notification, and is retried until it succeeds.

If the pane closes (the app quits, the screen is left) while saving still fails, the unsaved text
goes to a rescue file beside the database, or, should that fail too, to stderr once the app has
closed. The next time the session's notes open, Ctrl+R puts rescued text back (`announce_rescued`
tells about rescue files at start-up).
"""

from __future__ import annotations

import atexit
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import DescendantBlur
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option
from textual.worker import Worker, get_current_worker

from kursrom.core.autosave import Autosaver, Rescued, SaveResult, find_rescues, merged, rescue_text, write_rescue
from kursrom.i18n import _

if TYPE_CHECKING:
    from kursrom.store.db import Store
    from kursrom.store.models import Participant

#: What an @-tag looks like up to the cursor: "@" and the start of a name.
TAG_QUERY = re.compile(r"(?:^|(?<=\s))@([^\s@]*)$")
PICKER_ROWS = 6


class NoteArea(TextArea):
    """A TextArea that lets the name picker have the arrow keys, Enter, Tab and Escape while it is open."""

    BINDINGS = [
        Binding("up", "picker_move(-1)", show=False, priority=True, id="notes.picker_up"),
        Binding("down", "picker_move(1)", show=False, priority=True, id="notes.picker_down"),
        Binding("enter,tab", "picker_pick", show=False, priority=True, id="notes.picker_pick"),
        Binding("escape", "picker_close", show=False, priority=True, id="notes.picker_close"),
    ]

    picker_open: reactive[bool] = reactive(False, bindings=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action.startswith("picker_"):
            return self.picker_open and self.has_focus
        return super().check_action(action, parameters)

    def action_picker_move(self, step: int) -> None:
        self.post_message(NotesPane.PickerKey(self, "down" if step > 0 else "up"))

    def action_picker_pick(self) -> None:
        self.post_message(NotesPane.PickerKey(self, "pick"))

    def action_picker_close(self) -> None:
        self.post_message(NotesPane.PickerKey(self, "close"))


class NamePicker(OptionList):
    DEFAULT_CSS = """
    NamePicker {
        position: absolute;
        overlay: screen;
        constrain: inside inflect;
        width: auto;
        max-width: 40;
        height: auto;
        max-height: 8;
        border: round $accent;
        background: $surface;
        display: none;
        padding: 0;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.can_focus = False


def rescue_folders(store: Store) -> list[Path]:
    """Where rescue files go, in order: beside the database, then the user's data folder."""
    from kursrom.paths import user_data_dir

    return [Path(store.path).resolve().parent, user_data_dir()]


def announce_rescued(app, store: Store) -> None:  # noqa: ANN001 - a KursromApp
    """At start-up: say where notes rescued from an earlier run of this database are kept."""
    try:
        found = find_rescues(rescue_folders(store), store.path)
    except OSError:
        return
    if found:
        app.notify(_("Notes that could not be saved when kursrom last closed are kept in {path}. Open the "
                     "session's notes (F2) and press Ctrl+R to put them back.").format(path=found[-1][0]),
                   severity="warning", timeout=20)


def matching(participants: Sequence[Participant], query: str) -> list[Participant]:
    """Enrolled people whose name, or a word of it, starts with `query` (case and accents as typed)."""
    wanted = query.casefold()
    if not wanted:
        return list(participants)
    return [p for p in participants
            if p.name.casefold().startswith(wanted) or any(w.startswith(wanted) for w in p.name.casefold().split())]


class NotesPane(Vertical):
    """Notes on the agenda item the host shows (`follow`), or on an earlier item picked with F5."""

    DEFAULT_CSS = """
    NotesPane {
        border: round $secondary;
        height: 1fr;
    }
    NotesPane:focus-within {
        border: round $accent;
    }
    NotesPane.-failed {
        border: heavy $error;
    }
    NotesPane > #notes-head {
        height: 1;
    }
    NotesPane > NoteArea {
        height: 1fr;
        border: none;
        padding: 0;
    }
    NotesPane > NoteArea:focus {
        border: none;
    }
    """

    BINDINGS = [
        Binding("ctrl+o", "toggle_follow_up", _("Follow-up"), id="notes.follow_up"),
        Binding("ctrl+t", "toggle_quote", _("Quote"), id="notes.quote"),
        Binding("f5", "browse", _("Earlier notes"), id="notes.browse"),
        Binding("ctrl+r", "restore", _("Restore rescued notes"), id="notes.restore"),
        Binding("escape", "leave", _("Leave notes"), id="notes.leave"),
    ]

    class Leave(Message):
        """Escape in the pane: the host moves focus elsewhere."""

    class PickerKey(Message):
        def __init__(self, area: NoteArea, key: str) -> None:
            super().__init__()
            self.area = area
            self.key = key

    class SaveState(Message):
        """The autosave marker changed: "saved", "pending" or "failed" (with the reason)."""

        def __init__(self, state: str, error: str = "") -> None:
            super().__init__()
            self.state = state
            self.error = error

    class SaveDone(Message):
        def __init__(self, worker: Worker, results: list[SaveResult]) -> None:
            super().__init__()
            self.worker = worker
            self.results = results

    #: "saved", "pending" or "failed": shown in the header; a failure also marks the pane's border.
    save_state: reactive[str] = reactive("saved")

    def __init__(self, store: Store, session_id: int, writer: str, participants: Sequence[Participant], *,
                 saver: Autosaver | None = None, **kwargs) -> None:
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
        self._picker_start: tuple[int, int] | None = None
        self._picker_suppressed = False
        self._clock = None
        self._titles_seen: dict[int | None, str] = {}
        #: Rescue files of this session and writer, and their notes, until put back.
        self.rescued: list[tuple[Path, list[Rescued]]] = []
        self._restoring: list[Path] = []
        self.border_title = _("Notes")

    def _monotonic(self) -> float:
        # Read by the save worker's thread too: the clock is taken once, at mount.
        return self._clock.monotonic() if self._clock is not None else time.monotonic()

    def compose(self) -> ComposeResult:
        yield Static("", id="notes-head")
        self._area = NoteArea(id="notes-text", soft_wrap=True, show_line_numbers=False, tab_behavior="focus",
                              placeholder=_("Notes on this item. Type @ to tag a participant."))
        yield self._area
        yield NamePicker(id="notes-picker")

    @property
    def area(self) -> NoteArea:
        return self._area

    @property
    def saving(self) -> bool:
        """A save worker is under way: started, and its result not handled yet."""
        # A worker cancelled before it ran never reports back; Textual cancels only when the pane goes.
        return any(not worker.is_cancelled for worker in self._save_workers)

    @property
    def picker(self) -> NamePicker:
        return self.query_one("#notes-picker", NamePicker)

    def on_mount(self) -> None:
        self._clock = self.app.clock
        self.set_interval(0.1, self._tick)
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
        from kursrom.store.live import note_of

        self._capture()
        previous, was_loaded = self.item_id, self._loaded
        self.item_id, self.item_title, self._loaded = item_id, title, True
        self._titles_seen[item_id] = title
        draft = self.saver.get(item_id)
        if draft is None or not draft.dirty:
            note = note_of(self.store, self.session_id, item_id, self.writer)
            draft = self.saver.load(item_id, note.text if note else "",
                                    follow_up=bool(note and note.follow_up), quote=bool(note and note.quote))
        self.area.load_text(draft.text)
        self.area.move_cursor(self.area.document.end)
        self._close_picker()
        self._show_head()
        if was_loaded and previous != item_id and self.saver.dirty:
            self._save(flush=True)

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
        self._update_picker()
        self._refresh_state()

    def on_text_area_selection_changed(self, event: TextArea.SelectionChanged) -> None:
        event.stop()
        if self.area.picker_open:
            self._update_picker()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "restore":
            return True if self.rescued else None
        return True

    def action_toggle_follow_up(self) -> None:
        draft = self.saver.get(self.item_id)
        self.saver.edit(self.item_id, follow_up=not (draft.follow_up if draft else False))
        self._show_head()

    def action_toggle_quote(self) -> None:
        draft = self.saver.get(self.item_id)
        self.saver.edit(self.item_id, quote=not (draft.quote if draft else False))
        self._show_head()

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

        self.app.push_screen(NotesBrowser(self.store, self.session_id, self._following[0]), chosen)

    def _titles(self) -> list[tuple[int, str]]:
        from kursrom.store.rounds import agenda_of

        return [(item.id, item.title) for item in agenda_of(self.store, self.session_id)]

    # -- the @name picker ------------------------------------------------------------------------

    def _tag_query(self) -> tuple[str, tuple[int, int]] | None:
        area = self.area
        row, column = area.cursor_location
        line = area.document.get_line(row)[:column]
        found = TAG_QUERY.search(line)
        if found is None:
            return None
        return found.group(1), (row, found.start())

    def _update_picker(self) -> None:
        query = self._tag_query() if self.area.has_focus or self.area.picker_open else None
        if query is None:
            self._picker_suppressed = False
            self._close_picker()
            return
        if self._picker_suppressed:
            return
        text, start = query
        names = matching(self.participants, text)
        if not names:
            self._close_picker()
            return
        picker = self.picker
        picker.set_options(Option(p.name, id=str(p.id)) for p in names[:50])
        picker.highlighted = 0
        self._picker_start = start
        picker.display = True
        self.area.picker_open = True
        self._place_picker()

    def _place_picker(self) -> None:
        cursor = self.area.cursor_screen_offset
        origin = self.content_region.offset
        self.picker.styles.offset = (max(0, cursor.x - origin.x), cursor.y - origin.y + 1)

    def _close_picker(self) -> None:
        if not self.is_mounted:
            return
        self.picker.display = False
        self.area.picker_open = False
        self._picker_start = None

    def on_notes_pane_picker_key(self, message: PickerKey) -> None:
        message.stop()
        picker = self.picker
        if message.key == "up":
            picker.action_cursor_up()
        elif message.key == "down":
            picker.action_cursor_down()
        elif message.key == "close":
            self._picker_suppressed = True
            self._close_picker()
        elif message.key == "pick":
            option = picker.highlighted_option
            if option is not None:
                self._insert_tag(option.prompt if isinstance(option.prompt, str) else str(option.prompt))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is self.picker:
            event.stop()
            self._insert_tag(str(event.option.prompt))
            self.area.focus()

    def _insert_tag(self, name: str) -> None:
        start = self._picker_start
        if start is None:
            return
        self.area.replace(f"@{name} ", start, self.area.cursor_location)
        self._close_picker()

    # -- saving ----------------------------------------------------------------------------------

    def _tick(self) -> None:
        if not self.saving and self.saver.due():
            self._save()
        self._refresh_state()

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
        self._close_picker()
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

    # -- rescue files ----------------------------------------------------------------------------

    def rescue(self) -> Path | None:
        """Keep what could not be saved in a rescue file; if even that fails, have it printed to
        stderr when the app has closed. Returns the file, or None."""
        database = str(Path(self.store.path).resolve())
        notes = [Rescued(database, self.session_id, draft.key, self.writer, self._titles_seen.get(draft.key, ""),
                         draft.text, draft.follow_up, draft.quote) for draft in self.saver.unsaved()]
        if not notes:
            return None
        reason = self.saver.last_error() or _("the notes closed before they were saved")
        when = self.app.clock.now()
        try:
            path = write_rescue(rescue_folders(self.store), notes, reason=reason, when=when)
        except OSError as error:
            text = rescue_text(notes, reason=f"{reason}; {error}", when=when)
            atexit.register(print_rescued, text)
            self.app.notify(_("The notes could not be saved or kept in a file ({error}); their text is printed "
                              "when kursrom closes.").format(error=error), severity="error", timeout=30)
            return None
        self.app.notify(_("The notes could not be saved ({error}); they are kept in {path}.").format(
            error=reason, path=path), severity="error", timeout=30)
        return path

    def _find_rescued(self) -> None:
        try:
            found = find_rescues(rescue_folders(self.store), self.store.path)
        except OSError:
            found = []
        self.rescued = [(path, notes) for path, notes in found
                        if all(n.session_id == self.session_id and n.writer == self.writer for n in notes)]
        self.refresh_bindings()

    def action_restore(self) -> None:
        """Put rescued notes back into this session's notes; the files go once they are saved."""
        from kursrom.store.live import note_of

        if not self.rescued:
            return
        self._capture()
        for _path, notes in self.rescued:
            for note in notes:
                draft = self.saver.get(note.item_id)
                if draft is None or not draft.dirty:
                    stored = note_of(self.store, self.session_id, note.item_id, self.writer)
                    draft = self.saver.load(note.item_id, stored.text if stored else "",
                                            follow_up=bool(stored and stored.follow_up),
                                            quote=bool(stored and stored.quote))
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
        for path in self._restoring:
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass
        self._restoring = []
        self.notify(_("The rescued notes are back in place and saved; the rescue file was deleted."), timeout=6)

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
        self.post_message(self.SaveState(state, self.saver.last_error() if state == "failed" else ""))

    def _show_head(self) -> None:
        if not self.is_mounted:
            return
        draft = self.saver.get(self.item_id)
        head = Text(no_wrap=True, overflow="ellipsis")
        if self.pinned:
            head.append(_("Earlier: "), style="italic")
        head.append(self.item_title or _("No item"), style="bold")
        if self.rescued:
            head.append("  " + _("Ctrl+R: rescued notes"), style="bold reverse yellow")
        if draft and draft.follow_up:
            head.append("  " + _("FOLLOW-UP"), style="bold reverse magenta")
        if draft and draft.quote:
            head.append("  " + _("QUOTE"), style="bold reverse cyan")
        head.append("  ")
        state = self.save_state
        if state == "failed":
            head.append("⚠ " + _("NOT SAVED, retrying"), style="bold reverse red")
        elif state == "pending":
            head.append("… " + _("saving"), style="dim")
        else:
            head.append("✓ " + _("saved"), style="dim green")
        self.query_one("#notes-head", Static).update(head, layout=False)


def print_rescued(text: str) -> None:
    """At exit, after the app has given the terminal back: the notes nothing else could keep."""
    print(text, file=sys.stderr, flush=True)


class NotesBrowser(ModalScreen[int | bool | None]):
    """Every note of the session, item by item; Enter opens one in the pane (True: the current item)."""

    BINDINGS = [Binding("escape", "dismiss(None)", _("Close"), id="notes.browser_close")]
    DEFAULT_CSS = """
    NotesBrowser {
        align: center middle;
    }
    NotesBrowser > OptionList {
        width: 90%;
        max-width: 100;
        height: 80%;
        border: thick $primary;
        background: $surface;
    }
    """

    def __init__(self, store: Store, session_id: int, current_id: int | None) -> None:
        super().__init__()
        self.store = store
        self.session_id = session_id
        self.current_id = current_id

    def compose(self) -> ComposeResult:
        from kursrom.store.live import notes_of
        from kursrom.store.rounds import agenda_of

        notes = notes_of(self.store, self.session_id)
        by_item: dict[int | None, list] = {}
        for note in notes:
            by_item.setdefault(note.item_id, []).append(note)
        options: list[Option] = [Option(Text(_("Back to the current item"), style="bold"), id="current")]
        for item in agenda_of(self.store, self.session_id):
            texts = [n.text.strip().replace("\n", " ") for n in by_item.get(item.id, []) if n.text.strip()]
            line = Text(item.title, style="bold" if item.id == self.current_id else "")
            if texts:
                line.append("\n  " + " | ".join(t[:120] for t in texts), style="dim")
            options.append(Option(line, id=str(item.id)))
        browser = OptionList(*options, id="notes-browser")
        browser.border_title = _("Notes of this session")
        yield browser

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(True if event.option.id == "current" else int(event.option.id))
