"""The summary screen at 80x24: every section from the store, the export keys running in a worker
and saying where the files went, a summary built from a session run through the live screen, and
snapshots."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console
from sqlmodel import select

from kursrom.core.catalog import Catalog
from kursrom.store.models import CourseSession, ExportRecord

SIZE = (80, 24)


def shown(screen, widget_id: str) -> str:
    """A section as the facilitator reads it, at the screen's width."""
    console = Console(width=78, record=True, file=io.StringIO(), color_system=None)
    console.print(screen.query_one(widget_id).content)
    return console.export_text()


async def settle(pilot, seconds: float = 0.05) -> None:
    await pilot.pause(seconds)
    await pilot.pause()


@pytest.fixture
def app(store, scenario, clock):
    from kursrom.app import make_app

    return make_app(Catalog(), store, clock=clock)


async def open_summary(app, pilot, session_id: int, out_dir: Path | None = None):
    from kursrom.screens.summary import SummaryScreen

    app.push_screen(SummaryScreen(session_id, out_dir=out_dir))
    await settle(pilot)
    return app.screen


async def test_every_section_shows_what_the_store_holds(app, scenario):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(app, pilot, scenario.session_id)
        header = shown(screen, "#summary-header")
        assert "Økt 2 av 5: Hva kan jeg?" in header and "Kari Lunde, Ahmed Rahimi" in header
        assert "Til stede 5 av 7" in header
        follow = shown(screen, "#summary-follow-up")
        assert follow.index("Jonas Bjørkløw") < follow.index("Åse Nygård") < follow.index("Олена Коваленко")
        assert "fagbrev" in follow and "Marius hjalp henne" not in follow, "the flagged paragraph, not its note"
        assert "ikke på veiledersiden: mangler samtykke" in follow, "nobody has agreed to share yet"
        attendance = shown(screen, "#summary-attendance")
        assert "kom for sent" in attendance and "12:18" in attendance and "syk" in attendance
        assert "Samtykke til deling med NAV-veilederen: ingen ennå (0 av 7)" in attendance
        assert "fravær, registrert 11:59" in attendance, "the correction's history is shown"
        agenda = shown(screen, "#summary-agenda")
        assert "31:00" in agenda and "+6" in agenda and "hoppet over" in agenda and "flyttet" in agenda
        assert "lagt til" in agenda
        notes = shown(screen, "#summary-notes")
        assert "sitat: Олена Коваленко" in notes and "oppfølging: Mari Særheim" in notes
        assert "⚑" not in notes and "❝" not in notes, "the flags are said in words, not as the marks in the text"
        results = shown(screen, "#summary-results")
        for expected in ("Ugle: klok, rolig", "Søke tre stillinger (10.12.2026)", "4,4 / 5", "Man sier du til sjefen",
                         "Mer tid til SØT"):
            assert expected in results


async def test_export_key_writes_the_files_and_says_where(app, store, scenario, tmp_path):
    out = tmp_path / "eksport"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(app, pilot, scenario.session_id, out)
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await settle(pilot)
        files = sorted(p.name for p in out.iterdir())
        assert len(files) == 3 and any(name.endswith(".html") for name in files)
        status = str(screen.query_one("#summary-status").content)
        assert str(out) in status and all(name in status for name in files)
        exports = shown(screen, "#summary-exports")
        assert all(name in exports.replace("\n", "") or name[:30] in exports for name in files)
        assert "eksportert" in shown(screen, "#summary-header"), "the session now shows as exported"
    with store.read() as db:
        assert db.get(CourseSession, scenario.session_id).status == "exported"
        assert len(list(db.exec(select(ExportRecord)))) == 3


async def test_anonymize_then_round_report_and_advisor_pages(app, store, scenario, tmp_path):
    out = tmp_path / "eksport"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(app, pilot, scenario.session_id, out)
        await pilot.press("a")
        await settle(pilot)
        assert screen.anonymize and "anonymisert" in str(screen.query_one("#summary-status").content)
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await settle(pilot)
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await settle(pilot)
    written = sorted(out.iterdir())
    assert {p.suffix for p in written} == {".md", ".html", ".csv"}
    for path in written:
        data = path.read_bytes()
        assert "Åse".encode() not in data and "Олена".encode() not in data and re.search(rb"Deltaker \d+", data)
    with store.read() as db:
        records = list(db.exec(select(ExportRecord)))
    assert records and all(r.anonymized for r in records)


