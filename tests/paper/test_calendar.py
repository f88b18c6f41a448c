"""Calendars that update: SEQUENCE raised for a moved session only, METHOD:PUBLISH, a calendar for
the participants without anything about them, and a database from before the counter migrated."""

from __future__ import annotations

import sqlite3
from datetime import date

from icalendar import Calendar

from kursrom.core.calendar import default_file_name, round_calendar
from kursrom.core.clock import OSLO
from kursrom.core.files import slug
from kursrom.store import fileguard
from kursrom.store.db import open_store
from kursrom.store.rounds import (
    add_participant, create_round, enrol, move_session, sessions_of, skip_date, update_round,
)


def _events(data: bytes) -> dict[int, tuple[int, object]]:
    """Session number -> (SEQUENCE, start), read back with the icalendar library."""
    calendar = Calendar.from_ical(data)
    found = {}
    for event in calendar.walk("VEVENT"):
        number = int(str(event["uid"]).split("-s")[-1].split("@")[0].rstrip("-p"))
        found[number] = (int(event.get("sequence", 0)), event.decoded("dtstart"))
    return found


def _export(store, course_round, **options) -> bytes:
    return round_calendar(course_round, sessions_of(store, course_round.id), stamp=store.now(), **options)


def test_a_re_export_after_a_move_raises_sequence_for_that_event_only(store, catalog):
    course_round = create_round(store, catalog, catalog.templates["pro"], start=date(2026, 11, 23))
    before = _events(_export(store, course_round))
    assert {sequence for sequence, _start in before.values()} == {0}
    second = sessions_of(store, course_round.id)[1]
    move_session(store, second.id, date(2026, 12, 2), "13:00")
    after = _events(_export(store, course_round))
    assert after[2][0] > before[2][0]
    assert after[2][1] != before[2][1]
    assert {n: after[n] for n in after if n != 2} == {n: before[n] for n in before if n != 2}


def test_moving_to_the_same_time_changes_nothing_and_skipping_a_date_raises_the_moved(store, catalog):
    course_round = create_round(store, catalog, catalog.templates["pro"], start=date(2026, 11, 23))
    sessions = sessions_of(store, course_round.id)
    start = sessions[0].planned_start.astimezone(OSLO)
    move_session(store, sessions[0].id, start.date(), start.strftime("%H:%M"))
    assert _events(_export(store, course_round))[1][0] == 0, "not moved: the calendar has nothing new to say"
    moved = skip_date(store, catalog, course_round.id, sessions[3].planned_start.astimezone(OSLO).date())
    sequences = {n: s for n, (s, _start) in _events(_export(store, course_round)).items()}
    assert moved and all(sequences[n] == 1 for n in moved)
    assert all(sequences[n] == 0 for n in sequences if n not in moved)


def test_the_calendars_publish_and_the_participants_one_names_nobody(store, catalog):
    course_round = create_round(store, catalog, catalog.templates["pro"], start=date(2026, 11, 23),
                                place="NAV Asker, kursrom 2", facilitators="Kari Lunde")
    people = ["Åse Nygård", "Олена Коваленко", "Yusuf Haddad"]
    enrol(store, course_round.id, [add_participant(store, name, language="uk", contact="900 00 000").id
                                   for name in people])
    for for_participants in (False, True):
        data = _export(store, course_round, for_participants=for_participants)
        calendar = Calendar.from_ical(data)
        assert str(calendar["method"]) == "PUBLISH"
        text = data.decode()
        unfolded = text.replace("\r\n ", "")
        assert not any(name in unfolded for name in people), "no participant data in a calendar"
        assert "900 00 000" not in unfolded
        assert len(calendar.walk("VEVENT")) == 5
        assert all(str(e["location"]) == "NAV Asker, kursrom 2" for e in calendar.walk("VEVENT"))
    own = {str(e["uid"]) for e in Calendar.from_ical(_export(store, course_round)).walk("VEVENT")}
    theirs = {str(e["uid"]) for e in Calendar.from_ical(_export(store, course_round, for_participants=True))
              .walk("VEVENT")}
    assert not own & theirs, "importing both keeps two events, one per calendar"


def test_calendar_file_names_come_from_the_one_slug(store, catalog):
    course_round = create_round(store, catalog, catalog.templates["pro"], start=date(2026, 8, 24))
    course_round = update_round(store, course_round.id, title="PRO høst 2026")
    name = default_file_name(course_round, course_round.start_date)
    assert name == f"{slug('PRO høst 2026')}-2026-08-24.ics" == "pro-host-2026-2026-08-24.ics"
    assert default_file_name(course_round, course_round.start_date, for_participants=True) == \
        "pro-host-2026-deltakere-2026-08-24.ics"


def test_a_database_from_before_the_counter_is_migrated_with_every_session_at_zero(db_path, clock, catalog, downgrade):
    store = open_store(db_path, clock)
    course_round = create_round(store, catalog, catalog.templates["pro"], start=date(2026, 11, 23))
    store.close()
    downgrade(db_path, 3)  # the schema before the counter's step
    migrated = open_store(db_path, clock)
    try:
        assert migrated.migrated_from == 3 and fileguard.inspect_file(db_path) == fileguard.SCHEMA_VERSION
        sessions = sessions_of(migrated, course_round.id)
        assert [s.calendar_sequence for s in sessions] == [0] * 5
        move_session(migrated, sessions[0].id, date(2026, 11, 24), "12:00")
        assert sessions_of(migrated, course_round.id)[0].calendar_sequence == 1
    finally:
        migrated.close()
