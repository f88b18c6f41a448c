"""The words kursrom stores and shows: attendance marks, session and item states, timer events and
follow-up statuses, each with its label and the sets derived from it. Plain Python.

Each vocabulary is a `StrEnum`: a member *is* its stored string, so database columns and JSON keep
plain text, and a value written by a newer kursrom that this one does not know still reads (it just
has no label of its own: `label_of` shows the code). Nothing else in kursrom spells these strings.
"""

from __future__ import annotations

from enum import StrEnum

from kursrom.i18n import N_, _


class Vocabulary(StrEnum):
    """A stored code with a translated label (`_LABELS[cls]` maps each member to its message id)."""

    @property
    def label(self) -> str:
        return _(_LABELS[type(self)][self])

    @classmethod
    def label_of(cls, code: str | None) -> str:
        """The label of a code, or the code itself when this kursrom does not know it."""
        try:
            return cls(code).label
        except ValueError:
            return code or ""

    @classmethod
    def known(cls, code: object) -> bool:
        return code in cls._value2member_map_


# --------------------------------------------------------------------------------------------------
# Attendance


class AttendanceStatus(Vocabulary):
    """A mark in the check-in. Each mark is stored as an event; a person's state is their latest."""

    PRESENT = "present"
    LATE = "late"
    ABSENT = "absent"
    LEFT_EARLY = "left_early"
    #: Never stored: the state of someone nobody has marked yet.
    UNMARKED = "unmarked"
    #: Stored only as a correction: the row takes back the mark it `undoes` (kept in the history).
    UNDONE = "undone"


#: The marks a facilitator can make (UNMARKED is only a state).
MARKS: tuple[AttendanceStatus, ...] = (
    AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.ABSENT, AttendanceStatus.LEFT_EARLY,
)
#: In the room now: the exercise panels work with these people.
IN_ROOM = frozenset({AttendanceStatus.PRESENT, AttendanceStatus.LATE})
#: Counts as having attended the session (summaries, shares, certificates): late and left early too.
ATTENDED = frozenset({AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY})
#: Marks that carry a time of day: when the person arrived, or left.
TIMED = frozenset({AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY})


# --------------------------------------------------------------------------------------------------
# Sessions and rounds


class SessionStatus(Vocabulary):
    PLANNED = "planned"
    RUNNING = "running"
    DONE = "done"
    EXPORTED = "exported"


#: The session has been held (or is being held): attendance there counts.
HELD = frozenset({SessionStatus.RUNNING, SessionStatus.DONE, SessionStatus.EXPORTED})
#: The session is over.
FINISHED = frozenset({SessionStatus.DONE, SessionStatus.EXPORTED})


class RoundState(Vocabulary):
    """Where a course round stands, from its sessions."""

    RUNNING = "running"
    PLANNED = "planned"
    FINISHED = "finished"


# --------------------------------------------------------------------------------------------------
# Agenda items and their timers


class TimerEventKind(StrEnum):
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    ADJUST = "adjust"
    FINISH = "finish"
    #: A correction: the row takes back the event it `undoes`, as if it had never happened.
    UNDO = "undo"


#: Event kinds that open a running interval, and those that close one.
OPENING = frozenset({TimerEventKind.START, TimerEventKind.RESUME})
CLOSING = frozenset({TimerEventKind.PAUSE, TimerEventKind.FINISH})


class TimerState(Vocabulary):
    """One item's timer, from its events."""

    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"
    DONE = "done"


class AgendaState(Vocabulary):
    """An item as the live agenda list shows it."""

    DONE = "done"
    RUNNING = "running"
    PAUSED = "paused"
    CURRENT = "current"
    NEXT = "next"
    SKIPPED = "skipped"
    TODO = "todo"


class RunState(Vocabulary):
    """An item in the summary: how it went, planned against run."""

    DONE = "done"
    RUNNING = "running"
    SKIPPED = "skipped"
    NOT_RUN = "not_run"


# --------------------------------------------------------------------------------------------------
# Changes to a session's record, each of which can be undone


class ChangeKind(Vocabulary):
    """One entry of a session's journal (`kursrom.store.journal`): what the facilitator changed."""

    START = "start"
    END = "end"
    REOPEN = "reopen"
    NEXT = "next"
    PREVIOUS = "previous"
    GO_TO = "go_to"
    SKIP = "skip"
    UNSKIP = "unskip"
    TIMER = "timer"
    ADJUST = "adjust"
    MOVE = "move"
    INSERT = "insert"
    MARK = "mark"
    MARKS = "marks"
    #: Takes back the change it `undoes`.
    UNDO = "undo"


