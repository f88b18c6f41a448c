"""The middle of the live screen: the item on now, its timer, its prompt, the facilitator's
instructions, the advice for catching up, and the exercise panel under it.

The live screen sets reactive attributes (`view`, `time`, `projection`, `bell`, `show_instructions`,
`present`); each part redraws itself from them, so the screen never reaches into the parts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Container, ScrollableContainer, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from kursrom.core.catalog.planning import snapshot_basis
from kursrom.core.clock import OSLO
from kursrom.core.timing import ItemTime, Projection
from kursrom.core.vocabulary import SessionStatus
from kursrom.i18n import _
from kursrom.widgets.timer import ItemTimer

if TYPE_CHECKING:
    from kursrom.store.models import AgendaItem, CourseSession, Participant


@dataclass(frozen=True)
class ItemView:
    """What the block is about: the session's state and the item in focus."""

    session: CourseSession
    item: AgendaItem | None
    number: int = 0  # the item's place among the items not skipped (1-based), 0 if skipped
    count: int = 0  # items not skipped
    planned_minutes: int = 0  # the whole agenda, for a session that has ended
    used_minutes: int = 0

    @property
    def running(self) -> bool:
        return self.session.status == SessionStatus.RUNNING


def _hm(moment: datetime | None) -> str:
    return moment.astimezone(OSLO).strftime("%H:%M") if moment else ""


def title_text(view: ItemView) -> Text:
    session = view.session
    if session.status == SessionStatus.PLANNED:
        return Text(_("The session has not started (planned {time}).").format(time=_hm(session.planned_start)),
                    style="bold")
    if not view.running:
        return Text(_("The session ended at {time}.").format(time=_hm(session.ended_at)), style="bold")
    if view.item is None:
        return Text(_("No agenda item."))
    head = Text(f"{view.number}/{view.count}  ", style="dim")
    head.append(view.item.title, style="bold")
    return head


def prompt_text(view: ItemView) -> str | Text:
    if view.session.status == SessionStatus.PLANNED:
        return _("Press Space to start the session: the first item's timer starts and the check-in list opens.")
    if not view.running:
        return Text(_("Planned {planned} min, used {used} min. Notes and attendance stay editable.")
                    .format(planned=view.planned_minutes, used=view.used_minutes))
    return view.item.prompt if view.item is not None else ""


def instructions_text(item: AgendaItem) -> Text:
    """The facilitator's instructions, and under them what the item rests on: the course
    description it comes from and what is kursrom's suggestion (a round planned before marks
    existed shows the instructions alone)."""
    text = Text(item.instructions, style="italic")
    basis = snapshot_basis(item.exercise)
    if basis.marked:
        text.append("\n\n")
        text.append(basis.line(), style="bold" if basis.whole else "dim")
    return text


#: The fewest characters of a title worth showing in the catch-up hint; with less room, one cut.
MIN_TITLE = 6


def catch_up_text(projection: Projection | None, width: int) -> Text:
    """What to shorten to end on time, in one line of `width` cells: the two best cuts at most
    (`kursrom.core.timing.MAX_CUTS`), their titles shortened to fit, and what is left to find.
    Where two cuts would leave their titles unreadable, the best one is named, the rest left to find."""
    if projection is None or not (projection.suggestions or projection.uncovered):
        return Text()
    head = _("Catch up:") + " "
    cuts = list(projection.suggestions)
    while True:
        left = projection.uncovered + sum(s.minutes for s in projection.suggestions[len(cuts):])
        forms = [_("{title} −{minutes} min").format(title="{title}", minutes=s.minutes) for s in cuts]
        rest = [_("{minutes} min more to find").format(minutes=left)] if left else []
        fixed = len(head) + sum(len(form) - len("{title}") for form in forms) + sum(len(part) for part in rest)
        fixed += len(", ") * max(len(forms) + len(rest) - 1, 0)
        room = max(width - fixed, 0) // max(len(forms), 1)
        if room >= MIN_TITLE or len(cuts) <= 1:
            break
        cuts.pop()
    parts = [form.format(title=_shortened(s.title, room)) for form, s in zip(forms, cuts)] + rest
    text = Text(head, style="bold yellow", no_wrap=True, overflow="ellipsis")
    text.append(", ".join(parts), style="yellow")
    text.truncate(width, overflow="ellipsis")
    return text


def _shortened(title: str, room: int) -> str:
    if len(title) <= room:
        return title
    return title[: room - 1] + "…" if room > 1 else "…"


class CatchUpHint(Widget):
    """The catch-up advice, one line, drawn to the width it has."""

    DEFAULT_CSS = """
    CatchUpHint {
        height: 1;
    }
    """

    projection: reactive[Projection | None] = reactive(None, repaint=False)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._shown: str | None = None

    def watch_projection(self, projection: Projection | None) -> None:
        # A new projection comes with every tick; the line is drawn again only when its words change
        # (a hidden one is drawn when it is shown).
        if self.display and catch_up_text(projection, self.size.width).plain != self._shown:
            self.refresh()

    def render(self) -> Text:
        text = catch_up_text(self.projection, self.size.width)
        self._shown = text.plain
        return text


