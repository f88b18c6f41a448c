"""A round's schedule as an iCalendar (.ics) file a facilitator can send or import.

Built with the `icalendar` package: one event per session, carrying the session's theme question,
with times in Europe/Oslo (a VTIMEZONE is included, so calendars show 12:00 as 12:00 on both sides
of a summer-time change). Each event's UID is stable, so importing a new export after a session
was moved updates the event rather than adding a second one; its SEQUENCE (the session's
`calendar_sequence`, raised by the store each time the session moves) tells Outlook and Google that
the new time wins. The participants' calendar (`for_participants`) holds the same sessions with the
round's place and theme only: nothing about the participants, nothing of the facilitators' plans.

Plain Python: it takes anything with the attributes below (the store's rows, or test doubles).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Protocol

from kursrom import __version__
from kursrom.core.clock import OSLO
from kursrom.core.files import slug, write_private
from kursrom.i18n import _


class RoundLike(Protocol):
    id: int | None
    title: str
    place: str
    facilitators: str
    created_at: datetime | None


class SessionLike(Protocol):
    id: int | None
    number: int
    title: str
    theme: str
    planned_start: datetime | None
    planned_end: datetime | None


def session_uid(course_round: RoundLike, session: SessionLike, *, for_participants: bool = False) -> str:
    """The event's identity: the same in every export of the round. The participants' calendar has
    its own, so a facilitator who imports both keeps two events."""
    created = course_round.created_at.strftime("%Y%m%dT%H%M%SZ") if course_round.created_at else "0"
    audience = "-p" if for_participants else ""
    return f"kursrom-{created}-r{course_round.id}-s{session.number}{audience}@kursrom"


def round_calendar(course_round: RoundLike, sessions: Sequence[SessionLike], *, stamp: datetime,
                   for_participants: bool = False) -> bytes:
    """The .ics text of a round's sessions (those with a planned time)."""
    from icalendar import Calendar, Event  # imported here: only exports need it

    calendar = Calendar()
    calendar.add("prodid", f"-//kursrom//kursrom {__version__}//NB")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # A published schedule, not an invitation: calendars import it and replace events by UID and SEQUENCE.
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", course_round.title)
    calendar.add("x-wr-timezone", "Europe/Oslo")
    for session in sessions:
        if session.planned_start is None or session.planned_end is None:
            continue
        event = Event()
        event.add("uid", session_uid(course_round, session, for_participants=for_participants))
        event.add("sequence", getattr(session, "calendar_sequence", 0) or 0)
        event.add("dtstamp", stamp.astimezone(timezone.utc))
        event.add("dtstart", session.planned_start.astimezone(OSLO))
        event.add("dtend", session.planned_end.astimezone(OSLO))
        theme = session.theme or session.title
        event.add("summary", _("{round}: session {number}, {theme}").format(
            round=course_round.title, number=session.number, theme=theme))
        lines = [theme]
        if session.title and session.title != theme and not for_participants:
            lines.append(session.title)
        if course_round.facilitators:
            lines.append(_("Facilitators: {names}").format(names=course_round.facilitators))
        event.add("description", "\n".join(lines))
        if course_round.place:
            event.add("location", course_round.place)
            if course_round.place.startswith(("https://", "http://")):
                event.add("url", course_round.place)
        calendar.add_component(event)
    starts = [s.planned_start for s in sessions if s.planned_start is not None]
    if starts:  # the time-zone rules for the round's own years only, not 1970 to 2038
        calendar.add_missing_timezones(first_date=date(min(starts).year - 1, 1, 1),
                                       last_date=date(max(starts).year + 2, 1, 1))
    return calendar.to_ical()


def write_round_calendar(path: Path, course_round: RoundLike, sessions: Sequence[SessionLike], *,
                         stamp: datetime, force: bool = False, for_participants: bool = False) -> tuple[Path, int]:
    """Write the .ics file as exports are written (`files.write_private`: private, whole, never
    over another file unless `force`, never onto a device); returns where it went and how many
    events it holds."""
    data = round_calendar(course_round, sessions, stamp=stamp, for_participants=for_participants)
    return write_private(path, data, force=force), data.count(b"BEGIN:VEVENT")


def default_file_name(course_round: RoundLike, start: date, *, for_participants: bool = False) -> str:
    """`pro-host-2026-2026-11-23.ics`: the file part as every export names the round (`files.slug`)."""
    # i18n: in file names: the participants' calendar, pro-host-2026-deltakere-2026-11-23.ics
    audience = "-" + slug(_("participants")) if for_participants else ""
    return f"{slug(course_round.title)[:40].strip('-')}{audience}-{start.isoformat()}.ics"
