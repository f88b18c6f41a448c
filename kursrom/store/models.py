"""The tables. Plain SQLModel: nothing here knows about Textual.

Times are stored in UTC (aware datetimes in Python, ISO text in SQLite). Planned session times are
computed in Europe/Oslo and converted; see `kursrom.core.clock`.

History matters more than convenience here: attendance is a list of events, timers are a list of
events, SØT boards keep every revision, and a session's agenda is a copy of the template taken when
the round was created, so editing a template never rewrites what happened.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, Optional

from sqlalchemy import JSON, Column, DateTime, UniqueConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from kursrom.core.vocabulary import SessionStatus


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out; SQLite itself has no time zones."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("kursrom stores aware datetimes only")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


def _utc_column(nullable: bool = True) -> Any:
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable))


def _json_column(default_factory: Any = dict) -> Any:
    return Field(default_factory=default_factory, sa_column=Column(JSON, nullable=False))


# Codes (statuses, event kinds) are stored as plain strings, so a newer kursrom's value never breaks
# an older one; `kursrom.core.vocabulary` names them and their labels.


class Participant(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str  # a full name or a pseudonym: many prefer not to give full names
    language: str = ""  # preferred language, e.g. "uk"
    interpreter_language: Optional[str] = None  # set when an interpreter is needed
    contact: str = ""
    accessibility_note: str = ""
    created_at: Optional[datetime] = _utc_column()


class CourseRound(SQLModel, table=True):
    """One run of a course template: an intake with its own dates and roster."""

    __tablename__ = "course_round"
    id: Optional[int] = Field(default=None, primary_key=True)
    title: str
    template_id: str
    template_version: int
    start_date: date
    start_time: str  # "HH:MM", local time in Europe/Oslo
    place: str = ""  # a room, or a link for digital groups
    facilitators: str = ""
    skip_dates: list[str] = _json_column(list)  # ISO dates the facilitator chose to skip
    copied_from_id: Optional[int] = Field(default=None, foreign_key="course_round.id", index=True,
                                          ondelete="SET NULL")
    created_at: Optional[datetime] = _utc_column()


class CourseSession(SQLModel, table=True):
    """A dated occurrence of a round: a gathering, or one guidance conversation."""

    __tablename__ = "course_session"
    id: Optional[int] = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="course_round.id", index=True, ondelete="CASCADE")
    number: int
    title: str
    theme: str = ""  # the session's question, e.g. "Hva kan jeg?"
    planned_start: Optional[datetime] = _utc_column()
    planned_end: Optional[datetime] = _utc_column()
    status: str = SessionStatus.PLANNED
    started_at: Optional[datetime] = _utc_column()
    ended_at: Optional[datetime] = _utc_column()
    current_item_id: Optional[int] = None  # the item on screen; resume returns here
    # How often the planned time changed: the calendar's SEQUENCE, so a re-imported .ics updates the event.
    calendar_sequence: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class AgendaItem(SQLModel, table=True):
    __tablename__ = "agenda_item"
    id: Optional[int] = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="course_session.id", index=True, ondelete="CASCADE")
    position: int
    exercise_id: str = ""
    kind: str
    title: str
    prompt: str = ""
    instructions: str = ""
    planned_minutes: int
    exercise: dict = _json_column(dict)  # the exercise as it was when the round was created
    origin: str = "template"  # "template", or "added" during the session
    template_position: Optional[int] = None  # where the template put it; differs when moved
    skipped: bool = False


class TimerEvent(SQLModel, table=True):
    """Start, pause, resume, finish and +/- minutes of one agenda item. Time is derived from these."""

    __tablename__ = "timer_event"
    id: Optional[int] = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="agenda_item.id", index=True, ondelete="CASCADE")
    kind: str
    at: Optional[datetime] = _utc_column(nullable=False)
    seconds: int = 0  # for "adjust": added (+) or removed (-) planned time
    terminal: str = ""
    # For a correction ("undo"): the event it takes back. Both rows stay; the fold skips the pair.
    undoes: Optional[int] = Field(default=None, foreign_key="timer_event.id", index=True, ondelete="CASCADE")


class Enrolment(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("round_id", "participant_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="course_round.id", index=True, ondelete="CASCADE")
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    enrolled_at: Optional[datetime] = _utc_column()
    removed_at: Optional[datetime] = _utc_column()
    removed_reason: str = ""


class AttendanceEvent(SQLModel, table=True):
    """Each mark and each correction is a row; the current state is the latest row per person.

    Attendance can affect a participant's benefits, so nothing here is ever updated in place.
    """

    __tablename__ = "attendance_event"
    id: Optional[int] = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="course_session.id", index=True, ondelete="CASCADE")
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    status: str
    at: Optional[datetime] = _utc_column(nullable=False)  # when the mark was made
    time: Optional[datetime] = _utc_column()  # arrival (late) or leaving (left early)
    reason: str = ""
    terminal: str = ""  # which terminal made the mark
    # For a correction (status "undone"): the mark it takes back (`kursrom.store.attendance`).
    undoes: Optional[int] = Field(default=None, foreign_key="attendance_event.id", index=True, ondelete="CASCADE")


class SessionChange(SQLModel, table=True):
    """The journal of a session's record: each change the facilitator made (start, next, a skip, a
    mark, ...), with what it did, so it can be undone; an undo is a row of its own that `undoes` it.
    `data` holds row ids and the values replaced, never a name (`kursrom.store.journal`)."""

    __tablename__ = "session_change"
    id: Optional[int] = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="course_session.id", index=True, ondelete="CASCADE")
    kind: str
    at: Optional[datetime] = _utc_column(nullable=False)
    terminal: str = ""
    label: str = ""  # an agenda item's title, for the notice that says what was undone
    data: dict = _json_column(dict)
    undoes_id: Optional[int] = Field(default=None, foreign_key="session_change.id", index=True, ondelete="CASCADE")


class Note(SQLModel, table=True):
    """One writer's note on one agenda item. Follow-up and quote flags are written in its text, on the
    paragraph and before the tag of the person they are for (`kursrom.core.paragraphs`)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="course_session.id", index=True, ondelete="CASCADE")
    item_id: Optional[int] = Field(default=None, foreign_key="agenda_item.id", index=True, ondelete="SET NULL")
    text: str = ""
    # Whole-note flags from before schema 2: the upgrade wrote them into the text as paragraph flags
    # and cleared them; reports no longer read them.
    follow_up: bool = False
    quote: bool = False
    created_at: Optional[datetime] = _utc_column()
    updated_at: Optional[datetime] = _utc_column()
    # The writer ("live@host" or "notes@host"), stable across restarts so a reopened app finds its
    # own note and two terminals never overwrite each other's text.
    terminal: str = ""


