"""The home screen's list lays a round out as one line in columns (`widgets.round_list`)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from kursrom.widgets.round_list import Column, lay_out, line_width

COLUMNS = [Column("Round", 12), Column("Status", 8), Column("Count", 5, "right")]


def test_each_cell_is_cut_to_its_column_with_an_ellipsis_and_aligned():
    line = lay_out([Text("PRO – jobb- og karrierekurs"), "Pågår", Text("35", justify="right")], COLUMNS)
    assert line.plain == " PRO – jobb-… " + " Pågår    " + "    35 "
    assert cell_len(line.plain) == line_width(COLUMNS) == 31


def test_wide_characters_are_cut_by_the_cells_they_take():
    line = lay_out(["Kurs 🌱 Група مجموعة", "Pågår", ""], COLUMNS)
    title, rest = line.plain.split("…")
    assert title == " Kurs 🌱 Гру" and cell_len(title) == 12, "the emoji takes two cells"
    assert rest.startswith("  Pågår")
    assert cell_len(line.plain) == line_width(COLUMNS)


def test_a_cells_own_style_is_kept_in_the_line():
    line = lay_out(["Title", Text("Running", style="bold"), "1"], COLUMNS)
    bold = [span for span in line.spans if span.style == "bold"]
    assert [line.plain[span.start:span.end] for span in bold] == ["Running "], "over its column, as in a table"