async def test_a_failed_export_is_reported_and_the_keys_come_back(app, scenario, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(app, pilot, scenario.session_id, blocker)
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert "er en fil, ikke en mappe" in str(screen.query_one("#summary-status").content)
        assert not screen.exporting and screen.check_action("export", ()) is True
        screen.exporting = True
        assert screen.check_action("export", ()) is None, "greyed out while an export runs"


async def test_escape_goes_back(app, scenario):
    async with app.run_test(size=SIZE) as pilot:
        await open_summary(app, pilot, scenario.session_id)
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ != "SummaryScreen"


async def test_a_session_run_through_the_live_screen(catalog, demo_store, clock, tmp_path, command):
    """Check-in, an item run for five minutes, a tagged follow-up note, the end: the summary shows it."""
    pytest.importorskip("kursrom.screens.live")
    from kursrom.app import make_app
    from kursrom.store.rounds import list_rounds, sessions_of

    session_id = sessions_of(demo_store, list_rounds(demo_store)[0].id)[0].id
    app = make_app(catalog, demo_store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.open_session(session_id)
        await settle(pilot)
        await command(pilot, "space")  # start: the check-in opens
        await settle(pilot)
        await command(pilot, "3")  # the first on the list is absent ...
        await settle(pilot)
        for char in "syk":
            await pilot.press(char)
        await pilot.press("enter")  # ... with a reason
        await settle(pilot)
        await command(pilot, "m")  # everyone else present
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        clock.advance(minutes=5)
        await command(pilot, "n")
        await pilot.press("f2")
        await settle(pilot)
        for char in "CV @Ma":
            await pilot.press("space" if char == " " else char)
        await settle(pilot)
        await pilot.press("enter")  # pick Mari Særheim
        await pilot.press("ctrl+o")  # follow-up
        await settle(pilot)
        clock.advance(seconds=2)
        await settle(pilot, 0.3)
        await pilot.press("escape")
        await command(pilot, "x")
        await pilot.press("enter")  # yes, end it
        await settle(pilot)

        screen = await open_summary(app, pilot, session_id, tmp_path / "out")
        summary = screen.summary
        assert summary.header.status == "done"
        assert (summary.present, summary.count("absent")) == (7, 1)
        absent = next(line for line in summary.attendance if line.status == "absent")
        assert absent.reason == "syk"
        first, second = summary.agenda[0], summary.agenda[1]
        # Five minutes, and the pauses after the three keys given as commands since the start (0.3 s each).
        assert first.actual_seconds == 301 and first.state == "done"
        assert second.actual_seconds == 2 and second.state == "done"
        assert [(f.participant.name, f.paragraphs[0].text) for f in summary.follow_ups] == [
            ("Mari Særheim", "CV @Mari Særheim")]
        assert summary.note_groups[0].title == second.title
        follow = shown(screen, "#summary-follow-up")
        assert "Mari Særheim" in follow and "CV @Mari Særheim" in follow


def test_snapshot_top(snap_compare, store, scenario, clock):
    from kursrom.app import make_app
    from kursrom.screens.summary import SummaryScreen

    app = make_app(Catalog(), store, clock=clock)

    async def run_before(pilot) -> None:
        app.push_screen(SummaryScreen(scenario.session_id, out_dir=Path("/srv/kursrom/eksport")))
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_results_and_exports(snap_compare, store, scenario, clock):
    from kursrom.app import make_app
    from kursrom.screens.summary import SummaryScreen

    app = make_app(Catalog(), store, clock=clock)

    async def run_before(pilot) -> None:
        app.push_screen(SummaryScreen(scenario.session_id, out_dir=Path("/srv/kursrom/eksport")))
        await settle(pilot)
        await pilot.press("a")
        await pilot.press("end")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


async def test_names_with_markup_are_shown_as_written(store, hostile, clock):
    """Rich markup, HTML and formulas in names and notes are text on the screen, never styling."""
    from kursrom.app import make_app

    app = make_app(Catalog(), store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(app, pilot, hostile.session_id)
        assert "[bold red]Kari[/] [/x]" in shown(screen, "#summary-attendance")
        assert "<script>alert(1)</script> sa: <img src=x" in shown(screen, "#summary-follow-up")
        assert "</td><script>x()</script>" in shown(screen, "#summary-results")
