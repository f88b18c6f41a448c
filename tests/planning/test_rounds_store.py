"""Rounds, dates and rosters in the database: what is stored when a facilitator plans."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlmodel import select

from kursrom.core.clock import OSLO
from kursrom.core.roster_csv import parse_roster
from kursrom.store.models import AgendaItem, AttendanceEvent, CourseSession, Enrolment
from kursrom.store.rounds import (
    PlanningError, RosterRejected, add_participant, all_participants, copy_round,
    delete_participant, enrol, enrolled, get_round, import_roster, move_session, next_intake_start, roster,
    round_overviews, sessions_of, set_skip_dates, skip_date, unenrol, update_participant, update_round,
)

UTC = timezone.utc


def local(session) -> str:
    return session.planned_start.astimezone(OSLO).strftime("%Y-%m-%d %H:%M")


def test_a_round_across_summer_time_is_stored_in_utc_and_shown_at_noon(pro_round, store):
    sessions = sessions_of(store, pro_round.id)
    assert [local(s) for s in sessions] == ["2026-03-23 12:00", "2026-03-30 12:00", "2026-04-06 12:00",
                                            "2026-04-13 12:00", "2026-04-20 12:00"]
    assert sessions[0].planned_start == datetime(2026, 3, 23, 11, tzinfo=UTC)
    assert sessions[1].planned_start == datetime(2026, 3, 30, 10, tzinfo=UTC)
    assert [s.theme for s in sessions] == ["Hvem er jeg?", "Hva kan jeg?", "Hva vil jeg?", "Hva skal til?", "Go!"]


def test_skipping_a_date_moves_the_later_planned_sessions(pro_round, store, catalog):
    moved = skip_date(store, catalog, pro_round.id, date(2026, 4, 6))  # Andre påskedag
    assert moved == [3, 4, 5]
    sessions = sessions_of(store, pro_round.id)
    assert [local(s)[:10] for s in sessions] == ["2026-03-23", "2026-03-30", "2026-04-13", "2026-04-20",
                                                 "2026-04-27"]
    assert get_round(store, pro_round.id).skip_dates == ["2026-04-06"]
    # and taking the skip back returns them
    assert set_skip_dates(store, catalog, pro_round.id, []) == [3, 4, 5]
    assert local(sessions_of(store, pro_round.id)[2]) == "2026-04-06 12:00"


def test_a_session_moved_by_hand_or_already_held_stays_when_dates_are_skipped(pro_round, store, catalog):
    first, second, third = sessions_of(store, pro_round.id)[:3]
    with store.session() as db:
        held = db.get(CourseSession, first.id)
        held.status = "done"
        db.add(held)
    move_session(store, third.id, date(2026, 4, 8), "09:30")
    moved = skip_date(store, catalog, pro_round.id, date(2026, 3, 23))
    assert moved == [2, 4, 5]
    sessions = sessions_of(store, pro_round.id)
    assert local(sessions[0]) == "2026-03-23 12:00"
    assert local(sessions[1]) == "2026-04-06 12:00"
    assert local(sessions[2]) == "2026-04-08 09:30"


def test_moving_a_session_keeps_its_length_and_refuses_a_held_one(pro_round, store):
    session = sessions_of(store, pro_round.id)[4]
    move_session(store, session.id, date(2026, 10, 26), "13:15")  # the day after the autumn change
    after = sessions_of(store, pro_round.id)[4]
    assert after.planned_start == datetime(2026, 10, 26, 12, 15, tzinfo=UTC)
    assert after.planned_end - after.planned_start == timedelta(minutes=120)
    with store.session() as db:
        row = db.get(CourseSession, session.id)
        row.status = "running"
        db.add(row)
    with pytest.raises(PlanningError):
        move_session(store, session.id, date(2026, 11, 2), "12:00")


def test_copying_a_round_makes_the_next_intake_with_an_empty_roster(pro_round, store, catalog):
    person = add_participant(store, "Åse")
    enrol(store, pro_round.id, [person.id])
    first = sessions_of(store, pro_round.id)[0]
    with store.session() as db:  # an agenda changed in this round carries over to the next
        item = db.exec(select(AgendaItem).where(AgendaItem.session_id == first.id)).first()
        item.planned_minutes = 25
        db.add(item)
    start = next_intake_start(store, pro_round.id)
    assert start == date(2026, 4, 27)
    copy = copy_round(store, catalog, pro_round.id, start=start, title="PRO mai")
    assert copy.copied_from_id == pro_round.id and copy.place == "NAV Asker, rom 2"
    assert enrolled(store, copy.id) == []
    new_sessions = sessions_of(store, copy.id)
    assert [local(s) for s in new_sessions][:2] == ["2026-04-27 12:00", "2026-05-04 12:00"]
    with store.read() as db:
        items = list(db.exec(select(AgendaItem).where(AgendaItem.session_id == new_sessions[0].id)
                             .order_by(AgendaItem.position)))
    assert items[0].planned_minutes == 25
    assert len(items) == len(list(catalog.template("pro").sessions[0].agenda))


def test_round_details_change(pro_round, store):
    update_round(store, pro_round.id, title="PRO høst", place="https://meet.example/pro")
    changed = get_round(store, pro_round.id)
    assert (changed.title, changed.place, changed.facilitators) == ("PRO høst", "https://meet.example/pro", "Kari")
    with pytest.raises(PlanningError):
        update_round(store, pro_round.id, title="  ")


def test_roster_add_edit_unenrol_reenrol_delete(pro_round, store):
    olena = add_participant(store, "Олена", language="uk", interpreter_language="uk")
    jonas = add_participant(store, "Jonas")
    enrol(store, pro_round.id, [olena.id, jonas.id])
    update_participant(store, jonas.id, name="J.B.", accessibility_note="Trenger pauser", interpreter_language=None)
    with pytest.raises(PlanningError):
        unenrol(store, pro_round.id, jonas.id, "  ")
    unenrol(store, pro_round.id, jonas.id, "Fikk jobb")
    assert [p.name for p in enrolled(store, pro_round.id)] == ["Олена"]
    entries = roster(store, pro_round.id)
    assert [(e.participant.name, e.active, e.enrolment.removed_reason) for e in entries] == [
        ("Олена", True, ""), ("J.B.", False, "Fikk jobb")]
    enrol(store, pro_round.id, [jonas.id])
    assert {p.name for p in enrolled(store, pro_round.id)} == {"Олена", "J.B."}
    delete_participant(store, olena.id)
    assert [p.name for p in all_participants(store)] == ["J.B."]
    with store.read() as db:
        assert db.exec(select(Enrolment).where(Enrolment.participant_id == olena.id)).all() == []


def test_a_roster_import_is_all_or_nothing(pro_round, store):
    add = add_participant(store, "Åse Nygård")
    enrol(store, pro_round.id, [add.id])
    rows = parse_roster("navn;språk\nMari;nb\nåse nygård;nb\n".encode()).rows
    with pytest.raises(RosterRejected) as rejected:
        import_roster(store, pro_round.id, rows)
    assert [p.line for p in rejected.value.problems] == [3]
    assert [p.name for p in all_participants(store)] == ["Åse Nygård"]
    added = import_roster(store, pro_round.id, rows[:1])
    assert [p.name for p in added] == ["Mari"]
    assert {p.name for p in enrolled(store, pro_round.id)} == {"Mari", "Åse Nygård"}


def test_overviews_put_running_first_and_count_attendance_from_events(planned_rounds, demo_store):
    demo_id, ijobb_id = planned_rounds
    overviews = round_overviews(demo_store)
    assert [(o.round.id, o.state) for o in overviews] == [(demo_id, "running"), (ijobb_id, "planned")]
    running = overviews[0]
    assert running.participants == 8 and running.sessions_done == 1
    assert running.attendance == pytest.approx(6 / 8)
    assert running.next_session.number == 2
    assert overviews[1].attendance is None


def test_attendance_uses_the_latest_mark_per_person(planned_rounds, demo_store):
    demo_id, _ = planned_rounds
    first = sessions_of(demo_store, demo_id)[0]
    with demo_store.read() as db:
        absent = db.exec(select(AttendanceEvent).where(AttendanceEvent.status == "absent")).first()
    with demo_store.session() as db:  # a correction: came late after all
        db.add(AttendanceEvent(session_id=first.id, participant_id=absent.participant_id, status="late",
                               at=absent.at + timedelta(minutes=20)))
    running = round_overviews(demo_store)[0]
    assert running.attendance == pytest.approx(7 / 8)


def test_people_removed_before_a_session_are_not_expected_there(planned_rounds, demo_store):
    demo_id, _ = planned_rounds
    later = sessions_of(demo_store, demo_id)[1]
    people = enrolled(demo_store, demo_id)
    unenrol(demo_store, demo_id, people[0].id, "Flyttet")  # now, before session 2
    with demo_store.session() as db:
        row = db.get(CourseSession, later.id)
        row.status = "done"
        row.started_at = demo_store.now() + timedelta(days=7)
        db.add(row)
        for person in people[1:]:
            db.add(AttendanceEvent(session_id=later.id, participant_id=person.id, status="present",
                                   at=row.started_at))
    # session 1: 6 of 8; session 2: 7 of 7
    assert round_overviews(demo_store)[0].attendance == pytest.approx(13 / 15)
