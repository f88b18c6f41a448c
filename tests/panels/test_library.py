"""Every kind of exercise has its panel, and the shipped library and course templates use them all."""

from __future__ import annotations

from kursrom.core.catalog import KINDS
from kursrom.widgets.panels import PANELS, PromptPanel, panel_for


def test_every_kind_but_the_break_has_its_own_panel():
    assert set(PANELS) == set(KINDS) - {"break"}


def test_the_shipped_exercises_and_templates_use_every_panel(catalog):
    shipped = {exercise.kind for exercise in catalog.exercises.values()}
    assert set(PANELS) <= shipped
    in_templates = {catalog.exercise(entry.exercise).kind
                    for template in catalog.templates.values() for session in template.sessions
                    for entry in session.agenda}
    assert set(PANELS) <= in_templates


def test_panel_for_builds_the_kinds_panel(demo_store, sessions):
    from kursrom.store.rounds import agenda_of

    agenda = agenda_of(demo_store, sessions[0].id)
    by_kind = {item.kind: item for item in agenda}
    assert isinstance(panel_for(by_kind["break"], sessions[0], []), PromptPanel)
    for kind, item in by_kind.items():
        panel = panel_for(item, sessions[0], [])
        assert type(panel) is PANELS.get(kind, PromptPanel)
        assert panel.item is item and panel.session is sessions[0]
