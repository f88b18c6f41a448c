"""The home screen's list of rounds: one line of text per round, laid out in columns under a header.

Textual's DataTable draws every cell on its own (five Rich renders a row); this list lays a row out
as one Text and lets OptionList draw it. The frame with 21 rounds of five years painted in 23 ms as
a table and paints in 12 ms so (an empty list: 6-10 ms); it is the frame the facilitator waits for
(`benchmarks/startup.py`, "start to rounds listed"). The cells are kept whole beside the line, so
nothing cut to fit is lost."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import Literal

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from kursrom.widgets.css import load_css

#: Spaces on each side of a cell, as a table has.
CELL_PADDING = 1


@dataclass(frozen=True)
class Column:
    label: str
    width: int
    justify: Literal["left", "right"] = "left"


def lay_out(cells: Sequence[Text | str], columns: Sequence[Column]) -> Text:
    """One line: each cell cut to its column's width (an ellipsis where it is cut), aligned, and
    padded; the cells' own styles are kept."""
    line = Text(no_wrap=True, overflow="crop", end="")
    pad = " " * CELL_PADDING
    for cell, column in zip(cells, columns, strict=True):
        text = cell.copy() if isinstance(cell, Text) else Text(cell)
        text.truncate(column.width, overflow="ellipsis")
        text.align(column.justify, column.width)
        line.append(pad)
        line.append_text(text)
        line.append(pad)
    return line


def line_width(columns: Sequence[Column]) -> int:
    return sum(column.width + 2 * CELL_PADDING for column in columns)


class RoundList(OptionList):
    """Rows keyed by round id (`add_row`), in the columns given to `set_columns`; `header` is the
    header line for a Static above the list."""

    DEFAULT_CSS = load_css(__file__)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns: tuple[Column, ...] = ()
        self._cells: dict[str, tuple[Text | str, ...]] = {}

    @property
    def header(self) -> Text:
        return lay_out([Text(column.label) for column in self.columns], self.columns)

    @property
    def row_count(self) -> int:
        return self.option_count

    def set_columns(self, columns: Sequence[Column]) -> None:
        """New columns, and no rows."""
        self.columns = tuple(columns)
        self._cells.clear()
        self.clear_options()

    def add_rows(self, rows: Sequence[tuple[str, Sequence[Text | str]]]) -> None:
        """(key, cells) per row, appended in order."""
        for key, cells in rows:
            self._cells[key] = tuple(cells)
        self.add_options([Option(lay_out(cells, self.columns), id=key) for key, cells in rows])
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def cells(self, index: int) -> tuple[Text | str, ...]:
        """The cells of the row at `index`, whole (not cut to their columns)."""
        key = self.get_option_at_index(index).id
        assert key is not None
        return self._cells[key]

    @property
    def highlighted_key(self) -> str | None:
        if self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).id

    def highlight_key(self, key: str) -> None:
        """Move the highlight to the row `key`; a row no longer listed leaves it where it is."""
        with suppress(OptionDoesNotExist):
            self.highlighted = self.get_option_index(key)
