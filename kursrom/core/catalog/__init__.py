"""The exercise library: exercises and course templates read from TOML files and checked thoroughly.

A library folder holds ``exercises/*.toml`` (one exercise a file), ``courses/*.toml`` (one course
template a file) and ``sources/*.toml`` (one public course description a file, which exercises and
templates name in their ``source`` marks); ``exercises/README.md`` in the repository documents the
format.
`load_catalog` reads any number of folders, later ones overriding earlier ones by id, and never
raises: every problem is collected as a `Problem` naming the file, the line and the field, the
broken file is left out and every other file still loads.

Plain Python on purpose (stdlib ``tomllib`` and dataclasses): the catalog is loaded at start-up and
by ``kursrom check``, so it must not pull in Textual, SQLModel or pydantic.

The modules, each building on the ones before it:
``model`` (the dataclasses and limits), ``positions`` (field path to line in the TOML text),
``schema`` (the small validation language), ``basis`` (course descriptions, and the marks of source
and suggestion), ``kinds`` (each kind's own table), ``translations`` (translated texts: checks,
`Exercise.localize`, the draft/missing report), ``exercises`` (what an exercise file holds),
``slack`` (how much of a session an agenda leaves free), ``templates`` (what a course template
holds), ``loader`` (files and folders into a `Catalog`), ``planning`` (a template with the
facilitator's changes, as a round gets it).
"""

from __future__ import annotations

# Not in __all__, but imported by the tests (the README documents every field; the line scanner is
# tested on tricky TOML): re-exported with the explicit `as` form.
from kursrom.core.catalog.kinds import KIND_FIELDS as KIND_FIELDS
from kursrom.core.catalog.loader import default_folders, load_catalog
from kursrom.core.catalog.model import (
    BASE,
    DRAFT,
    KINDS,
    MISSING,
    REVIEWED,
    SCHEDULE_KINDS,
    AgendaEntry,
    Basis,
    Catalog,
    CourseTemplate,
    Exercise,
    Localized,
    Problem,
    Schedule,
    SessionPlan,
    Source,
)
from kursrom.core.catalog.slack import Slack
from kursrom.core.catalog.translations import LanguageReport, translation_report
from kursrom.core.catalog.positions import _Locator as _Locator

__all__ = [
    "BASE",
    "DRAFT",
    "KINDS",
    "MISSING",
    "REVIEWED",
    "SCHEDULE_KINDS",
    "AgendaEntry",
    "Basis",
    "Catalog",
    "CourseTemplate",
    "Exercise",
    "LanguageReport",
    "Localized",
    "Problem",
    "Schedule",
    "SessionPlan",
    "Slack",
    "Source",
    "default_folders",
    "load_catalog",
    "translation_report",
]
