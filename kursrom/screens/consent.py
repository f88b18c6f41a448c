"""Recording a participant's consent to share with their NAV advisor: the same question and the same
key (c) on the roster, the participant page and at check-in.

The dialog reads the question out as the facilitator asks it, shows the current answer, and takes
y (agrees) or n (does not agree, or withdraws). The answer is stored through the one writer
(`kursrom.store.consent.record_consent`); a withdrawal then lists the advisor pages already
exported about the person, which kursrom cannot call back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Static

from kursrom.core.reports.text import day, local
from kursrom.i18n import _
from kursrom.screens.modals import PlanningDialog, ProblemsModal

if TYPE_CHECKING:
    from kursrom.core.reports.data import ConsentEntry
    from kursrom.store.consent import ConsentChange
    from kursrom.store.models import Consent
    from kursrom.widgets.services import AppServices


def consent_state(current: Consent | ConsentEntry | None) -> str:
    """The current answer in words: "given 01.12.2026", "withdrawn 03.12.2026", "not given"."""
    if current is None:
        return _("not given (not asked yet)")
    if current.given:
        return _("given {day}").format(day=day(current.at))
    return _("not given, answered {day}").format(day=day(current.at))


class ConsentModal(PlanningDialog):
    """The question, the current answer, y or n. Returns True, False, or None (Escape)."""

    BINDINGS = [
        Binding("y,j", "answer(True)", _("Agrees"), id="consent.yes"),
        Binding("n", "answer(False)", _("Does not agree"), id="consent.no"),
        Binding("escape", "cancel", _("Cancel"), id="consent.cancel"),
    ]

    def __init__(self, name: str, course: str, current: Consent | None) -> None:
        super().__init__()
        self.person = name
        self.course = course
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(_("Consent: {name}").format(name=self.person), classes="dialog-title", markup=False)
            yield Static(_("Does {name} agree that their plan (SØT, the way ahead), the notes flagged for their NAV "
                           "advisor and their quotes from {course} are shared with that advisor? They can change "
                           "their mind at any time.").format(name=self.person, course=self.course),
                         classes="dialog-body", markup=False)
            now = _("Now: {state}").format(state=consent_state(self.current))
            if self.current is not None and self.current.recorded_by:
                now += " · " + _("recorded by {who}, {when}").format(who=self.current.recorded_by,
                                                                    when=local(self.current.at))
            yield Static(now, classes="dialog-body", markup=False)
            yield Static(_("[b]y[/b]: agrees   [b]n[/b]: does not agree (withdraws)   Esc: cancel"),
                         classes="dialog-hint")

    def action_answer(self, given: bool) -> None:
        self.dismiss(given)


def ask_consent(screen: AppServices, round_id: int, participant_id: int, name: str,
                on_recorded: Callable[[], None] | None = None) -> None:
    """Ask the facilitator for the participant's answer and record it (`screen` is a kursrom
    screen: it has the store and the writer)."""
    from kursrom.store.consent import consent_history, record_consent
    from kursrom.store.rounds import get_round

    history = consent_history(screen.store, round_id, participant_id)
    current = history[0] if history else None

    def answered(given: bool | None) -> None:
        if given is None:
            return
        if current is not None and current.given == given:
            screen.app.notify(_("Already recorded: {state}.").format(state=consent_state(current)))  # type: ignore[attr-defined]
            return
        screen.write(record_consent, round_id, participant_id, given,
                     on_saved=lambda change: _recorded(screen, name, current, change, on_recorded))

    course = get_round(screen.store, round_id).title
    screen.app.push_screen(ConsentModal(name, course, current), answered)  # type: ignore[attr-defined]


def _recorded(screen: AppServices, name: str, before: Consent | None, change: ConsentChange,
              on_recorded: Callable[[], None] | None) -> None:
    app = screen.app  # type: ignore[attr-defined]
    if on_recorded is not None:
        on_recorded()
    if change.consent.given:
        app.notify(_("{name} agrees: their plan, flagged notes and quotes go on their advisor page from the next "
                     "export.").format(name=name), markup=False)
        return
    if before is None or not before.given:
        app.notify(_("{name} does not agree: their advisor page holds attendance and the follow-up status only.")
                   .format(name=name), markup=False)
        return
    if not change.exported:
        app.notify(_("{name} withdrew their consent. No advisor page about them has been exported.").format(
            name=name), markup=False)
        return
    lines = [_("{name} withdrew their consent. Later exports leave out their plan, notes and quotes. These advisor "
               "pages were exported about them before, and kursrom cannot call them back:").format(name=name)]
    lines += [f"{local(line.at)}  {line.path}" for line in change.exported]
    app.push_screen(ProblemsModal(_("Consent withdrawn: pages already exported"), lines))
