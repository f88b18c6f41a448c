"""The upgrade from schema 1 (whole-note flags, no consent) on a real schema-1 file: flags land on the
right paragraphs, for the people tagged there; everyone starts without consent; the schema comes out
as a new database's; and the facilitator reads the report once, at the first start."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kursrom.store.db import open_store
from kursrom.store.fileguard import APPLICATION_ID, SCHEMA_VERSION

SCHEMA_V1 = Path(__file__).resolve().parents[1] / "data" / "schema" / "v1.sql"
MARI, JONAS, OLENA = 1, 2, 3
FIRST = ("Runden startet.\n@Mari Særheim vil jobbe i barnehage.\n\n"
         "@Jonas Berg og @Mari Særheim øvde på intervju.\nSlutt.")


def schema_v1_database(path: Path) -> None:
    """A database as kursrom wrote it at schema 1, with whole-note flags."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA_V1.read_text(encoding="utf-8"))
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    conn.execute("PRAGMA user_version=1")
    people = [(MARI, "Mari Særheim"), (JONAS, "Jonas Berg"), (OLENA, "Олена Коваленко")]
    conn.executemany("INSERT INTO participant VALUES (?, ?, 'nb', NULL, '', '', '2026-11-01 10:00:00')", people)
    conn.execute("INSERT INTO course_round VALUES (1, 'PRO høst', 'pro', 1, '2026-11-23', '12:00', '', '', '[]', "
                 "NULL, NULL)")
    conn.executemany("INSERT INTO enrolment VALUES (?, 1, ?, NULL, NULL, '')", [(pid, pid) for pid, _name in people])
    conn.execute("INSERT INTO course_session VALUES (1, 1, 2, 'Uke 2', 'Hva kan jeg?', '2026-11-30 11:00:00', "
                 "'2026-11-30 13:00:00', 'done', NULL, NULL, NULL)")
    conn.execute("INSERT INTO agenda_item VALUES (1, 1, 0, '', 'role_play', 'Intervjutrening', '', '', 20, '{}', "
                 "'template', 0, 0)")
    notes = [  # id, text, follow_up, quote, tagged
        (1, FIRST, 1, 0, (MARI, JONAS)),
        (2, "@Jonas Berg: «Jeg gir meg ikke»", 0, 1, (JONAS,)),
        (3, "Gruppa trenger mer tid.", 1, 0, ()),
        (4, "@Олена Коваленко var stille.", 0, 0, (OLENA,)),
    ]
    for note_id, text, follow_up, quote, tagged in notes:
        conn.execute("INSERT INTO note VALUES (?, 1, 1, ?, ?, ?, '2026-11-30 11:30:00', NULL, 'live@pc')",
                     (note_id, text, follow_up, quote))
        conn.executemany("INSERT INTO note_tag VALUES (?, ?)", [(note_id, pid) for pid in tagged])
    conn.commit()
    conn.close()


@pytest.fixture
def upgraded(db_path, clock):
    schema_v1_database(db_path)
    store = open_store(db_path, clock)
    yield store
    store.close()


def test_flags_land_on_the_paragraphs_that_tag_someone_for_everyone_tagged_there(upgraded, db_path):
    from kursrom.store.reports import build_session_summary

    conn = sqlite3.connect(db_path)
    texts = dict(conn.execute("SELECT id, text FROM note"))
    assert conn.execute("SELECT count(*) FROM note WHERE follow_up OR quote").fetchone()[0] == 0
    conn.close()
    assert texts[1] == ("Runden startet.\n⚑@Mari Særheim vil jobbe i barnehage.\n\n"
                        "⚑@Jonas Berg og ⚑@Mari Særheim øvde på intervju.\nSlutt.")
    assert texts[2] == "❝@Jonas Berg: «Jeg gir meg ikke»"
    assert texts[3] == "Gruppa trenger mer tid." and texts[4] == "@Олена Коваленко var stille."

    summary = build_session_summary(upgraded, 1)
    follow_ups = {group.participant.name: [(p.index, p.text) for p in group.paragraphs] for group in summary.follow_ups}
    assert follow_ups == {
        "Mari Særheim": [(1, "@Mari Særheim vil jobbe i barnehage."),
                         (3, "@Jonas Berg og @Mari Særheim øvde på intervju.")],
        "Jonas Berg": [(3, "@Jonas Berg og @Mari Særheim øvde på intervju.")],
    }
    [quote] = [p for note in summary.note_groups[0].notes for p in note.flagged if p.quote]
    assert (quote.participant.name, quote.text) == ("Jonas Berg", "@Jonas Berg: «Jeg gir meg ikke»")


