"""80x24 without a word cut in the places a new user tripped over: the session's title in the top
line, the timer of an item given a minute more, the reason dialog of an absence, the average in the
evaluation and the highlight field in the live screen's panels, and nothing after "^p kommandoer";
and notices never over the notes pane. Each is a snapshot, and the words are checked as text."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta, timezone

import pytest

from kursrom.core.clock import FakeClock
from kursrom.store import live, results
from kursrom.store.rounds import list_rounds, sessions_of

SIZE = (80, 24)
#: Session 1 of the demo round: Monday 23 November 2026, 10:00 in Oslo.
SESSION_START = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
CELL = 12.2  # the width of one cell in Textual's screenshots


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(SESSION_START - timedelta(minutes=2))


@pytest.fixture
def app(catalog, demo_store, clock):
    from kursrom.app import make_app

    return make_app(catalog, demo_store, clock=clock)


@pytest.fixture
def session_id(demo_store) -> int:
    return sessions_of(demo_store, list_rounds(demo_store)[0].id)[0].id


@pytest.fixture
def running(demo_store, session_id, clock) -> int:
    """Session 1 at 10:29: everyone present but one, the second item given a minute more, run a minute
    over and paused."""
    clock.advance(minutes=2)
    live.start_session(demo_store, session_id)
    people = live.load(demo_store, session_id).participants
    for person in people:
        live.mark(demo_store, session_id, person.id, "present")
    live.mark(demo_store, session_id, people[4].id, "absent", reason="syk")
    clock.advance(minutes=15)
    second = live.next_item(demo_store, session_id)
    live.adjust(demo_store, second, 60)
    clock.advance(minutes=12)
    live.toggle_timer(demo_store, second)
    return session_id


def lines(app) -> list[str]:
    """The screen as text, each character in its column, from the screenshot the snapshots use."""
    rows: dict[float, list[str]] = {}
    svg = app.export_screenshot(simplify=True)
    for match in re.finditer(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        row = rows.setdefault(float(match[2]), [" "] * SIZE[0])
        column = round(float(match[1]) / CELL)
        for offset, char in enumerate(html.unescape(match[3]).replace("\xa0", " ")):
            if column + offset < SIZE[0]:
                row[column + offset] = char
    return ["".join(row) for _y, row in sorted(rows.items())]


async def open_live(pilot, session_id: int) -> None:
    pilot.app.open_session(session_id)
    await pilot.pause()
    pilot.app.screen.tick()
    await pilot.pause()


async def test_the_top_line_the_timer_and_the_footer_keep_their_words(app, running):
    async with app.run_test(size=SIZE) as pilot:
        await open_live(pilot, running)
        screen = lines(app)
    # Where the keys go comes first and is never cut; the title gives way in whole words.
    assert screen[0].startswith("  STYRER  Uke 1 – Hvem er…  "), screen[0]
    assert screen[2][30:].strip() == "‖ +1:00 over tiden (plan 10+1 min)  på pause", screen[2]
    assert screen[-1].rstrip().endswith("^p kommandoer"), "nothing after the palette's key"


def test_live_screen_with_a_minute_more(snap_compare, app, running):
    assert snap_compare(app, terminal_size=SIZE, run_before=lambda pilot: open_live(pilot, running))


async def test_the_reason_for_an_absence_is_asked_whole(app, running, command):
    async with app.run_test(size=SIZE) as pilot:
        await open_live(pilot, running)
        await command(pilot, "a", "3")
        await pilot.pause()
        inside = [found[1] for line in lines(app) if (found := re.search(r"█ (.*?) *█", line))]
    assert "Grunn (valgfritt, Enter for å hoppe over):" in " ".join(inside), inside


def test_absence_dialog(snap_compare, app, running, command):
    async def ask(pilot) -> None:
        await open_live(pilot, running)
        await command(pilot, "a", "3")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=ask)


async def go_to_panel(pilot, demo_store, session_id: int, kind: str) -> None:
    item = next(i for i in live.load(demo_store, session_id).items if i.kind == kind)
    live.go_to(demo_store, session_id, item.id)
    await open_live(pilot, session_id)
    await pilot.press("f6")  # into the panel: the notes lend it their room
    await pilot.pause()


async def test_the_evaluation_average_and_the_highlight_field_are_whole(app, running, demo_store):
    first = live.load(demo_store, running).items[0]
    results.add_scores(demo_store, running, first.id, first.title, (1, 5), [4, 4, 5, 3, 5, 4, 4])
    async with app.run_test(size=SIZE) as pilot:
        await go_to_panel(pilot, demo_store, running, "evaluation")
        evaluation = lines(app)
        live.go_to(demo_store, running, first.id)
        app.screen.reload()
        await pilot.press("f6")
        await pilot.pause()
        highlights = lines(app)
    row = next(line[30:] for line in evaluation if "Velkommen" in line[30:])
    assert re.search(r"\b7 +4,1\b", row), row  # n and the average, whole
    assert any("Høydepunkt for hele gruppa" in line[30:] for line in highlights), highlights


def test_evaluation_in_the_live_screen(snap_compare, app, running, demo_store):
    first = live.load(demo_store, running).items[0]
    results.add_scores(demo_store, running, first.id, first.title, (1, 5), [4, 4, 5, 3, 5, 4, 4])
    assert snap_compare(app, terminal_size=SIZE,
                        run_before=lambda pilot: go_to_panel(pilot, demo_store, running, "evaluation"))


def test_highlights_in_the_live_screen(snap_compare, app, running, demo_store):
    assert snap_compare(app, terminal_size=SIZE,
                        run_before=lambda pilot: go_to_panel(pilot, demo_store, running, "reflection"))


async def test_a_notice_never_covers_the_notes_pane(app, running):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_live(pilot, running)
        app.notify("kursrom.sqlite er låst av et annet program. Det du skrev er tatt vare på, og kursrom "
                   "prøver igjen.", severity="warning", timeout=30)
        await pilot.pause(0.3)
        notes = app.screen.query_one("NotesPane").region
        toasts = [toast.region for toast in app.screen.query("Toast")]
        assert toasts and not any(toast.overlaps(notes) for toast in toasts), (toasts, notes)
        agenda = app.screen.query_one("#agenda").region
        assert all(agenda.contains_region(toast) for toast in toasts), "over the agenda"


def test_notice_over_the_agenda(snap_compare, app, running):
    async def told(pilot) -> None:
        await open_live(pilot, running)
        pilot.app.notify("kursrom.sqlite er låst av et annet program. Det du skrev er tatt vare på.",
                         severity="warning", timeout=60)
        await pilot.pause(0.3)

    assert snap_compare(app, terminal_size=SIZE, run_before=told)
