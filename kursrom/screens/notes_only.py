"""`kursrom notes`: only the notes pane, for the co-facilitator in a second terminal.

It finds the running session, and follows the facilitator's current item by asking the database
once a second (a WAL read never waits for the other process's writes). Its notes are its own rows
("notes@host"), so the two terminals never write over each other.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Container
from textual.screen import Screen
from textual.widgets import Static

from kursrom.core.vocabulary import SessionStatus
from kursrom.i18n import _
from kursrom.widgets.footer import Footer
from kursrom.widgets.notes import NotesPane
from kursrom.widgets.topline import TopLine
from kursrom.widgets.services import AppServices

#: Seconds between two looks at the facilitator's current item.
POLL_SECONDS = 1.0


class NotesOnlyScreen(AppServices, Screen[None]):
    DEFAULT_CSS = """
    NotesOnlyScreen #notes-only-status {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    NotesOnlyScreen #notes-only-body {
        height: 1fr;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.session_id: int | None = None
        self.item_id: int | None = None
        self.status = ""
        self.titles: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        yield TopLine(_("Notes"))
        yield Static(_("Opening the database…"), id="notes-only-status")
        yield Container(id="notes-only-body")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "store", self._store_ready, init=True)
        self.set_interval(POLL_SECONDS, self.poll)

    def _store_ready(self, store: object) -> None:
        if store is not None:
            self.poll()

    def poll(self) -> None:
        """Find the running session, then follow its current item."""
        from kursrom.store.live import current_item_id, running_session

        if not self.store_is_open:
            return
        store = self.store
        try:
            if self.session_id is None or self.status != SessionStatus.RUNNING:
                running = running_session(store)
                if running is not None and running.id != self.session_id:
                    self._open_session(running.id)
            if self.session_id is None:
                self._status(_("No session is running. This window follows the facilitator as soon as one starts."))
                return
            status, item_id = current_item_id(store, self.session_id)
        except Exception as error:  # noqa: BLE001 - a busy or vanished file: say so and look again
            self._status(_("Cannot read the database just now ({error}); trying again.").format(error=error))
            return
        self.status = status
        if item_id != self.item_id:
            self.item_id = item_id
            self._follow()
        if status == SessionStatus.RUNNING:
            self._status("")
        else:
            self._status(_("The session has ended. Your notes stay editable."))

    def _open_session(self, session_id: int) -> None:
        from kursrom.store.live import load, note_writer

        body = self.query_one("#notes-only-body", Container)
        for old in body.query(NotesPane):
            old.flush_now()
        body.remove_children()
        snapshot = load(self.store, session_id)
        self.session_id = session_id
        self.item_id = snapshot.session.current_item_id
        self.status = snapshot.session.status
        self.titles = {item.id: item.title for item in snapshot.items}
        theme = snapshot.session.theme or snapshot.session.title
        course = snapshot.course_round.title if snapshot.course_round else ""
        self.query_one(TopLine).title = _("Notes – {theme} · {course}").format(theme=theme, course=course)
        pane = NotesPane(self.store, session_id, note_writer("notes"), snapshot.participants, id="notes")
        body.mount(pane)
        self.call_after_refresh(self._follow, True)

    def _follow(self, focus: bool = False) -> None:
        from kursrom.store.rounds import agenda_of

        panes = self.query(NotesPane)
        if not panes:
            return
        if self.item_id not in self.titles and self.session_id is not None:
            self.titles = {item.id: item.title for item in agenda_of(self.store, self.session_id)}
        title = self.titles.get(self.item_id, "")
        panes.first().follow(self.item_id, title)
        self.query_one(TopLine).detail = title
        if focus:
            panes.first().area.focus()

    def _status(self, text: str) -> None:
        status = self.query_one("#notes-only-status", Static)
        status.update(text)
        status.display = bool(text)

    def on_notes_pane_leave(self, message: NotesPane.Leave) -> None:
        message.stop()  # nowhere else to go: the pane is the whole screen
