"""The exercise library: exercises and course templates read from TOML files and checked thoroughly.

A library folder holds ``exercises/*.toml`` (one exercise a file) and ``courses/*.toml`` (one
course template a file); ``exercises/README.md`` in the repository documents the format.
`load_catalog` reads any number of folders, later ones overriding earlier ones by id, and never
raises: every problem is collected as a `Problem` naming the file, the line and the field, the
broken file is left out and every other file still loads.

Plain Python on purpose (stdlib ``tomllib`` and dataclasses): the catalog is loaded at start-up and
by ``kursrom check``, so it must not pull in Textual, SQLModel or pydantic.

Every problem message goes through `kursrom.i18n` (English message ids, bokmål by default). The
messages are built while a file is checked, after the interface language has been set.
"""

from __future__ import annotations

import bisect
import copy
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kursrom.i18n import N_, _, ngettext
from kursrom.paths import builtin_exercises_dir, user_exercises_dir

__all__ = [
    "KINDS",
    "SCHEDULE_KINDS",
    "AgendaEntry",
    "Catalog",
    "CourseTemplate",
    "Exercise",
    "Problem",
    "Schedule",
    "SessionPlan",
    "default_folders",
    "load_catalog",
]

KINDS: tuple[str, ...] = (
    "reflection",
    "animal",
    "role_play",
    "sot",
    "timeline",
    "career_story",
    "card_sort",
    "presentation",
    "talk",
    "break",
    "group_rules",
    "job_ad",
    "evaluation",
    "homework",
)
SCHEDULE_KINDS: tuple[str, ...] = ("weekly", "weekdays", "conversations", "drop_in")
REFLECTION_FORMS: tuple[str, ...] = ("alone", "pairs", "groups", "plenary", "one_to_one")
EVALUATION_SCALES: tuple[tuple[int, int], ...] = ((1, 5), (0, 10))

MAX_MINUTES = 480
MAX_FILE_BYTES = 1_000_000
TITLE_MAX = 80
PROMPT_MAX = 400
THEME_MAX = 120
# Translations may run longer than the bokmål text (Ukrainian and Arabic usually do).
TRANSLATION_FACTOR = 2
BASE_LANGS = ("nb", "no", "nob")

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_LANG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
_TIME = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_AT_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")

# A path into a TOML document: keys, and 0-based indexes into arrays.
FieldPath = tuple[str | int, ...]


# --------------------------------------------------------------------------------------------------
# The public model


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file.

    `line` is 1-based (None when the whole file is concerned, or a required top-level field is
    missing). `field` is a dotted path such as ``sessions[2].agenda[3].exercise``; indexes count
    from 1, as a person counts the ``[[sessions]]`` blocks or the items of a list in the file.
    """

    file: Path
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = str(self.file) if self.line is None else f"{self.file}:{self.line}"
        if self.field:
            # i18n: names the field a problem is about, as in "kurs.toml:5: field 'duration': ..."
            label = _("field '{field}'").format(field=self.field)
            return f"{where}: {label}: {self.message}"
        return f"{where}: {self.message}"


@dataclass
class Exercise:
    """One exercise: the texts participants see, the facilitator's instructions, the kind's data."""

    id: str
    kind: str
    title: str
    prompt: str
    instructions: str
    duration: int
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    data: dict = field(default_factory=dict)
    source: Path = field(default_factory=Path)

    def localized(self, lang: str) -> tuple[str, str]:
        """(title, prompt) in `lang` ("en", "uk", "ar", "en-GB", ...), each falling back to bokmål."""
        tr = self._translation(lang)
        return tr.get("title") or self.title, tr.get("prompt") or self.prompt

    def localized_instructions(self, lang: str) -> str:
        """The facilitator's instructions in `lang`, falling back to bokmål."""
        return self._translation(lang).get("instructions") or self.instructions

    def _translation(self, lang: str) -> dict[str, str]:
        if not lang:
            return {}
        found = self.translations.get(lang)
        if found is None:
            found = self.translations.get(lang.split("-")[0].lower(), {})
        return found

    def snapshot(self) -> dict:
        """A JSON-serialisable copy of everything, to store with a session's agenda."""
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "prompt": self.prompt,
            "instructions": self.instructions,
            "duration": self.duration,
            "translations": copy.deepcopy(self.translations),
            "data": copy.deepcopy(self.data),
            "source": str(self.source),
        }

    @classmethod
    def from_snapshot(cls, snap: dict) -> Exercise:
        """The exercise as it was when `snapshot` was taken (the inverse of `snapshot`)."""
        return cls(
            id=snap["id"],
            kind=snap["kind"],
            title=snap["title"],
            prompt=snap["prompt"],
            instructions=snap.get("instructions", ""),
            duration=snap["duration"],
            translations=copy.deepcopy(snap.get("translations", {})),
            data=copy.deepcopy(snap.get("data", {})),
            source=Path(snap.get("source", "")),
        )


