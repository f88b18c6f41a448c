"""Paper for the room, read and written: the round's plain data for `kursrom.core.paper` (its
sessions, the roster in Norwegian order with each person's sessions attended, the group rules and the
exercises as the round copied them), then one private HTML file a material, recorded like every
export. `kursrom print` and the print menus of the summary and round screens call `print_material`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import col, select

from kursrom.core.catalog import Catalog
from kursrom.core.catalog.model import Exercise
from kursrom.core.collation import name_key
from kursrom.core.files import encode, slug, write_private
from kursrom.core.paper import render
from kursrom.core.paper.materials import DESCRIPTIONS, MATERIALS
from kursrom.core.paper.data import PaperExercise, PaperPerson, PaperRound, PaperSession, SotFilled
from kursrom.core.vocabulary import HELD
from kursrom.i18n import _
from kursrom.store.db import Store
from kursrom.store.exports import ExportError, Written, record_export
from kursrom.store.models import AgendaItem, CourseSession, Participant
from kursrom.store.reports import NotFound, build_round_report
from kursrom.store.results import current_board, group_rules_of
from kursrom.store.rounds import enrolled, get_round

@dataclass(frozen=True)
class PrintRequest:
    """Which material, and for what: a session (sign-in sheet, invitations, cards), a participant
    (a filled SØT sheet), a second language (cards, the SØT sheet)."""

    material: str
    session_id: int | None = None
    participant_id: int | None = None
    lang: str | None = None


def paper_round(store: Store, catalog: Catalog | None, round_id: int) -> PaperRound:
    """The round as the paper shows it (raises NotFound for an unknown round)."""
    course_round = get_round(store, round_id)
    if course_round is None:
        raise NotFound(_("There is no course round with id {id}.").format(id=round_id))
    report = build_round_report(store, round_id)
    attended = {person.id: report.attended_by(row) for row, person in enumerate(report.participants)}
    people = tuple(PaperPerson(p.id, p.name, p.language, attended.get(p.id, 0))
                   for p in sorted(enrolled(store, round_id), key=lambda p: name_key(p.name)))
    with store.read() as db:
        rows = list(db.exec(select(CourseSession).where(CourseSession.round_id == round_id)
                            .order_by(col(CourseSession.number))))
        numbers = {s.id: s.number for s in rows}
        items = list(db.exec(select(AgendaItem).where(col(AgendaItem.session_id).in_(list(numbers)))
                             .order_by(col(AgendaItem.session_id), col(AgendaItem.position)))) if numbers else []
    sessions = tuple(PaperSession(s.id, s.number, s.title, s.theme, s.planned_start, s.planned_end, s.status in HELD)
                     for s in rows)
    exercises = tuple(PaperExercise(numbers[item.session_id], item.title, exercise)
                      for item in sorted(items, key=lambda i: (numbers[i.session_id], i.position))
                      if (exercise := _exercise(item, catalog)) is not None)
    template = catalog.templates.get(course_round.template_id) if catalog else None
    rules = group_rules_of(store, round_id)
    return PaperRound(course_round.id, course_round.title, course_round.template_id, course_round.place,
                      course_round.facilitators, sessions, people,
                      template.certificate_sessions if template else None,
                      tuple(rules.rules) if rules else (), exercises)


def _exercise(item: AgendaItem, catalog: Catalog | None) -> Exercise | None:
    """The exercise as the round copied it; the library's when the copy is from before copies."""
    if item.exercise:
        try:
            return Exercise.from_snapshot(item.exercise)
        except (KeyError, TypeError):  # a copy the library can no longer read: use the library's
            pass
    return catalog.exercises.get(item.exercise_id) if catalog and item.exercise_id else None


def sot_filled(store: Store, round_: PaperRound, participant_id: int) -> SotFilled:
    person = next((p for p in round_.people if p.id == participant_id), None)
    if person is None:
        with store.read() as db:
            row = db.get(Participant, participant_id)
        if row is None:
            raise NotFound(_("There is no participant with id {id}.").format(id=participant_id))
        person = PaperPerson(row.id, row.name, row.language)
    board = current_board(store, participant_id)
    if board is None:
        return SotFilled(person, "", "", ())
    actions = tuple((str(a.get("text", "")), str(a.get("date") or "")) if isinstance(a, dict) else (str(a), "")
                    for a in board.actions or ())
    return SotFilled(person, board.situation, board.wish, tuple(a for a in actions if a[0].strip()))


