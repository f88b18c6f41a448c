"""What a course template file holds, checked in two steps: its own structure, then against the
final set of exercises (so a facilitator's template may use shipped exercises)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from kursrom.core.catalog.basis import MARK_FIELDS, check_marks
from kursrom.core.catalog.kinds import _inner_minutes
from kursrom.core.catalog.model import (
    ORDER,
    PROMPT_MAX,
    SCHEDULE_KINDS,
    THEME_MAX,
    TITLE_MAX,
    AgendaEntry,
    Basis,
    CourseTemplate,
    Exercise,
    FieldPath,
    Schedule,
    SessionPlan,
)
from kursrom.core.catalog.schema import (
    _BAD,
    _Checker,
    _check_fields,
    _Choice,
    _Int,
    _Minutes,
    _opt_text,
    _show,
    _Slug,
    _Spec,
    _suggest,
    _Table,
    _TableList,
    _Text,
    _TextList,
    _Time,
)
from kursrom.core.catalog.slack import Slack
from kursrom.core.outcomes import Outcomes
from kursrom.core.schedule import WEEKDAY_CODES
from kursrom.core.vocabulary import RECORDABLE_OUTCOMES
from kursrom.i18n import N_, _, ngettext


_SCHEDULE = _Table(
    {
        "kind": _Choice(
            SCHEDULE_KINDS,
            # i18n: {hint} is empty or an aside in parentheses, with its leading space
            unknown=N_("unknown schedule kind {value}{hint}; use one of: {choices}"),
        ),
        "sessions": _Int(1, 200),
        "start_time": _Time(),
        "session_minutes": _Minutes(),
        "weeks": _Int(1, 52, required=False, default=None),
        "days": _TextList(required=False, unique=True),
        **MARK_FIELDS,
    }
)
_OUTCOMES = _Table(
    {
        "statuses": _TextList(min_items=2, unique=True),
        "success": _TextList(min_items=1, unique=True),
        **MARK_FIELDS,
    },
    required=False,
    default=None,
)
_AGENDA_ENTRY = _Table(
    {
        "exercise": _Slug(),
        "duration": _Minutes(required=False, default=None),
        "title": _Text(required=False, default=None, max_len=TITLE_MAX),
        "prompt": _Text(required=False, default=None, max_len=PROMPT_MAX),
        "instructions": _Text(required=False, default=None, blank_ok=True),
        **MARK_FIELDS,
    }
)
_SESSION = _Table(
    {
        "title": _Text(max_len=TITLE_MAX),
        "theme": _opt_text(max_len=THEME_MAX),
        "session_minutes": _Minutes(required=False, default=None),
        "agenda": _TableList(_AGENDA_ENTRY, required=False),
        **MARK_FIELDS,
    }
)
_TEMPLATE_FIELDS: dict[str, _Spec] = {
    "id": _Slug(),
    "version": _Int(1, 1_000_000),
    "title": _Text(max_len=TITLE_MAX),
    "target_group": _opt_text(max_len=PROMPT_MAX),
    "description": _opt_text(),
    "schedule": _SCHEDULE,
    "sessions": _TableList(_SESSION, min_items=1),
    "certificate_sessions": _Int(1, 200, required=False, default=None),
    "outcomes": _OUTCOMES,
    "places": _Int(1, 500, required=False, default=None),
    **MARK_FIELDS,
}

# What `suggested` may name in each table: its own fields, and those of the tables inside it.
_MARKS = ("source", "suggested")
_AGENDA_NAMES = [name for name in _AGENDA_ENTRY.fields if name not in _MARKS]
_SCHEDULE_NAMES = [name for name in _SCHEDULE.fields if name not in _MARKS]
_SESSION_NAMES = [*(name for name in _SESSION.fields if name not in _MARKS), ORDER, *_AGENDA_NAMES]
_TEMPLATE_NAMES = [*(name for name in _TEMPLATE_FIELDS if name not in (*_MARKS, "id", "version")),
                   *_SCHEDULE_NAMES, *_SESSION_NAMES]

@dataclass
class _PendingTemplate:
    """A template whose own structure is fine, waiting to be checked against all exercises."""

    ck: _Checker
    doc: dict  # the checked document, defaults filled in
    basis: Basis  # the top level's marks
    schedule_basis: Basis

    @property
    def id(self) -> str:
        return self.doc["id"]


def _check_template(ck: _Checker, doc: dict) -> _PendingTemplate | None:
    checked = _check_fields(ck, doc, (), _TEMPLATE_FIELDS)
    if checked is _BAD:
        return None
    schedule, sessions = checked["schedule"], checked["sessions"]
    basis = check_marks(ck, checked, (), _TEMPLATE_NAMES)
    schedule_basis = check_marks(ck, schedule, ("schedule",), _SCHEDULE_NAMES)
    ok = basis is not _BAD and schedule_basis is not _BAD
    ok = _check_outcomes(ck, checked["outcomes"]) and ok
    if checked["outcomes"] is not None:
        ok = check_marks(ck, checked["outcomes"], ("outcomes",), ["statuses", "success"]) is not _BAD and ok
    ok = _check_days(ck, schedule) and ok
    if schedule["kind"] == "weekdays":
        if schedule["weeks"] is None:
            ck.add(("schedule", "weeks"), _("required field is missing (a 'weekdays' course needs weeks)"))
            ok = False
        elif schedule["sessions"] != schedule["weeks"] * 5:
            message = ngettext(
                "is {sessions}, but {weeks} week of weekdays makes {expected} sessions",
                "is {sessions}, but {weeks} weeks of weekdays make {expected} sessions",
                schedule["weeks"],
            )
            ck.add(
                ("schedule", "sessions"),
                message.format(sessions=schedule["sessions"], weeks=schedule["weeks"], expected=schedule["weeks"] * 5),
            )
            ok = False
    elif schedule["weeks"] is not None and schedule["kind"] != "drop_in":
        ck.add(
            ("schedule", "weeks"),
            _("is only used when kind = 'weekdays' (this schedule is {kind})").format(kind=_show(schedule["kind"])),
        )
        ok = False
    threshold = checked["certificate_sessions"]
    if threshold is not None and threshold > schedule["sessions"]:
        ck.add(("certificate_sessions",), _("is {count}, but the course has only {sessions} sessions").format(
            count=threshold, sessions=schedule["sessions"]))
        ok = False
    # A drop-in plans one day in the file and opens it on every date of the term.
    repeats = schedule["kind"] == "drop_in" and len(sessions) == 1
    if ok and schedule["sessions"] != len(sessions) and not repeats:
        message = ngettext(
            "is {count}, but the file plans {planned} session ([[sessions]] block); they must match",
            "is {count}, but the file plans {planned} sessions ([[sessions]] blocks); they must match",
            len(sessions),
        )
        ck.add(("schedule", "sessions"), message.format(count=schedule["sessions"], planned=len(sessions)))
        ok = False
    return _PendingTemplate(ck, checked, basis, basis.inner(schedule_basis)) if ok else None


def _check_outcomes(ck: _Checker, outcomes: dict | None) -> bool:
    """The statuses must be kursrom's own codes, and those that count must be among them."""
    if outcomes is None:
        return True
    ok = True
    for i, status in enumerate(outcomes["statuses"]):
        if status not in RECORDABLE_OUTCOMES:
            # i18n: {hint} is empty or an aside in parentheses, with its leading space
            message = _("unknown follow-up status {value}{hint}; use one of: {choices}")
            ck.add(("outcomes", "statuses", i), message.format(
                value=_show(status), hint=_suggest(status, list(RECORDABLE_OUTCOMES)),
                choices=", ".join(RECORDABLE_OUTCOMES)))
            ok = False
    for i, status in enumerate(outcomes["success"]):
        if status not in outcomes["statuses"]:
            ck.add(("outcomes", "success", i), _("{value} is not one of this course's statuses").format(
                value=_show(status)))
            ok = False
    return ok


