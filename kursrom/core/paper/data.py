"""What the printed materials are made from: plain data the store reads (`kursrom.store.paper`)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime

from kursrom.core.catalog.model import Exercise
from kursrom.core.clock import OSLO

#: Without `certificate_sessions` in its template, a course certificate asks for three sessions in four.
DEFAULT_CERTIFICATE_SHARE = 0.75


@dataclass(frozen=True)
class PaperSession:
    id: int
    number: int
    title: str
    theme: str
    start: datetime | None
    end: datetime | None
    held: bool = False


@dataclass(frozen=True)
class PaperPerson:
    id: int
    name: str
    language: str = ""  # their preferred language's code, "" for none given
    attended: int = 0  # sessions attended: present, late or left early


@dataclass(frozen=True)
class PaperExercise:
    """An exercise as the round copied it, and where it is on the agenda."""

    session_number: int
    item_title: str
    exercise: Exercise


@dataclass(frozen=True)
class SotFilled:
    """One participant's SØT board, to print filled in."""

    person: PaperPerson
    situation: str
    wish: str
    actions: tuple[tuple[str, str], ...]  # (action, due "YYYY-MM-DD" or "")


@dataclass(frozen=True)
class PaperRound:
    """A round as the paper names it: title, place, facilitators and dates, its sessions, and the
    people on its roster now (in Norwegian order)."""

    id: int
    title: str
    template_id: str
    place: str
    facilitators: str
    sessions: tuple[PaperSession, ...]
    people: tuple[PaperPerson, ...] = ()
    certificate_sessions: int | None = None  # the template's threshold; None: DEFAULT_CERTIFICATE_SHARE
    group_rules: tuple[str, ...] = ()
    exercises: tuple[PaperExercise, ...] = field(default=(), repr=False)

    @property
    def first_day(self) -> date | None:
        starts = [s.start for s in self.sessions if s.start]
        return min(starts).astimezone(OSLO).date() if starts else None

    @property
    def last_day(self) -> date | None:
        starts = [s.start for s in self.sessions if s.start]
        return max(starts).astimezone(OSLO).date() if starts else None

    @property
    def themes(self) -> tuple[str, ...]:
        """The sessions' theme questions (or titles), each once, in order."""
        seen: list[str] = []
        for session in self.sessions:
            theme = session.theme or session.title
            if theme and theme not in seen:
                seen.append(theme)
        return tuple(seen)

    @property
    def threshold(self) -> int:
        """Sessions a participant must have attended for a course certificate."""
        if self.certificate_sessions is not None:
            return min(self.certificate_sessions, len(self.sessions)) or 1
        return max(1, math.ceil(len(self.sessions) * DEFAULT_CERTIFICATE_SHARE))

    @property
    def completed(self) -> tuple[PaperPerson, ...]:
        """Who gets a course certificate."""
        return tuple(person for person in self.people if person.attended >= self.threshold)

    def session(self, session_id: int) -> PaperSession | None:
        return next((s for s in self.sessions if s.id == session_id), None)

    def next_session(self, now: datetime) -> PaperSession | None:
        """The first session not yet held that starts after `now`, else the last one."""
        upcoming = [s for s in self.sessions if not s.held and (s.end is None or s.end >= now)]
        return upcoming[0] if upcoming else (self.sessions[-1] if self.sessions else None)

    def of_kind(self, kind: str) -> tuple[PaperExercise, ...]:
        """The round's exercises of one kind, each once (the first time the agenda has it)."""
        found: dict[str, PaperExercise] = {}
        for item in self.exercises:
            if item.exercise.kind == kind:
                found.setdefault(item.exercise.id, item)
        return tuple(found.values())
