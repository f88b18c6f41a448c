"""Who is here: the roster with each person's mark, under the live agenda on a wide terminal."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from kursrom.core.vocabulary import IN_ROOM, AttendanceStatus
from kursrom.i18n import _
from kursrom.widgets.attendance import STATUS_STYLES, status_label


class PeopleHere(Static):
    """`people` is (name, current mark or None) per person, in roster order; it draws itself."""

    people: reactive[tuple[tuple[str, str | None], ...]] = reactive(())

    def on_mount(self) -> None:
        self.border_title = _("Attendance")

    def watch_people(self, people: tuple[tuple[str, str | None], ...]) -> None:
        text = Text()
        for name, status in people:
            text.append("● " if status in IN_ROOM else "○ ", style=STATUS_STYLES.get(status, "dim"))
            text.append(name)
            if status not in (None, AttendanceStatus.PRESENT):
                text.append(f"  {status_label(status)}", style=STATUS_STYLES.get(status, "dim"))
            text.append("\n")
        text.rstrip()
        self.update(text)