def test_the_report_lists_each_flag_for_review_and_says_nobody_has_consented(upgraded):
    from kursrom.store.consent import current_consents
    from kursrom.store.consent_upgrade import ConsentUpgrade

    [report] = upgraded.upgrade_reports
    assert isinstance(report, ConsentUpgrade) and report.participants == 3
    assert [(c.text, c.people, c.follow_up, c.quote) for c in report.carried] == [
        ("@Mari Særheim vil jobbe i barnehage.", ("Mari Særheim",), True, False),
        ("@Jonas Berg og @Mari Særheim øvde på intervju.", ("Jonas Berg", "Mari Særheim"), True, False),
        ("@Jonas Berg: «Jeg gir meg ikke»", ("Jonas Berg",), False, True)]
    assert [(d.text, d.follow_up) for d in report.dropped] == [("Gruppa trenger mer tid.", True)]
    lines = report.describe()
    assert "Ingen har gitt det ennå (3 personer" in lines[0]
    assert "⚑ PRO høst, økt 2, Intervjutrening for Jonas Berg, Mari Særheim: «@Jonas Berg og" in "\n".join(lines)
    assert current_consents(upgraded, 1) == {}, "everyone starts as not given"


def test_an_upgraded_schema_is_a_new_databases_schema(upgraded, db_path, tmp_path, clock):
    fresh_path = tmp_path / "fresh" / "kursrom.sqlite"
    open_store(fresh_path, clock).close()

    def shape(path: Path) -> dict:
        conn = sqlite3.connect(path)
        tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        found = {}
        for table in tables:
            columns = sorted((c[1], c[2], c[3], c[5]) for c in conn.execute(f"PRAGMA table_info({table})"))
            keys = sorted((k[2], k[3], k[4], k[6]) for k in conn.execute(f"PRAGMA foreign_key_list({table})"))
            indexes = sorted(i[1] for i in conn.execute(f"PRAGMA index_list({table})"))
            found[table] = (columns, keys, indexes)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        conn.close()
        return found

    assert shape(db_path) == shape(fresh_path)


async def test_the_first_start_after_the_upgrade_says_so_once(upgraded, db_path, clock):
    from kursrom.app import make_app
    from kursrom.core.catalog import Catalog

    app = make_app(Catalog(), upgraded, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.05)
        await pilot.pause()
        assert type(app.screen).__name__ == "ProblemsModal"
        text = " ".join(str(line.content) for line in app.screen.query(".problem"))
        assert "Ingen har gitt det ennå" in text and "Gruppa trenger mer tid." in text
        await pilot.press("enter")
        assert type(app.screen).__name__ == "HomeScreen"
    again = open_store(db_path, clock)
    try:
        assert again.upgrade_reports == [] and again.migrated_from is None
        app = make_app(Catalog(), again, clock=clock)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause(0.05)
            assert type(app.screen).__name__ == "HomeScreen", "said once"
    finally:
        again.close()


def test_kursrom_export_tells_the_upgrade_it_made_on_stderr(db_path, tmp_path, capsys):
    from kursrom.cli import main

    schema_v1_database(db_path)
    code = main(["--db", str(db_path), "export", "--round", "1", "--participant", "all", "--out", str(tmp_path / "ut")])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "kursrom: databasen er oppgradert; les dette:" in err and "Gruppa trenger mer tid." in err
    assert len(out.splitlines()) == 3, "a file for each of the three"
