"""The terminal presenter at 80x24 and 200x60: a card sort in bokmål and Ukrainian with a statement
on the table, and a break. Update with `--snapshot-update` and look at the SVGs."""

from __future__ import annotations

import pytest

from kursrom.store import live
from kursrom.store.presenter import set_choice

SIZES = [(80, 24), (200, 60)]


def presenter_app(catalog, demo_store, clock, session_id):
    from kursrom.app import PresenterMode, make_app

    return make_app(catalog, demo_store, clock=clock, presenter=PresenterMode(session_id))


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_card_sort_in_bokmaal_and_ukrainian(snap_compare, catalog, demo_store, running, add_item, clock, size):
    sort = add_item(catalog, "norsk-arbeidskultur")
    live.go_to(demo_store, running.id, sort.id)
    set_choice(demo_store, running.id, content="statement", item_id=sort.id, statement=2, languages=("uk",))
    clock.advance(seconds=95)
    assert snap_compare(presenter_app(catalog, demo_store, clock, running.id), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_break(snap_compare, catalog, demo_store, running, add_item, clock, size):
    pause = add_item(catalog, "pause")
    live.go_to(demo_store, running.id, pause.id)
    clock.advance(minutes=2)
    assert snap_compare(presenter_app(catalog, demo_store, clock, running.id), terminal_size=size)
