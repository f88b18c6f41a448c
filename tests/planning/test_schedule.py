"""Session dates: the template's rule, skipped dates, moved sessions, public holidays suggested,
and local Oslo times that stay right across the summer-time changes."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest

from kursrom.core.clock import OSLO
from kursrom.core.schedule import (
    CurrentSession, format_day, holiday_suggestions, holidays_on, local_start, parse_date, parse_time,
    plan_sessions, reschedule, session_dates,
)

UTC = timezone.utc


def test_weekly_round_keeps_local_time_across_the_spring_change():
    # The clocks go forward on Sunday 29 March 2026: 12:00 is 11:00 UTC before and 10:00 UTC after.
    planned = plan_sessions("weekly", 3, date(2026, 3, 23), "12:00", 120)
    assert [p.start.astimezone(OSLO).strftime("%d.%m %H:%M") for p in planned] == [
        "23.03 12:00", "30.03 12:00", "06.04 12:00"]
    assert [p.start_utc for p in planned] == [
        datetime(2026, 3, 23, 11, tzinfo=UTC), datetime(2026, 3, 30, 10, tzinfo=UTC),
        datetime(2026, 4, 6, 10, tzinfo=UTC)]
    assert all(p.end_utc - p.start_utc == timedelta(hours=2) for p in planned)


def test_weekly_round_keeps_local_time_across_the_autumn_change():
    # The clocks go back on Sunday 25 October 2026.
    planned = plan_sessions("weekly", 2, date(2026, 10, 19), "10:00", 120)
    assert [p.start_utc for p in planned] == [datetime(2026, 10, 19, 8, tzinfo=UTC),
                                              datetime(2026, 10, 26, 9, tzinfo=UTC)]


def test_weekdays_for_four_weeks():
    dates = session_dates("weekdays", 20, date(2027, 5, 3))
    assert len(dates) == 20
    assert all(d.weekday() < 5 for d in dates)
    assert dates[0] == date(2027, 5, 3) and dates[-1] == date(2027, 5, 28)


def test_a_skipped_date_makes_the_round_one_occurrence_longer():
    dates = session_dates("weekdays", 20, date(2027, 5, 3), skip={date(2027, 5, 17)})
    assert date(2027, 5, 17) not in dates
    assert len(dates) == 20 and dates[-1] == date(2027, 5, 31)


def test_holidays_are_suggested_by_name_not_skipped():
    suggestions = holiday_suggestions("weekdays", 20, date(2027, 5, 3), language="nb")
    assert set(suggestions) == {date(2027, 5, 6), date(2027, 5, 17)}
    assert "Grunnlovsdag" in suggestions[date(2027, 5, 17)]
    assert "Kristi himmelfartsdag" in suggestions[date(2027, 5, 6)]
    # nothing is skipped until the facilitator says so
    assert date(2027, 5, 17) in session_dates("weekdays", 20, date(2027, 5, 3))
    english = holidays_on([date(2027, 5, 17)], "en")
    assert "Constitution Day" in english[date(2027, 5, 17)]


def test_skipping_a_holiday_can_reveal_the_next_one():
    # Skipping Ascension Day pushes the 20th session onto 31 May; still no holiday there.
    skip = {date(2027, 5, 6)}
    assert set(holiday_suggestions("weekdays", 20, date(2027, 5, 3), skip=skip)) == {date(2027, 5, 17)}


def test_a_time_that_does_not_exist_moves_forward_like_a_wall_clock():
    moment = local_start(date(2026, 3, 29), "02:30")
    assert moment.strftime("%H:%M") == "03:30"
    assert moment.utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize("text, expected", [("2026-03-23", date(2026, 3, 23)), ("23.03.2026", date(2026, 3, 23)),
                                            ("1.4.2027", date(2027, 4, 1))])
def test_dates_in_both_ways_of_writing(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2026-02-30", "23/03/2026", "", "i morgen"])
def test_bad_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_times():
    assert parse_time("9:05") == time(9, 5)
    assert parse_time("12.30") == time(12, 30)
    for bad in ("25:00", "12", "12:5", "noon"):
        with pytest.raises(ValueError):
            parse_time(bad)


def test_reschedule_moves_planned_sessions_but_not_held_or_hand_moved_ones():
    start = date(2026, 3, 23)
    planned = plan_sessions("weekly", 5, start, "12:00", 120)
    hand_moved = local_start(date(2026, 4, 15), "09:00")
    sessions = [
        CurrentSession(1, planned[0].start, planned[0].end, "done"),
        CurrentSession(2, planned[1].start, planned[1].end),
        CurrentSession(3, hand_moved, hand_moved + timedelta(hours=2)),
        CurrentSession(4, planned[3].start, planned[3].end),
        CurrentSession(5, planned[4].start, planned[4].end),
    ]
    changes = reschedule("weekly", start, "12:00", sessions, old_skip=[], new_skip=[date(2026, 3, 30)])
    assert sorted(changes) == [2, 4, 5]
    assert changes[2].start == local_start(date(2026, 4, 6), "12:00")
    assert changes[5].start == local_start(date(2026, 4, 27), "12:00")
    assert changes[5].end - changes[5].start == timedelta(hours=2)


def test_days_are_shown_in_the_interface_language():
    from kursrom.i18n import set_language

    set_language("en")
    assert format_day(date(2026, 3, 23)) == "Mon 23.03.2026"
    assert format_day(datetime(2026, 3, 22, 23, 30, tzinfo=UTC), year=False) == "Mon 23.03"  # Oslo's day
