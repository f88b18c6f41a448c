"""The catalog's model: exercises, course templates, the problems found in their files, and limits.

Plain dataclasses; the loader builds them from checked TOML documents.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

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

