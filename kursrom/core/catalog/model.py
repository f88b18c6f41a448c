"""The catalog's model: exercises, course templates, the problems found in their files, and limits.

Plain dataclasses; the loader builds them from checked TOML documents.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kursrom.core.outcomes import Outcomes
from kursrom.i18n import _

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
#: The language of every base text: the files' `title`, `prompt`, lists and tables.
BASE_LANG = "nb"

# Translation statuses, as written in the files. Left out, a translation counts as a draft: nobody has
# said it was reviewed.
REVIEWED = "reviewed"
DRAFT = "draft"
TRANSLATION_STATUSES: tuple[str, ...] = (REVIEWED, DRAFT)
# What `Exercise.localize` says when it gives the bokmål instead: nothing in that language, or bokmål
# was asked for.
MISSING = "missing"
BASE = "base"

#: In `suggested`, the order of a template's sessions or a session's agenda (not a field of its own).
ORDER = "order"
#: `suggested = true` in a file: everything in that table, and inside it, is a suggestion.
ALL = "*"

# A path into a TOML document: keys, and 0-based indexes into arrays.
FieldPath = tuple[str | int, ...]


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


@dataclass(frozen=True)
class Source:
    """A public course description that templates and exercises name as the origin of what they say
    (``sources/<id>.toml``). Not to be confused with `Exercise.source`, the file an exercise came from."""

    id: str
    title: str
    publisher: str = ""
    note: str = ""
    file: Path = field(default_factory=Path)

    @property
    def label(self) -> str:
        """The name a facilitator recognises: "PRO – jobb- og karrierekurs for unge (NAV Asker)"."""
        return f"{self.title} ({self.publisher})" if self.publisher else self.title


@dataclass(frozen=True)
class Basis:
    """What a part of a template or exercise rests on: the course descriptions it comes from (their
    ids) and the names of the fields that are kursrom's suggestions instead (`ALL` for everything).

    A file marks a table with ``source`` and ``suggested``; the tables inside it inherit both (see
    `inner`). A basis with neither is unmarked: the facilitator's own, or a file from before marks.
    """

    sources: tuple[str, ...] = ()
    suggested: frozenset[str] = frozenset()

    @property
    def marked(self) -> bool:
        return bool(self.sources or self.suggested)

    @property
    def all_suggested(self) -> bool:
        return ALL in self.suggested

    def is_suggested(self, name: str) -> bool:
        """Whether the field `name` (or `ORDER`) is a suggestion here."""
        return self.all_suggested or name in self.suggested

    def inner(self, own: Basis) -> Basis:
        """The basis of a table inside this one that says `own`: its own sources if it names any,
        else these; suggestions add up (an inner table cannot take back an outer suggestion)."""
        return Basis(own.sources or self.sources, self.suggested | own.suggested)

    def to_json(self) -> dict:
        return {"source": list(self.sources), "suggested": sorted(self.suggested)}

    @classmethod
    def from_json(cls, value: object) -> Basis:
        """Tolerant: a snapshot from before marks, or a damaged one, reads as unmarked."""
        if not isinstance(value, dict):
            return cls()
        sources = value.get("source") or []
        suggested = value.get("suggested") or []
        if not isinstance(sources, list) or not isinstance(suggested, list):
            return cls()
        return cls(tuple(str(s) for s in sources), frozenset(str(s) for s in suggested))


@dataclass(frozen=True)
class Localized:
    """One participant-facing field in one language, as `Exercise.localize` finds it.

    `value` is a text, or a list or table of texts as the field is in bokmål. `lang` is the language
    `value` is in: the one asked for (or its base, "en" for "en-GB"), or "nb" when the bokmål is
    given instead. `status` is `REVIEWED` or `DRAFT` for a translation, `MISSING` when there is none
    and the bokmål is given, `BASE` when bokmål was asked for. `partial` says that some parts of a
    list or table were not translated and are given in bokmål.
    """

    value: Any
    lang: str
    status: str
    partial: bool = False

    @property
    def translated(self) -> bool:
        return self.status in TRANSLATION_STATUSES

    @property
    def draft(self) -> bool:
        """Whether the facilitator should know the text shown is an unreviewed translation."""
        return self.status == DRAFT


@dataclass
class Exercise:
    """One exercise: the texts participants see, the facilitator's instructions, the kind's data.

    `translations` is as in the file: ``{lang: {"status": ..., "title": ..., "prompt": ...,
    "instructions": ..., <kind>: {field: translated value, "status"?: ...}}}``; every key is optional
    in a snapshot from before kind translations. `source` is the file it was read from; `basis`
    names the course descriptions it comes from and what is kursrom's suggestion.
    """

    id: str
    kind: str
    title: str
    prompt: str
    instructions: str
    duration: int
    translations: dict[str, dict[str, Any]] = field(default_factory=dict)
    data: dict = field(default_factory=dict)
    source: Path = field(default_factory=Path)
    basis: Basis = field(default_factory=Basis)

    def localized(self, lang: str) -> tuple[str, str]:
        """(title, prompt) in `lang` ("en", "uk", "ar", "en-GB", ...), each falling back to bokmål."""
        return self.localize("title", lang).value, self.localize("prompt", lang).value

    def localized_instructions(self, lang: str) -> str:
        """The facilitator's instructions in `lang`, falling back to bokmål."""
        return self.localize("instructions", lang).value

    def localize(self, name: str, lang: str) -> Localized:
        """A field in `lang` with its status, or the bokmål when it is not translated.

        `name` is ``title``, ``prompt``, ``instructions`` or one of the kind's fields, optionally
        followed by table keys and 0-based list indexes: ``"statements"``, ``"statements.2"``,
        ``"situation.help"``, ``"animals.0.traits"``. Raises KeyError for a field the exercise does
        not have.
        """
        from kursrom.core.catalog.translations import localize

        return localize(self, name, lang)

    def public_fields(self) -> list[str]:
        """The names of the participant-facing fields that have bokmål text, as `localize` takes
        them: ``["title", "prompt", "categories", "statements"]``; a table's texts one by one
        (``"situation.title"``, ``"situation.help"``)."""
        from kursrom.core.catalog.translations import public_fields

        return public_fields(self)

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
            "basis": self.basis.to_json(),
        }

    @classmethod
    def from_snapshot(cls, snap: dict) -> Exercise:
        """The exercise as it was when `snapshot` was taken (the inverse of `snapshot`); a snapshot
        from an older kursrom reads too, its missing parts empty."""
        return cls(
            id=snap["id"],
            kind=snap["kind"],
            title=snap["title"],
            prompt=snap["prompt"],
            instructions=snap.get("instructions", ""),
            duration=snap["duration"],
            translations=copy.deepcopy(snap.get("translations") or {}),
            data=copy.deepcopy(snap.get("data") or {}),
            source=Path(snap.get("source", "")),
            basis=Basis.from_json(snap.get("basis")),
        )


