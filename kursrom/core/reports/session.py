"""A session's summary: what the summary screen and the session exports show."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from kursrom.core.reports.data import (
    AgendaLine, AttendanceLine, ConsentLine, EvaluationLine, FlaggedParagraph, FollowUpList, NoteGroup, NoteLine,
    Person, ResultLine, SessionHeader, SessionSummary, SotPlan, Tally,
)
from kursrom.core.reports.inputs import ItemRow, ResultRow, ScoreRow, SessionData, SessionRow, TimerRow
from kursrom.core.reports.parts import (
    attendance_lines, by_name, consent_entries, note_lines, round_mentions, sot_plan,
)
from kursrom.core.reports.results import result_lines, tally
from kursrom.core.timing import item_time
from kursrom.core.vocabulary import AttendanceStatus
from kursrom.i18n import _

#: Result kinds shown among the highlights: what a participant (or the group) said or made.
_HIGHLIGHT_KINDS = frozenset({"reflection", "career_story", "talk", "homework", "presentation", "job_ad", "sot", ""})
#: Result kinds with a section of their own.
_SECTIONS = {"animal": "animals", "role_play": "role_play", "timeline": "timelines", "group_rules": "group_rules"}


def session_summary(data: SessionData) -> SessionSummary:
    """Everything the summary screen and the session exports show."""
    session = next(s for s in data.round.sessions if s.id == data.session_id)
    people = data.round.people()
    titles = {item.id: item.title for item in data.items}
    notes = note_lines(data.notes, titles, people, data.round.numbers(), round_mentions(data.round))
    buckets, tallies = _results(data.results, data.items, people, session.number)
    return SessionSummary(
        _header(data, session), _attendance(data, people), _agenda(data.items, data.timers, session, data),
        _follow_ups(notes), _note_groups(notes, data.items),
        animals=buckets["animals"], sot_plans=_sot_plans(data, people), role_play=buckets["role_play"],
        card_sorts=tallies, timelines=buckets["timelines"], highlights=buckets["highlights"],
        other_results=buckets["other"], evaluation=evaluation_lines(data.scores, data.items),
        comments=data.comments, exports=data.exports, group_rules=buckets["group_rules"],
        consents=_consents(data),
    )


def _header(data: SessionData, session: SessionRow) -> SessionHeader:
    course = data.round.round
    return SessionHeader(
        session.id, course.round_id, course.course, course.template_id, session.number, len(data.round.sessions),
        session.title, session.theme, session.planned_start, session.planned_end, session.started_at,
        session.ended_at, course.facilitators, course.place, session.status,
    )


def _attendance(data: SessionData, people: Mapping[int, Person]) -> tuple[AttendanceLine, ...]:
    """Everyone on the roster now, and anyone marked, with their latest mark."""
    marks = attendance_lines(data.marks, people)
    current = {enrolled.person.id for enrolled in data.round.roster if enrolled.current}
    lines = []
    for person in sorted(people.values(), key=by_name):
        line = marks.get((data.session_id, person.id))
        if line is None:
            if person.id not in current:
                continue
            line = AttendanceLine(person, AttendanceStatus.UNMARKED)
        lines.append(line)
    return tuple(lines)


def _agenda(items: Sequence[ItemRow], timers: Iterable[TimerRow], session: SessionRow,
            data: SessionData) -> tuple[AgendaLine, ...]:
    """Planned against run, from the stored timer events (the arithmetic of the live screen's
    timers, kursrom.core.timing)."""
    by_item: dict[int, list[TimerRow]] = defaultdict(list)
    for event in timers:
        by_item[event.item_id].append(event)
    moved = moved_items(items)
    lines = []
    for item in items:
        timer = item_time(item.planned_minutes, by_item.get(item.id, []), session.ended_at or data.now)
        lines.append(AgendaLine(item.id, item.position, item.title, item.kind, item.planned_minutes,
                                round(timer.adjusted), round(timer.elapsed) if timer.started else None,
                                timer.running, item.skipped, item.origin == "added", item.id in moved))
    return tuple(lines)


def moved_items(items: Sequence[ItemRow]) -> set[int]:
    """Template items whose order the facilitator changed: those outside the longest run that
    kept the template's order (so moving one item marks one item, not every item after it)."""
    seq = [(item.template_position, item.id) for item in items
           if item.origin == "template" and item.template_position is not None]
    if not seq:
        return set()
    # Longest increasing subsequence of template positions, O(n log n), with back-links.
    tails: list[int] = []
    tail_index: list[int] = []
    parent = [-1] * len(seq)
    for i, (position, _id) in enumerate(seq):
        k = bisect.bisect_left(tails, position)
        if k == len(tails):
            tails.append(position)
            tail_index.append(i)
        else:
            tails[k] = position
            tail_index[k] = i
        parent[i] = tail_index[k - 1] if k else -1
    kept: set[int] = set()
    i = tail_index[-1] if tail_index else -1
    while i >= 0:
        kept.add(seq[i][1])
        i = parent[i]
    return {item_id for _pos, item_id in seq if item_id not in kept}


