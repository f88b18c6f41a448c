"""The reports, read from the store: each public function reads what one report needs in one short
read session, as the plain data of `kursrom.core.reports.inputs`, and hands it to the core's
builder. The current attendance mark is `kursrom.store.attendance`'s rule; follow-up statuses are
`kursrom.core.outcomes`'."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from sqlmodel import Session, col, select

from kursrom.core.collation import name_key
from kursrom.core.reports.data import (
    AttendanceMark, EnrolmentState, ExportLine, ParticipantRecord, Person, PersonDetails, RoundHeader, RoundReport,
    SessionSummary,
)
from kursrom.core.reports.inputs import (
    BoardRow, ConsentRow, Enrolled, FollowUpRow, ItemRow, Marks, NoteRow, RecordData, ResultRow, RevisionRow,
    RoundData, RoundReportData, ScoreRow, SessionData, SessionRow, Subject, TimerRow,
)
from kursrom.core.reports.record import participant_records
from kursrom.core.reports.round import round_report
from kursrom.core.reports.session import session_summary
from kursrom.i18n import _
from kursrom.store.attendance import mark_histories
from kursrom.store.results import group_rules_of
from kursrom.store.db import Store
from kursrom.store.models import (
    AgendaItem, AttendanceEvent, Consent, CourseRound, CourseSession, Enrolment, EvaluationComment, EvaluationScore,
    ExerciseResult, ExportRecord, FollowUp, Note, NoteTag, Participant, SotBoard, SotRevision, TimerEvent,
)


class NotFound(LookupError):
    """An id that is not in the database; the message is one sentence for the facilitator."""


# --------------------------------------------------------------------------------------------------
# The three reports


def build_session_summary(store: Store, session_id: int) -> SessionSummary:
    """Everything the summary screen and the session exports show."""
    with store.read() as db:
        session = db.get(CourseSession, session_id)
        if session is None:
            raise NotFound(_("There is no session with id {id}.").format(id=session_id))
        items = _items(db, [session_id])
        marks = _marks(db, [session_id])
        notes = _notes(db, [session_id])
        results = _results(db, [item.id for item in items])
        touched = db.exec(select(SotRevision.board_id).where(SotRevision.session_id == session_id)).all()
        boards = _boards(db, board_ids=set(touched))
        base = _with_people(db, _round_data(db, session.round_id), _named(marks, notes, results, boards))
        data = SessionData(base, session_id, store.now(), items, _timers(db, items), marks, notes, results, boards,
                           _scores(db, [session_id]), _comments(db, session_id), _exports(db, session_id),
                           _consents(db, session.round_id))
    return session_summary(data)


def build_round_report(store: Store, round_id: int) -> RoundReport:
    """The attendance matrix, each evaluated element across the sessions, and follow-up outcomes."""
    with store.read() as db:
        base = _round_data(db, round_id)
        session_ids = [session.id for session in base.sessions]
        marks = _marks(db, session_ids)
        positions = {item.id: item.position for item in _items(db, session_ids)}
        data = RoundReportData(_with_people(db, base, _named(marks)), marks, _scores(db, session_ids), positions,
                               _follow_ups(db, round_id), _round_comments(db, session_ids))
    rules = group_rules_of(store, round_id)
    if rules is not None:
        data = dataclasses.replace(data, group_rules=tuple(rules.rules))
    return round_report(data)


def build_participant_records(store: Store, round_id: int, participant_ids: Sequence[int] | None = None, *,
                              enrolled_only: bool = True) -> list[ParticipantRecord]:
    """The records of the given participants (`kursrom.core.reports.record`), or of everyone
    enrolled now (None), by name. With `enrolled_only`, an id not on the round's roster is an error."""
    with store.read() as db:
        base = _round_data(db, round_id)
        subjects = _subjects(db, base, round_id, participant_ids, enrolled_only)
        wanted = [subject.person.id for subject in subjects]
        session_ids = [session.id for session in base.sessions]
        items = _items(db, session_ids)
        marks = _marks(db, session_ids, wanted)
        notes = _notes(db, session_ids)
        results = _results(db, [item.id for item in items], wanted)
        boards = _boards(db, participant_ids=wanted)
        base = _with_people(db, base, _named(notes=notes) | set(wanted))
        data = RecordData(base, subjects, items, marks, notes, results, boards,
                          _follow_ups(db, round_id, wanted), _consents(db, round_id, wanted))
    return participant_records(data)


def build_participant_record(store: Store, round_id: int, participant_id: int) -> ParticipantRecord:
    """One participant's record, also when they are not (or no longer) on the round's roster: what
    the participant page shows."""
    return build_participant_records(store, round_id, [participant_id], enrolled_only=False)[0]


