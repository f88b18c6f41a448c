"""Check-in: everyone enrolled, marked present, late, absent or left early, fast by keyboard.

A mark moves the cursor to the next person, so a group of 35 is one key each. Every mark and every
correction is stored as an event with the terminal that made it (`kursrom.store.live.mark`); the
table shows each person's latest. The screen can be opened again at any time during the session.
"""

from __future__ import annotations

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
from kursrom.widgets.topline import TopLine
from kursrom.widgets.services import AppServices

if TYPE_CHECKING:
    from kursrom.store.journal import Undone
    from kursrom.store.models import AttendanceEvent


class CheckInScreen(AppServices, Screen[bool]):
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
        Binding("escape", "done", _("Back to the session"), id="checkin.done"),
    ]

    def __init__(self, session_id: int) -> None:
        super().__init__()
        self.session_id = session_id
        #: Whether anything was marked; the live screen reloads attendance when it comes back.
        self.changed = False

    def compose(self) -> ComposeResult:
        yield TopLine(_("Attendance"))
        yield Static("", id="checkin-summary")
        yield AttendanceTable(id="checkin-table")
        yield FitLabel(_("1 present · 2 late · 3 absent · 4 left early · / find a name · m the rest present · "
                         "r reason · t time · h history"), id="checkin-help")
        yield NameSearch(lambda text: self.table.find(text), id="checkin-search")
        yield Footer(compact=True)

    @property
    def table(self) -> AttendanceTable:
        return self.query_one(AttendanceTable)

    def on_mount(self) -> None:
        self.reload()
        self.table.focus()

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
            return self.is_mounted and self.table.row_count > 0
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
        self.dismiss(self.changed)
