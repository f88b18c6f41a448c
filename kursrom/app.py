"""KursromApp: wires screens, app-wide keys, the command palette and the theme.

The app takes its dependencies: a store (or a function that opens one), the exercise catalogue and
a clock. The CLI builds them from the user's folders; tests build them from `tmp_path` and a
`FakeClock`. Opening the database imports SQLAlchemy, which costs more than drawing the first frame,
so when the app is given an opener it paints first and opens the store in a worker.
"""

from __future__ import annotations

import asyncio
import importlib
import signal
import threading
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import Worker, WorkerState

from kursrom.core.catalog import Catalog
from kursrom.core.clock import Clock
from kursrom.i18n import _

if TYPE_CHECKING:
    from kursrom.core.presenter_html import HtmlPresenter
    from kursrom.store.db import Store
    from kursrom.store.opening import StoreOpener
    from kursrom.store.overview import RoundRow
    from kursrom.widgets.services import InKeyOrder

#: The presenter's colours: black on white, readable on a projector in a lit room.
PROJECTOR_THEME = Theme(name="kursrom-projector", primary="#003087", secondary="#1a1a1a", accent="#003087",
                        foreground="#000000", background="#ffffff", surface="#ffffff", panel="#e8e8e8",
                        error="#a4000f", warning="#7a4d00", success="#006b2d", dark=False)


#: How long the worker waits for the first list to be painted before it loads the ORM anyway (a
#: screen on top of the home screen may never paint it).
PAINT_WAIT_S = 1.0
#: Imported in the background once the store is open (`KursromApp._warm_screens`).
WARM_MODULES = ("kursrom.screens.round", "kursrom.screens.live", "kursrom.screens.summary")


@dataclass(frozen=True)
class PresenterMode:
    """`kursrom present`: which session to show (None: follow the running one) and, if asked, the
    HTML page to keep up to date."""

    session_id: int | None = None
    html: HtmlPresenter | None = None


