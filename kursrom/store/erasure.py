"""Where kursrom keeps text, read from the model rather than from a list: every text and JSON column
of every table (`text_columns`), the course rounds a row belongs to (found by following foreign keys,
`RowRounds`), and a quick pass over all of them for rows that may hold a name (`scan`).

A column added to a model is erased the day it is added. The only exceptions are the columns in
`CODE_COLUMNS`: values kursrom writes itself, never typed by a person. `uncovered_columns` names
any column that may hold text but that erasure cannot read (a BLOB, a type it does not know); the
trust tests fail on one.
"""

from __future__ import annotations

import json
import re
import sqlite3
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, Interval, MetaData, Numeric, String, Time
from sqlalchemy.types import TypeDecorator, TypeEngine
from sqlmodel import SQLModel

from kursrom.store import models  # noqa: F401  (registers the tables on SQLModel.metadata)

#: Columns holding codes kursrom writes itself: statuses, kinds, ids of templates and exercises,
#: formats, language codes, clock times, ISO dates, and the host and process that made a change.
#: Nothing a person types goes here; every other text column is erased.
CODE_COLUMNS = frozenset({
    "course_round.template_id", "course_round.start_time", "course_round.skip_dates",
    "course_session.status",
    "agenda_item.exercise_id", "agenda_item.kind", "agenda_item.origin",
    "timer_event.kind", "timer_event.terminal",
    "attendance_event.status", "attendance_event.terminal",
    "note.terminal",
    "exercise_result.kind",
    "follow_up.status",
    "export_record.format",
    "participant.language", "participant.interpreter_language",
    "store_mark.key", "store_mark.value",
    "course_round.outcomes", "drop_in_visit.age_group", "drop_in_visit.topic", "drop_in_visit.terminal",
})

#: Types whose values hold no text: numbers, truth values, dates and times.
PLAIN_TYPES: tuple[type[TypeEngine], ...] = (Integer, Float, Numeric, Boolean, Date, DateTime, Time, Interval)

ROUND_TABLE = "course_round"
PERSON_TABLE = "participant"


@dataclass(frozen=True)
class TextColumn:
    table: str
    name: str
    json: bool  # a JSON column: its strings are read and written as JSON values

    @property
    def key(self) -> str:
        return f"{self.table}.{self.name}"


def _model(metadata: MetaData | None) -> MetaData:
    return SQLModel.metadata if metadata is None else metadata


def _base_type(column_type: TypeEngine) -> TypeEngine:
    while isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    return column_type


def text_columns(metadata: MetaData | None = None) -> list[TextColumn]:
    """Every text and JSON column of every table, but the codes: what erasure reads and rewrites."""
    found = []
    for table in _model(metadata).sorted_tables:
        for column in table.columns:
            base = _base_type(column.type)
            if isinstance(base, (String, JSON)) and f"{table.name}.{column.name}" not in CODE_COLUMNS:
                found.append(TextColumn(table.name, column.name, isinstance(base, JSON)))
    return found


def uncovered_columns(metadata: MetaData | None = None) -> list[str]:
    """Columns that may hold text but that erasure cannot read: neither text, JSON nor a plain value
    (a BLOB, say). Also codes declared for a column that does not exist."""
    metadata = _model(metadata)
    found, existing = [], set()
    for table in metadata.sorted_tables:
        for column in table.columns:
            existing.add(f"{table.name}.{column.name}")
            if not isinstance(_base_type(column.type), (String, JSON, *PLAIN_TYPES)):
                found.append(f"{table.name}.{column.name} ({column.type!r})")
    if metadata is SQLModel.metadata:
        found += [f"{code} (declared a code, but there is no such column)" for code in sorted(CODE_COLUMNS - existing)]
    return found


def by_table(columns: Iterable[TextColumn]) -> dict[str, list[TextColumn]]:
    tables: dict[str, list[TextColumn]] = {}
    for column in columns:
        tables.setdefault(column.table, []).append(column)
    return tables


# --------------------------------------------------------------------------------------------------
# The rounds a row belongs to


