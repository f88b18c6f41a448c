"""What the report builders are given: plain data the store read from its rows
(`kursrom.store.reports`), never a row or a database session. Each dataclass holds what the builders
use of one table, and nothing else."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from kursrom.core.reports.data import (
    AttendanceMark, EnrolmentState, ExportLine, Person, PersonDetails, RoundHeader, SessionColumn,
)

#: (session id, participant id) -> every mark, in the order stored: the last is the current one
#: (`kursrom.store.attendance.mark_histories`).
Marks = Mapping[tuple[int, int], tuple[AttendanceMark, ...]]


@dataclass(frozen=True)
class Enrolled:
    """A person on a round's roster (removed ones too)."""

    person: Person
    enrolment: EnrolmentState = EnrolmentState()

    @property
    def current(self) -> bool:
        return not self.enrolment.removed


@dataclass(frozen=True)
class Subject:
    """A participant whose record is wanted."""

    person: Person
    details: PersonDetails = PersonDetails()
    enrolment: EnrolmentState | None = None  # None: not enrolled in the round


@dataclass(frozen=True)
class SessionRow:
    id: int
    number: int
    title: str
    theme: str
    status: str
    planned_start: datetime | None = None
    planned_end: datetime | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None

    @property
    def column(self) -> SessionColumn:
        return SessionColumn(self.id, self.number, self.planned_start, self.theme or self.title, self.status)


@dataclass(frozen=True)
class RoundData:
    """What every report of a round starts from."""

    round: RoundHeader
    sessions: tuple[SessionRow, ...]  # by number
    roster: tuple[Enrolled, ...]  # everyone ever enrolled, in enrolment order
    others: tuple[Person, ...] = ()  # people marked, tagged or with results who are not on the roster

    def people(self) -> dict[int, Person]:
        return {person.id: person for person in (*(e.person for e in self.roster), *self.others)}

    def numbers(self) -> dict[int, int]:
        """Session id -> its number in the round."""
        return {session.id: session.number for session in self.sessions}


@dataclass(frozen=True)
class ItemRow:
    id: int
    session_id: int
    position: int
    title: str
    kind: str
    planned_minutes: int = 0
    origin: str = "template"
    template_position: int | None = None
    skipped: bool = False
    exercise: Mapping[str, Any] = field(default_factory=dict)  # the exercise as the round copied it
    exercise_id: str = ""


@dataclass(frozen=True)
class TimerRow:
    id: int
    item_id: int
    kind: str
    at: datetime
    seconds: int = 0
    undoes: int | None = None  # a correction: the event it takes back (`kursrom.core.timing.counting_events`)


@dataclass(frozen=True)
class NoteRow:
    id: int
    session_id: int
    item_id: int | None
    text: str  # with its flags (`kursrom.core.paragraphs`)
    created_at: datetime | None = None
    tags: tuple[int, ...] = ()  # participant ids


@dataclass(frozen=True)
class ResultRow:
    id: int
    item_id: int
    participant_id: int | None
    kind: str
    data: Mapping[str, Any]


@dataclass(frozen=True)
class RevisionRow:
    id: int
    session_id: int | None
    situation: str
    wish: str
    actions: tuple[Any, ...]
    saved_at: datetime | None


@dataclass(frozen=True)
class BoardRow:
    """A participant's SØT board with every revision, in saving order."""

    id: int
    participant_id: int
    round_id: int | None
    revisions: tuple[RevisionRow, ...]


@dataclass(frozen=True)
class ScoreRow:
    id: int
    session_id: int
    item_id: int | None
    element: str
    scale_min: int
    scale_max: int
    score: int
    count: int


@dataclass(frozen=True)
class FollowUpRow:
    """A follow-up status as recorded (it has what `kursrom.core.outcomes.FollowUpLike` asks)."""

    id: int | None
    participant_id: int
    status: str
    on: date
    recorded_at: datetime | None
    note: str = ""


@dataclass(frozen=True)
class ConsentRow:
    """A consent given or withdrawn, as recorded; the latest row per person and round is current."""

    id: int
    participant_id: int
    given: bool
    at: datetime | None
    recorded_by: str = ""


@dataclass(frozen=True)
class SessionData:
    round: RoundData
    session_id: int
    now: datetime  # a running item counts up to now
    items: tuple[ItemRow, ...]  # the session's agenda, by position
    timers: tuple[TimerRow, ...]
    marks: Marks
    notes: tuple[NoteRow, ...]  # in time order
    results: tuple[ResultRow, ...]
    boards: tuple[BoardRow, ...]  # boards revised in this session
    scores: tuple[ScoreRow, ...]
    comments: tuple[str, ...]
    exports: tuple[ExportLine, ...]
    consents: tuple[ConsentRow, ...] = ()  # the round's, in recording order


@dataclass(frozen=True)
class RoundReportData:
    round: RoundData
    marks: Marks
    scores: tuple[ScoreRow, ...]
    positions: Mapping[int, int]  # agenda item id -> its position
    follow_ups: tuple[FollowUpRow, ...]
    comments: tuple[tuple[int, str], ...] = ()  # (session id, text), in the order written
    group_rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecordData:
    """What the records of some participants of a round are made from."""

    round: RoundData
    subjects: tuple[Subject, ...]  # whose records, in this order
    items: tuple[ItemRow, ...]  # every item of the round's sessions
    marks: Marks
    notes: tuple[NoteRow, ...]  # every note of the round, in time order
    results: tuple[ResultRow, ...]
    boards: tuple[BoardRow, ...]  # the participants' boards, in any round
    follow_ups: tuple[FollowUpRow, ...]
    consents: tuple[ConsentRow, ...] = ()  # the round's, in recording order
