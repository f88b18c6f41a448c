"""The default panel (a break, or a kind without its own panel): the participant-facing prompt,
large enough for a shared screen, and the projector view on `v`."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from kursrom.i18n import _
from kursrom.widgets.css import load_css
from kursrom.widgets.panels.base import ExercisePanel
from kursrom.widgets.panels.common import show_presenter


class PromptPanel(ExercisePanel):
    DEFAULT_CSS = load_css(__file__)
    SHOWS_PROMPT = True
    BINDINGS = [Binding("v", "projector", _("Projector"), id="panel.projector")]
    can_focus = True

    def compose(self) -> ComposeResult:
        yield Static(self.item.prompt, classes="prompt")

    def home(self) -> PromptPanel:
        return self

    def action_projector(self) -> None:
        show_presenter(self)