def round_people(store: Store, round_id: int) -> list[Person]:
    """Everyone ever enrolled in a round (enrolment order), then anyone else marked or tagged in
    it: the people pseudonyms must cover."""
    with store.read() as db:
        base = _round_data(db, round_id)
        session_ids = [session.id for session in base.sessions]
        extra: set[int] = set()
        if session_ids:
            extra |= set(db.exec(select(AttendanceEvent.participant_id).where(
                col(AttendanceEvent.session_id).in_(session_ids))).all())
            extra |= set(db.exec(select(NoteTag.participant_id).join(Note, col(Note.id) == col(NoteTag.note_id))
                                 .where(col(Note.session_id).in_(session_ids))).all())
        others = _with_people(db, base, extra).others
    return [enrolled.person for enrolled in base.roster] + list(others)


# --------------------------------------------------------------------------------------------------
# Rows as plain data


def _round_data(db: Session, round_id: int) -> RoundData:
    """The round, its sessions and its roster."""
    course_round = db.get(CourseRound, round_id)
    if course_round is None:
        raise NotFound(_("There is no course round with id {id}.").format(id=round_id))
    header = RoundHeader(course_round.id, course_round.title, course_round.template_id, course_round.start_date,
                         course_round.facilitators, course_round.place)
    sessions = tuple(
        SessionRow(s.id, s.number, s.title, s.theme, s.status, s.planned_start, s.planned_end, s.started_at,
                   s.ended_at)
        for s in db.exec(select(CourseSession).where(CourseSession.round_id == round_id)
                         .order_by(col(CourseSession.number))))
    rows = db.exec(select(Participant, Enrolment)
                   .join(Enrolment, col(Enrolment.participant_id) == col(Participant.id))
                   .where(Enrolment.round_id == round_id).order_by(col(Enrolment.id))).all()
    roster = tuple(Enrolled(Person(p.id, p.name), EnrolmentState(e.removed_at, e.removed_reason)) for p, e in rows)
    return RoundData(header, sessions, roster)


def _with_people(db: Session, data: RoundData, named: Iterable[int]) -> RoundData:
    """`data` with the `named` people who are not on its roster (by id)."""
    missing = set(named) - {enrolled.person.id for enrolled in data.roster}
    if not missing:
        return data
    query = select(Participant).where(col(Participant.id).in_(missing)).order_by(col(Participant.id))
    return dataclasses.replace(data, others=tuple(Person(p.id, p.name) for p in db.exec(query)))


def _subjects(db: Session, base: RoundData, round_id: int, participant_ids: Sequence[int] | None,
              enrolled_only: bool) -> tuple[Subject, ...]:
    enrolments = {enrolled.person.id: enrolled.enrolment for enrolled in base.roster}
    if participant_ids is None:
        wanted = [e.person.id for e in sorted(base.roster, key=lambda e: name_key(e.person.name)) if e.current]
    else:
        wanted = list(participant_ids)
    rows = {p.id: p for p in db.exec(select(Participant).where(col(Participant.id).in_(wanted)))}
    for pid in wanted:
        if pid not in rows:
            raise NotFound(_("There is no participant with id {id}.").format(id=pid))
        if enrolled_only and pid not in enrolments:
            raise NotFound(_("Participant {id} is not enrolled in course round {round}.").format(
                id=pid, round=round_id))
    return tuple(Subject(Person(pid, rows[pid].name), _details(rows[pid]), enrolments.get(pid)) for pid in wanted)


def _details(participant: Participant) -> PersonDetails:
    return PersonDetails(participant.language, participant.interpreter_language, participant.contact,
                         participant.accessibility_note)


def _named(marks: Marks | None = None, notes: Sequence[NoteRow] = (), results: Sequence[ResultRow] = (),
           boards: Sequence[BoardRow] = ()) -> set[int]:
    """Everyone the data speaks of: marked, tagged, with a result or a board."""
    found = {pid for _sid, pid in marks or {}}
    found |= {pid for note in notes for pid in note.tags}
    found |= {result.participant_id for result in results if result.participant_id}
    return found | {board.participant_id for board in boards}


def _marks(db: Session, session_ids: Sequence[int], participant_ids: Sequence[int] | None = None) -> Marks:
    histories = mark_histories(db, session_ids, participant_ids)
    return {key: tuple(AttendanceMark(e.status, e.at, e.time, e.reason, e.terminal) for e in events)
            for key, events in histories.items()}


def _items(db: Session, session_ids: Sequence[int]) -> tuple[ItemRow, ...]:
    if not session_ids:
        return ()
    query = (select(AgendaItem).where(col(AgendaItem.session_id).in_(session_ids))
             .order_by(col(AgendaItem.session_id), col(AgendaItem.position)))
    return tuple(ItemRow(i.id, i.session_id, i.position, i.title, i.kind, i.planned_minutes, i.origin,
                         i.template_position, i.skipped, i.exercise or {}, i.exercise_id) for i in db.exec(query))


def _timers(db: Session, items: Sequence[ItemRow]) -> tuple[TimerRow, ...]:
    if not items:
        return ()
    query = select(TimerEvent).where(col(TimerEvent.item_id).in_([item.id for item in items]))
    return tuple(TimerRow(e.id, e.item_id, e.kind, e.at, e.seconds, e.undoes)
                 for e in db.exec(query.order_by(col(TimerEvent.id))))