def _check_days(ck: _Checker, schedule: dict) -> bool:
    """A drop-in's opening days: weekday codes, and with `weeks`, sessions = weeks × days."""
    days = schedule["days"]
    if not days:
        return True
    if schedule["kind"] != "drop_in":
        ck.add(("schedule", "days"), _("is only used when kind = 'drop_in' (this schedule is {kind})").format(
            kind=_show(schedule["kind"])))
        return False
    wrong = [(i, day) for i, day in enumerate(days) if day not in WEEKDAY_CODES]
    for i, day in wrong:
        ck.add(("schedule", "days", i), _("unknown weekday {value}{hint}; use one of: {choices}").format(
            value=_show(day), hint=_suggest(day, list(WEEKDAY_CODES)), choices=", ".join(WEEKDAY_CODES)))
    if wrong:
        return False
    if schedule["weeks"] is not None and schedule["sessions"] != schedule["weeks"] * len(days):
        ck.add(("schedule", "sessions"),
               _("is {sessions}, but {weeks} weeks of {days} opening days make {expected}").format(
                   sessions=schedule["sessions"], weeks=schedule["weeks"], days=len(days),
                   expected=schedule["weeks"] * len(days)))
        return False
    return True


def _finish_template(
    pending: _PendingTemplate,
    exercises: dict[str, Exercise],
    broken: dict[str, Path],
) -> CourseTemplate | None:
    ck, doc = pending.ck, pending.doc
    problems_before = len(ck.problems)
    fields = {name: value for name, value in doc["schedule"].items() if name not in _MARKS}
    fields["days"] = tuple(fields["days"] or ())
    schedule = Schedule(**fields, basis=pending.schedule_basis)
    plans = [
        _plan_session(ck, si, session, schedule, pending.basis, exercises, broken)
        for si, session in enumerate(doc["sessions"])
    ]
    if len(ck.problems) > problems_before:
        return None
    if schedule.drop_in and len(plans) == 1 < schedule.sessions:
        plans = [dataclasses.replace(plans[0], number=number) for number in range(1, schedule.sessions + 1)]
    outcomes = doc["outcomes"]
    return CourseTemplate(
        id=doc["id"],
        version=doc["version"],
        title=doc["title"],
        target_group=doc["target_group"],
        description=doc["description"],
        schedule=schedule,
        sessions=plans,
        source=ck.file,
        basis=pending.basis,
        certificate_sessions=doc["certificate_sessions"],
        outcomes=Outcomes(tuple(outcomes["statuses"]), frozenset(outcomes["success"])) if outcomes else None,
        outcomes_basis=pending.basis.inner(check_marks(ck, outcomes, ("outcomes",), ["statuses", "success"]))
        if outcomes else pending.basis,
        places=doc["places"],
    )


