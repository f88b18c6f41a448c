"""Course rounds, their sessions and agendas, participants and enrolments."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import col, func, select

from kursrom.core.catalog import Catalog, CourseTemplate
from kursrom.core.catalog.planning import RoundPlan
from kursrom.core.clock import OSLO
from kursrom.core.collation import name_key
from kursrom.core.names import clean_name, same_name_key
from kursrom.core.outcomes import DEFAULT_OUTCOMES
from kursrom.core.roster_csv import RosterProblem, RosterRow
from kursrom.core.schedule import CurrentSession, parse_time, plan_sessions, reschedule, slot
from kursrom.core.vocabulary import FINISHED, RoundState, SessionStatus
from kursrom.i18n import _
from kursrom.store.attendance import attendance_shares
from kursrom.store.db import Store
from kursrom.store.overview import home_order, round_state
from kursrom.store.models import AgendaItem, CourseRound, CourseSession, Enrolment, Participant
from kursrom.store.places import count_places, holds_place, new_enrolment
from kursrom.store.roster_names import distinguished, name_or_fail, roster_keys, same_name_elsewhere


class PlanningError(ValueError):
    """A planning step that cannot be done; the message is one sentence for the facilitator."""


class RosterRejected(PlanningError):
    """A roster import with problems; nothing was imported."""

    def __init__(self, problems: Sequence[RosterProblem]) -> None:
        super().__init__(_("{count} problem(s) in the roster; nothing was imported.").format(count=len(problems)))
        self.problems = list(problems)


def create_round(store: Store, catalog: Catalog, template: CourseTemplate, *, start: date,
                 start_time: str | None = None, title: str | None = None, place: str = "",
                 facilitators: str = "", skip: Iterable[date] = (), plan: RoundPlan | None = None) -> CourseRound:
    """Create a round and its sessions, copying each session's agenda from the template as it is
    now, so that later edits to the template never rewrite this round's history. `plan` carries
    the facilitator's changes to the template's minutes, order and evaluation scale."""
    plan = plan or RoundPlan(template, catalog)
    skipped = sorted(set(skip))
    start_time = start_time or template.schedule.start_time
    planned = plan_sessions(template.schedule.kind, len(template.sessions), start, start_time,
                            [plan.minutes for plan in template.sessions], skip=set(skipped),
                            days=template.schedule.days)
    _all_fit(planned, len(template.sessions), start)
    now = store.now()
    with store.session() as db:
        course_round = CourseRound(
            title=title or template.title, template_id=template.id, template_version=template.version,
            start_date=start, start_time=start_time, place=place, facilitators=facilitators,
            skip_dates=[d.isoformat() for d in skipped], created_at=now,
            outcomes=(template.outcomes or DEFAULT_OUTCOMES).to_json(), places=template.places,
        )
        db.add(course_round)
        db.flush()
        for agenda, when in zip(plan.sessions, planned):
            session = CourseSession(
                round_id=course_round.id, number=agenda.plan.number, title=agenda.plan.title,
                theme=agenda.plan.theme, planned_start=when.start_utc, planned_end=when.end_utc,
            )
            db.add(session)
            db.flush()
            for position, item in enumerate(agenda.items):
                entry, exercise = item.entry, item.exercise
                db.add(AgendaItem(
                    session_id=session.id, position=position, exercise_id=exercise.id, kind=exercise.kind,
                    title=entry.title or exercise.title, prompt=entry.prompt or exercise.prompt,
                    instructions=entry.instructions or exercise.instructions,
                    planned_minutes=item.minutes, exercise=plan.snapshot(agenda, item, catalog),
                    template_position=item.template_position,
                ))
    return course_round


def add_participant(store: Store, name: str, *, language: str = "", interpreter_language: str | None = None,
                    contact: str = "", accessibility_note: str = "", round_id: int | None = None,
                    allow_same_name: bool = False, distinction: str = "") -> Participant:
    """Add a person; with `round_id`, enrol them in that round in the same transaction, after
    making sure no one of the same name is on its roster (see `import_roster` for
    `allow_same_name` and `distinction`)."""
    cleaned = name_or_fail(name)
    with store.session() as db:
        if round_id is not None:
            _round_or_fail(db, round_id)
            taken = roster_keys(db, round_id)
            if same_name_key(cleaned) in taken:
                if not allow_same_name:
                    raise PlanningError(_("{name} is already on this round's roster.").format(name=cleaned))
                cleaned = distinguished(cleaned, clean_name(distinction), taken)
        participant = Participant(name=cleaned, language=language, interpreter_language=interpreter_language,
                                  contact=contact, accessibility_note=accessibility_note, created_at=store.now())
        db.add(participant)
        if round_id is not None:
            db.flush()
            new_enrolment(db, round_id, participant.id, store.now())
    return participant


def enrol(store: Store, round_id: int, participant_ids: Iterable[int]) -> None:
    now = store.now()
    with store.session() as db:
        for participant_id in participant_ids:
            existing = db.exec(select(Enrolment).where(
                Enrolment.round_id == round_id, Enrolment.participant_id == participant_id)).first()
            if existing and existing.removed_at is not None:
                existing.removed_at = None
                existing.removed_reason = ""
                existing.waiting = count_places(db, round_id).full
            elif existing is None:
                new_enrolment(db, round_id, participant_id, now)


def list_rounds(store: Store) -> list[CourseRound]:
    with store.read() as db:
        return list(db.exec(select(CourseRound).order_by(col(CourseRound.start_date).desc())))


def get_round(store: Store, round_id: int) -> CourseRound | None:
    with store.read() as db:
        return db.get(CourseRound, round_id)


def sessions_of(store: Store, round_id: int) -> list[CourseSession]:
    with store.read() as db:
        return list(db.exec(select(CourseSession).where(CourseSession.round_id == round_id)
                            .order_by(col(CourseSession.number))))


def agenda_of(store: Store, session_id: int) -> list[AgendaItem]:
    with store.read() as db:
        return list(db.exec(select(AgendaItem).where(AgendaItem.session_id == session_id)
                            .order_by(col(AgendaItem.position))))


def enrolled(store: Store, round_id: int) -> list[Participant]:
    """The round's current participants (those removed with a reason are left out), by name."""
    with store.read() as db:
        rows = db.exec(
            select(Participant).join(Enrolment, col(Enrolment.participant_id) == col(Participant.id))
            .where(Enrolment.round_id == round_id, holds_place())
        )
        return sorted(rows, key=lambda p: name_key(p.name))


