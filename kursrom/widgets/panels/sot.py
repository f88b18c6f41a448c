"""The SØT model: a board per participant with Situasjonen nå, Ønskesituasjonen and Tiltak (steps,
each with an optional date), run through the method's phases: writing alone, talk in groups (formed
from those present, with their own timer), then the plenary.

The board is the participant's, not the session's: it opens as last saved, in whichever session that
was, and every save that changes it adds a revision, so its history is kept (`h`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.css.query import NoMatches
from textual.events import DescendantBlur
from textual.screen import ModalScreen
from textual.widgets import ContentSwitcher, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from kursrom.core.clock import OSLO
from kursrom.core.groups import Countdown, form_groups
from kursrom.i18n import N_, _
from kursrom.widgets.css import load_css
from kursrom.widgets.footer import Footer
from kursrom.widgets.panels.base import ExercisePanel
from kursrom.widgets.fitting import Field
from kursrom.widgets.panels.common import CountdownLabel, PeopleColumn, PeopleList

if TYPE_CHECKING:
    from kursrom.store.models import Participant, SotRevision

PHASES = ("alone", "groups", "plenary")
PHASE_LABELS = {"alone": N_("Alone"), "groups": N_("Groups of {size}"), "plenary": N_("Plenary")}


def parse_step_date(text: str, today: date) -> date | None:
    """A step's date as a facilitator types it: "4.12", "04.12.2026", "2026-12-04" or nothing.
    A day and month without a year mean the next such date from `today`. Raises ValueError."""
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        return date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
    match = re.fullmatch(r"(\d{1,2})[./](\d{1,2})(?:[./](\d{2}|\d{4}))?\.?", text)
    if not match:
        raise ValueError(text)
    day, month, year = int(match[1]), int(match[2]), match[3]
    if year:
        return date(int(year) + (2000 if len(year) == 2 else 0), month, day)
    found = date(today.year, month, day)
    return found if found >= today else date(today.year + 1, month, day)


def format_step(step: dict) -> str:
    when = step.get("date")
    if when:
        return f"{step['text']} ({date.fromisoformat(when).strftime('%d.%m.%Y')})"
    return step["text"]


class SotHistoryScreen(ModalScreen[None]):
    """Every revision of one participant's board, oldest first, with the session it was made in."""

    DEFAULT_CSS = """
    SotHistoryScreen { align: center middle; }
    #sot-history { width: 76; height: 20; border: round $accent; background: $surface; padding: 0 1; }
    """
    BINDINGS = [Binding("escape,h", "close", _("Close"), id="sot_history.close")]

    def __init__(self, name: str, revisions: list[tuple[SotRevision, str]]) -> None:
        super().__init__()
        self.person = name
        self.revisions = revisions

    def compose(self) -> ComposeResult:
        text = Text()
        text.append(_("The SØT board of {name}").format(name=self.person) + "\n", style="bold")
        for revision, where in self.revisions:
            text.append(f"\n{where}\n", style="bold underline")
            text.append(_("Situation now: ") , style="italic")
            text.append((revision.situation or "–") + "\n")
            text.append(_("Wished situation: "), style="italic")
            text.append((revision.wish or "–") + "\n")
            text.append(_("Actions: "), style="italic")
            text.append("; ".join(format_step(step) for step in revision.actions) or "–")
            text.append("\n")
        with VerticalScroll(id="sot-history"):
            yield Static(text)
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)


