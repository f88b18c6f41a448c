"""The competence timeline: per participant, entries of a period, formal or informal, and what was
learned, shown as a line through time with formal competence on one side and informal on the other."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import ContentSwitcher, DataTable, Input, Static

from kursrom.i18n import _
from kursrom.widgets.css import load_css
from kursrom.widgets.panels.base import ExercisePanel
from kursrom.widgets.fitting import Field
from kursrom.widgets.panels.common import PeopleColumn, PeopleList, show_presenter

if TYPE_CHECKING:
    from kursrom.store.models import Participant


def start_year(period: str) -> int:
    """The first year in a period ("2015–2018", "høsten 2020"), for ordering; undated ones last."""
    found = re.search(r"\d{4}", period)
    return int(found.group()) if found else 9999


def sorted_entries(entries: list[dict]) -> list[dict]:
    return sorted(entries, key=lambda e: start_year(e.get("period", "")))


def timeline_table(entries: list[dict], formal_title: str, informal_title: str) -> Table:
    """The line through time: formal competence left of the line, informal right, oldest first."""
    table = Table.grid(expand=True, padding=(0, 0))
    table.add_column(justify="right", ratio=1)
    table.add_column(justify="center", no_wrap=True)
    table.add_column(justify="left", ratio=1)
    width = max([len(e.get("period", "")) for e in entries] + [4]) + 2
    edge = Text("┃" + " " * (width - 2) + "┃", style="bold")
    table.add_row(Text(formal_title, style="bold"), " " * width, Text(informal_title, style="bold"))
    table.add_row("", edge, "")
    for entry in sorted_entries(entries):
        period = (entry.get("period") or "?").center(width - 2)
        if entry.get("formal"):
            table.add_row(Text(entry["learned"] + " ━", style="cyan"), Text(f"┫{period}┃", style="bold"), "")
        else:
            table.add_row("", Text(f"┃{period}┣", style="bold"), Text("━ " + entry["learned"], style="green"))
    table.add_row("", edge, "")
    return table


class KindToggle(Widget, can_focus=True):
    """Formal or informal, in one line: ← or → switch (Space is the live screen's timer); Enter moves
    on to what was learned."""

    DEFAULT_CSS = """
    KindToggle { width: auto; height: 1; padding: 0 1; }
    KindToggle:focus { background: $block-cursor-background; color: $block-cursor-foreground; }
    """
    BINDINGS = [
        Binding("left,right", "switch", _("Formal/informal"), key_display="←→", id="panel.kind"),
        Binding("enter", "done", _("Next field"), show=False, id="panel.kind_done"),
    ]

    formal: reactive[bool] = reactive(True)

    def render(self) -> Text:
        return Text.assemble(("◉ " if self.formal else "○ ") + _("Formal"), "  ",
                             ("○ " if self.formal else "◉ ") + _("Informal"))

    def action_switch(self) -> None:
        self.formal = not self.formal

    def action_done(self) -> None:
        self.screen.focus_next()


class TimelinePanel(ExercisePanel):
    DEFAULT_CSS = load_css(__file__)
    BINDINGS = [
        Binding("l", "line", _("Line / list"), id="panel.line"),
        Binding("delete", "delete_entry", _("Delete"), id="panel.delete"),
        Binding("v", "projector", _("Projector"), id="panel.projector"),
    ]

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.entries: dict[int, list[dict]] = {}

    def _title(self, key: str, fallback: str) -> str:
        return (self.fields.get(key) or {}).get("title") or fallback

    def compose(self) -> ComposeResult:
        with Horizontal(id="tl-body"):
            yield PeopleColumn(_("Participant (entries)"), id="tl-people")
            with Vertical(id="tl-right"):
                with ContentSwitcher(initial="tl-line", id="tl-views"):
                    with VerticalScroll(id="tl-line"):
                        yield Static(id="tl-line-text")
                    yield DataTable(id="tl-table", cursor_type="row")
                with Horizontal(id="tl-form"):
                    yield Field(hint=_("When"), id="tl-period", compact=True)
                    yield KindToggle(id="tl-kind")
                yield Field(hint=_("What did you learn? Enter saves"), id="tl-learned", compact=True)

    def on_mount(self) -> None:
        from kursrom.store.results import results_for_item

        self.entries = {pid: list(data.get("entries", []))
                        for pid, data in results_for_item(self.store, self.item.id).items() if pid is not None}
        table = self.query_one("#tl-table", DataTable)
        table.add_columns(_("When"), _("Kind"), _("Learned"))
        self._show_people()

    def focus_default(self) -> None:
        self.query_one(PeopleList).focus()

    def present_changed(self, present: list[Participant]) -> None:
        super().present_changed(present)
        self._show_people()

    def _mark(self, participant_id: int) -> str:
        count = len(self.entries.get(participant_id, []))
        return f"({count})" if count else ""

    def _show_people(self) -> None:
        self.query_one(PeopleList).show(self.present, {p.id: self._mark(p.id) for p in self.present})
        self._show_entries()

    def _show_entries(self) -> None:
        who = self.query_one(PeopleList).current
        entries = sorted_entries(self.entries.get(who, [])) if who is not None else []
        formal, informal = self._title("formal", _("Formal")), self._title("informal", _("Informal"))
        line = self.query_one("#tl-line-text", Static)
        if entries:
            line.update(timeline_table(entries, formal, informal))
        else:
            examples = [f"{formal}: " + ", ".join((self.fields.get("formal") or {}).get("examples", [])),
                        f"{informal}: " + ", ".join((self.fields.get("informal") or {}).get("examples", []))]
            line.update(Text(_("No entries yet. For example:") + "\n" + "\n".join(examples), style="dim"))
        table = self.query_one("#tl-table", DataTable)
        table.clear()
        for index, entry in enumerate(entries):
            table.add_row(entry.get("period", ""), formal if entry.get("formal") else informal, entry["learned"],
                          key=str(index))

    def on_option_list_option_highlighted(self, event: PeopleList.OptionHighlighted) -> None:
        if isinstance(event.option_list, PeopleList):
            self._show_entries()

    def on_option_list_option_selected(self, event: PeopleList.OptionSelected) -> None:
        if isinstance(event.option_list, PeopleList):
            self.query_one("#tl-period", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "tl-period":
            self.query_one(KindToggle).focus()
            return
        learned = " ".join(event.value.split())
        who = self.query_one(PeopleList).current
        if event.input.id != "tl-learned" or not learned or who is None or self.waiting_to_save(event.input):
            return
        period = self.query_one("#tl-period", Input)
        formal = self.query_one(KindToggle).formal
        entry = {"period": " ".join(period.value.split()), "formal": formal, "learned": learned}
        entries = self.entries.setdefault(who, [])
        if entry not in entries:  # after a save that failed, Enter tries the same entry again
            entries.append(entry)
        self._save(who, clears=[period, event.input])
        period.focus()

    def _save(self, who: int, *, clears: list[Input] | None = None) -> None:
        from kursrom.store.results import save_result

        def saved(_row: object) -> None:
            self.query_one(PeopleList).mark(who, self.name_of(who), self._mark(who))

        self.entries[who] = sorted_entries(self.entries[who])
        self.write(save_result, self.item.id, "timeline", {"entries": self.entries[who]}, who, on_saved=saved,
                   clears=clears or ())
        self._show_entries()

    def can(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "delete_entry":
            table = self.query_one("#tl-table", DataTable)
            return (table.has_focus and table.row_count > 0) or None
        return True

    def action_line(self) -> None:
        switcher = self.query_one(ContentSwitcher)
        switcher.current = "tl-table" if switcher.current == "tl-line" else "tl-line"
        self.query_one(f"#{switcher.current}").focus()

    def action_delete_entry(self) -> None:
        table = self.query_one("#tl-table", DataTable)
        who = self.query_one(PeopleList).current
        if who is None or table.row_count == 0:
            return
        del self.entries[who][table.cursor_row]
        self._save(who)

    def action_projector(self) -> None:
        show_presenter(self)