def render_material(store: Store, catalog: Catalog | None, round_: PaperRound, request: PrintRequest) -> str:
    """The material's HTML; ExportError with one sentence when there is nothing to print."""
    session = _session(store, round_, request.session_id)
    material = request.material
    if material == "sign-in":
        return render.sign_in_sheet(round_, session or _must(round_.next_session(store.now())))
    if material == "sot":
        found = round_.of_kind("sot")
        exercise = found[0].exercise if found else (catalog.exercises.get("sot-modellen") if catalog else None)
        filled = sot_filled(store, round_, request.participant_id) if request.participant_id is not None else None
        lang = request.lang or (filled.person.language if filled else None)
        return render.sot_sheet(round_, exercise, filled=filled, lang=lang)
    if material == "cards":
        decks = [item for item in round_.of_kind("card_sort")
                 if session is None or item.session_number == session.number]
        if not decks:
            raise ExportError(_("There is no card sort on this agenda to print cards for."))
        return render.card_pages(round_, decks, lang=request.lang)
    if material == "rules":
        return render.rules_poster(round_)
    if material == "certificates":
        if not round_.completed:
            raise ExportError(_("Nobody has attended {count} sessions yet, so there is no course certificate to "
                                "print.").format(count=round_.threshold))
        return render.certificates(round_)
    if material == "invitations":
        if not round_.people:
            raise ExportError(_("The round has nobody on its roster to invite."))
        return render.invitations(round_, session)
    raise ExportError(_("Unknown material {material}; choose one of: {choices}.").format(
        material=material, choices=", ".join(MATERIALS)))


def _session(store: Store, round_: PaperRound, session_id: int | None) -> PaperSession | None:
    if session_id is None:
        return None
    found = round_.session(session_id)
    if found is None:
        raise ExportError(_("Session {id} is not in course round {round}.").format(id=session_id, round=round_.id))
    return found


def _must(session: PaperSession | None) -> PaperSession:
    if session is None:
        raise ExportError(_("The round has no sessions."))
    return session


def print_material(store: Store, catalog: Catalog | None, round_id: int, out_dir: Path,
                   request: PrintRequest, *, force: bool = False) -> list[Written]:
    """Write one material as a private A4 HTML file (never over another without `force`) and record it."""
    if request.material not in MATERIALS:
        raise ExportError(_("Unknown material {material}; choose one of: {choices}.").format(
            material=request.material, choices=", ".join(MATERIALS)))
    try:  # an unknown round, session or participant is the facilitator's to correct: one sentence
        round_ = paper_round(store, catalog, round_id)
        text = render_material(store, catalog, round_, request)
    except NotFound as error:
        raise ExportError(str(error)) from error
    name = f"{slug(round_.title)}-{slug(_(MATERIALS[request.material]))}{_name_tail(store, round_, request)}.html"
    folder = Path(out_dir).expanduser()
    if folder.exists() and not folder.is_dir():
        raise ExportError(_("{path} is a file, not a folder.").format(path=folder))
    written = [Written(write_private(folder / name, encode(text, "html"), force=force), "html", "paper")]
    record_export(store, written, session_id=request.session_id, round_id=round_id, anonymized=False,
                  mark_session=False)
    return written


def _name_tail(store: Store, round_: PaperRound, request: PrintRequest) -> str:
    """What tells two printouts of one material apart: the session, the participant."""
    tail = ""
    session = round_.session(request.session_id) if request.session_id is not None else None
    if request.material == "sign-in" and session is None:
        session = round_.next_session(store.now())
    if session is not None:
        tail += "-" + slug(_("Session {number}").format(number=session.number))
    if request.participant_id is not None and request.material == "sot":
        person = next((p for p in round_.people if p.id == request.participant_id), None)
        tail += "-" + slug(person.name if person else str(request.participant_id))
    return tail


def materials() -> Sequence[tuple[str, str]]:
    """(id, description) of every material, in the interface language."""
    return [(key, _(DESCRIPTIONS[key])) for key in MATERIALS]
