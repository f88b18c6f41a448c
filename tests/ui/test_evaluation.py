"""The round screen's evaluation view: each element's average across sessions and against an
earlier round of the same template."""

from __future__ import annotations

import io
from datetime import date

from rich.console import Console

from kursrom.app import make_app
from kursrom.store.models import EvaluationScore
from kursrom.store.rounds import create_round, list_rounds, sessions_of


def rated(store, session_id: int, element: str, counts: dict[int, int]) -> None:
    with store.session() as db:
        for score, count in counts.items():
            db.add(EvaluationScore(session_id=session_id, element=element, scale_min=1, scale_max=5,
                                   score=score, count=count))


async def test_v_shows_averages_per_element_and_against_the_earlier_round(catalog, clock, demo_store):
    this = list_rounds(demo_store)[0]
    earlier = create_round(demo_store, catalog, catalog.template("pro"), start=date(2026, 3, 2), title="PRO vår")
    first, second = sessions_of(demo_store, this.id)[:2]
    rated(demo_store, first.id, "Dyreøvelsen", {4: 3, 5: 1})  # 4.25
    rated(demo_store, second.id, "Dyreøvelsen", {5: 4})  # 5.0
    rated(demo_store, sessions_of(demo_store, earlier.id)[0].id, "Dyreøvelsen", {3: 2})  # 3.0

    from kursrom.screens.evaluation import EvaluationScreen
    from kursrom.screens.round import RoundScreen

    app = make_app(catalog, demo_store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(RoundScreen(this.id))
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, EvaluationScreen)
        console = Console(width=76, record=True, file=io.StringIO())
        console.print(app.screen.query_one("#evaluation-table").content)
        text = console.export_text()
        assert "Dyreøvelsen" in text
        assert "4,6 /1–5" in text  # (3×4 + 5 + 4×5) / 8 = 4.625, with a decimal comma in bokmål
        assert "1: 4,2" in text and "2: 5,0" in text
        assert "3,0 (+1,6)" in text
        await pilot.press("escape")
        assert isinstance(app.screen, RoundScreen)
