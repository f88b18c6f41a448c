"""Small dialogs for planning: confirmations, reasons, moving a session, a participant's details, a
file path, a list of problems, a follow-up status, picking a person. Each returns its value with
`dismiss()` (None when cancelled with Escape)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import Suggester, SuggestFromList
from textual.widgets import Input, Label, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from kursrom.i18n import _
from kursrom.widgets.services import AppServices


class PlanningDialog(ModalScreen):
    """The shared frame: a title, a body, a line for errors and a hint of the keys."""

    CSS_PATH = "modals.tcss"
    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="dialog.cancel")]

    def action_cancel(self) -> None:
        self.dismiss(None)

    #: Forms: Enter on this field saves (`action_save`); Enter on any other moves to the next field.
    LAST_FIELD: str | None = None

    def show_error(self, text: str) -> None:
        error = self.query_one(".dialog-error", Static)
        error.update(text)
        error.display = bool(text)

    @on(Input.Submitted)
    def _next_or_save(self, event: Input.Submitted) -> None:
        if self.LAST_FIELD is None:
            return
        if event.input.id == self.LAST_FIELD:
            self.action_save()
        else:
            self.focus_next()


def _error_line() -> Static:
    line = Static("", classes="dialog-error")
    line.display = False
    return line


# --------------------------------------------------------------------------------------------------


class ConfirmModal(PlanningDialog):
    """Yes or no. Enter or y confirms; Escape or n cancels (returns False)."""

    BINDINGS = [
        Binding("y,j,enter", "answer(True)", _("Yes"), id="confirm.yes"),
        Binding("n,escape", "answer(False)", _("No"), id="confirm.no"),
    ]

    def __init__(self, title: str, body: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            if self.body:
                yield Static(self.body, classes="dialog-body")
            yield Static(_("[b]y[/b]/Enter: yes   [b]n[/b]/Esc: no"), classes="dialog-hint")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class ReasonModal(PlanningDialog):
    """A short reason, e.g. for taking someone off a round. Returns the text or None."""

    REASONS = (_("Got a job"), _("Started education"), _("Moved"), _("Illness"), _("Did not turn up"),
               _("Chose to stop"))

    def __init__(self, title: str, body: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            if self.body:
                yield Static(self.body, classes="dialog-body")
            yield Input(placeholder=_("Reason"), id="reason",
                        suggester=SuggestFromList(self.REASONS, case_sensitive=False))
            yield _error_line()
            yield Static(_("Enter: save   Esc: cancel   →: take the suggestion"), classes="dialog-hint")

    @on(Input.Submitted, "#reason")
    def _submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.show_error(_("Write a reason."))
            return
        self.dismiss(event.value.strip())


class MoveSessionModal(PlanningDialog):
    """A new date and time for one session. Returns (date, "HH:MM") or None."""

    def __init__(self, title: str, day: date, start_time: str) -> None:
        super().__init__()
        self.title_text = title
        self.day = day
        self.start_time = start_time

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            with Grid(classes="form-grid"):
                yield Label(_("Date"))
                yield Input(self.day.strftime("%d.%m.%Y"), id="move-date", compact=True)
                yield Label(_("Time"))
                yield Input(self.start_time, id="move-time", compact=True)
            yield _error_line()
            yield Static(_("Enter: move   Tab: next field   Esc: cancel"), classes="dialog-hint")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        from kursrom.core.schedule import parse_date, parse_time

        try:
            day = parse_date(self.query_one("#move-date", Input).value)
        except ValueError:
            self.show_error(_("Write the date as DD.MM.YYYY or YYYY-MM-DD."))
            self.query_one("#move-date", Input).focus()
            return
        try:
            at = parse_time(self.query_one("#move-time", Input).value)
        except ValueError:
            self.show_error(_("Write the time as HH:MM."))
            self.query_one("#move-time", Input).focus()
            return
        self.dismiss((day, at.strftime("%H:%M")))


@dataclass(frozen=True)
class ParticipantFields:
    name: str
    language: str
    interpreter_language: str | None
    contact: str
    accessibility_note: str


class ParticipantModal(PlanningDialog):
    """A participant's details: name or pseudonym, language, interpreter, contact, a short note."""

    LAST_FIELD = "p-note"

    BINDINGS = [
        Binding("escape", "cancel", _("Cancel"), id="dialog.cancel"),
        Binding("ctrl+s", "save", _("Save"), id="participant.save"),
    ]

    def __init__(self, title: str, fields: ParticipantFields | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields or ParticipantFields("", "", None, "", "")

    def compose(self) -> ComposeResult:
        fields = self.fields
        with Vertical(classes="dialog dialog-wide"):
            yield Label(self.title_text, classes="dialog-title")
            with Grid(classes="form-grid"):
                yield Label(_("Name"))
                yield Input(fields.name, id="p-name", compact=True, max_length=80,
                            placeholder=_("a name or a pseudonym"))
                yield Label(_("Language"))
                yield Input(fields.language, id="p-language", compact=True, max_length=20,
                            placeholder=_("e.g. nb, uk, ar"))
                yield Label(_("Interpreter"))
                yield Input(fields.interpreter_language or "", id="p-interpreter", compact=True, max_length=20,
                            placeholder=_("language, or empty if none"))
                yield Label(_("Contact"))
                yield Input(fields.contact, id="p-contact", compact=True, max_length=120,
                            placeholder=_("optional"))
                yield Label(_("Note"))
                yield Input(fields.accessibility_note, id="p-note", compact=True, max_length=300,
                            placeholder=_("accessibility, e.g. sits in front"))
            yield _error_line()
            yield Static(_("Enter on the last field or Ctrl+S: save   Esc: cancel"), classes="dialog-hint")

    def action_save(self) -> None:
        from kursrom.core.roster_csv import language_code

        value = {i.id: i.value.strip() for i in self.query(Input)}
        if not value["p-name"]:
            self.show_error(_("Write a name or a pseudonym."))
            self.query_one("#p-name", Input).focus()
            return
        languages = {}
        for key in ("p-language", "p-interpreter"):
            text = value[key]
            if text.casefold() in ("", "nei", "no", "-"):
                languages[key] = ""
                continue
            if key == "p-interpreter" and text.casefold() in ("ja", "j", "yes", "y", "x"):
                # "yes" means an interpreter for their preferred language
                code = languages["p-language"] or None
                if code is None:
                    self.show_error(_("An interpreter for which language? Write the language."))
                    self.query_one("#p-interpreter", Input).focus()
                    return
            else:
                code = language_code(text)
            if code is None:
                self.show_error(_("'{value}' is not a language; write a code such as nb, uk, ar or ti.").format(
                    value=text))
                self.query_one(f"#{key}", Input).focus()
                return
            languages[key] = code
        self.dismiss(ParticipantFields(value["p-name"], languages["p-language"],
                                       languages["p-interpreter"] or None, value["p-contact"], value["p-note"]))


def edit_participant(caller: AppServices, person, then: Callable[[], None]) -> None:  # noqa: ANN001 - Participant
    """Open the participant form on `person`, save what changed, then call `then` (to refresh).
    Should the save fail, the form opens again with what was typed."""

    def edited(fields: ParticipantFields | None) -> None:
        if fields is None:
            return
        from kursrom.store.rounds import update_participant

        caller.write(update_participant, person.id, name=fields.name, language=fields.language,
                     interpreter_language=fields.interpreter_language, contact=fields.contact,
                     accessibility_note=fields.accessibility_note, on_saved=lambda _person: then(),
                     on_failed=lambda _error: ask(fields))

    def ask(fields: ParticipantFields) -> None:
        caller.app.push_screen(ParticipantModal(_("Edit {name}").format(name=person.name), fields), edited)

    ask(ParticipantFields(person.name, person.language, person.interpreter_language, person.contact,
                          person.accessibility_note))


class PathSuggester(Suggester):
    """Completes a file or folder name from what is on disk (→ takes the suggestion)."""

    def __init__(self, suffix: str = "") -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.suffix = suffix

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        path = Path(value).expanduser()
        folder, stem = (path, "") if value.endswith(os.sep) else (path.parent, path.name)
        try:
            names = sorted(p.name + (os.sep if p.is_dir() else "") for p in folder.iterdir()
                           if p.name.startswith(stem) and not p.name.startswith(".")
                           and (p.is_dir() or not self.suffix or p.name.lower().endswith(self.suffix)))
        except OSError:
            return None
        if not names:
            return None
        prefix = value[: len(value) - len(stem)] if stem else value
        return prefix + names[0]


class PathModal(PlanningDialog):
    """A file path, completed from the disk. `must_exist` for files to read."""

    def __init__(self, title: str, value: str = "", *, suffix: str = "", must_exist: bool = True,
                 body: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.suffix = suffix
        self.must_exist = must_exist
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(self.title_text, classes="dialog-title")
            if self.body:
                yield Static(self.body, classes="dialog-body")
            yield Input(self.value, id="path", suggester=PathSuggester(self.suffix))
            yield _error_line()
            yield Static(_("Enter: choose   →: complete the name   Esc: cancel"), classes="dialog-hint")

    @on(Input.Submitted, "#path")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.show_error(_("Write a file name."))
            return
        path = Path(text).expanduser()
        if self.must_exist and not path.is_file():
            self.show_error(_("There is no file {path}.").format(path=path))
            return
        if not self.must_exist:
            if path.is_dir():
                self.show_error(_("{path} is a folder; give a file name.").format(path=path))
                return
            if not path.parent.is_dir():
                self.show_error(_("The folder {path} does not exist.").format(path=path.parent))
                return
        self.dismiss(path)


class ProblemsModal(PlanningDialog):
    """A list of problems to read; Enter or Escape closes it."""

    BINDINGS = [Binding("escape,enter", "cancel", _("Close"), id="problems.close")]

    def __init__(self, title: str, problems: Sequence[str]) -> None:
        super().__init__()
        self.title_text = title
        self.problems = list(problems)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(self.title_text, classes="dialog-title")
            with VerticalScroll(classes="problem-list"):
                for problem in self.problems:
                    yield Static(problem, classes="problem", markup=False)
            yield Static(_("Enter/Esc: close"), classes="dialog-hint")


@dataclass(frozen=True)
class FollowUpInput:
    status: str
    on: date
    note: str


class FollowUpModal(PlanningDialog):
    """A follow-up status with its date and an optional note."""

    BINDINGS = [
        Binding("escape", "cancel", _("Cancel"), id="dialog.cancel"),
        Binding("ctrl+s", "save", _("Save"), id="followup.save"),
    ]

    def __init__(self, title: str, status: str, on: date, note: str = "",
                 statuses: tuple[str, ...] | None = None) -> None:
        from kursrom.core.outcomes import DEFAULT_OUTCOMES

        super().__init__()
        self.title_text = title
        self.statuses = statuses or DEFAULT_OUTCOMES.statuses  # the course's own
        self.status = status
        self.on = on
        self.note = note

    def compose(self) -> ComposeResult:
        from kursrom.core.vocabulary import FollowUpStatus

        with Vertical(classes="dialog dialog-wide"):
            yield Label(self.title_text, classes="dialog-title")
            with RadioSet(id="fu-status"):
                for status in self.statuses:
                    yield RadioButton(FollowUpStatus.label_of(status), value=status == self.status, name=status)
            with Grid(classes="form-grid"):
                yield Label(_("Date"))
                yield Input(self.on.strftime("%d.%m.%Y"), id="fu-date", compact=True)
                yield Label(_("Note"))
                yield Input(self.note, id="fu-note", compact=True, max_length=200, placeholder=_("optional"))
            yield _error_line()
            yield Static(_("↑↓: status   Tab: next field   Enter/Ctrl+S: save   Esc: cancel"),
                         classes="dialog-hint")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        from kursrom.core.schedule import parse_date

        pressed = self.query_one("#fu-status", RadioSet).pressed_button
        if pressed is None:
            self.show_error(_("Choose a status."))
            return
        try:
            on = parse_date(self.query_one("#fu-date", Input).value)
        except ValueError:
            self.show_error(_("Write the date as DD.MM.YYYY or YYYY-MM-DD."))
            self.query_one("#fu-date", Input).focus()
            return
        self.dismiss(FollowUpInput(pressed.name or "unknown", on, self.query_one("#fu-note", Input).value.strip()))


class PickModal(PlanningDialog):
    """Pick one of a list (e.g. a participant from an earlier round). Returns the option's id."""

    def __init__(self, title: str, options: Sequence[tuple[str, str]], empty: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.options = list(options)
        self.empty = empty

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(self.title_text, classes="dialog-title")
            if self.options:
                yield OptionList(*(Option(text, id=key) for key, text in self.options), id="pick")
                yield Static(_("Enter: choose   Esc: cancel"), classes="dialog-hint")
            else:
                yield Static(self.empty, classes="dialog-body")
                yield Static(_("Esc: close"), classes="dialog-hint")

    @on(OptionList.OptionSelected, "#pick")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


@dataclass(frozen=True)
class RoundDetails:
    title: str
    place: str
    facilitators: str
    places: int | None = None  # None: no limit


class RoundDetailsModal(PlanningDialog):
    """A round's title, place or link, facilitators, and number of places."""

    LAST_FIELD = "d-places"

    BINDINGS = [
        Binding("escape", "cancel", _("Cancel"), id="dialog.cancel"),
        Binding("ctrl+s", "save", _("Save"), id="round_details.save"),
    ]

    def __init__(self, title: str, details: RoundDetails) -> None:
        super().__init__()
        self.title_text = title
        self.details = details

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(self.title_text, classes="dialog-title")
            with Grid(classes="form-grid"):
                yield Label(_("Title"))
                yield Input(self.details.title, id="d-title", compact=True, max_length=80)
                yield Label(_("Place/link"))
                yield Input(self.details.place, id="d-place", compact=True, placeholder=_("room, or a link"))
                yield Label(_("Facilitators"))
                yield Input(self.details.facilitators, id="d-facilitators", compact=True)
                yield Label(_("Places"))
                yield Input("" if self.details.places is None else str(self.details.places), id="d-places",
                            compact=True, placeholder=_("no limit"), restrict=r"\d*", max_length=3)
            yield _error_line()
            yield Static(_("Enter on the last field or Ctrl+S: save   Esc: cancel"), classes="dialog-hint")

    def action_save(self) -> None:
        title = self.query_one("#d-title", Input).value.strip()
        if not title:
            self.show_error(_("A round needs a title."))
            self.query_one("#d-title", Input).focus()
            return
        places = self.query_one("#d-places", Input).value.strip()
        if places and not 1 <= int(places) <= 500:
            self.show_error(_("The number of places must be a whole number from 1 to 500."))
            self.query_one("#d-places", Input).focus()
            return
        self.dismiss(RoundDetails(title, self.query_one("#d-place", Input).value.strip(),
                                  self.query_one("#d-facilitators", Input).value.strip(),
                                  int(places) if places else None))
