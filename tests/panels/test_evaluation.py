"""Evaluation: scores per element entered fast, stored as anonymous counts, plus comments."""

from __future__ import annotations

import pytest
from sqlmodel import select

from kursrom.store.models import EvaluationComment, EvaluationScore
from kursrom.store.results import score_counts
from kursrom.widgets.panels.evaluation import parse_entry


async def test_scores_are_typed_fast_and_stored_as_counts_without_a_person(host, demo_store):
    setup = host("evaluation")
    async with setup.app.run_test(size=(80, 24)) as pilot:
        panel = await setup.show(pilot)
        rated = [label for _item, label in panel.elements]
        assert "Pause" not in rated and setup.item.title not in rated, "breaks and the evaluation are not rated"
        assert rated[0] == "Velkommen og bli kjent"
        entry = panel.query_one("#ev-entry")
        assert panel.screen.focused is entry
        await pilot.press(*"4 5 5", "enter")
        entry.value = "3x2"
        await pilot.press("enter")
        await pilot.press("enter")  # empty: on to the next element
        entry.value = "5=4"
        await pilot.press("enter")
        entry.value = "2"
        await pilot.press("enter", "ctrl+z")  # the 2 was a mistake
        await pilot.press("up")
        entry.value = "9"
        await pilot.press("enter")  # outside the scale: refused
        panel.query_one("#ev-comment").value = "Mer tid til SØT-modellen"
        panel.query_one("#ev-comment").focus()
        await pilot.press("enter")
        await pilot.pause()
    assert score_counts(demo_store, setup.session.id) == {rated[0]: {4: 1, 5: 2, 3: 2}, rated[1]: {5: 4}}
    with demo_store.read() as db:
        rows = db.exec(select(EvaluationScore)).all()
        comments = db.exec(select(EvaluationComment)).all()
    assert rows and all(set(row.model_dump()) == {"id", "session_id", "item_id", "element", "scale_min",
                                                  "scale_max", "score", "count"} for row in rows)
    assert {(row.scale_min, row.scale_max) for row in rows} == {(1, 5)}
    assert [c.text for c in comments] == ["Mer tid til SØT-modellen"]
    assert all("participant" not in name for name in comments[0].model_dump())


async def test_a_0_to_10_scale_from_the_exercise(host, demo_store):
    setup = host("evaluation", exercise_id="evaluering-0-10")
    async with setup.app.run_test(size=(80, 24)) as pilot:
        panel = await setup.show(pilot)
        panel.query_one("#ev-entry").value = "10 0 7x2"
        await pilot.press("enter")
    counts = score_counts(demo_store, setup.session.id)
    assert counts[panel.elements[0][1]] == {10: 1, 0: 1, 7: 2}


def test_parse_entry():
    assert parse_entry("4 5, 5", 1, 5) == [("add", 4, 1), ("add", 5, 1), ("add", 5, 1)]
    assert parse_entry("5 x 3  4=2", 1, 5) == [("add", 5, 3), ("set", 4, 2)]
    assert parse_entry("10×2", 0, 10) == [("add", 10, 2)]
    for wrong in ("6", "0", "fem", "5x", "=3"):
        with pytest.raises(ValueError):
            parse_entry(wrong, 1, 5)
