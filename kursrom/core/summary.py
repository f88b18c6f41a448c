"""What happened: a session's summary, a participant's report for their advisor, a round's report.

Plain Python, read from the store in one short read session each. The summary screen and every
export (Markdown, HTML, CSV) render these same dataclasses, so the app and the files always agree.
Times stay aware UTC here; renderers show them in Europe/Oslo.

`Pseudonyms` and `anonymize` turn any of these reports into one where every participant is
"Deltaker N", also inside free text, for evaluation reports that leave the office.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from sqlmodel import Session, col, select

from kursrom.core.clock import OSLO
from kursrom.core.numbers import NONE, clock_text, decimal, percent  # noqa: F401  (the templates' filters)
from kursrom.core.outcomes import OutcomeShare, current_statuses, outcome_share
from kursrom.core.timing import item_time
from kursrom.core.vocabulary import ATTENDED, HELD, TIMED, AttendanceStatus, RunState
from kursrom.i18n import _
from kursrom.store.models import (
    AgendaItem, AttendanceEvent, CourseRound, CourseSession, Enrolment, EvaluationComment, EvaluationScore,
    ExerciseResult, ExportRecord, FollowUp, Note, NoteTag, Participant, SotBoard, SotRevision, TimerEvent,
)



class NotFound(LookupError):
    """An id that is not in the database; the message is one sentence for the facilitator."""


# --------------------------------------------------------------------------------------------------
# The reports


@dataclass(frozen=True)
class Person:
    id: int
    name: str


@dataclass(frozen=True)
class AttendanceMark:
    """One mark or correction, as it was made."""

    status: str
    at: datetime
    time: datetime | None
    reason: str
    terminal: str


@dataclass(frozen=True)
class AttendanceLine:
    """A participant's attendance at one session: the latest mark, and every mark before it."""

    participant: Person
    status: str  # an AttendanceStatus (UNMARKED: nobody has marked them)
    time: datetime | None = None  # arrival (late) or leaving (left early)
    reason: str = ""
    history: tuple[AttendanceMark, ...] = ()

    @property
    def attended(self) -> bool:
        return self.status in ATTENDED

    @property
    def corrected(self) -> bool:
        return len(self.history) > 1


@dataclass(frozen=True)
class AgendaLine:
    """One agenda item as planned and as run."""

    item_id: int
    position: int
    title: str
    kind: str
    planned_minutes: int
    adjusted_seconds: int = 0  # minutes added (+) or removed (-) while it ran
    actual_seconds: int | None = None  # None: never started
    running: bool = False
    skipped: bool = False
    added: bool = False
    moved: bool = False

    @property
    def actual_minutes(self) -> int | None:
        return None if self.actual_seconds is None else round(self.actual_seconds / 60)

    @property
    def state(self) -> RunState:
        if self.skipped:
            return RunState.SKIPPED
        if self.running:
            return RunState.RUNNING
        return RunState.DONE if self.actual_seconds is not None else RunState.NOT_RUN


@dataclass(frozen=True)
class NoteLine:
    id: int
    item_id: int | None
    item_title: str
    text: str
    tags: tuple[Person, ...] = ()
    follow_up: bool = False
    quote: bool = False
    created_at: datetime | None = None
    session_number: int | None = None


@dataclass(frozen=True)
class NoteGroup:
    """The notes written under one agenda item (item_id None: notes not tied to an item)."""

    item_id: int | None
    title: str
    notes: tuple[NoteLine, ...]


@dataclass(frozen=True)
class FollowUpList:
    """Notes flagged for a participant's NAV advisor (participant None: flagged, nobody tagged)."""

    participant: Person | None
    notes: tuple[NoteLine, ...]


@dataclass(frozen=True)
class SotAction:
    text: str
    due: str = ""  # "YYYY-MM-DD" or ""


@dataclass(frozen=True)
class SotPlan:
    """A participant's SØT board as it stood at its latest revision."""

    participant: Person
    situation: str
    wish: str
    actions: tuple[SotAction, ...]
    saved_at: datetime | None
    revisions: int
    first_session: int | None = None  # session number where the board was started
    history: tuple[SotPlan, ...] = ()  # earlier revisions, oldest first (participant report only)


@dataclass(frozen=True)
class ResultLine:
    """What one exercise left for one participant (or for the group: participant None), as lines."""

    item_id: int
    item_title: str
    kind: str
    participant: Person | None
    lines: tuple[str, ...]
    session_number: int | None = None


@dataclass(frozen=True)
class Tally:
    """A card sort: where the group placed each statement, how many went in each category, and the
    statements the group disagreed on."""

    item_title: str
    categories: tuple[tuple[str, int], ...]  # (category, statements placed in it)
    rows: tuple[tuple[str, str, bool], ...]  # (statement, its category or "", disagreed)

    @property
    def disagreed(self) -> tuple[str, ...]:
        return tuple(statement for statement, _category, disagreed in self.rows if disagreed)


def scale_share(average: float | None, low: int, high: int) -> float:
    """An average placed on its scale, 0 to 1, so 1–5 and 0–10 scales compare."""
    if average is None or high == low:
        return 0.0
    return (average - low) / (high - low)


@dataclass(frozen=True)
class EvaluationLine:
    element: str
    scale_min: int
    scale_max: int
    average: float | None
    responses: int
    distribution: tuple[tuple[int, int], ...] = ()  # (score, count)

    @property
    def share(self) -> float:
        return scale_share(self.average, self.scale_min, self.scale_max)


@dataclass(frozen=True)
class ExportLine:
    path: str
    format: str
    anonymized: bool
    at: datetime | None


@dataclass(frozen=True)
class SessionHeader:
    session_id: int
    round_id: int
    course: str
    template_id: str
    number: int
    sessions_in_round: int
    title: str
    theme: str
    planned_start: datetime | None
    planned_end: datetime | None
    started_at: datetime | None
    ended_at: datetime | None
    facilitators: str
    place: str
    status: str