@dataclass(frozen=True)
class RoundOverview:
    round: CourseRound
    state: RoundState
    next_session: CourseSession | None
    participants: int
    sessions: int
    sessions_done: int
    #: Share of expected attendances (held sessions x enrolled people) marked present, late or left
    #: early; None before any session has been held.
    attendance: float | None = None


def round_overviews(store: Store) -> list[RoundOverview]:
    """Every round with what the home screen shows: running first, then planned, then finished."""
    with store.read() as db:
        rounds = list(db.exec(select(CourseRound)))
        sessions = list(db.exec(select(CourseSession).order_by(col(CourseSession.number))))
        counts = dict(db.exec(
            select(Enrolment.round_id, func.count()).where(holds_place())
            .group_by(Enrolment.round_id)).all())
        shares = attendance_shares(db)
    by_round: dict[int, list[CourseSession]] = {}
    for session in sessions:
        by_round.setdefault(session.round_id, []).append(session)
    overviews = []
    for course_round in rounds:
        own = by_round.get(course_round.id, [])
        done = [s for s in own if s.status in FINISHED]
        upcoming = [s for s in own if s.status not in FINISHED]
        running = sum(1 for s in own if s.status == SessionStatus.RUNNING)
        overviews.append(RoundOverview(course_round, round_state(len(own), len(done), running),
                                       upcoming[0] if upcoming else None, counts.get(course_round.id, 0),
                                       len(own), len(done), shares.get(course_round.id)))
    overviews.sort(key=lambda o: home_order(o.state, o.round.start_date))
    return overviews


# --------------------------------------------------------------------------------------------------
# Changing a round's plan: details, skipped dates, moved sessions, the next intake


def schedule_kind(catalog: Catalog, course_round: CourseRound) -> str:
    """The schedule rule of the round's template; weekly if the template is no longer there."""
    template = catalog.templates.get(course_round.template_id)
    return template.schedule.kind if template else "weekly"


