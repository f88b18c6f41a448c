"""After the course: each participant's status and the share in work or education. A participant's
whole record in a round is `kursrom.store.reports.build_participant_record`."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from kursrom.core.outcomes import Outcomes, OutcomeShare, current_statuses, history_order, outcome_share
from kursrom.i18n import _
from kursrom.store.db import Store
from kursrom.store.models import CourseRound, Enrolment, FollowUp
from kursrom.store.rounds import PlanningError, enrolled


def outcomes_of(store: Store, round_id: int) -> Outcomes:
    """The follow-up statuses of the round's course, as copied from its template when the round was
    created (a round from before schema 6 has the five every course had then)."""
    with store.read() as db:
        course_round = db.get(CourseRound, round_id)
    return Outcomes.from_json(course_round.outcomes if course_round else None)


def record_follow_up(store: Store, round_id: int, participant_id: int, status: str, on: date,
                     note: str = "") -> FollowUp:
    """Record a participant's status on a date. Earlier rows stay: the latest one is current."""
    if status not in outcomes_of(store, round_id).statuses:
        raise PlanningError(_("Unknown follow-up status {status}.").format(status=status))
    with store.session() as db:
        enrolment = db.exec(select(Enrolment).where(
            Enrolment.round_id == round_id, Enrolment.participant_id == participant_id)).first()
        if enrolment is None:
            raise PlanningError(_("That person is not enrolled in this round."))
        row = FollowUp(participant_id=participant_id, round_id=round_id, status=status, on=on,
                       note=note.strip(), recorded_at=store.now())
        db.add(row)
    return row


def current_follow_ups(store: Store, round_id: int) -> dict[int, FollowUp]:
    """The current status of each participant who has one (`kursrom.core.outcomes`)."""
    with store.read() as db:
        return current_statuses(db.exec(select(FollowUp).where(FollowUp.round_id == round_id)))


def follow_up_history(store: Store, round_id: int, participant_id: int) -> list[FollowUp]:
    """Every status recorded for a person in a round, newest first."""
    with store.read() as db:
        rows = list(db.exec(select(FollowUp).where(FollowUp.round_id == round_id,
                                                   FollowUp.participant_id == participant_id)))
    return sorted(rows, key=history_order, reverse=True)


def follow_up_share(store: Store, round_id: int) -> OutcomeShare:
    """The figure the courses report: of the round's participants (those removed from it left out),
    how many have a status that counts toward the course's result."""
    people = [p.id for p in enrolled(store, round_id)]
    return outcome_share(current_follow_ups(store, round_id), people, outcomes_of(store, round_id))
