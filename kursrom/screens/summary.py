"""After the session: what happened, as the exports will say it, and keys to write the files.

The screen renders `kursrom.core.reports.data.SessionSummary` with Rich: follow-up first (what the NAV
advisors act on, and whether each person agreed to share it), then attendance with everyone's
consent, the agenda as planned and as run, the notes by item and the exercise results. Exports run
through the writer and report back with `Exported`; the screen then says where the files went.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from kursrom.core.numbers import decimal
from kursrom.core.reports.data import NoteLine, Person, SessionSummary
from kursrom.core.reports.text import (
    agenda_flags, clock_time, day, delta_text, iso_day, local, mark_text, minutes_text, session_heading,
)
from kursrom.core.vocabulary import AttendanceStatus, SessionStatus
from kursrom.i18n import _, ngettext
from kursrom.screens.printing import PrintMenu
from kursrom.widgets.footer import Footer
from kursrom.widgets.topline import TopLine
from kursrom.widgets.services import AppServices

ATTENDANCE_STYLES = {AttendanceStatus.PRESENT: "", AttendanceStatus.LATE: "yellow",
                     AttendanceStatus.LEFT_EARLY: "yellow", AttendanceStatus.ABSENT: "red",
                     AttendanceStatus.UNMARKED: "dim"}


def _heading(text: str) -> Text:
    return Text(text, style="bold underline")


def _bar(share: float, width: int = 10) -> Text:
    filled = round(max(0.0, min(share, 1.0)) * width)
    return Text("█" * filled + "░" * (width - filled), style="cyan")


def _who(person: Person | None) -> str:
    return person.name if person else _("The group")


def _bullets(lines: list[Text], indent: int = 2) -> Table:
    """A bulleted list whose wrapped lines hang under their text, not under the bullet."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=indent + 1, justify="right", no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for line in lines:
        grid.add_row("•", line)
    return grid


def header_section(summary: SessionSummary) -> RenderableType:
    h = summary.header
    lines = Text()
    lines.append(session_heading(h), style="bold")
    lines.append("\n")
    when = []
    if h.planned_start:
        when.append(_("Date: {day}, {start}–{end}").format(day=day(h.planned_start), start=clock_time(
            h.planned_start), end=clock_time(h.planned_end)))
    if h.started_at:
        when.append(_("ran {start}–{end}").format(start=clock_time(h.started_at),
                                                   end=clock_time(h.ended_at) if h.ended_at else "…"))
    if when:
        lines.append(" · ".join(when) + "\n")
    if h.facilitators:
        lines.append(_("Facilitators: {names}").format(names=h.facilitators) + "\n")
    if h.place:
        lines.append(_("Place: {place}").format(place=h.place) + "\n")
    lines.append(_("Present {present} of {enrolled} · status: {status}").format(
        present=summary.present, enrolled=len(summary.attendance), status=SessionStatus.label_of(h.status)))
    return lines


def _consents(summary: SessionSummary) -> dict[int, bool]:
    return {line.participant.id: line.given for line in summary.consents}


def follow_up_section(summary: SessionSummary) -> RenderableType:
    body: list[RenderableType] = []
    consents = _consents(summary)
    for group in summary.follow_ups:
        name = Text(group.participant.name, style="bold")
        if not consents.get(group.participant.id, False):
            name.append("  " + _("not on the advisor page: no consent"), style="dim italic")
        body.append(name)
        lines = []
        for paragraph in group.paragraphs:
            line = Text(paragraph.text)
            if paragraph.item_title:
                line.append(f"  ({paragraph.item_title})", style="dim")
            lines.append(line)
        body.append(_bullets(lines))
    if not body:
        body.append(Text(_("No notes were flagged for follow-up."), style="dim italic"))
    return Panel(Group(*body), title=_("Follow-up for the NAV advisors"), title_align="left", border_style="red")


