"""Text that fits its place without a word cut in half.

At 80x24 a hint, a heading or a title often has less room than its sentence. `fit` shortens it the
way a person would: the clauses at its end go first ("Own animal; Enter saves" becomes "Own
animal"), then whole words, with "…" to show that something was left out. `Field` is an input whose
hint (its placeholder) is fitted to the input's width, and `FitLabel` a one-line label that fits.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input

ELLIPSIS = "…"
#: Where a trailing clause starts, in a hint: "; Enter saves", ", Enter lagrer", " (Enter adds)".
_CLAUSE = re.compile(r"(?:[;,:]\s+|\s+\()")
#: Where a part of a title starts: " · course", " – theme". A title loses its last parts only when
#: what is left fills half the room; otherwise it keeps as many whole words as fit.
_PART = re.compile(r"\s+[·–]\s+")


def fit(text: str, width: int) -> str:
    """`text` in at most `width` cells: whole, or without its last clauses, or without its last
    parts when what is left fills half the room, or as many whole words as fit and "…". Only a
    single word wider than `width` is cut, and then it ends in "…"."""
    text = " ".join(text.split())
    if cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    for pattern, least in ((_CLAUSE, 1), (_PART, (width + 1) // 2)):
        starts = [match.start() for match in pattern.finditer(text) if match.start() > 0]
        fitting = [start for start in starts if least <= cell_len(text[:start]) <= width]
        if fitting:
            return text[:max(fitting)]
    words = text.split(" ")
    kept = ""
    for word in words:
        candidate = f"{kept} {word}" if kept else word
        if cell_len(candidate + ELLIPSIS) > width:
            break
        kept = candidate
    if kept:
        return kept + ELLIPSIS
    return _cut(words[0], width - 1) + ELLIPSIS if width > 1 else ELLIPSIS


def _cut(word: str, width: int) -> str:
    out = ""
    for char in word:
        if cell_len(out + char) > width:
            break
        out += char
    return out


class Field(Input):
    """An input whose `hint` is shown as its placeholder, shortened to fit the input's width."""

    hint: reactive[str] = reactive("", init=False)

    def __init__(self, value: str | None = None, hint: str = "", **kwargs) -> None:  # noqa: ANN003
        super().__init__(value, placeholder=hint, **kwargs)
        self.set_reactive(Field.hint, hint)

    def watch_hint(self, _hint: str) -> None:
        self._fit_hint()

    def on_resize(self) -> None:
        self._fit_hint()

    def _fit_hint(self) -> None:
        width = self.scrollable_content_region.width
        self.placeholder = fit(self.hint, width) if width > 0 else self.hint


class FitLabel(Widget):
    """One line of text, shortened to fit (a heading, a column title)."""

    DEFAULT_CSS = """
    FitLabel {
        height: 1;
        width: 1fr;
    }
    """

    text: reactive[str] = reactive("")

    def __init__(self, text: str = "", **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self.set_reactive(FitLabel.text, text)

    def render(self) -> str:
        return fit(self.text, self.content_size.width)
