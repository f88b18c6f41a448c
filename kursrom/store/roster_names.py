"""Names on a round's roster: the store's side of `core.names`. A name is cleaned on the way in,
and compared with the roster inside the caller's write transaction, so that what was checked is
still true when the row is added."""

from __future__ import annotations

from sqlmodel import col, select

from kursrom.core.names import clean_name, same_name_key
from kursrom.i18n import _
from kursrom.store.models import Enrolment, Participant


def name_or_fail(name: str) -> str:
    """The cleaned name; a name with nothing visible left is refused."""
    from kursrom.store.rounds import PlanningError  # rounds imports this module

    cleaned = clean_name(name)
    if not cleaned:
        raise PlanningError(_("A participant needs a name or a pseudonym."))
    return cleaned


def roster_keys(db, round_id: int, *, leaving_out: int | None = None) -> set[str]:  # noqa: ANN001
    """The name keys of the round's current roster, read in the caller's transaction."""
    people = db.exec(select(Participant).join(Enrolment, col(Enrolment.participant_id) == col(Participant.id))
                     .where(Enrolment.round_id == round_id, col(Enrolment.removed_at).is_(None)))
    return {same_name_key(person.name) for person in people if person.id != leaving_out}


def distinguished(name: str, distinction: str, taken: set[str]) -> str:
    """A second person's name with what tells them apart: "Ali Hassan (Tromsø)", or "Ali Hassan (2)"
    when the facilitator gave nothing. It is stored so, and so shown everywhere the name is."""
    candidate, number = (f"{name} ({distinction})" if distinction else name), 2
    while same_name_key(candidate) in taken:
        candidate = f"{name} ({distinction}, {number})" if distinction else f"{name} ({number})"
        number += 1
    return candidate


def same_name_elsewhere(db, participant: Participant) -> None:  # noqa: ANN001
    """A new name for someone must not be another person's on a roster they share."""
    from kursrom.store.rounds import PlanningError

    rounds = db.exec(select(Enrolment.round_id).where(Enrolment.participant_id == participant.id,
                                                      col(Enrolment.removed_at).is_(None))).all()
    for round_id in rounds:
        if same_name_key(participant.name) in roster_keys(db, round_id, leaving_out=participant.id):
            raise PlanningError(_("Someone else on the roster is already called {name}; add what tells them apart, "
                                  "as in \"{name} (Tromsø)\".").format(name=participant.name))
