"""Source and suggestion: the course descriptions in ``sources/*.toml``, and the ``source`` and
``suggested`` marks that exercises and templates carry to say what comes from a description and
what is kursrom's suggestion."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from kursrom.core.catalog.model import ALL, ORDER, Basis, FieldPath, Source
from kursrom.core.catalog.schema import (
    _BAD,
    _Checker,
    _check_fields,
    _opt_text,
    _show,
    _Slug,
    _Spec,
    _suggest,
    _Text,
)
from kursrom.i18n import N_, _

#: The keys that mark a table; every table that may carry them lists them in its checks' `skip`.
MARK_KEYS = ("source", "suggested")

_SOURCE_FIELDS: dict[str, _Spec] = {
    "id": _Slug(),
    "title": _Text(max_len=120),
    "publisher": _opt_text(max_len=120),
    "note": _opt_text(),
}

# How the facilitator reads a suggested field's name, in "Forslag: minuttene, rekkefølgen".
FIELD_LABELS: dict[str, str] = {
    ORDER: N_("the order"),
    "duration": N_("the minutes"),
    "session_minutes": N_("the session's length"),
    "sessions": N_("the number of sessions"),
    "start_time": N_("the start time"),
    "weeks": N_("the number of weeks"),
    "days": N_("the opening days"),
    "outcomes": N_("the follow-up statuses"),
    "places": N_("the number of places"),
    "kind": N_("the form"),
    "exercise": N_("when in the course"),
    "content": N_("the exercise's content"),
    "title": N_("the title"),
    "theme": N_("the theme"),
    "prompt": N_("the task text"),
    "instructions": N_("the instructions"),
    "description": N_("the description"),
    "target_group": N_("the target group"),
    "agenda": N_("the agenda"),
    "form": N_("the working form"),
    "questions": N_("the questions"),
    "animals": N_("the animals"),
    "roles": N_("the roles"),
    "rounds": N_("the number of rounds"),
    "round_minutes": N_("the minutes per round"),
    "feedback_prompts": N_("what the observer looks for"),
    "group_size": N_("the group size"),
    "situation": N_("the help texts"),
    "wish": N_("the help texts"),
    "actions": N_("the help texts"),
    "phases": N_("the phases' minutes"),
    "formal": N_("the examples"),
    "informal": N_("the examples"),
    "minutes_each": N_("the minutes each"),
    "listen_for": N_("what the listeners listen for"),
    "categories": N_("the categories"),
    "statements": N_("the statements"),
    "speaker": N_("the speaker"),
    "topics": N_("the topics"),
    "suggestions": N_("the suggested rules"),
    "ad_text": N_("the sample ad"),
    "scale_min": N_("the scale"),
    "scale_max": N_("the scale"),
    "min_label": N_("the scale's labels"),
    "max_label": N_("the scale's labels"),
    "rate_agenda": N_("rating each element"),
    "oral_round": N_("the oral round"),
    "tasks": N_("the tasks"),
}


def field_labels(names: Iterable[str]) -> list[str]:
    """The suggested `names` as words, in the order given, each once ("the scale" stands for both
    of its ends)."""
    out: list[str] = []
    for name in names:
        label = _(FIELD_LABELS[name]) if name in FIELD_LABELS else name
        if label not in out:
            out.append(label)
    return out


class _SourceRef(_Spec):
    """``source = "pro"`` or ``source = ["pro", "metodene"]``: ids of the library's course
    descriptions. The ids are looked up in `_Checker.sources` when the loader has set it."""

    def __init__(self) -> None:
        super().__init__(required=False, default=())

    def check(self, ck: _Checker, value: Any, path: FieldPath) -> Any:
        items = value if isinstance(value, list) else [value]
        if not items or not all(isinstance(item, str) for item in items):
            ck.add(path, _('must name a course description, like "pro", or a list of them, got {value}').format(
                value=_show(value)))
            return _BAD
        out, ok = [], True
        for index, item in enumerate(items):
            here = path + (index,) if isinstance(value, list) else path
            if not item.strip():
                ck.add(here, _('is marked as from a course description but names none: write its id, like "pro" '
                               "(the files in sources/), or mark the part suggested"))
                ok = False
            elif ck.sources is not None and item not in ck.sources:
                ok = False
                if item in ck.broken_sources:
                    ck.add(here, _("course description '{name}' could not be loaded (see the problems in {file})")
                           .format(name=item, file=ck.broken_sources[item].name))
                else:
                    # i18n: {hint} is empty or an aside in parentheses, with its leading space
                    ck.add(here, _("unknown course description '{name}'{hint}").format(
                        name=item, hint=_suggest(item, sorted(ck.sources))))
            elif item not in out:
                out.append(item)
        return tuple(out) if ok else _BAD


class _Suggested(_Spec):
    """``suggested = true`` (all of it) or a list of the names of suggested fields; `allowed` are the
    names that make sense where the mark stands."""

    def __init__(self, allowed: Iterable[str]) -> None:
        super().__init__(required=False, default=frozenset())
        self.allowed = tuple(dict.fromkeys(allowed))

    def check(self, ck: _Checker, value: Any, path: FieldPath) -> Any:
        if isinstance(value, bool):
            return frozenset({ALL}) if value else frozenset()
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            ck.add(path, _('must be true (all of it is a suggestion) or a list of field names, like '
                           '["duration", "order"], got {value}').format(value=_show(value)))
            return _BAD
        ok = True
        for index, item in enumerate(value):
            if item not in self.allowed:
                ok = False
                hint = _suggest(item, self.allowed) or " (" + _("allowed here: {keys}").format(
                    keys=", ".join(self.allowed)) + ")"
                # i18n: {hint} is empty or an aside in parentheses, with its leading space
                ck.add(path + (index,), _("'{name}' is not a field that can be suggested here{hint}").format(
                    name=item, hint=hint))
        return frozenset(value) if ok else _BAD


class _Mark(_Spec):
    """A mark in a table checked by `_check_fields`: kept as written, for `check_marks`."""

    def __init__(self) -> None:
        super().__init__(required=False, default=None)

    def check(self, ck: _Checker, value: Any, path: FieldPath) -> Any:
        return value


#: Add to a table's fields so that it may carry marks.
MARK_FIELDS: dict[str, _Spec] = {"source": _Mark(), "suggested": _Mark()}


def check_marks(ck: _Checker, table: Mapping, path: FieldPath, allowed: Iterable[str]) -> Basis | object:
    """The `source` and `suggested` of one table as a `Basis` (unmarked if it has neither), or _BAD."""
    sources = (_SourceRef().check(ck, table["source"], path + ("source",))
               if table.get("source") is not None else ())
    suggested = (_Suggested(allowed).check(ck, table["suggested"], path + ("suggested",))
                 if table.get("suggested") is not None else frozenset())
    if sources is _BAD or suggested is _BAD:
        return _BAD
    if sources and ALL in suggested:
        ck.add(path + ("suggested",), _("says all of it is a suggestion, but the same table names a course "
                                        "description as its source: list the suggested fields instead"))
        return _BAD
    return Basis(tuple(sources), frozenset(suggested))


def check_source(ck: _Checker, doc: dict) -> Source | None:
    """A ``sources/*.toml`` file: one public course description."""
    checked = _check_fields(ck, doc, (), _SOURCE_FIELDS)
    if checked is _BAD:
        return None
    return Source(id=checked["id"], title=checked["title"], publisher=checked["publisher"], note=checked["note"],
                  file=ck.file)