def schedule_days(catalog: Catalog, course_round: CourseRound) -> tuple[str, ...]:
    """The opening days of a drop-in round's template (empty: every day, or not a drop-in)."""
    template = catalog.templates.get(course_round.template_id)
    return template.schedule.days if template else ()


#: `update_round(places=...)` left out: the number of places stays as it is.
KEEP_PLACES = -1


def update_round(store: Store, round_id: int, *, title: str | None = None, place: str | None = None,
                 facilitators: str | None = None, places: int | None = KEEP_PLACES) -> CourseRound:
    """Change a round's details; `places` None means no limit. Nobody already given a place loses it."""
    from kursrom.store.places import check_places

    if places != KEEP_PLACES:
        check_places(places)
    with store.session() as db:
        course_round = _round_or_fail(db, round_id)
        if title is not None:
            if not title.strip():
                raise PlanningError(_("A round needs a title."))
            course_round.title = title.strip()
        if place is not None:
            course_round.place = place.strip()
        if facilitators is not None:
            course_round.facilitators = facilitators.strip()
        if places != KEEP_PLACES:
            course_round.places = places
        db.add(course_round)
    return course_round


def set_skip_dates(store: Store, catalog: Catalog, round_id: int, skip: Iterable[date]) -> list[int]:
    """Change which dates the round skips; planned sessions still on the rule's dates move along.
    Sessions held, or moved by hand, stay. Returns the numbers of the sessions that moved."""
    new_skip = sorted(set(skip))
    with store.session() as db:
        course_round = _round_or_fail(db, round_id)
        sessions = list(db.exec(select(CourseSession).where(CourseSession.round_id == round_id)))
        old_skip = [date.fromisoformat(d) for d in course_round.skip_dates]
        changes = reschedule(
            schedule_kind(catalog, course_round), course_round.start_date, course_round.start_time,
            [CurrentSession(s.number, s.planned_start, s.planned_end, s.status) for s in sessions
             if s.planned_start and s.planned_end],
            old_skip=old_skip, new_skip=new_skip, days=schedule_days(catalog, course_round))
        for session in sessions:
            if session.number in changes:
                session.planned_start = changes[session.number].start_utc
                session.planned_end = changes[session.number].end_utc
                session.calendar_sequence += 1
                db.add(session)
        course_round.skip_dates = [d.isoformat() for d in new_skip]
        db.add(course_round)
    return sorted(changes)


def skip_date(store: Store, catalog: Catalog, round_id: int, day: date) -> list[int]:
    """Skip one more date (a holiday, a closed office); the round runs one occurrence longer."""
    course_round = get_round(store, round_id)
    if course_round is None:
        raise PlanningError(_("There is no round {id}.").format(id=round_id))
    current = {date.fromisoformat(d) for d in course_round.skip_dates}
    return set_skip_dates(store, catalog, round_id, current | {day})


def move_session(store: Store, session_id: int, day: date, start_time: str) -> CourseSession:
    """Move one planned session to another date and time (Oslo time); its length stays."""
    at = parse_time(start_time)
    with store.session() as db:
        session = db.get(CourseSession, session_id)
        if session is None:
            raise PlanningError(_("There is no session {id}.").format(id=session_id))
        if session.status != SessionStatus.PLANNED:
            raise PlanningError(_("Only a planned session can be moved; this one has already run."))
        minutes = 120
        if session.planned_start and session.planned_end:
            minutes = round((session.planned_end - session.planned_start).total_seconds() / 60)
        moved = slot(session.number, day, at, minutes)
        if (moved.start_utc, moved.end_utc) != (session.planned_start, session.planned_end):
            session.calendar_sequence += 1
        session.planned_start, session.planned_end = moved.start_utc, moved.end_utc
        db.add(session)
    return session


def next_intake_start(store: Store, round_id: int) -> date:
    """Where the next intake would start: the round's weekday, in the week after its last session."""
    course_round = get_round(store, round_id)
    if course_round is None:
        raise PlanningError(_("There is no round {id}.").format(id=round_id))
    sessions = sessions_of(store, round_id)
    last = max((s.planned_start for s in sessions if s.planned_start), default=None)
    after = last.astimezone(OSLO).date() if last else course_round.start_date
    day = after + timedelta(days=1)
    while day.weekday() != course_round.start_date.weekday():
        day += timedelta(days=1)
    return day


