"""The contract between the live-session screen and the exercise panels.

The live screen builds a panel with `panel_for(item, session, present)`, mounts it under the current
agenda item, calls `present_changed` when attendance changes, and may call `focus_default` to put the
keyboard in the panel. A panel saves what comes out of the exercise as it goes (through
`kursrom.store.results`), with `self.write` (`kursrom.widgets.writing`): off the UI thread, retried
while the database is locked, and with what was typed kept on screen until it is stored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input, TextArea
from kursrom.i18n import _
from kursrom.widgets.services import AppServices

if TYPE_CHECKING:
    from kursrom.store.models import AgendaItem, CourseSession, Participant


#: Keys a text field takes for itself: panel bindings on them are hidden while the facilitator types.
TYPING_KEYS = frozenset({"space", "delete", "backspace", "enter", "left", "right", "home", "end"})


class ExercisePanel(AppServices, Widget):
    """A panel runs one exercise method for the current agenda item and saves what comes out of it
    as it goes (through `kursrom.store.results`). It uses only the participants marked present."""

    DEFAULT_CSS = """
    ExercisePanel {
        height: 1fr;
    }
    """

    #: True when the panel shows the item's prompt itself, so the host need not repeat it.
    SHOWS_PROMPT = False
    #: A one-to-one conversation: the one person, never rows for the whole group.
    one_to_one = False

    # Escape goes back one step: from a field to the panel's list, and from the list (where this
    # binding stands aside) to the live screen's agenda.
    BINDINGS = [Binding("escape", "to_list", _("To the list"), id="panel.to_list")]

    def __init__(self, item: AgendaItem, session: CourseSession, present: list[Participant], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.item = item
        self.session = session
        self.present = list(present)
        self._names: dict[int | None, str] | None = None

    # -- what panels share -----------------------------------------------------------------------

    @property
    def fields(self) -> dict:
        """The exercise's kind-specific fields, as they were when the round was created."""
        return dict(self.item.exercise.get("data") or {})

    @property
    def present_ids(self) -> list[int]:
        return [p.id for p in self.present if p.id is not None]

    def name_of(self, participant_id: int | None) -> str:
        for person in self.present:
            if person.id == participant_id:
                return person.name
        if participant_id is None:
            return ""
        if self._names is None:  # someone in a stored result who is no longer marked present
            from sqlmodel import select

            from kursrom.store.models import Participant

            with self.store.read() as db:
                self._names = {p.id: p.name for p in db.exec(select(Participant))}
        return self._names.get(participant_id, "?")

    def present_changed(self, present: list[Participant]) -> None:
        """Attendance changed during the session; panels that list people refresh."""
        self.present = list(present)

    def refresh_clock(self) -> None:
        """Redraw the panel's timers now (they also redraw themselves twice a second)."""
        from kursrom.widgets.panels.common import CountdownLabel

        for label in self.query(CountdownLabel).results(CountdownLabel):
            label.tick()

    def focus_default(self) -> None:
        """Put the keyboard on the panel's list (never in a text field, unless the list is one)."""
        home = self.home()
        if home is not None:
            home.focus()

    def home(self) -> Widget | None:
        """The panel's list (people, groups, statements): where Escape from any of its fields goes."""
        from kursrom.widgets.panels.common import PeopleList

        people = self.query(PeopleList)
        if people:
            return people.first()
        return next((widget for widget in self.query("*") if widget.focusable), None)

    def action_to_list(self) -> None:
        home = self.home()
        if home is not None:
            home.focus()

    # -- keys --------------------------------------------------------------------------------------

    def typing(self) -> bool:
        focused = self.screen.focused if self.is_attached else None
        return isinstance(focused, (Input, TextArea))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys a text field takes are hidden while the facilitator types in one;
        otherwise `can` decides: True, None (greyed out) or False (hidden)."""
        if action == "to_list":
            home, focused = self.home(), self.screen.focused if self.is_attached else None
            return (home is not None and focused is not home and focused is not None and self in focused.ancestors
                    and all(node.display for node in home.ancestors_with_self if isinstance(node, Widget)))
        if self.typing() and action in self._letter_actions():
            return False
        return self.can(action, parameters)

    def can(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return True

    @classmethod
    def _letter_actions(cls) -> set[str]:
        actions = set()
        for binding in cls.BINDINGS:
            if isinstance(binding, Binding):
                keys = binding.key.split(",")
                if any(len(key) == 1 or key in TYPING_KEYS for key in keys):
                    actions.add(binding.action.split("(")[0])
        return actions