class KursromApp(App[None]):
    # Absolute, so that subclasses defined elsewhere (tests, benchmarks) find it too.
    CSS_PATH = Path(__file__).parent / "app.tcss"
    TITLE = "kursrom"
    BINDINGS = [
        Binding("f1", "help", _("Help"), id="app.help"),
        Binding("question_mark", "help", _("Help"), show=False, id="app.help_alt"),
        Binding("ctrl+q", "quit", _("Quit"), priority=True, id="app.quit"),
        # Our own palette binding, so that the footer says it in the interface language.
        Binding("ctrl+p", "command_palette", _("commands"), show=False, priority=True, id="app.palette"),
    ]

    #: Set once the database is open; screens watch it to load their data.
    store: reactive[Store | None] = reactive(None, init=False, always_update=True)
    #: The home screen's list, read from the file before the store opens (see `StoreOpener`).
    first_rows: reactive[list[RoundRow] | None] = reactive(None, init=False)

    class RowsRead(Message):
        """The worker read the home list ahead of the store."""

        def __init__(self, rows: list[RoundRow]) -> None:
            super().__init__()
            self.rows = rows

    class StoreFailed(Message):
        """The database could not be opened; `text` says why, in one sentence."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, *, catalog: Catalog, store: Store | None = None,
                 open_store: Callable[[], Store] | None = None, clock: Clock | None = None,
                 notes_only: bool = False, presenter: PresenterMode | None = None,
                 home_rows: StoreOpener | None = None) -> None:
        super().__init__()
        if store is None and open_store is None:
            raise ValueError("KursromApp needs a store or a function that opens one")
        self.catalog = catalog
        self.clock = clock or Clock()
        self.notes_only = notes_only
        #: Set for `kursrom present`: the app is the room's view, nothing else.
        self.presenter = presenter
        self._given_store = store
        self._open_store = open_store
        #: Reads the home list from the file before the store is open (for the home screen only).
        self._home_rows = home_rows if presenter is None and not notes_only else None
        #: Why the store failed to open, for the CLI to print after the app has closed.
        self.failure: str | None = None

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        self._exit_on_signals()
        if self.presenter is not None:
            from kursrom.screens.presenter import PresenterScreen

            self.register_theme(PROJECTOR_THEME)
            self.theme = PROJECTOR_THEME.name
            self.push_screen(PresenterScreen(self.presenter.session_id, self.presenter.html))
        elif self.notes_only:
            from kursrom.screens.notes_only import NotesOnlyScreen

            self.push_screen(NotesOnlyScreen())
        else:
            from kursrom.screens.home import HomeScreen

            self.push_screen(HomeScreen())
        if self.catalog.problems and self.presenter is None:  # for the facilitator, not the room
            self.notify(
                _("{count} problem(s) in the exercise files; run `kursrom check` to see them.").format(
                    count=len(self.catalog.problems)),
                severity="warning", timeout=8,
            )
        if self._given_store is not None:
            self.store = self._given_store
        else:
            # The worker reads the home list at once (SQLite reads without holding Python's lock),
            # but imports SQLAlchemy only once the list, or the first frame, is on screen: the
            # import would otherwise share the lock with the paint and delay it.
            self._painted = threading.Event()
            self._listed = threading.Event()
            self._quick_rows()
            if self.first_rows is None:  # else set once the rows are painted (`RoundsListed`)
                self.call_after_refresh(self._painted.set)
            self._open_in_background()

    def _quick_rows(self) -> None:
        """The rounds, without the attendance share, in the first frame (a few milliseconds)."""
        if self._home_rows is None:
            return
        try:
            self.first_rows = self._home_rows.quick_rows()
        except Exception:  # noqa: BLE001 - the worker checks the file again and says what is wrong
            self.first_rows = None

    @work(thread=True, exclusive=True, exit_on_error=False, group="store")
    def _open_in_background(self) -> Store:
        assert self._open_store is not None
        shown = self._painted
        if self._home_rows is not None:
            if self.first_rows is not None:  # the rounds are in the first frame: let it paint first
                self._painted.wait(PAINT_WAIT_S)
            rows = self._home_rows.first_rows()
            if rows is not None:
                self.post_message(self.RowsRead(rows))
                shown = self._listed
        shown.wait(PAINT_WAIT_S)
        return self._open_store()

    @work(thread=True, exit_on_error=False, group="warm")
    def _warm_screens(self) -> None:
        """Import the screens a facilitator opens next while the home screen waits for a key: the
        live screen's modules take a tenth of a second to import, which would otherwise be paid
        when Enter is pressed."""
        for name in WARM_MODULES:
            importlib.import_module(name)

    def on_in_key_order(self, message: InKeyOrder) -> None:
        message.action()

    def on_kursrom_app_rows_read(self, message: RowsRead) -> None:
        if self.store is None:
            self.first_rows = message.rows

    def on_home_screen_rounds_listed(self, message: Message) -> None:
        if self.store is None and self._open_store is not None:
            # The worker waits for the frame with the rows in it: a read (or an import) sharing
            # Python's lock with that paint makes it slower by as much as it takes.
            self.call_after_refresh(self._painted.set)
            if getattr(message, "counted", False):
                self.call_after_refresh(self._listed.set)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "store":
            return
        if event.state == WorkerState.SUCCESS:
            self.store = event.worker.result
            self._warm_screens()
        elif event.state == WorkerState.ERROR:
            self.post_message(self.StoreFailed(str(event.worker.error)))

    def on_kursrom_app_store_failed(self, message: StoreFailed) -> None:
        self.failure = message.text
        self.exit(return_code=2)

    def on_resize(self, event) -> None:  # noqa: ANN001 - textual.events.Resize
        """Below the smallest usable size a message covers the screen until the window grows."""
        from kursrom.screens.too_small import guard_size

        guard_size(self, event.size)

    def _exit_on_signals(self) -> None:
        """A closed terminal (SIGHUP) or a polite kill (SIGTERM) leaves the way ctrl+q does, so
        notes still unsaved are saved (or rescued) on the way out instead of dying with the process."""
        if self.is_headless:
            return
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGHUP):
            with suppress(NotImplementedError, RuntimeError, ValueError, AttributeError):
                loop.add_signal_handler(signum, self.exit)

    async def action_quit(self) -> None:
        """Ctrl+Q. With a change still queued (a locked database, a full disk) or notes that cannot be
        saved, say what is waited for instead of a blank screen (`ClosingScreen`), and close once it
        is saved; Ctrl+Q there closes now."""
        from kursrom.screens.closing import ClosingScreen, must_wait

        if isinstance(self.screen, ClosingScreen):
            self.screen.close_now()
        elif must_wait(self):
            self.push_screen(ClosingScreen())
        else:
            self.exit()

    def on_unmount(self) -> None:
        from kursrom.widgets.writing import finish_writes

        finish_writes(self)  # what the screens asked to write as they closed, before the store closes
        if self.store is not None and self._given_store is None:
            self.store.close()

    def watch_store(self, store: Store | None) -> None:
        """Resume after a crash: a session still running goes straight back on screen, and notes
        rescued when saving failed at the last exit are announced."""
        if store is None:
            return
        from kursrom.screens.upgrade import announce_upgrade
        from kursrom.widgets.notes import announce_rescued

        if self.presenter is not None:
            return
        for warning in store.warnings:  # a file others can read; a read-only file
            self.notify(warning, severity="warning", timeout=12, markup=False)
        announce_rescued(self, store)
        self.call_after_refresh(announce_upgrade, self, store)  # over a session that resumes, not under it
        if self.notes_only:
            return
        from kursrom.store.live import running_session

        running = running_session(store)
        if running is not None:
            self.open_session(running.id)

    def open_session(self, session_id: int) -> None:
        """Go to the live-session screen of a session (it resumes where it was if it is running); a
        drop-in day opens the drop-in screen instead."""
        from kursrom.screens.live import LiveSessionScreen
        from kursrom.store.kinds import schedule_of_session

        if schedule_of_session(self.store, self.catalog, session_id) == "drop_in":
            from kursrom.screens.dropin import DropInScreen

            self.push_screen(DropInScreen(session_id))
            return
        self.push_screen(LiveSessionScreen(session_id))

    def open_summary(self, session_id: int) -> None:
        from kursrom.screens.summary import SummaryScreen

        self.push_screen(SummaryScreen(session_id))

    def action_help(self) -> None:
        from kursrom.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(HelpScreen.keys_of(self.screen)))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette offers every key of the current screen, in the interface language."""
        from kursrom.screens.help import screen_actions

        for binding, node in screen_actions(screen):
            yield SystemCommand(
                binding.description,
                _("Key: {key}").format(key=self.get_key_display(binding)),
                partial(self.run_action, binding.action, node),
            )
        yield SystemCommand(_("Colour theme"), _("Change the colours"), self.action_change_theme)
        yield SystemCommand(_("Quit"), _("Close kursrom; everything is already saved"), self.action_quit)


def make_app(catalog: Catalog, store: Store | None = None, *, opener: Callable[[], Store] | None = None,
             clock: Clock | None = None, notes_only: bool = False,
             presenter: PresenterMode | None = None) -> KursromApp:
    """The one way to build the app, for the CLI, every command and the tests.

    Give an open `store`, or an `opener` that opens one: the CLI gives an opener, so the first frame
    is drawn while SQLAlchemy loads and the file is checked. A `StoreOpener` as the opener lists the
    rounds before the store is open.
    `presenter` makes it `kursrom present`."""
    return KursromApp(catalog=catalog, store=store, open_store=opener, clock=clock, notes_only=notes_only,
                      presenter=presenter, home_rows=opener if hasattr(opener, "quick_rows") else None)
