"""Item timers and the session projection, computed from stored events. Plain Python.

An item's time is never counted: it is the sum of its running intervals, each bounded by stored
wall-clock events (start/resume opens one, pause/finish closes it), plus the open interval up to
now. Within one run, "now" comes from a `RunAnchor`: the wall clock read once at start-up and
advanced by the monotonic clock, so a clock set back by NTP or by hand never moves a timer. The
events the live screen stores are stamped on that same line, so they agree with the display to the
microsecond; after a restart the new run re-reads the events and the wall clock, and is right again.

Nothing here knows the database: events and agenda items are anything with the attributes named in
the `EventLike` and `PlanItem` protocols (the store's SQLModel rows fit).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from kursrom.core.clock import Clock
from kursrom.core.numbers import clock_text
from kursrom.core.vocabulary import CLOSING, OPENING, AgendaState, TimerEventKind, TimerState

#: Kinds of agenda item the projection never proposes to shorten: people need their breaks, and
#: the evaluation is how the course improves from round to round.
PROTECTED_KINDS = frozenset({"break", "evaluation"})
#: An item may give up at most this share of its planned time to a suggestion.
MAX_SHORTEN_SHARE = 1 / 3
#: The catch-up hint names at most this many cuts: it must fit one line at 80 columns, and two
#: cuts are as many as a facilitator weighs while leading a group.
MAX_CUTS = 2
#: A session that starts more than this many minutes off its plan (late, early, another day) is
#: projected from its real start: the plan's length kept, its clock times moved.
REPLAN_AFTER_MINUTES = 30


class EventLike(Protocol):
    """A stored timer event. Rows may also carry `id` and `undoes` (a correction's target)."""

    kind: str
    at: datetime
    seconds: int


class PlanItem(Protocol):
    id: int
    title: str
    kind: str
    planned_minutes: int
    skipped: bool


class RunAnchor:
    """This run's time line: the wall clock at start-up, advanced by the monotonic clock.

    `now()` never goes backwards, whatever the system clock does. One exception is taken on
    purpose: when the wall clock runs ahead of the line by more than `max_drift` seconds, the
    machine was asleep (the monotonic clock stands still during suspend on Linux), and a timer on
    a facilitator's laptop must count the minutes the lid was shut, so the line catches up.
    """

    def __init__(self, clock: Clock, *, max_drift: float = 2.0) -> None:
        self.clock = clock
        self.max_drift = timedelta(seconds=max_drift)
        self._wall = clock.now()
        self._mono = clock.monotonic()

    def now(self) -> datetime:
        mono = self.clock.monotonic()
        line = self._wall + timedelta(seconds=mono - self._mono)
        wall = self.clock.now()
        if wall - line > self.max_drift:
            self._wall, self._mono = wall, mono
            return wall
        return line


@dataclass(frozen=True)
class ItemTime:
    """One agenda item's timer at a moment. Seconds are floats; round only for display."""

    planned: float  # seconds, with every +/- adjustment
    elapsed: float  # seconds the item has run
    running: bool
    started: bool
    finished: bool
    adjusted: float = 0.0  # seconds added (+) or removed (-) by adjustments
    first_start: datetime | None = None
    last_stop: datetime | None = None

    @property
    def remaining(self) -> float:
        """Seconds left; negative when the item runs over."""
        return self.planned - self.elapsed

    @property
    def overrun(self) -> float:
        return max(0.0, self.elapsed - self.planned)

    @property
    def paused(self) -> bool:
        return self.started and not self.running and not self.finished

    @property
    def state(self) -> TimerState:
        if self.running:
            return TimerState.RUNNING
        if self.finished:
            return TimerState.DONE
        return TimerState.PAUSED if self.started else TimerState.IDLE


def sorted_events(events: Iterable[EventLike]) -> list[EventLike]:
    """Events in the order they happened (stored order breaks ties between equal times)."""
    indexed = list(enumerate(events))
    indexed.sort(key=lambda pair: (pair[1].at, getattr(pair[1], "id", None) or 0, pair[0]))
    return [event for _index, event in indexed]


def counting_events(events: Iterable[EventLike]) -> list[EventLike]:
    """The events that count: an undo and the event it takes back both stay stored (the audit
    trail shows them), and neither counts, so an undone "+5 min" or "next" is as if never made."""
    events = list(events)
    undone = {event.undoes for event in events if getattr(event, "undoes", None) is not None}
    return [event for event in events
            if event.kind != TimerEventKind.UNDO and not (undone and getattr(event, "id", None) in undone)]


def item_time(planned_minutes: int, events: Iterable[EventLike], now: datetime | None) -> ItemTime:
    """The timer of one item at `now`, from its events alone. With `now` None, an interval still
    open counts up to its start only (for when only the state matters)."""
    planned = planned_minutes * 60.0
    adjusted = 0.0
    elapsed = 0.0
    open_since: datetime | None = None
    started = finished = False
    first_start: datetime | None = None
    last_stop: datetime | None = None
    for event in sorted_events(counting_events(events)):
        if event.kind == TimerEventKind.ADJUST:
            adjusted += event.seconds
        elif event.kind in OPENING:
            if open_since is None:
                open_since = event.at
            started = True
            finished = False
            first_start = first_start or event.at
        elif event.kind in CLOSING:
            if open_since is not None:
                elapsed += max(0.0, (event.at - open_since).total_seconds())
                open_since = None
            last_stop = event.at
            if event.kind == TimerEventKind.FINISH:
                finished = True
    running = open_since is not None
    if open_since is not None and now is not None:
        elapsed += max(0.0, (now - open_since).total_seconds())
    return ItemTime(planned=max(0.0, planned + adjusted), elapsed=elapsed, running=running, started=started,
                    finished=finished, adjusted=adjusted, first_start=first_start, last_stop=last_stop)


def next_timer_kind(time: ItemTime, *, toggle: bool) -> TimerEventKind | None:
    """The event that starts, resumes or (with `toggle`) pauses an item; None when nothing to do."""
    if not time.started:
        return TimerEventKind.START
    if time.running:
        return TimerEventKind.PAUSE if toggle else None
    return TimerEventKind.RESUME


# --------------------------------------------------------------------------------------------------
# Display


def countdown_text(remaining: float) -> tuple[str, bool]:
    """(text, over): "12:34" while time is left, "+2:10" once the time runs over.

    Remaining time is rounded up and overrun down, so 15:00 shows for the whole first second, the
    display reaches 0:00 exactly at the planned end and "+0:01" one second later."""
    if remaining >= 0:
        return clock_text(math.ceil(remaining - 1e-9)), False
    return "+" + clock_text(math.floor(-remaining + 1e-9)), True


def countdown(time: ItemTime) -> tuple[str, bool]:
    """An item's timer as `countdown_text` shows it."""
    return countdown_text(time.remaining)


def minutes(seconds: float) -> int:
    """Seconds as whole minutes, rounded to the nearest (a 14:31 item "took 15 min")."""
    return int(math.floor(seconds / 60 + 0.5))


# --------------------------------------------------------------------------------------------------
# The session as a whole


@dataclass(frozen=True)
class Suggestion:
    item_id: int
    title: str
    minutes: int  # shorten by this many


@dataclass(frozen=True)
class Projection:
    planned_end: datetime | None
    projected_end: datetime
    remaining_work: float  # seconds of agenda still to run
    suggestions: tuple[Suggestion, ...] = ()
    uncovered: int = 0  # minutes behind that shortening alone cannot win back

    @property
    def behind(self) -> float:
        """Seconds behind the planned end (negative: ahead). 0 when there is no planned end."""
        if self.planned_end is None:
            return 0.0
        return (self.projected_end - self.planned_end).total_seconds()

    @property
    def behind_minutes(self) -> int:
        """Whole minutes behind (+) or ahead (-), rounded toward "on time" so a few seconds of
        drift never show as a minute late."""
        value = self.behind / 60
        return int(math.floor(value)) if value >= 0 else -int(math.floor(-value))


@dataclass
class SessionTiming:
    """Every item's timer and the projection, at one moment."""

    now: datetime
    times: dict[int, ItemTime] = field(default_factory=dict)
    projection: Projection | None = None
    #: The session started far off its plan, so the plan's times are moved to its real start.
    replanned: bool = False

    @property
    def elapsed_total(self) -> float:
        return sum(time.elapsed for time in self.times.values())


def item_state(item: PlanItem, time: ItemTime, current_id: int | None, next_id: int | None) -> AgendaState:
    """How the agenda list shows an item. An item left before it was done (going back, jumping
    ahead) shows as paused: it is done only once it ran and the facilitator moved on with "next"."""
    if item.skipped:
        return AgendaState.SKIPPED
    if time.running:
        return AgendaState.RUNNING
    if time.finished:
        return AgendaState.DONE
    if time.started:
        return AgendaState.PAUSED
    if item.id == current_id:
        return AgendaState.CURRENT
    if item.id == next_id:
        return AgendaState.NEXT
    return AgendaState.TODO


def _open(item: PlanItem, times: dict[int, ItemTime]) -> bool:
    """Still to run: not skipped, and not done (to do, or left paused for later)."""
    time = times.get(item.id)
    return not item.skipped and not (time and time.finished)


def next_item_id(items: Sequence[PlanItem], current_id: int | None,
                 times: dict[int, ItemTime] | None = None) -> int | None:
    """Where "next" goes: the first item after the current one that is still to run; after the
    last, the first one left for later (jumped over, or left paused by going back)."""
    times = times or {}
    ids = [item.id for item in items]
    start = ids.index(current_id) + 1 if current_id in ids else 0
    for item in (*items[start:], *items[:start]):
        if item.id != current_id and _open(item, times):
            return item.id
    return None


def jumped_over(items: Sequence[PlanItem], current_id: int | None, target_id: int,
                times: dict[int, ItemTime] | None = None) -> list[PlanItem]:
    """The items a jump forward from the current item to `target_id` passes that have not run
    yet (not started, not skipped): the facilitator is asked whether to skip them or leave them."""
    times = times or {}
    ids = [item.id for item in items]
    if current_id not in ids or target_id not in ids or ids.index(target_id) <= ids.index(current_id):
        return []
    between = items[ids.index(current_id) + 1: ids.index(target_id)]
    return [item for item in between if _open(item, times) and not (times.get(item.id) and times[item.id].started)]


def previous_item_id(items: Sequence[PlanItem], current_id: int | None) -> int | None:
    ids = [item.id for item in items]
    if current_id not in ids:
        return None
    for item in reversed(items[: ids.index(current_id)]):
        if not item.skipped:
            return item.id
    return None


def project(items: Sequence[PlanItem], times: dict[int, ItemTime], now: datetime, *,
            planned_start: datetime | None, planned_end: datetime | None,
            started: bool) -> Projection:
    """When the session will end if every item still to run takes its planned time.

    Finished items count as they ran; the item that is under way counts its remaining time (none,
    once it runs over: it is already late by then); items not started count their planned time.
    When the projection is behind the planned end, it proposes which coming items to shorten."""
    remaining = 0.0
    upcoming: list[PlanItem] = []
    for item in items:
        if item.skipped:
            continue
        time = times.get(item.id)
        if time is None:
            remaining += item.planned_minutes * 60
            upcoming.append(item)
        elif time.finished:
            continue
        elif time.started:
            remaining += max(0.0, time.remaining)
        else:
            remaining += time.planned
            upcoming.append(item)
    base = now
    if not started and planned_start is not None and planned_start > now:
        base = planned_start
    projected_end = base + timedelta(seconds=remaining)
    projection = Projection(planned_end, projected_end, remaining)
    behind = minutes_to_win(projection)
    if behind <= 0:
        return projection
    suggestions, uncovered = shorten(upcoming, times, behind)
    return Projection(planned_end, projected_end, remaining, tuple(suggestions), uncovered)


def plan_from_start(planned_start: datetime | None, planned_end: datetime | None,
                    started_at: datetime | None) -> tuple[datetime | None, bool]:
    """The planned end the projection measures against, and whether it was moved: a session that
    started more than `REPLAN_AFTER_MINUTES` off its plan (an hour late, the day after) keeps the
    plan's length from its real start, so the top line never reads "+429 min"."""
    if planned_start is None or planned_end is None or started_at is None:
        return planned_end, False
    offset = started_at - planned_start
    if abs(offset) <= timedelta(minutes=REPLAN_AFTER_MINUTES):
        return planned_end, False
    return planned_end + offset, True


def minutes_late(planned_start: datetime | None, now: datetime) -> int | None:
    """Before the start: whole minutes past the planned start (negative: minutes to go)."""
    if planned_start is None:
        return None
    value = (now - planned_start).total_seconds() / 60
    return int(math.floor(value)) if value >= 0 else -int(math.ceil(-value))


def minutes_to_win(projection: Projection) -> int:
    return max(0, math.ceil(projection.behind / 60 - 1e-9))


def shorten(upcoming: Sequence[PlanItem], times: dict[int, ItemTime], behind: int) -> tuple[list[Suggestion], int]:
    """Spread `behind` minutes over the longest coming items (breaks and evaluations are kept),
    each giving up at most a third of its time, `MAX_CUTS` items at most: the best cuts. Returns
    the suggestions and the minutes they leave over."""
    room: list[tuple[int, PlanItem]] = []
    for item in upcoming:
        if item.kind in PROTECTED_KINDS:
            continue
        time = times.get(item.id)
        planned = int((time.planned if time else item.planned_minutes * 60) // 60)
        spare = int(planned * MAX_SHORTEN_SHARE)
        if spare > 0:
            room.append((spare, item))
    room.sort(key=lambda pair: -pair[0])
    suggestions: list[Suggestion] = []
    left = behind
    for spare, item in room:
        if left <= 0 or len(suggestions) == MAX_CUTS:
            break
        cut = min(spare, left)
        suggestions.append(Suggestion(item.id, item.title, cut))
        left -= cut
    return suggestions, max(0, left)


def session_timing(items: Sequence[PlanItem], events: dict[int, list[EventLike]], now: datetime, *,
                   planned_start: datetime | None, planned_end: datetime | None,
                   started: bool, started_at: datetime | None = None) -> SessionTiming:
    times = {item.id: item_time(item.planned_minutes, events.get(item.id, ()), now) for item in items}
    planned_end, replanned = plan_from_start(planned_start, planned_end, started_at if started else None)
    projection = project(items, times, now, planned_start=planned_start, planned_end=planned_end,
                         started=started)
    return SessionTiming(now, times, projection, replanned)
