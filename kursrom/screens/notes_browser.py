"""Every note of the session, item by item (F5 in the notes pane); Enter opens one in the pane.
Typing closes the list and goes into the current item's notes (`typed`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from kursrom.i18n import _

if TYPE_CHECKING:
    from kursrom.store.db import Store


class NotesBrowser(ModalScreen[int | bool | None]):
    """Returns the item picked, True for the current item, None when closed."""

    BINDINGS = [Binding("escape", "dismiss(None)", _("Close"), id="notes.browser_close")]
    CSS_PATH = "notes_browser.tcss"

    def __init__(self, store: Store, session_id: int, current_id: int | None) -> None:
        super().__init__()
        self.store = store
        self.session_id = session_id
        self.current_id = current_id
        #: What was typed while the list was open, for the notes: a list takes no letters.
        self.typed = ""

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

    def on_key(self, event: events.Key) -> None:
        if not (event.is_printable and event.character):
            return
        event.stop()
        event.prevent_default()
        if not self.typed:
            self.dismiss(True)  # back to the current item, where the keys go on
        self.typed += event.character

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(True if event.option.id == "current" else int(event.option.id))
