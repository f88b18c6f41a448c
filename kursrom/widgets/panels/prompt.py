"""The default panel: the participant-facing prompt, large enough for a shared screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from kursrom.widgets.panels.base import ExercisePanel


class PromptPanel(ExercisePanel):
    DEFAULT_CSS = """
    PromptPanel > .prompt {
        text-style: bold;
        padding: 1 2;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(self.item.prompt, classes="prompt")