def attendance_section(summary: SessionSummary) -> RenderableType:
    table = Table(box=None, expand=True, padding=(0, 1), show_edge=False)
    table.add_column(_("Participant"), ratio=3, no_wrap=True, overflow="ellipsis")
    table.add_column(_("Attendance"), ratio=2, no_wrap=True)
    table.add_column(_("Time / reason"), ratio=3, overflow="fold")
    for line in summary.attendance:
        detail = Text(clock_time(line.time) if line.time else "")
        if line.reason:
            detail.append((" " if detail else "") + line.reason)
        if line.corrected:
            # Attendance can affect benefits: every mark and correction is shown, oldest first.
            for mark in line.history:
                detail.append(("\n" if detail else "") + mark_text(mark, summary.header.planned_start),
                              style="dim")
        table.add_row(Text(line.participant.name), Text(AttendanceStatus.label_of(line.status),
                                                  style=ATTENDANCE_STYLES.get(line.status, "")), detail)
    counts = _("Present {present} · late {late} · left early {left} · absent {absent} · not marked {unmarked}").format(
        present=summary.present, late=summary.count(AttendanceStatus.LATE),
        left=summary.count(AttendanceStatus.LEFT_EARLY), absent=summary.count(AttendanceStatus.ABSENT),
        unmarked=summary.count(AttendanceStatus.UNMARKED))
    return Group(_heading(_("Attendance")), Text(counts, style="dim"), table, consent_line(summary))


def consent_line(summary: SessionSummary) -> Text:
    """Who agreed to share their plan, flagged notes and quotes with their NAV advisor."""
    given = [line.participant.name for line in summary.consents if line.given]
    text = Text(_("Consent to share with the NAV advisor: "), style="bold")
    text.append(", ".join(given) if given else _("nobody yet"))
    text.append(" " + _("({given} of {enrolled})").format(given=len(given), enrolled=len(summary.consents)),
                style="dim")
    return text


def agenda_section(summary: SessionSummary) -> RenderableType:
    table = Table(box=None, expand=True, padding=(0, 1), show_edge=False)
    table.add_column(_("Item"), ratio=4, no_wrap=True, overflow="ellipsis")
    table.add_column(_("Plan"), justify="right")
    table.add_column(_("Actual"), justify="right")
    table.add_column("±", justify="right")
    table.add_column(_("State"), ratio=3, overflow="fold")
    for line in summary.agenda:
        delta = delta_text(line)
        style = "red" if delta.startswith("+") and delta != "+0" else ""
        table.add_row(Text(line.title, style="dim strike" if line.skipped else ""), str(line.planned_minutes),
                      minutes_text(line.actual_seconds), Text(delta, style=style), Text(agenda_flags(line)))
    table.add_row(Text(_("Total"), style="bold"), str(summary.planned_minutes), str(summary.actual_minutes), "", "")
    return Group(_heading(_("Agenda: planned and as run")), table)


def _note_text(note: NoteLine) -> Text:
    """A note paragraph by paragraph, a flagged one led by whom it is flagged for."""
    flags: dict[int, list[Text]] = {}
    for paragraph in note.flagged:
        for flag, label, style in ((paragraph.follow_up, _("follow-up"), "bold red"),
                                   (paragraph.quote, _("quote"), "italic cyan")):
            if flag:
                flags.setdefault(paragraph.index, []).append(Text(f"{label}: {paragraph.participant.name} · ", style))
    text = Text()
    for index, line in enumerate(note.text.split("\n")):
        if index:
            text.append("\n")
        for flag in flags.get(index, ()):
            text.append_text(flag)
        text.append(line)
    if note.tags:
        text.append("  @" + ", @".join(p.name for p in note.tags), style="dim")
    return text


def notes_section(summary: SessionSummary) -> RenderableType:
    body: list[RenderableType] = [_heading(_("Notes"))]
    for group in summary.note_groups:
        body.append(Text(group.title, style="bold"))
        lines = []
        for note in group.notes:
            lines.append(_note_text(note))
        body.append(_bullets(lines))
    if not summary.note_groups:
        body.append(Text(_("No notes."), style="dim italic"))
    return Group(*body)


