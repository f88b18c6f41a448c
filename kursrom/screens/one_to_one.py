"""One person in one-to-one guidance: their conversations, and their plan as it stands (the SØT
board they write with the facilitator in the conversations). The plan exports as a page for the
person, and for their NAV advisor only with the person's consent in this round (c asks for it, as on
the roster; `kursrom.store.consent`)."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from kursrom.core.plan import PersonPlan
from kursrom.core.schedule import format_day, format_when
from kursrom.core.vocabulary import SessionStatus
from kursrom.i18n import _
from kursrom.widgets.services import AppServices
from kursrom.widgets.topline import TopLine


def plan_view(plan: PersonPlan) -> Group:
    """The conversations and the plan, as the screen shows them."""
    parts: list[Text] = [Text(_("Conversations"), style="bold")]
    for number, theme, when, status in plan.conversations:
        mark = "✓" if status != SessionStatus.PLANNED else "·"
        parts.append(Text(f" {mark} {number}. {theme}  {format_when(when) if when else ''}", no_wrap=True,
                          overflow="ellipsis"))
    parts.append(Text(""))
    if not plan.written:
        parts.append(Text(_("No plan yet: it is written on the SØT board in the conversation."), style="dim"))
        return Group(*parts)
    for heading, text in ((_("The situation now"), plan.situation), (_("The situation I want"), plan.wish)):
        parts += [Text(heading, style="bold"), Text(text or "–"), Text("")]
    parts.append(Text(_("Steps"), style="bold"))
    for i, step in enumerate(plan.steps, 1):
        line = Text(f" {i}. {step.text}")
        if step.by:
            line.append("  " + _("by {day}").format(day=format_day(step.by)), style="dim")
        parts.append(line)
    if not plan.steps:
        parts.append(Text(" –"))
    return Group(*parts)


class PersonScreen(AppServices, Screen[None]):
    CSS_PATH = "one_to_one.tcss"
    BINDINGS = [
        Binding("e", "export('participant')", _("Plan for the person"), id="person.export"),
        Binding("r", "export('advisor')", _("Plan for the advisor"), id="person.export_advisor"),
        Binding("c", "consent", _("Consent"), id="person.consent"),
        Binding("escape", "back", _("Back"), id="person.back"),
    ]

    def __init__(self, round_id: int, participant_id: int, *, out_dir: Path | None = None) -> None:
        super().__init__()
        self.round_id = round_id
        self.participant_id = participant_id
        self.out_dir = out_dir  # the export folder when None
        self.advisor_allowed = False

    def compose(self) -> ComposeResult:
        yield TopLine(_("The person"))
        with VerticalScroll(id="person-body"):
            yield Static(id="person-plan")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_plan()

    def on_screen_resume(self) -> None:
        self.refresh_plan()

    def refresh_plan(self) -> None:
        from kursrom.store.plan import advisor_may_see, build_plan

        plan = build_plan(self.store, self.round_id, self.participant_id)
        self.advisor_allowed = advisor_may_see(self.store, self.round_id, self.participant_id)
        self.query_one(TopLine).title = f"{plan.person} · {plan.course}"
        self.query_one("#person-plan", Static).update(plan_view(plan))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export" and parameters == ("advisor",):
            return True if self.advisor_allowed else None  # greyed: the person has not agreed
        return True

    def action_consent(self) -> None:
        """The same question as on the roster: may the plan go to the advisor?"""
        from kursrom.screens.consent import ask_consent
        from kursrom.store.rounds import get_participant

        person = get_participant(self.store, self.participant_id)
        if person is not None:
            ask_consent(self, self.round_id, person.id, person.name, on_recorded=self.refresh_plan)

    def action_export(self, audience: str) -> None:
        self._export(audience)

    @work(thread=True, exclusive=True, exit_on_error=False, group="plan-export")
    def _export(self, audience: str) -> None:
        from kursrom.store.exports import default_export_dir
        from kursrom.store.plan import export_plan

        try:
            paths = export_plan(self.store, self.round_id, self.participant_id, self.out_dir or default_export_dir(),
                                audience=audience)
        except Exception as error:  # noqa: BLE001 - one sentence, never a traceback
            self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        self.app.call_from_thread(self.notify, _("Saved {path}").format(path=paths[0]))

    def action_back(self) -> None:
        self.dismiss()