def _notes(db: Session, session_ids: Sequence[int]) -> tuple[NoteRow, ...]:
    """The sessions' notes in time order, each with the people tagged in it."""
    if not session_ids:
        return ()
    notes = list(db.exec(select(Note).where(col(Note.session_id).in_(session_ids))
                         .order_by(col(Note.created_at), col(Note.id))))
    tags: dict[int, list[int]] = {}
    if notes:
        for note_id, pid in db.exec(select(NoteTag.note_id, NoteTag.participant_id).join(
                Note, col(Note.id) == col(NoteTag.note_id)).where(col(Note.session_id).in_(session_ids))):
            tags.setdefault(note_id, []).append(pid)
    return tuple(NoteRow(n.id, n.session_id, n.item_id, n.text, n.created_at, tuple(tags.get(n.id, ())))
                 for n in notes)


def _results(db: Session, item_ids: Sequence[int], participant_ids: Sequence[int] | None = None,
             ) -> tuple[ResultRow, ...]:
    if not item_ids:
        return ()
    query = select(ExerciseResult).where(col(ExerciseResult.item_id).in_(item_ids))
    if participant_ids is not None:
        query = query.where(col(ExerciseResult.participant_id).in_(participant_ids))
    return tuple(ResultRow(r.id, r.item_id, r.participant_id, r.kind, r.data or {})
                 for r in db.exec(query.order_by(col(ExerciseResult.id))))


def _boards(db: Session, *, board_ids: Iterable[int] = (), participant_ids: Iterable[int] = ()) -> tuple[BoardRow, ...]:
    """SØT boards, by id or by whose they are, with every revision in saving order."""
    board_ids, participant_ids = list(board_ids), list(participant_ids)
    if not board_ids and not participant_ids:
        return ()
    which = col(SotBoard.id).in_(board_ids) if board_ids else col(SotBoard.participant_id).in_(participant_ids)
    boards = list(db.exec(select(SotBoard).where(which).order_by(col(SotBoard.id))))
    revisions: dict[int, list[RevisionRow]] = {}
    if boards:
        for r in db.exec(select(SotRevision).where(col(SotRevision.board_id).in_([b.id for b in boards]))
                         .order_by(col(SotRevision.id))):
            revisions.setdefault(r.board_id, []).append(
                RevisionRow(r.id, r.session_id, r.situation, r.wish, tuple(r.actions or ()), r.saved_at))
    return tuple(BoardRow(b.id, b.participant_id, b.round_id, tuple(revisions.get(b.id, ()))) for b in boards)


def _scores(db: Session, session_ids: Sequence[int]) -> tuple[ScoreRow, ...]:
    if not session_ids:
        return ()
    query = select(EvaluationScore).where(col(EvaluationScore.session_id).in_(session_ids))
    return tuple(ScoreRow(s.id, s.session_id, s.item_id, s.element, s.scale_min, s.scale_max, s.score, s.count)
                 for s in db.exec(query.order_by(col(EvaluationScore.id))))


def _comments(db: Session, session_id: int) -> tuple[str, ...]:
    query = select(EvaluationComment).where(EvaluationComment.session_id == session_id)
    return tuple(c.text.strip() for c in db.exec(query.order_by(col(EvaluationComment.id))) if c.text.strip())


def _round_comments(db: Session, session_ids: Sequence[int]) -> tuple[tuple[int, str], ...]:
    """The evaluations' open answers of the round: (session id, text), in the order written."""
    if not session_ids:
        return ()
    query = select(EvaluationComment).where(col(EvaluationComment.session_id).in_(session_ids))
    return tuple((c.session_id, c.text.strip()) for c in db.exec(query.order_by(col(EvaluationComment.id)))
                 if c.text.strip())


def _exports(db: Session, session_id: int) -> tuple[ExportLine, ...]:
    """Each file exported from the session once (a combined advisor file has a row per person)."""
    query = select(ExportRecord).where(ExportRecord.session_id == session_id).order_by(col(ExportRecord.id))
    found: dict[str, ExportLine] = {}
    for e in db.exec(query):
        found.setdefault(e.path, ExportLine(e.path, e.format, e.anonymized, e.at))
    return tuple(found.values())


def _consents(db: Session, round_id: int, participant_ids: Sequence[int] | None = None) -> tuple[ConsentRow, ...]:
    query = select(Consent).where(Consent.round_id == round_id)
    if participant_ids is not None:
        query = query.where(col(Consent.participant_id).in_(participant_ids))
    return tuple(ConsentRow(c.id, c.participant_id, c.given, c.at, c.recorded_by)
                 for c in db.exec(query.order_by(col(Consent.id))))


def _follow_ups(db: Session, round_id: int, participant_ids: Sequence[int] | None = None) -> tuple[FollowUpRow, ...]:
    query = select(FollowUp).where(FollowUp.round_id == round_id)
    if participant_ids is not None:
        query = query.where(col(FollowUp.participant_id).in_(participant_ids))
    return tuple(FollowUpRow(f.id, f.participant_id, f.status, f.on, f.recorded_at, f.note)
                 for f in db.exec(query.order_by(col(FollowUp.id))))