class NoteTag(SQLModel, table=True):
    __tablename__ = "note_tag"
    note_id: int = Field(foreign_key="note.id", primary_key=True, ondelete="CASCADE")
    participant_id: int = Field(foreign_key="participant.id", primary_key=True, index=True, ondelete="CASCADE")


class ExerciseResult(SQLModel, table=True):
    """What came out of an exercise panel: an animal and traits, a timeline, feedback, a tally.

    `participant_id` is empty for the group's own results (a card-sort tally, group rules).
    """

    __tablename__ = "exercise_result"
    id: Optional[int] = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="agenda_item.id", index=True, ondelete="CASCADE")
    participant_id: Optional[int] = Field(
        default=None, foreign_key="participant.id", index=True, ondelete="CASCADE"
    )
    kind: str
    data: dict = _json_column(dict)
    updated_at: Optional[datetime] = _utc_column()


class SotBoard(SQLModel, table=True):
    """A participant's SØT plan. It belongs to the person, not to a session: it is started in one
    session and revised in later ones, and every revision is kept."""

    __tablename__ = "sot_board"
    id: Optional[int] = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    round_id: Optional[int] = Field(default=None, foreign_key="course_round.id", index=True, ondelete="SET NULL")
    created_at: Optional[datetime] = _utc_column()