@dataclass(frozen=True)
class SessionSummary:
    header: SessionHeader
    attendance: tuple[AttendanceLine, ...]
    agenda: tuple[AgendaLine, ...]
    follow_ups: tuple[FollowUpList, ...]
    note_groups: tuple[NoteGroup, ...]
    animals: tuple[ResultLine, ...] = ()
    sot_plans: tuple[SotPlan, ...] = ()
    role_play: tuple[ResultLine, ...] = ()
    card_sorts: tuple[Tally, ...] = ()
    timelines: tuple[ResultLine, ...] = ()
    highlights: tuple[ResultLine, ...] = ()
    other_results: tuple[ResultLine, ...] = ()
    evaluation: tuple[EvaluationLine, ...] = ()
    comments: tuple[str, ...] = ()
    exports: tuple[ExportLine, ...] = ()

    def count(self, *states: str) -> int:
        return sum(1 for line in self.attendance if line.status in states)

    @property
    def present(self) -> int:
        return self.count(*ATTENDED)

    @property
    def planned_minutes(self) -> int:
        return sum(line.planned_minutes for line in self.agenda if not line.skipped)

    @property
    def actual_minutes(self) -> int:
        return round(sum(line.actual_seconds or 0 for line in self.agenda) / 60)

    @property
    def has_results(self) -> bool:
        return any((self.animals, self.sot_plans, self.role_play, self.card_sorts, self.timelines,
                    self.highlights, self.other_results, self.evaluation, self.comments))


@dataclass(frozen=True)
class RoundHeader:
    round_id: int
    course: str
    template_id: str
    start_date: date
    facilitators: str
    place: str


@dataclass(frozen=True)
class SessionColumn:
    session_id: int
    number: int
    planned_start: datetime | None
    theme: str
    status: str

    @property
    def held(self) -> bool:
        return self.status in HELD


@dataclass(frozen=True)
class ParticipantSessionLine:
    session: SessionColumn
    attendance: AttendanceLine | None  # None: nothing marked


@dataclass(frozen=True)
class FollowUpStatus:
    status: str  # a FollowUpStatus
    on: date
    note: str = ""


@dataclass(frozen=True)
class ParticipantReport:
    round: RoundHeader
    participant: Person
    attendance: tuple[ParticipantSessionLine, ...]
    notes: tuple[NoteLine, ...]  # tagged to them, in time order
    sot: SotPlan | None
    results: tuple[ResultLine, ...]
    follow_up: FollowUpStatus | None
    removed_reason: str = ""

    @property
    def follow_up_notes(self) -> tuple[NoteLine, ...]:
        return tuple(note for note in self.notes if note.follow_up)

    @property
    def attended(self) -> int:
        return sum(1 for line in self.attendance if line.attendance and line.attendance.attended)

    @property
    def held(self) -> int:
        return sum(1 for line in self.attendance if line.session.held)


@dataclass(frozen=True)
class ElementSeries:
    """One evaluated element across the round: its average per session and overall."""

    element: str
    scale_min: int
    scale_max: int
    per_session: tuple[tuple[int, float, int], ...]  # (session number, average, responses)
    average: float | None
    responses: int

    @property
    def share(self) -> float:
        return scale_share(self.average, self.scale_min, self.scale_max)


@dataclass(frozen=True)
class RoundReport:
    round: RoundHeader
    sessions: tuple[SessionColumn, ...]
    participants: tuple[Person, ...]
    matrix: tuple[tuple[AttendanceLine | None, ...], ...]  # one row per participant, one cell per session
    evaluation: tuple[ElementSeries, ...]
    outcomes: OutcomeShare

    def present_at(self, index: int) -> int:
        return sum(1 for row in self.matrix if row[index] and row[index].attended)

    def attended_by(self, row: int) -> int:
        return sum(1 for cell in self.matrix[row] if cell and cell.attended)


# --------------------------------------------------------------------------------------------------
# Agenda order


def _moved_items(items: Sequence[AgendaItem]) -> set[int]:
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


# --------------------------------------------------------------------------------------------------
# Building blocks shared by the three reports


def _person(participant: Participant) -> Person:
    return Person(participant.id, participant.name)


def _attendance_lines(events: Iterable[AttendanceEvent], people: dict[int, Person],
                      ) -> dict[tuple[int, int], AttendanceLine]:
    """(session_id, participant_id) -> the latest mark with the whole history."""
    grouped: dict[tuple[int, int], list[AttendanceEvent]] = defaultdict(list)
    for event in events:
        grouped[(event.session_id, event.participant_id)].append(event)
    lines = {}
    for key, marks in grouped.items():
        marks.sort(key=lambda e: e.id or 0)  # the order they were stored, as kursrom.store.live reads them
        last = marks[-1]
        person = people.get(key[1]) or Person(key[1], "?")
        history = tuple(AttendanceMark(m.status, m.at, m.time, m.reason, m.terminal) for m in marks)
        lines[key] = AttendanceLine(person, last.status, last.time, last.reason, history)
    return lines


def _roster(db: Session, round_id: int) -> tuple[list[Person], dict[int, Enrolment]]:
    """Everyone ever enrolled in the round, in enrolment order, and their enrolments."""
    rows = db.exec(
        select(Participant, Enrolment).join(Enrolment, col(Enrolment.participant_id) == col(Participant.id))
        .where(Enrolment.round_id == round_id).order_by(col(Enrolment.id))
    ).all()
    return [_person(p) for p, _e in rows], {p.id: e for p, e in rows}


