"""The current item's timer: a countdown from the planned time, an overrun shown in colour.

The widget only shows an `ItemTime` it is given; the live screen computes it from stored events
(see `kursrom.core.timing`) and hands it over on every display refresh.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Digits, Static

from kursrom.core.timing import ItemTime, countdown, minutes
from kursrom.core.vocabulary import TimerState
from kursrom.i18n import _
from kursrom.widgets.typing_frames import typing_frames


def timer_line(time: ItemTime | None, *, bell: bool = False) -> Text:
    """One line that fits beside the agenda at 80x24: state, countdown and plan, an adjustment shown
    in the plan ("▶ 12:34 left of 20 min", "‖ +2:10 over (plan 20+5 min)  paused")."""
    if time is None:
        return Text(_("No item is running."), style="dim")
    shown, over = countdown(time)
    planned = str(minutes(time.planned))
    if time.adjusted:
        sign = "+" if time.adjusted > 0 else "−"
        planned = f"{minutes(time.planned - time.adjusted)}{sign}{abs(minutes(time.adjusted))}"
    icon = {TimerState.RUNNING: "▶", TimerState.PAUSED: "‖", TimerState.DONE: "✓", TimerState.IDLE: "·"}[time.state]
    if over:
        body = _("{time} over (plan {planned} min)").format(time=shown, planned=planned)
        style = "bold red"
    else:
        body = _("{time} left of {planned} min").format(time=shown, planned=planned)
        style = "bold"
        if time.remaining <= 60 and time.started:
            style = "bold yellow"
    text = Text.assemble((icon + " ", style), (body, style))
    if time.state != TimerState.RUNNING:
        text.append("  " + time.state.label, style="italic yellow" if time.state == TimerState.PAUSED else "dim")
    if bell:
        text.append("  ♪", style="dim")
    return text


class ItemTimer(Widget):
    """Big digits when there is room (the screen's `wide` class), one line always."""

    DEFAULT_CSS = """
    ItemTimer {
        height: auto;
    }
    ItemTimer > Digits {
        display: none;
        width: auto;
    }
    ItemTimer > Static {
        height: 1;
    }
    ItemTimer.-over > Digits {
        color: $error;
    }
    ItemTimer.-low > Digits {
        color: $warning;
    }
    """

    # Drawn by its two parts, each updated only when what it shows changes (`_show`).
    time: reactive[ItemTime | None] = reactive(None, layout=False, repaint=False)
    bell: reactive[bool] = reactive(False, repaint=False)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        #: What was last asked to be shown (it may wait for the next key: `typing_frames`).
        self._asked: tuple | None = None

    def compose(self) -> ComposeResult:
        yield Digits("", id="timer-digits")
        yield Static(timer_line(None), id="timer-line")

    def watch_time(self, time: ItemTime | None) -> None:
        self._show()

    def watch_bell(self, _bell: bool) -> None:
        self._show()

    def _show(self) -> None:
        """Redraw when what is shown changes (once a second while running), without a new layout:
        the line is always one row high."""
        if not self.is_mounted:
            return
        time = self.time
        line = timer_line(time, bell=self.bell)
        shown, over = countdown(time) if time else ("", False)
        low = bool(time and not over and time.started and time.remaining <= 60)
        asked = (line.plain, shown, over, low)
        if asked == self._asked:
            return
        self._asked = asked

        line_widget = self.query_one("#timer-line", Static)
        digits = self.query_one("#timer-digits", Digits)

        def draw() -> None:
            line_widget.update(line, layout=False)
            if digits.value != shown:
                digits.update(shown)
            self.set_class(over, "-over")
            self.set_class(low, "-low")

        typing_frames(self.app).draw(self, draw)

    def on_mount(self) -> None:
        self._show()
