"""The presenter in the database: which session it follows, what the facilitator chose to show
(`presenter_state`, one row per session), and the one read a projection is built from.

The presenter window and the HTML page ask `presenter_source` twice a second; it reads a handful
of small rows in one WAL read, which never waits for the facilitator's writes.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col, or_, select

from kursrom.core.clock import OSLO
from kursrom.core.presenter import (
    CONTENT_HIGHLIGHTS, CONTENT_RULES, CONTENTS, PresenterChoice, PresenterSource, Projection, ShownItem, is_base,
    project,
)
from kursrom.core.timing import item_time
from kursrom.core.vocabulary import FINISHED, IN_ROOM, SessionStatus
from kursrom.store.attendance import latest_marks
from kursrom.store.db import Store
from kursrom.store.models import (
    AgendaItem, CourseRound, CourseSession, Enrolment, ExerciseResult, Participant, PresenterState, TimerEvent,
)
from kursrom.store.results import group_rules_for_round

_UNSET: Any = object()


def followed_session(store: Store, now: datetime) -> int | None:
    """The session a presenter shows: the running one; else today's next planned session (its start
    screen), unless one ended today after which none is planned (its thank-you)."""
    from kursrom.store.live import running_session

    running = running_session(store)
    if running is not None:
        return running.id
    day = now.astimezone(OSLO).replace(hour=0, minute=0, second=0, microsecond=0)
    begin, end = day, day + timedelta(days=1)
    with store.read() as db:
        today = list(db.exec(select(CourseSession).where(or_(
            (col(CourseSession.planned_start) >= begin) & (col(CourseSession.planned_start) < end),
            (col(CourseSession.ended_at) >= begin) & (col(CourseSession.ended_at) < end)))))
    ended = sorted((s for s in today if s.status in FINISHED and s.ended_at), key=lambda s: s.ended_at)
    last = ended[-1] if ended else None
    upcoming = sorted((s for s in today if s.status == SessionStatus.PLANNED and s.planned_start
                       and (last is None or s.planned_start > last.ended_at)), key=lambda s: s.planned_start)
    if upcoming:
        return upcoming[0].id
    return last.id if last else None


def _choice(row: PresenterState | None) -> PresenterChoice:
    if row is None:
        return PresenterChoice()
    languages = tuple(str(lang) for lang in row.languages) if isinstance(row.languages, list) else None
    return PresenterChoice(blank=row.blank, content=row.content if row.content in CONTENTS else "item",
                           item_id=row.item_id, statement=max(0, row.statement), languages=languages)


def presenter_choice(store: Store, session_id: int) -> PresenterChoice:
    with store.read() as db:
        return _choice(db.get(PresenterState, session_id))


def set_choice(store: Store, session_id: int, *, blank: bool | None = None, content: str | None = None,
               item_id: int | None = _UNSET, statement: int | None = None,
               languages: tuple[str, ...] | None = _UNSET) -> PresenterChoice:
    """Change what the presenter shows; what is left out stays. `languages=None`: the interpreters'."""
    if content is not None and content not in CONTENTS:
        raise ValueError(f"unknown presenter content {content!r}")
    with store.session() as db:
        row = db.get(PresenterState, session_id) or PresenterState(session_id=session_id)
        if blank is not None:
            row.blank = blank
        if content is not None:
            row.content = content
        if item_id is not _UNSET:
            row.item_id = item_id
        if statement is not None:
            row.statement = max(0, statement)
        if languages is not _UNSET:
            row.languages = None if languages is None else [lang for lang in languages if lang]
        row.updated_at = store.now()
        db.add(row)
        return _choice(row)


def show_statement(store: Store, session_id: int, item_id: int, step: int) -> PresenterChoice:
    """The next (+1) or previous (-1) card-sort statement; the first when none was shown on this item."""
    choice = presenter_choice(store, session_id)
    shown = choice.content_on(item_id) == "statement"
    statement = max(0, choice.statement + step) if shown else 0
    return set_choice(store, session_id, content="statement", item_id=item_id, statement=statement)


def projection_now(store: Store, session_id: int | None, now: datetime) -> Projection:
    """What the room sees now: of `session_id`, or of the session a presenter follows when None."""
    chosen = session_id if session_id is not None else followed_session(store, now)
    return project(presenter_source(store, chosen, now))


def presenter_source(store: Store, session_id: int | None, now: datetime) -> PresenterSource:
    """Everything the projection of `session_id` needs, read at once (an empty source for none)."""
    if session_id is None:
        return PresenterSource(status="", course="", theme="", now=now)
    with store.read() as db:
        session = db.get(CourseSession, session_id)
        if session is None:
            return PresenterSource(status="", course="", theme="", now=now)
        course_round = db.get(CourseRound, session.round_id)
        choice = _choice(db.get(PresenterState, session_id))
        item = db.get(AgendaItem, session.current_item_id) if session.current_item_id else None
        shown = time = None
        if item is not None and session.status == SessionStatus.RUNNING:
            events = db.exec(select(TimerEvent).where(TimerEvent.item_id == item.id)
                             .order_by(col(TimerEvent.at), col(TimerEvent.id)))
            time = item_time(item.planned_minutes, events, now)
            shown = ShownItem(item.id, item.kind, item.title, item.prompt, dict(item.exercise or {}))
        roster = list(db.exec(select(Participant, Enrolment.removed_at)
                              .join(Enrolment, col(Enrolment.participant_id) == col(Participant.id))
                              .where(Enrolment.round_id == session.round_id)))
        marks = {pid: event.status for (_sid, pid), event in latest_marks(db, [session_id]).items()}
        content = choice.content_on(shown.id if shown else None)
        room = _group_highlights(db, shown.id) if shown and content == CONTENT_HIGHLIGHTS else ()
    if shown is not None and content == CONTENT_RULES:
        room = tuple(group_rules_for_round(store, session.round_id))
    enrolled = [person for person, removed in roster if removed is None]
    in_room = [person for person in enrolled if marks.get(person.id) in IN_ROOM] if marks else enrolled
    return PresenterSource(
        status=session.status, course=course_round.title if course_round else "",
        theme=session.theme or session.title, now=now, planned_start=session.planned_start, item=shown,
        time=time, choice=choice, interpreter_languages=interpreter_languages(in_room), room_texts=room,
        names=tuple(person.name for person, _removed in roster))


def _group_highlights(db, item_id: int) -> tuple[str, ...]:  # noqa: ANN001
    """The whole group's highlights on an item (never one person's), when the facilitator shows them."""
    row = db.exec(select(ExerciseResult).where(ExerciseResult.item_id == item_id,
                                               col(ExerciseResult.participant_id).is_(None))).first()
    entries = (row.data.get("highlights") or []) if row else []
    return tuple(str(entry.get("text", "")) for entry in entries if isinstance(entry, dict))


def interpreter_languages(people: list[Participant]) -> tuple[str, ...]:
    """The interpreter languages of `people`, the most needed first."""
    counts = Counter(p.interpreter_language for p in people
                     if p.interpreter_language and not is_base(p.interpreter_language))
    return tuple(lang for lang, _count in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0])))
