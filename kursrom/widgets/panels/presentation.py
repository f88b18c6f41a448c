"""Oral presentations: a speaking order of the participants present, with a timer each, shown in
large digits for the room. The time each speaker took is kept."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Digits, Static

from kursrom.core.groups import Countdown
from kursrom.core.numbers import clock_text
from kursrom.core.timing import countdown_text
from kursrom.i18n import _
from kursrom.widgets.css import load_css
from kursrom.widgets.panels.base import ExercisePanel

if TYPE_CHECKING:
    from kursrom.store.models import Participant


class PresentationPanel(ExercisePanel):
    DEFAULT_CSS = load_css(__file__)
    BINDINGS = [
        Binding("f", "next_speaker", _("Next speaker"), id="panel.next"),
        Binding("c", "timer", _("Start/pause speaker"), id="panel.timer"),
        Binding("g", "shuffle", _("New order"), id="panel.regroup"),
        Binding("shift+up", "move(-1)", _("Move"), key_display="⇧↑↓", id="panel.move_up"),
        Binding("shift+down", "move(1)", _("Move"), show=False, id="panel.move_down"),
    ]

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.order: list[int] = []
        self.current: int | None = None  # a participant id
        self.times: dict[int, float] = {}
        self.shuffles = 0
        self.countdown = Countdown(self._seconds)

    @property
    def _seconds(self) -> int:
        return int(self.fields.get("minutes_each", 3)) * 60

    def compose(self) -> ComposeResult:
        with Horizontal(id="pr-top"):
            yield Static(id="pr-now")
            yield Digits("00:00", id="pr-digits")
        yield DataTable(id="pr-order", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        from kursrom.store.results import load_result

        stored = load_result(self.store, self.item.id)
        if stored:
            self.order = [int(pid) for pid in stored.get("order", [])]
            self.current = stored.get("current")
            self.times = {int(pid): float(seconds) for pid, seconds in stored.get("times", {}).items()}
            self.shuffles = int(stored.get("shuffles", 0))
            self.countdown = Countdown.from_data(stored.get("timer"), self._seconds)
        self._add_newcomers()
        table = self.query_one(DataTable)
        table.add_column("#", width=2)
        table.add_column(_("Speaker"), key="name")
        table.add_column(_("Time"), key="time", width=7)
        table.add_column(_("Status"), key="status", width=14)
        self._show()
        self._tick()
        self.set_interval(0.5, self._tick)

    def focus_default(self) -> None:
        self.query_one(DataTable).focus()

    def present_changed(self, present: list[Participant]) -> None:
        super().present_changed(present)
        if self._add_newcomers():
            self._save()
        self._show()

    def _add_newcomers(self) -> bool:
        """Latecomers join the end of the order; nobody is taken out (the status says who left)."""
        new = [pid for pid in self.present_ids if pid not in self.order]
        self.order += new
        return bool(new)

    @property
    def started(self) -> bool:
        return self.current is not None or bool(self.times)

    def _save(self) -> None:
        from kursrom.store.results import save_result

        self.write(save_result, self.item.id, "presentation", {
            "order": self.order, "current": self.current, "shuffles": self.shuffles,
            "times": {str(pid): round(seconds) for pid, seconds in self.times.items()},
            "timer": self.countdown.to_data(),
        })

    # -- display ---------------------------------------------------------------------------------

    def _status(self, pid: int) -> Text:
        if pid == self.current:
            return Text(_("Speaking"), style="bold")
        if pid in self.times:
            return Text(_("Done"), style="dim")
        if pid not in self.present_ids:
            return Text(_("Not here"), style="dim italic")
        return Text(_("Waiting"))

    def _show(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for number, pid in enumerate(self.order, start=1):
            seconds = self.times.get(pid)
            table.add_row(str(number), self.name_of(pid), clock_text(seconds) if seconds is not None else "",
                          self._status(pid), key=str(pid))
        if self.order:
            table.move_cursor(row=max(0, min(row, len(self.order) - 1)))
        now = self.query_one("#pr-now", Static)
        if self.current is not None:
            position = self.order.index(self.current) + 1
            now.update(Text.assemble((self.name_of(self.current) + "\n", "bold"),
                                     (_("{number} of {total} · {minutes} min each").format(
                                         number=position, total=len(self.order),
                                         minutes=self._seconds // 60), "dim")))
        elif self.times and not self._waiting():
            now.update(Text(_("Everyone has presented."), style="bold"))
        else:
            now.update(Text.assemble((_("Next: {name}").format(name=self.name_of(w[0])) if (w := self._waiting())
                                      else "") + "\n", (_("f starts the first speaker"), "dim")))

    def refresh_clock(self) -> None:
        self._tick()

    def _tick(self) -> None:
        digits = self.query_one(Digits)
        left = self.countdown.remaining(self.clock) if self.current is not None else float(self._seconds)
        digits.update(countdown_text(left)[0])
        digits.set_class(left < 0, "-over")
        digits.set_class(self.countdown.running, "-running")

    def _waiting(self) -> list[int]:
        return [pid for pid in self.order if pid not in self.times and pid != self.current
                and pid in self.present_ids]

    # -- actions ---------------------------------------------------------------------------------

    def can(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_speaker":
            return bool(self._waiting()) or self.current is not None or None
        if action == "timer":
            return self.current is not None or None
        if action in ("shuffle",):
            return not self.started or None
        if action == "move":
            return bool(self.order) or None
        return True

    def action_next_speaker(self) -> None:
        if self.current is not None:
            self.countdown.pause(self.clock)
            self.times[self.current] = self.countdown.elapsed(self.clock)
        waiting = self._waiting()
        self.current = waiting[0] if waiting else None
        self.countdown = Countdown(self._seconds)
        if self.current is not None:
            self.countdown.start(self.clock)
        self._save()
        self._show()
        self._tick()
        self.refresh_bindings()

    def action_timer(self) -> None:
        if self.current is None:
            return
        self.countdown.toggle(self.clock)
        self._save()
        self._tick()

    def action_shuffle(self) -> None:
        if self.started:
            return
        self.shuffles += 1
        random.Random(self.shuffles).shuffle(self.order)
        self._save()
        self._show()

    def action_move(self, step: int) -> None:
        table = self.query_one(DataTable)
        index = table.cursor_row
        target = index + step
        if not (0 <= index < len(self.order) and 0 <= target < len(self.order)):
            return
        self.order[index], self.order[target] = self.order[target], self.order[index]
        self._save()
        self._show()
        table.move_cursor(row=target)