def _a_control(widget: Widget) -> bool:
    """A list, a table or a button: not a text field, nor a box that only scrolls text."""
    if isinstance(widget, (Input, TextArea)):
        return False
    return isinstance(widget, ScrollView) or not isinstance(widget, ScrollableContainer)


class CurrentItem(Vertical):
    # The block draws nothing itself: its watchers pass each value on to the part that shows it, and
    # a repaint of the whole block on every tick (four a second) would be in the way of typing.
    view: reactive[ItemView | None] = reactive(None, always_update=True, repaint=False)
    time: reactive[ItemTime | None] = reactive(None, repaint=False)
    projection: reactive[Projection | None] = reactive(None, repaint=False)
    bell: reactive[bool] = reactive(False, repaint=False)
    show_instructions: reactive[bool] = reactive(False)
    #: The people in the room, for the exercise panel.
    present: reactive[tuple[Participant, ...]] = reactive(())
    #: A one-to-one conversation: panels show the person, no group rows.
    one_to_one = False

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._panel_key: tuple | None = None
        self._panel_shows_prompt = False

    def compose(self) -> ComposeResult:
        yield Static("", id="item-title")
        yield ItemTimer(id="timer")
        yield Static("", id="item-prompt")
        with VerticalScroll(id="item-instructions"):
            yield Static("", id="instructions-text")
        yield CatchUpHint(id="suggestion")
        yield Container(id="panel-host")

    @property
    def panel_host(self) -> Container:
        return self.query_one("#panel-host", Container)

    # -- what the parts show --------------------------------------------------------------------

    def watch_view(self, view: ItemView | None) -> None:
        if view is None or not self.is_mounted:
            return
        self.query_one("#item-title", Static).update(title_text(view))
        self.query_one("#item-prompt", Static).update(prompt_text(view))
        item = view.item
        self.query_one("#instructions-text", Static).update(instructions_text(item) if item is not None else "")
        self._show_panel(view)
        self._show_parts()

    def watch_show_instructions(self, _shown: bool) -> None:
        self._show_parts()

    def watch_time(self, time: ItemTime | None) -> None:
        timer = self.query_one(ItemTimer)
        timer.time = time
        if timer.display != (time is not None):
            timer.display = time is not None

    def watch_bell(self, bell: bool) -> None:
        self.query_one(ItemTimer).bell = bell

    def watch_projection(self, projection: Projection | None) -> None:
        view = self.view
        shown = projection if view is not None and view.running else None
        hint = self.query_one(CatchUpHint)
        hint.projection = shown
        wanted = bool(shown and (shown.suggestions or shown.uncovered))
        if hint.display != wanted:
            hint.display = wanted

    def watch_present(self, present: tuple[Participant, ...]) -> None:
        from kursrom.widgets.panels import ExercisePanel

        for panel in self.panel_host.query_children(ExercisePanel):
            panel.present_changed(list(present))

    def _show_parts(self) -> None:
        view = self.view
        if view is None:
            return
        item = view.item
        self.query_one("#item-instructions").display = (
            self.show_instructions and view.running and item is not None and bool(item.instructions))
        self.query_one("#item-prompt").display = not (
            view.running and (self._panel_shows_prompt or not (item and item.prompt)))

    # -- the exercise panel ----------------------------------------------------------------------

    def _show_panel(self, view: ItemView) -> None:
        from kursrom.widgets.panels import panel_for

        item = view.item if view.running else None
        key = (item.id if item else None, item.kind if item else None)
        if key == self._panel_key:
            return
        self._panel_key = key
        self._panel_shows_prompt = False
        host = self.panel_host
        host.remove_children()
        if item is None:
            return
        try:
            panel = panel_for(item, view.session, list(self.present), one_to_one=self.one_to_one)
        except Exception as error:  # noqa: BLE001 - a broken panel must not stop the session
            self.notify(_("The exercise panel could not open ({error}).").format(error=error), severity="warning")
            return
        self._panel_shows_prompt = panel.SHOWS_PROMPT
        host.mount(panel)

    @property
    def has_panel(self) -> bool:
        return bool(self.is_mounted and self.panel_host.children)

    def focus_panel(self) -> bool:
        """Put the keyboard in the exercise panel, on a list or a table rather than in a text field
        (the facilitator goes into a field with Tab, knowingly); False when there is none."""
        from kursrom.widgets.panels import ExercisePanel

        panels = list(self.panel_host.query_children(ExercisePanel))
        for panel in panels:
            panel.focus_default()
            # Focus moves in the app's queue: look once the panel's choice has landed.
            self.app.call_later(self._out_of_text_field, panel)
        return bool(panels)

    def _out_of_text_field(self, panel: Widget) -> None:
        if not isinstance(self.screen.focused, (Input, TextArea)) or not panel.is_attached:
            return
        control = next((widget for widget in panel.query("*") if widget.focusable and _a_control(widget)), None)
        if control is not None:
            control.focus()