def _plan_session(
    ck: _Checker,
    si: int,
    session: dict,
    schedule: Schedule,
    outer: Basis,
    exercises: dict[str, Exercise],
    broken: dict[str, Path],
) -> SessionPlan:
    """One [[sessions]] block with its agenda resolved; its problems go to `ck`, and a warning when
    the agenda leaves too little or too much of the session unplanned."""
    minutes = session["session_minutes"] or schedule.session_minutes
    own = check_marks(ck, session, ("sessions", si), _SESSION_NAMES)
    basis = outer.inner(own) if isinstance(own, Basis) else outer
    agenda: list[AgendaEntry] = []
    for ai, entry in enumerate(session["agenda"]):
        resolved = _agenda_entry(ck, ("sessions", si, "agenda", ai), entry, basis, exercises, broken)
        if resolved is not None:
            agenda.append(resolved)
    total = sum(entry.duration for entry in agenda)
    if total > minutes:
        ck.add(
            ("sessions", si, "agenda"),
            _("the agenda takes {total} min, but the session has {minutes} min ({over} min too many)").format(
                total=total, minutes=minutes, over=total - minutes
            ),
        )
    elif warning := Slack(minutes, total).warning():
        ck.warn(("sessions", si), warning)
    return SessionPlan(number=si + 1, title=session["title"], theme=session["theme"], minutes=minutes,
                       agenda=agenda, basis=basis)


def _agenda_entry(
    ck: _Checker,
    here: FieldPath,
    entry: dict,
    outer: Basis,
    exercises: dict[str, Exercise],
    broken: dict[str, Path],
) -> AgendaEntry | None:
    """One agenda item against the exercises; None (with the problem in `ck`) if its exercise is
    missing or broken."""
    exercise = exercises.get(entry["exercise"])
    if exercise is None:
        name = entry["exercise"]
        if name in broken:
            ck.add(
                here + ("exercise",),
                _("exercise '{name}' could not be loaded (see the problems in {file})").format(
                    name=name, file=broken[name].name
                ),
            )
        else:
            # i18n: {hint} is empty or an aside in parentheses, with its leading space
            message = _("unknown exercise '{name}'{hint}")
            ck.add(here + ("exercise",), message.format(name=name, hint=_suggest(name, list(exercises))))
        return None
    own = check_marks(ck, entry, here, _AGENDA_NAMES)
    inner = _inner_minutes(exercise.kind, exercise.data)
    if entry["duration"] is not None and inner is not None and entry["duration"] < inner[0]:
        # i18n: {what} is "3 rounds of 12 min" or "phases (8 + 17 + 10 min)"
        message = _("is {duration} min, but the exercise needs {needed} min for {what}")
        ck.add(here + ("duration",), message.format(duration=entry["duration"], needed=inner[0], what=inner[1]))
    return AgendaEntry(
        exercise=exercise.id,
        duration=entry["duration"] or exercise.duration,
        title=entry["title"],
        prompt=entry["prompt"],
        instructions=entry["instructions"],
        basis=outer.inner(own) if isinstance(own, Basis) else outer,
    )
