"""Pieces the panels share: the list of people present, a countdown display, and `v`, the room's view
(`kursrom.screens.presenter`) in the facilitator's terminal."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.containers import Vertical
from textual.strip import Strip
from textual.widgets import OptionList, SelectionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from kursrom.core.groups import Countdown
from kursrom.core.timing import countdown_text
from kursrom.i18n import _
from kursrom.widgets.fitting import FitLabel
from kursrom.widgets.services import AppServices

if TYPE_CHECKING:
    from kursrom.store.models import Participant
    from kursrom.widgets.panels.base import ExercisePanel

GROUP = "group"


def option_id(participant_id: int | None) -> str:
    return GROUP if participant_id is None else f"p{participant_id}"


def participant_of(option: str | None) -> int | None:
    return int(option[1:]) if option and option.startswith("p") else None


class Column(Vertical):
    """A column of a panel under its heading, so that every list says what it lists."""

    DEFAULT_CSS = """
    Column {
        width: 1fr;
        height: 1fr;
    }
    Column > .column-heading {
        text-style: bold;
        color: $text-accent;
    }
    """

    def __init__(self, heading: str, *children, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(FitLabel(heading, classes="column-heading"), *children, **kwargs)


class PeopleColumn(Column):
    """The people present under a heading: the left column of the panels that work person by person."""

    DEFAULT_CSS = """
    PeopleColumn {
        width: 34%;
        min-width: 12;
        max-width: 26;
    }
    """

    def __init__(self, heading: str | None = None, *, with_group: bool = False, **kwargs) -> None:  # noqa: ANN003
        super().__init__(heading or _("Participant"), PeopleList(with_group=with_group), **kwargs)


class PeopleList(OptionList):
    """The people present, one option each (and, if asked, the whole group first), each with a short
    mark saying what is recorded for them. Keeps the highlighted person across refreshes."""

    DEFAULT_CSS = """
    PeopleList {
        height: 1fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, *, with_group: bool = False, **kwargs) -> None:  # noqa: ANN003
        super().__init__(compact=True, **kwargs)
        self.with_group = with_group

    def show(self, people: Sequence[Participant], marks: dict[int | None, str] | None = None) -> None:
        marks = marks or {}
        current = self.highlighted_option.id if self.highlighted_option is not None else None
        options = []
        if self.with_group:
            options.append(Option(self._prompt(_("The whole group"), marks.get(None, "")), id=GROUP))
        for person in people:
            options.append(Option(self._prompt(person.name, marks.get(person.id, "")), id=option_id(person.id)))
        self.set_options(options)
        ids = [option.id for option in options]
        if options:
            self.highlighted = ids.index(current) if current in ids else 0

    def mark(self, participant_id: int | None, name: str, mark: str) -> None:
        try:
            self.replace_option_prompt(option_id(participant_id), self._prompt(name, mark))
        except Exception:  # noqa: BLE001 - the person is no longer listed
            pass

    @staticmethod
    def _prompt(name: str, mark: str) -> Text:
        text = Text(name, no_wrap=True, overflow="ellipsis")
        if mark:
            text.append(f" {mark}", style="dim")
        return text

    @property
    def current(self) -> int | None:
        """The highlighted participant's id (None for the whole group, or an empty list)."""
        option = self.highlighted_option
        return participant_of(option.id) if option is not None else None

    def select_person(self, participant_id: int | None) -> None:
        try:
            self.highlighted = self.get_option_index(option_id(participant_id))
        except Exception:  # noqa: BLE001 - not in the list
            pass


class CheckList(SelectionList[str]):
    """A selection list whose boxes say on or off with a mark, `[x]` or `[ ]`: the colour of
    Textual's toggle button alone does not show it in every theme, nor to everyone."""

    ON, OFF = "[x]", "[ ]"

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        on = selection.value in self.selected
        segments = list(line)
        style = segments[3].style if len(segments) > 3 else None  # the space before the prompt: its style
        mark = Segment(self.ON if on else self.OFF, (style or Style()) + Style(bold=on))
        return Strip.join([Strip([mark], 3), line.crop(3, line.cell_length)])


class CountdownLabel(AppServices, Static):
    """Shows a `Countdown`: "▶ 07:12" running, "⏸ 07:12" paused, "08:00" dimmed before it starts,
    turning to a warning colour when the time is over. The time is computed from the countdown's
    events on every refresh, never counted."""

    DEFAULT_CSS = """
    CountdownLabel {
        width: auto;
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    CountdownLabel.-idle {
        color: $text-muted;
    }
    CountdownLabel.-running {
        background: $primary-muted;
    }
    CountdownLabel.-over {
        background: $error-muted;
        text-style: bold;
    }
    """

    def __init__(self, countdown: Countdown | None = None, label: str = "", **kwargs) -> None:  # noqa: ANN003
        super().__init__("", **kwargs)
        self.countdown = countdown
        self.label = label

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(0.5, self.tick)

    def show(self, countdown: Countdown | None, label: str = "") -> None:
        self.countdown = countdown
        self.label = label
        self.tick()

    def tick(self) -> None:
        countdown = self.countdown
        if countdown is None:
            self.update(self.label)
            self.set_class(False, "-running", "-over")
            return
        left = countdown.remaining(self.clock)
        state = "▶" if countdown.running else ("⏸" if countdown.started else "")
        self.update(" ".join(p for p in (self.label, state, countdown_text(left)[0]) if p))
        self.set_class(countdown.running, "-running")
        self.set_class(not countdown.started, "-idle")
        self.set_class(left < 0, "-over")


def bullets(lines: Iterable[str], *, numbered: bool = False) -> str:
    return "\n".join(f"{i}. {line}" if numbered else f"• {line}" for i, line in enumerate(lines, start=1))


def show_presenter(panel: ExercisePanel, **choice: object) -> None:
    """`v` in a panel: the room's view in the facilitator's own terminal (for those with one screen).
    With `choice` (a content, a statement), the facilitator chose what the room sees: it is stored
    first, so a presenter window follows too."""
    from kursrom.screens.presenter import PresenterPreview
    from kursrom.store.presenter import set_choice

    session_id = panel.session.id
    if not choice:
        panel.app.push_screen(PresenterPreview(session_id))
        return
    panel.write(set_choice, session_id, blank=False, item_id=panel.item.id, **choice,
                on_saved=lambda _choice: panel.app.push_screen(PresenterPreview(session_id)))
