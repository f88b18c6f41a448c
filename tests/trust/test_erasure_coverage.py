"""Erasure is complete by construction: it reads its columns from the model, so a text column added
tomorrow is erased without anyone remembering to list it. This test walks the model on its own
terms (what Python type a column holds) and fails when a column that can hold text is neither
erased nor declared a code; a table made up here shows it catching one."""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlalchemy import JSON, Column, ForeignKeyConstraint, Integer, LargeBinary, MetaData, String, Table, Text
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel

from kursrom.store import erasure
from kursrom.store.erasure import CODE_COLUMNS, RowRounds, text_columns, uncovered_columns
from kursrom.store.privacy import forget_participant

NAME = "Zyxwå Qørblund"


def held(column_type) -> type:
    """The Python type a column's values are: as the type says, or (a decorator that does not say)
    as the type it decorates says."""
    while True:
        try:
            declared = column_type.python_type
        except NotImplementedError:
            declared = object
        if declared is not object or not isinstance(column_type, TypeDecorator):
            return declared
        column_type = column_type.impl_instance


def may_hold_text(column: Column) -> bool:
    """Whether a column's values can be text someone typed: strings, bytes, JSON documents, or a
    type that does not say what it holds."""
    return held(column.type) in (str, bytes, dict, list, object)


def uncovered(metadata: MetaData) -> list[str]:
    """Columns that may hold text but are neither erased (`text_columns`) nor declared codes."""
    erased = {column.key for column in erasure.text_columns(metadata)}
    return sorted(f"{table.name}.{column.name}" for table in metadata.sorted_tables for column in table.columns
                  if may_hold_text(column) and f"{table.name}.{column.name}" not in erased | CODE_COLUMNS)


def test_every_column_that_can_hold_text_is_erased_or_a_declared_code():
    assert uncovered(SQLModel.metadata) == []
    assert uncovered_columns() == [], "erasure itself sees nothing it cannot read, and no stale code"
    assert {"agenda_item.exercise", "evaluation_score.element", "export_record.path", "note.text"} <= {
        column.key for column in text_columns()}


class Sealed(TypeDecorator):
    """Text kept as bytes: a column erasure cannot search."""

    impl = LargeBinary
    cache_ok = True

    @property
    def python_type(self) -> type:
        return str


def test_a_new_column_erasure_cannot_read_is_caught():
    extra = MetaData()
    Table("memo", extra, Column("id", Integer, primary_key=True), Column("body", Text), Column("kind", String),
          Column("attachment", LargeBinary), Column("sealed", Sealed()), Column("meta", JSON))
    assert uncovered(extra) == ["memo.attachment", "memo.sealed"]
    assert [name.split(" ")[0] for name in uncovered_columns(extra)] == ["memo.attachment", "memo.sealed"]
    assert [(c.key, c.json) for c in text_columns(extra)] == [("memo.body", False), ("memo.kind", False),
                                                             ("memo.meta", True)]


def test_the_walk_catches_a_new_text_column_that_erasure_would_miss(monkeypatch):
    """The check does not take erasure's word for it: an erasure working from a list, as before
    issue 16, that was never told about a new table, fails it."""
    extra = MetaData()
    Table("memo", extra, Column("id", Integer, primary_key=True), Column("body", Text), Column("meta", JSON))
    assert uncovered(extra) == []
    listed = {"note.text"}
    monkeypatch.setattr(erasure, "text_columns", lambda metadata=None: [
        column for column in text_columns(metadata) if column.key in listed])
    assert uncovered(extra) == ["memo.body", "memo.meta"]


@pytest.fixture
def memo_table(demo_store):
    """A table added to the model after erasure was written, with a text and a JSON column and a
    foreign key to a round; removed from the model again afterwards."""
    table = Table("memo", SQLModel.metadata, Column("id", Integer, primary_key=True),
                  Column("round_id", Integer, nullable=True), Column("body", Text, nullable=False, default=""),
                  Column("meta", JSON, nullable=False, default=dict))
    table.append_constraint(ForeignKeyConstraint(["round_id"], ["course_round.id"]))
    table.create(demo_store.engine)
    try:
        yield table
    finally:
        SQLModel.metadata.remove(table)


def test_a_text_column_added_to_the_model_is_erased_without_being_listed(demo_store, memo_table, db_path, probe):
    from kursrom.store.rounds import add_participant, enrol, list_rounds

    round_id = list_rounds(demo_store)[0].id
    person = add_participant(demo_store, NAME).id
    enrol(demo_store, round_id, [person])
    with demo_store.engine.begin() as connection:
        connection.execute(memo_table.insert().values(round_id=round_id, body=f"{NAME.split()[1]}s mappe",
                                                      meta={"who": NAME}))
    assert "memo.body" in {column.key for column in text_columns()}
    conn = sqlite3.connect(db_path)
    assert RowRounds().of(conn, "memo", [1]) == {1: {round_id}}, "its round, by its foreign key"
    conn.close()

    forget_participant(demo_store, person)

    conn = sqlite3.connect(db_path)
    (body, meta), = conn.execute("SELECT body, meta FROM memo")
    conn.close()
    assert NAME.split()[1] not in body and json.loads(meta)["who"] != NAME
    assert probe.bytes_left([db_path], NAME) == []
