"""The shares the home list keeps (`kursrom.store.tally`) are never stale: after each kind of change
to what a share is counted from, by kursrom or by another program, the list shows what counting
every mark anew gives, and what the ORM counts."""

from __future__ import annotations

import sqlite3
import pytest

from kursrom.store.attendance import mark, mark_many
from kursrom.store.db import open_store
from kursrom.store.journal import undo_last
from kursrom.store.live import end_session, start_session
from kursrom.store.overview import round_rows, shares_from, shares_sql
from kursrom.store.privacy import forget_participant
from kursrom.store.rounds import enrolled, sessions_of, unenrol
from tests.planning.test_overview import shares_by_hand, through_orm


def shares(rows) -> dict[int, float]:
    return {row.id: row.attendance for row in rows if row.attendance is not None}


def counted_anew(path) -> dict[int, float]:
    conn = sqlite3.connect(path)
    try:
        return shares_from(conn.execute(shares_sql()).fetchall())
    finally:
        conn.close()


def kept(path) -> dict[int, tuple[int, int]]:
    conn = sqlite3.connect(path)
    try:
        return {r: (e, a) for r, e, a in conn.execute("SELECT round_id, expected, attended FROM round_share")}
    finally:
        conn.close()


def assert_true_to_the_marks(store) -> None:
    listed = round_rows(store)
    assert listed == through_orm(store)
    assert shares(listed) == pytest.approx(counted_anew(store.path))
    assert shares(listed) == pytest.approx(shares_by_hand(store.path))
    assert set(kept(store.path)) == {row.id for row in listed}, "every round's share kept again"


def test_each_change_is_counted_at_the_next_list(planned_rounds, demo_store, clock):
    demo_id, _ijobb = planned_rounds
    first, second = sessions_of(demo_store, demo_id)[:2]
    people = enrolled(demo_store, demo_id)
    assert_true_to_the_marks(demo_store)

    changes = [
        lambda: mark(demo_store, first.id, people[0].id, "absent"),  # a correction
        lambda: undo_last(demo_store, first.id, attendance=True),  # and taken back
        lambda: unenrol(demo_store, demo_id, people[1].id, "Flyttet"),
        lambda: (clock.advance(days=7), start_session(demo_store, second.id)),
        lambda: mark_many(demo_store, second.id, [p.id for p in people[2:]], "present"),
        lambda: end_session(demo_store, second.id),
        lambda: forget_participant(demo_store, people[2].id),
    ]
    for change in changes:
        assert demo_id in kept(demo_store.path)
        change()
        assert demo_id not in kept(demo_store.path), "the change forgot the round's share"
        assert_true_to_the_marks(demo_store)


def test_another_program_writing_marks_is_counted_too(planned_rounds, demo_store):
    demo_id, _ijobb = planned_rounds
    first = sessions_of(demo_store, demo_id)[0]
    people = enrolled(demo_store, demo_id)
    before = shares(round_rows(demo_store))[demo_id]
    conn = sqlite3.connect(demo_store.path)  # no kursrom code: only the file's own triggers
    conn.executemany("INSERT INTO attendance_event (session_id, participant_id, status, at, reason, terminal) "
                     "VALUES (?, ?, 'absent', '2026-01-01 10:00:00.000000', '', 'other')",
                     [(first.id, person.id) for person in people])
    conn.commit()
    conn.close()
    assert demo_id not in kept(demo_store.path)
    assert shares(round_rows(demo_store))[demo_id] == 0 != before
    assert_true_to_the_marks(demo_store)


def test_a_round_deleted_as_the_purge_deletes_leaves_no_share_behind(planned_rounds, demo_store):
    demo_id, ijobb_id = planned_rounds
    assert_true_to_the_marks(demo_store)
    conn = sqlite3.connect(demo_store.path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=OFF")  # set-wise, as `kursrom.store.purge` deletes
    conn.execute("BEGIN")
    conn.execute("DELETE FROM attendance_event WHERE session_id IN (SELECT id FROM course_session WHERE round_id = ?)",
                 (demo_id,))
    conn.execute("DELETE FROM course_session WHERE round_id = ?", (demo_id,))
    conn.execute("DELETE FROM enrolment WHERE round_id = ?", (demo_id,))
    conn.execute("DELETE FROM course_round WHERE id = ?", (demo_id,))
    conn.execute("COMMIT")
    conn.close()
    assert set(kept(demo_store.path)) == {ijobb_id}
    assert [row.id for row in round_rows(demo_store)] == [ijobb_id]


def test_a_read_only_list_keeps_nothing_and_still_counts(planned_rounds, demo_store, db_path):
    from kursrom.store import fileguard
    from kursrom.store.overview import round_rows_at

    demo_store.close()
    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM round_share")
    conn.commit()
    conn.close()
    listed = round_rows_at(fileguard.database_uri(db_path))
    assert kept(db_path) == {}
    store = open_store(db_path)
    try:
        assert listed == through_orm(store) == round_rows(store)
    finally:
        store.close()


def test_schema_8_gains_the_kept_shares(planned_rounds, demo_store, db_path, downgrade):
    expected = through_orm(demo_store)
    demo_store.close()
    downgrade(db_path, 8)
    store = open_store(db_path)
    try:
        assert store.migrated_from == 8
        assert kept(db_path) == {}
        assert round_rows(store) == expected == through_orm(store)
        assert set(kept(db_path)) == {row.id for row in expected}
    finally:
        store.close()
