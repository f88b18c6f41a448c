"""A round's roster: add, edit, enrol, remove from the round with a reason, delete, and import a
CSV file (all or nothing). Enter opens a participant's page."""

from __future__ import annotations

from contextlib import suppress

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.widgets.data_table import RowDoesNotExist
from textual.worker import Worker, WorkerState

from kursrom.i18n import _, ngettext
from kursrom.widgets.footer import Footer
from kursrom.widgets.topline import TopLine
from kursrom.widgets.services import AppServices

#: From this width the contact column shows too.
WIDE = 120


class RosterScreen(AppServices, Screen[None]):
    CSS_PATH = "roster.tcss"
    BINDINGS = [
        Binding("enter", "open", _("Open"), priority=True, id="roster.open"),
        Binding("a", "add", _("Add"), id="roster.add"),
        Binding("p", "enrol_known", _("Enrol"), id="roster.enrol"),
        Binding("e", "edit", _("Edit"), id="roster.edit"),
        Binding("c", "consent", _("Consent"), id="roster.consent"),
        Binding("x", "unenrol", _("Remove"), id="roster.unenrol"),
        Binding("u", "reenrol", _("Enrol again"), id="roster.reenrol"),
        Binding("g", "give_place", _("Give a place"), id="roster.give_place"),
        Binding("i", "import_csv", _("Import"), id="roster.import"),
        Binding("delete", "delete", _("Delete"), id="roster.delete"),
        Binding("escape", "back", _("Back"), id="roster.back"),
    ]

    class RosterRead(Message):
        """A CSV file has been read and checked (posted from the worker)."""

        def __init__(self, path: Path, result) -> None:  # noqa: ANN001 - a RosterFile
            super().__init__()
            self.path = path
            self.result = result

    class RosterChanged(Message):
        """People were added, changed or removed; the round's screen refreshes when it returns."""

        def __init__(self, round_id: int) -> None:
            super().__init__()
            self.round_id = round_id

    def __init__(self, round_id: int) -> None:
        super().__init__()
        self.round_id = round_id
        self.entries: list = []
        self.places = None  # a `places.Places`, once read

    def compose(self) -> ComposeResult:
        yield TopLine(_("Participants"))
        with Vertical(id="roster-body"):
            yield Static(id="roster-info")
            yield DataTable(id="roster", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        from kursrom.store.rounds import get_round

        course_round = get_round(self.store, self.round_id)
        self.query_one(TopLine).title = _("Participants · {title}").format(title=course_round.title)
        self.query_one("#roster", DataTable).focus()

    def on_screen_resume(self) -> None:
        """On first showing, and on coming back from a participant's page."""
        self.refresh_roster()

    @on(Resize)
    def _resized(self) -> None:
        self.call_after_refresh(self._fill)

    # -- data ------------------------------------------------------------------------------------------

    def refresh_roster(self) -> None:
        from kursrom.store.rounds import roster

        from kursrom.store.places import places_of

        self.entries = roster(self.store, self.round_id)
        active = sum(1 for e in self.entries if e.active)
        removed = len(self.entries) - active
        self.places = places_of(self.store, self.round_id)
        info = self.places.describe()
        if removed:
            info += " · " + ngettext("{count} removed", "{count} removed", removed).format(count=removed)
        if not self.entries:
            info = _("No one is enrolled yet. Press a to add a person, or i to import a CSV file.")
        self.query_one("#roster-info", Static).update(info)
        self._fill()

    def _fill(self) -> None:
        table = self.query_one("#roster", DataTable)
        keep = self.selected()
        wide = table.size.width >= WIDE
        widths = {"language": 6, "interpreter": 7, "status": 18, "contact": 24 if wide else 0}
        rest = max(table.size.width - sum(widths.values()) - 2 * (len(widths) + 2) - 2, 20)
        name_width = max(min(rest // 2, 30), 14)
        note_width = max(rest - name_width, 8)
        table.clear(columns=True)
        table.add_column(_("Name"), width=name_width, key="name")
        table.add_column(_("Lang."), width=6, key="language")
        table.add_column(_("Interp."), width=7, key="interpreter")
        if wide:
            table.add_column(_("Contact"), width=24, key="contact")
        table.add_column(_("Note"), width=note_width, key="note")
        table.add_column(_("Status"), width=18, key="status")
        for entry in self.entries:
            person = entry.participant
            style = "" if entry.active else "dim"
            status = _("enrolled") if entry.active else _("removed: {reason}").format(
                reason=entry.enrolment.removed_reason)
            if entry.waiting:
                status, style = _("waiting list"), "italic"
            cells = [Text(person.name, style=style, overflow="ellipsis", no_wrap=True), person.language or "–",
                     person.interpreter_language or "–"]
            if wide:
                cells.append(Text(person.contact, overflow="ellipsis", no_wrap=True))
            cells += [Text(person.accessibility_note, overflow="ellipsis", no_wrap=True),
                      Text(status, style=style, overflow="ellipsis", no_wrap=True)]
            table.add_row(*cells, key=str(person.id))
        if keep is not None:
            with suppress(RowDoesNotExist):  # the row is gone; the cursor stays where it is
                table.move_cursor(row=table.get_row_index(str(keep)))
        self.refresh_bindings()

    def selected(self) -> int | None:
        table = self.query_one("#roster", DataTable)
        if table.row_count == 0:
            return None
        row_key, _column = table.coordinate_to_cell_key(table.cursor_coordinate)
        return int(row_key.value)

    def _entry(self):  # noqa: ANN202 - the highlighted RosterEntry or None
        selected = self.selected()
        return next((e for e in self.entries if e.participant.id == selected), None)

    def _changed(self, select: int | None = None) -> None:
        self.refresh_roster()
        if select is not None:
            table = self.query_one("#roster", DataTable)
            with suppress(RowDoesNotExist):  # the row is gone; the cursor stays where it is
                table.move_cursor(row=table.get_row_index(str(select)))
        self.post_message(self.RosterChanged(self.round_id))

    @on(DataTable.RowHighlighted, "#roster")
    def _highlighted(self) -> None:
        entry = self._entry()
        state = None if entry is None else entry.active
        if state != getattr(self, "_state", ...):  # the footer only changes with this
            self._state = state
            self.refresh_bindings()

    # -- keys ------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        entry = self._entry()
        if action in ("open", "edit", "delete", "consent"):
            return True if entry is not None else None
        if action == "unenrol":
            return False if entry is not None and not entry.active else (True if entry else None)
        if action == "reenrol":
            return entry is not None and not entry.active
        if action == "give_place":
            return entry is not None and entry.waiting and not self.places.full
        return True

    def action_give_place(self) -> None:
        from kursrom.store.places import give_place

        entry = self._entry()
        if entry is None or not entry.waiting:
            return
        person = entry.participant.id
        self.write(give_place, self.round_id, person, on_saved=lambda _row: self._changed(person))

    @on(DataTable.RowSelected, "#roster")
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        self.in_key_order(self._open_highlighted)  # Enter is a priority key: after an arrow before it

    def _open_highlighted(self) -> None:
        entry = self._entry()
        if entry is None:
            return
        from kursrom.screens.participant import ParticipantScreen

        self.app.push_screen(ParticipantScreen(self.round_id, entry.participant.id))

    def action_add(self) -> None:
        from kursrom.screens.modals import ParticipantFields, ParticipantModal

        def added(fields: ParticipantFields | None) -> None:
            if fields is None:
                return
            from kursrom.store.rounds import PlanningError, add_participant

            def enrolled(person) -> None:  # noqa: ANN001 - the Participant just stored
                self._changed(person.id)
                self.app.notify(_("{name} is enrolled.").format(name=person.name))

            def refused(error: Exception) -> bool:  # the name is on the roster already: say so, ask again
                if not isinstance(error, PlanningError):
                    return False  # a bug: the writer tells it
                self.app.notify(str(error), severity="warning", markup=False)
                ask(fields)
                return True

            # Added and enrolled in one transaction, which also finds the name on the roster.
            self.write(add_participant, fields.name, language=fields.language,
                       interpreter_language=fields.interpreter_language, contact=fields.contact,
                       accessibility_note=fields.accessibility_note, round_id=self.round_id,
                       on_saved=enrolled, on_refused=refused,
                       on_failed=lambda _error: ask(fields))  # what was typed, back on screen

        def ask(fields: ParticipantFields | None = None) -> None:
            self.app.push_screen(ParticipantModal(_("Add a participant"), fields), added)

        ask()

    def action_edit(self) -> None:
        entry = self._entry()
        if entry is None:
            return
        from kursrom.screens.modals import edit_participant

        person = entry.participant
        edit_participant(self, person, lambda: self._changed(person.id))

    def action_consent(self) -> None:
        entry = self._entry()
        if entry is not None:
            from kursrom.screens.consent import ask_consent

            ask_consent(self, self.round_id, entry.participant.id, entry.participant.name)

    def action_enrol_known(self) -> None:
        from kursrom.screens.modals import PickModal
        from kursrom.store.rounds import not_enrolled

        people = not_enrolled(self.store, self.round_id)
        options = [(str(p.id), p.name + (f"  ({p.language})" if p.language else "")) for p in people]

        def picked(key: str | None) -> None:
            if key is None:
                return
            from kursrom.store.rounds import enrol

            self.write(enrol, self.round_id, [int(key)], on_saved=lambda _none: self._changed(int(key)))

        self.app.push_screen(PickModal(_("Enrol someone from an earlier round"), options,
                                       empty=_("Everyone known to kursrom is already in this round.")), picked)

    def action_unenrol(self) -> None:
        entry = self._entry()
        if entry is None or not entry.active:
            return
        from kursrom.screens.modals import ReasonModal

        person = entry.participant

        def reason_given(reason: str | None) -> None:
            if reason is None:
                return
            from kursrom.store.rounds import unenrol

            self.write(unenrol, self.round_id, person.id, reason, on_saved=lambda _none: self._changed(person.id))

        self.app.push_screen(ReasonModal(_("Remove {name} from the round").format(name=person.name), _(
            "Their attendance and results stay; the reason is kept with the enrolment.")), reason_given)

    def action_reenrol(self) -> None:
        entry = self._entry()
        if entry is None or entry.active:
            return
        from kursrom.store.rounds import enrol

        person_id = entry.participant.id
        self.write(enrol, self.round_id, [person_id], on_saved=lambda _none: self._changed(person_id))

    def action_delete(self) -> None:
        entry = self._entry()
        if entry is None:
            return
        from kursrom.screens.modals import ConfirmModal

        person = entry.participant

        def answered(yes: bool | None) -> None:
            if yes:
                self.forget(person.id, person.name)

        self.app.push_screen(ConfirmModal(_("Delete {name} for good?").format(name=person.name), _(
            "This deletes the person from every round, with their attendance, notes tags, results, SØT plan "
            "and follow-up. To take them off this round only, use Remove (x).")), answered)

    def forget(self, participant_id: int, name: str) -> None:
        """Erase a person (the write also rebuilds the file, so it takes a moment)."""
        from kursrom.store.rounds import delete_participant

        def refused(error: Exception) -> bool:
            self._changed()
            if not isinstance(error, ValueError):  # not the store's PrivacyError: the writer tells it
                return False
            self.app.notify(_("The person could not be deleted: {error}").format(error=error), severity="error")
            return True

        self.write(delete_participant, participant_id, on_saved=lambda report: self._forgotten(name, report),
                   on_refused=refused)

    def _forgotten(self, name: str, report) -> None:  # noqa: ANN001 - a privacy.ForgetReport
        self._changed()
        self.app.notify(_("{name} and everything stored about them is deleted.").format(name=name))
        leftovers = [str(path) for path in (*report.backups, *report.exports)]
        if leftovers:  # outside the database: the facilitator must delete these by hand
            self.app.notify(ngettext(
                "{count} backup or exported file may still name them: {paths}.",
                "{count} backups or exported files may still name them: {paths}.",
                len(leftovers)).format(count=len(leftovers), paths=", ".join(leftovers)),
                severity="warning", timeout=20)
        left = [entry for entry in report.withheld if entry.places]
        if left:  # parts of the name that may be someone else's: kept, and said so
            self.app.notify(_("Left where it may mean someone else: {parts}.").format(parts=", ".join(
                ngettext("«{part}» in {count} text", "«{part}» in {count} texts", len(entry.places)).format(
                    part=entry.name, count=len(entry.places)) for entry in left)), severity="warning", timeout=15)

    # -- CSV import --------------------------------------------------------------------------------------

    def action_import_csv(self) -> None:
        from kursrom.screens.modals import PathModal

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.read_csv(path)

        self.app.push_screen(PathModal(_("Import a roster from a CSV file"), str(Path.home()) + "/", suffix=".csv",
                                       body=_("A header row naming the columns: name, and if you like language, "
                                              "interpreter, contact, note. Comma or semicolon separated.")),
                             chosen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="roster-csv")
    def read_csv(self, path: Path) -> None:
        from kursrom.core.roster_csv import read_roster

        self.post_message(self.RosterRead(path, read_roster(path)))

    def on_roster_screen_roster_read(self, message: RosterRead) -> None:
        from kursrom.screens.modals import ConfirmModal

        result, name = message.result, message.path.name
        if not result.ok:
            self._show_problems(name, result.problems)
            return
        names = ", ".join(row.name for row in result.rows[:12]) + (" …" if len(result.rows) > 12 else "")

        def answered(yes: bool | None) -> None:
            if yes:
                self._import(name, result.rows)

        self.app.push_screen(ConfirmModal(ngettext("Enrol {count} person from {file}?",
                                                   "Enrol {count} people from {file}?", len(result.rows)).format(
            count=len(result.rows), file=name), names), answered)

    def _import(self, name: str, rows) -> None:  # noqa: ANN001 - RosterRows
        from kursrom.store.rounds import RosterRejected, import_roster

        def imported(added: list) -> None:
            self._changed(added[0].id if added else None)
            self.app.notify(ngettext("{count} person enrolled from {file}.", "{count} people enrolled from {file}.",
                                     len(added)).format(count=len(added), file=name))

        def refused(error: Exception) -> bool:
            if not isinstance(error, RosterRejected):
                return False  # the writer tells it
            self._show_problems(name, error.problems)
            return True

        self.write(import_roster, self.round_id, rows, on_saved=imported, on_refused=refused)

    def _show_problems(self, name: str, problems) -> None:  # noqa: ANN001 - RosterProblems
        from kursrom.screens.modals import ProblemsModal

        title = ngettext("Nothing was imported: {count} problem in {file}",
                         "Nothing was imported: {count} problems in {file}", len(problems)).format(
            count=len(problems), file=name)
        self.app.push_screen(ProblemsModal(title, [str(p) for p in problems]))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        if event.worker.group == "roster-csv":
            self.app.notify(_("The file could not be read: {error}").format(error=event.worker.error),
                            severity="error")

    def action_back(self) -> None:
        self.dismiss()
