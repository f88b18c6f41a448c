"""The note's text field: a TextArea that lends the name picker its keys while the picker is open."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import TextArea

from kursrom.widgets.typing_frames import typing_frames


class NoteArea(TextArea):
    """A TextArea that lets the name picker have the arrow keys, Enter, Tab and Escape while it is open."""

    BINDINGS = [
        Binding("up", "picker_move(-1)", show=False, priority=True, id="notes.picker_up"),
        Binding("down", "picker_move(1)", show=False, priority=True, id="notes.picker_down"),
        Binding("enter,tab", "picker_pick", show=False, priority=True, id="notes.picker_pick"),
        Binding("escape", "picker_close", show=False, priority=True, id="notes.picker_close"),
    ]

    picker_open: reactive[bool] = reactive(False, bindings=True)

    class PickerKey(Message):
        """A key lent to the name picker: "up", "down", "pick" or "close"."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    async def _on_key(self, event: events.Key) -> None:
        # What waits to be drawn is drawn now, ahead of this key's edit, so both share one frame
        # (`kursrom.widgets.typing_frames`).
        typing_frames(self.app).key_typed()
        await super()._on_key(event)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action.startswith("picker_"):
            return self.picker_open and self.has_focus
        return super().check_action(action, parameters)

    def action_picker_move(self, step: int) -> None:
        self.post_message(self.PickerKey("down" if step > 0 else "up"))

    def action_picker_pick(self) -> None:
        self.post_message(self.PickerKey("pick"))

    def action_picker_close(self) -> None:
        self.post_message(self.PickerKey("close"))
