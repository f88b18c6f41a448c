"""The reports: plain frozen dataclasses that the summary screen, the participant page and the exports
render. `kursrom.core.reports.pseudonyms` walks them field by field, so every name in them is a
`Person` or free text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from kursrom.core.outcomes import OutcomeShare
from kursrom.core.vocabulary import ATTENDED, HELD, RunState


@dataclass(frozen=True)
class Person:
    id: int
    name: str


# --------------------------------------------------------------------------------------------------
# Attendance


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


# --------------------------------------------------------------------------------------------------
# The agenda, notes and results


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
class FlaggedParagraph:
    """A paragraph of a note flagged for one participant (`kursrom.core.paragraphs`): for their NAV
    advisor to follow up, as their quote, or both."""

    note_id: int
    index: int  # its line in the note
    text: str  # without the flags
    participant: Person
    follow_up: bool = False
    quote: bool = False
    item_title: str = ""
    session_number: int | None = None
    created_at: datetime | None = None


@dataclass(frozen=True)
class NoteLine:
    """A note, and whom it is about: the people tagged in it (@), and the people its text names
    (`kursrom.core.names.mention_finder`); and its paragraphs flagged for someone."""

    id: int
    item_id: int | None
    item_title: str
    text: str  # without the flags
    tags: tuple[Person, ...] = ()
    flagged: tuple[FlaggedParagraph, ...] = ()
    created_at: datetime | None = None
    session_number: int | None = None
    mentions: tuple[Person, ...] = ()

    @property
    def follow_up(self) -> bool:
        """A paragraph of it is flagged for someone's follow-up."""
        return any(paragraph.follow_up for paragraph in self.flagged)

    @property
    def quote(self) -> bool:
        return any(paragraph.quote for paragraph in self.flagged)

    def is_about(self, participant_id: int) -> bool:
        """The note belongs to the participant: it tags them, or names them."""
        return any(person.id == participant_id for person in (*self.tags, *self.mentions))


@dataclass(frozen=True)
class NoteGroup:
    """The notes written under one agenda item (item_id None: notes not tied to an item)."""

    item_id: int | None
    title: str
    notes: tuple[NoteLine, ...]


@dataclass(frozen=True)
class FollowUpList:
    """The paragraphs flagged for a participant's NAV advisor to follow up, in time order."""

    participant: Person
    paragraphs: tuple[FlaggedParagraph, ...]


@dataclass(frozen=True)
class ConsentEntry:
    """A participant's answer, in one round, to whether their plan (SØT, the way ahead), the notes
    flagged for their NAV advisor and their quotes are shared with that advisor."""

    given: bool
    at: datetime | None
    recorded_by: str = ""


@dataclass(frozen=True)
class ConsentLine:
    """A participant and their current consent (None: never asked, so not given)."""

    participant: Person
    entry: ConsentEntry | None = None

    @property
    def given(self) -> bool:
        return self.entry is not None and self.entry.given


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
    history: tuple[SotPlan, ...] = ()  # earlier revisions, oldest first (participant record only)


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


# --------------------------------------------------------------------------------------------------
# A session


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
    group_rules: tuple[ResultLine, ...] = ()  # the rules the group agreed, under their own heading
    consents: tuple[ConsentLine, ...] = ()  # everyone on the roster now, by name

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
                    self.highlights, self.other_results, self.evaluation, self.comments, self.group_rules))


# --------------------------------------------------------------------------------------------------
# A round


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
class ElementSeries:
    """One evaluated element across the round: its average per session and overall."""

    element: str
    scale_min: int
    scale_max: int
    per_session: tuple[tuple[int, float, int], ...]  # (session number, average, responses)
    average: float | None
    responses: int
    #: (session number, ((score, count), ...)): how many gave each score, for the evaluation CSV.
    distributions: tuple[tuple[int, tuple[tuple[int, int], ...]], ...] = ()

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
    comments: tuple[tuple[int, str], ...] = ()  # the evaluations' open answers: (session number, text)
    group_rules: tuple[str, ...] = ()  # as the group agreed them

    def present_at(self, index: int) -> int:
        return sum(1 for row in self.matrix if row[index] and row[index].attended)

    def attended_by(self, row: int) -> int:
        return sum(1 for cell in self.matrix[row] if cell and cell.attended)


