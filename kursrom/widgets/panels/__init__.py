"""Exercise panels: one per kind of exercise, hosted by the live-session screen under the current
agenda item. `panel_for` picks the panel; kinds without their own panel get the prompt panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kursrom.widgets.panels.animal import AnimalPanel
from kursrom.widgets.panels.base import ExercisePanel
from kursrom.widgets.panels.card_sort import CardSortPanel
from kursrom.widgets.panels.evaluation import EvaluationPanel
from kursrom.widgets.panels.group_rules import GroupRulesPanel
from kursrom.widgets.panels.highlights import HighlightsPanel
from kursrom.widgets.panels.presentation import PresentationPanel
from kursrom.widgets.panels.prompt import PromptPanel
from kursrom.widgets.panels.role_play import RolePlayPanel
from kursrom.widgets.panels.sot import SotPanel
from kursrom.widgets.panels.timeline import TimelinePanel

if TYPE_CHECKING:
    from kursrom.store.models import AgendaItem, CourseSession, Participant

#: kind -> panel class. Kinds not listed here (a break) get the PromptPanel.
PANELS: dict[str, type[ExercisePanel]] = {
    "reflection": HighlightsPanel,
    "career_story": HighlightsPanel,
    "talk": HighlightsPanel,
    "homework": HighlightsPanel,
    "job_ad": HighlightsPanel,
    "animal": AnimalPanel,
    "sot": SotPanel,
    "role_play": RolePlayPanel,
    "timeline": TimelinePanel,
    "card_sort": CardSortPanel,
    "presentation": PresentationPanel,
    "evaluation": EvaluationPanel,
    "group_rules": GroupRulesPanel,
}


def panel_for(item: AgendaItem, session: CourseSession, present: list[Participant], *,
              one_to_one: bool = False) -> ExercisePanel:
    """The panel for an agenda item, working with the participants marked present (present or late,
    in the order the panel should list them); in a one-to-one conversation, with that person only."""
    panel = PANELS.get(item.kind, PromptPanel)(item, session, present)
    panel.one_to_one = one_to_one
    return panel


__all__ = ["ExercisePanel", "PANELS", "PromptPanel", "panel_for"]
