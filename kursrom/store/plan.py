"""The person's plan in one-to-one guidance (`kursrom.core.plan`): read from their SØT board and the
round's conversations, and exported as a page for the person, or for their NAV advisor only with
the person's consent."""

from __future__ import annotations

from pathlib import Path

from kursrom.core.files import encode, slug, write_private
from kursrom.core.plan import PersonPlan, plan_html, plan_markdown, plan_steps
from kursrom.i18n import _
from kursrom.store.db import Store
from kursrom.store.kinds import conversations_of
from kursrom.store.results import current_board
from kursrom.store.rounds import PlanningError, get_participant, get_round

#: Who a plan page is for.
FOR_PARTICIPANT = "participant"
FOR_ADVISOR = "advisor"


def build_plan(store: Store, round_id: int, participant_id: int) -> PersonPlan:
    course_round = get_round(store, round_id)
    person = get_participant(store, participant_id)
    if course_round is None or person is None:
        raise PlanningError(_("That person or round no longer exists."))
    board = current_board(store, participant_id)
    conversations = tuple((c.number, c.title, c.planned_start, c.status) for c in conversations_of(store, round_id))
    return PersonPlan(person.name, course_round.title, conversations, board.situation if board else "",
                      board.wish if board else "", plan_steps(board.actions if board else []),
                      board.saved_at if board else None)


def advisor_may_see(store: Store, round_id: int, participant_id: int) -> bool:
    """Whether the person's current answer in this round (`kursrom.store.consent`) lets their plan go
    to their NAV advisor: nobody asked, or a withdrawal, means no."""
    from kursrom.store.consent import current_consents

    current = current_consents(store, round_id).get(participant_id)
    return current is not None and current.given


def export_plan(store: Store, round_id: int, participant_id: int, out_dir: Path, *,
                audience: str = FOR_PARTICIPANT, formats: tuple[str, ...] = ("html", "md")) -> list[Path]:
    """The plan as a page (HTML to print or send, and Markdown). For the advisor only with consent."""
    from kursrom.store.exports import Written, record_export

    if audience == FOR_ADVISOR and not advisor_may_see(store, round_id, participant_id):
        raise PlanningError(_("The plan goes to the advisor only if the person agrees; record their consent first."))
    plan = build_plan(store, round_id, participant_id)
    # i18n: in file names: karriereveiledning-eva-berg-plan.html
    word = _("plan") if audience == FOR_PARTICIPANT else _("plan for the advisor")
    name = f"{slug(plan.course)}-{slug(plan.person)}-{slug(word)}"
    render = {"html": plan_html, "md": plan_markdown}
    paths = [write_private(Path(out_dir).expanduser() / f"{name}.{fmt}", encode(render[fmt](plan), fmt))
             for fmt in formats]
    record_export(store, [Written(path, fmt, "plan") for path, fmt in zip(paths, formats)], session_id=None,
                  round_id=round_id, anonymized=False, mark_session=False)
    return paths
