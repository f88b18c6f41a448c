"""What an exercise file holds: the common fields, the marks of source and suggestion, the kind's
own table, and the translations (checked against the bokmål they translate)."""

from __future__ import annotations

from kursrom.core.catalog.basis import MARK_KEYS, check_marks
from kursrom.core.catalog.kinds import KIND_FIELDS, _check_kind_data
from kursrom.core.catalog.model import KINDS, PROMPT_MAX, TITLE_MAX, Exercise
from kursrom.core.catalog.schema import (
    _BAD,
    _Checker,
    _check_fields,
    _Choice,
    _Minutes,
    _opt_text,
    _show,
    _Slug,
    _Spec,
    _Text,
)
from kursrom.core.catalog.translations import check_translations
from kursrom.i18n import N_, _

_EXERCISE_FIELDS: dict[str, _Spec] = {
    "id": _Slug(),
    # i18n: {hint} is empty or an aside in parentheses, with its leading space
    "kind": _Choice(KINDS, unknown=N_("unknown kind {value}{hint}; use one of: {choices}")),
    "title": _Text(max_len=TITLE_MAX),
    "prompt": _Text(max_len=PROMPT_MAX),
    "instructions": _opt_text(),
    "duration": _Minutes(),
}


def suggestable(kind: str | None) -> list[str]:
    """The names an exercise's `suggested` may list: its own texts and minutes, and its kind's fields."""
    return ["title", "prompt", "instructions", "duration", *KIND_FIELDS.get(kind or "", {})]


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
    skip = ["translations", *MARK_KEYS, *KINDS]
    if isinstance(kind, str) and not kind_known:
        skip.append(kind)
    base = _check_fields(ck, doc, (), _EXERCISE_FIELDS, skip=skip)
    basis = check_marks(ck, doc, (), suggestable(kind if kind_known else None))
    data = _BAD
    if kind_known:
        duration = base["duration"] if base is not _BAD else doc.get("duration")
        data = _check_kind_data(ck, kind, doc, duration)
    translations = {}
    if "translations" in doc:
        translations = check_translations(ck, doc["translations"], kind if kind_known else None,
                                          data if data is not _BAD else None)
    if not ok or base is _BAD or basis is _BAD or translations is _BAD or data is _BAD:
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
        basis=basis,
    )
