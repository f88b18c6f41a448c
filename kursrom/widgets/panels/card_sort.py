"""Card sort: the exercise's statements (about Norwegian working-life culture, say) sorted by the group
into its categories with the number keys; the tally and the statements the group disagreed on are
kept."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from kursrom.i18n import _
from kursrom.widgets.css import load_css
from kursrom.widgets.panels.base import ExercisePanel
from kursrom.widgets.panels.common import show_presenter

#: Number keys place the highlighted statement in the category with that number.
MAX_CATEGORIES = 9


def tally(categories: list[str], placements: dict[str, str]) -> dict[str, int]:
    counts = {category: 0 for category in categories}
    for category in placements.values():
        if category in counts:
            counts[category] += 1
    return counts


class CardSortPanel(ExercisePanel):
    DEFAULT_CSS = load_css(__file__)
    BINDINGS = [
        Binding("1", "place(0)", _("Sort"), key_display="1…", id="panel.place_1"),
        *[Binding(str(n), f"place({n - 1})", _("Sort"), show=False, id=f"panel.place_{n}")
          for n in range(2, MAX_CATEGORIES + 1)],
        Binding("u", "disagree", _("Disagreed"), id="panel.disagree"),
        Binding("0,backspace", "unplace", _("Unsort"), id="panel.unplace"),
        Binding("v", "projector", _("Projector"), id="panel.projector"),
    ]

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.placements: dict[str, str] = {}
        self.disagreed: list[str] = []

    @property
    def categories(self) -> list[str]:
        return list(self.fields.get("categories", []))[:MAX_CATEGORIES]

    @property
    def statements(self) -> list[str]:
        return list(self.fields.get("statements", []))

    def compose(self) -> ComposeResult:
        yield Static(id="cs-current")
        yield DataTable(id="cs-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="cs-tally")

    def on_mount(self) -> None:
        from kursrom.store.results import load_result

        stored = load_result(self.store, self.item.id) or {}
        self.placements = {s: c for s, c in stored.get("placements", {}).items() if s in self.statements}
        self.disagreed = [s for s in stored.get("disagreed", []) if s in self.statements]
        table = self.query_one(DataTable)
        table.add_column("#", width=2)
        table.add_column(_("Statement"), key="statement", width=47)
        table.add_column(_("Category"), key="category", width=19)
        table.add_column("≠", key="disagreed", width=1)
        for index, statement in enumerate(self.statements):
            table.add_row(str(index + 1), Text(statement, no_wrap=True, overflow="ellipsis"), *self._cells(statement),
                          key=str(index))
        self._show_current()

    def focus_default(self) -> None:
        self.query_one(DataTable).focus()

    def _cells(self, statement: str) -> tuple[Text, str]:
        category = self.placements.get(statement)
        number = self.categories.index(category) + 1 if category in self.categories else None
        label = Text(f"{number} {category}", no_wrap=True, overflow="ellipsis") if number else Text("–", style="dim")
        return label, "≠" if statement in self.disagreed else ""

    def _current(self) -> str | None:
        table = self.query_one(DataTable)
        if not self.statements or table.cursor_row < 0:
            return None
        return self.statements[min(table.cursor_row, len(self.statements) - 1)]

    def _show_current(self) -> None:
        statement = self._current()
        current = self.query_one("#cs-current", Static)
        current.update(statement or "")
        counts = tally(self.categories, self.placements)
        text = Text(no_wrap=False)
        for number, category in enumerate(self.categories, start=1):
            text.append(f"{number} ", style="bold reverse")
            text.append(f" {category}: {counts[category]}   ")
        text.append(_("Not sorted: {count}").format(count=len(self.statements) - len(self.placements)) + "   ",
                    style="dim")
        text.append(_("Disagreed: {count}").format(count=len(self.disagreed)),
                    style="bold" if self.disagreed else "dim")
        self.query_one("#cs-tally", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_current()

    def _refresh_row(self, statement: str) -> None:
        table = self.query_one(DataTable)
        key = str(self.statements.index(statement))
        category, disagreed = self._cells(statement)
        table.update_cell(key, "category", category)
        table.update_cell(key, "disagreed", disagreed)

    def _save(self) -> None:
        from kursrom.store.results import save_result

        self.write(save_result, self.item.id, "card_sort", {
            "placements": self.placements,
            "disagreed": self.disagreed,
            "tally": tally(self.categories, self.placements),
            "unsorted": [s for s in self.statements if s not in self.placements],
        })
        self._show_current()

    def can(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "place":
            return bool(parameters) and int(parameters[0]) < len(self.categories)  # type: ignore[call-overload]
        if action == "unplace":
            return self._current() in self.placements or None
        return self._current() is not None or None

    def action_place(self, index: int) -> None:
        statement = self._current()
        if statement is None or index >= len(self.categories):
            return
        self.placements[statement] = self.categories[index]
        self._refresh_row(statement)
        self._save()
        table = self.query_one(DataTable)
        following = [i for i in range(table.cursor_row + 1, len(self.statements))
                     if self.statements[i] not in self.placements]
        if following:  # on to the next statement not yet sorted
            table.move_cursor(row=following[0])
        self.refresh_bindings()

    def action_unplace(self) -> None:
        statement = self._current()
        if statement in self.placements:
            del self.placements[statement]
            self._refresh_row(statement)
            self._save()
            self.refresh_bindings()

    def action_disagree(self) -> None:
        statement = self._current()
        if statement is None:
            return
        if statement in self.disagreed:
            self.disagreed.remove(statement)
        else:
            self.disagreed.append(statement)
        self._refresh_row(statement)
        self._save()

    def action_projector(self) -> None:
        """The highlighted statement on the presenter, and the room's view here."""
        statement = self._current()
        if statement is None:
            show_presenter(self)
        else:
            show_presenter(self, content="statement", statement=self.statements.index(statement))
