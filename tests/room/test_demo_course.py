"""A demo that shows the whole course: an earlier, finished round with attendance, notes, results,
evaluations and follow-up (the summary, the round report and the evaluation trend have something to
show at once), and today's session planned around the time the demo is opened."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta, timezone

from rich.console import Console

from kursrom.app import make_app
from kursrom.core.clock import OSLO, FakeClock
from kursrom.core.vocabulary import AttendanceStatus, SessionStatus
from kursrom.store import live
from kursrom.store.demo import open_demo_store
from kursrom.store.followup import current_follow_ups, follow_up_share
from kursrom.store.results import comments_for, evaluation_by_element, results_for_session, score_counts
from kursrom.store.rounds import enrolled, list_rounds, sessions_of
from kursrom.widgets.round_list import RoundList

#: Monday 23 November 2026, 19:02 in Oslo: the demo's first session (10:00) is long past.
EVENING = datetime(2026, 11, 23, 18, 2, tzinfo=timezone.utc)


def text_of(renderable, width: int = 78) -> str:
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text()


def local(moment: datetime) -> str:
    return moment.astimezone(OSLO).strftime("%d.%m %H:%M")


def test_the_demo_holds_an_earlier_finished_round_with_everything_a_round_leaves(tmp_path, catalog):
    store = open_demo_store(tmp_path / "demo.sqlite", catalog, FakeClock(EVENING))
    today, earlier = list_rounds(store)
    assert today.start_date == EVENING.astimezone(OSLO).date() and earlier.template_id == today.template_id
    sessions = sessions_of(store, earlier.id)
    assert [s.status for s in sessions] == [SessionStatus.DONE] * 5
    assert all(s.ended_at < EVENING for s in sessions), "held and finished before today"

    people = enrolled(store, earlier.id)
    names = " ".join(p.name for p in people)
    assert re.search("[æøå]", names, re.IGNORECASE) and re.search("[а-яі]", names, re.IGNORECASE)
    assert re.search("[\u0600-\u06ff]", names), "Norwegian letters, Cyrillic and Arabic script, as today's round"
    assert not {p.name for p in people} & {p.name for p in enrolled(store, today.id)}, "other people"

    statuses = [live.load(store, s.id).attendance for s in sessions]
    marks = [event.status for marks in statuses for event in marks.values()]
    assert {AttendanceStatus.LATE, AttendanceStatus.ABSENT, AttendanceStatus.LEFT_EARLY} <= set(marks)
    notes = [note for s in sessions for note in live.notes_of(store, s.id)]
    assert {note.terminal.split("@")[0] for note in notes} == {"live", "notes"}, "both writers"
    assert any("⚑@" in note.text for note in notes) and any("❝@" in note.text for note in notes)
    assert any(live.tags_of(store, note.id) for note in notes), "notes tag participants"
    kinds = {item.kind for s in sessions for item, _result in results_for_session(store, s.id)}
    assert {"animal", "group_rules", "timeline", "role_play", "reflection"} <= kinds
    for session in sessions:
        counts = score_counts(store, session.id)
        present = len(live.load(store, session.id).present)
        assert counts and all(sum(scores.values()) == present for scores in counts.values()), \
            "everyone present rated every element, never more"
        assert comments_for(store, session.id)

    trend = {element.element: element for element in evaluation_by_element(store, earlier.id)}
    assert [s.number for s in trend["Innsjekk"].sessions] == [2, 3, 4, 5], "one element across sessions"
    share = follow_up_share(store, earlier.id)
    assert (share.in_work_or_education, share.participants) == (4, 8)
    assert len(current_follow_ups(store, earlier.id)) == 7, "one still to follow up"
    with store.engine.connect() as connection:  # built without a sync per write, used with one
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2
    store.close()


async def test_a_newcomer_sees_the_summary_the_round_report_and_the_trend(tmp_path, catalog):
    clock = FakeClock(EVENING)
    store = open_demo_store(tmp_path / "demo.sqlite", catalog, clock)
    earlier = list_rounds(store)[1]
    app = make_app(catalog, store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rounds = app.screen.query_one("#rounds", RoundList)
        assert rounds.row_count == 2
        await pilot.press("down", "enter")  # the finished round
        await pilot.pause()
        assert app.screen.course_round.id == earlier.id
        await pilot.press("up", "up", "up", "up")  # the cursor starts on the last session: a finished round's
        await pilot.press("enter")  # its first session: finished, so its summary
        await pilot.pause(0.2)
        assert type(app.screen).__name__ == "SummaryScreen"
        follow_up = text_of(app.screen.query_one("#summary-follow-up").content)
        assert "Kari Nordmann" in follow_up and "CV-en" in follow_up
        assert "Ola Nordmann" in text_of(app.screen.query_one("#summary-notes").content)
        assert "Dyreøvelsen" in text_of(app.screen.query_one("#summary-results").content)
        app.screen.out_dir = tmp_path / "out"
        await pilot.press("r")  # the round report
        await pilot.pause(0.2)
        [report] = (tmp_path / "out").glob("*.md")
        assert "Ola Nordmann" in report.read_text(encoding="utf-8")
        await pilot.press("escape", "v")  # back on the round: the evaluation, session by session
        await pilot.pause()
        trend = text_of(app.screen.query_one("#evaluation-table").content, width=120)
        assert re.search(r"Innsjekk.*2: \d,\d +3: \d,\d +4: \d,\d +5: \d,\d", trend), trend
    store.close()


def test_a_passed_session_is_planned_around_the_time_the_demo_opens(tmp_path, catalog):
    path = tmp_path / "demo.sqlite"
    clock = FakeClock(EVENING)
    store = open_demo_store(path, catalog, clock)
    today = list_rounds(store)[0]
    sessions = sessions_of(store, today.id)
    assert local(sessions[0].planned_start) == "23.11 19:05", "the next five minutes, not 10:00 this morning"
    assert sessions[1].planned_start - sessions[0].planned_start == timedelta(weeks=1), "the weekly rhythm kept"
    assert sessions[0].planned_end - sessions[0].planned_start == timedelta(hours=2)
    store.close()

    store = open_demo_store(path, catalog, clock)  # opened again before it starts: left as it is
    assert local(sessions_of(store, today.id)[0].planned_start) == "23.11 19:05"
    store.close()

    clock.advance(hours=14, minutes=40)  # the next morning, 09:42: not held yesterday
    store = open_demo_store(path, catalog, clock)
    moved = sessions_of(store, today.id)
    assert local(moved[0].planned_start) == "24.11 09:45" and local(moved[4].planned_start) == "22.12 09:45"
    live.start_session(store, moved[0].id, clock.now())
    store.close()

    clock.advance(hours=3)  # a session running is never moved
    store = open_demo_store(path, catalog, clock)
    assert local(sessions_of(store, today.id)[0].planned_start) == "24.11 09:45"
    store.close()


async def test_the_replanned_session_is_what_the_app_shows(tmp_path, catalog):
    clock = FakeClock(EVENING)
    app = make_app(catalog, opener=lambda: open_demo_store(tmp_path / "demo.sqlite", catalog, clock), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        for _attempt in range(100):
            await pilot.pause(0.05)
            if app.store is not None and app.screen.query("#rounds"):
                break
        rounds = app.screen.query_one("#rounds", RoundList)
        await pilot.pause()
        assert "19:05" in str(rounds.cells(0)[2]), "the next session: in three minutes"
        await pilot.press("enter", "enter")  # the round, then today's session
        await pilot.pause()
        assert type(app.screen).__name__ == "LiveSessionScreen"
        assert "19:05" in str(app.screen.query_one("#item-title").render())