def copy_round(store: Store, catalog: Catalog, round_id: int, *, start: date, start_time: str | None = None,
               title: str | None = None, place: str | None = None, facilitators: str | None = None,
               skip: Iterable[date] = ()) -> CourseRound:
    """A new intake of a round: the same sessions and agendas as they stand (with the changes made
    since the template), new dates, and an empty roster."""
    source = get_round(store, round_id)
    if source is None:
        raise PlanningError(_("There is no round {id}.").format(id=round_id))
    start_time = start_time or source.start_time
    parse_time(start_time)
    old_sessions = sessions_of(store, round_id)
    minutes = [round((s.planned_end - s.planned_start).total_seconds() / 60)
               if s.planned_start and s.planned_end else 120 for s in old_sessions]
    skipped = sorted(set(skip))
    planned = plan_sessions(schedule_kind(catalog, source), len(old_sessions), start, start_time, minutes,
                            skip=set(skipped), days=schedule_days(catalog, source))
    _all_fit(planned, len(old_sessions), start)
    agendas = {s.id: agenda_of(store, s.id) for s in old_sessions}
    with store.session() as db:
        course_round = CourseRound(
            title=title or source.title, template_id=source.template_id,
            template_version=source.template_version, start_date=start, start_time=start_time,
            place=source.place if place is None else place,
            facilitators=source.facilitators if facilitators is None else facilitators,
            skip_dates=[d.isoformat() for d in skipped], copied_from_id=source.id, created_at=store.now(),
            outcomes=dict(source.outcomes), places=source.places,
        )
        db.add(course_round)
        db.flush()
        for old, when in zip(old_sessions, planned):
            session = CourseSession(round_id=course_round.id, number=old.number, title=old.title, theme=old.theme,
                                    planned_start=when.start_utc, planned_end=when.end_utc)
            db.add(session)
            db.flush()
            for position, item in enumerate(agendas[old.id]):
                db.add(AgendaItem(
                    session_id=session.id, position=position, exercise_id=item.exercise_id, kind=item.kind,
                    title=item.title, prompt=item.prompt, instructions=item.instructions,
                    planned_minutes=item.planned_minutes, exercise=dict(item.exercise), origin="template",
                    template_position=position,
                ))
    return course_round


def _all_fit(planned: Sequence[object], count: int, start: date) -> None:
    """A round never quietly has fewer sessions than its template: the calendar ends (year 9999)."""
    if len(planned) < count:
        raise PlanningError(_("Only {planned} of the {count} sessions fit in the calendar from {start}; choose an "
                              "earlier start.").format(planned=len(planned), count=count, start=start.isoformat()))


def _round_or_fail(db, round_id: int) -> CourseRound:  # noqa: ANN001
    course_round = db.get(CourseRound, round_id)
    if course_round is None:
        raise PlanningError(_("There is no round {id}.").format(id=round_id))
    return course_round


# --------------------------------------------------------------------------------------------------
# Participants and the roster


@dataclass(frozen=True)
class RosterEntry:
    participant: Participant
    enrolment: Enrolment

    @property
    def active(self) -> bool:
        return self.enrolment.removed_at is None

    @property
    def waiting(self) -> bool:
        """On the waiting list: enrolled, but without a place yet."""
        return self.active and self.enrolment.waiting


def roster(store: Store, round_id: int) -> list[RosterEntry]:
    """Everyone ever enrolled in the round: participants by name, then the waiting list in the order
    they came, then those removed, by name."""
    with store.read() as db:
        rows = db.exec(select(Participant, Enrolment)
                       .join(Enrolment, col(Enrolment.participant_id) == col(Participant.id))
                       .where(Enrolment.round_id == round_id)).all()
    entries = [RosterEntry(p, e) for p, e in rows]
    entries.sort(key=lambda e: (not e.active, e.waiting, e.enrolment.id if e.waiting else 0,
                                name_key(e.participant.name)))
    return entries


def get_participant(store: Store, participant_id: int) -> Participant | None:
    with store.read() as db:
        return db.get(Participant, participant_id)


def all_participants(store: Store) -> list[Participant]:
    with store.read() as db:
        return sorted(db.exec(select(Participant)), key=lambda p: name_key(p.name))


