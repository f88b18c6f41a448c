"""Timer arithmetic from events: exact over two hours, exact again after a restart, deaf to a clock
set back, awake after a sleep; and the session projection with its suggestions."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest

from kursrom.core.clock import FakeClock
from kursrom.core.numbers import clock_text
from kursrom.core.timing import (
    RunAnchor, countdown, item_state, item_time, minutes, next_item_id, previous_item_id, project,
    session_timing,
)

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)


@dataclass
class Ev:
    kind: str
    at: datetime
    seconds: int = 0


@dataclass
class It:
    id: int
    title: str
    kind: str
    planned_minutes: int
    skipped: bool = False


def test_a_countdown_from_start_pause_resume_and_finish():
    events = [Ev("start", T0), Ev("pause", T0 + timedelta(minutes=4)), Ev("resume", T0 + timedelta(minutes=6))]
    time = item_time(15, events, T0 + timedelta(minutes=10, seconds=30))
    assert time.elapsed == 8.5 * 60
    assert time.remaining == 6.5 * 60
    assert time.running and time.state == "running"
    assert countdown(time) == ("6:30", False)
    events.append(Ev("finish", T0 + timedelta(minutes=20)))
    done = item_time(15, events, T0 + timedelta(hours=3))
    assert done.elapsed == 18 * 60 and done.state == "done"
    assert countdown(done) == ("+3:00", True)
    assert done.overrun == 180


def test_adjustments_change_the_plan_not_the_elapsed_time():
    events = [Ev("start", T0), Ev("adjust", T0 + timedelta(minutes=1), 60),
              Ev("adjust", T0 + timedelta(minutes=2), 300), Ev("adjust", T0 + timedelta(minutes=3), -120)]
    time = item_time(10, events, T0 + timedelta(minutes=5))
    assert time.planned == (10 + 1 + 5 - 2) * 60
    assert time.adjusted == 240
    assert time.elapsed == 300


def test_overrun_is_shown_from_the_first_second_over():
    events = [Ev("start", T0)]
    at = lambda s: item_time(1, events, T0 + timedelta(seconds=s))  # noqa: E731
    assert countdown(at(0)) == ("1:00", False)
    assert countdown(at(0.4)) == ("1:00", False), "the countdown rounds up: a full minute shows a full second"
    assert countdown(at(1)) == ("0:59", False)
    assert countdown(at(60)) == ("0:00", False)
    assert countdown(at(60.5)) == ("+0:00", True)
    assert countdown(at(61)) == ("+0:01", True)
    assert countdown(at(60 + 130)) == ("+2:10", True)


def test_clock_text_and_minutes():
    assert clock_text(0) == "0:00"
    assert clock_text(3725) == "1:02:05"
    assert minutes(14 * 60 + 29) == 14
    assert minutes(14 * 60 + 31) == 15


def test_two_hours_of_a_session_are_exact_to_the_second_and_again_after_a_restart():
    """A whole session driven by a fake clock: random item lengths, pauses and adjustments, the
    display refreshed at irregular moments (late ticks, as Textual's timer skips them). At every
    moment the shown time equals the exact sum of the running spans; a fresh anchor that knows only
    the stored events (a restart) shows the same."""
    clock = FakeClock(T0)
    anchor = RunAnchor(clock)
    rng = random.Random(7)
    events: list[Ev] = [Ev("start", anchor.now())]
    running, running_since = True, clock.monotonic()
    truth = 0.0  # seconds the item has run, measured on the monotonic clock, apart from the events
    checks = 0
    while clock.now() - T0 < timedelta(hours=2):
        step = rng.choice([0.25, 0.5, 0.97, 1.0, 1.3, 7.0, 33.3])  # late and early ticks alike
        clock.advance(step)
        if rng.random() < 0.02:
            if running:
                truth += clock.monotonic() - running_since
                events.append(Ev("pause", anchor.now()))
            else:
                running_since = clock.monotonic()
                events.append(Ev("resume", anchor.now()))
            running = not running
        if rng.random() < 0.01:
            events.append(Ev("adjust", anchor.now(), rng.choice([60, -60, 300])))
        expected = truth + (clock.monotonic() - running_since if running else 0)
        shown = item_time(120, events, anchor.now())
        assert shown.elapsed == pytest.approx(expected, abs=1e-6)
        restarted = item_time(120, events, RunAnchor(clock).now())
        assert restarted.elapsed == pytest.approx(expected, abs=1e-6)
        assert int(restarted.elapsed) == int(shown.elapsed)
        checks += 1
    assert checks > 1000
    assert clock.now() - T0 >= timedelta(hours=2)


def test_a_clock_set_back_does_not_move_the_timer_and_a_sleep_is_counted():
    clock = FakeClock(T0)
    anchor = RunAnchor(clock)
    events = [Ev("start", anchor.now())]
    clock.advance(600)
    clock.set_wall(clock.now() - timedelta(hours=1))  # NTP, or someone fixing the clock by hand
    assert item_time(30, events, anchor.now()).elapsed == 600
    clock.advance(60)
    assert item_time(30, events, anchor.now()).elapsed == 660
    # The lid shut for five minutes: the wall clock moves, the monotonic clock stands still.
    clock.set_wall(clock.now() + timedelta(minutes=5))
    assert item_time(30, events, anchor.now()).elapsed == 660, "the clock set back an hour is still ignored"
    clock.set_wall(clock.now() + timedelta(hours=1))
    assert item_time(30, events, anchor.now()).elapsed == 660 + 300
    assert anchor.now() >= events[0].at


def test_the_anchor_never_goes_backwards():
    clock = FakeClock(T0)
    anchor = RunAnchor(clock)
    seen = anchor.now()
    for step in range(100):
        clock.advance(0.5)
        if step % 10 == 0:
            clock.set_wall(clock.now() - timedelta(seconds=30))
        now = anchor.now()
        assert now >= seen
        seen = now


def agenda() -> list[It]:
    return [It(1, "Velkommen", "reflection", 15), It(2, "Grupperegler", "group_rules", 10),
            It(3, "Dyreøvelsen", "animal", 20), It(4, "Pause", "break", 10), It(5, "SØT-modellen", "sot", 45),
            It(6, "Evaluering", "evaluation", 10)]


def test_projection_on_time_behind_and_suggestions():
    items = agenda()  # 110 minutes planned in a 120-minute session
    planned_end = T0 + timedelta(minutes=120)
    times = {item.id: item_time(item.planned_minutes, [], T0) for item in items}
    on_time = project(items, times, T0, planned_start=T0, planned_end=planned_end, started=True)
    assert on_time.projected_end == T0 + timedelta(minutes=110)
    assert on_time.behind_minutes == -10 and not on_time.suggestions

    # The welcome ran 29 minutes (14 over), the group rules are under way for 3 minutes.
    events = {1: [Ev("start", T0), Ev("finish", T0 + timedelta(minutes=29))],
              2: [Ev("start", T0 + timedelta(minutes=29))]}
    now = T0 + timedelta(minutes=32)
    timing = session_timing(items, events, now, planned_start=T0, planned_end=planned_end, started=True)
    projection = timing.projection
    # 7 min left of the rules + 20 + 10 + 45 + 10 = 92 min from 32 min in: ends at 124 min.
    assert projection.projected_end == T0 + timedelta(minutes=124)
    assert projection.behind_minutes == 4
    assert [(s.title, s.minutes) for s in projection.suggestions] == [("SØT-modellen", 4)]
    assert all(s.title not in ("Pause", "Evaluering") for s in projection.suggestions)


def test_far_behind_spreads_the_cuts_and_says_what_is_left():
    items = agenda()
    events = {1: [Ev("start", T0)]}
    now = T0 + timedelta(minutes=50)  # the welcome is 35 minutes over and still running
    projection = session_timing(items, events, now, planned_start=T0, planned_end=T0 + timedelta(minutes=120),
                                started=True).projection
    assert projection.behind_minutes == 50 + 95 - 120
    cuts = {s.title: s.minutes for s in projection.suggestions}
    assert cuts == {"SØT-modellen": 15, "Dyreøvelsen": 6}, "the two best cuts, no more"
    assert projection.uncovered == 25 - 21


def test_a_session_not_started_projects_from_its_planned_start():
    items = agenda()
    early = T0 - timedelta(minutes=30)
    projection = session_timing(items, {}, early, planned_start=T0, planned_end=T0 + timedelta(minutes=120),
                                started=False).projection
    assert projection.projected_end == T0 + timedelta(minutes=110)


def test_skipped_items_are_left_out_and_states_follow_the_events():
    items = agenda()
    items[2].skipped = True
    events = {1: [Ev("start", T0), Ev("finish", T0 + timedelta(minutes=10))],
              2: [Ev("start", T0 + timedelta(minutes=10))]}
    now = T0 + timedelta(minutes=12)
    timing = session_timing(items, events, now, planned_start=T0, planned_end=T0 + timedelta(minutes=120),
                            started=True)
    assert timing.projection.projected_end == now + timedelta(minutes=8 + 10 + 45 + 10)
    following = next_item_id(items, 2, timing.times)
    assert following == 4, "the skipped animal exercise is passed over"
    states = [item_state(item, timing.times[item.id], 2, following) for item in items]
    assert states == ["done", "running", "skipped", "next", "todo", "todo"]
    assert previous_item_id(items, 4) == 2
    assert previous_item_id(items, 1) is None
