"""The presenter in a terminal: what the room sees, on a projector or a shared screen.

`PresenterView` draws a `kursrom.core.presenter.Projection` and nothing else, so it can only show
what the projection holds. `PresenterScreen` is `kursrom present`, a second window that follows the
running session; `PresenterPreview` is the same view in the facilitator's own terminal (`v`), for
those with one screen. Both ask the database twice a second (a WAL read never waits for the
facilitator's writes), so the room sees a change within a second.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Digits, Static

from kursrom.core.presenter import ITEM, PAUSE, POLL_SECONDS, Projection, Version, headline
from kursrom.i18n import _
from kursrom.widgets.services import AppServices

if TYPE_CHECKING:
    from kursrom.core.presenter_html import HtmlPresenter

#: From this size on, the timer is drawn in big digits.
DIGITS_WIDTH, DIGITS_HEIGHT = 100, 30
#: Languages stand side by side when each gets this many columns (at most this many beside each other).
COLUMN_WIDTH, SIDE_BY_SIDE_MAX = 40, 3


def _version_widgets(version: Version) -> list[Widget]:
    classes = "pv-rtl" if version.rtl else ""
    widgets: list[Widget] = []
    if version.title:
        widgets.append(Static(version.title, classes=f"pv-title {classes}", markup=False))
    if version.prompt:
        widgets.append(Static(version.prompt, classes=f"pv-prompt {classes}", markup=False))
    if version.focus:
        widgets.append(Static(version.focus, classes=f"pv-focus {classes}", markup=False))
    for block in version.blocks:
        if block.heading:
            widgets.append(Static(block.heading, classes=f"pv-heading {classes}", markup=False))
        widgets.append(Static("\n".join(f"• {line}" for line in block.lines), classes=f"pv-lines {classes}",
                              markup=False))
    return widgets


class PresenterView(Widget):
    """Draws a projection: the session's theme and the timer on top, then the item in bokmål and
    beside (or below) it in the languages shown; or a start, break, pause or thank-you screen."""

    DEFAULT_CSS = """
    PresenterView { layout: vertical; height: 1fr; }
    """

    def __init__(self, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self.projection: Projection | None = None
        self._drawn_side = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="pv-top"):
            yield Static("", id="pv-theme", markup=False)
            yield Static("", id="pv-timer")
            yield Digits("", id="pv-digits")
        yield Container(id="pv-body")

    def on_resize(self) -> None:
        width, height = self.size
        self.set_class(width >= DIGITS_WIDTH and height >= DIGITS_HEIGHT, "-roomy")
        if self.projection is not None and self._side_by_side(self.projection) != self._drawn_side:
            self._draw_body(self.projection)

    def _side_by_side(self, projection: Projection) -> bool:
        count = len(projection.versions)
        return 1 < count <= SIDE_BY_SIDE_MAX and self.size.width >= COLUMN_WIDTH * count

    def show(self, projection: Projection) -> None:
        """Draw `projection`; only the timer when nothing else changed."""
        previous, self.projection = self.projection, projection
        self._draw_top(projection)
        untimed = replace(projection, timer="", timer_over=False, timer_running=False)
        if previous is None or replace(previous, timer="", timer_over=False, timer_running=False) != untimed:
            self._draw_body(projection)

    def _draw_top(self, projection: Projection) -> None:
        pause = projection.screen == PAUSE
        self.set_class(pause, "-pause")
        top = " · ".join(part for part in (projection.theme, projection.course) if part)
        self.query_one("#pv-theme", Static).update("" if pause else top)
        timer = "" if pause else projection.timer
        self.query_one("#pv-timer", Static).update(timer)
        self.query_one("#pv-digits", Digits).update(timer)
        for widget in (self.query_one("#pv-timer"), self.query_one("#pv-digits")):
            widget.set_class(projection.timer_over, "-over")
            widget.set_class(bool(timer), "-shown")

    def _draw_body(self, projection: Projection) -> None:
        body = self.query_one("#pv-body", Container)
        body.remove_children()
        if projection.screen == ITEM:
            side = self._drawn_side = self._side_by_side(projection)
            box = Horizontal(classes="pv-versions") if side else Vertical(classes="pv-versions")
            body.mount(box)
            for version in projection.versions:
                box.mount(Vertical(*_version_widgets(version), classes="pv-version"))
            return
        big, small = headline(projection)
        parts: list[Widget] = [Static(big, classes="pv-big", markup=False)]
        if projection.clock:  # the time the group starts or is back, in big digits when there is room
            parts.append(Digits(projection.clock, classes="pv-clock"))
        parts.append(Static(small, classes="pv-small", markup=False))
        body.mount(Vertical(*parts, classes="pv-headline"))


class _Follows(AppServices):
    """Follows a session in the database and draws its projection (and, if given, the HTML page)."""

    #: The session to show; None follows the running one (or today's next, or the one just ended).
    session_id: int | None = None
    html: HtmlPresenter | None = None

    def start_following(self) -> None:
        self.watch(self.app, "store", self._store_ready, init=True)  # type: ignore[attr-defined]
        self.set_interval(POLL_SECONDS, self.poll)  # type: ignore[attr-defined]

    def _store_ready(self, store: object) -> None:
        if store is not None:
            self.poll()

    def projection(self) -> Projection:
        from kursrom.core.timing import RunAnchor
        from kursrom.store.presenter import projection_now

        if getattr(self, "_anchor", None) is None:
            self._anchor = RunAnchor(self.clock)
        return projection_now(self.store, self.session_id, self._anchor.now())

    def poll(self) -> None:
        if not self.store_is_open:
            return
        try:
            projection = self.projection()
        except Exception as error:  # noqa: BLE001 - a busy or vanished file: keep the last view, say so
            self.app.log.warning(f"presenter: cannot read the database ({type(error).__name__})")  # type: ignore[attr-defined]
            return
        self.query_one(PresenterView).show(projection)  # type: ignore[attr-defined]
        if self.html is not None:
            try:
                self.html.show(projection)
            except OSError as error:
                self.notify(_("The HTML presenter could not be written: {error}").format(  # type: ignore[attr-defined]
                    error=error.strerror or error), severity="error")
                self.html = None


class PresenterScreen(_Follows, Screen[None]):
    """`kursrom present`: the whole window is the room's view. ctrl+q closes it."""

    CSS_PATH = "presenter.tcss"

    def __init__(self, session_id: int | None = None, html: HtmlPresenter | None = None) -> None:
        super().__init__()
        self.session_id = session_id
        self.html = html

    def compose(self) -> ComposeResult:
        yield PresenterView()

    def on_mount(self) -> None:
        self.start_following()


class PresenterPreview(_Follows, Screen[None]):
    """The room's view in the facilitator's own terminal (`v`); Escape or `v` goes back."""

    CSS_PATH = "presenter.tcss"
    BINDINGS = [Binding("escape,v", "close", _("Back"), id="presenter.close")]

    def __init__(self, session_id: int) -> None:
        super().__init__()
        self.session_id = session_id

    def compose(self) -> ComposeResult:
        yield PresenterView()

    def on_mount(self) -> None:
        self.start_following()

    def action_close(self) -> None:
        self.dismiss(None)
