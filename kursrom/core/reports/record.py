"""A participant's record in one round: the one builder behind the participant page and the advisor
pages, so the facilitator sees what is exported about a person.

A note belongs to a participant when it tags them (@), or when its text names them: by their full
name, or by their first name alone when no one else in the round has it
(`kursrom.core.names.mention_finder`). What is flagged for them is a paragraph, not a note
(`kursrom.core.paragraphs`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from kursrom.core.outcomes import history_order
from kursrom.core.reports.data import (
    FlaggedParagraph, FollowUpEntry, NoteLine, ParticipantRecord, Person, RecordNote, ResultLine, SessionMark,
    SotPlan,
)
from kursrom.core.reports.inputs import BoardRow, FollowUpRow, ItemRow, RecordData, ResultRow, Subject
from kursrom.core.reports.parts import attendance_lines, consent_entries, note_lines, round_mentions, sot_plan
from kursrom.core.reports.results import result_lines

#: Exercises whose result is a participant's plan for the way ahead, which goes to their advisor
#: beside their SØT board when they agree ("Veien videre" in the shipped library).
PLAN_EXERCISES = frozenset({"veien-videre"})


def participant_records(data: RecordData) -> list[ParticipantRecord]:
    """The record of each of `data.subjects`, in that order."""
    people = data.round.people()
    numbers = data.round.numbers()
    titles = {item.id: item.title for item in data.items}
    notes = note_lines(data.notes, titles, people, numbers, round_mentions(data.round))
    marks = attendance_lines(data.marks, people)
    columns = [session.column for session in data.round.sessions]
    items = {item.id: item for item in data.items}
    records = []
    for subject in data.subjects:
        pid = subject.person.id
        attendance = tuple(SessionMark(column, marks.get((column.session_id, pid))) for column in columns)
        results = _results(subject.person, data, people, numbers)
        records.append(ParticipantRecord(
            data.round.round, subject.person, subject.details, subject.enrolment, attendance,
            _own_notes(notes, pid), _sot(subject, data.boards, data.round.round.round_id, numbers), results,
            _follow_up(data.follow_ups, pid), _flagged(notes, pid), _way_ahead(results, items),
            consent_entries(data.consents, pid)))
    return records


def _flagged(notes: Sequence[NoteLine], participant_id: int) -> tuple[FlaggedParagraph, ...]:
    """The paragraphs flagged for them, in the notes' time order: each paragraph once."""
    return tuple(paragraph for note in notes for paragraph in note.flagged
                 if paragraph.participant.id == participant_id)


def _way_ahead(results: Sequence[ResultLine], items: Mapping[int, ItemRow]) -> tuple[ResultLine, ...]:
    return tuple(result for result in results if items[result.item_id].exercise_id in PLAN_EXERCISES)


def _own_notes(notes: Sequence[NoteLine], participant_id: int) -> tuple[RecordNote, ...]:
    own = []
    for note in notes:
        if note.is_about(participant_id):
            fields = {f.name: getattr(note, f.name) for f in dataclasses.fields(NoteLine)}
            own.append(RecordNote(**fields, tagged=any(p.id == participant_id for p in note.tags)))
    return tuple(own)


def _results(person: Person, data: RecordData, people: Mapping[int, Person],
             numbers: Mapping[int, int]) -> tuple[ResultLine, ...]:
    """Their exercise results in the round, in agenda order."""
    items = {item.id: item for item in data.items}

    def rank(result: ResultRow) -> tuple[int, int, int]:
        item = items[result.item_id]
        return numbers.get(item.session_id, 0), item.position, result.id

    own = sorted((r for r in data.results if r.participant_id == person.id and r.item_id in items), key=rank)
    lines = []
    for result in own:
        item = items[result.item_id]
        said = result_lines(result.kind, result.data or {}, people)
        if said:
            lines.append(ResultLine(item.id, item.title, result.kind, person, said, numbers.get(item.session_id)))
    return tuple(lines)


def _sot(subject: Subject, boards: Sequence[BoardRow], round_id: int, numbers: Mapping[int, int]) -> SotPlan | None:
    """Their plan, with its history: the board of this round if there is one, else their latest
    board anywhere (a plan follows a person from course to course)."""
    own = [board for board in boards if board.participant_id == subject.person.id and board.revisions]
    if not own:
        return None
    chosen = max(own, key=lambda b: (b.round_id == round_id, max(r.id for r in b.revisions)))
    return sot_plan(subject.person, chosen.revisions, numbers, history=True)


def _follow_up(rows: Sequence[FollowUpRow], participant_id: int) -> tuple[FollowUpEntry, ...]:
    """Every status recorded for them, newest first (`kursrom.core.outcomes.history_order`)."""
    own = sorted((row for row in rows if row.participant_id == participant_id), key=history_order, reverse=True)
    return tuple(FollowUpEntry(row.status, row.on, row.note) for row in own)