class SotPanel(ExercisePanel):
    DEFAULT_CSS = load_css(__file__)
    BINDINGS = [
        Binding("f", "next_phase", _("Next phase"), id="panel.next"),
        Binding("c", "timer", _("Start/pause phase"), id="panel.timer"),
        Binding("o", "overview", _("Overview"), id="panel.overview"),
        Binding("h", "history", _("History"), id="panel.history"),
        Binding("g", "regroup", _("New groups"), id="panel.regroup"),
        Binding("delete", "delete_step", _("Delete step"), id="panel.delete"),
        Binding("ctrl+s", "save", _("Save"), id="panel.save"),
    ]

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.state: dict = {"phase": "alone", "groups": []}
        self.countdown = Countdown(self._phase_seconds("alone"))
        #: participant id -> the board as last saved (situation, wish, actions)
        self.boards: dict[int, SotRevision] = {}
        self.editing: int | None = None
        self.steps: list[dict] = []
        #: participant id -> the board on screen when it was last asked to be saved, until stored
        self.drafts: dict[int, SotRevision] = {}

    # -- layout ----------------------------------------------------------------------------------

    def _part(self, key: str) -> dict:
        return self.fields.get(key) or {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="sot-top"):
            yield Static(id="sot-phases")
            yield CountdownLabel(id="sot-timer")
        with ContentSwitcher(initial="sot-board", id="sot-views"):
            with Horizontal(id="sot-board"):
                yield PeopleColumn(_("Participant (✓ today)"), id="sot-people")
                with VerticalScroll(id="sot-form"):
                    yield Static(id="sot-since")
                    yield Label(self._part("situation").get("title", _("Situation now")), classes="sot-label")
                    yield TextArea(id="sot-situation", compact=True, soft_wrap=True,
                                   placeholder=self._part("situation").get("help", ""))
                    yield Label(self._part("wish").get("title", _("Wished situation")), classes="sot-label")
                    yield TextArea(id="sot-wish", compact=True, soft_wrap=True,
                                   placeholder=self._part("wish").get("help", ""))
                    yield Label(self._part("actions").get("title", _("Actions")), classes="sot-label")
                    yield OptionList(id="sot-actions", compact=True)
                    with Horizontal(id="sot-new-step"):
                        yield Field(hint=_("New step; Enter adds"), id="sot-step", compact=True)
                        yield Field(hint=_("date"), id="sot-date", compact=True)
            with VerticalScroll(id="sot-overview"):
                yield Static(id="sot-overview-text")

    def on_mount(self) -> None:
        from kursrom.store.results import current_boards, load_result

        self.state["phase"] = self._phases()[0]
        self.countdown = Countdown(self._phase_seconds(self.state["phase"]))
        stored = load_result(self.store, self.item.id)
        if stored:
            self.state.update({k: v for k, v in stored.items() if k != "timer"})
            self.countdown = Countdown.from_data(stored.get("timer"), self._phase_seconds(self.state["phase"]))
        self.boards = current_boards(self.store, self.present_ids)
        self._show_phase()
        self._show_people()
        if self.state["phase"] != self._phases()[0]:
            self.query_one(ContentSwitcher).current = "sot-overview"
            self._show_overview()

    def focus_default(self) -> None:
        self.query_one(PeopleList).focus()

    def on_unmount(self) -> None:
        try:
            self._save_board()
        except NoMatches:  # the form is already gone; it was saved when it lost focus
            pass

    def present_changed(self, present: list[Participant]) -> None:
        from kursrom.store.results import current_boards

        super().present_changed(present)
        self.boards.update(current_boards(self.store, [pid for pid in self.present_ids if pid not in self.boards]))
        self._show_phase()
        self._show_people()
        self._show_overview()

    # -- phases ----------------------------------------------------------------------------------

    def _phase_seconds(self, phase: str) -> int:
        return int((self.fields.get("phases") or {}).get(phase, 0)) * 60

    def _phases(self) -> list[str]:
        """The phases this run goes through: those with minutes, and the group talk only when there
        are at least two people (a one-to-one guidance conversation goes from writing to talking)."""
        active = [phase for phase in PHASES if self._phase_seconds(phase) > 0
                  and not (phase == "groups" and len(self.present) < 2)]
        return active or ["alone"]

    def _next_phase(self) -> str | None:
        phases = self._phases()
        later = [p for p in phases if PHASES.index(p) > PHASES.index(self.state["phase"])]
        return later[0] if later else None

    def _phase_label(self, phase: str) -> str:
        return _(PHASE_LABELS[phase]).format(size=self.fields.get("group_size", 3))

    def _show_phase(self) -> None:
        current = self.state["phase"]
        text = Text(no_wrap=True, overflow="ellipsis")
        for number, phase in enumerate(self._phases(), start=1):  # the phase on now is marked, not only coloured
            now = phase == current
            text.append(f"{'●' if now else ' '} {number} {self._phase_label(phase)} ",
                        style="bold reverse" if now else "dim")
            text.append(" ")
        self.query_one("#sot-phases", Static).update(text)
        self.query_one(CountdownLabel).show(self.countdown)

    def _save_state(self) -> None:
        from kursrom.store.results import save_result

        self.write(save_result, self.item.id, "sot", {**self.state, "timer": self.countdown.to_data()})

    def can(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_phase":
            return self._next_phase() is not None or None
        if action == "regroup":
            return self.state["phase"] == "groups"
        if action in ("history", "save"):
            return self.query_one(ContentSwitcher).current == "sot-board" and self.editing is not None
        if action == "delete_step":
            actions = self.query_one("#sot-actions", OptionList)
            return actions.has_focus and actions.highlighted is not None
        return True

    def action_timer(self) -> None:
        self.countdown.toggle(self.clock)
        self._save_state()
        self.query_one(CountdownLabel).tick()

    def action_next_phase(self) -> None:
        phase = self._next_phase()
        if phase is None:
            return
        self._save_board()
        self.countdown.pause(self.clock)
        self.state["phase"] = phase
        if phase == "groups":
            self.state["groups"] = form_groups(self.present_ids, int(self.fields.get("group_size", 3)))
        self.countdown = Countdown(self._phase_seconds(phase))
        self.countdown.start(self.clock)
        self._save_state()
        self._show_phase()
        self._show_overview()
        self.query_one(ContentSwitcher).current = "sot-overview"
        self.query_one("#sot-overview").focus()
        self.refresh_bindings()

    def action_regroup(self) -> None:
        seed = len(self.state.get("reshuffles", [])) + 1
        self.state["reshuffles"] = [*self.state.get("reshuffles", []), seed]
        self.state["groups"] = form_groups(self.present_ids, int(self.fields.get("group_size", 3)), seed=seed)
        self._save_state()
        self._show_overview()

    def action_overview(self) -> None:
        switcher = self.query_one(ContentSwitcher)
        if switcher.current == "sot-board":
            self._save_board()
            self._show_overview()
            switcher.current = "sot-overview"
            self.query_one("#sot-overview").focus()
        else:
            switcher.current = "sot-board"
            self.query_one(PeopleList).focus()
        self.refresh_bindings()

    # -- the board -------------------------------------------------------------------------------

    def _mark(self, participant_id: int) -> str:
        board = self.boards.get(participant_id)
        if board is None:
            return ""
        return "✓" if board.session_id == self.session.id else "•"

    def _show_people(self) -> None:
        self.query_one(PeopleList).show(self.present, {p.id: self._mark(p.id) for p in self.present})
        self._load_board(self.query_one(PeopleList).current)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if isinstance(event.option_list, PeopleList):
            self._save_board()
            self._load_board(event.option_list.current)
        self.refresh_bindings()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option_list, PeopleList):
            self.query_one("#sot-situation", TextArea).focus()

    def _load_board(self, participant_id: int | None) -> None:
        self.editing = participant_id
        board = (self.drafts.get(participant_id) or self.boards.get(participant_id)
                 if participant_id is not None else None)
        self.query_one("#sot-situation", TextArea).load_text(board.situation if board else "")
        self.query_one("#sot-wish", TextArea).load_text(board.wish if board else "")
        self.steps = [dict(step) for step in board.actions] if board else []
        self._show_steps()
        self._show_since()

    def _show_since(self) -> None:
        from kursrom.store.results import board_versions

        since = self.query_one("#sot-since", Static)
        if self.editing is None:
            since.update("")
            return
        versions = board_versions(self.store, self.editing)
        if not versions:
            since.update(Text(_("A new board."), style="dim"))
            return
        numbers = [str(session.number) for session, _revision in versions if session is not None]
        since.update(Text(_("Worked on in session {numbers} · h: history").format(numbers=", ".join(numbers) or "–"),
                          style="dim", no_wrap=True, overflow="ellipsis"))

    def _show_steps(self) -> None:
        actions = self.query_one("#sot-actions", OptionList)
        actions.set_options([Option(format_step(step)) for step in self.steps])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id not in ("sot-step", "sot-date") or self.editing is None:
            return
        step_input = self.query_one("#sot-step", Input)
        date_input = self.query_one("#sot-date", Input)
        text = " ".join(step_input.value.split())
        if self.waiting_to_save(step_input):
            return
        if not text:
            step_input.focus()
            return
        today = (self.session.planned_start or self.clock.now()).astimezone(OSLO).date()
        try:
            when = parse_step_date(date_input.value, today)
        except ValueError:
            self.notify(_("Write the date as 4.12 or 04.12.2026."), severity="warning")
            date_input.focus()
            return
        step = {"text": text, "date": when.isoformat() if when else None}
        if self.steps[-1:] != [step]:  # after a save that failed, Enter tries the same step again
            self.steps.append(step)
        self._show_steps()
        self._save_board(clears=[step_input, date_input])
        step_input.focus()

    def action_delete_step(self) -> None:
        actions = self.query_one("#sot-actions", OptionList)
        if actions.highlighted is None or actions.highlighted >= len(self.steps):
            return
        del self.steps[actions.highlighted]
        self._show_steps()
        self._save_board()

    def on_descendant_blur(self, event: DescendantBlur) -> None:
        if isinstance(event.widget, TextArea):
            self._save_board()

    def action_save(self) -> None:
        self._save_board()

    def _save_board(self, *, clears: list[Input] | None = None) -> None:
        """Save the board on screen as a new revision, if it changed. Until it is stored it is kept
        as a draft, which the board shows when the facilitator comes back to the person."""
        from kursrom.store.models import SotRevision
        from kursrom.store.results import save_board

        if self.editing is None:
            return
        participant_id = self.editing
        draft = SotRevision(board_id=0, session_id=self.session.id,
                            situation=self.query_one("#sot-situation", TextArea).text,
                            wish=self.query_one("#sot-wish", TextArea).text, actions=list(self.steps))
        self.drafts[participant_id] = draft

        def saved(revision: SotRevision | None) -> None:
            if self.drafts.get(participant_id) is draft:
                del self.drafts[participant_id]
            if revision is None:  # nothing had changed
                return
            self.boards[participant_id] = revision
            self.query_one(PeopleList).mark(participant_id, self.name_of(participant_id), self._mark(participant_id))
            if self.editing == participant_id:
                self._show_since()

        self.write(save_board, participant_id, self.session.id, situation=draft.situation, wish=draft.wish,
                   actions=draft.actions, round_id=self.session.round_id, on_saved=saved, clears=clears or ())

    def action_history(self) -> None:
        from kursrom.store.results import board_versions

        if self.editing is None:
            return
        self._save_board()
        rows = []
        for session, revision in board_versions(self.store, self.editing):
            saved = revision.saved_at.astimezone(OSLO).strftime("%d.%m.%Y %H:%M") if revision.saved_at else ""
            where = _("Session {number}, {when}").format(number=session.number, when=saved) if session else saved
            rows.append((revision, where))
        self.app.push_screen(SotHistoryScreen(self.name_of(self.editing), rows))

    # -- the overview: groups, then everyone's steps ---------------------------------------------

    def _show_overview(self) -> None:
        text = Text()
        if self.state["phase"] == "groups" and self.state.get("groups"):
            text.append(_("Talk in the groups: what did you write, where is the gap largest, and what can "
                          "concretely be done?") + "\n", style="italic")
            for number, group in enumerate(self.state["groups"], start=1):
                names = ", ".join(self.name_of(pid) for pid in group)
                text.append("\n" + _("Group {number}: ").format(number=number), style="bold")
                text.append(names)
            text.append("\n\n")
        text.append(_("Everyone's actions") + "\n", style="bold")
        for person in self.present:
            board = self.drafts.get(person.id) or self.boards.get(person.id)
            steps = board.actions if board else []
            text.append(f"{person.name}: ", style="bold")
            text.append("; ".join(format_step(step) for step in steps) if steps else "–")
            text.append("\n")
        self.query_one("#sot-overview-text", Static).update(text)
