"""The contract between the live-session screen and the exercise panels."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message
from textual.widget import Widget

if TYPE_CHECKING:
    from kursrom.store.models import AgendaItem, CourseSession, Participant


class ExercisePanel(Widget):
    """A panel runs one exercise method for the current agenda item and saves what comes out of it
    as it goes (through `kursrom.store.results`). It uses only the participants marked present."""

    DEFAULT_CSS = """
    ExercisePanel {
        height: auto;
    }
    """

    class Saved(Message):
        """Posted after a panel stored a result, so the summary and other panes can refresh."""

        def __init__(self, item_id: int) -> None:
            super().__init__()
            self.item_id = item_id

    def __init__(self, item: AgendaItem, session: CourseSession, present: list[Participant], **kwargs) -> None:
        super().__init__(**kwargs)
        self.item = item
        self.session = session
        self.present = present

    def present_changed(self, present: list[Participant]) -> None:
        """Attendance changed during the session; panels that list people refresh."""
        self.present = present