def _note_groups(notes: Sequence[NoteLine], items: Sequence[ItemRow]) -> tuple[NoteGroup, ...]:
    """The notes by agenda item, in agenda order; notes of no item (or a deleted one) last."""
    titles = {item.id: item.title for item in items}
    groups: dict[int | None, list[NoteLine]] = defaultdict(list)
    for line in notes:
        groups[line.item_id if line.item_id in titles else None].append(line)
    found = [NoteGroup(item.id, item.title, tuple(groups[item.id])) for item in items if groups.get(item.id)]
    if groups.get(None):
        found.append(NoteGroup(None, _("Other notes"), tuple(groups[None])))
    return tuple(found)


def _follow_ups(notes: Sequence[NoteLine]) -> tuple[FollowUpList, ...]:
    """The paragraphs flagged for follow-up, gathered per participant they are flagged for."""
    flagged: dict[int, list[FlaggedParagraph]] = defaultdict(list)
    people: dict[int, Person] = {}
    for line in notes:
        for paragraph in line.flagged:
            if paragraph.follow_up:
                flagged[paragraph.participant.id].append(paragraph)
                people[paragraph.participant.id] = paragraph.participant
    return tuple(FollowUpList(person, tuple(flagged[person.id])) for person in sorted(people.values(), key=by_name))


def _consents(data: SessionData) -> tuple[ConsentLine, ...]:
    """Everyone on the roster now, with their current answer about sharing with their advisor."""
    current = [enrolled.person for enrolled in data.round.roster if enrolled.current]
    lines = []
    for person in sorted(current, key=by_name):
        entries = consent_entries(data.consents, person.id)
        lines.append(ConsentLine(person, entries[0] if entries else None))
    return tuple(lines)


def _results(results: Sequence[ResultRow], items: Sequence[ItemRow], people: Mapping[int, Person],
             number: int) -> tuple[dict[str, tuple[ResultLine, ...]], tuple[Tally, ...]]:
    """Exercise results by section ("animals", "role_play", "timelines", "highlights", "other"), in
    agenda order then by name, and the card sorts as tallies."""
    by_id = {item.id: item for item in items}

    def order(result: ResultRow) -> tuple:
        person = people.get(result.participant_id) if result.participant_id else None
        item = by_id.get(result.item_id)
        return (item.position if item else 0), (by_name(person) if person else ((), "", ""))

    buckets: dict[str, list[ResultLine]] = defaultdict(list)
    tallies = []
    for result in sorted(results, key=order):
        item = by_id.get(result.item_id)
        kind = result.kind or (item.kind if item else "")
        if kind == "card_sort":
            found = tally(item.title if item else "", item.exercise if item else {}, result.data or {})
            if found:
                tallies.append(found)
                continue
        lines = result_lines(kind, result.data or {}, people)
        if not lines:
            continue
        person = people.get(result.participant_id) if result.participant_id else None
        section = _SECTIONS.get(kind) or ("highlights" if kind in _HIGHLIGHT_KINDS else "other")
        buckets[section].append(ResultLine(result.item_id, item.title if item else "", kind, person, lines, number))
    sections = ("animals", "role_play", "timelines", "highlights", "other", "group_rules")
    return {section: tuple(buckets[section]) for section in sections}, tuple(tallies)


def _sot_plans(data: SessionData, people: Mapping[int, Person]) -> tuple[SotPlan, ...]:
    """The boards revised in this session, as they stood at its end (later revisions left out)."""
    plans = []
    for board in data.boards:
        revisions = board.revisions
        last = max(i for i, revision in enumerate(revisions) if revision.session_id == data.session_id)
        person = people.get(board.participant_id) or Person(board.participant_id, "?")
        plans.append(sot_plan(person, revisions[: last + 1], data.round.numbers()))
    return tuple(sorted(plans, key=lambda plan: by_name(plan.participant)))


def evaluation_lines(scores: Iterable[ScoreRow], items: Sequence[ItemRow]) -> tuple[EvaluationLine, ...]:
    """Each evaluated element's counts per score and average, in agenda order."""
    order = {item.id: item.position for item in items}
    grouped: dict[tuple[str, int, int], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    first_seen: dict[tuple[str, int, int], tuple[int, int]] = {}
    for score in scores:
        key = (score.element, score.scale_min, score.scale_max)
        grouped[key][score.score] += max(score.count, 0)
        rank = (order.get(score.item_id, 10_000) if score.item_id is not None else 10_000, score.id)
        first_seen[key] = min(first_seen.get(key, rank), rank)
    lines = []
    for key in sorted(grouped, key=lambda k: first_seen[k]):
        counts = grouped[key]
        total = sum(counts.values())
        average = sum(s * n for s, n in counts.items()) / total if total else None
        lines.append(EvaluationLine(key[0], key[1], key[2], average, total,
                                    tuple(sorted((s, n) for s, n in counts.items() if n))))
    return tuple(lines)
