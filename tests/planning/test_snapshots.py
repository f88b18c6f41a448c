"""The home screen and the round screen, at 80x24 and 160x45. Regenerate after a deliberate change
with `pytest tests/planning/test_snapshots.py --snapshot-update` and look at the SVGs."""

from __future__ import annotations

import pytest

from kursrom.app import make_app


async def settled(pilot) -> None:
    """The rounds are read in a worker: wait for it, however busy the machine."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_round(pilot) -> None:
    await settled(pilot)
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
def test_home(snap_compare, catalog, clock, planned_rounds, demo_store, size):
    app = make_app(catalog, demo_store, clock=clock)
    assert snap_compare(app, terminal_size=size, run_before=settled)


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
def test_round(snap_compare, catalog, clock, planned_rounds, demo_store, size):
    app = make_app(catalog, demo_store, clock=clock)
    assert snap_compare(app, terminal_size=size, run_before=open_round)