# --------------------------------------------------------------------------------------------------
# One participant in a round: what the participant page shows and the advisor pages export


@dataclass(frozen=True)
class PersonDetails:
    language: str = ""
    interpreter_language: str | None = None
    contact: str = ""
    accessibility_note: str = ""


@dataclass(frozen=True)
class EnrolmentState:
    removed_at: datetime | None = None
    removed_reason: str = ""

    @property
    def removed(self) -> bool:
        return self.removed_at is not None


@dataclass(frozen=True)
class SessionMark:
    """A participant at one session of the round: their current mark (None: never marked)."""

    session: SessionColumn
    mark: AttendanceLine | None

    @property
    def corrections(self) -> int:
        """How many earlier marks the current one replaced."""
        return len(self.mark.history) - 1 if self.mark and self.mark.history else 0


@dataclass(frozen=True)
class RecordNote(NoteLine):
    """A note in a participant's record."""

    tagged: bool = False  # tagged to them; False: their name is in its text


@dataclass(frozen=True)
class FollowUpEntry:
    status: str  # a FollowUpStatus
    on: date
    note: str = ""


@dataclass(frozen=True)
class ParticipantRecord:
    """Everything kursrom holds about one participant in one round. The participant page shows it
    and the advisor pages export it (with other people's names taken out), so both say the same."""

    round: RoundHeader
    participant: Person
    details: PersonDetails
    enrolment: EnrolmentState | None  # None: not enrolled in this round
    attendance: tuple[SessionMark, ...]
    notes: tuple[RecordNote, ...]  # tagged to them or naming them, in time order
    sot: SotPlan | None
    results: tuple[ResultLine, ...]
    follow_up: tuple[FollowUpEntry, ...]  # newest first: the first is the current status
    flagged: tuple[FlaggedParagraph, ...] = ()  # paragraphs flagged for them, in time order
    way_ahead: tuple[ResultLine, ...] = ()  # their plan for the way ahead (kursrom.core.reports.record)
    consent: tuple[ConsentEntry, ...] = ()  # newest first: the first is the current answer

    @property
    def current_follow_up(self) -> FollowUpEntry | None:
        return self.follow_up[0] if self.follow_up else None

    @property
    def consent_given(self) -> bool:
        """They agreed to share their plan, flagged notes and quotes with their advisor, and have not
        withdrawn it. Nobody asked means not given."""
        return bool(self.consent) and self.consent[0].given

    @property
    def removed_reason(self) -> str:
        return self.enrolment.removed_reason if self.enrolment and self.enrolment.removed else ""

    @property
    def attended(self) -> int:
        return sum(1 for line in self.attendance if line.mark and line.mark.attended)

    @property
    def held(self) -> int:
        return sum(1 for line in self.attendance if line.session.held)


@dataclass(frozen=True)
class AdvisorPage:
    """What a participant's NAV advisor receives (`kursrom.core.reports.advisor`). Without their
    consent: the course, attendance and the follow-up status. With it, also their plan, and the
    paragraphs flagged for them (follow-up or quote), each once."""

    round: RoundHeader
    participant: Person
    consent: ConsentEntry | None  # the current answer; None: never asked
    attendance: tuple[SessionMark, ...]
    follow_up: FollowUpEntry | None  # the current status
    removed_reason: str = ""
    sot: SotPlan | None = None
    way_ahead: tuple[ResultLine, ...] = ()
    flagged: tuple[FlaggedParagraph, ...] = ()

    @property
    def shared(self) -> bool:
        return self.consent is not None and self.consent.given

    @property
    def attended(self) -> int:
        return sum(1 for line in self.attendance if line.mark and line.mark.attended)

    @property
    def held(self) -> int:
        return sum(1 for line in self.attendance if line.session.held)