class RowRounds:
    """The course rounds rows belong to, by the foreign keys of the model: a note through its session
    (and its agenda item), a SØT revision through its board and its session, a participant through
    every row that points at them and at a round (enrolments, attendance, results…)."""

    def __init__(self, metadata: MetaData | None = None, *, max_hops: int = 4) -> None:
        self._tables = {table.name: table for table in _model(metadata).sorted_tables}
        self._max_hops = max_hops
        self._queries: dict[str, list[tuple[str, str]]] = {}

    def of(self, conn: sqlite3.Connection, table: str, row_ids: Sequence[int]) -> dict[int, set[int]]:
        """For each of `row_ids` (rowids of `table`), the ids of the rounds it belongs to."""
        found: dict[int, set[int]] = {row_id: set() for row_id in row_ids}
        for start in range(0, len(row_ids), 500):
            chunk = list(row_ids[start:start + 500])
            marks = ", ".join("?" for _row in chunk)
            for select, key in self._queries_for(table):
                for row_id, round_id in conn.execute(f"{select} WHERE {key} IN ({marks})", chunk):
                    if round_id is not None:
                        found[row_id].add(round_id)
        return found

    def _queries_for(self, table: str) -> list[tuple[str, str]]:
        if table not in self._queries:
            self._queries[table] = self._build(table)
        return self._queries[table]

    def _build(self, name: str) -> list[tuple[str, str]]:
        if name == ROUND_TABLE:
            return [(f'SELECT t0.rowid, t0.id FROM "{name}" t0', "t0.rowid")]
        own = [(_path_select(name, path, "t0.rowid"), "t0.rowid") for path in self._paths(name)]
        if own:
            return own
        # Nothing in this row points at a round (a participant): the rows pointing at it that do.
        linked = []
        for table in self._tables.values():
            for fk in table.foreign_keys:
                if fk.column.table.name == name and table.name != name:
                    link = f"t0.{_quote(fk.parent.name)}"
                    linked += [(_path_select(table.name, path, link), link) for path in self._paths(table.name)]
        return linked

    def _paths(self, name: str) -> list[list[tuple[str, str, str, str]]]:
        """Chains of (table, foreign key column, table and column it points at) from `name` to the
        round table."""
        paths, frontier = [], [(name, [], {name})]
        for _hop in range(self._max_hops):
            next_frontier = []
            for table, path, seen in frontier:
                for fk in self._tables[table].foreign_keys:
                    target = fk.column.table.name
                    step = [*path, (table, fk.parent.name, target, fk.column.name)]
                    if target == ROUND_TABLE:
                        paths.append(step)
                    elif target not in seen:
                        next_frontier.append((target, step, seen | {target}))
            frontier = next_frontier
        return paths


def _quote(name: str) -> str:
    return f'"{name}"'


def _path_select(table: str, path: list[tuple[str, str, str, str]], key: str) -> str:
    joins = []
    for hop, (_source, column, target, target_column) in enumerate(path[:-1], start=1):
        joins.append(f"JOIN {_quote(target)} t{hop} ON t{hop}.{_quote(target_column)} = t{hop - 1}.{_quote(column)}")
    last = len(path) - 1
    return f"SELECT {key}, t{last}.{_quote(path[-1][1])} FROM {_quote(table)} t0 {' '.join(joins)}"


# --------------------------------------------------------------------------------------------------
# A quick pass over every text


@dataclass
class Row:
    """A row that may hold a name: its table, rowid and its text columns' values, in column order."""

    table: str
    row_id: int
    columns: list[TextColumn]
    values: list[str | None]


#: Distinct values read and tested together: most batches hold no name.
BATCH_VALUES = 2000

#: A batch of distinct values, each with the place of its column in the table's list.
Values = list[tuple[int, str]]

#: A test for `scan`: which of the values (by index in the batch) may hold a name.
Test = Callable[[list[TextColumn], Values], set[int]]


