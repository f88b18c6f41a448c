"""What a course template file holds, checked in two steps: its own structure, then against the
final set of exercises (so a facilitator's template may use shipped exercises)."""

from __future__ import annotations

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
    _Time,
)
from kursrom.core.catalog.slack import Slack
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
        **MARK_FIELDS,
    }
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
    elif schedule["weeks"] is not None:
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
    if ok and schedule["sessions"] != len(sessions):
        message = ngettext(
            "is {count}, but the file plans {planned} session ([[sessions]] block); they must match",
            "is {count}, but the file plans {planned} sessions ([[sessions]] blocks); they must match",
            len(sessions),
        )
        ck.add(("schedule", "sessions"), message.format(count=schedule["sessions"], planned=len(sessions)))
        ok = False
    return _PendingTemplate(ck, checked, basis, basis.inner(schedule_basis)) if ok else None


def _finish_template(
    pending: _PendingTemplate,
    exercises: dict[str, Exercise],
    broken: dict[str, Path],
) -> CourseTemplate | None:
    ck, doc = pending.ck, pending.doc
    problems_before = len(ck.problems)
    fields = {name: value for name, value in doc["schedule"].items() if name not in _MARKS}
    schedule = Schedule(**fields, basis=pending.schedule_basis)
    plans = [
        _plan_session(ck, si, session, schedule, pending.basis, exercises, broken)
        for si, session in enumerate(doc["sessions"])
    ]
    if len(ck.problems) > problems_before:
        return None
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
