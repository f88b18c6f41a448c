"""After the course: each participant's status, the share in work or education, and a participant's
record across a round (attendance, notes about them, exercise results, the SØT plan)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import col, select

from kursrom.core.outcomes import OutcomeShare, current_statuses, history_order, outcome_share
from kursrom.core.vocabulary import FOLLOW_UP_CHOICES
from kursrom.i18n import _
from kursrom.store.db import Store
from kursrom.store.models import (
    AgendaItem, CourseSession, Enrolment, ExerciseResult, FollowUp, Note, NoteTag,
    Participant, SotBoard, SotRevision,
)
from kursrom.store.rounds import PlanningError, SessionAttendance, attendance_of, enrolled


def record_follow_up(store: Store, round_id: int, participant_id: int, status: str, on: date,
                     note: str = "") -> FollowUp:
    """Record a participant's status on a date. Earlier rows stay: the latest one is current."""
    if status not in FOLLOW_UP_CHOICES:
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
    how many are in work or education by their current status."""
    people = [p.id for p in enrolled(store, round_id)]
    return outcome_share(current_follow_ups(store, round_id), people)


# --------------------------------------------------------------------------------------------------
# A participant's record in one round


@dataclass(frozen=True)
class SotPlan:
    situation: str
    wish: str
    actions: list[dict]
    saved_at: object  # aware datetime
    revisions: int


@dataclass(frozen=True)
class ResultLine:
    session_number: int
    item_title: str
    kind: str
    data: dict


@dataclass(frozen=True)
class NoteLine:
    session_number: int
    text: str
    tagged: bool  # tagged to them, rather than only naming them
    follow_up: bool
    quote: bool


@dataclass
class ParticipantRecord:
    participant: Participant
    enrolment: Enrolment | None
    attendance: list[SessionAttendance] = field(default_factory=list)
    notes: list[NoteLine] = field(default_factory=list)
    sot: SotPlan | None = None
    results: list[ResultLine] = field(default_factory=list)
    follow_up: list[FollowUp] = field(default_factory=list)  # newest first


def _mentions(text: str, names: list[str]) -> bool:
    for name in names:
        if re.search(rf"(?<!\w){re.escape(name.casefold())}(?!\w)", text.casefold()):
            return True
    return False


def participant_record(store: Store, round_id: int, participant_id: int) -> ParticipantRecord:
    """What the participant page shows, read in one go."""
    with store.read() as db:
        participant = db.get(Participant, participant_id)
        if participant is None:
            raise PlanningError(_("There is no participant {id}.").format(id=participant_id))
        enrolment = db.exec(select(Enrolment).where(Enrolment.round_id == round_id,
                                                    Enrolment.participant_id == participant_id)).first()
        sessions = {s.id: s for s in db.exec(select(CourseSession).where(CourseSession.round_id == round_id))}
        ids = list(sessions)
        notes = list(db.exec(select(Note).where(col(Note.session_id).in_(ids))
                             .order_by(col(Note.created_at), col(Note.id))))
        tagged = set(db.exec(select(NoteTag.note_id).where(NoteTag.participant_id == participant_id)))
        others = list(db.exec(select(Participant.name)
                              .join(Enrolment, col(Enrolment.participant_id) == col(Participant.id))
                              .where(Enrolment.round_id == round_id, Participant.id != participant_id)))
        results = db.exec(select(ExerciseResult, AgendaItem)
                          .join(AgendaItem, col(AgendaItem.id) == col(ExerciseResult.item_id))
                          .where(ExerciseResult.participant_id == participant_id,
                                 col(AgendaItem.session_id).in_(ids))).all()
        boards = list(db.exec(select(SotBoard).where(SotBoard.participant_id == participant_id)))
        board = next((b for b in boards if b.round_id == round_id), None) or (boards[-1] if boards else None)
        revisions = list(db.exec(select(SotRevision).where(SotRevision.board_id == board.id)
                                 .order_by(col(SotRevision.saved_at), col(SotRevision.id)))) if board else []
    # A note mentions someone by full name, or by first name when no one else in the round shares it.
    names = [participant.name]
    first = participant.name.split()[0] if participant.name.split() else ""
    if first and first != participant.name and not any(o.split()[:1] == [first] for o in others):
        names.append(first)
    lines = [NoteLine(sessions[n.session_id].number, n.text, n.id in tagged, n.follow_up, n.quote)
             for n in notes if n.id in tagged or _mentions(n.text, names)]
    sot = None
    if revisions:
        last = revisions[-1]
        sot = SotPlan(last.situation, last.wish, list(last.actions), last.saved_at, len(revisions))
    result_lines = sorted(
        (ResultLine(sessions[item.session_id].number, item.title, result.kind, dict(result.data))
         for result, item in results), key=lambda r: (r.kind != "sot", r.session_number, r.item_title))
    return ParticipantRecord(participant, enrolment, attendance_of(store, round_id, participant_id), lines, sot,
                             result_lines, follow_up_history(store, round_id, participant_id))
