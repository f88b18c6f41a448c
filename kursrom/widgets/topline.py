"""The line at the top of every screen: where you are, and the wall clock. On the live screen it
also says where the keys go ("typing" or "commands") and how the session stands against its plan
(the words are here: `session_label`, `before_start_text`, `on_time_text`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from kursrom.core.clock import OSLO
from kursrom.core.schedule import format_when
from kursrom.core.timing import Projection, minutes_late
from kursrom.i18n import _
from kursrom.widgets.fitting import fit
from kursrom.widgets.services import AppServices

#: Where the keys go, as the live screen shows it: typing into a text field, or commanding.
TYPING = "typing"
COMMANDS = "commands"
MODE_STYLES = {TYPING: "bold reverse green", COMMANDS: "bold reverse blue"}


class TopLine(AppServices, Widget):
    """Title on the left, local time on the right. The time comes from the app's clock, so tests
    and snapshots see the time they set. With a `mode` (the live screen), the line starts with it
    instead of the app's name."""

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
    mode: reactive[str] = reactive("")

    def __init__(self, title: str, detail: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.title = title
        self.detail = detail
        self._shown_clock = ""

    def on_mount(self) -> None:
        self.set_interval(1.0, self._follow_clock)

    def _clock(self) -> str:
        return self.clock.now().astimezone(OSLO).strftime("%H:%M")

    def _follow_clock(self) -> None:
        # Drawn again when the minute turns, and only on the screen in front: Textual repaints the
        # front screen for a change on the screen behind it (a full repaint every second on the live
        # screen, in the way of the keys typed in its notes). A screen brought to the front is drawn
        # whole, this line with it.
        if self.screen is self.app.screen and self._clock() != self._shown_clock:
            self.refresh()

    def render(self) -> Text:
        clock = self._shown_clock = self._clock()
        right = f"{self.detail}  {clock}" if self.detail else clock
        room = max(self.size.width - len(right) - 1, 0)
        if self.mode:
            # Where the keys go is never cut: the title gives way, in whole words.
            label = f" {mode_label(self.mode)} "
            text = Text.assemble((label, MODE_STYLES.get(self.mode, "bold reverse")), " ",
                                 fit(self.title, room - len(label) - 1))
        else:
            # Whole words at 80x24: the course's name, then the brand, go before a word is cut.
            title, alone = fit(self.title, room - len("kursrom ")), fit(self.title, room)
            text = Text.assemble(("kursrom ", "bold"), title) if title in (self.title, alone) else Text(alone)
        text.truncate(room, pad=True)
        text.append(" " + right)
        return text


def mode_label(mode: str) -> str:
    return _("TYPING") if mode == TYPING else _("COMMANDS")


# --------------------------------------------------------------------------------------------------
# What the live session's top line says


def session_label(kind: str | None, number: int) -> str:
    labels = {
        "weekly": _("Week {number}"), "weekdays": _("Day {number}"),
        "conversations": _("Conversation {number}"), "drop_in": _("Drop-in {number}"),
    }
    return labels.get(kind or "", _("Session {number}")).format(number=number)


def before_start_text(planned_start: datetime | None, now: datetime) -> str:
    """Before the start: the planned start, and how late it is now ("planned 10:00, 7 min late").
    Another day than today shows the day, not thousands of minutes."""
    if planned_start is None:
        return ""
    local, today = planned_start.astimezone(OSLO), now.astimezone(OSLO)
    if local.date() != today.date():
        return _("planned {when}").format(when=format_when(local, year=local.year != today.year))
    late = minutes_late(planned_start, now) or 0
    time = local.strftime("%H:%M")
    if late > 0:
        return _("planned {time}, {minutes} min late").format(time=time, minutes=late)
    if late < 0:
        return _("starts {time}, in {minutes} min").format(time=time, minutes=-late)
    return _("starts {time}, now").format(time=time)


def on_time_text(projection: Projection | None) -> str:
    """"+4 min behind, projected end 14:04", "2 min ahead, ..." or "on time, ..."."""
    if projection is None:
        return ""
    end = projection.projected_end.astimezone(OSLO).strftime("%H:%M")
    if projection.planned_end is None:
        return _("projected end {end}").format(end=end)
    behind = projection.behind_minutes
    if behind > 0:
        return _("+{minutes} min behind, projected end {end}").format(minutes=behind, end=end)
    if behind < 0:
        return _("{minutes} min ahead, projected end {end}").format(minutes=-behind, end=end)
    return _("on time, projected end {end}").format(end=end)
