"""Each kind's own table: its fields, which of them participants see, and their checks."""

from __future__ import annotations

from typing import Any

from kursrom.core.catalog.model import (
    EVALUATION_SCALES,
    PROMPT_MAX,
    REFLECTION_FORMS,
    TITLE_MAX,
    FieldPath,
)
from kursrom.core.catalog.schema import (
    _BAD,
    _Bool,
    _Checker,
    _Choice,
    _Int,
    _Minutes,
    _opt_text,
    _Spec,
    _Table,
    _TableList,
    _Text,
    _TextList,
)
from kursrom.i18n import N_, _, ngettext


def _questions() -> _TextList:
    return _TextList(required=False)


def _sot_part() -> _Table:
    return _Table({"title": _Text(max_len=TITLE_MAX), "help": _Text(max_len=PROMPT_MAX)})


def _timeline_part() -> _Table:
    return _Table({"title": _Text(max_len=TITLE_MAX), "examples": _TextList(min_items=1)})


_ANIMAL = _Table({"name": _Text(max_len=40), "traits": _TextList(min_items=1, max_len=40)})

KIND_FIELDS: dict[str, dict[str, _Spec]] = {
    "reflection": {
        "form": _Choice(
            REFLECTION_FORMS,
            # i18n: {hint} is empty or an aside in parentheses, with its leading space
            unknown=N_("unknown form {value}{hint}; use one of: {choices}"),
            required=False,
            default="alone",
        ),
        "questions": _questions(),
    },
    "animal": {
        "animals": _TableList(_ANIMAL, min_items=8),
        "questions": _questions(),
    },
    "role_play": {
        "roles": _TextList(min_items=2, unique=True, max_len=40),
        "rounds": _Int(1, 20),
        "round_minutes": _Minutes(),
        "questions": _TextList(min_items=1),
        "feedback_prompts": _questions(),
    },
    "sot": {
        "group_size": _Int(2, 6, required=False, default=3),
        "situation": _sot_part(),
        "wish": _sot_part(),
        "actions": _sot_part(),
        "phases": _Table(
            {"alone": _Minutes(lo=0), "groups": _Minutes(lo=0), "plenary": _Minutes(lo=0)}
        ),
    },
    "timeline": {
        "formal": _timeline_part(),
        "informal": _timeline_part(),
        "questions": _questions(),
    },
    "career_story": {
        "minutes_each": _Minutes(hi=60, required=False, default=None),
        "questions": _questions(),
        "listen_for": _questions(),
    },
    "card_sort": {
        "categories": _TextList(min_items=2, unique=True, max_len=40),
        "statements": _TextList(min_items=2, unique=True, max_len=PROMPT_MAX),
    },
    "presentation": {
        "minutes_each": _Minutes(hi=60),
        "questions": _questions(),
    },
    "talk": {
        "speaker": _opt_text(max_len=TITLE_MAX),
        "topics": _questions(),
        "questions": _questions(),
    },
    "break": {},
    "group_rules": {
        "suggestions": _TextList(min_items=1),
    },
    "job_ad": {
        "ad_text": _opt_text(),
        "questions": _questions(),
    },
    "evaluation": {
        "scale_min": _Int(0, 10),
        "scale_max": _Int(0, 10),
        "min_label": _opt_text(max_len=TITLE_MAX),
        "max_label": _opt_text(max_len=TITLE_MAX),
        "rate_agenda": _Bool(required=False, default=True),
        "questions": _questions(),
        "oral_round": _Bool(required=False, default=False),
    },
    "homework": {
        "tasks": _TextList(min_items=1),
    },
}

#: The fields of each kind that participants see, and that ``[translations.<lang>.<kind>]`` may
#: translate. The rest (numbers, choices, switches) are the same in every language.
PUBLIC_FIELDS: dict[str, tuple[str, ...]] = {
    "reflection": ("questions",),
    "animal": ("animals", "questions"),
    "role_play": ("roles", "questions", "feedback_prompts"),
    "sot": ("situation", "wish", "actions"),
    "timeline": ("formal", "informal", "questions"),
    "career_story": ("questions", "listen_for"),
    "card_sort": ("categories", "statements"),
    "presentation": ("questions",),
    "talk": ("speaker", "topics", "questions"),
    "break": (),
    "group_rules": ("suggestions",),
    "job_ad": ("ad_text", "questions"),
    "evaluation": ("min_label", "max_label", "questions"),
    "homework": ("tasks",),
}


def _inner_minutes(kind: str, data: dict) -> tuple[int, str] | None:
    """The minutes an exercise's own parts need, and what they are (None if the kind has none).

    The description fills {what} in "{what}: ... min in all" and "... needs ... min for {what}".
    """
    if kind == "role_play":
        rounds, minutes = data["rounds"], data["round_minutes"]
        what = ngettext("{rounds} round of {minutes} min", "{rounds} rounds of {minutes} min", rounds)
        return rounds * minutes, what.format(rounds=rounds, minutes=minutes)
    if kind == "sot":
        phases = data["phases"]
        total = phases["alone"] + phases["groups"] + phases["plenary"]
        what = _("phases ({alone} + {groups} + {plenary} min)").format(
            alone=phases["alone"], groups=phases["groups"], plenary=phases["plenary"]
        )
        return total, what
    return None


def _check_kind_data(ck: _Checker, kind: str, doc: dict, duration: Any) -> Any:
    fields = KIND_FIELDS[kind]
    if kind not in doc:
        if any(spec.required for spec in fields.values()):
            required = ", ".join(name for name, spec in fields.items() if spec.required)
            ck.add(
                (kind,),
                _("required table [{kind}] is missing (kind '{kind}' needs: {fields})").format(
                    kind=kind, fields=required
                ),
                line_path=("kind",),
            )
            return _BAD
        return _Table(fields).default_value()
    data = _Table(fields).check(ck, doc[kind], (kind,))
    if data is _BAD:
        return _BAD
    ok = True
    if kind == "evaluation":
        scale = (data["scale_min"], data["scale_max"])
        if scale not in EVALUATION_SCALES:
            bad = "scale_max" if scale[0] in (1, 0) else "scale_min"
            ck.add(
                (kind, bad),
                _("the scale must be 1–5 or 0–10, got {low}–{high}").format(low=scale[0], high=scale[1]),
            )
            ok = False
    inner = _inner_minutes(kind, data)
    if inner is not None and isinstance(duration, int):
        total, what = inner
        where: FieldPath = (kind, "rounds") if kind == "role_play" else (kind, "phases")
        if total == 0:
            ck.add(where, _("must take some time: all phases are 0 minutes"))
            ok = False
        elif total > duration:
            # i18n: {what} is "3 rounds of 12 min" or "phases (8 + 17 + 10 min)"
            message = _("{what}: {total} min in all, more than the exercise's duration of {duration} min")
            ck.add(where, message.format(what=what, total=total, duration=duration))
            ok = False
    return data if ok else _BAD
