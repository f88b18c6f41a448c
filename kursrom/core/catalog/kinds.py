"""What an exercise file holds: the common fields, translations, and each kind's own table."""

from __future__ import annotations

import re
from typing import Any

from kursrom.core.catalog.model import (
    BASE_LANGS,
    EVALUATION_SCALES,
    KINDS,
    PROMPT_MAX,
    REFLECTION_FORMS,
    TITLE_MAX,
    TRANSLATION_FACTOR,
    Exercise,
    FieldPath,
)
from kursrom.core.catalog.schema import (
    _BAD,
    _Bool,
    _Checker,
    _check_fields,
    _Choice,
    _Int,
    _Minutes,
    _opt_text,
    _show,
    _Slug,
    _Spec,
    _Table,
    _TableList,
    _Text,
    _TextList,
)
from kursrom.i18n import N_, _, ngettext

_LANG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


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

_EXERCISE_FIELDS: dict[str, _Spec] = {
    "id": _Slug(),
    # i18n: {hint} is empty or an aside in parentheses, with its leading space
    "kind": _Choice(KINDS, unknown=N_("unknown kind {value}{hint}; use one of: {choices}")),
    "title": _Text(max_len=TITLE_MAX),
    "prompt": _Text(max_len=PROMPT_MAX),
    "instructions": _opt_text(),
    "duration": _Minutes(),
}
_TRANSLATION_FIELDS: dict[str, _Spec] = {
    "title": _Text(required=False, max_len=TITLE_MAX * TRANSLATION_FACTOR),
    "prompt": _Text(required=False, max_len=PROMPT_MAX * TRANSLATION_FACTOR),
    "instructions": _opt_text(),
}


def _check_translations(ck: _Checker, value: Any) -> Any:
    path: FieldPath = ("translations",)
    if not isinstance(value, dict):
        ck.add(path, _("must be a table of languages, like [translations.en], got {value}").format(value=_show(value)))
        return _BAD
    out, ok = {}, True
    for lang, table in value.items():
        here = path + (lang,)
        if lang in BASE_LANGS:
            ck.add(
                here,
                _("'{lang}' is bokmål, the base language: put that text in title/prompt/instructions").format(
                    lang=lang
                ),
            )
            ok = False
            continue
        if not _LANG.fullmatch(lang):
            ck.add(
                here,
                _(
                    "{value} is not a language code: use a short lowercase code "
                    "such as en, uk, ar, so, ti (optionally with a region: pt-BR)"
                ).format(value=_show(lang)),
            )
            ok = False
            continue
        if not isinstance(table, dict):
            ck.add(here, _("must be a table with title/prompt/instructions, got {value}").format(value=_show(table)))
            ok = False
            continue
        checked = _check_fields(ck, table, here, _TRANSLATION_FIELDS)
        if checked is _BAD:
            ok = False
            continue
        out[lang] = {k: v for k, v in checked.items() if v}
    return out if ok else _BAD


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


def _check_exercise(ck: _Checker, doc: dict) -> Exercise | None:
    kind = doc.get("kind")
    kind_known = isinstance(kind, str) and kind in KINDS
    ok = True
    # Tables of other kinds are a likely mistake; a table named after an unknown kind is noise.
    for key in doc:
        if kind_known and key in KINDS and key != kind:
            ck.add(
                (key,),
                _("table [{key}] belongs to exercises of kind '{key}', but this exercise's kind is {kind}").format(
                    key=key, kind=_show(kind)
                ),
            )
            ok = False
    # With an unknown kind, say so once rather than also flagging the kind's table.
    skip = ["translations", *KINDS]
    if isinstance(kind, str) and not kind_known:
        skip.append(kind)
    base = _check_fields(ck, doc, (), _EXERCISE_FIELDS, skip=skip)
    translations = _check_translations(ck, doc["translations"]) if "translations" in doc else {}
    data = _BAD
    if kind_known:
        duration = base["duration"] if base is not _BAD else doc.get("duration")
        data = _check_kind_data(ck, kind, doc, duration)
    if not ok or base is _BAD or translations is _BAD or data is _BAD:
        return None
    return Exercise(
        id=base["id"],
        kind=base["kind"],
        title=base["title"],
        prompt=base["prompt"],
        instructions=base["instructions"],
        duration=base["duration"],
        translations=translations,
        data=data,
        source=ck.file,
    )
