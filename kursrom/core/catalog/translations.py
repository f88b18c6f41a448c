"""Translations of an exercise's participant-facing texts: how ``[translations.<lang>]`` is checked,
how a field is found in a language (`localize`), and what is draft or missing (`translation_report`).

A translation mirrors the bokmål: ``title``/``prompt``/``instructions`` at the top of the language's
table, the kind's participant-facing fields in a table named after the kind, with the same keys, the
same number of items and the same order. Each language's table has a `status` (`reviewed` or
`draft`; left out, `draft`), which the kind's table may override.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kursrom.core.catalog.kinds import KIND_FIELDS, PUBLIC_FIELDS
from kursrom.core.catalog.model import (
    BASE,
    BASE_LANG,
    BASE_LANGS,
    DRAFT,
    MISSING,
    PROMPT_MAX,
    TITLE_MAX,
    TRANSLATION_FACTOR,
    TRANSLATION_STATUSES,
    FieldPath,
    Localized,
)
from kursrom.core.catalog.schema import (
    _BAD,
    _Checker,
    _check_fields,
    _Choice,
    _opt_text,
    _show,
    _Spec,
    _Table,
    _TableList,
    _Text,
    _TextList,
)
from kursrom.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from kursrom.core.catalog.model import Catalog, Exercise

_LANG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
#: The exercise's own texts, translated at the top of a language's table.
TOP_TEXTS = ("title", "prompt", "instructions")
#: Of those, the ones participants see.
PUBLIC_TOP = ("title", "prompt")


def _status() -> _Choice:
    # i18n: {hint} is empty or an aside in parentheses, with its leading space
    return _Choice(TRANSLATION_STATUSES, unknown=N_("unknown status {value}{hint}; use one of: {choices}"),
                   required=False, default=None)


def _longer(limit: int | None) -> int | None:
    return None if limit is None else limit * TRANSLATION_FACTOR


def _loose(spec: _Spec) -> _Spec:
    """The spec of a field's translation: the same shape, every part optional, texts may be longer."""
    if isinstance(spec, _TextList):
        return _TextList(required=False, default=None, max_len=_longer(spec.item.max_len))
    if isinstance(spec, _Text):
        return _Text(required=False, default=None, max_len=_longer(spec.max_len))
    if isinstance(spec, _TableList):
        return _TableList(_Table(_loose_fields(spec.item.fields)), required=False, default=None)
    if isinstance(spec, _Table):
        return _Table(_loose_fields(spec.fields), required=False, default=None)
    raise TypeError(f"a participant-facing field cannot be a {type(spec).__name__}")


def _loose_fields(fields: dict[str, _Spec]) -> dict[str, _Spec]:
    return {name: _loose(spec) for name, spec in fields.items()}


_TOP_FIELDS: dict[str, _Spec] = {
    "status": _status(),
    "title": _Text(required=False, default=None, max_len=TITLE_MAX * TRANSLATION_FACTOR),
    "prompt": _Text(required=False, default=None, max_len=PROMPT_MAX * TRANSLATION_FACTOR),
    "instructions": _opt_text(),
}
_KIND_TABLES: dict[str, dict[str, _Spec]] = {
    kind: {"status": _status(), **{name: _loose(KIND_FIELDS[kind][name]) for name in names}}
    for kind, names in PUBLIC_FIELDS.items()
}


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != []


def _same_shape(ck: _Checker, path: FieldPath, base: Any, translated: Any) -> bool:
    """A translated list has as many items as the bokmål one; tables are compared key by key."""
    if isinstance(translated, list):
        if not isinstance(base, list) or len(base) != len(translated):
            expected = len(base) if isinstance(base, list) else 0
            message = ngettext(
                "has {count} item, but the bokmål has {expected}: translate every item, in the same order",
                "has {count} items, but the bokmål has {expected}: translate every item, in the same order",
                len(translated))
            ck.add(path, message.format(count=len(translated), expected=expected))
            return False
        return all(_same_shape(ck, path + (i,), b, t) for i, (b, t) in enumerate(zip(base, translated))
                   if isinstance(t, dict))
    if isinstance(translated, dict):
        return all(_same_shape(ck, path + (key,), (base or {}).get(key), value)
                   for key, value in translated.items() if value is not None)
    return True


