"""Exercise panels: one per kind of exercise, hosted by the live-session screen under the current
agenda item. `panel_for` picks the panel; kinds without their own panel get the prompt panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kursrom.widgets.panels.base import ExercisePanel
from kursrom.widgets.panels.prompt import PromptPanel

if TYPE_CHECKING:
    from kursrom.store.models import AgendaItem, CourseSession, Participant

#: kind -> panel class. Kinds not listed here get the PromptPanel.
PANELS: dict[str, type[ExercisePanel]] = {}


def panel_for(item: AgendaItem, session: CourseSession, present: list[Participant]) -> ExercisePanel:
    return PANELS.get(item.kind, PromptPanel)(item, session, present)


__all__ = ["ExercisePanel", "PANELS", "PromptPanel", "panel_for"]
