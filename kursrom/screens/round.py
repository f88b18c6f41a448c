"""A course round: its details, its sessions (date, theme question, status) and the highlighted
session's agenda. Enter opens a session on the live-session screen; from here the facilitator also
moves a session, skips a date, edits the details, exports the calendar, and goes to the roster and
the follow-up."""

from __future__ import annotations

from contextlib import suppress

from datetime import date, datetime
from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.widgets.data_table import RowDoesNotExist
from textual.worker import Worker, WorkerState

from kursrom.core.clock import OSLO
from kursrom.core.numbers import percent
from kursrom.core.schedule import format_day, format_when
from kursrom.core.vocabulary import FINISHED, SessionStatus
from kursrom.i18n import _, ngettext
from kursrom.screens.printing import PrintMenu
from kursrom.widgets.footer import Footer
from kursrom.widgets.topline import TopLine
from kursrom.widgets.services import AppServices

SESSION_STATUS_STYLES = {SessionStatus.PLANNED: "", SessionStatus.RUNNING: "bold", SessionStatus.DONE: "dim",
                         SessionStatus.EXPORTED: "dim"}
#: Below this width the agenda goes under the sessions instead of beside them.
NARROW = 120


def session_to_open(sessions: list, now: datetime) -> int | None:  # a list of CourseSession
    """Where the cursor starts: the session running, else today's, else the next one planned,
    else the last. The facilitator who opens a round on a course day finds that day's session."""
    if not sessions:
        return None
    running = next((s for s in sessions if s.status == SessionStatus.RUNNING), None)
    if running is not None:
        return running.id
    today = now.astimezone(OSLO).date()
    dated = [s for s in sessions if s.planned_start is not None]
    todays = next((s for s in dated if s.planned_start.astimezone(OSLO).date() == today), None)
    if todays is not None:
        return todays.id
    coming = [s for s in dated if s.planned_start > now and s.status == SessionStatus.PLANNED]
    return min(coming, key=lambda s: s.planned_start).id if coming else sessions[-1].id


