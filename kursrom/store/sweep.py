"""One pass over every text kursrom stores (`kursrom.store.erasure.text_columns`): replacing an
erased person's name (`redact_everywhere`, for `kursrom forget`), and finding the names of people a
purge removed in what it keeps (`names_left`, for `kursrom purge`).

Both test a chunk of rows at a time first and look closer only where it may hold a name, so a
five-year database costs a fraction of a second more than a small one. `forget` tests with
`search_keys` on the stored text itself (JSON escapes and all); `purge`, looking for many people at
once, with the words of the decoded text (`token_keys`).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import groupby

from kursrom.core.names import (
    Found, NameFinder, OtherNames, erasure_names, loose, name_variants, search_text, token_keys,
)
from kursrom.store.erasure import (
    Row, RowRounds, decoded_text, scan, text_columns, values_passing, values_with_keys,
)
from kursrom.store.redaction import Redactor, holding, redact_value, withheld_finder

_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class Place:
    """Where a name was left: a table's column in one row (a rescue file: its name, row 0), and the
    titles of the rounds the row belongs to."""

    table: str
    column: str
    row_id: int
    rounds: tuple[str, ...]


@dataclass
class LeftName:
    """A name, or a part of one, still in stored text: where, and for a part held back, why."""

    name: str
    places: list[Place] = field(default_factory=list)
    shared_with: tuple[str, ...] = ()  # other people whose names have it
    common: bool = False  # an ordinary word, or too short to stand for one person

    def add(self, place: Place) -> None:
        if place not in self.places:
            self.places.append(place)


class RoundTitles:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._titles = dict(conn.execute("SELECT id, title FROM course_round").fetchall())

    def __call__(self, rounds: Iterable[int]) -> tuple[str, ...]:
        return tuple(sorted(self._titles.get(round_id, "?") for round_id in rounds))


def _update(conn: sqlite3.Connection, row: Row, values: Sequence[str | None]) -> None:
    assignments = ", ".join(f'"{column.name}" = ?' for column in row.columns)
    conn.execute(f'UPDATE "{row.table}" SET {assignments} WHERE rowid = ?', (*values, row.row_id))


def _tables(rows: list[Row]) -> Iterable[tuple[str, list[Row]]]:
    for table, grouped in groupby(rows, key=lambda row: row.table):
        yield table, list(grouped)


def redact_everywhere(conn: sqlite3.Connection, redactor: Redactor,
                      row_rounds: RowRounds) -> tuple[int, list[LeftName]]:
    """Replace the person's names in every text (`Redactor`); returns how many rows changed, and the
    parts of the name held back with where they are still found in the rounds the person was in."""
    rows = list(scan(conn, text_columns(), values_with_keys(redactor.keys(), search_text)))
    left = [LeftName(part.part, [], part.shared_with, part.common) for part in redactor.withheld()]
    spotter = withheld_finder(redactor.withheld()) if left else None
    titles = RoundTitles(conn)
    changed = 0
    for table, table_rows in _tables(rows):
        rounds = row_rounds.of(conn, table, [row.row_id for row in table_rows])
        for row in table_rows:
            finder = redactor.finder_for(rounds[row.row_id])
            values = [redactor.value(value, column.json, finder) if isinstance(value, str) else value
                      for column, value in zip(row.columns, row.values)]
            if values != row.values:
                _update(conn, row, values)
                changed += 1
            if spotter is not None and redactor.theirs(rounds[row.row_id]):
                for column, value in zip(row.columns, values):
                    for part in parts_in(spotter, value):
                        _named(left, part).add(Place(table, column.name, row.row_id, titles(rounds[row.row_id])))
    return changed, left


def parts_in(spotter: NameFinder[str | None], text: str | None) -> set[str]:
    """The held-back parts `withheld_finder` finds in `text` (not inside another person's name)."""
    if not isinstance(text, str):
        return set()
    return {next(iter(found.owners)) for found in spotter.find(text)
            if len(found.owners) == 1 and None not in found.owners}


def _named(left: list[LeftName], name: str) -> LeftName:
    return next(entry for entry in left if entry.name == name)


# --------------------------------------------------------------------------------------------------
# Purge: many people at once


class RemovedNames:
    """The names of people no longer in the database, as they may be left in its text: each one's
    full name and the parts of it no one remaining shares (`erasure_names`)."""

    def __init__(self, people: Sequence[tuple[int, str]], remaining: Sequence[str]) -> None:
        index = OtherNames(remaining)
        self.names = dict(people)
        self._remaining = remaining
        self.forms = {pid: erasure_names(name, index)[0] for pid, name in people}
        self._owners: dict[str, set[int]] = {}
        for pid, forms in self.forms.items():
            for key in (key for form in forms for key in token_keys(form)):
                self._owners.setdefault(key, set()).add(pid)
        self._finders: dict[frozenset[int], NameFinder[int | None]] = {}

    def __bool__(self) -> bool:
        """Whether there is any name to look for at all."""
        return bool(self._owners)

    def may_hold(self, text: str) -> bool:
        return not self._owners.keys().isdisjoint(_WORDS.findall(loose(text)))

    def finder_for(self, text: str) -> NameFinder[int | None]:
        """A finder for the people whose words `text` holds; other people's longer names stay whole."""
        people = frozenset(pid for word in set(_WORDS.findall(loose(text))) for pid in self._owners.get(word, ()))
        if people not in self._finders:
            forms = [form for pid in people for form in self.forms[pid]]
            names = [(variant, pid) for pid in people for form in self.forms[pid] for variant in name_variants(form)]
            names += [(variant, None) for other in holding(forms, self._remaining) for variant in name_variants(other)]
            self._finders[people] = NameFinder(names, escaped=True)
        return self._finders[people]


def removed_only(found: Found[int | None]) -> bool:
    """A name that stands for removed people only, not for anyone remaining."""
    return None not in found.owners


def names_left(conn: sqlite3.Connection, removed: RemovedNames, row_rounds: RowRounds,
               placeholder: str | None = None) -> tuple[int, dict[int, LeftName]]:
    """Where the removed people's names are still in the database's text, one entry a person found
    (by their id); with a `placeholder`, they are replaced by it. Returns how many rows changed too."""
    if not removed:
        return 0, {}
    rows = list(scan(conn, text_columns(), values_passing(removed.may_hold, decoded_text)))
    left: dict[int, LeftName] = {}
    titles = RoundTitles(conn)
    changed = 0
    for table, table_rows in _tables(rows):
        rounds = row_rounds.of(conn, table, [row.row_id for row in table_rows])
        for row in table_rows:
            texts = [decoded_text(column, [value]) for column, value in zip(row.columns, row.values)
                     if isinstance(value, str) and value]
            finder = removed.finder_for("\n".join(texts))
            for column, value in zip(row.columns, row.values):
                for found in finder.find(value if isinstance(value, str) else ""):
                    for pid in (found.owners if removed_only(found) else ()):
                        place = Place(table, column.name, row.row_id, titles(rounds[row.row_id]))
                        left.setdefault(pid, LeftName(removed.names[pid])).add(place)
            if placeholder is not None:
                values = [redact_value(value, column.json, finder, placeholder, removed_only) if isinstance(value, str)
                          else value for column, value in zip(row.columns, row.values)]
                if values != row.values:
                    _update(conn, row, values)
                    changed += 1
    return changed, left