def results_section(summary: SessionSummary) -> RenderableType:
    body: list[RenderableType] = [_heading(_("Exercise results"))]
    if not summary.has_results:
        body.append(Text(_("No exercise results."), style="dim italic"))
        return Group(*body)
    for title, lines in ((_("Animals and strengths"), summary.animals), (_("Role-play feedback"), summary.role_play),
                         (_("Competence timelines"), summary.timelines), (_("Group rules"), summary.group_rules),
                         (_("Highlights"), summary.highlights), (_("Other results"), summary.other_results)):
        if not lines:
            continue
        body.append(Text(title, style="bold"))
        entries = []
        for result in lines:
            text = Text(_who(result.participant), style="bold")
            text.append(": " + "; ".join(result.lines), style="not bold")
            entries.append(text)
        body.append(_bullets(entries))
    for plan in summary.sot_plans:
        body.append(Text(_("SØT plan: {name}").format(name=plan.participant.name), style="bold"))
        sot = Table.grid(padding=(0, 1))
        sot.add_column(style="dim", no_wrap=True)
        sot.add_column()
        sot.add_row(_("Now"), Text(plan.situation or "–"))
        sot.add_row(_("Want"), Text(plan.wish or "–"))
        actions = "\n".join(f"• {a.text}" + (f" ({iso_day(a.due)})" if a.due else "") for a in plan.actions)
        sot.add_row(_("Actions"), Text(actions or "–"))
        body.append(Padding(sot, (0, 0, 0, 2)))
    for tally in summary.card_sorts:
        body.append(Text(_("Card sort: {title}").format(title=tally.item_title), style="bold"))
        counts = " · ".join(f"{category}: {n}" for category, n in tally.categories)
        body.append(Padding(Text(counts, style="dim"), (0, 0, 0, 2)))
        table = Table(box=None, expand=True, padding=(0, 1), show_edge=False)
        table.add_column(_("Statement"), ratio=3, overflow="fold")
        table.add_column(_("The group's answer"), ratio=2, overflow="fold")
        for statement, category, disagreed in tally.rows:
            table.add_row(Text(statement), Text((category or "–") + ("  ≠ " + _("disagreed") if disagreed else ""),
                                                style="yellow" if disagreed else ""))
        body.append(Padding(table, (0, 0, 0, 2)))
    if summary.evaluation:
        body.append(Text(_("Evaluation: how useful was each element?"), style="bold"))
        table = Table(box=None, expand=True, padding=(0, 1), show_edge=False)
        table.add_column(_("Element"), ratio=1, no_wrap=True, overflow="ellipsis")
        table.add_column("", no_wrap=True)
        table.add_column(_("Average"), justify="right", no_wrap=True)
        table.add_column(_("Answers"), justify="right")
        for line in summary.evaluation:
            table.add_row(Text(line.element), _bar(line.share), f"{decimal(line.average)} / {line.scale_max}",
                          str(line.responses))
        body.append(Padding(table, (0, 0, 0, 2)))
    for comment in summary.comments:
        body.append(Text("  “" + comment + "”", style="italic"))
    return Group(*body)


def exports_section(summary: SessionSummary, folder: Path, anonymized: bool) -> RenderableType:
    body: list[RenderableType] = [_heading(_("Exports"))]
    body.append(Text(_("e writes Markdown, HTML and the attendance CSV to {folder}.").format(folder=folder),
                     style="dim"))
    body.append(Text(_("Anonymized: yes"), style="bold") if anonymized else Text(_("Anonymized: no"), style="dim"))
    for record in reversed(summary.exports[-8:]):
        line = Text("  ")
        line.append(local(record.at), style="dim")
        line.append(f"  {record.path}")
        if record.anonymized:
            line.append("  " + _("anonymized"), style="dim")
        body.append(line)
    return Group(*body)