def scan(conn: sqlite3.Connection, columns: Sequence[TextColumn], values_holding: Test) -> Iterator[Row]:
    """The rows that may hold a name, table by table in rowid order. Each column's distinct values
    are read by SQLite (copies of the same exercise in every round, the same evaluation element in
    every session: 135,000 results hold one distinct value on five years of courses) and tested in
    batches; only the rows holding a value that passed are read whole."""
    for table, table_columns in by_table(columns).items():
        hits: dict[int, list[str]] = {}
        for place, column in enumerate(table_columns):
            cursor = conn.execute(f"SELECT DISTINCT {_quote(column.name)} FROM {_quote(table)} "
                                  f"WHERE {_quote(column.name)} != ''")
            while batch := cursor.fetchmany(BATCH_VALUES):
                values = [(place, value) for (value,) in batch if isinstance(value, str)]
                hits.setdefault(place, []).extend(values[index][1] for index in values_holding(table_columns, values))
        if any(hits.values()):
            yield from _rows_with(conn, table, table_columns, hits)


def _rows_with(conn: sqlite3.Connection, table: str, columns: list[TextColumn],
               hits: dict[int, list[str]]) -> Iterator[Row]:
    """The rows of `table` where a column holds one of its `hits`, in one pass over the table."""
    names = ", ".join(f"t.{_quote(column.name)}" for column in columns)
    found = {place: values for place, values in hits.items() if values}
    where = " OR ".join(f"t.{_quote(columns[place].name)} IN (SELECT value FROM json_each(?))" for place in found)
    query = f"SELECT t.rowid, {names} FROM {_quote(table)} t WHERE {where} ORDER BY t.rowid"
    for row_id, *values in conn.execute(query, [json.dumps(values) for values in found.values()]):
        yield Row(table, row_id, columns, values)


def values_with_keys(keys: Iterable[str], prepare: Callable[[str], str]) -> Test:
    """A test for `scan`: the values that, as stored and `prepare`d, hold one of `keys`. The batch
    is searched as one text (a few C-level searches), and what is found is mapped back to values."""
    keys = sorted(set(keys))

    def values_holding(_columns: list[TextColumn], values: Values) -> set[int]:
        pieces = [value for _place, value in values]
        if not pieces:
            return set()
        # Joined without a separator: a key found across two values only costs a closer look.
        joined = prepare("".join(pieces))
        starts = list(accumulate(map(len, pieces[:-1]), initial=0))
        if len(joined) != starts[-1] + len(pieces[-1]):  # `prepare` changed a length: one by one
            return {index for index, piece in enumerate(pieces) if any(key in prepare(piece) for key in keys)}
        hits = set()
        for key in keys:
            position = joined.find(key)
            while position >= 0:
                hits.add(bisect_right(starts, position) - 1)
                position = joined.find(key, position + 1)
        return hits

    return values_holding


def values_passing(test: Callable[[str], bool], text_of: Callable[[TextColumn, list[str]], str]) -> Test:
    """A test for `scan`: the values that pass `test` (through `text_of`); the batch is tested as
    one text first."""

    def values_holding(columns: list[TextColumn], values: Values) -> set[int]:
        by_column: dict[int, list[str]] = {}
        for place, value in values:
            by_column.setdefault(place, []).append(value)
        if not test("\n".join(text_of(columns[place], column_values) for place, column_values in by_column.items())):
            return set()
        return {index for index, (place, value) in enumerate(values) if test(text_of(columns[place], [value]))}

    return values_holding


_JSON_ESCAPES = re.compile(r'\\[nrtbf"\\/]')


def decoded_text(column: TextColumn, values: list[str]) -> str:
    """The values with JSON decoded (its strings and keys as written, escapes gone), for words."""
    if not column.json:
        return "\n".join(values)
    try:
        decoded = json.dumps(json.loads("[" + ",".join(values) + "]"), ensure_ascii=False)
    except ValueError:  # one of them is not JSON after all: each alone, as text if need be
        if len(values) == 1:
            return values[0]
        return "\n".join(decoded_text(column, [value]) for value in values)
    return _JSON_ESCAPES.sub(" ", decoded)
