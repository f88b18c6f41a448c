"""Role play (interview training): groups of three from the participants present (a pair or a
four-some when the count does not divide), the roles rotating through the rounds with a timer per
round, the exercise's questions for the interviewer, and the observer's feedback for the job seeker
after each round."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from kursrom.core.groups import Countdown, assign_roles, form_groups, role_slots, rounds_needed
from kursrom.i18n import _
from kursrom.widgets.css import load_css
from kursrom.widgets.fitting import Field, fit
from kursrom.widgets.panels.base import ExercisePanel
from kursrom.widgets.panels.common import CountdownLabel, bullets, show_presenter

if TYPE_CHECKING:
    from kursrom.store.models import Participant


class GroupsTable(DataTable):
    """The groups, one row each; Enter writes the observer's feedback for the highlighted group."""

    BINDINGS = [Binding("enter", "select_cursor", _("Feedback"), id="panel.feedback")]


class RolePlayPanel(ExercisePanel):
    DEFAULT_CSS = load_css(__file__)
    # The keys mean the same in every panel and never what the live screen's keys mean (n is its
    # next item, t its instructions): f moves the exercise on, c starts and pauses its clock.
    BINDINGS = [
        Binding("f", "next_round", _("Next round"), id="panel.next"),
        Binding("c", "timer", _("Start/pause round"), id="panel.timer"),
        Binding("g", "regroup", _("New groups"), id="panel.regroup"),
        Binding("v", "projector", _("Projector"), id="panel.projector"),
    ]

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.groups: list[list[int]] = []
        self.round = 0  # 0-based
        self.reshuffles = 0
        self.countdown = Countdown(self._round_seconds)
        #: job seeker id -> [{"round", "observers", "interviewer", "text"}]
        self.feedback: dict[int, list[dict]] = {}

    @property
    def roles(self) -> list[str]:
        return list(self.fields.get("roles") or [_("Job seeker"), _("Interviewer"), _("Observer")])

    @property
    def _round_seconds(self) -> int:
        return int(self.fields.get("round_minutes", 10)) * 60

    @property
    def rounds(self) -> int:
        return rounds_needed(self.groups, int(self.fields.get("rounds", 3))) if self.groups else 0

    def compose(self) -> ComposeResult:
        with Horizontal(id="rp-top"):
            yield Static(id="rp-round")
            yield CountdownLabel(id="rp-timer")
        yield GroupsTable(id="rp-groups", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="rp-questions"):
            yield Static(self._questions_text())
        yield Field(id="rp-feedback", compact=True)

    def _questions_text(self) -> Table:
        """The interviewer's questions beside what the observer looks for."""
        table = Table.grid(expand=True, padding=(0, 2))
        table.add_column(ratio=3)
        table.add_column(ratio=2)
        asks = Text(_("The interviewer asks") + "\n", style="bold")
        asks.append(bullets(self.fields.get("questions", []), numbered=True), style="not bold")
        prompts = self.fields.get("feedback_prompts", [])
        looks = Text(_("The observer looks for") + "\n", style="bold") if prompts else Text()
        looks.append(bullets(prompts), style="not bold")
        table.add_row(asks, looks)
        return table

    def on_mount(self) -> None:
        from kursrom.store.results import results_for_item

        results = results_for_item(self.store, self.item.id)
        state = results.get(None)
        if state and state.get("groups"):
            self.groups = [list(g) for g in state["groups"]]
            self.round = int(state.get("round", 0))
            self.reshuffles = int(state.get("reshuffles", 0))
            self.countdown = Countdown.from_data(state.get("timer"), self._round_seconds)
        else:
            self._form()
        self.feedback = {pid: list(data.get("feedback", [])) for pid, data in results.items() if pid is not None}
        self._show()

    def home(self) -> Widget:
        return self.query_one("#rp-groups", DataTable)

    def present_changed(self, present: list[Participant]) -> None:
        super().present_changed(present)
        if not self.countdown.started and self.round == 0:  # nobody has started: form again
            self._form()
            self._show()

    # -- state -----------------------------------------------------------------------------------

    def _form(self) -> None:
        self.groups = form_groups(self.present_ids, 3, seed=self.reshuffles or None)
        self.round = 0
        self.countdown = Countdown(self._round_seconds)
        self._save_state()

    def _save_state(self) -> None:
        from kursrom.store.results import save_result

        self.write(save_result, self.item.id, "role_play", {
            "groups": self.groups, "round": self.round, "rounds": self.rounds, "reshuffles": self.reshuffles,
            "roles": self.roles, "timer": self.countdown.to_data(),
        })

    def roles_in_round(self, group: list[int]) -> dict[str, list[int]]:
        """role -> members playing it this round (two observers in a four-some)."""
        by_role: dict[str, list[int]] = {}
        for member, role in assign_roles(group, self.roles, self.round):
            by_role.setdefault(role, []).append(member)
        return by_role

    # -- display ---------------------------------------------------------------------------------

    def _show(self) -> None:
        rounds = self.rounds
        line = self.query_one("#rp-round", Static)
        room = line.content_size.width or 200
        if rounds:
            head = _("Round {number} of {total}").format(number=self.round + 1, total=rounds)
            title = Text(fit(f"{head} · {' → '.join(self.roles)}", room), style="dim")
            title.stylize("bold not dim", 0, len(head))
        else:
            title = Text(fit(_("Mark who is present to form groups."), room), style="dim")
        line.update(title)
        self.query_one(CountdownLabel).show(self.countdown if rounds else None)
        table = self.query_one("#rp-groups", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        table.add_column("#", width=2)
        width = self._role_width()
        for role in self.roles:
            table.add_column(role, width=width)
        table.add_column("✓", width=1)
        for number, group in enumerate(self.groups, start=1):
            by_role = self.roles_in_round(group)
            cells: list[str | Text] = [str(number)]
            for role in self.roles:
                names = [self.name_of(pid) for pid in by_role.get(role, [])]
                cells.append(Text("\n".join(names), no_wrap=True, overflow="ellipsis") if names
                             else Text("–", style="dim"))
            cells.append("✓" if self._feedback_for(group) else "")
            table.add_row(*cells, key=str(number - 1), height=max(1, len(group) - len(self.roles) + 1))
        if self.groups:
            table.move_cursor(row=min(row, len(self.groups) - 1))
        self._show_feedback_prompt()

    def _role_width(self) -> int | None:
        """Each role's column gets an equal share of the table, so that a narrow panel (the live
        screen at 80x24) shortens long names with "…" instead of cutting the last column off."""
        table = self.query_one("#rp-groups", DataTable)
        if not table.size.width:
            return None
        padding = 2 * table.cell_padding
        room = table.size.width - (2 + padding) - (1 + padding) - len(self.roles) * padding - 1
        return max(6, room // len(self.roles))

    def on_resize(self) -> None:
        width = self.query_one("#rp-groups", DataTable).size.width
        if width != getattr(self, "_shown_width", None):
            self._shown_width = width
            self._show()

    def _feedback_for(self, group: list[int]) -> dict | None:
        seeker = self.roles_in_round(group).get(self.roles[0], [None])[0]
        for entry in self.feedback.get(seeker, []):
            if entry.get("round") == self.round + 1:
                return entry
        return None

    def _current_group(self) -> list[int] | None:
        table = self.query_one("#rp-groups", DataTable)
        if not self.groups or table.cursor_row < 0:
            return None
        return self.groups[min(table.cursor_row, len(self.groups) - 1)]

    def _show_feedback_prompt(self) -> None:
        box = self.query_one("#rp-feedback", Field)
        group = self._current_group()
        if group is None:
            box.hint = ""
            return
        by_role = self.roles_in_round(group)
        seeker = by_role.get(self.roles[0], [None])[0]
        givers = by_role.get(self.roles[-1]) if len(group) >= len(self.roles) else by_role.get(self.roles[1])
        box.hint = _("Feedback from {givers} to {seeker}; Enter saves").format(
            givers=_(" and ").join(self.name_of(pid) for pid in givers or []), seeker=self.name_of(seeker))
        found = self._feedback_for(group)
        box.value = found["text"] if found else ""

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_feedback_prompt()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_feedback()

    # -- actions ---------------------------------------------------------------------------------

    def can(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_round":
            return self.round + 1 < self.rounds or None
        if action == "regroup":
            return (not self.countdown.started and self.round == 0) or None
        if action == "feedback":
            return bool(self.groups) or None
        return True

    def action_timer(self) -> None:
        self.countdown.toggle(self.clock)
        self._save_state()
        self.query_one(CountdownLabel).tick()

    def action_next_round(self) -> None:
        if self.round + 1 >= self.rounds:
            return
        self.round += 1
        self.countdown = Countdown(self._round_seconds)
        self.countdown.start(self.clock)
        self._save_state()
        self._show()
        self.refresh_bindings()

    def action_regroup(self) -> None:
        self.reshuffles += 1
        self._form()
        self._show()

    def action_feedback(self) -> None:
        if self.groups:
            self.query_one("#rp-feedback", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        from kursrom.store.results import save_result

        group = self._current_group()
        text = event.value.strip()
        if group is None:
            return
        by_role = self.roles_in_round(group)
        seeker = by_role.get(self.roles[0], [None])[0]
        if seeker is None:
            return
        slots = role_slots(len(group), self.roles)
        entry = {
            "round": self.round + 1,
            "interviewer": (by_role.get(self.roles[1]) or [None])[0],
            "observers": by_role.get(self.roles[-1], []) if len(slots) >= len(self.roles) else [],
            "text": text,
        }
        entries = [e for e in self.feedback.get(seeker, []) if e.get("round") != self.round + 1]
        if text:
            entries.append(entry)
        self.feedback[seeker] = entries
        row = self.query_one("#rp-groups", DataTable).cursor_row

        def saved(_row: object) -> None:  # on to the next group, once this one's feedback is stored
            table = self.query_one("#rp-groups", DataTable)
            self._show()
            if table.cursor_row != row:
                return
            if row + 1 < len(self.groups):
                table.move_cursor(row=row + 1)
            else:
                table.focus()

        self.write(save_result, self.item.id, "role_play", {"feedback": entries}, seeker, on_saved=saved)

    def action_projector(self) -> None:
        show_presenter(self)