class SummaryScreen(PrintMenu, AppServices, Screen[None]):
    CSS_PATH = "summary.tcss"
    BINDINGS = [
        Binding("escape", "back", _("Back"), id="summary.back"),
        Binding("e", "export", _("Export"), id="summary.export"),
        Binding("p", "export_participants", _("Advisor pages"), id="summary.export_participants"),
        Binding("r", "export_round", _("Round report"), id="summary.export_round"),
        Binding("a", "toggle_anonymize", _("Anonymize"), id="summary.anonymize"),
        # In the help (F1) and the palette: the footer has no room left at 80 columns.
        Binding("u", "print_menu", _("Print"), show=False, id="summary.print"),
    ]

    #: Whether the next export replaces every participant with a pseudonym.
    anonymize: reactive[bool] = reactive(False)

    class Exported(Message):
        """Files were written; `paths` says where."""

        def __init__(self, paths: list[Path]) -> None:
            super().__init__()
            self.paths = paths

    def __init__(self, session_id: int, *, out_dir: Path | None = None) -> None:
        super().__init__()
        self.session_id = session_id
        self.out_dir = out_dir
        self.summary: SessionSummary | None = None
        self.exporting = False

    def compose(self) -> ComposeResult:
        yield TopLine("")
        with VerticalScroll(id="summary-body"):
            yield Static(id="summary-header")
            yield Static(id="summary-follow-up", classes="section")
            yield Static(id="summary-attendance", classes="section")
            yield Static(id="summary-agenda", classes="section")
            yield Static(id="summary-notes", classes="section")
            yield Static(id="summary-results", classes="section")
            yield Static(id="summary-exports", classes="section")
        yield Static(id="summary-status")
        yield Footer(compact=True, show_command_palette=False)

    @property
    def folder(self) -> Path:
        from kursrom.store.exports import default_export_dir

        return self.out_dir or default_export_dir()

    def on_mount(self) -> None:
        self.load()
        self.query_one("#summary-body").focus()

    def load(self) -> None:
        """Read the session from the store (a few milliseconds) and draw every section."""
        from kursrom.store.reports import build_session_summary

        summary = build_session_summary(self.store, self.session_id)
        self.summary = summary
        self.query_one(TopLine).title = summary.header.course
        self.query_one(TopLine).detail = _("Session {number}").format(number=summary.header.number)
        for widget_id, renderable in (
            ("#summary-header", header_section(summary)),
            ("#summary-follow-up", follow_up_section(summary)),
            ("#summary-attendance", attendance_section(summary)),
            ("#summary-agenda", agenda_section(summary)),
            ("#summary-notes", notes_section(summary)),
            ("#summary-results", results_section(summary)),
        ):
            self.query_one(widget_id, Static).update(renderable)
        self._show_exports()

    def _show_exports(self) -> None:
        if self.summary is not None:
            section = exports_section(self.summary, self.folder, self.anonymize)
            self.query_one("#summary-exports", Static).update(section)

    def watch_anonymize(self, anonymize: bool) -> None:
        if self.is_mounted:
            self._show_exports()
            self._status(_("The next export is anonymized.") if anonymize else _("The next export shows names."))

    def _status(self, text: str) -> None:
        self.query_one("#summary-status", Static).update(Text(text))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("export", "export_participants", "export_round", "toggle_anonymize"):
            return None if self.exporting or self.summary is None else True
        return True

    # -- actions -----------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_print_menu(self) -> None:
        if self.summary is not None:
            self.open_print_menu(self.summary.header.round_id, self.session_id, self.folder)

    def action_toggle_anonymize(self) -> None:
        self.anonymize = not self.anonymize

    def action_export(self) -> None:
        self._start("session")

    def action_export_participants(self) -> None:
        self._start("participants")

    def action_export_round(self) -> None:
        self._start("round")

    def _start(self, what: str) -> None:
        if self.exporting or self.summary is None:
            return
        self.exporting = True
        self.refresh_bindings()
        self._status(_("Exporting…"))
        self._export(what, self.summary.header.round_id, self.folder, self.anonymize)

    def _export(self, what: str, round_id: int, folder: Path, anonymized: bool) -> None:
        """Write the files (the store records each export) the one way the interface writes."""
        from kursrom.store import exports as export

        if what == "session":
            function, args, extra = export.export_session, (self.session_id,), {}
        elif what == "round":
            function, args, extra = export.export_round, (round_id,), {}
        else:
            function, args, extra = export.export_participants, (round_id,), {"session_id": self.session_id}
        self.write(function, *args, folder, anonymized=anonymized, **extra,
                   on_saved=lambda written: self.post_message(self.Exported([item.path for item in written])),
                   on_refused=self._export_refused, on_failed=lambda _error: self._export_failed(""))

    def on_summary_screen_exported(self, message: Exported) -> None:
        self.exporting = False
        self.refresh_bindings()
        self.load()
        count = len(message.paths)
        folder = message.paths[0].parent if message.paths else self.folder
        text = ngettext("Wrote {count} file to {folder}: {names}", "Wrote {count} files to {folder}: {names}",
                        count).format(count=count, folder=folder, names=", ".join(p.name for p in message.paths))
        self._status(text)
        self.notify(text, title=_("Exported"), timeout=8, markup=False)

    def _export_refused(self, error: Exception) -> None:
        text = str(error) if type(error).__name__ in ("ExportError", "NotFound") else _(
            "The export failed ({error}). Nothing was lost in kursrom.").format(error=error)
        self._export_failed(text)

    def _export_failed(self, text: str) -> None:
        """`text` is shown unless the writer has told it already (a StoreError)."""
        self.exporting = False
        self.refresh_bindings()
        if text:
            self._status(text)
            self.notify(text, severity="error", timeout=10, markup=False)
        else:
            self._status("")
