"""What the live screen reads: the session, its agenda and timer events, the roster and the
current marks, in one short read session (`load`), and the cheap queries `kursrom notes` polls.
The changes are `kursrom.store.live`'s, which also makes these names importable from there."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import col, select

from kursrom.core.collation import name_key
from kursrom.core.timing import SessionTiming, session_timing
from kursrom.core.vocabulary import IN_ROOM, SessionStatus
from kursrom.i18n import _
from kursrom.store.attendance import latest_marks
from kursrom.store.db import Store
from kursrom.store.models import (
    AgendaItem, AttendanceEvent, CourseRound, CourseSession, Enrolment, Participant, TimerEvent,
)


class LiveError(Exception):
    """An action that does not apply (the session is not running, another one is). One sentence."""


@dataclass
class LiveSnapshot:
    """Everything the live screen shows, read in one short read session."""

    session: CourseSession
    course_round: CourseRound
    items: list[AgendaItem]
    events: dict[int, list[TimerEvent]]
    participants: list[Participant]  # enrolled now, by name
    attendance: dict[int, AttendanceEvent] = field(default_factory=dict)  # latest per participant

    def timing(self, now: datetime) -> SessionTiming:
        return session_timing(
            self.items, self.events, now, planned_start=self.session.planned_start,
            planned_end=self.session.planned_end, started=self.session.started_at is not None,
            started_at=self.session.started_at,
        )

    def item(self, item_id: int | None) -> AgendaItem | None:
        return next((item for item in self.items if item.id == item_id), None)

    @property
    def current(self) -> AgendaItem | None:
        return self.item(self.session.current_item_id)

    @property
    def present(self) -> list[Participant]:
        """The people in the room now (present or late), by name."""
        return [p for p in self.participants if p.id in self.attendance and self.attendance[p.id].status in IN_ROOM]

    def status_of(self, participant_id: int) -> str | None:
        event = self.attendance.get(participant_id)
        return event.status if event else None


def get_session(store: Store, session_id: int) -> CourseSession | None:
    with store.read() as db:
        return db.get(CourseSession, session_id)


def running_session(store: Store) -> CourseSession | None:
    """The session under way (the latest started, should there be more than one)."""
    with store.read() as db:
        return db.exec(select(CourseSession).where(CourseSession.status == SessionStatus.RUNNING)
                       .order_by(col(CourseSession.started_at).desc(), col(CourseSession.id).desc())).first()


def current_item_id(store: Store, session_id: int) -> tuple[str, int | None]:
    """(status, current item): the cheap query `kursrom notes` polls to follow the facilitator."""
    with store.read() as db:
        row = db.exec(select(CourseSession.status, CourseSession.current_item_id)
                      .where(CourseSession.id == session_id)).first()
    return (row[0], row[1]) if row else ("", None)


def load(store: Store, session_id: int) -> LiveSnapshot:
    with store.read() as db:
        session = db.get(CourseSession, session_id)
        if session is None:
            raise LiveError(_("The session no longer exists."))
        course_round = db.get(CourseRound, session.round_id)
        items = list(db.exec(select(AgendaItem).where(AgendaItem.session_id == session_id)
                             .order_by(col(AgendaItem.position), col(AgendaItem.id))))
        events: dict[int, list[TimerEvent]] = {item.id: [] for item in items}
        for event in db.exec(select(TimerEvent).join(AgendaItem).where(AgendaItem.session_id == session_id)
                             .order_by(col(TimerEvent.at), col(TimerEvent.id))):
            events.setdefault(event.item_id, []).append(event)
        participants = sorted(db.exec(
            select(Participant).join(Enrolment, col(Enrolment.participant_id) == col(Participant.id))
            .where(Enrolment.round_id == session.round_id, col(Enrolment.removed_at).is_(None))),
            key=lambda p: name_key(p.name))
        attendance = _latest_attendance(db, session_id)
    return LiveSnapshot(session, course_round, items, events, participants, attendance)


def _latest_attendance(db, session_id: int) -> dict[int, AttendanceEvent]:  # noqa: ANN001
    return {pid: event for (_sid, pid), event in latest_marks(db, [session_id]).items()}
