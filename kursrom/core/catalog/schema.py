"""A small validation language: `_Spec`s say how a field is checked, a `_Checker` collects the
problems of one file, and `_check_fields` checks a table against its specs.

Every message goes through `kursrom.i18n`; they are built while a file is checked, after the
interface language has been set.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from kursrom.core.catalog.model import MAX_MINUTES, FieldPath, Problem
from kursrom.core.catalog.positions import _BARE_KEY, _Locator
from kursrom.i18n import _, ngettext

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_TIME = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")


def _show(value: Any) -> str:
    """A value as the facilitator wrote it, short."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return "'" + text.replace("\n", "\\n") + "'"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        # i18n: what the file holds instead of the expected value, as in "..., got a list"
        return _("a list")
    if isinstance(value, dict):
        # i18n: what the file holds instead of the expected value, as in "..., got a table"
        return _("a table")
    return str(value)  # dates and times


def _format_field(path: FieldPath) -> str | None:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            name = part if _BARE_KEY.fullmatch(part) else '"' + part.replace('"', '\\"') + '"'
            out += ("." if out else "") + name
    return out or None


def _suggest(word: str, choices: Sequence[str]) -> str:
    import difflib  # only needed when something is wrong

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    # i18n: {name} is the key, kind or id the facilitator probably meant
    return _paren(_("did you mean '{name}'?").format(name=close[0])) if close else ""


def _paren(text: str) -> str:
    """An aside appended to a message: " (text)"."""
    return f" ({text})"


class _Checker:
    """Collects the problems of one file; finds their lines lazily from the text."""

    def __init__(self, file: Path, text: str = "") -> None:
        self.file = file
        self.text = text
        self.problems: list[Problem] = []
        #: Things worth a look that do not stop the file loading (an agenda without slack).
        self.warnings: list[Problem] = []
        #: The ids of the library's course descriptions, to check `source` marks against (None:
        #: not checked), and those whose file is broken.
        self.sources: Collection[str] | None = None
        self.broken_sources: dict[str, Path] = {}
        self._locator: _Locator | None = None

    def line_of(self, path: FieldPath) -> int | None:
        if self._locator is None:
            self._locator = _Locator(self.text)
        return self._locator.line_of(path)

    def add(self, path: FieldPath, message: str, *, line_path: FieldPath | None = None) -> None:
        line = self.line_of(path if line_path is None else line_path)
        self.problems.append(Problem(self.file, line, _format_field(path), message))

    def warn(self, path: FieldPath, message: str) -> None:
        self.warnings.append(Problem(self.file, self.line_of(path), _format_field(path), message))

    def add_file(self, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.file, line, None, message))

    @property
    def ok(self) -> bool:
        return not self.problems


_BAD = object()  # a value that failed its check (the problem is already recorded)


class _Spec:
    """How one field is checked; `default` is used when an optional field is absent."""

    def __init__(self, *, required: bool = True, default: Any = None) -> None:
        self.required = required
        self.default = default

    def check(self, ck: _Checker, value: Any, path: FieldPath) -> Any:
        raise NotImplementedError


class _Text(_Spec):
    def __init__(self, *, max_len: int | None = None, blank_ok: bool = False, **kw: Any) -> None:
        kw.setdefault("default", "")
        super().__init__(**kw)
        self.max_len = max_len
        self.blank_ok = blank_ok

    def check(self, ck: _Checker, value: Any, path: FieldPath) -> Any:
        if not isinstance(value, str):
            ck.add(path, _("must be text in quotes, got {value}").format(value=_show(value)))
            return _BAD
        if not self.blank_ok and not value.strip():
            ck.add(path, _("must not be empty"))
            return _BAD
        if self.max_len is not None and len(value) > self.max_len:
            ck.add(
                path,
                _(
                    "is too long ({length} characters, at most {limit}): "
                    "keep it short and plain, interpreters translate it aloud"
                ).format(length=len(value), limit=self.max_len),
            )
            return _BAD
        return value


class _Slug(_Spec):
    def check(self, ck: _Checker, value: Any, path: FieldPath) -> Any:
        if not isinstance(value, str):
            ck.add(path, _("must be text in quotes, got {value}").format(value=_show(value)))
            return _BAD
        if not _SLUG.fullmatch(value):
            ck.add(
                path,
                _(
                    "must be a short id of lowercase letters a–z, digits and '-' "
                    "(no spaces or æøå, at most 64 characters), got {value}"
                ).format(value=_show(value)),
            )
            return _BAD
        return value


class _Int(_Spec):
    def __init__(self, lo: int, hi: int, *, minutes: bool = False, **kw: Any) -> None:
        super().__init__(**kw)
        self.lo, self.hi, self.minutes = lo, hi, minutes

    def check(self, ck: _Checker, value: Any, path: FieldPath) -> Any:
        if isinstance(value, int) and not isinstance(value, bool) and self.lo <= value <= self.hi:
            return value
        if self.minutes:
            message = _("must be a whole number of minutes ({lo}–{hi}), got {value}")
        else:
            message = _("must be a whole number ({lo}–{hi}), got {value}")
        ck.add(path, message.format(lo=self.lo, hi=self.hi, value=_show(value)))
        return _BAD


def _Minutes(lo: int = 1, hi: int = MAX_MINUTES, **kw: Any) -> _Int:
    return _Int(lo, hi, minutes=True, **kw)


def _opt_text(**kw: Any) -> _Text:
    """Optional text that may be left empty."""
    return _Text(required=False, blank_ok=True, **kw)


class _Bool(_Spec):
    def check(self, ck: _Checker, value: Any, path: FieldPath) -> Any:
        if isinstance(value, bool):
            return value
        ck.add(path, _("must be true or false, got {value}").format(value=_show(value)))
        return _BAD


