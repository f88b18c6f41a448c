"""The current attendance mark is the one stored last, everywhere: the live screen, the summary, the
participant page and the attendance share agree, even when the clocks that stamped the marks did not."""

from __future__ import annotations

import pytest
from sqlmodel import select

from kursrom.store.reports import build_session_summary
from kursrom.store import live
from kursrom.store.attendance import attendance_shares, latest_marks, mark_histories
from kursrom.store.models import AttendanceEvent
from kursrom.store.reports import build_participant_record
from kursrom.store.rounds import attendance_share, enrolled, list_rounds, sessions_of


@pytest.fixture
def started(demo_store, clock):
    course_round = list_rounds(demo_store)[0]
    session = sessions_of(demo_store, course_round.id)[0]
    live.start_session(demo_store, session.id, clock.now())
    return course_round, session, enrolled(demo_store, course_round.id)


def test_a_correction_stamped_earlier_by_a_slow_clock_still_wins(demo_store, clock, started):
    course_round, session, people = started
    first, second = people[0], people[1]
    live.mark(demo_store, session.id, first.id, "present")
    live.mark(demo_store, session.id, second.id, "present")
    clock.advance(-600)  # the second terminal's clock is ten minutes behind
    live.mark(demo_store, session.id, first.id, "absent", reason="syk")
    with demo_store.read() as db:
        latest = latest_marks(db, [session.id])
        histories = mark_histories(db, [session.id])
        stamps = [e.at for e in db.exec(select(AttendanceEvent).where(AttendanceEvent.participant_id == first.id))]
    assert stamps[1] < stamps[0], "the correction carries the earlier time"
    assert latest[(session.id, first.id)].status == "absent"
    assert [e.status for e in histories[(session.id, first.id)]] == ["present", "absent"]
    # Every reader agrees.
    assert live.attendance_now(demo_store, session.id)[first.id].status == "absent"
    record = build_participant_record(demo_store, course_round.id, first.id)
    assert record.attendance[0].mark.status == "absent" and record.attendance[0].corrections == 1
    line = next(a for a in build_session_summary(demo_store, session.id).attendance if a.participant.id == first.id)
    assert line.status == "absent" and len(line.history) == 2


def test_the_share_counts_the_latest_mark_of_everyone_expected(demo_store, clock, started):
    course_round, session, people = started
    for person in people[:6]:
        live.mark(demo_store, session.id, person.id, "present")
    live.mark(demo_store, session.id, people[6].id, "left_early")
    live.mark(demo_store, session.id, people[0].id, "absent")  # corrected
    # people[7] is never marked: expected, not attended.
    with demo_store.read() as db:
        shares = attendance_shares(db)
    assert shares[course_round.id] == pytest.approx(6 / 8)
    assert attendance_share(demo_store, course_round.id) == pytest.approx(6 / 8)


def test_a_round_with_nothing_held_has_no_share(demo_store):
    course_round = list_rounds(demo_store)[0]
    assert sessions_of(demo_store, course_round.id), "it has sessions, none held"
    assert attendance_share(demo_store, course_round.id) is None