def _load_people(db: Session, ids: Iterable[int], known: dict[int, Person]) -> dict[int, Person]:
    missing = {i for i in ids if i not in known}
    people = dict(known)
    if missing:
        for participant in db.exec(select(Participant).where(col(Participant.id).in_(missing))):
            people[participant.id] = _person(participant)
    return people


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (list, tuple)):
        return ", ".join(t for t in (_text(v) for v in value) if t)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {t}" for k, t in ((k, _text(v)) for k, v in value.items()) if t)
    return str(value)


def _first(data: dict, *keys: str) -> Any:
    for key in keys:
        if data.get(key) not in (None, "", [], {}):
            return data[key]
    return None


def _name_of(value: Any, people: dict[int, Person]) -> str:
    """A participant id (or a name) found inside result data, as a name."""
    if isinstance(value, int) and value in people:
        return people[value].name
    return _text(value)


#: Keys of stored result data that are bookkeeping, not content.
_META_KEYS = frozenset({"at", "updated_at", "saved_at", "id", "own_animal", "index", "version", "timer"})


def _entry(value: Any) -> str:
    """A list entry of result data: a string, or a dict whose "text" (or other content) is shown."""
    if isinstance(value, dict):
        text = _text(value.get("text"))
        if text:
            return text
        return _text({k: v for k, v in value.items() if k not in _META_KEYS and not isinstance(v, bool)})
    return _text(value)


def _names(ids: Any, people: dict[int, Person]) -> str:
    return ", ".join(_name_of(i, people) for i in ids or [] if _name_of(i, people))


def _animal_lines(data: dict, people: dict[int, Person]) -> tuple[list[str], set[str]]:
    animal = _text(_first(data, "animal", "name"))
    traits = _text(_first(data, "traits"))
    strengths = _text(_first(data, "strengths", "work_strengths"))
    lines = [f"{animal}: {traits}" if animal and traits else animal or traits]
    if strengths:
        lines.append(_("Strengths at work: {strengths}").format(strengths=strengths))
    return lines, {"animal", "name", "traits", "strengths", "work_strengths"}


def _timeline_lines(data: dict, people: dict[int, Person]) -> tuple[list[str], set[str]]:
    lines = []
    for entry in data.get("entries") or []:
        if not isinstance(entry, dict):
            lines.append(_text(entry))
            continue
        formal = entry.get("formal")
        form = (_("formal") if formal else _("informal")) if isinstance(formal, bool) else _text(entry.get("kind"))
        lines.append(" – ".join(t for t in (_text(entry.get("period")), form, _text(entry.get("learned"))) if t))
    return lines, {"entries"}


def _role_play_lines(data: dict, people: dict[int, Person]) -> tuple[list[str], set[str]]:
    lines = []
    # A job seeker's feedback, one entry per round.
    for entry in data.get("feedback") or []:
        if not isinstance(entry, dict):
            lines.append(_text(entry))
            continue
        who = []
        if entry.get("interviewer") is not None:
            who.append(_("interviewer {name}").format(name=_name_of(entry["interviewer"], people)))
        observers = entry.get("observers") if "observers" in entry else [entry.get("observer")]
        if _names(observers, people):
            who.append(_("observer {names}").format(names=_names(observers, people)))
        head = _("Round {number}").format(number=entry.get("round", "?"))
        if who:
            head += f" ({', '.join(who)})"
        lines.append(f"{head}: {_text(entry.get('text'))}")
    # The group's own row: who played together, and how far the rounds got.
    for number, group in enumerate(data.get("groups") or [], start=1):
        lines.append(_("Group {number}: {names}").format(number=number, names=_names(group, people)))
    if data.get("groups") and data.get("rounds"):
        lines.append(_("Rounds played: {done} of {rounds}").format(done=data.get("round", 0) + 1, rounds=data["rounds"]))
    return lines, {"feedback", "groups", "round", "rounds", "roles", "reshuffles"}


def _presentation_lines(data: dict, people: dict[int, Person]) -> tuple[list[str], set[str]]:
    times = data.get("times") or {}
    lines = []
    for number, pid in enumerate(data.get("order") or [], start=1):
        seconds = times.get(str(pid))
        took = f" – {clock_text(seconds)}" if isinstance(seconds, int) else ""
        lines.append(f"{number}. {_name_of(pid, people)}{took}")
    return lines, {"order", "times", "current", "shuffles"}


def _group_rules_lines(data: dict, people: dict[int, Person]) -> tuple[list[str], set[str]]:
    return [_text(rule) for rule in data.get("rules") or []], {"rules"}


def _state_only(data: dict, people: dict[int, Person]) -> tuple[list[str], set[str]]:
    """The SØT panel's own state (phase, groups, timer): the boards themselves are the result."""
    return [], set(data)


def _highlight_lines(data: dict, people: dict[int, Person]) -> tuple[list[str], set[str]]:
    lines = [_entry(entry) for entry in data.get("highlights") or []]
    text = _text(_first(data, "text", "highlight"))
    if text:
        lines.append(text)
    return lines, {"highlights", "text", "highlight"}


#: kind -> what its stored result says as lines, and the keys that said it.
_RESULT_LINES = {
    "animal": _animal_lines,
    "timeline": _timeline_lines,
    "role_play": _role_play_lines,
    "presentation": _presentation_lines,
    "group_rules": _group_rules_lines,
    "sot": _state_only,
}


def result_lines(kind: str, data: dict, people: dict[int, Person]) -> tuple[str, ...]:
    """What a stored exercise result says, as short readable lines. The shapes the panels store
    (kursrom.widgets.panels) get a tidy rendering; anything else falls back to `key: value` lines,
    so nothing saved is ever hidden."""
    data = data or {}
    lines, used = _RESULT_LINES.get(kind, _highlight_lines)(data, people)
    for key, value in data.items():
        if key in used or key in _META_KEYS or key.startswith("_") or isinstance(value, bool):
            continue
        shown = "; ".join(_entry(v) for v in value) if isinstance(value, list) else _text(value)
        if shown:
            lines.append(f"{key}: {shown}")
    return tuple(line for line in lines if line)