class SotRevision(SQLModel, table=True):
    __tablename__ = "sot_revision"
    id: Optional[int] = Field(default=None, primary_key=True)
    board_id: int = Field(foreign_key="sot_board.id", index=True, ondelete="CASCADE")
    session_id: Optional[int] = Field(default=None, foreign_key="course_session.id", index=True, ondelete="SET NULL")
    situation: str = ""  # Situasjonen nå
    wish: str = ""  # Ønskesituasjonen
    actions: list[dict] = _json_column(list)  # Tiltak: [{"text": ..., "date": "YYYY-MM-DD" | None}]
    saved_at: Optional[datetime] = _utc_column()


class EvaluationScore(SQLModel, table=True):
    """Anonymous by design: a count of people who gave a score to an element. No participant id."""

    __tablename__ = "evaluation_score"
    id: Optional[int] = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="course_session.id", index=True, ondelete="CASCADE")
    item_id: Optional[int] = Field(default=None, foreign_key="agenda_item.id", index=True, ondelete="SET NULL")
    element: str  # the rated agenda item's title, kept in case the item changes
    scale_min: int
    scale_max: int
    score: int
    count: int = 0


class EvaluationComment(SQLModel, table=True):
    __tablename__ = "evaluation_comment"
    id: Optional[int] = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="course_session.id", index=True, ondelete="CASCADE")
    text: str
    created_at: Optional[datetime] = _utc_column()


class FollowUp(SQLModel, table=True):
    """A participant's status after the course; the latest row per person and round is current."""

    __tablename__ = "follow_up"
    id: Optional[int] = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    round_id: int = Field(foreign_key="course_round.id", index=True, ondelete="CASCADE")
    status: str
    on: date
    note: str = ""
    recorded_at: Optional[datetime] = _utc_column()


class Consent(SQLModel, table=True):
    """Whether a participant agrees, in one round, that their plan (SØT, the way ahead), the notes
    flagged for their NAV advisor and their quotes are shared with that advisor. Each answer is a row
    (given or withdrawn, when, who recorded it); the latest row per person and round is current, and
    no row at all means not given."""

    id: Optional[int] = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    round_id: int = Field(foreign_key="course_round.id", index=True, ondelete="CASCADE")
    given: bool
    at: Optional[datetime] = _utc_column(nullable=False)
    recorded_by: str = ""  # the computer account that recorded it, and where


class ExportRecord(SQLModel, table=True):
    """Where a summary went, so the summary screen can say so and the session shows as exported; an
    advisor page also says whom it is about (a combined file: a row for each person in it)."""

    __tablename__ = "export_record"
    id: Optional[int] = Field(default=None, primary_key=True)
    session_id: Optional[int] = Field(default=None, foreign_key="course_session.id", index=True, ondelete="CASCADE")
    round_id: Optional[int] = Field(default=None, foreign_key="course_round.id", index=True, ondelete="CASCADE")
    path: str
    format: str
    anonymized: bool = False
    at: Optional[datetime] = _utc_column()
    participant_id: Optional[int] = Field(default=None, foreign_key="participant.id", index=True, ondelete="CASCADE")


class StoreMark(SQLModel, table=True):
    """Facts about the database file itself, one row each: "demo" when kursrom built it as the demo
    (so `kursrom demo --reset` may throw it away), "erasures" counting the people erased from it (so
    rescued notes older than an erasure are not put back). Added in schema 2."""

    __tablename__ = "store_mark"
    key: str = Field(primary_key=True)
    value: str


class PresenterState(SQLModel, table=True):
    """What the facilitator chose for the presenter window, one row per session, so a second process
    (`kursrom present`) follows it. See `kursrom.core.presenter.PresenterChoice`."""

    __tablename__ = "presenter_state"
    session_id: int = Field(foreign_key="course_session.id", primary_key=True, ondelete="CASCADE")
    blank: bool = False
    content: str = "item"
    item_id: Optional[int] = None  # the item `content` was chosen on
    statement: int = 0
    languages: Optional[list[str]] = Field(default=None, sa_column=Column(JSON, nullable=True))
    updated_at: Optional[datetime] = _utc_column()
