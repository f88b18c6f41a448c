"""The home screen: every course round, running first, then planned, then finished, with the next
session, the participant count and the attendance so far. Enter opens a round; n plans a new one;
c copies the highlighted round into the next intake."""

from __future__ import annotations

from collections.abc import Callable
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static

from kursrom.core.numbers import percent
from kursrom.core.schedule import format_when
from kursrom.core.vocabulary import RoundState
from kursrom.i18n import _
from kursrom.store.overview import RoundRow, round_rows
from kursrom.widgets.footer import Footer
from kursrom.widgets.round_list import Column, RoundList
from kursrom.widgets.topline import TopLine
from kursrom.widgets.services import AppServices

STATE_STYLES = {RoundState.RUNNING: "bold", RoundState.PLANNED: "", RoundState.FINISHED: "dim"}
#: From this width the table also shows sessions held and the place.
WIDE = 120


class HomeScreen(AppServices, Screen[None]):
    """Lists the rounds as soon as the worker has read them from the file (`app.first_rows`), and
    again from the store once it is open and whenever the screen comes back."""

    CSS_PATH = "home.tcss"
    BINDINGS = [
        Binding("enter", "open_round", _("Open"), priority=True, id="home.open"),
        Binding("n", "new_round", _("New round"), id="home.new"),
        Binding("c", "copy_round", _("Copy round"), id="home.copy"),
    ]

    def compose(self) -> ComposeResult:
        yield TopLine(_("Course rounds"))
        with Vertical(id="home-body"):
            yield Static(_("Opening the database…"), id="home-status")
            yield Static(id="rounds-header")
            yield RoundList(id="rounds")
        yield Footer(compact=True)

    class RoundsListed(Message):
        """The table shows what the database holds (for the start-up benchmark and the tests);
        `counted`: with the attendance share."""

        def __init__(self, counted: bool) -> None:
            super().__init__()
            self.counted = counted

    def on_mount(self) -> None:
        self._overviews: list[RoundRow] = []
        #: Whether a list has been read (an empty one too): until then the table waits.
        self._read = False
        self._filling = 0
        self._columns_for = -1
        #: A key pressed before the store opened, run once it is open (`_once_open`).
        self._key_waiting: Callable[[], None] | None = None
        # Focus now, before the first frame: a focus change later would rebuild the footer's keys.
        self.query_one("#rounds", RoundList).focus()
        self.watch(self.app, "first_rows", self._rows_read, init=True)
        self.watch(self.app, "store", self._store_changed, init=True)

    @property
    def listed(self) -> bool:
        """Whether the table holds a list read from the database (an empty one too)."""
        return self._read

    def _rows_read(self, rows: list[RoundRow] | None) -> None:
        if rows is not None and not self.store_is_open:
            self._show(rows)

    def _store_changed(self, store: object) -> None:
        if store is not None:
            self.refresh_rounds()
            waiting, self._key_waiting = self._key_waiting, None
            if waiting is not None:
                waiting()

    def _once_open(self, action: Callable[[], None]) -> None:
        """Run `action` now, or, pressed while the store still opens (about a second after start,
        while the list is already shown), as soon as it is open: the key is not lost."""
        if self.store_is_open:
            action()
        else:
            self._key_waiting = action
            status = self.query_one("#home-status", Static)
            status.update(_("Opening the database…"))
            status.display = True

    def on_screen_resume(self) -> None:
        if self.store_is_open and self._columns_for >= 0:  # back from a round: counts change
            self.refresh_rounds()

    @on(Resize)
    def _resized(self) -> None:
        if self._read and self._title_width() != self._columns_for:
            self._fill()

    def _table_width(self) -> int:
        """The list's width less its scrollbar's gutter; before the first layout, the screen's less
        home-body's padding, so that the rounds are in the first frame."""
        width = self.query_one("#rounds", RoundList).size.width or self.app.size.width - 2
        return width - 1

    def _wide(self) -> bool:
        return self._table_width() >= WIDE

    def _title_width(self) -> int:
        fixed = 9 + 15 + 9 + 7 + 5 * 2  # status, next session, participants, attendance, cell padding
        if self._wide():
            fixed += 9 + 20 + 2 * 2  # sessions held, place
        return max(self._table_width() - fixed - 1, 16)

    def refresh_rounds(self) -> None:
        self._show(round_rows(self.store))

    def _show(self, rows: list[RoundRow]) -> None:
        self._overviews = rows
        self._read = True
        status = self.query_one("#home-status", Static)
        status.update(_("No course rounds yet. Press n to plan one.") if not self._overviews else "")
        status.display = not self._overviews
        if self.store_is_open:  # the keys that act on rounds wait for the store, not for the list
            self.refresh_bindings()
        self._fill()

    def _fill(self) -> None:
        rounds = self.query_one("#rounds", RoundList)
        selected = self.selected_round()
        width = self._title_width()
        self._columns_for = width
        wide = self._wide()
        columns = [Column(_("Round"), width), Column(_("Status"), 9), Column(_("Next session"), 15),
                   Column(_("Particip."), 9, "right"), Column(_("Attend."), 7, "right")]
        if wide:
            columns += [Column(_("Held"), 9, "right"), Column(_("Place"), 20)]
        rounds.set_columns(columns)
        header = self.query_one("#rounds-header", Static)
        header.update(rounds.header)
        header.display = True
        # What fits on the screen goes into this frame; the rest is added after it is painted (a
        # hundred rows cost the first frame a tenth of a second, and the facilitator sees none of them).
        self._filling += 1
        shown = self._overviews[:max(self.app.size.height, 1)]
        rounds.add_rows([(str(overview.id), self._row(overview, wide)) for overview in shown])
        if selected is not None:
            self._select(selected)
        rounds.focus()
        self.post_message(self.RoundsListed(all(row.counted for row in self._overviews)))
        if len(shown) < len(self._overviews):
            self.call_after_refresh(self._add_rest, self._filling, len(shown), wide, selected)

    def _add_rest(self, filling: int, start: int, wide: bool, selected: int | None) -> None:
        if filling != self._filling:  # a newer fill has replaced the list meanwhile
            return
        rounds = self.query_one("#rounds", RoundList)
        rounds.add_rows([(str(overview.id), self._row(overview, wide)) for overview in self._overviews[start:]])
        if selected is not None:
            self._select(selected)

    @staticmethod
    def _row(overview: RoundRow, wide: bool) -> list[Text | str]:
        when = format_when(overview.next_start, year=False) if overview.next_start else "–"
        state = Text(overview.state.label, style=STATE_STYLES[overview.state])
        row: list[Text | str] = [Text(overview.title, overflow="ellipsis", no_wrap=True), state, when,
                             Text(str(overview.participants), justify="right"),
                             Text(percent(overview.attendance) if overview.counted else "…", justify="right")]
        if wide:
            row += [Text(f"{overview.sessions_done}/{overview.sessions}", justify="right"),
                    Text(overview.place, overflow="ellipsis", no_wrap=True)]
        return row

    def _select(self, round_id: int) -> None:
        self.query_one("#rounds", RoundList).highlight_key(str(round_id))

    def selected_round(self) -> int | None:
        key = self.query_one("#rounds", RoundList).highlighted_key
        return None if key is None else int(key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open_round", "copy_round"):
            return None if not self._overviews else True
        if action == "new_round":
            return None if not self.catalog.templates else True
        return True

    @on(OptionList.OptionSelected, "#rounds")
    def _row_selected(self) -> None:
        self.action_open_round()

    def action_open_round(self) -> None:
        self.in_key_order(self._open_highlighted)  # Enter is a priority key: after an arrow before it

    def _open_highlighted(self) -> None:
        round_id = self.selected_round()
        if round_id is not None:
            self._once_open(lambda: self._open(round_id))

    def _open(self, round_id: int) -> None:
        from kursrom.screens.round import RoundScreen

        self.app.push_screen(RoundScreen(round_id))

    def _created(self, round_id: int | None) -> None:
        if round_id is None:
            return
        self.refresh_rounds()
        self._select(round_id)
        from kursrom.screens.round import RoundScreen

        self.app.push_screen(RoundScreen(round_id))

    def action_new_round(self) -> None:
        self._once_open(self._plan)

    def _plan(self, copy_of: int | None = None) -> None:
        from kursrom.screens.round_form import RoundFormScreen

        self.app.push_screen(RoundFormScreen(copy_of=copy_of), self._created)

    def action_copy_round(self) -> None:
        round_id = self.selected_round()
        if round_id is not None:
            self._once_open(lambda: self._plan(round_id))