def _drop_empty(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_empty(v) for k, v in value.items() if _present(v)}
    if isinstance(value, list):
        return [_drop_empty(v) for v in value]
    return value


def check_translations(ck: _Checker, value: Any, kind: str | None, data: Any) -> Any:
    """``[translations]``: each language's table, its kind table matched against the bokmål `data`
    (not compared when `kind` or `data` failed their own checks)."""
    path: FieldPath = ("translations",)
    if not isinstance(value, dict):
        ck.add(path, _("must be a table of languages, like [translations.en], got {value}").format(value=_show(value)))
        return _BAD
    out, ok = {}, True
    for lang, table in value.items():
        checked = _check_language(ck, path + (lang,), lang, table, kind, data)
        if checked is _BAD:
            ok = False
        else:
            out[lang] = checked
    return out if ok else _BAD


def _check_language(ck: _Checker, here: FieldPath, lang: str, table: Any, kind: str | None, data: Any) -> Any:
    if lang in BASE_LANGS:
        ck.add(here, _("'{lang}' is bokmål, the base language: put that text in title/prompt/instructions")
               .format(lang=lang))
        return _BAD
    if not _LANG.fullmatch(lang):
        ck.add(here, _("{value} is not a language code: use a short lowercase code "
                       "such as en, uk, ar, so, ti (optionally with a region: pt-BR)").format(value=_show(lang)))
        return _BAD
    if not isinstance(table, dict):
        ck.add(here, _("must be a table with title/prompt/instructions, got {value}").format(value=_show(table)))
        return _BAD
    known_kind = kind in _KIND_TABLES
    checked = _check_fields(ck, table, here, _TOP_FIELDS, skip=[kind] if known_kind else [])
    if checked is _BAD:
        return _BAD
    out = {k: v for k, v in checked.items() if _present(v)}
    out["status"] = checked["status"] or DRAFT
    if known_kind and kind in table:
        own = _Table(_KIND_TABLES[kind]).check(ck, table[kind], here + (kind,))
        if own is _BAD:
            return _BAD
        if isinstance(data, dict) and not _same_shape(ck, here + (kind,), data, own):
            return _BAD
        own = _drop_empty(own)
        if own:
            out[kind] = own
    return out


# --------------------------------------------------------------------------------------------------
# A field in a language


def _path(name: str) -> tuple[str | int, ...]:
    return tuple(int(part) if part.isdigit() else part for part in name.split("."))