@dataclass
class AgendaEntry:
    """One step of a session: an exercise id, its minutes (already resolved) and text overrides.

    `basis` is the entry's own, with what the session and template say inherited."""

    exercise: str
    duration: int
    title: str | None = None
    prompt: str | None = None
    instructions: str | None = None
    basis: Basis = field(default_factory=Basis)


@dataclass
class SessionPlan:
    number: int  # 1-based
    title: str
    theme: str
    minutes: int  # the session's own `session_minutes`, else the schedule's
    agenda: list[AgendaEntry] = field(default_factory=list)
    basis: Basis = field(default_factory=Basis)


@dataclass
class Schedule:
    kind: str  # one of SCHEDULE_KINDS
    sessions: int
    start_time: str  # "HH:MM"
    session_minutes: int
    weeks: int | None = None  # for kind "weekdays", and a drop-in's term
    basis: Basis = field(default_factory=Basis)
    days: tuple[str, ...] = ()  # a drop-in's opening days ("tue", "thu"); empty: every day

    @property
    def one_to_one(self) -> bool:
        """Conversations with one person: no check-in list, no group rows."""
        return self.kind == "conversations"

    @property
    def drop_in(self) -> bool:
        """Visitors come without a roster; each day is a session."""
        return self.kind == "drop_in"


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
    basis: Basis = field(default_factory=Basis)
    #: Sessions a participant must attend for a course certificate; None: three in four.
    certificate_sessions: int | None = None
    #: The follow-up statuses this course records and which count toward its success figure; None:
    #: the five every course had before (`kursrom.core.outcomes.DEFAULT_OUTCOMES`).
    outcomes: Outcomes | None = None
    #: Whether the statuses come from the course description or are kursrom's suggestion.
    outcomes_basis: Basis = field(default_factory=Basis)
    #: Places in a round, offered when one is planned; None: no limit.
    places: int | None = None


@dataclass
class Catalog:
    """Everything that loaded. `problems` left a file out; `warnings` did not (an agenda without
    slack, say): `kursrom check` prints both, and only problems make it fail."""

    exercises: dict[str, Exercise] = field(default_factory=dict)
    templates: dict[str, CourseTemplate] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def source_label(self, id: str) -> str:
        """A course description's name, or its id when it is not in the library."""
        found = self.sources.get(id)
        return found.label if found else id

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

