"""Evaluation: how useful each element of today's agenda was, on the exercise's scale (1–5 or 0–10),
entered fast as people call the scores out, plus comments.

Scores are anonymous by construction: the panel stores a count per element and score, and never asks
who gave which. Type the scores one by one ("4 5 5 3"), or counts ("5x3": three people gave 5), or
set a count outright ("5=3"); an empty Enter moves on to the next element.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from kursrom.core.evaluation import answers_after, rated_elements
from kursrom.core.numbers import decimal
from kursrom.i18n import _, ngettext
from kursrom.widgets.css import load_css
from kursrom.widgets.fitting import Field, fit
from kursrom.widgets.panels.base import ExercisePanel

if TYPE_CHECKING:
    from textual.widget import Widget

    from kursrom.store.models import AgendaItem

#: Columns beside the element's name: the answers (n), the average, and each score.
N_WIDTH, AVERAGE_WIDTH, SCORE_WIDTH = 3, 5, 2
#: The element's name gets what is left, within these bounds.
ELEMENT_WIDTHS = (8, 18)

_TOKEN = re.compile(r"(\d{1,2})(?:([x×*=])(\d{1,3}))?")


def parse_entry(text: str, low: int, high: int) -> list[tuple[str, int, int]]:
    """("add" or "set", score, count) for each token of `text`. Raises ValueError naming the token."""
    text = re.sub(r"\s*([x×*=])\s*", r"\1", text.strip().lower())
    out = []
    for token in filter(None, re.split(r"[\s,;]+", text)):
        match = _TOKEN.fullmatch(token)
        if not match:
            raise ValueError(token)
        score = int(match[1])
        if not low <= score <= high:
            raise ValueError(token)
        if match[2] is None:
            out.append(("add", score, 1))
        else:
            out.append(("set" if match[2] == "=" else "add", score, int(match[3])))
    return out


def average(counts: dict[int, int]) -> float | None:
    total = sum(counts.values())
    return sum(score * n for score, n in counts.items()) / total if total else None


class ScoreEntry(Field):
    """The field the scores are typed into; ↑ and ↓ move between the elements without leaving it."""

    BINDINGS = [
        Binding("up", "element(-1)", _("Element"), key_display="↑↓", id="panel.element_up"),
        Binding("down", "element(1)", _("Element"), show=False, id="panel.element_down"),
    ]

    class Step(Message):
        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    def action_element(self, step: int) -> None:
        self.post_message(self.Step(step))


class EvaluationPanel(ExercisePanel):
    DEFAULT_CSS = load_css(__file__)
    BINDINGS = [
        Binding("ctrl+z", "undo", _("Undo"), id="panel.undo"),
    ]

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.elements: list[tuple[AgendaItem | None, str]] = []
        self.counts: dict[str, dict[int, int]] = {}
        self.undo: list[tuple[int, dict[int, int]]] = []  # (element index, counts before)
        self.comment_count = 0
        #: An entry that would give an element more answers than people present waits for a second
        #: Enter: (element index, the text) of the one warned about.
        self.warned: tuple[int, str] | None = None
        self._table_width = 0

    @property
    def scale(self) -> tuple[int, int]:
        return int(self.fields.get("scale_min", 1)), int(self.fields.get("scale_max", 5))

    def compose(self) -> ComposeResult:
        yield Static(id="ev-head")
        yield DataTable(id="ev-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="ev-hint")
        yield ScoreEntry(id="ev-entry", compact=True)
        yield Static(id="ev-questions")
        yield Field(hint=_("A comment; Enter saves"), id="ev-comment", compact=True)

    def on_mount(self) -> None:
        from kursrom.store.results import comments_for, score_counts
        from kursrom.store.rounds import agenda_of

        self.elements = rated_elements(agenda_of(self.store, self.session.id),
                                       rate_agenda=bool(self.fields.get("rate_agenda", True)))
        self.counts = score_counts(self.store, self.session.id)
        self.comment_count = len(comments_for(self.store, self.session.id))
        low, high = self.scale
        self.query_one("#ev-head", Static).update(Text.assemble(
            (_("Scale: "), "bold"),
            f"{low} = {self.fields.get('min_label') or low}  …  {high} = {self.fields.get('max_label') or high}"))
        self.query_one(DataTable).can_focus = False  # the keyboard stays in the entry; ↑↓ move between elements
        self._build_table()
        self._show_hint()

    def home(self) -> Widget:
        return self.query_one("#ev-entry", Input)

    def on_resize(self) -> None:
        if self.query_one(DataTable).size.width != self._table_width:
            self._build_table()
        self._show_hint()

    def _build_table(self) -> None:
        """The table, its columns sized to the room there is: the answers and the average come first
        after the element's name, so that a narrow panel (the live screen at 80x24) never cuts them."""
        low, high = self.scale
        table = self.query_one(DataTable)
        self._table_width = table.size.width
        row = max(table.cursor_row, 0)
        padding = 2 * table.cell_padding
        beside = (N_WIDTH + padding) + (AVERAGE_WIDTH + padding) + (high - low + 1) * (SCORE_WIDTH + padding)
        least, most = ELEMENT_WIDTHS
        room = self._table_width - beside - padding - 1  # and a column for a scroll bar
        table.clear(columns=True)
        table.add_column(_("Element"), key="element", width=max(least, min(most, room)) if room > 0 else most)
        table.add_column("n", key="n", width=N_WIDTH)
        table.add_column(_("Avg."), key="avg", width=AVERAGE_WIDTH)
        for score in range(low, high + 1):
            table.add_column(str(score), key=str(score), width=SCORE_WIDTH)
        for index, (_item, label) in enumerate(self.elements):
            table.add_row(*self._cells(label), key=str(index))
        table.move_cursor(row=min(row, len(self.elements) - 1))

    def _cells(self, label: str) -> list[str | Text]:
        low, high = self.scale
        counts = self.counts.get(label, {})
        total = sum(counts.values())
        # More answers than people present: a mark, not only a colour.
        n = Text(f"{total}!", style="bold red") if total > len(self.present) else Text(str(total))
        return [Text(label, no_wrap=True, overflow="ellipsis"), n, decimal(average(counts)),
                *[str(counts.get(s, "")) for s in range(low, high + 1)]]

    def _refresh_row(self, index: int) -> None:
        table = self.query_one(DataTable)
        label = self.elements[index][1]
        for key, value in zip(["element", "n", "avg", *map(str, range(self.scale[0], self.scale[1] + 1))],
                              self._cells(label)):
            table.update_cell(str(index), key, value)

    def _show_hint(self) -> None:
        index = self.query_one(DataTable).cursor_row
        label = self.elements[max(index, 0)][1]
        self.query_one("#ev-entry", ScoreEntry).hint = _("Scores for {element}").format(element=label)
        hint = self.query_one("#ev-hint", Static)
        if self.warned is None:
            hint.update(Text(fit(_("4 5 5: one each · 5x3: three 5s · 5=3: set the count · empty Enter: next"),
                                 hint.content_size.width or 200), style="dim"))
        count = ngettext("{count} comment", "{count} comments", self.comment_count).format(count=self.comment_count)
        line = self.query_one("#ev-questions", Static)
        comments = Text(fit(" · ".join([count, *self.fields.get("questions", [])]), line.content_size.width or 200),
                        style="dim")
        comments.stylize("bold not dim", 0, len(count))
        line.update(comments)

    # -- entering ----------------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.waiting_to_save(event.input):  # Enter again would count the same scores twice
            return
        if event.input.id == "ev-comment":
            self._comment(event.input)
            return
        if event.input.id != "ev-entry":
            return
        if not event.value.strip():
            self.action_element(1)
            return
        low, high = self.scale
        try:
            entries = parse_entry(event.value, low, high)
        except ValueError as error:
            self.notify(_("{token} is not a score from {low} to {high}.").format(token=error, low=low, high=high),
                        severity="warning")
            return
        index = self.query_one(DataTable).cursor_row
        if self._too_many(index, entries, event.value):
            return
        self.apply(index, entries, clears=event.input)

    def _too_many(self, index: int, entries: list[tuple[str, int, int]], text: str) -> bool:
        """Whether to hold back an entry that would give the element more answers than there are
        people present, and say so. The same entry again (Enter twice) is taken: someone may be in
        the room without having been marked present."""
        label = self.elements[index][1]
        total, present = answers_after(self.counts.get(label, {}), entries), len(self.present)
        if total <= present or self.warned == (index, text):
            if self.warned is not None:
                self.warned = None
                self._show_hint()
            return False
        self.warned = (index, text)
        warning = _("That makes {total} answers for {element}, but {present} are present. Enter again to count "
                    "them anyway.").format(total=total, element=label, present=present)
        self.query_one("#ev-hint", Static).update(Text(warning, style="bold yellow"))
        self.notify(warning, severity="warning", timeout=6)
        return True

    def apply(self, index: int, entries: list[tuple[str, int, int]], *, clears: Input | None = None) -> None:
        """Add or set counts for the element at `index`, and save them: one write each, so that a
        write retried after a lock never counts a score twice."""
        from kursrom.store.results import add_scores, set_score_count

        item, label = self.elements[index]
        item_id = item.id if item is not None else None
        counts = self.counts.setdefault(label, {})
        before = dict(counts)
        step = (index, before)
        self.undo.append(step)

        def not_saved(_error: object) -> None:  # show what the store holds, and keep the field
            if step in self.undo:
                self.undo.remove(step)
                self.counts[label] = dict(before)
                self._refresh_row(index)
                self.refresh_bindings()

        for number, (op, score, n) in enumerate(entries, start=1):
            last = {"clears": clears or ()} if number == len(entries) else {}
            if op == "set":
                self.write(set_score_count, self.session.id, item_id, label, self.scale, score, n,
                           on_failed=not_saved, **last)
                counts[score] = n
            else:
                self.write(add_scores, self.session.id, item_id, label, self.scale, [score], times=n,
                           on_failed=not_saved, **last)
                counts[score] = counts.get(score, 0) + n
        self._refresh_row(index)
        self.refresh_bindings()

    def _comment(self, box: Input) -> None:
        from kursrom.store.results import add_comment

        def saved(comment: object) -> None:
            if comment is not None:
                self.comment_count += 1
                self._show_hint()

        if box.value.strip():
            self.write(add_comment, self.session.id, box.value, on_saved=saved, clears=box)

    # -- keys ------------------------------------------------------------------------------------

    def can(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            return bool(self.undo) or None
        return True

    def on_score_entry_step(self, message: ScoreEntry.Step) -> None:
        self.action_element(message.step)

    def action_element(self, step: int) -> None:
        self.warned = None
        table = self.query_one(DataTable)
        table.move_cursor(row=max(0, min(table.cursor_row + step, len(self.elements) - 1)))
        self._show_hint()

    def action_undo(self) -> None:
        from kursrom.store.results import set_score_count

        if not self.undo:
            return
        index, before = self.undo.pop()
        item, label = self.elements[index]
        counts = self.counts.setdefault(label, {})
        for score in set(before) | set(counts):
            if before.get(score, 0) != counts.get(score, 0):
                self.write(set_score_count, self.session.id, item.id if item else None, label, self.scale, score,
                           before.get(score, 0))
        self.counts[label] = {s: n for s, n in before.items() if n}
        self._refresh_row(index)
        self.query_one(DataTable).move_cursor(row=index)
        self._show_hint()
        self.refresh_bindings()
