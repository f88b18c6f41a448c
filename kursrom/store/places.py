"""A round's places and its waiting list. A round may have a number of places (30–35 for "I jobb");
people enrolled beyond it wait, and are participants (in the check-in, the reports, the follow-up)
only once given a place. One rule lives here: who holds a place (`holds_place`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, func, select

from kursrom.i18n import _
from kursrom.store.db import Store
from kursrom.store.models import CourseRound, Enrolment


def holds_place() -> ColumnElement[bool]:
    """An enrolment that is a participant now: not removed, not waiting."""
    return and_(col(Enrolment.removed_at).is_(None), col(Enrolment.waiting).is_(False))


@dataclass(frozen=True)
class Places:
    """How full a round is. `places` None: no limit."""

    places: int | None
    taken: int
    waiting: int

    @property
    def left(self) -> int | None:
        return None if self.places is None else max(self.places - self.taken, 0)

    @property
    def full(self) -> bool:
        return self.places is not None and self.taken >= self.places

    def describe(self) -> str:
        if self.places is None:
            text = _("{taken} participants").format(taken=self.taken)
        else:
            text = _("{taken} of {places} places taken, {left} left").format(
                taken=self.taken, places=self.places, left=self.left)
        if self.waiting:
            text += " · " + _("{count} on the waiting list").format(count=self.waiting)
        return text


def count_places(db: Session, round_id: int) -> Places:
    course_round = db.get(CourseRound, round_id)
    taken = db.exec(select(func.count()).select_from(Enrolment)
                    .where(Enrolment.round_id == round_id, holds_place())).one()
    waiting = db.exec(select(func.count()).select_from(Enrolment).where(
        Enrolment.round_id == round_id, col(Enrolment.removed_at).is_(None), col(Enrolment.waiting).is_(True))).one()
    return Places(course_round.places if course_round else None, taken, waiting)


def places_of(store: Store, round_id: int) -> Places:
    with store.read() as db:
        return count_places(db, round_id)


def new_enrolment(db: Session, round_id: int, participant_id: int, now: datetime) -> Enrolment:
    """An enrolment in the same transaction as the count, so two terminals cannot both take the last
    place: a place if one is left, else the waiting list."""
    waiting = count_places(db, round_id).full
    enrolment = Enrolment(round_id=round_id, participant_id=participant_id, enrolled_at=now, waiting=waiting)
    db.add(enrolment)
    return enrolment


def give_place(store: Store, round_id: int, participant_id: int) -> Enrolment:
    """Move someone from the waiting list into the round, if a place is free."""
    from kursrom.store.rounds import PlanningError

    with store.session() as db:
        enrolment = db.exec(select(Enrolment).where(
            Enrolment.round_id == round_id, Enrolment.participant_id == participant_id)).first()
        if enrolment is None or enrolment.removed_at is not None or not enrolment.waiting:
            raise PlanningError(_("That person is not on the waiting list."))
        if count_places(db, round_id).full:
            raise PlanningError(_("Every place is taken; remove someone or raise the number of places first."))
        enrolment.waiting = False
        db.add(enrolment)
    return enrolment


#: The most places a round can have: more than any course group, few enough to catch a typo.
MAX_PLACES = 500


def check_places(places: int | None) -> None:
    """Refuse a number of places no round can have (None: no limit)."""
    from kursrom.store.rounds import PlanningError

    if places is not None and not 1 <= places <= MAX_PLACES:
        raise PlanningError(_("The number of places must be a whole number from 1 to 500."))


def set_places(store: Store, round_id: int, places: int | None) -> None:
    """Change a round's number of places (None: no limit). Nobody already given a place loses it."""
    from kursrom.store.rounds import PlanningError

    check_places(places)
    with store.session() as db:
        course_round = db.get(CourseRound, round_id)
        if course_round is None:
            raise PlanningError(_("There is no round {id}.").format(id=round_id))
        course_round.places = places
        db.add(course_round)
