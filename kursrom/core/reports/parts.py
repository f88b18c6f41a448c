"""Building blocks the reports share: attendance from stored marks, notes with whom they are about
and their flagged paragraphs, consent as last recorded, and a SØT board as it stood."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence

from kursrom.core.collation import name_key
from kursrom.core.names import NameFinder, mention_finder, tag_finder
from kursrom.core.paragraphs import paragraphs, plain
from kursrom.core.reports.data import (
    AttendanceLine, ConsentEntry, FlaggedParagraph, NoteLine, Person, SotAction, SotPlan,
)
from kursrom.core.reports.inputs import ConsentRow, Marks, NoteRow, RevisionRow, RoundData
from kursrom.core.reports.results import plain_text


def by_name(person: Person) -> tuple:
    return name_key(person.name)


def person_of(people: Mapping[int, Person], participant_id: int) -> Person:
    return people.get(participant_id) or Person(participant_id, "?")


def attendance_lines(marks: Marks, people: Mapping[int, Person]) -> dict[tuple[int, int], AttendanceLine]:
    """(session id, participant id) -> their current mark (the last stored) with the whole history."""
    lines = {}
    for (session_id, participant_id), history in marks.items():
        if not history:
            continue
        last = history[-1]
        lines[(session_id, participant_id)] = AttendanceLine(
            person_of(people, participant_id), last.status, last.time, last.reason, tuple(history))
    return lines


def round_mentions(data: RoundData) -> NameFinder[int]:
    """Finds the people of the round that a note names (`kursrom.core.names.mention_finder`)."""
    return mention_finder((enrolled.person.name, enrolled.person.id) for enrolled in data.roster)


def note_lines(notes: Iterable[NoteRow], titles: Mapping[int, str], people: Mapping[int, Person],
               numbers: Mapping[int, int], mentions: NameFinder[int]) -> list[NoteLine]:
    """Notes with their tags, the people they name and their flagged paragraphs; autosaved notes
    nobody wrote in are left out."""
    tags = tag_finder((person.name, person.id) for person in people.values())
    lines = []
    for note in notes:
        whole = plain(note.text)
        text = whole.strip()
        if not text:
            continue
        blank_lines = whole[:len(whole) - len(whole.lstrip())].count("\n")  # paragraphs count in `text`
        tagged = tuple(sorted((person_of(people, pid) for pid in note.tags), key=by_name))
        named = tuple(sorted((person_of(people, pid) for pid in mentions.owners_in(text)), key=by_name))
        title = titles.get(note.item_id, "") if note.item_id is not None else ""
        number = numbers.get(note.session_id)
        flagged = tuple(
            FlaggedParagraph(note.id, paragraph.index - blank_lines, paragraph.text.strip(), person_of(people, pid),
                             pid in paragraph.follow_up, pid in paragraph.quote, title, number, note.created_at)
            for paragraph in paragraphs(note.text, tags) for pid in paragraph.tagged
            if pid in paragraph.follow_up or pid in paragraph.quote)
        lines.append(NoteLine(note.id, note.item_id, title, text, tagged, flagged, note.created_at, number, named))
    return lines


def consent_entries(rows: Iterable[ConsentRow], participant_id: int) -> tuple[ConsentEntry, ...]:
    """A participant's consents as recorded, newest first: the first is their current answer."""
    own = sorted((row for row in rows if row.participant_id == participant_id), key=lambda row: row.id, reverse=True)
    return tuple(ConsentEntry(row.given, row.at, row.recorded_by) for row in own)


def sot_plan(person: Person, revisions: Sequence[RevisionRow], numbers: Mapping[int, int], *,
             history: bool = False) -> SotPlan:
    """The board at its last revision in `revisions` (saving order); with `history`, the earlier
    revisions too."""
    plans = []
    for index, revision in enumerate(revisions, start=1):
        plans.append(SotPlan(person, revision.situation, revision.wish, _actions(revision.actions),
                             revision.saved_at, index, numbers.get(revisions[0].session_id or -1)))
    last = plans[-1]
    if history:
        last = dataclasses.replace(last, history=tuple(plans[:-1]))
    return last


def _actions(stored: Iterable[object]) -> tuple[SotAction, ...]:
    actions = []
    for action in stored or ():
        if isinstance(action, dict):
            text = plain_text(action.get("text"))
            if text:
                actions.append(SotAction(text, plain_text(action.get("date"))))
        elif plain_text(action):
            actions.append(SotAction(plain_text(action)))
    return tuple(actions)