def not_enrolled(store: Store, round_id: int) -> list[Participant]:
    """People known from other rounds who are not currently in this one: candidates to enrol."""
    current = {p.id for p in enrolled(store, round_id)}
    return [p for p in all_participants(store) if p.id not in current]


def update_participant(store: Store, participant_id: int, *, name: str | None = None,
                       language: str | None = None, interpreter_language: str | None | bool = False,
                       contact: str | None = None, accessibility_note: str | None = None) -> Participant:
    """Change a participant's details; leave out what stays. `interpreter_language=None` means no
    interpreter is needed (False, the default, leaves it as it is)."""
    with store.session() as db:
        participant = db.get(Participant, participant_id)
        if participant is None:
            raise PlanningError(_("There is no participant {id}.").format(id=participant_id))
        if name is not None:
            participant.name = name_or_fail(name)
            same_name_elsewhere(db, participant)
        if language is not None:
            participant.language = language.strip()
        if interpreter_language is not False:
            participant.interpreter_language = (interpreter_language or "").strip() or None
        if contact is not None:
            participant.contact = contact.strip()
        if accessibility_note is not None:
            participant.accessibility_note = accessibility_note.strip()
        db.add(participant)
    return participant


def delete_participant(store: Store, participant_id: int):  # noqa: ANN201 - a privacy.ForgetReport
    """Erase a person for good, as a participant may ask under GDPR: their rows everywhere, their
    name in what others wrote, and the freed bytes in the file (`privacy.forget_participant`; it
    rebuilds the file, so call it from a worker). To take someone off one round while keeping the
    record, use `unenrol`."""
    from kursrom.store.privacy import forget_participant

    return forget_participant(store, participant_id)


def unenrol(store: Store, round_id: int, participant_id: int, reason: str) -> None:
    """Take a participant off a round, with a reason; their attendance and results stay."""
    reason = reason.strip()
    if not reason:
        raise PlanningError(_("Give a reason for removing someone from the round."))
    with store.session() as db:
        enrolment = db.exec(select(Enrolment).where(
            Enrolment.round_id == round_id, Enrolment.participant_id == participant_id)).first()
        if enrolment is None or enrolment.removed_at is not None:
            raise PlanningError(_("That person is not enrolled in this round."))
        enrolment.removed_at = store.now()
        enrolment.removed_reason = reason
        db.add(enrolment)


def import_roster(store: Store, round_id: int, rows: Sequence[RosterRow], *,
                  allow_same_name: bool = False) -> list[Participant]:
    """Add and enrol everyone in `rows`, all or nothing: if a row's name is already on the round's
    roster, raise `RosterRejected` naming those lines and store nothing.

    Names are compared (`names.same_name_key`) inside the write transaction that adds the people, so two
    imports of one file at once cannot enrol anyone twice: the second waits for the first and then
    finds its names. With `allow_same_name` (two real people who share a name, as the facilitator
    says) the later one is enrolled with what tells them apart (`RosterRow.distinction`)."""
    now = store.now()
    added: list[Participant] = []
    with store.session() as db:
        _round_or_fail(db, round_id)
        taken = roster_keys(db, round_id)
        names, problems = [], []
        for row in rows:
            name = clean_name(row.name)
            if not name:
                problems.append(RosterProblem(row.line, _("the name is empty; write a name or a pseudonym.")))
                continue
            if same_name_key(name) in taken:
                if not allow_same_name:
                    problems.append(RosterProblem(row.line, _("{name} is already on this round's roster.").format(
                        name=name), same_name=True))
                    continue
                name = distinguished(name, clean_name(row.distinction), taken)
            taken.add(same_name_key(name))
            names.append(name)
        if problems:
            raise RosterRejected(problems)  # leaving the transaction rolls it back: nothing stored
        for row, name in zip(rows, names):
            participant = Participant(name=name, language=row.language,
                                      interpreter_language=row.interpreter_language, contact=row.contact,
                                      accessibility_note=row.note, created_at=now)
            db.add(participant)
            db.flush()
            new_enrolment(db, round_id, participant.id, now)
            added.append(participant)
    return added


def attendance_share(store: Store, round_id: int) -> float | None:
    """The round's attendance so far (see `RoundOverview.attendance`)."""
    with store.read() as db:
        return attendance_shares(db, round_id).get(round_id)