def _tally(item: AgendaItem, data: dict) -> Tally | None:
    """A card sort as the panel stores it: {"placements": {statement: category}, "disagreed":
    [statement], "tally": {category: count}, "unsorted": [statement]}. Statements keep the
    exercise's order when the item's snapshot has it."""
    placements = data.get("placements") or {}
    if not isinstance(placements, dict) or not (placements or data.get("unsorted")):
        return None
    snapshot = (item.exercise or {}).get("data", {}) if item is not None else {}
    known = [str(s) for s in snapshot.get("statements") or []]
    order = known + [s for s in [*placements, *(data.get("unsorted") or [])] if s not in known]
    disagreed = set(data.get("disagreed") or [])
    counts = data.get("tally") if isinstance(data.get("tally"), dict) else {}
    categories = [str(c) for c in snapshot.get("categories") or counts or []]
    categories += [c for c in placements.values() if c not in categories]
    tallied = tuple((c, sum(1 for placed in placements.values() if placed == c)) for c in categories)
    rows = tuple((statement, str(placements.get(statement, "")), statement in disagreed) for statement in order)
    return Tally(item.title if item is not None else "", tallied, rows)


def _sot_plan(person: Person, revisions: Sequence[SotRevision], numbers: dict[int, int], *,
              history: bool = False) -> SotPlan:
    ordered = sorted(revisions, key=lambda r: r.id or 0)  # saving order, as kursrom.store.results
    plans = []
    for index, revision in enumerate(ordered, start=1):
        actions = []
        for action in revision.actions or []:
            if isinstance(action, dict):
                text = _text(action.get("text"))
                if text:
                    actions.append(SotAction(text, _text(action.get("date"))))
            elif _text(action):
                actions.append(SotAction(_text(action)))
        plans.append(SotPlan(person, revision.situation, revision.wish, tuple(actions), revision.saved_at,
                             index, numbers.get(ordered[0].session_id or -1)))
    last = plans[-1]
    if history:
        last = dataclasses.replace(last, history=tuple(plans[:-1]))
    return last