class RoundScreen(PrintMenu, AppServices, Screen[None]):
    CSS_PATH = "round.tcss"
    BINDINGS = [
        Binding("enter", "open_session", _("Open"), priority=True, id="round.open"),
        Binding("m", "move_session", _("Move"), id="round.move"),
        Binding("s", "skip_date", _("Skip date"), id="round.skip"),
        Binding("p", "roster", _("Participants"), id="round.roster"),
        Binding("f", "follow_up", _("Follow-up"), id="round.follow_up"),
        # These two are shown in the help (F1) and the command palette; the footer has no room left
        # at 80 columns.
        Binding("e", "edit", _("Edit"), show=False, id="round.edit"),
        Binding("v", "evaluation", _("Evaluation"), show=False, id="round.evaluation"),
        Binding("t", "interpreters", _("Interpreters"), show=False, id="round.interpreters"),
        Binding("i", "calendar", _("Calendar"), id="round.calendar"),
        # In the help (F1) and the palette too: paper for the room, and the participants' calendar.
        Binding("u", "print_menu", _("Print"), show=False, id="round.print"),
        Binding("escape", "back", _("Back"), id="round.back"),
    ]

    class CalendarWritten(Message):
        """The .ics file is written (posted from the export worker)."""

        def __init__(self, path: Path, count: int) -> None:
            super().__init__()
            self.path = path
            self.count = count

    def __init__(self, round_id: int) -> None:
        super().__init__()
        self.round_id = round_id
        self.sessions: list = []
        self._placed = False  # the cursor starts on today's session, once

    def compose(self) -> ComposeResult:
        yield TopLine("")
        yield Static(id="round-info-1", classes="round-info", markup=False)
        yield Static(id="round-info-2", classes="round-info", markup=False)
        with Container(id="round-body"):
            yield DataTable(id="sessions", cursor_type="row")
            yield Static(id="agenda-preview")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#sessions", DataTable).focus()

    def on_screen_resume(self) -> None:
        """On first showing, and on coming back from the roster, follow-up or a session."""
        self.refresh_round()

    @on(Resize)
    def _resized(self, event: Resize) -> None:
        narrow = event.size.width < NARROW
        if narrow != self.has_class("-narrow") or not self.sessions:
            self.set_class(narrow, "-narrow")
        self.call_after_refresh(self._fill_sessions)

    # -- data ------------------------------------------------------------------------------------------

    def refresh_round(self) -> None:
        from kursrom.store.followup import follow_up_share
        from kursrom.store.rounds import attendance_share, enrolled, get_round, sessions_of

        store = self.store
        self.course_round = get_round(store, self.round_id)
        if self.course_round is None:
            self.app.notify(_("That round no longer exists."), severity="error")
            self.dismiss()
            return
        course_round = self.course_round
        self.sessions = sessions_of(store, self.round_id)
        self._needs = None
        template = self.catalog.templates.get(course_round.template_id)
        self.query_one(TopLine).title = course_round.title
        people = len(enrolled(store, self.round_id))
        share = attendance_share(store, self.round_id)
        first = [part for part in (course_round.place, course_round.facilitators) if part]
        if template is None or template.title != course_round.title:
            first.append(_("template: {title}").format(title=template.title if template else course_round.template_id))
        second = [ngettext("{count} participant", "{count} participants", people).format(count=people),
                  _("attendance {percent}").format(percent=percent(share)),
                  follow_up_share(store, self.round_id).describe() if people else ""]
        if course_round.skip_dates:
            days = ", ".join(format_day(date.fromisoformat(d), year=False) for d in course_round.skip_dates)
            second.append(_("skipped: {days}").format(days=days))
        self.query_one("#round-info-1", Static).update(" · ".join(first) or _("No place or facilitators yet (e)."))
        self.query_one("#round-info-2", Static).update(" · ".join(part for part in second if part))
        self._fill_sessions()
        self.refresh_bindings()

    def _fill_sessions(self) -> None:
        table = self.query_one("#sessions", DataTable)
        keep = self.selected_session()
        if not self._placed and self.sessions:
            self._placed = True
            keep = session_to_open(self.sessions, self.clock.now())
        fixed = 4 + 15 + 11 + 4 * 2  # number, date, status, cell padding
        theme_width = max(table.size.width - fixed - 3, 12)  # and room for the scrollbar
        table.clear(columns=True)
        table.add_column(Text(_("No."), justify="right"), width=4, key="number")
        table.add_column(_("Date"), width=15, key="date")
        table.add_column(_("Theme question"), width=theme_width, key="theme")
        table.add_column(_("Status"), width=11, key="status")
        for session in self.sessions:
            when = format_when(session.planned_start, year=False) if session.planned_start else ""
            table.add_row(Text(str(session.number), justify="right"), when,
                          Text(session.theme or session.title, overflow="ellipsis", no_wrap=True),
                          Text(SessionStatus.label_of(session.status),
                               style=SESSION_STATUS_STYLES.get(session.status, "")), key=str(session.id))
        if keep is not None:
            with suppress(RowDoesNotExist):  # the row is gone; the cursor stays where it is
                table.move_cursor(row=table.get_row_index(str(keep)))
        self._show_agenda()

    def selected_session(self) -> int | None:
        table = self.query_one("#sessions", DataTable)
        if table.row_count == 0:
            return None
        row_key, _column = table.coordinate_to_cell_key(table.cursor_coordinate)
        return int(row_key.value)

    def _session(self):  # noqa: ANN202 - the highlighted CourseSession or None
        selected = self.selected_session()
        return next((s for s in self.sessions if s.id == selected), None)

    @on(DataTable.RowHighlighted, "#sessions")
    def _highlighted(self) -> None:
        self._show_agenda()
        session = self._session()
        movable = session is not None and session.status == SessionStatus.PLANNED
        if movable != getattr(self, "_movable", None):  # the footer only changes with this
            self._movable = movable
            self.refresh_bindings()

    def _show_agenda(self) -> None:
        from kursrom.core.catalog.planning import snapshot_basis
        from kursrom.store.rounds import agenda_of

        session = self._session()
        preview = self.query_one("#agenda-preview", Static)
        if session is None:
            preview.update("")
            return
        items = agenda_of(self.store, session.id)
        agenda = Table(show_header=True, box=None, expand=True, padding=(0, 1, 0, 0),
                       title=Text(f"{session.number}. {session.title}", style="bold"), title_justify="left")
        agenda.add_column(_("Agenda item"), ratio=1, no_wrap=True, overflow="ellipsis")
        agenda.add_column(_("Min"), justify="right")
        suggested = {item.id for item in items if snapshot_basis(item.exercise).item_suggested}
        for item in items:
            title = ("◇ " if item.id in suggested else "  ") + item.title
            agenda.add_row(Text(title, style="dim strike" if item.skipped else ""), str(item.planned_minutes))
        agenda.add_row(Text(_("Total"), style="bold"),
                       Text(str(sum(i.planned_minutes for i in items if not i.skipped)), style="bold"))
        captions = [_("◇ kursrom's suggestion")] if suggested else []
        captions.append(self._interpreters_line(session.id))
        agenda.caption = "\n".join(captions)
        agenda.caption_justify = "left"
        preview.update(agenda)

    def _interpreters_line(self, session_id: int) -> str:
        """The session's interpreter languages (t: for every session, and export)."""
        from kursrom.store.interpreters import interpreter_needs_of

        needs = getattr(self, "_needs", None)
        if needs is None:
            needs = self._needs = {need.number: need for need in interpreter_needs_of(self.store, self.round_id)}
        number = next((s.number for s in self.sessions if s.id == session_id), None)
        need = needs.get(number)
        return _("Interpreters: {languages}").format(languages=need.describe() if need else "–")

    # -- keys ------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("move_session", "skip_date"):
            session = self._session()
            return True if session is not None and session.status == SessionStatus.PLANNED else None
        if action == "open_session":
            return True if self._session() is not None else None
        return True

    @on(DataTable.RowSelected, "#sessions")
    def _selected(self) -> None:
        self.action_open_session()

    def action_open_session(self) -> None:
        self.in_key_order(self._open_highlighted)  # Enter is a priority key: after an arrow before it

    def _open_highlighted(self) -> None:
        session = self._session()
        if session is None:
            return
        if session.status in FINISHED:
            self.app.open_summary(session.id)
        else:
            self.app.open_session(session.id)

    def action_move_session(self) -> None:
        session = self._session()
        if session is None or session.status != SessionStatus.PLANNED:
            return
        from kursrom.screens.modals import MoveSessionModal

        local = session.planned_start.astimezone(OSLO)
        title = _("Move session {number}: {theme}").format(number=session.number, theme=session.theme or session.title)

        def moved(result: tuple[date, str] | None) -> None:
            if result is None:
                return
            from kursrom.store.rounds import move_session

            def stored(changed) -> None:  # noqa: ANN001 - the CourseSession moved
                self.refresh_round()
                self.app.notify(_("Session {number} moved to {when}.").format(
                    number=changed.number, when=format_when(changed.planned_start)))

            self.write(move_session, session.id, *result, on_saved=stored, on_failed=lambda _error: ask(*result))

        def ask(day: date, start: str) -> None:  # again with what was typed, should saving fail
            self.app.push_screen(MoveSessionModal(title, day, start), moved)

        ask(local.date(), local.strftime("%H:%M"))

    def action_skip_date(self) -> None:
        session = self._session()
        if session is None or session.status != SessionStatus.PLANNED:
            return
        from kursrom.core.schedule import holidays_on
        from kursrom.screens.modals import ConfirmModal

        day = session.planned_start.astimezone(OSLO).date()
        holiday = holidays_on([day]).get(day)
        body = _("Session {number} and the planned sessions after it move on by one date; sessions "
                 "moved by hand stay where they are.").format(number=session.number)
        if holiday:
            body = f"{holiday}. {body}"

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            from kursrom.store.rounds import skip_date

            def stored(moved: list[int]) -> None:
                self.refresh_round()
                self.app.notify(ngettext("{count} session moved.", "{count} sessions moved.", len(moved)).format(
                    count=len(moved)))

            self.write(skip_date, self.catalog, self.round_id, day, on_saved=stored)

        self.app.push_screen(ConfirmModal(_("Skip {day}?").format(day=format_day(day)), body), answered)

    def action_roster(self) -> None:
        from kursrom.screens.roster import RosterScreen

        self.app.push_screen(RosterScreen(self.round_id))

    def action_follow_up(self) -> None:
        from kursrom.screens.followup import follow_up_screen
        from kursrom.store.followup import outcomes_of

        self.app.push_screen(follow_up_screen(self.round_id, outcomes_of(self.store, self.round_id)))

    def action_evaluation(self) -> None:
        from kursrom.screens.evaluation import EvaluationScreen

        self.app.push_screen(EvaluationScreen(self.round_id))

    def action_interpreters(self) -> None:
        from kursrom.screens.interpreters import InterpreterOverview

        self.app.push_screen(InterpreterOverview(self.round_id))

    def action_edit(self) -> None:
        from kursrom.screens.modals import RoundDetails, RoundDetailsModal

        course_round = self.course_round

        def saved(details: RoundDetails | None) -> None:
            if details is None:
                return
            from kursrom.store.rounds import update_round

            self.write(update_round, self.round_id, title=details.title, place=details.place,
                       facilitators=details.facilitators, places=details.places,
                       on_saved=lambda _round: self.refresh_round(),
                       on_failed=lambda _error: ask(details))

        def ask(details: RoundDetails) -> None:  # again with what was typed, should saving fail
            self.app.push_screen(RoundDetailsModal(_("Edit the round"), details), saved)

        ask(RoundDetails(course_round.title, course_round.place, course_round.facilitators, course_round.places))

    def action_print_menu(self) -> None:
        from kursrom.store.exports import default_export_dir

        session = self._session()
        participants = ("calendar", _("Calendar for the participants (.ics): times, place and themes only"),
                        lambda: self.action_calendar(for_participants=True))
        self.open_print_menu(self.round_id, session.id if session else None, default_export_dir(), [participants])

    def action_calendar(self, for_participants: bool = False) -> None:
        from kursrom.core.calendar import default_file_name
        from kursrom.screens.modals import PathModal

        suggestion = Path.home() / default_file_name(self.course_round, self.course_round.start_date,
                                                     for_participants=for_participants)
        title = (_("The participants' calendar (.ics)") if for_participants else
                 _("Export the schedule as a calendar file (.ics)"))

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.export_calendar(path, for_participants)

        self.app.push_screen(PathModal(title, str(suggestion), suffix=".ics", must_exist=False), chosen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="calendar")
    def export_calendar(self, path: Path, for_participants: bool = False) -> None:
        from kursrom.core.calendar import write_round_calendar
        from kursrom.store.rounds import get_round, sessions_of

        store = self.store
        written, count = write_round_calendar(path, get_round(store, self.round_id), sessions_of(store, self.round_id),
                                              stamp=store.now(), for_participants=for_participants)
        self.post_message(self.CalendarWritten(written, count))

    def on_round_screen_calendar_written(self, message: CalendarWritten) -> None:
        self.app.notify(ngettext("Wrote {count} session to {path}.", "Wrote {count} sessions to {path}.",
                                 message.count).format(count=message.count, path=message.path))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "calendar" and event.state == WorkerState.ERROR:
            error = event.worker.error
            text = getattr(error, "strerror", None) or str(error)
            self.app.notify(_("The calendar could not be written: {error}").format(error=text), severity="error")

    def action_back(self) -> None:
        self.dismiss()
