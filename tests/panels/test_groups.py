"""Group work without a terminal: forming groups from those present, rotating roles so everyone
plays every role, and countdowns computed from stored events."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kursrom.core.clock import FakeClock
from kursrom.core.groups import Countdown, assign_roles, form_groups, role_slots, rounds_needed
from kursrom.core.timing import countdown_text

ROLES = ["Jobbsøker", "Intervjuer", "Observatør"]


@pytest.mark.parametrize(("count", "sizes"), [
    (0, []), (1, [1]), (2, [2]), (3, [3]), (4, [4]), (5, [2, 3]), (6, [3, 3]),
    (7, [3, 4]), (8, [2, 3, 3]), (9, [3, 3, 3]), (10, [3, 3, 4]), (11, [2, 3, 3, 3]),
])
def test_groups_of_three_with_a_pair_or_a_foursome_when_the_count_does_not_divide(count, sizes):
    groups = form_groups(list(range(100, 100 + count)), 3)
    assert [len(g) for g in groups] == sizes


@given(st.lists(st.integers(1, 10_000), unique=True, max_size=40), st.integers(2, 6), st.none() | st.integers(0, 99))
def test_forming_never_drops_or_repeats_anyone(members, size, seed):
    groups = form_groups(members, size, seed=seed)
    flat = [m for g in groups for m in g]
    assert sorted(flat) == sorted(members)
    if len(members) >= 2:
        assert all(2 <= len(g) <= size + 1 for g in groups), groups
        assert max(map(len, groups)) - min(map(len, groups)) <= 1, groups


def test_a_seed_gives_a_new_but_reproducible_mix():
    people = list(range(1, 10))
    assert form_groups(people, 3, seed=1) == form_groups(people, 3, seed=1)
    assert form_groups(people, 3, seed=1) != form_groups(people, 3)


def test_role_slots_for_pairs_and_foursomes():
    assert role_slots(2, ROLES) == ["Jobbsøker", "Intervjuer"]
    assert role_slots(3, ROLES) == ROLES
    assert role_slots(4, ROLES) == ["Jobbsøker", "Intervjuer", "Observatør", "Observatør"]


@given(st.integers(1, 6))
def test_over_enough_rounds_every_member_takes_every_role_of_the_group(size):
    group = list(range(1, size + 1))
    rounds = rounds_needed([group], 3)
    played: dict[int, set[str]] = {m: set() for m in group}
    for r in range(rounds):
        assignment = assign_roles(group, ROLES, r)
        assert sorted(m for m, _ in assignment) == group, "everyone has exactly one role each round"
        assert [role for _, role in assignment] == role_slots(size, ROLES)
        for member, role in assignment:
            played[member].add(role)
    assert all(roles == set(role_slots(size, ROLES)) for roles in played.values()), played


def test_a_foursome_needs_a_fourth_round():
    assert rounds_needed([[1, 2, 3], [4, 5, 6, 7]], 3) == 4
    assert rounds_needed([[1, 2, 3], [4, 5]], 3) == 3


def test_countdown_is_computed_from_events_not_ticks():
    clock = FakeClock()
    countdown = Countdown(600)
    assert not countdown.started and countdown.remaining(clock) == 600
    countdown.start(clock)
    clock.advance(90)
    assert countdown.remaining(clock) == 510
    countdown.pause(clock)
    clock.advance(300)  # paused time does not count
    assert countdown.remaining(clock) == 510
    countdown.start(clock)
    clock.advance(600)
    assert countdown.remaining(clock) == -90, "the overrun shows"


def test_countdown_ignores_a_wall_clock_jump_within_a_run():
    clock = FakeClock()
    countdown = Countdown(600)
    countdown.start(clock)
    clock.advance(60)
    clock.set_wall(clock.now() + timedelta(hours=1))  # NTP, or the laptop's clock is set
    assert countdown.elapsed(clock) == 60
    countdown.pause(clock)
    assert countdown.elapsed(clock) == 60


def test_countdown_survives_a_restart_through_its_stored_events():
    clock = FakeClock()
    countdown = Countdown(600)
    countdown.start(clock)
    clock.advance(100)
    countdown.pause(clock)
    countdown.start(clock)
    stored = countdown.to_data()
    clock.advance(50)
    restored = Countdown.from_data(stored, 999)  # a new process: only the wall clock is left
    assert restored.seconds == 600 and restored.running
    assert restored.elapsed(clock) == 150


def test_a_panel_countdown_rounds_up_what_is_left_and_shows_overrun_as_the_item_timer_does():
    assert countdown_text(600) == ("10:00", False)
    assert countdown_text(59.2) == ("1:00", False)
    assert countdown_text(0) == ("0:00", False)
    assert countdown_text(-0.4) == ("+0:00", True)
    assert countdown_text(-75) == ("+1:15", True)
