"""Times that make sense (issue 14), and the fold's corrections, without a terminal: an undone event
counts for nothing; a late start is projected from the real start; before the start the top line
gives the planned start and how late it is; the catch-up hint names two cuts and fits 80 columns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from kursrom.core.timing import (
    REPLAN_AFTER_MINUTES, item_state, item_time, jumped_over, minutes_late, next_item_id, plan_from_start,
    session_timing,
)
from kursrom.i18n import _
from kursrom.widgets.current_item import catch_up_text
from kursrom.widgets.topline import before_start_text, on_time_text

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)  # 10:00 in Oslo


@dataclass
class Ev:
    kind: str
    at: datetime
    seconds: int = 0
    id: int | None = None
    undoes: int | None = None


@dataclass
class It:
    id: int
    title: str
    kind: str
    planned_minutes: int
    skipped: bool = False


def agenda() -> list[It]:
    return [It(1, "Velkommen", "reflection", 15), It(2, "Grupperegler", "group_rules", 10),
            It(3, "Dyreøvelsen og egenskapene som passer til hver og en av oss", "animal", 30),
            It(4, "Pause", "break", 10), It(5, "SØT-modellen med mål og tiltak for neste uke", "sot", 45),
            It(6, "Evaluering", "evaluation", 10)]


def test_an_undone_event_and_its_undo_count_for_nothing():
    events = [Ev("start", T0, id=1), Ev("adjust", T0 + timedelta(minutes=1), 300, id=2),
              Ev("finish", T0 + timedelta(minutes=5), id=3),
              Ev("undo", T0 + timedelta(minutes=6), undoes=2, id=4),
              Ev("undo", T0 + timedelta(minutes=6), undoes=3, id=5)]
    time = item_time(15, events, T0 + timedelta(minutes=10))
    assert time.adjusted == 0 and time.running and time.elapsed == 10 * 60


def test_moving_around_leaves_items_paused_and_next_comes_back_to_them():
    items = agenda()
    paused = item_time(15, [Ev("start", T0), Ev("pause", T0 + timedelta(minutes=3))], T0 + timedelta(minutes=9))
    idle = item_time(10, [], T0)
    assert item_state(items[0], paused, current_id=3, next_id=4) == "paused", "left before it was done"
    times = {1: paused, 2: idle}
    assert next_item_id(items, 6, times) == 1, "after the last item, the first one left for later"
    assert [i.id for i in jumped_over(items, 1, 4, times)] == [2, 3]
    assert jumped_over(items, 4, 1, times) == [], "going back passes over nothing"


def test_a_session_started_far_off_its_plan_is_projected_from_its_real_start():
    end = T0 + timedelta(minutes=120)
    assert plan_from_start(T0, end, T0 + timedelta(minutes=REPLAN_AFTER_MINUTES)) == (end, False)
    late = T0 + timedelta(hours=7, minutes=9)
    assert plan_from_start(T0, end, late) == (late + timedelta(minutes=120), True)
    events = {1: [Ev("start", late)]}
    timing = session_timing(agenda(), events, late + timedelta(minutes=20), planned_start=T0, planned_end=end,
                            started=True, started_at=late)
    assert timing.replanned
    projection = timing.projection
    assert projection.behind_minutes == 5, "five minutes over the welcome, not +429"
    assert "429" not in on_time_text(projection)


def test_before_the_start_the_top_line_gives_the_plan_and_how_late_it_is():
    assert before_start_text(T0, T0 - timedelta(minutes=2)) == _("starts {time}, in {minutes} min").format(
        time="10:00", minutes=2)
    assert before_start_text(T0, T0 + timedelta(minutes=7, seconds=30)) == _(
        "planned {time}, {minutes} min late").format(time="10:00", minutes=7)
    assert minutes_late(T0, T0 + timedelta(hours=7, minutes=9)) == 429
    other_day = before_start_text(T0 + timedelta(days=3), T0)
    assert "10:00" in other_day and "26.11" in other_day and "min" not in other_day


def test_the_catch_up_hint_names_two_cuts_in_one_line_at_80_columns():
    items = agenda()
    events = {1: [Ev("start", T0)]}
    now = T0 + timedelta(minutes=75)  # the welcome is an hour over
    projection = session_timing(items, events, now, planned_start=T0, planned_end=T0 + timedelta(minutes=120),
                                started=True).projection
    assert len(projection.suggestions) == 2 and projection.uncovered > 0
    for width in (48, 80):  # the current item's column at 80x24, and a whole line
        text = catch_up_text(projection, width).plain
        assert len(text) <= width and "\n" not in text and text.startswith(_("Catch up:"))
        assert "SØT" in text, "the best cut is always named"
    whole = catch_up_text(projection, 80).plain
    assert "Dyreø" in whole and _("{minutes} min more to find").format(minutes=projection.uncovered) in whole
    narrow = catch_up_text(projection, 48).plain
    assert "Dyreø" not in narrow, "too narrow for two readable titles: one cut, the rest left to find"
    assert _("{minutes} min more to find").format(minutes=projection.uncovered + 10) in narrow
    assert "SØT-modellen med mål og tiltak for neste uke" in catch_up_text(projection, 200).plain
