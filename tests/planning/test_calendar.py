"""The .ics export parses back with icalendar: one event per session, the theme question in each,
times in Europe/Oslo that stay at noon across the summer-time change."""

from __future__ import annotations

from datetime import date, datetime, timezone

from icalendar import Calendar

from kursrom.core.calendar import round_calendar, write_round_calendar
from kursrom.core.clock import OSLO
from kursrom.store.rounds import move_session, sessions_of


def parse(data: bytes) -> list:
    calendar = Calendar.from_ical(data)
    return list(calendar.walk("VEVENT")), calendar


def test_one_event_per_session_with_its_theme(pro_round, store, tmp_path, english):
    sessions = sessions_of(store, pro_round.id)
    path = tmp_path / "pro.ics"
    assert write_round_calendar(path, pro_round, sessions, stamp=store.now()) == (path, 5)
    events, calendar = parse(path.read_bytes())
    assert len(events) == len(sessions) == 5
    assert [str(e["summary"]) for e in events][0] == "PRO vår: session 1, Hvem er jeg?"
    for event, session in zip(events, sessions):
        assert session.theme in str(event["description"])
        assert str(event["location"]) == "NAV Asker, rom 2"
        start = event.decoded("dtstart")
        assert start == session.planned_start
        assert str(start.tzinfo) == "Europe/Oslo" or start.tzinfo.key == "Europe/Oslo"
        assert start.astimezone(OSLO).hour == 12  # before and after 29 March
        assert event.decoded("dtend") - start == session.planned_end - session.planned_start
    assert len({str(e["uid"]) for e in events}) == 5
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Oslo"]
    assert b"TZID=Europe/Oslo:20260330T120000" in path.read_bytes()


def test_a_moved_session_keeps_its_uid_so_calendars_update_it(pro_round, store):
    before, _ = parse(round_calendar(pro_round, sessions_of(store, pro_round.id), stamp=store.now()))
    move_session(store, sessions_of(store, pro_round.id)[1].id, date(2026, 4, 1), "14:00")
    after, _ = parse(round_calendar(pro_round, sessions_of(store, pro_round.id), stamp=store.now()))
    assert [str(e["uid"]) for e in before] == [str(e["uid"]) for e in after]
    assert after[1].decoded("dtstart").astimezone(OSLO).strftime("%d.%m %H:%M") == "01.04 14:00"


def test_a_digital_room_becomes_the_events_url(pro_round, store):
    pro_round.place = "https://meet.example/pro"
    events, _ = parse(round_calendar(pro_round, sessions_of(store, pro_round.id),
                                     stamp=datetime(2026, 3, 1, tzinfo=timezone.utc)))
    assert str(events[0]["url"]) == "https://meet.example/pro"