def _evaluation(scores: Iterable[EvaluationScore], order: dict[int | None, int]) -> tuple[EvaluationLine, ...]:
    grouped: dict[tuple[str, int, int], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    first_seen: dict[tuple[str, int, int], tuple[int, int]] = {}
    for score in scores:
        key = (score.element, score.scale_min, score.scale_max)
        grouped[key][score.score] += max(score.count, 0)
        rank = (order.get(score.item_id, 10_000), score.id or 0)
        first_seen[key] = min(first_seen.get(key, rank), rank)
    lines = []
    for key in sorted(grouped, key=lambda k: first_seen[k]):
        counts = grouped[key]
        total = sum(counts.values())
        average = sum(s * n for s, n in counts.items()) / total if total else None
        lines.append(EvaluationLine(key[0], key[1], key[2], average, total,
                                    tuple(sorted((s, n) for s, n in counts.items() if n))))
    return tuple(lines)


def _round_header(course_round: CourseRound) -> RoundHeader:
    return RoundHeader(course_round.id, course_round.title, course_round.template_id, course_round.start_date,
                       course_round.facilitators, course_round.place)


def _note_lines(db: Session, notes: Sequence[Note], titles: dict[int, str], people: dict[int, Person],
                numbers: dict[int, int]) -> list[NoteLine]:
    ids = [n.id for n in notes]
    tags: dict[int, list[int]] = defaultdict(list)
    if ids:
        for tag in db.exec(select(NoteTag).where(col(NoteTag.note_id).in_(ids))):
            tags[tag.note_id].append(tag.participant_id)
    people.update(_load_people(db, {p for ps in tags.values() for p in ps}, people))
    lines = []
    for note in notes:
        if not note.text.strip():
            continue  # an autosaved note nobody wrote in
        tagged = tuple(sorted((people[p] for p in tags.get(note.id, [])), key=lambda p: p.name.casefold()))
        lines.append(NoteLine(note.id, note.item_id, titles.get(note.item_id, "") if note.item_id else "",
                              note.text.strip(), tagged, note.follow_up, note.quote, note.created_at,
                              numbers.get(note.session_id)))
    return lines


# --------------------------------------------------------------------------------------------------
# The session summary


def build_session_summary(store: Any, session_id: int) -> SessionSummary:
    """Everything the summary screen and the session exports show, from the store."""
    now = store.now()
    with store.read() as db:
        session = db.get(CourseSession, session_id)
        if session is None:
            raise NotFound(_("There is no session with id {id}.").format(id=session_id))
        course_round = db.get(CourseRound, session.round_id)
        sessions = list(db.exec(select(CourseSession).where(CourseSession.round_id == session.round_id)))
        numbers = {s.id: s.number for s in sessions}
        roster, enrolments = _roster(db, session.round_id)
        people = {p.id: p for p in roster}
        items = list(db.exec(select(AgendaItem).where(AgendaItem.session_id == session_id)
                             .order_by(col(AgendaItem.position))))
        item_ids = [item.id for item in items]
        titles = {item.id: item.title for item in items}
        order: dict[int | None, int] = {item.id: item.position for item in items}

        # Attendance: everyone enrolled (or marked) with their latest mark.
        events = list(db.exec(select(AttendanceEvent).where(AttendanceEvent.session_id == session_id)))
        people = _load_people(db, {e.participant_id for e in events}, people)
        marks = _attendance_lines(events, people)
        attendance = []
        for person in sorted(people.values(), key=lambda p: p.name.casefold()):
            line = marks.get((session_id, person.id))
            enrolment = enrolments.get(person.id)
            if line is None:
                if enrolment is None or enrolment.removed_at is not None:
                    continue
                line = AttendanceLine(person, AttendanceStatus.UNMARKED)
            attendance.append(line)

        # Agenda: planned against run.
        timers: dict[int, list[TimerEvent]] = defaultdict(list)
        if item_ids:
            for event in db.exec(select(TimerEvent).where(col(TimerEvent.item_id).in_(item_ids))):
                timers[event.item_id].append(event)
        moved = _moved_items(items)
        agenda = []
        for item in items:
            # The same arithmetic as the live screen's timers (kursrom.core.timing), from stored events.
            timer = item_time(item.planned_minutes, timers.get(item.id, []), session.ended_at or now)
            agenda.append(AgendaLine(item.id, item.position, item.title, item.kind, item.planned_minutes,
                                     round(timer.adjusted), round(timer.elapsed) if timer.started else None,
                                     timer.running, item.skipped, item.origin == "added", item.id in moved))

        # Notes and follow-up flags.
        notes = list(db.exec(select(Note).where(Note.session_id == session_id)
                             .order_by(col(Note.created_at), col(Note.id))))
        note_lines = _note_lines(db, notes, titles, people, numbers)
        groups: dict[int | None, list[NoteLine]] = defaultdict(list)
        for line in note_lines:
            groups[line.item_id if line.item_id in titles else None].append(line)
        note_groups = [NoteGroup(item.id, item.title, tuple(groups[item.id])) for item in items if groups.get(item.id)]
        if groups.get(None):
            note_groups.append(NoteGroup(None, _("Other notes"), tuple(groups[None])))
        flagged: dict[int | None, list[NoteLine]] = defaultdict(list)
        for line in note_lines:
            if line.follow_up:
                for person in line.tags or (None,):
                    flagged[person.id if person else None].append(line)
        follow_ups = [FollowUpList(people[pid], tuple(flagged[pid]))
                      for pid in sorted((k for k in flagged if k is not None), key=lambda k: people[k].name.casefold())]
        if flagged.get(None):
            follow_ups.append(FollowUpList(None, tuple(flagged[None])))

        # Exercise results.
        results = list(db.exec(select(ExerciseResult).where(col(ExerciseResult.item_id).in_(item_ids))
                               .order_by(col(ExerciseResult.id)))) if item_ids else []
        people = _load_people(db, {r.participant_id for r in results if r.participant_id}, people)
        buckets: dict[str, list[ResultLine]] = defaultdict(list)
        tallies = []
        kinds = {item.id: item.kind for item in items}
        by_id = {item.id: item for item in items}
        for result in sorted(results, key=lambda r: (order.get(r.item_id, 0), _sort_name(people, r.participant_id))):
            kind = result.kind or kinds.get(result.item_id, "")
            if kind == "card_sort":
                tally = _tally(by_id.get(result.item_id), result.data or {})
                if tally:
                    tallies.append(tally)
                    continue
            lines = result_lines(kind, result.data or {}, people)
            if not lines:
                continue
            person = people.get(result.participant_id) if result.participant_id else None
            line = ResultLine(result.item_id, titles.get(result.item_id, ""), kind, person, lines, session.number)
            bucket = {"animal": "animals", "role_play": "role_play", "timeline": "timelines"}.get(kind)
            if bucket is None:
                bucket = "highlights" if kind in ("reflection", "career_story", "talk", "homework", "presentation",
                                                  "group_rules", "job_ad", "sot", "") else "other"
            buckets[bucket].append(line)

        # SØT boards revised in this session, as they stood at its end (later revisions left out).
        touched = set(db.exec(select(SotRevision.board_id).where(SotRevision.session_id == session_id)).all())
        boards = {b.id: b for b in db.exec(select(SotBoard).where(col(SotBoard.id).in_(touched)))} if touched else {}
        by_board: dict[int, list[SotRevision]] = defaultdict(list)
        if boards:
            for revision in db.exec(select(SotRevision).where(col(SotRevision.board_id).in_(list(boards)))):
                by_board[revision.board_id].append(revision)
        people = _load_people(db, {b.participant_id for b in boards.values()}, people)
        sot_plans = []
        for board_id, own in by_board.items():
            own.sort(key=lambda r: r.id or 0)
            last = max(i for i, r in enumerate(own) if r.session_id == session_id)
            sot_plans.append(_sot_plan(people[boards[board_id].participant_id], own[: last + 1], numbers))
        sot_plans.sort(key=lambda p: p.participant.name.casefold())

        scores = list(db.exec(select(EvaluationScore).where(EvaluationScore.session_id == session_id)))
        comments = [c.text.strip() for c in db.exec(select(EvaluationComment).where(
            EvaluationComment.session_id == session_id).order_by(col(EvaluationComment.id))) if c.text.strip()]
        exports = [ExportLine(e.path, e.format, e.anonymized, e.at) for e in db.exec(
            select(ExportRecord).where(ExportRecord.session_id == session_id).order_by(col(ExportRecord.id)))]

    header = SessionHeader(
        session.id, session.round_id, course_round.title if course_round else "",
        course_round.template_id if course_round else "", session.number, len(sessions), session.title,
        session.theme, session.planned_start, session.planned_end, session.started_at, session.ended_at,
        course_round.facilitators if course_round else "", course_round.place if course_round else "",
        session.status,
    )
    return SessionSummary(
        header, tuple(attendance), tuple(agenda), tuple(follow_ups), tuple(note_groups),
        animals=tuple(buckets["animals"]), sot_plans=tuple(sot_plans), role_play=tuple(buckets["role_play"]),
        card_sorts=tuple(tallies), timelines=tuple(buckets["timelines"]), highlights=tuple(buckets["highlights"]),
        other_results=tuple(buckets["other"]), evaluation=_evaluation(scores, order), comments=tuple(comments),
        exports=tuple(exports),
    )


def _sort_name(people: dict[int, Person], participant_id: int | None) -> str:
    return people[participant_id].name.casefold() if participant_id in people else ""


# --------------------------------------------------------------------------------------------------
# The round


def _round_basics(db: Session, round_id: int) -> tuple[CourseRound, list[CourseSession], list[Person],
                                                         dict[int, Enrolment]]:
    course_round = db.get(CourseRound, round_id)
    if course_round is None:
        raise NotFound(_("There is no course round with id {id}.").format(id=round_id))
    sessions = list(db.exec(select(CourseSession).where(CourseSession.round_id == round_id)
                            .order_by(col(CourseSession.number))))
    roster, enrolments = _roster(db, round_id)
    return course_round, sessions, roster, enrolments


def _columns(sessions: Sequence[CourseSession]) -> tuple[SessionColumn, ...]:
    return tuple(SessionColumn(s.id, s.number, s.planned_start, s.theme or s.title, s.status) for s in sessions)


def build_round_report(store: Any, round_id: int) -> RoundReport:
    """The attendance matrix, each evaluated element across the sessions, and follow-up outcomes."""
    with store.read() as db:
        course_round, sessions, roster, enrolments = _round_basics(db, round_id)
        session_ids = [s.id for s in sessions]
        numbers = {s.id: s.number for s in sessions}
        people = {p.id: p for p in roster}
        events = list(db.exec(select(AttendanceEvent).where(col(AttendanceEvent.session_id).in_(session_ids))))
        people = _load_people(db, {e.participant_id for e in events}, people)
        marks = _attendance_lines(events, people)
        # Current participants, and anyone removed later who was marked at least once.
        marked = {pid for _sid, pid in marks}
        shown = [p for p in people.values()
                 if (p.id in enrolments and enrolments[p.id].removed_at is None) or p.id in marked]
        shown.sort(key=lambda p: p.name.casefold())
        matrix = tuple(tuple(marks.get((sid, person.id)) for sid in session_ids) for person in shown)

        scores = list(db.exec(select(EvaluationScore).where(col(EvaluationScore.session_id).in_(session_ids))))
        positions = {i.id: i.position for i in db.exec(select(AgendaItem).where(
            col(AgendaItem.session_id).in_(session_ids)))}
        follow_ups = list(db.exec(select(FollowUp).where(FollowUp.round_id == round_id)))

    evaluation = _element_series(scores, numbers, positions)
    current = [p.id for p in roster if enrolments[p.id].removed_at is None]
    outcomes = outcome_share(current_statuses(follow_ups), current)
    return RoundReport(_round_header(course_round), _columns(sessions), tuple(shown), matrix, evaluation, outcomes)


def _element_series(scores: Sequence[EvaluationScore], numbers: dict[int, int],
                    positions: dict[int, int]) -> tuple[ElementSeries, ...]:
    # (element, scale) -> session number -> score -> count
    per: dict[tuple[str, int, int], dict[int, dict[int, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int)))
    first: dict[tuple[str, int, int], tuple[int, int]] = {}
    for score in scores:
        key = (score.element, score.scale_min, score.scale_max)
        number = numbers.get(score.session_id, 0)
        per[key][number][score.score] += max(score.count, 0)
        rank = (number, positions.get(score.item_id, 0) if score.item_id else 0)
        first[key] = min(first.get(key, rank), rank)
    series = []
    for key in sorted(per, key=lambda k: first[k]):
        points = []
        total = weighted = 0
        for number in sorted(per[key]):
            counts = per[key][number]
            n = sum(counts.values())
            if n:
                points.append((number, sum(s * c for s, c in counts.items()) / n, n))
                total += n
                weighted += sum(s * c for s, c in counts.items())
        series.append(ElementSeries(key[0], key[1], key[2], tuple(points), weighted / total if total else None, total))
    return tuple(series)


# --------------------------------------------------------------------------------------------------
# One participant, for their NAV advisor


def build_participant_report(store: Any, round_id: int, participant_id: int) -> ParticipantReport:
    """A participant's attendance across the round, the notes tagged to them, their SØT plan (with
    its history), their exercise results and their follow-up status."""
    return build_participant_reports(store, round_id, [participant_id])[0]


def build_participant_reports(store: Any, round_id: int, participant_ids: Sequence[int] | None = None,
                              ) -> list[ParticipantReport]:
    """Reports for the given participants, or for everyone currently enrolled (None), by name."""
    with store.read() as db:
        course_round, sessions, roster, enrolments = _round_basics(db, round_id)
        people = {p.id: p for p in roster}
        if participant_ids is None:
            wanted = [p.id for p in sorted(roster, key=lambda p: p.name.casefold())
                      if enrolments[p.id].removed_at is None]
        else:
            wanted = list(participant_ids)
            for pid in wanted:
                if pid not in enrolments:
                    exists = db.get(Participant, pid) is not None
                    raise NotFound(
                        _("Participant {id} is not enrolled in course round {round}.").format(id=pid, round=round_id)
                        if exists else _("There is no participant with id {id}.").format(id=pid))
        session_ids = [s.id for s in sessions]
        numbers = {s.id: s.number for s in sessions}
        columns = _columns(sessions)
        events = list(db.exec(select(AttendanceEvent).where(
            col(AttendanceEvent.session_id).in_(session_ids), col(AttendanceEvent.participant_id).in_(wanted))))
        marks = _attendance_lines(events, people)

        items = list(db.exec(select(AgendaItem).where(col(AgendaItem.session_id).in_(session_ids))))
        titles = {i.id: i.title for i in items}
        item_session = {i.id: i.session_id for i in items}
        item_rank = {i.id: (numbers.get(i.session_id, 0), i.position) for i in items}
        tagged_ids = db.exec(select(NoteTag.note_id, NoteTag.participant_id).where(
            col(NoteTag.participant_id).in_(wanted))).all()
        notes_for: dict[int, set[int]] = defaultdict(set)
        for note_id, pid in tagged_ids:
            notes_for[pid].add(note_id)
        all_note_ids = {n for ids in notes_for.values() for n in ids}
        notes = list(db.exec(select(Note).where(col(Note.id).in_(all_note_ids), col(Note.session_id).in_(session_ids))
                             .order_by(col(Note.created_at), col(Note.id)))) if all_note_ids else []
        note_lines = _note_lines(db, notes, titles, people, numbers)

        results = list(db.exec(select(ExerciseResult).where(
            col(ExerciseResult.participant_id).in_(wanted), col(ExerciseResult.item_id).in_(list(titles)))))
        boards = list(db.exec(select(SotBoard).where(col(SotBoard.participant_id).in_(wanted))))
        revisions: dict[int, list[SotRevision]] = defaultdict(list)
        if boards:
            for revision in db.exec(select(SotRevision).where(col(SotRevision.board_id).in_([b.id for b in boards]))):
                revisions[revision.board_id].append(revision)
        follow_ups = current_statuses(db.exec(select(FollowUp).where(
            FollowUp.round_id == round_id, col(FollowUp.participant_id).in_(wanted))))

    reports = []
    for pid in wanted:
        person = people[pid]
        attendance = tuple(ParticipantSessionLine(column, marks.get((column.session_id, pid))) for column in columns)
        own_notes = tuple(line for line in note_lines if line.id in notes_for[pid])
        own_results = []
        for result in sorted((r for r in results if r.participant_id == pid), key=lambda r: item_rank[r.item_id]):
            lines = result_lines(result.kind, result.data or {}, people)
            if lines:
                own_results.append(ResultLine(result.item_id, titles[result.item_id], result.kind, person, lines,
                                              numbers.get(item_session[result.item_id])))
        # Their plan: the board of this round if there is one, else their latest board anywhere.
        own_boards = [b for b in boards if b.participant_id == pid and revisions.get(b.id)]
        own_boards.sort(key=lambda b: (b.round_id == round_id, max(r.id for r in revisions[b.id])))
        sot = _sot_plan(person, revisions[own_boards[-1].id], numbers, history=True) if own_boards else None
        latest = follow_ups.get(pid)
        status = FollowUpStatus(latest.status, latest.on, latest.note) if latest else None
        enrolment = enrolments.get(pid)
        removed = enrolment.removed_reason if enrolment and enrolment.removed_at else ""
        reports.append(ParticipantReport(_round_header(course_round), person, attendance, own_notes, sot,
                                         tuple(own_results), status, removed))
    return reports


# --------------------------------------------------------------------------------------------------
# Pseudonyms


T = TypeVar("T")

#: Fields that hold codes, not text; pseudonyms never touch them.
_CODE_FIELDS = frozenset({"status", "kind", "format", "template_id", "due"})


class Pseudonyms:
    """Stable pseudonyms ("Deltaker 1", "Deltaker 2", ...) for a round's participants, by enrolment
    order, and a replacer for free text.

    In text, a full name, and each part of a name alone (a first name said on its own), is replaced
    wherever it stands as a word, in any case and Unicode form, longest names first, with a
    genitive kept ("Åses CV" becomes "Deltaker 1s CV"); an Arabic name also behind a one-letter
    proclitic. A name part two people share becomes both pseudonyms ("Deltaker 2/Deltaker 6").

    `spare` (a participant id) leaves that person's own name, and any part of it, as it is: their
    advisor's page keeps their name while everyone else's is replaced.
    """

    def __init__(self, people: Sequence[Person], *, label: str | None = None,
                 replacement: dict[int, str] | None = None) -> None:
        label = label or _("Participant {number}")
        self.names: dict[int, str] = {}
        for number, person in enumerate(people, start=1):
            self.names[person.id] = (replacement or {}).get(person.id) or label.format(number=number)
        owners: dict[str, set[int]] = defaultdict(set)
        full_names: dict[str, int] = {}
        for person in people:
            full = " ".join(unicodedata.normalize("NFC", person.name).split())
            if not full:
                continue
            full_names.setdefault(full.lower(), person.id)
            for text in (full, *(part for part in full.split(" ") if len(part) >= 2)):
                owners[text.lower()].add(person.id)
        #: text (lower case) -> the participants it may stand for; a full name stands for its owner.
        self._owners = {text: ({full_names[text]} if text in full_names else ids) for text, ids in owners.items()}
        alternatives = []
        for text in sorted(self._owners, key=len, reverse=True):
            body = r"\s+".join(re.escape(word) for word in text.split(" "))
            # A name in Arabic script also stands behind a one-letter proclitic (وفاطمة, "and Fatima").
            start = r"(?:(?<!\w)|(?<=(?<!\w)[وفبلك]))" if _ARABIC.match(text) else r"(?<!\w)"
            alternatives.append(start + body)
        self._pattern = (re.compile(r"(" + "|".join(alternatives) + r")((?:['’]s?|s)?)(?!\w)", re.IGNORECASE)
                         if alternatives else None)

    def _pseudonym(self, ids: set[int]) -> str:
        return "/".join(sorted({self.names[i] for i in ids}, key=_natural))

    def name(self, person: Person, spare: int | None = None) -> str:
        if person.id == spare:
            return person.name
        return self.names.get(person.id) or self.text(person.name, spare)

    def text(self, text: str, spare: int | None = None) -> str:
        if not text or self._pattern is None:
            return text

        def swap(match: re.Match[str]) -> str:
            ids = self._owners.get(" ".join(match.group(1).split()).lower())
            if not ids or spare in ids:
                return match.group(0)
            return self._pseudonym(ids) + match.group(2)

        normal = unicodedata.normalize("NFC", text)
        replaced = self._pattern.sub(swap, normal)
        return text if replaced == normal else replaced

    def apply(self, value: T, spare: int | None = None) -> T:
        """The same report with every participant (but `spare`) replaced, in names and in free text."""
        return _walk(value, self, spare)


_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")


def _natural(text: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def _walk(value: Any, pseudonyms: Pseudonyms, spare: int | None) -> Any:
    if isinstance(value, str):
        return pseudonyms.text(value, spare)
    if isinstance(value, Person):
        return Person(value.id, pseudonyms.name(value, spare))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            if f.name in _CODE_FIELDS:
                continue
            old = getattr(value, f.name)
            new = _walk(old, pseudonyms, spare)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    if isinstance(value, tuple):
        return tuple(_walk(v, pseudonyms, spare) for v in value)
    if isinstance(value, list):
        return [_walk(v, pseudonyms, spare) for v in value]
    if isinstance(value, dict):
        return {_walk(k, pseudonyms, spare): _walk(v, pseudonyms, spare) for k, v in value.items()}
    return value


def round_people(store: Any, round_id: int) -> list[Person]:
    """Everyone ever enrolled in a round (enrolment order), then anyone else marked or tagged in
    it: the people pseudonyms must cover."""
    with store.read() as db:
        roster, _enrolments = _roster(db, round_id)
        known = {p.id for p in roster}
        sessions = [s.id for s in db.exec(select(CourseSession).where(CourseSession.round_id == round_id))]
        extra: set[int] = set()
        if sessions:
            extra |= set(db.exec(select(AttendanceEvent.participant_id).where(
                col(AttendanceEvent.session_id).in_(sessions))).all())
            extra |= set(db.exec(select(NoteTag.participant_id).join(Note, col(Note.id) == col(NoteTag.note_id))
                                 .where(col(Note.session_id).in_(sessions))).all())
        extra -= known
        if extra:
            roster += [_person(p) for p in db.exec(select(Participant).where(col(Participant.id).in_(extra))
                                                   .order_by(col(Participant.id)))]
    return roster


def anonymize(report: T, store: Any, round_id: int) -> T:
    """`report` with every participant of the round as "Deltaker N" (stable across exports)."""
    return Pseudonyms(round_people(store, round_id)).apply(report)


def others_redactor(store: Any, round_id: int) -> Pseudonyms:
    """Replaces every participant of the round with "another participant"; apply it with
    `spare=` the participant whose page it is."""
    people = round_people(store, round_id)
    other = _("another participant")
    return Pseudonyms(people, replacement={p.id: other for p in people})


def redact_others(report: ParticipantReport, store: Any, redactor: Pseudonyms | None = None) -> ParticipantReport:
    """A participant's report for their own advisor: other participants' names in its free text
    become "another participant", so one person's page never discloses the rest of the group."""
    redactor = redactor or others_redactor(store, report.round.round_id)
    return redactor.apply(report, spare=report.participant.id)


# --------------------------------------------------------------------------------------------------
# Words and numbers, shared by the summary screen and the exports


def local(moment: datetime | None, pattern: str = "%d.%m.%Y %H:%M") -> str:
    return moment.astimezone(OSLO).strftime(pattern) if moment else ""


def clock_time(moment: datetime | None) -> str:
    return local(moment, "%H:%M")


def day(moment: datetime | None) -> str:
    return local(moment, "%d.%m.%Y")


def attendance_text(line: AttendanceLine | None, *, with_reason: bool = True) -> str:
    """"present", "late 12:15", "left early 14:10", "absent (ill)"."""
    if line is None:
        return ""
    text = AttendanceStatus.label_of(line.status)
    if line.time and line.status in TIMED:
        text += " " + clock_time(line.time)
    if with_reason and line.reason:
        text += f" ({line.reason})"
    return text


def mark_text(mark: AttendanceMark, session_day: datetime | None = None) -> str:
    """One entry of a participant's attendance history: what was marked, and when (the time of
    day only, when the mark was made on the session's own day)."""
    what = AttendanceStatus.label_of(mark.status)
    if mark.time and mark.status in TIMED:
        what += " " + clock_time(mark.time)
    if mark.reason:
        what += f" ({mark.reason})"
    same_day = session_day is not None and day(session_day) == day(mark.at)
    return _("{what}, marked {when}").format(what=what, when=clock_time(mark.at) if same_day else local(mark.at))


def minutes_text(seconds: int | None) -> str:
    """Run time as minutes and seconds, "17:05"; "–" when never started."""
    return NONE if seconds is None else clock_text(seconds)


def delta_text(line: AgendaLine) -> str:
    """How far an item ran from its plan, "+3" or "−2" minutes; empty when it did not run."""
    if line.actual_seconds is None:
        return ""
    delta = round((line.actual_seconds - line.planned_minutes * 60) / 60)
    return "±0" if delta == 0 else f"{delta:+d}".replace("-", "−")


def agenda_flags(line: AgendaLine) -> str:
    flags = [line.state.label]
    if line.added:
        flags.append(_("added"))
    if line.moved:
        flags.append(_("moved"))
    if line.adjusted_seconds:
        flags.append(_("{minutes:+d} min on the timer").format(minutes=round(line.adjusted_seconds / 60)))
    return ", ".join(flags)


def iso_day(text: str) -> str:
    """"2026-12-10" as "10.12.2026"; anything else as it is."""
    try:
        return date.fromisoformat(text).strftime("%d.%m.%Y")
    except (TypeError, ValueError):
        return text


def scale_text(line: EvaluationLine | ElementSeries) -> str:
    return f"{line.scale_min}–{line.scale_max}"


def session_heading(header: SessionHeader) -> str:
    """"Session 2 of 5: Hva kan jeg?"."""
    text = _("Session {number} of {count}").format(number=header.number, count=header.sessions_in_round)
    theme = header.theme or header.title
    return f"{text}: {theme}" if theme else text