class _Choice(_Spec):
    """One of `choices`. `unknown` is the message for anything else, marked with N_() where the
    schema is built (at import, before the language is set) and translated when it is reported;
    it has the placeholders {value}, {hint} (a suggestion or nothing) and {choices}."""

    def __init__(self, choices: Sequence[str], *, unknown: str, **kw: Any) -> None:
        super().__init__(**kw)
        self.choices = tuple(choices)
        self.unknown = unknown

    def check(self, ck: _Checker, value: Any, path: FieldPath) -> Any:
        if not isinstance(value, str):
            ck.add(path, _("must be text in quotes, got {value}").format(value=_show(value)))
            return _BAD
        if value not in self.choices:
            message = _(self.unknown).format(
                value=_show(value), hint=_suggest(value, self.choices), choices=", ".join(self.choices)
            )
            ck.add(path, message)
            return _BAD
        return value


class _Time(_Spec):
    def check(self, ck: _Checker, value: Any, path: FieldPath) -> Any:
        if isinstance(value, str) and _TIME.fullmatch(value):
            return value
        if isinstance(value, str):
            message = _("must be a time written HH:MM on the 24-hour clock, like '09:00', got {value}")
        else:
            message = _('must be a time in quotes, like "12:00", got {value}')
        ck.add(path, message.format(value=_show(value)))
        return _BAD


class _TextList(_Spec):
    def __init__(self, *, min_items: int = 0, unique: bool = False, max_len: int | None = None, **kw: Any) -> None:
        kw.setdefault("required", min_items > 0)
        kw.setdefault("default", [])
        super().__init__(**kw)
        self.min_items, self.unique, self.item = min_items, unique, _Text(max_len=max_len)

    def check(self, ck: _Checker, value: Any, path: FieldPath) -> Any:
        if not isinstance(value, list):
            ck.add(path, _('must be a list of texts, like ["a", "b"], got {value}').format(value=_show(value)))
            return _BAD
        out, ok = [], True
        for i, item in enumerate(value):
            checked = self.item.check(ck, item, path + (i,))
            ok = ok and checked is not _BAD
            out.append(checked)
        if not ok:
            return _BAD
        if len(out) < self.min_items:
            message = ngettext(
                "must have at least {count} item, has {actual}",
                "must have at least {count} items, has {actual}",
                self.min_items,
            )
            ck.add(path, message.format(count=self.min_items, actual=len(out)))
            return _BAD
        if self.unique:
            seen: set[str] = set()
            for i, item in enumerate(out):
                if item in seen:
                    ck.add(path + (i,), _("{value} appears twice").format(value=_show(item)))
                    ok = False
                seen.add(item)
        return out if ok else _BAD


class _Table(_Spec):
    def __init__(self, fields: dict[str, _Spec], **kw: Any) -> None:
        super().__init__(**kw)
        self.fields = fields

    def default_value(self) -> Any:
        return {name: copy.deepcopy(spec.default) for name, spec in self.fields.items()}

    def check(self, ck: _Checker, value: Any, path: FieldPath) -> Any:
        if not isinstance(value, dict):
            ck.add(path, _("must be a table, got {value}").format(value=_show(value)))
            return _BAD
        return _check_fields(ck, value, path, self.fields)


class _TableList(_Spec):
    def __init__(self, item: _Table, *, min_items: int = 0, **kw: Any) -> None:
        kw.setdefault("required", min_items > 0)
        kw.setdefault("default", [])
        super().__init__(**kw)
        self.item, self.min_items = item, min_items

    def check(self, ck: _Checker, value: Any, path: FieldPath) -> Any:
        if not isinstance(value, list):
            ck.add(path, _("must be a list of tables, got {value}").format(value=_show(value)))
            return _BAD
        out, ok = [], True
        for i, item in enumerate(value):
            checked = self.item.check(ck, item, path + (i,))
            ok = ok and checked is not _BAD
            out.append(checked)
        if ok and len(out) < self.min_items:
            message = ngettext(
                "must have at least {count} entry, has {actual}",
                "must have at least {count} entries, has {actual}",
                self.min_items,
            )
            ck.add(path, message.format(count=self.min_items, actual=len(out)))
            return _BAD
        return out if ok else _BAD


def _unknown_key(ck: _Checker, key: str, path: FieldPath, allowed: Sequence[str]) -> None:
    hint = _suggest(key, allowed)
    if not hint and allowed:
        hint = _paren(_("allowed here: {keys}").format(keys=", ".join(allowed)))
    elif not allowed:
        hint = _paren(_("nothing is allowed here"))
    # i18n: {hint} is empty or an aside in parentheses, with its leading space
    ck.add(path + (key,), _("unknown key '{key}'{hint}").format(key=key, hint=hint))


def _check_fields(
    ck: _Checker,
    table: dict,
    path: FieldPath,
    fields: dict[str, _Spec],
    *,
    skip: Sequence[str] = (),
) -> Any:
    """Check `table` against `fields`: reports unknown keys, missing ones, and each value.

    Returns the checked dict with defaults filled in, or _BAD. Keys in `skip` are left to the caller.
    """
    ok = True
    for key in table:
        if key not in fields and key not in skip:
            _unknown_key(ck, key, path, list(fields))
            ok = False
    out: dict[str, Any] = {}
    for name, spec in fields.items():
        if name not in table:
            if spec.required:
                ck.add(path + (name,), _("required field is missing"))
                ok = False
            else:
                out[name] = copy.deepcopy(spec.default)
            continue
        checked = spec.check(ck, table[name], path + (name,))
        if checked is _BAD:
            ok = False
        out[name] = checked
    return out if ok else _BAD