def _dig(value: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        if isinstance(part, int) and isinstance(value, list) and part < len(value):
            value = value[part]
        elif isinstance(part, str) and isinstance(value, dict) and part in value:
            value = value[part]
        else:
            return None
    return value


def _merge(base: Any, translated: Any) -> tuple[Any, bool]:
    """The translation with the bokmål filling its holes; True if there were holes."""
    if isinstance(base, dict):
        if not isinstance(translated, dict):
            return base, True
        merged, partial = {}, False
        for key, value in base.items():
            merged[key], hole = _merge(value, translated.get(key)) if _present(value) else (value, False)
            partial = partial or hole
        return merged, partial
    if isinstance(base, list):
        if not isinstance(translated, list) or len(translated) != len(base):
            return base, True
        pairs = [_merge(b, t) for b, t in zip(base, translated)]
        return [value for value, _hole in pairs], any(hole for _value, hole in pairs)
    if isinstance(base, str) and isinstance(translated, str) and translated:
        return translated, False
    return base, True


def find_language(translations: dict, lang: str) -> tuple[str, dict] | None:
    """The language's table: `lang` itself (in any case: "pt-br" finds "pt-BR"), else its base
    language ("en" for "en-GB")."""
    by_case = {str(key).lower(): key for key in translations}
    for wanted in (lang.lower(), lang.split("-")[0].lower()):
        key = by_case.get(wanted)
        if key is not None and isinstance(translations[key], dict):
            return key, translations[key]
    return None


def localize(exercise: Exercise, name: str, lang: str) -> Localized:
    path = _path(name)
    top = path[0] in TOP_TEXTS
    base = _dig({"title": exercise.title, "prompt": exercise.prompt, "instructions": exercise.instructions}
                if top else exercise.data, path)
    if base is None:
        raise KeyError(f"exercise {exercise.id!r} has no field {name!r}")
    if not lang or lang.lower() in (*BASE_LANGS, "nn"):
        return Localized(base, BASE_LANG, BASE)
    found = find_language(exercise.translations or {}, lang)
    if found is None:
        return Localized(base, BASE_LANG, MISSING)
    found_lang, table = found
    status = table.get("status") or DRAFT
    if top:
        translated = _dig(table, path)
    else:
        own = table.get(exercise.kind)
        own = own if isinstance(own, dict) else {}
        status = own.get("status") or status
        translated = _dig(own, path)
    if not _present(translated):
        return Localized(base, BASE_LANG, MISSING)
    value, partial = _merge(base, translated)
    return Localized(value, found_lang, status if status in TRANSLATION_STATUSES else DRAFT, partial)


def public_fields(exercise: Exercise) -> list[str]:
    """The participant-facing fields that have bokmål text, as names `localize` takes; a table's
    texts one by one ("situation.title", "situation.help")."""
    names = [name for name in PUBLIC_TOP if getattr(exercise, name)]
    for name in PUBLIC_FIELDS.get(exercise.kind, ()):
        value = exercise.data.get(name)
        if isinstance(value, dict):
            names += [f"{name}.{key}" for key, inner in value.items() if _present(inner)]
        elif _present(value):
            names.append(name)
    return names


# --------------------------------------------------------------------------------------------------
# What is draft and what is missing, per language


@dataclass(frozen=True)
class ExerciseLanguage:
    """One exercise in one language: its participant-facing fields by what their translation is."""

    exercise: str
    reviewed: tuple[str, ...]
    draft: tuple[str, ...]
    missing: tuple[str, ...]  # shown in bokmål (also a list only partly translated)

    @property
    def untranslated(self) -> bool:
        return not self.reviewed and not self.draft


@dataclass(frozen=True)
class LanguageReport:
    lang: str
    exercises: tuple[ExerciseLanguage, ...]

    @property
    def translated(self) -> list[ExerciseLanguage]:
        return [e for e in self.exercises if not e.untranslated]

    @property
    def untranslated(self) -> list[str]:
        return [e.exercise for e in self.exercises if e.untranslated]

    @property
    def with_drafts(self) -> list[ExerciseLanguage]:
        return [e for e in self.exercises if e.draft]

    @property
    def partly_missing(self) -> list[ExerciseLanguage]:
        return [e for e in self.exercises if e.missing and not e.untranslated]


def languages(catalog: Catalog) -> list[str]:
    """Every language some exercise is translated into."""
    found = {lang for exercise in catalog.exercises.values() for lang in exercise.translations}
    return sorted(found)


def translation_report(catalog: Catalog, langs: list[str] | None = None) -> list[LanguageReport]:
    """For each language (by default every one in the library), each exercise's fields by status."""
    reports = []
    for lang in langs if langs is not None else languages(catalog):
        rows = []
        for exercise in sorted(catalog.exercises.values(), key=lambda e: e.id):
            sorted_fields: dict[str, list[str]] = {"reviewed": [], "draft": [], "missing": []}
            for name in public_fields(exercise):
                found = exercise.localize(name, lang)
                if found.status == MISSING or found.partial:
                    sorted_fields["missing"].append(name)
                if found.translated:
                    sorted_fields["draft" if found.draft else "reviewed"].append(name)
            rows.append(ExerciseLanguage(exercise.id, *(tuple(v) for v in sorted_fields.values())))
        reports.append(LanguageReport(lang, tuple(rows)))
    return reports