@dataclass
class AgendaEntry:
    """One step of a session: an exercise id, its minutes (already resolved) and text overrides."""

    exercise: str
    duration: int
    title: str | None = None
    prompt: str | None = None
    instructions: str | None = None


@dataclass
class SessionPlan:
    number: int  # 1-based
    title: str
    theme: str
    minutes: int  # the session's own `session_minutes`, else the schedule's
    agenda: list[AgendaEntry] = field(default_factory=list)


@dataclass
class Schedule:
    kind: str  # one of SCHEDULE_KINDS
    sessions: int
    start_time: str  # "HH:MM"
    session_minutes: int
    weeks: int | None = None  # only for kind "weekdays"


@dataclass
class CourseTemplate:
    id: str
    version: int
    title: str
    target_group: str
    description: str
    schedule: Schedule
    sessions: list[SessionPlan] = field(default_factory=list)
    source: Path = field(default_factory=Path)


@dataclass
class Catalog:
    exercises: dict[str, Exercise] = field(default_factory=dict)
    templates: dict[str, CourseTemplate] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def exercise(self, id: str) -> Exercise:
        try:
            return self.exercises[id]
        except KeyError:
            raise KeyError(f"unknown exercise {id!r}") from None

    def template(self, id: str) -> CourseTemplate:
        try:
            return self.templates[id]
        except KeyError:
            raise KeyError(f"unknown course template {id!r}") from None


def default_folders(extra: Sequence[Path] = ()) -> list[Path]:
    """The shipped library, then the facilitator's own folder, then `extra` (later ones win)."""
    return [builtin_exercises_dir(), user_exercises_dir(), *(Path(p) for p in extra)]


# --------------------------------------------------------------------------------------------------
# Where things are in the text: a small TOML scanner mapping field paths to line numbers.
# It only runs on text tomllib has already accepted, so it can afford to be simple.


