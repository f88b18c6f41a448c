"""Check-in: everyone enrolled, marked present, late, absent or left early, fast by keyboard.

A mark moves the cursor to the next person, so a group of 35 is one key each. Every mark and every
correction is stored as an event with the terminal that made it (`kursrom.store.live.mark`); the
table shows each person's latest. The screen can be opened again at any time during the session.

Its keys pass the live screen's key guard (`kursrom.widgets.held_keys`): a facilitator who types a
sentence here, believing the notes have the keys, marks nobody. Letters that arrive as typing are
held and shown; F2 takes them to the session's notes, Escape sets them aside. The digits may come in
a quick run (1 1 2 1: one key a person) and each marks its person, a quarter of a second after it
is pressed or as soon as the next digit comes; a digit followed by words is typing too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from kursrom.core.vocabulary import TIMED, AttendanceStatus
from kursrom.i18n import _
from kursrom.widgets.attendance import (
    AskText, AttendanceHistory, AttendanceTable, NameSearch, local_hm, parse_local_time, status_label, summary_text,
)
from kursrom.widgets.fitting import FitLabel
from kursrom.widgets.footer import Footer
from kursrom.widgets.held_keys import GuardedKeys, HeldText
from kursrom.widgets.topline import TopLine
from kursrom.widgets.services import AppServices

if TYPE_CHECKING:
    from kursrom.core.autosave import Rescued
    from kursrom.screens.live import LiveSessionScreen
    from kursrom.store.journal import Undone
    from kursrom.store.models import AttendanceEvent

#: Keys that mark in quick runs (`KeyGuard`'s chained keys).
MARK_DIGITS = frozenset("1234")


class CheckInScreen(GuardedKeys, AppServices, Screen[bool]):
    CSS_PATH = "checkin.tcss"
    BINDINGS = [
        Binding("1,p", "mark('present')", _("Present"), id="checkin.present"),
        Binding("2,l", "mark('late')", _("Late"), id="checkin.late"),
        Binding("3,a", "mark('absent')", _("Absent"), id="checkin.absent"),
        Binding("4,e", "mark('left_early')", _("Left early"), id="checkin.left_early"),
        Binding("slash", "search", _("Find"), id="checkin.search"),
        Binding("r", "reason", _("Reason"), id="checkin.reason"),
        Binding("t", "time", _("Time"), id="checkin.time"),
        Binding("m", "rest_present", _("Rest present"), id="checkin.rest"),
        Binding("h", "history", _("History"), id="checkin.history"),
        Binding("c", "consent", _("Consent"), id="checkin.consent"),
        Binding("ctrl+z", "undo", _("Undo"), id="checkin.undo"),
        Binding("f2", "to_notes", _("Notes"), priority=True, id="checkin.notes"),
        Binding("escape", "done", _("Back to the session"), id="checkin.done"),
    ]
    held_reason = _("typing held back on the check-in screen")
    unguarded = frozenset({"slash"})

    def __init__(self, session_id: int, live: LiveSessionScreen | None = None) -> None:
        super().__init__()
        self.session_id = session_id
        #: The live screen under this one: its notes take the text held here.
        self.live = live
        #: Whether anything was marked; the live screen reloads attendance when it comes back.
        self.changed = False

    def compose(self) -> ComposeResult:
        yield TopLine(_("Attendance"))
        yield Static("", id="checkin-summary")
        yield AttendanceTable(id="checkin-table")
        yield FitLabel(_("1 present · 2 late · 3 absent · 4 left early · / find a name · m the rest present · "
                         "r reason · t time · h history"), id="checkin-help")
        yield NameSearch(lambda text: self.table.find(text), id="checkin-search")
        yield HeldText(id="checkin-held")
        yield Footer(compact=True)

    @property
    def table(self) -> AttendanceTable:
        return self.query_one(AttendanceTable)

    def on_mount(self) -> None:
        self.guard_keys(self.held_note, chained=MARK_DIGITS)
        # As often as the live screen looks: a lone key due to act, held text to keep on disk.
        from kursrom.screens.live import REFRESH_SECONDS

        self.set_interval(REFRESH_SECONDS, self._guard_tick)
        self.reload()
        self.table.focus()

    def _guard_tick(self) -> None:
        self.release_due()
        self.keep_held()

    def held_note(self, text: str) -> Rescued:
        """Text held back here belongs to the session's notes, on the item the live screen shows."""
        if self.live is not None:
            return self.live.held_note(text)
        from kursrom.core.autosave import Rescued
        from kursrom.store.live import note_writer

        return Rescued(str(Path(self.store.path).resolve()), self.session_id, None, note_writer("live"), "", text,
                       erasures=self._held_erasures or 0)

    def notes_for_held(self) -> Any:
        return self.live.notes if self.live is not None else None

    def action_to_notes(self) -> None:
        """F2: back to the session, in its notes, with any text held here (once the keys typed
        before F2 have reached it)."""
        self.in_key_order(self._to_notes)

    def _to_notes(self) -> None:
        if not self.is_current:
            return
        live = self.live
        if live is not None:
            self.hand_held_to(live)
        elif self.guard.held.strip():
            self.drop_held()  # set aside: the next start offers it to the notes
        self.dismiss(self.changed)
        if live is not None:
            self.app.call_later(live.action_notes_focus)

    def reload(self) -> None:
        from kursrom.store.live import load

        snapshot = load(self.store, self.session_id)
        self.snapshot = snapshot
        theme = snapshot.session.theme or snapshot.session.title
        self.query_one(TopLine).title = _("Attendance – {theme}").format(theme=theme)
        self.table.show(snapshot.participants, snapshot.attendance)
        self._show_summary()

    def _show_summary(self) -> None:
        snapshot = self.snapshot
        summary = self.query_one("#checkin-summary", Static)
        if not snapshot.participants:
            summary.update(_("Nobody is enrolled in this round yet."))
        else:
            summary.update(summary_text(snapshot.participants, snapshot.attendance))

    def _store(self, participant_id: int, status: str, **kwargs: Any) -> None:
        """Store one mark (the one way: `kursrom.widgets.writing`) and redraw its row once it is
        stored, so a mark that could not be saved is never shown as made. A lock is waited out."""
        from kursrom.store.live import mark

        if status in TIMED and kwargs.get("time") is None:
            kwargs["time"] = self.store.now()  # when the key was pressed, however long the save waits

        def stored(event: AttendanceEvent) -> None:
            self.snapshot.attendance[participant_id] = event
            self.table.show_one(participant_id, event)
            self._show_summary()

        self.changed = True  # the live screen reads attendance again when this screen closes
        self.write(mark, self.session_id, participant_id, status, on_saved=stored, **kwargs)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search" and self.has_class("-searching"):
            return False
        if action in ("mark", "reason", "time", "history", "rest_present", "consent", "search"):
            # The footer may ask while the screen is being taken down, its table already gone.
            tables = self.query(AttendanceTable)
            return self.is_mounted and bool(tables) and tables.first().row_count > 0
        return True

    def action_mark(self, status: str) -> None:
        participant_id = self.table.participant_id
        if participant_id is None:
            return
        row = self.table.cursor_row
        if status == AttendanceStatus.ABSENT:
            def with_reason(reason: str | None) -> None:
                if reason is not None:
                    self._store(participant_id, AttendanceStatus.ABSENT, reason=reason)
                    self.table.move_cursor(row=row + 1)

            name = self._name_of(participant_id)
            self.app.push_screen(AskText(_("{name} is absent. Reason (optional, Enter to skip):").format(name=name),
                                         placeholder=_("e.g. ill, job interview, notified in advance")),
                                 with_reason)
            return
        # On to the next person at once (a group of 35 is one key each); the row shows the mark
        # when it is stored, and a warning says so when it cannot be yet.
        self._store(participant_id, status)
        self.table.move_cursor(row=row + 1)

    def _name_of(self, participant_id: int) -> str:
        return next((p.name for p in self.snapshot.participants if p.id == participant_id), "")

    def action_rest_present(self) -> None:
        """Everyone not marked yet is present: one change, so one Ctrl+Z takes it back."""
        from kursrom.store.live import mark_many

        rest = [p.id for p in self.snapshot.participants if p.id not in self.snapshot.attendance]
        if not rest:
            return

        def stored(events: list[AttendanceEvent]) -> None:
            for event in events:
                self.snapshot.attendance[event.participant_id] = event
                self.table.show_one(event.participant_id, event)
            self._show_summary()

        self.changed = True
        self.write(mark_many, self.session_id, rest, AttendanceStatus.PRESENT, on_saved=stored)

    def action_undo(self) -> None:
        """Ctrl+Z (outside the dialogs' text fields): take back the latest mark, or the latest "rest
        present"; the marks stay in the history, with the undo."""
        from kursrom.store.journal import undo_last

        def undone(result: Undone | None) -> None:
            self.notify(result.sentence() if result else _("Nothing to undo."), timeout=5)
            self.reload()

        self.changed = True
        self.write(undo_last, self.session_id, attendance=True, on_saved=undone)

    def action_reason(self) -> None:
        participant_id = self.table.participant_id
        if participant_id is None:
            return
        event = self.snapshot.attendance.get(participant_id)
        if event is None:
            self.notify(_("Mark {name} first.").format(name=self._name_of(participant_id)), severity="warning")
            return

        def corrected(reason: str | None) -> None:
            if reason is not None and reason != event.reason:
                self._store(participant_id, event.status, time=event.time, reason=reason)

        self.app.push_screen(AskText(_("Reason for {name} ({status}):").format(
            name=self._name_of(participant_id), status=status_label(event.status)), event.reason), corrected)

    def action_time(self) -> None:
        participant_id = self.table.participant_id
        if participant_id is None:
            return
        event = self.snapshot.attendance.get(participant_id)
        if event is None or event.status not in TIMED:
            self.notify(_("Only late arrivals and early leavers have a time."), severity="warning")
            return
        day = event.time or self.store.now()

        def check(text: str) -> str:
            try:
                parse_local_time(text, day)
            except ValueError:
                return _("Write the time as HH:MM, e.g. 12:15.")
            return ""

        def corrected(text: str | None) -> None:
            if text is None:
                return
            when = parse_local_time(text, day)
            if when != event.time:
                self._store(participant_id, event.status, time=when, reason=event.reason)

        question = (_("{name} arrived at:") if event.status == AttendanceStatus.LATE else _("{name} left at:")).format(
            name=self._name_of(participant_id))
        self.app.push_screen(AskText(question, local_hm(event.time), check=check), corrected)

    def action_history(self) -> None:
        from kursrom.store.live import attendance_history

        participant_id = self.table.participant_id
        events = attendance_history(self.store, self.session_id, participant_id)
        names = {p.id: p.name for p in self.snapshot.participants}
        title = _("Attendance history: {name}").format(name=names.get(participant_id, ""))
        self.app.push_screen(AttendanceHistory(title, events, names))

    def action_consent(self) -> None:
        from kursrom.screens.consent import ask_consent

        participant_id = self.table.participant_id
        if participant_id is not None:
            ask_consent(self, self.snapshot.session.round_id, participant_id, self._name_of(participant_id))

    # -- finding a name: `/`, letters, then a digit marks the person found ------------------------

    def action_search(self) -> None:
        self.set_class(True, "-searching")
        self.query_one(NameSearch).start()
        self.refresh_bindings()

    def on_name_search_mark(self, message: NameSearch.Mark) -> None:
        self.on_name_search_done()
        self.action_mark(message.status)

    def on_name_search_done(self, _message: NameSearch.Done | None = None) -> None:
        self.set_class(False, "-searching")
        self.table.focus()
        self.refresh_bindings()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_mark(AttendanceStatus.PRESENT)

    def action_done(self) -> None:
        """Escape: drop text held as typing (set aside for the notes' Ctrl+R); else back."""
        if self.guard.holding or self.guard.typing:
            self.drop_held()
            return
        self.dismiss(self.changed)
