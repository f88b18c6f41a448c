"""The exercise library: exercises and course templates read from TOML files and checked thoroughly.

A library folder holds ``exercises/*.toml`` (one exercise a file) and ``courses/*.toml`` (one
course template a file); ``exercises/README.md`` in the repository documents the format.
`load_catalog` reads any number of folders, later ones overriding earlier ones by id, and never
raises: every problem is collected as a `Problem` naming the file, the line and the field, the
broken file is left out and every other file still loads.

Plain Python on purpose (stdlib ``tomllib`` and dataclasses): the catalog is loaded at start-up and
by ``kursrom check``, so it must not pull in Textual, SQLModel or pydantic.

The modules, each building on the ones before it:
``model`` (the dataclasses and limits), ``positions`` (field path to line in the TOML text),
``schema`` (the small validation language), ``kinds`` (what an exercise file holds),
``templates`` (what a course template holds), ``loader`` (files and folders into a `Catalog`).
"""

from __future__ import annotations

# Not in __all__, but imported by the tests (the README documents every field; the line scanner is
# tested on tricky TOML): re-exported with the explicit `as` form.
from kursrom.core.catalog.kinds import KIND_FIELDS as KIND_FIELDS
from kursrom.core.catalog.loader import default_folders, load_catalog
from kursrom.core.catalog.model import (
    KINDS,
    SCHEDULE_KINDS,
    AgendaEntry,
    Catalog,
    CourseTemplate,
    Exercise,
    Problem,
    Schedule,
    SessionPlan,
)
from kursrom.core.catalog.positions import _Locator as _Locator

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