class _Locator:
    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.lines: dict[FieldPath, int] = {}
        try:
            self._scan()
        except Exception:  # noqa: BLE001 - a partial map is still useful; lines fall back to parents
            pass

    def line_of(self, path: FieldPath) -> int | None:
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]

    def _line_at(self, pos: int) -> int:
        return bisect.bisect_left(self.newlines, pos) + 1

    def _mark(self, path: FieldPath, pos: int) -> None:
        line = self._line_at(pos)
        for j in range(1, len(path) + 1):
            self.lines.setdefault(path[:j], line)

    def _skip(self, newlines: bool) -> None:
        s, n = self.s, len(self.s)
        while self.i < n:
            c = s[self.i]
            if c in " \t\r" or (newlines and c == "\n"):
                self.i += 1
            elif c == "#":
                end = s.find("\n", self.i)
                self.i = n if end < 0 else end
            else:
                return

    def _scan(self) -> None:
        s, n = self.s, len(self.s)
        table: FieldPath = ()
        counts: dict[FieldPath, int] = {}  # array-of-tables path -> entries so far

        def resolve(keys: FieldPath) -> FieldPath:
            path: FieldPath = ()
            for key in keys:
                path += (key,)
                if path in counts:
                    path += (counts[path] - 1,)
            return path

        while True:
            self._skip(True)
            if self.i >= n:
                return
            start = self.i
            if s.startswith("[[", self.i):
                self.i += 2
                keys = self._key()
                self._skip(False)
                self.i += 2
                array = resolve(keys[:-1]) + (keys[-1],)
                index = counts.get(array, 0)
                counts[array] = index + 1
                table = array + (index,)
                self._mark(table, start)
            elif s[self.i] == "[":
                self.i += 1
                keys = self._key()
                self._skip(False)
                self.i += 1
                table = resolve(keys)
                self._mark(table, start)
            else:
                self._pair(table, start)

    def _pair(self, table: FieldPath, start: int) -> None:
        keys = self._key()
        self._skip(False)
        self.i += 1  # '='
        self._skip(False)
        path = table + keys
        self._mark(path, start)
        self._value(path)

    def _key(self) -> tuple[str, ...]:
        s = self.s
        parts: list[str] = []
        while True:
            self._skip(False)
            start = self.i
            if s[self.i] == '"':
                self._basic_string()
                parts.append(tomllib.loads("k = " + s[start : self.i])["k"])
            elif s[self.i] == "'":
                self.i = s.index("'", self.i + 1) + 1
                parts.append(s[start + 1 : self.i - 1])
            else:
                m = _BARE_KEY.match(s, self.i)
                if m is None:
                    raise ValueError("not a key")
                parts.append(m.group())
                self.i = m.end()
            self._skip(False)
            if self.i < len(s) and s[self.i] == ".":
                self.i += 1
                continue
            return tuple(parts)

    def _basic_string(self) -> None:
        s = self.s
        self.i += 1
        while s[self.i] != '"':
            self.i += 2 if s[self.i] == "\\" else 1
        self.i += 1

    def _value(self, path: FieldPath) -> None:
        s = self.s
        if s.startswith('"""', self.i) or s.startswith("'''", self.i):
            quote = s[self.i]
            self.i += 3
            while not s.startswith(quote * 3, self.i):
                self.i += 2 if (quote == '"' and s[self.i] == "\\") else 1
            self.i += 3
            for _quote in range(2):  # up to two quotes may end the content right before the delimiter
                if self.i < len(s) and s[self.i] == quote:
                    self.i += 1
        elif s[self.i] == '"':
            self._basic_string()
        elif s[self.i] == "'":
            self.i = s.index("'", self.i + 1) + 1
        elif s[self.i] == "[":
            self.i += 1
            index = 0
            while True:
                self._skip(True)
                if s[self.i] == "]":
                    self.i += 1
                    return
                self._mark(path + (index,), self.i)
                self._value(path + (index,))
                self._skip(True)
                if s[self.i] == ",":
                    self.i += 1
                index += 1
        elif s[self.i] == "{":
            self.i += 1
            while True:
                self._skip(True)
                if s[self.i] == "}":
                    self.i += 1
                    return
                self._pair(path, self.i)
                self._skip(True)
                if s[self.i] == ",":
                    self.i += 1
        else:  # numbers, booleans, dates and times
            m = re.compile(r"[^,\]}\n#]*").match(s, self.i)
            self.i = m.end() if m else len(s)


# --------------------------------------------------------------------------------------------------
# Collecting problems for one file


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
        self._locator: _Locator | None = None

    def line_of(self, path: FieldPath) -> int | None:
        if self._locator is None:
            self._locator = _Locator(self.text)
        return self._locator.line_of(path)

    def add(self, path: FieldPath, message: str, *, line_path: FieldPath | None = None) -> None:
        line = self.line_of(path if line_path is None else line_path)
        self.problems.append(Problem(self.file, line, _format_field(path), message))

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


def _Minutes(lo: int = 1, hi: int = MAX_MINUTES, **kw: Any) -> _Int:  # noqa: N802
    return _Int(lo, hi, minutes=True, **kw)


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


# --------------------------------------------------------------------------------------------------
# The schemas


def _questions() -> _TextList:
    return _TextList(required=False)


