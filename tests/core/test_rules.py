"""Each rule kursrom applies in many places has one home; these are their tests, without a
terminal or a database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

import pytest

from kursrom.core.numbers import clock_text, decimal, percent
from kursrom.core.outcomes import current_statuses, outcome_share
from kursrom.core.vocabulary import (
    ATTENDED, FINISHED, HELD, IN_ROOM, MARKS, TIMED, AgendaState, AttendanceStatus, FollowUpStatus, RoundState,
    RunState, SessionStatus, TimerState, _LABELS,
)
from kursrom.i18n import set_language

VOCABULARIES = (AttendanceStatus, SessionStatus, RoundState, TimerState, AgendaState, RunState, FollowUpStatus)


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: v.__name__)
def test_every_word_has_a_label_in_both_languages(vocabulary):
    assert set(_LABELS[vocabulary]) == set(vocabulary)
    for member in vocabulary:
        set_language("en")
        english = member.label
        set_language("nb")
        assert english and member.label, member
        assert member == member.value and isinstance(member, str), "stored as its plain string"


def test_a_code_this_kursrom_does_not_know_reads_as_itself():
    assert AttendanceStatus.label_of("teleported") == "teleported"
    set_language("nb")
    assert AttendanceStatus.label_of("late") == AttendanceStatus.LATE.label != "late"
    assert not SessionStatus.known("archived") and SessionStatus.known("running")


def test_the_derived_sets():
    assert IN_ROOM == {"present", "late"}
    assert ATTENDED == {"present", "late", "left_early"}, "left early still attended"
    assert TIMED == {"late", "left_early"}
    assert AttendanceStatus.UNMARKED not in MARKS, "never stored"
    assert HELD == {"running", "done", "exported"} and FINISHED == {"done", "exported"}


@dataclass
class Row:
    participant_id: int
    status: str
    on: date
    recorded_at: datetime | None = None
    id: int | None = None


def test_the_current_follow_up_is_the_latest_by_date_then_by_entry():
    when = datetime(2026, 9, 1, tzinfo=timezone.utc)
    rows = [Row(1, "seeking", date(2026, 6, 1), when, 1), Row(1, "work", date(2026, 8, 1), when, 2),
            Row(1, "seeking", date(2026, 7, 1), when.replace(day=2), 3)]  # filled in late, for an earlier date
    assert current_statuses(rows)[1].status == "work"


def test_a_participant_without_a_status_counts_as_not_recorded_never_as_unknown():
    current = {1: Row(1, "work", date(2026, 6, 1)), 2: Row(2, "unknown", date(2026, 6, 1)),
               3: Row(3, "teleported", date(2026, 6, 1))}
    share = outcome_share(current, [1, 2, 3, 4])
    assert share.participants == 4
    assert share.count(FollowUpStatus.NOT_RECORDED) == 1, "participant 4"
    assert share.count(FollowUpStatus.UNKNOWN) == 2, "a recorded 'unknown' and a status this kursrom does not know"
    assert share.in_work_or_education == 1 and share.share == pytest.approx(0.25)
    assert outcome_share({}, []).share is None


def test_numbers_are_written_as_the_interface_language_writes_them():
    set_language("nb")
    assert decimal(4.625) == "4,6" and percent(0.375) == "38\xa0%" and decimal(None) == "–"
    set_language("en")
    assert decimal(4.625) == "4.6" and percent(0.375) == "38%"
    set_language("nb")
    assert clock_text(59) == "0:59" and clock_text(3725) == "1:02:05" and clock_text(-3) == "0:00"