#: The changes the check-in's Ctrl+Z takes back; the live screen's takes back the others.
ATTENDANCE_CHANGES = frozenset({ChangeKind.MARK, ChangeKind.MARKS})


# --------------------------------------------------------------------------------------------------
# After the course


class FollowUpStatus(Vocabulary):
    """A participant's status after the course. A participant with no status recorded has none of
    these: reports show them as NOT_RECORDED, which is never stored."""

    WORK = "work"
    EDUCATION = "education"
    MEASURE = "measure"
    SEEKING = "seeking"
    UNKNOWN = "unknown"
    NOT_RECORDED = "none"


#: The statuses a facilitator records (NOT_RECORDED is only a state).
FOLLOW_UP_CHOICES: tuple[FollowUpStatus, ...] = (
    FollowUpStatus.WORK, FollowUpStatus.EDUCATION, FollowUpStatus.MEASURE, FollowUpStatus.SEEKING,
    FollowUpStatus.UNKNOWN,
)
#: The courses' headline result: in work or in education.
GOOD_OUTCOMES = frozenset({FollowUpStatus.WORK, FollowUpStatus.EDUCATION})


_LABELS: dict[type[Vocabulary], dict[Vocabulary, str]] = {
    AttendanceStatus: {
        AttendanceStatus.PRESENT: N_("present"),
        AttendanceStatus.LATE: N_("late"),
        AttendanceStatus.ABSENT: N_("absent"),
        AttendanceStatus.LEFT_EARLY: N_("left early"),
        AttendanceStatus.UNMARKED: N_("not marked"),
        AttendanceStatus.UNDONE: N_("undone"),
    },
    SessionStatus: {
        SessionStatus.PLANNED: N_("planned"),
        SessionStatus.RUNNING: N_("running"),
        SessionStatus.DONE: N_("done"),
        SessionStatus.EXPORTED: N_("exported"),
    },
    RoundState: {
        RoundState.RUNNING: N_("Running"),
        RoundState.PLANNED: N_("Planned"),
        RoundState.FINISHED: N_("Finished"),
    },
    TimerState: {
        TimerState.IDLE: N_("not started"),
        TimerState.RUNNING: N_("running"),
        TimerState.PAUSED: N_("paused"),
        TimerState.DONE: N_("done"),
    },
    AgendaState: {
        AgendaState.DONE: N_("done"),
        AgendaState.RUNNING: N_("running"),
        AgendaState.PAUSED: N_("paused"),
        AgendaState.CURRENT: N_("current"),
        AgendaState.NEXT: N_("next"),
        AgendaState.SKIPPED: N_("skipped"),
        AgendaState.TODO: N_("to do"),
    },
    RunState: {
        RunState.DONE: N_("done"),
        RunState.RUNNING: N_("running"),
        RunState.SKIPPED: N_("was skipped"),
        RunState.NOT_RUN: N_("not run"),
    },
    ChangeKind: {
        ChangeKind.START: N_("the start of the session"),
        ChangeKind.END: N_("the end of the session"),
        ChangeKind.REOPEN: N_("reopening the session"),
        ChangeKind.NEXT: N_("next item"),
        ChangeKind.PREVIOUS: N_("previous item"),
        ChangeKind.GO_TO: N_("going to an item"),
        ChangeKind.SKIP: N_("skipping an item"),
        ChangeKind.UNSKIP: N_("taking back a skipped item"),
        ChangeKind.TIMER: N_("start/pause of the timer"),
        ChangeKind.ADJUST: N_("the change of time"),
        ChangeKind.MOVE: N_("moving an item"),
        ChangeKind.INSERT: N_("the inserted item"),
        ChangeKind.MARK: N_("an attendance mark"),
        ChangeKind.MARKS: N_("the attendance marks"),
        ChangeKind.UNDO: N_("an undo"),
    },
    FollowUpStatus: {
        FollowUpStatus.WORK: N_("in work"),
        FollowUpStatus.EDUCATION: N_("in education"),
        FollowUpStatus.MEASURE: N_("in a measure (tiltak)"),
        FollowUpStatus.SEEKING: N_("still seeking work"),
        FollowUpStatus.UNKNOWN: N_("unknown"),
        FollowUpStatus.NOT_RECORDED: N_("not recorded"),
    },
}