def _opt_text(**kw: Any) -> _Text:
    return _Text(required=False, blank_ok=True, **kw)


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
    }
)
_AGENDA_ENTRY = _Table(
    {
        "exercise": _Slug(),
        "duration": _Minutes(required=False, default=None),
        "title": _Text(required=False, default=None, max_len=TITLE_MAX),
        "prompt": _Text(required=False, default=None, max_len=PROMPT_MAX),
        "instructions": _Text(required=False, default=None, blank_ok=True),
    }
)
_SESSION = _Table(
    {
        "title": _Text(max_len=TITLE_MAX),
        "theme": _opt_text(max_len=THEME_MAX),
        "session_minutes": _Minutes(required=False, default=None),
        "agenda": _TableList(_AGENDA_ENTRY, required=False),
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
}


# --------------------------------------------------------------------------------------------------
# Checking an exercise


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


# --------------------------------------------------------------------------------------------------
# Checking a course template (in two steps: its own structure, then against the exercises)


@dataclass
class _PendingTemplate:
    """A template whose own structure is fine, waiting to be checked against all exercises."""

    ck: _Checker
    doc: dict  # the checked document, defaults filled in

    @property
    def id(self) -> str:
        return self.doc["id"]


def _check_template(ck: _Checker, doc: dict) -> _PendingTemplate | None:
    checked = _check_fields(ck, doc, (), _TEMPLATE_FIELDS)
    if checked is _BAD:
        return None
    schedule, sessions = checked["schedule"], checked["sessions"]
    ok = True
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
    if ok and schedule["sessions"] != len(sessions):
        message = ngettext(
            "is {count}, but the file plans {planned} session ([[sessions]] block); they must match",
            "is {count}, but the file plans {planned} sessions ([[sessions]] blocks); they must match",
            len(sessions),
        )
        ck.add(("schedule", "sessions"), message.format(count=schedule["sessions"], planned=len(sessions)))
        ok = False
    return _PendingTemplate(ck, checked) if ok else None


def _finish_template(
    pending: _PendingTemplate,
    exercises: dict[str, Exercise],
    broken: dict[str, Path],
) -> CourseTemplate | None:
    ck, doc = pending.ck, pending.doc
    problems_before = len(ck.problems)
    schedule = Schedule(**doc["schedule"])
    plans: list[SessionPlan] = []
    for si, session in enumerate(doc["sessions"]):
        minutes = session["session_minutes"] or schedule.session_minutes
        agenda: list[AgendaEntry] = []
        total = 0
        for ai, entry in enumerate(session["agenda"]):
            here: FieldPath = ("sessions", si, "agenda", ai)
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
                continue
            duration = entry["duration"] or exercise.duration
            inner = _inner_minutes(exercise.kind, exercise.data)
            if entry["duration"] is not None and inner is not None and entry["duration"] < inner[0]:
                # i18n: {what} is "3 rounds of 12 min" or "phases (8 + 17 + 10 min)"
                message = _("is {duration} min, but the exercise needs {needed} min for {what}")
                ck.add(
                    here + ("duration",),
                    message.format(duration=entry["duration"], needed=inner[0], what=inner[1]),
                )
            total += duration
            agenda.append(
                AgendaEntry(
                    exercise=exercise.id,
                    duration=duration,
                    title=entry["title"],
                    prompt=entry["prompt"],
                    instructions=entry["instructions"],
                )
            )
        if total > minutes:
            ck.add(
                ("sessions", si, "agenda"),
                _("the agenda takes {total} min, but the session has {minutes} min ({over} min too many)").format(
                    total=total, minutes=minutes, over=total - minutes
                ),
            )
        plans.append(
            SessionPlan(number=si + 1, title=session["title"], theme=session["theme"], minutes=minutes, agenda=agenda)
        )
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
    )


# --------------------------------------------------------------------------------------------------
# Reading files and folders


# tomllib's messages, explained for someone who does not write TOML every day (tomllib's own
# text stays English; the hint is translated when it is shown).
_SYNTAX_HINTS: tuple[tuple[str, str], ...] = (
    ("Illegal character '\\n'", N_("is a closing quote missing?")),
    ("Unterminated string", N_("is a closing quote missing?")),
    ("Invalid value", N_("text must be in quotes, lists in [ ], numbers without quotes")),
    ("Cannot overwrite a value", N_("is this key or table written twice?")),
    ("Cannot declare", N_("is this table written twice?")),
    ("Expected '=' after a key", N_("write key = value, one per line")),
)


