"""The line at the top of every screen: where you are, and the wall clock."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from kursrom.core.clock import OSLO
from kursrom.widgets.fitting import fit
from kursrom.widgets.services import AppServices


class TopLine(AppServices, Widget):
    """Title on the left, local time on the right. The time comes from the app's clock, so tests
    and snapshots see the time they set."""

    DEFAULT_CSS = """
    TopLine {
        height: 1;
        background: $panel;
        color: $text;
        padding: 0 1;
    }
    """

    title: reactive[str] = reactive("")
    detail: reactive[str] = reactive("")

    def __init__(self, title: str, detail: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.title = title
        self.detail = detail

    def on_mount(self) -> None:
        self.set_interval(1.0, self.refresh)

    def render(self) -> Text:
        clock = self.clock.now().astimezone(OSLO).strftime("%H:%M")
        right = f"{self.detail}  {clock}" if self.detail else clock
        room = max(self.size.width - len(right) - 1, 0)
        # Whole words at 80x24: the course's name, then the brand, go before a word is cut.
        title, alone = fit(self.title, room - len("kursrom ")), fit(self.title, room)
        text = Text.assemble(("kursrom ", "bold"), title) if title in (self.title, alone) else Text(alone)
        text.truncate(room, pad=True)
        text.append(" " + right)
        return text
