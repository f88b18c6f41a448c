"""A participant's page in one round: details and consent, attendance across the round, the SØT plan
and other exercise results, the notes about them (with what is flagged for them), and the follow-up
status. It shows their record (`kursrom.store.reports.build_participant_record`), from which their
advisor's page takes what their consent lets through."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from kursrom.core.schedule import format_day, format_when
from kursrom.core.reports.data import FlaggedParagraph, ParticipantRecord
from kursrom.core.reports.text import clock_time
from kursrom.core.vocabulary import AttendanceStatus, FollowUpStatus, SessionStatus
from kursrom.screens.consent import consent_state
from kursrom.widgets.attendance import STATUS_STYLES
from kursrom.i18n import _, ngettext
from kursrom.widgets.footer import Footer
from kursrom.widgets.topline import TopLine
from kursrom.widgets.services import AppServices



def _heading(text: str) -> Text:
    return Text(text, style="bold underline")


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ParticipantScreen(AppServices, Screen[None]):
    CSS_PATH = "participant.tcss"
    BINDINGS = [
        Binding("f", "follow_up", _("Follow-up"), id="participant.follow_up"),
        Binding("c", "consent", _("Consent"), id="participant.consent"),
        Binding("e", "edit", _("Edit"), id="participant.edit"),
        Binding("escape", "back", _("Back"), id="participant.back"),
    ]

    def __init__(self, round_id: int, participant_id: int) -> None:
        super().__init__()
        self.round_id = round_id
        self.participant_id = participant_id

    def compose(self) -> ComposeResult:
        yield TopLine("")
        with VerticalScroll(id="participant-body"):
            yield Static(id="p-details")
            yield Static(id="p-attendance", classes="section")
            yield Static(id="p-sot", classes="section")
            yield Static(id="p-results", classes="section")
            yield Static(id="p-notes", classes="section")
            yield Static(id="p-follow-up", classes="section")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.refresh_record()
        self.query_one("#participant-body").focus()

    def refresh_record(self) -> None:
        """Read the participant's record (the one the advisor pages export) and draw every section."""
        from kursrom.store.reports import build_participant_record

        record = build_participant_record(self.store, self.round_id, self.participant_id)
        self.record = record
        self.query_one(TopLine).title = record.participant.name
        self.query_one("#p-details", Static).update(self._details(record))
        self.query_one("#p-attendance", Static).update(self._attendance(record))
        self.query_one("#p-sot", Static).update(self._sot(record))
        self.query_one("#p-results", Static).update(self._results(record))
        self.query_one("#p-notes", Static).update(self._notes(record))
        self.query_one("#p-follow-up", Static).update(self._follow_up(record))

    def _details(self, record: ParticipantRecord) -> Text:
        details = record.details
        parts = []
        if details.language:
            parts.append(_("language {code}").format(code=details.language))
        parts.append(_("interpreter: {code}").format(code=details.interpreter_language)
                     if details.interpreter_language else _("no interpreter"))
        if details.contact:
            parts.append(details.contact)
        text = Text(" · ".join(parts))
        if details.accessibility_note:
            text.append("\n" + details.accessibility_note, style="italic")
        consent = record.consent[0] if record.consent else None
        text.append("\n" + _("Shares with their NAV advisor: {state}").format(state=consent_state(consent)),
                    style="green" if record.consent_given else "")
        enrolment = record.enrolment
        if enrolment is None:
            text.append("\n" + _("Not enrolled in this round."), style="dim")
        elif enrolment.removed:
            text.append("\n" + _("Removed from the round {day}: {reason}").format(
                day=format_day(enrolment.removed_at), reason=enrolment.removed_reason), style="bold")
        return text

    def _attendance(self, record: ParticipantRecord) -> Group:
        held = [a for a in record.attendance if a.session.held]
        there = sum(1 for a in held if a.mark and a.mark.attended)
        title = _heading(_("Attendance"))
        title.append("  ")
        title.append(ngettext("there at {count} of {held} session held", "there at {count} of {held} sessions held",
                              len(held)).format(count=there, held=len(held)), style="dim")
        table = Table(box=None, show_header=False, padding=(0, 1, 0, 0))
        table.add_column(justify="right")
        table.add_column(no_wrap=True)
        table.add_column()
        for item in record.attendance:
            session, mark = item.session, item.mark
            when = format_when(session.planned_start, year=False) if session.planned_start else ""
            if mark is None:
                unmarked = AttendanceStatus.UNMARKED.label if session.status != SessionStatus.PLANNED else ""
                state = Text(unmarked, style="dim")
            else:
                state = Text(AttendanceStatus.label_of(mark.status), style=STATUS_STYLES.get(mark.status, ""))
                if mark.time is not None:
                    state.append(" " + clock_time(mark.time))
                if mark.reason:
                    state.append(f" ({mark.reason})", style="dim")
                if item.corrections:
                    state.append("  " + ngettext("corrected {count} time", "corrected {count} times",
                                                 item.corrections).format(count=item.corrections), style="dim")
            table.add_row(str(session.number), when, state)
        return Group(title, table)

    def _sot(self, record: ParticipantRecord) -> Group:
        title = _heading(_("SØT plan"))
        plan = record.sot
        if plan is None:
            return Group(title, Text(_("No SØT plan yet."), style="dim"))
        title.append("  ")
        title.append(ngettext("{count} version, last {when}", "{count} versions, last {when}", plan.revisions)
                     .format(count=plan.revisions, when=format_when(plan.saved_at)), style="dim")
        table = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(ratio=1)
        table.add_row(_("Situation now"), plan.situation or "–")
        table.add_row(_("Wished situation"), plan.wish or "–")
        actions = Text()
        for number, action in enumerate(plan.actions, start=1):
            if number > 1:
                actions.append("\n")
            actions.append(f"{number}. {action.text}")
            if action.due:
                actions.append(f" ({action.due})", style="dim")
        table.add_row(_("Actions"), actions if plan.actions else "–")
        return Group(title, table)

    def _results(self, record: ParticipantRecord) -> Group:
        title = _heading(_("Exercise results"))
        results = record.results
        if not results:
            return Group(title, Text(_("None yet."), style="dim"))
        table = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=True)
        table.add_column(justify="right")
        table.add_column(no_wrap=True, style="bold")
        table.add_column(ratio=1)
        for result in results:
            table.add_row(str(result.session_number), result.item_title, _short("; ".join(result.lines)))
        return Group(title, table)

    def _notes(self, record: ParticipantRecord) -> Group:
        title = _heading(_("Notes about them"))
        if not record.notes:
            return Group(title, Text(_("None yet."), style="dim"))
        table = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=True)
        table.add_column(justify="right")
        table.add_column(ratio=1)
        flagged: dict[int, list[FlaggedParagraph]] = {}  # note id -> its paragraphs flagged for them
        for paragraph in record.flagged:
            flagged.setdefault(paragraph.note_id, []).append(paragraph)
        for note in record.notes:
            text = Text(note.text)
            mine = flagged.get(note.id, [])
            flags = [label for flag, label in ((any(p.follow_up for p in mine), _("follow-up")),
                                               (any(p.quote for p in mine), _("quote")),
                                               (not note.tagged, _("mentioned"))) if flag]
            if flags:
                text.append("  [" + ", ".join(flags) + "]", style="dim")
            table.add_row(str(note.session_number), text)
        return Group(title, table)

    def _follow_up(self, record: ParticipantRecord) -> Group:
        title = _heading(_("Follow-up"))
        if not record.follow_up:
            return Group(title, Text(_("No status recorded yet. Press f to record one."), style="dim"))
        table = Table(box=None, show_header=False, padding=(0, 1, 0, 0))
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column()
        for index, row in enumerate(record.follow_up):
            style = "bold" if index == 0 else "dim"
            table.add_row(Text(format_day(row.on), style=style),
                          Text(FollowUpStatus.label_of(row.status), style=style), row.note)
        return Group(title, table)

    # -- keys ------------------------------------------------------------------------------------------

    def action_follow_up(self) -> None:
        from kursrom.screens.modals import FollowUpInput, FollowUpModal

        current = self.record.follow_up[0] if self.record.follow_up else None
        today = self.clock.local_now().date()

        def saved(value: FollowUpInput | None) -> None:
            if value is None:
                return
            from kursrom.store.followup import record_follow_up

            self.write(record_follow_up, self.round_id, self.participant_id, value.status, value.on, value.note,
                       on_saved=lambda _row: self.refresh_record(), on_failed=lambda _error: ask(value))

        from kursrom.store.followup import outcomes_of

        statuses = outcomes_of(self.store, self.round_id).statuses

        def ask(value: FollowUpInput | None = None) -> None:  # again with what was typed, should saving fail
            self.app.push_screen(FollowUpModal(_("Follow-up for {name}").format(name=self.record.participant.name),
                                               value.status if value else current.status if current else "unknown",
                                               value.on if value else today, value.note if value else "",
                                               statuses), saved)

        ask()

    def action_consent(self) -> None:
        from kursrom.screens.consent import ask_consent

        ask_consent(self, self.round_id, self.participant_id, self.record.participant.name, self.refresh_record)

    def action_edit(self) -> None:
        from kursrom.screens.modals import edit_participant
        from kursrom.store.rounds import get_participant

        person = get_participant(self.store, self.participant_id)
        if person is not None:
            edit_participant(self, person, self.refresh_record)

    def action_back(self) -> None:
        self.dismiss()