def _read_toml(ck: _Checker) -> dict | None:
    """The file's document, or None with the problem recorded."""
    file = ck.file
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            ck.add_file(_("is too large to be an exercise file (over {size} kB)").format(size=MAX_FILE_BYTES // 1000))
            return None
        data = file.read_bytes()
    except OSError as err:
        ck.add_file(_("could not be read: {error}").format(error=err.strerror or err))
        return None
    try:
        text = data.decode("utf-8-sig")  # tolerate the byte-order mark some Windows editors add
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        message = _("is not UTF-8 text (byte {byte}); save the file as UTF-8")
        ck.add_file(message.format(byte=f"0x{data[err.start]:02x}"), line)
        return None
    ck.text = text
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        line: int | None = None
        if m := _AT_LINE.search(message):
            line = int(m.group(1))
            message = message[: m.start()] + _paren(_("column {column}").format(column=m.group(2)))
        elif m := _AT_END.search(message):
            line = text.count("\n") + (0 if text.endswith("\n") else 1) or 1
            message = message[: m.start()] + _paren(_("at the end of the file"))
        for start, hint in _SYNTAX_HINTS:
            if str(err).startswith(start):
                message += ": " + _(hint)
                break
        # i18n: {error} is Python's own (English) description of the mistake, with a hint
        ck.add_file(_("is not valid TOML: {error}").format(error=message), line)
        return None
    except RecursionError:
        ck.add_file(_("could not be read: it is nested too deeply"))
        return None
    if not doc:
        # i18n: said of an exercise or course file, as in "pause.toml: is empty"
        ck.add_file(_("is empty") if not text.strip() else _("has no fields, only comments"))
        return None
    return doc


def _toml_files(folder: Path) -> list[Path]:
    try:
        return sorted(
            p
            for p in folder.iterdir()
            if p.suffix.lower() == ".toml" and not p.name.startswith(".") and not p.is_dir()
        )
    except OSError:  # missing, not a folder, or unreadable: nothing to load
        return []


def _load_files(
    files: list[Path],
    check: Callable[[_Checker, dict], Exercise | _PendingTemplate | None],
    problems: list[Problem],
    broken: dict[str, Path],
) -> dict[str, Any]:
    """Check each file of one folder with `check`; returns the valid results by id.

    Problems go to `problems`; the id (or file stem) of each broken file goes to `broken`.
    """
    loaded: dict[str, Any] = {}
    first_with_id: dict[str, Path] = {}
    for file in files:
        ck = _Checker(file)
        doc: dict | None = None
        result = None
        try:
            doc = _read_toml(ck)
            if doc is not None:
                result = check(ck, doc)
                file_id = doc.get("id")
                if isinstance(file_id, str):
                    if file_id in first_with_id:
                        ck.add(
                            ("id",),
                            _("id '{id}' is already used by {file} in the same folder; ids must be unique").format(
                                id=file_id, file=first_with_id[file_id].name
                            ),
                        )
                        result = None
                    else:
                        first_with_id[file_id] = file
        except Exception as err:  # noqa: BLE001 - a bug here must not stop the other files loading
            ck.add_file(_("could not be checked ({error})").format(error=f"{type(err).__name__}: {err}"))
            result = None
        ck.problems.sort(key=lambda p: (p.line is not None, p.line or 0))  # file-level first
        problems.extend(ck.problems)
        if result is not None and ck.ok:
            loaded[result.id] = result
        else:
            guess = doc.get("id") if doc is not None and isinstance(doc.get("id"), str) else file.stem
            broken.setdefault(guess, file)
    return loaded


def load_catalog(folders: Sequence[Path]) -> Catalog:
    """Load every ``exercises/*.toml`` and ``courses/*.toml`` under `folders`; never raises.

    A later folder overrides an earlier one by id (the facilitator's folder overrides the shipped
    library). A missing folder is skipped. Broken files are left out, each problem is collected,
    and a template that needs a missing or broken exercise is left out with a problem too.
    """
    catalog = Catalog()
    broken_exercises: dict[str, Path] = {}
    pending: list[_PendingTemplate] = []

    for folder in (Path(f) for f in folders):
        exercises = _load_files(
            _toml_files(folder / "exercises"), _check_exercise, catalog.problems, broken_exercises
        )
        catalog.exercises.update(exercises)
        templates = _load_files(_toml_files(folder / "courses"), _check_template, catalog.problems, {})
        pending.extend(templates.values())

    # Templates are checked against the final set of exercises, so a facilitator's template may
    # use shipped exercises and an overridden exercise applies everywhere.
    for item in pending:  # in folder order, so later folders override earlier ones
        before = len(item.ck.problems)
        template = _finish_template(item, catalog.exercises, broken_exercises)
        catalog.problems.extend(item.ck.problems[before:])
        if template is not None:
            catalog.templates[template.id] = template
    return catalog
