"""The live session: the screen the facilitator drives for two hours, with the co-facilitator's notes.

Layout: the top line (where the keys go, the session, present count, on-time status and the clock),
the agenda on the left, the current item (title, timer, prompt, instructions on demand, the exercise
panel) and the notes pane below it, or beside it when the terminal is wide.

Every action is stored (`kursrom.store.live`, through the app's one writer) and the screen re-reads
the session from the database after it; a display timer only redraws. Times come from this run's
`RunAnchor`, so the events the screen stores and the timers it shows agree to the microsecond.

Keys never change the record by accident: the top line says whether keys type (a text field has
them) or command the session; letters that arrive the way typing does are held, not run
(`kursrom.widgets.held_keys`), and F2 puts them in the notes; and Ctrl+Z takes back the latest
change (`kursrom.store.journal`).
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, TextArea

from kursrom.core.clock import OSLO
from kursrom.core.timing import RunAnchor, SessionTiming, minutes
from kursrom.core.vocabulary import FINISHED, SessionStatus
from kursrom.i18n import _
from kursrom.screens.live_questions import AskFirst
from kursrom.widgets.agenda import AgendaList
from kursrom.widgets.current_item import CurrentItem, ItemView
from kursrom.widgets.footer import Footer
from kursrom.widgets.held_keys import GuardedKeys, HeldText
from kursrom.widgets.notes import NotesPane
from kursrom.widgets.people_here import PeopleHere
from kursrom.widgets.services import AppServices
from kursrom.widgets.topline import COMMANDS, TYPING, TopLine, before_start_text, on_time_text, session_label

if TYPE_CHECKING:
    from kursrom.core.autosave import Rescued
    from kursrom.store.journal import Undone
    from kursrom.store.live import LiveSnapshot
    from kursrom.store.models import AgendaItem

#: Terminals at least this wide put the notes beside the current item, and show big digits.
WIDE = 120
NOTES_SIZES = 3
#: Below this height the notes pane steps aside while the exercise panel has the keys.
ROOMY_HEIGHT = 32
#: How often the display is redrawn (the time itself is computed, never counted).
REFRESH_SECONDS = 0.25


def settle_memory() -> None:
    """Once the live screen is drawn: what is alive now (Textual, SQLAlchemy, the screen itself)
    lives on, so the collector stops walking it. A full collection over it took a tenth of a
    second, and a key typed meanwhile waited that long to be drawn."""
    gc.freeze()


class LiveSessionScreen(AskFirst, GuardedKeys, AppServices, Screen[None]):
    CSS_PATH = "live.tcss"
    AUTO_FOCUS = "#agenda"
    BINDINGS = [
        Binding("space", "start_session", _("Start session"), id="live.start"),
        Binding("space", "timer", _("Start/pause"), id="live.timer"),
        Binding("space", "reopen", _("Reopen"), id="live.reopen"),
        Binding("n", "next", _("Next"), id="live.next"),
        Binding("p", "previous", _("Previous"), id="live.previous"),
        Binding("a", "attendance", _("Attendance"), id="live.attendance"),
        Binding("d", "person", _("The person"), id="live.person"),
        Binding("w", "presenter", _("Presenter"), id="live.presenter"),
        # A priority key: it acts as the terminal hands it over, so the keys typed right behind it
        # already find the notes (a binding found on the way back up would be late for them).
        Binding("f2", "notes_focus", _("Notes"), priority=True, id="live.notes_focus"),
        Binding("ctrl+z", "undo", _("Undo"), id="live.undo"),
        Binding("plus,equals_sign", "adjust(60)", _("+1 min"), id="live.plus"),
        Binding("minus", "adjust(-60)", _("-1 min"), id="live.minus"),
        Binding("s", "skip", _("Skip"), id="live.skip"),
        Binding("i", "insert", _("Insert item"), id="live.insert"),
        Binding("j", "jump", _("Go to item"), id="live.jump"),
        Binding("e", "adjust(300)", _("Extend 5 min"), id="live.extend"),
        Binding("shift+up,ctrl+up", "move(-1)", _("Move up"), id="live.move_up"),
        Binding("shift+down,ctrl+down", "move(1)", _("Move down"), id="live.move_down"),
        Binding("t", "instructions", _("Instructions"), id="live.instructions"),
        Binding("f6", "panel_focus", _("Exercise panel"), id="live.panel"),
        Binding("f3", "notes_toggle", _("Show/hide notes"), id="live.notes_toggle"),
        Binding("f4", "notes_size", _("Notes size"), id="live.notes_size"),
        Binding("b", "bell", _("Bell"), id="live.bell"),
        Binding("x", "end", _("End session"), id="live.end"),
        Binding("o", "summary", _("Summary"), id="live.summary"),
        Binding("escape", "back", _("Back"), id="live.back"),
    ]

    def __init__(self, session_id: int) -> None:
        super().__init__()
        self.session_id = session_id
        self.anchor: RunAnchor | None = None
        self.snapshot: LiveSnapshot | None = None
        self.timing: SessionTiming | None = None
        #: None: shown when the terminal is wide; True or False once toggled by key.
        self.show_instructions: bool | None = None
        self.bell_on = False
        self.notes_size = 1
        self._shown_current: int | None = -1
        self._notes_lent_to_panel = False
        self._last_remaining: dict[int, float] = {}
        self.one_to_one = False  # a guidance conversation (`kursrom.store.kinds`): no check-in list

    # -- building --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        from kursrom.store.live import load, note_writer

        self.anchor = RunAnchor(self.clock)
        self.snapshot = load(self.store, self.session_id)
        yield TopLine("", id="live-top")
        with Horizontal(id="live-body"):
            with Vertical(id="live-left"):
                yield AgendaList(id="agenda")
                yield PeopleHere(id="live-people")
            with Container(id="live-main"):
                yield CurrentItem(id="current")
                yield NotesPane(self.store, self.session_id, note_writer("live"), self.snapshot.participants,
                                id="notes")
        yield HeldText(id="held")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.guard_keys(self.held_note)

        from kursrom.store.kinds import is_one_to_one

        self.one_to_one = self.current.one_to_one = is_one_to_one(self.store, self.catalog, self.session_id)
        self.set_class(True, "notes-1")
        self._fit(self.app.size.width)
        self.reload()
        self.set_interval(REFRESH_SECONDS, self.tick)
        self.watch(self, "focused", self._show_where_keys_go)
        self.call_after_refresh(settle_memory)

    def on_resize(self) -> None:
        self._fit(self.size.width)

    def _fit(self, width: int) -> None:
        wide = width >= WIDE
        if wide != self.has_class("wide"):
            self.set_class(wide, "wide")
            if self.snapshot is not None and self.is_mounted:
                self._show_item()

    def on_screen_resume(self) -> None:
        if self.snapshot is not None:
            self.reload()

    @property
    def agenda(self) -> AgendaList:
        return self.query_one(AgendaList)

    @property
    def notes(self) -> NotesPane:
        return self.query_one(NotesPane)

    @property
    def current(self) -> CurrentItem:
        return self.query_one(CurrentItem)

    # -- reading and drawing ---------------------------------------------------------------------

    def now(self):  # noqa: ANN201 - a datetime on this run's time line
        assert self.anchor is not None
        return self.anchor.now()

    def reload(self) -> None:
        """Re-read the session (after every change) and redraw everything."""
        from kursrom.store.live import LiveError, load

        try:
            self.snapshot = load(self.store, self.session_id)
        except LiveError as error:
            self.notify(str(error), severity="error")
            return
        snapshot = self.snapshot
        session = snapshot.session
        template = self.catalog.templates.get(snapshot.course_round.template_id) if snapshot.course_round else None
        label = session_label(template.schedule.kind if template else None, session.number)
        course = snapshot.course_round.title if snapshot.course_round else ""
        theme = session.theme or session.title
        self.query_one(TopLine).title = f"{label} – {theme} · {course}"
        self._show_item()
        self.tick()
        self.refresh_bindings()
        if self.focused is None:  # the widget that had the keys went with a change (a panel)
            self.agenda.focus()

    def _focus_item(self) -> AgendaItem | None:
        """The item the middle pane is about: the current one, or the first before the start."""
        snapshot = self.snapshot
        assert snapshot is not None
        if snapshot.current is not None:
            return snapshot.current
        if snapshot.session.status == SessionStatus.PLANNED:
            return next((item for item in snapshot.items if not item.skipped), None)
        return None

    def _show_item(self) -> None:
        snapshot = self.snapshot
        assert snapshot is not None
        session = snapshot.session
        item = self._focus_item()
        active = [i for i in snapshot.items if not i.skipped]
        planned = used = 0
        if session.status in FINISHED:
            timing = snapshot.timing(self.now())
            planned = sum(i.planned_minutes for i in active)
            used = minutes(sum(t.elapsed for t in timing.times.values()))
        current = self.current
        current.present = tuple(snapshot.present)
        wanted = self.has_class("wide") if self.show_instructions is None else self.show_instructions
        current.show_instructions = wanted
        current.view = ItemView(session, item, active.index(item) + 1 if item in active else 0, len(active),
                                planned, used)
        if session.current_item_id != self._shown_current:
            self._shown_current = session.current_item_id
            self.call_after_refresh(self.agenda.highlight_item, session.current_item_id)
        self.notes.follow(item.id if item else None, item.title if item else "")

    def tick(self) -> None:
        """Recompute every timer from the events and this run's clock, then redraw what changed.
        A key held to see whether typing follows is released here too, once its time is up, and
        text held back as typing is kept on disk."""
        self.release_due()
        snapshot = self.snapshot
        if snapshot is None:
            return
        self.keep_held(notes_saved=not self.notes.saver.dirty)
        now = self.now()
        timing = snapshot.timing(now)
        self.timing = timing
        session = snapshot.session
        present = len(snapshot.present)
        detail = _("{present}/{enrolled} present").format(present=present, enrolled=len(snapshot.participants))
        if session.status == SessionStatus.PLANNED:
            detail += " · " + before_start_text(session.planned_start, now)
        elif session.status in FINISHED:
            ended = session.ended_at.astimezone(OSLO).strftime("%H:%M") if session.ended_at else ""
            detail += " · " + _("ended {time}").format(time=ended)
        else:
            detail += " · " + on_time_text(timing.projection)
        self.query_one(TopLine).detail = detail
        self._show_people()
        started = session.status != SessionStatus.PLANNED
        self.agenda.show(snapshot.items, timing, session.current_item_id if started else None)
        current = snapshot.current if session.status == SessionStatus.RUNNING else None
        time = timing.times.get(current.id) if current else None
        block = self.current
        block.time = time
        block.bell = self.bell_on
        block.projection = timing.projection
        if current is not None and time is not None:
            self._ring(current.id, time.remaining, time.running)

    def _show_people(self) -> None:
        """Who is here, under the agenda when the terminal is wide."""
        snapshot = self.snapshot
        if self.has_class("wide") and snapshot is not None:
            self.query_one(PeopleHere).people = tuple(
                (person.name, snapshot.status_of(person.id)) for person in snapshot.participants)

    def _ring(self, item_id: int, remaining: float, running: bool) -> None:
        previous = self._last_remaining.get(item_id)
        self._last_remaining[item_id] = remaining
        if not (self.bell_on and running) or previous is None:
            return
        if previous > 60 >= remaining or previous > 0 >= remaining:
            self.app.bell()

    def _show_where_keys_go(self) -> None:
        """The top line says whether keys type text (a text field has them) or command the session."""
        typing = isinstance(self.focused, (Input, TextArea))
        self.query_one(TopLine).mode = TYPING if typing else COMMANDS

    # -- keys ------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        snapshot = self.snapshot
        status = snapshot.session.status if snapshot else ""
        if action == "start_session":
            return status == SessionStatus.PLANNED
        if action == "reopen":
            return status in FINISHED
        if action == "attendance":
            return not self.one_to_one
        if action == "person":
            return self.one_to_one
        if action == "timer":
            if status == SessionStatus.RUNNING:
                return True
            return False if status in (SessionStatus.PLANNED, *FINISHED) else None
        if action in ("next", "previous", "jump", "skip", "insert", "adjust", "move", "end", "bell", "instructions"):
            return True if status == SessionStatus.RUNNING else None
        if action == "summary":
            return status in FINISHED
        if action == "panel_focus":
            return True if status == SessionStatus.RUNNING and self.is_mounted and self.current.has_panel else None
        return True

    def _do(self, function, *args: Any, then=None, **kwargs: Any) -> None:  # noqa: ANN001
        """Store an action the one way (`kursrom.widgets.writing`: off the UI thread, retried while
        the database is locked) and redraw once it is stored; then `then(what it returned)`.
        A refusal ("the session is not running") becomes a warning."""

        def stored(result: object) -> None:
            self.reload()
            if then is not None:
                then(result)

        self.write(function, *args, on_saved=stored, **kwargs)

    @property
    def _current_id(self) -> int | None:
        return self.snapshot.session.current_item_id if self.snapshot else None

    def action_undo(self) -> None:
        from kursrom.store.journal import undo_last

        self._do(undo_last, self.session_id, at=self.now(), then=self._undone)

    def _undone(self, undone: Undone | None) -> None:
        """The notice; the highlight follows the current item should the undo have moved it."""
        self.notify(undone.sentence() if undone else _("Nothing to undo."), timeout=5)

    def action_person(self) -> None:
        from kursrom.screens.one_to_one import PersonScreen

        snapshot = self.snapshot
        if snapshot is not None and snapshot.participants:
            self.app.push_screen(PersonScreen(snapshot.session.round_id, snapshot.participants[0].id))

    def action_timer(self) -> None:
        from kursrom.store.live import toggle_current_timer

        if self._current_id is not None:
            self._do(toggle_current_timer, self.session_id, self.now())

    def action_next(self) -> None:
        from kursrom.store.live import next_item

        def moved(target: int | None) -> None:
            if target is None:
                self.notify(_("Every item has run. Press X to end the session."), timeout=4)
            self.agenda.highlight_item(self._current_id)

        self._do(next_item, self.session_id, self.now(), then=moved)

    def action_previous(self) -> None:
        from kursrom.store.live import previous_item

        def moved(target: int | None) -> None:
            if target is None:
                self.notify(_("This is the first item."), timeout=3)
            self.agenda.highlight_item(self._current_id)

        self._do(previous_item, self.session_id, self.now(), then=moved)

    def action_jump(self) -> None:
        target = self.agenda.highlighted_item_id
        if target is not None:
            self._go(target)

    def on_agenda_list_jump(self, message: AgendaList.Jump) -> None:
        message.stop()
        if self.check_action("jump", ()):
            self._go(message.item_id)

    def action_skip(self) -> None:
        from kursrom.store.live import toggle_skipped

        target = self.agenda.highlighted_item_id
        if target is not None:
            self._do(toggle_skipped, self.session_id, target, self.now())

    def action_insert(self) -> None:
        from kursrom.screens.insert_item import InsertItem
        from kursrom.store.live import insert_item

        after = self.agenda.highlighted_item_id or self._current_id

        def inserted(result: tuple[str, str, int] | None) -> None:
            if result is None:
                return
            kind, title, length = result
            self._do(insert_item, self.session_id, after, title, length, kind=kind, at=self.now(),
                     then=lambda item: self.agenda.highlight_item(item.id))

        self.app.push_screen(InsertItem(), inserted)

    def action_adjust(self, seconds: int) -> None:
        from kursrom.store.live import adjust_current

        if self._current_id is not None:
            self._do(adjust_current, self.session_id, seconds, self.now())

    def action_move(self, delta: int) -> None:
        from kursrom.store.live import move

        target = self.agenda.highlighted_item_id
        if target is not None:
            # The redraw keeps the highlight where it is then: on the moved item, or where they went since.
            self._do(move, self.session_id, target, delta, self.now())

    def action_attendance(self) -> None:
        from kursrom.screens.checkin import CheckInScreen

        def back(changed: bool | None) -> None:
            if changed:
                self.reload()

        self.app.push_screen(CheckInScreen(self.session_id, live=self), back)

    def action_instructions(self) -> None:
        self.show_instructions = not self.current.query_one("#item-instructions").display
        self._show_item()

    def action_bell(self) -> None:
        self.bell_on = not self.bell_on
        self.notify(_("Bell on: one minute left and at zero.") if self.bell_on else _("Bell off."), timeout=3)
        self.tick()

    def action_notes_focus(self) -> None:
        """F2 always goes to the notes (it never leaves them: Escape does), with any text held."""
        self.set_class(False, "notes-hidden")
        notes = self.notes
        # At once, not after the keys already waiting: typed right after F2, they are for the notes.
        self.set_focus(notes.area)
        held = self.take_held()
        if held.strip():
            notes.add_text(held)
            self.notify(_("The held text is in the notes now."), timeout=3)

    def held_note(self, text: str) -> Rescued:
        """Text held back, as a rescue file keeps it: for this screen's notes on the current item."""
        from pathlib import Path

        from kursrom.core.autosave import Rescued
        from kursrom.store.live import note_writer

        item = self._focus_item()
        return Rescued(str(Path(self.store.path).resolve()), self.session_id, item.id if item else None,
                       note_writer("live"), item.title if item else "", text, erasures=self._held_erasures or 0)

    def on_notes_pane_leave(self, message: NotesPane.Leave) -> None:
        message.stop()
        self.agenda.focus()

    def action_notes_toggle(self) -> None:
        hidden = not self.has_class("notes-hidden")
        if hidden and self.notes.area.has_focus:
            self.agenda.focus()
        self.set_class(hidden, "notes-hidden")

    def action_notes_size(self) -> None:
        self.set_class(False, f"notes-{self.notes_size}")
        self.notes_size = self.notes_size % NOTES_SIZES + 1
        self.set_class(True, f"notes-{self.notes_size}")
        self.set_class(False, "notes-hidden")

    def action_summary(self) -> None:
        self.app.open_summary(self.session_id)

    def action_presenter(self) -> None:
        from kursrom.screens.presenter_menu import PresenterMenu

        self.app.push_screen(PresenterMenu(self.session_id))

    def action_panel_focus(self) -> None:
        current = self.current
        if current.has_panel and self.size.height < ROOMY_HEIGHT and not self.has_class("notes-hidden"):
            # At 80x24 the notes leave a panel four lines; lend it their room while it has the keys.
            self.set_class(True, "notes-hidden")
            self._notes_lent_to_panel = True
        current.focus_panel()

    def action_back(self) -> None:
        """Escape: drop text held as typing; else back to the agenda from the panel or the notes;
        from the agenda, leave the screen (the session keeps running, and opening it again comes
        back here)."""
        if self.guard.holding or self.guard.typing:
            self.drop_held()
            return
        if self.focused is not self.agenda:
            self.agenda.focus()
            if self._notes_lent_to_panel:
                self._notes_lent_to_panel = False
                self.set_class(False, "notes-hidden")
            return
        self.dismiss(None)
