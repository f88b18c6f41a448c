"""Planning by keyboard, driven with Pilot at 80x24: rounds, dates, moves, the roster and its CSV
import, follow-up, the participant page, and the calendar export."""

from __future__ import annotations

import io
from datetime import date, datetime, timezone

from rich.console import Console

from icalendar import Calendar
from textual.events import Paste
from textual.widgets import DataTable, Static

from kursrom.app import make_app
from kursrom.core.clock import OSLO
from kursrom.i18n import _
from kursrom.store.rounds import enrolled, get_round, list_rounds, roster, sessions_of
from kursrom.widgets.round_list import RoundList

UTC = timezone.utc
SIZE = (80, 24)


async def typed(pilot, text: str) -> None:
    await pilot.press(*text)


async def pasted(pilot, text: str) -> None:
    """Paste into the focused input, as a terminal delivers a paste (long paths type slowly)."""
    pilot.app.screen.focused.post_message(Paste(text))
    await pilot.pause()


def cells(table: DataTable | RoundList, row: int) -> list[str]:
    if isinstance(table, RoundList):
        return [str(cell) for cell in table.cells(row)]
    return [str(cell) for cell in table.get_row_at(row)]


def static_text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


def rich_text(renderable, width: int = 80) -> str:
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


async def open_first_round(pilot) -> None:
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def test_home_lists_running_rounds_first_with_next_session_and_attendance(catalog, clock, planned_rounds,
                                                                               demo_store):
    app = make_app(catalog, demo_store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#rounds", RoundList)
        assert table.row_count == 2
        first, second = cells(table, 0), cells(table, 1)
        assert first[0].startswith("PRO") and first[1] == _("Running") and first[3] == "8" and first[4] == "75\xa0%"
        assert first[2].endswith("30.11 10:00")  # session 2, in Oslo time
        assert second[0] == "I jobb mai 2027" and second[1] == _("Planned") and second[4] == "–"
        assert second[2].endswith("03.05 12:00")


async def test_create_a_round_skipping_the_suggested_holidays(catalog, clock, store):
    app = make_app(catalog, store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert static_text(app.screen, "#home-status") == _("No course rounds yet. Press n to plan one.")
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        # the template list is sorted by title: I jobb, Jobbsentralen, Karriereveiledning, PRO, Valg av strategi
        await pilot.press("enter", "up", "up", "up", "enter", "tab")
        await pasted(pilot, "I jobb mai")
        await pilot.press("tab")
        await pasted(pilot, "03.05.2027")
        await pilot.press("tab", "tab")
        await pasted(pilot, "NAV Tromsø")
        await pilot.press("tab")
        await pasted(pilot, "Liv og Ole")
        await pilot.press("enter")  # on to the dates
        await pilot.pause()
        assert set(form.flagged_holidays()) == {date(2027, 5, 6), date(2027, 5, 17)}
        assert "Grunnlovsdag" in form.flagged_holidays()[date(2027, 5, 17)] or \
            "Constitution" in form.flagged_holidays()[date(2027, 5, 17)]
        await pilot.press("h")
        assert form.flagged_holidays() == {}
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "RoundScreen"
    created = list_rounds(store)[0]
    assert (created.title, created.template_id, created.place, created.facilitators) == (
        "I jobb mai", "i-jobb", "NAV Tromsø", "Liv og Ole")
    assert created.skip_dates == ["2027-05-06", "2027-05-17"]
    sessions = sessions_of(store, created.id)
    days = [s.planned_start.astimezone(OSLO).date() for s in sessions]
    assert len(days) == 20 and date(2027, 5, 17) not in days and days[-1] == date(2027, 6, 1)
    assert {s.planned_start.astimezone(OSLO).strftime("%H:%M") for s in sessions} == {"12:00"}


async def test_create_a_round_across_summer_time_and_skip_one_date_by_hand(catalog, clock, store):
    app = make_app(catalog, store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("tab", "tab")  # PRO is preselected; on to the start date
        await pasted(pilot, "2026-03-23")
        await pilot.press("tab")
        await typed(pilot, "12:00")
        await pilot.press("tab", "tab", "enter")
        await pilot.pause()
        dates = app.screen.query_one("#dates", DataTable)
        assert app.screen.focused is dates
        await pilot.press("down", "down", "space")  # skip Easter Monday, 6 April, by hand
        await pilot.press("ctrl+s")
        await pilot.pause()
    created = list_rounds(store)[0]
    assert created.skip_dates == ["2026-04-06"]
    starts = [s.planned_start for s in sessions_of(store, created.id)]
    assert starts[0] == datetime(2026, 3, 23, 11, tzinfo=UTC)  # winter time: 12:00 is 11:00 UTC
    assert starts[1] == datetime(2026, 3, 30, 10, tzinfo=UTC)  # summer time: 12:00 is 10:00 UTC
    assert starts[2] == datetime(2026, 4, 13, 10, tzinfo=UTC)


async def test_a_bad_start_date_is_explained_and_nothing_is_created(catalog, clock, store):
    app = make_app(catalog, store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n", "tab", "tab")
        await pasted(pilot, "31.02.2027")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert static_text(app.screen, "#form-message") == _("Write the start date as DD.MM.YYYY or YYYY-MM-DD.")
        assert app.screen.query_one("#dates", DataTable).row_count == 0
    assert list_rounds(store) == []


async def test_move_one_session_to_another_date_and_time(catalog, clock, demo_store):
    app = make_app(catalog, demo_store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_round(pilot)
        await pilot.press("down", "m")
        await pilot.pause()
        await pasted(pilot, "02.12.2026")
        await pilot.press("tab")
        await typed(pilot, "14:30")
        await pilot.press("enter")
        await pilot.pause()
        table = app.screen.query_one("#sessions", DataTable)
        assert cells(table, 1)[1].endswith("02.12 14:30")
    second = sessions_of(demo_store, list_rounds(demo_store)[0].id)[1]
    assert second.planned_start == datetime(2026, 12, 2, 13, 30, tzinfo=UTC)
    assert (second.planned_end - second.planned_start).total_seconds() == 120 * 60


async def test_skip_a_date_from_the_round(catalog, clock, demo_store):
    app = make_app(catalog, demo_store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_round(pilot)
        await pilot.press("down", "down", "s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    course_round = list_rounds(demo_store)[0]
    assert course_round.skip_dates == ["2026-12-07"]
    days = [s.planned_start.astimezone(OSLO).strftime("%d.%m") for s in sessions_of(demo_store, course_round.id)]
    assert days == ["23.11", "30.11", "14.12", "21.12", "28.12"]


async def test_enter_opens_the_session_and_the_agenda_follows_the_cursor(catalog, clock, demo_store, monkeypatch):
    opened: list[int] = []
    app = make_app(catalog, demo_store, clock=clock)
    monkeypatch.setattr(app, "open_session", opened.append)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_round(pilot)
        preview = app.screen.query_one("#agenda-preview", Static)
        await pilot.press("down")
        await pilot.pause()
        second = sessions_of(demo_store, list_rounds(demo_store)[0].id)[1]
        assert second.title in rich_text(preview.content)
        await pilot.press("enter")
        await pilot.pause()
    assert opened == [second.id]


async def test_enrol_edit_and_remove_with_a_reason(catalog, clock, demo_store):
    app = make_app(catalog, demo_store, clock=clock)
    round_id = list_rounds(demo_store)[0].id
    async with app.run_test(size=SIZE) as pilot:
        await open_first_round(pilot)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pasted(pilot, "Nadia H.")
        await pilot.press("tab")
        await pasted(pilot, "tigrinja")
        await pilot.press("tab")
        await typed(pilot, "ja")
        await pilot.press("tab", "tab")
        await pasted(pilot, "Sitter foran")
        await pilot.press("enter")
        await pilot.pause()
        nadia = next(e.participant for e in roster(demo_store, round_id) if e.participant.name == "Nadia H.")
        assert (nadia.language, nadia.interpreter_language, nadia.accessibility_note) == ("ti", "ti", "Sitter foran")
        table = app.screen.query_one("#roster", DataTable)
        assert cells(table, table.cursor_row)[0] == "Nadia H."
        await pilot.press("x")
        await pilot.pause()
        await pasted(pilot, "Fikk jobb")
        await pilot.press("enter")
        await pilot.pause()
        assert "Fikk jobb" in cells(table, table.cursor_row)[-1]
    entry = next(e for e in roster(demo_store, round_id) if e.participant.name == "Nadia H.")
    assert entry.enrolment.removed_reason == "Fikk jobb" and entry.enrolment.removed_at is not None
    assert len(enrolled(demo_store, round_id)) == 8


async def test_a_participant_without_a_name_is_refused(catalog, clock, demo_store):
    app = make_app(catalog, demo_store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_round(pilot)
        await pilot.press("p", "a")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "ParticipantModal"
        await pilot.press("escape")
    assert len(enrolled(demo_store, list_rounds(demo_store)[0].id)) == 8


async def test_csv_import_with_a_bad_row_imports_nothing(catalog, clock, demo_store, write_csv):
    path = write_csv("navn;språk;tolk\nNy Person;nb;\n;uk;ja\nAndre Person;uk;ja\n", bom=True)
    app = make_app(catalog, demo_store, clock=clock)
    round_id = list_rounds(demo_store)[0].id
    async with app.run_test(size=SIZE) as pilot:
        await open_first_round(pilot)
        await pilot.press("p", "i")
        await pilot.pause()
        await pasted(pilot, str(path))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert type(app.screen).__name__ == "ProblemsModal"
        problems = [str(s.content) for s in app.screen.query(".problem")]
        assert len(problems) == 1 and "3" in problems[0]
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "RosterScreen"
    names = {p.name for p in enrolled(demo_store, round_id)}
    assert "Ny Person" not in names and len(names) == 8


async def test_csv_import_enrols_everyone_after_a_confirmation(catalog, clock, demo_store, write_csv):
    path = write_csv("name,language,interpreter,contact,note\nNy Person,nb,,,\nAndre Person,uk,yes,900 00 000,\n")
    app = make_app(catalog, demo_store, clock=clock)
    round_id = list_rounds(demo_store)[0].id
    async with app.run_test(size=SIZE) as pilot:
        await open_first_round(pilot)
        await pilot.press("p", "i")
        await pilot.pause()
        await pasted(pilot, str(path))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmModal"
        await pilot.press("y")
        await pilot.pause()
        assert app.screen.query_one("#roster", DataTable).row_count == 10
    people = {p.name: p for p in enrolled(demo_store, round_id)}
    assert people["Andre Person"].interpreter_language == "uk" and people["Andre Person"].contact == "900 00 000"


async def test_enrol_someone_from_an_earlier_round(catalog, clock, planned_rounds, demo_store):
    demo_id, ijobb_id = planned_rounds
    app = make_app(catalog, demo_store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")  # the I jobb round
        await pilot.pause()
        await pilot.press("p", "p")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
    assert len(enrolled(demo_store, ijobb_id)) == 1


async def test_follow_up_keys_and_the_share_in_work_or_education(catalog, clock, demo_store):
    app = make_app(catalog, demo_store, clock=clock)
    round_id = list_rounds(demo_store)[0].id
    async with app.run_test(size=SIZE) as pilot:
        await open_first_round(pilot)
        await pilot.press("f")
        await pilot.pause()
        # PRO's statuses: 1 work, 2 education, 3 school and work, 4 measure, 5 seeking, 6 unknown
        await pilot.press("1", "2", "5", "1", "4")  # each key records and moves on to the next person
        await pilot.pause()
        share = static_text(app.screen, "#followup-share")
        assert share.startswith("3") and "8" in share and "38\xa0%" in share
        await pilot.press("up", "enter")  # the fifth person: a date and a note
        await pilot.pause()
        await pilot.press("tab")
        await pasted(pilot, "01.03.2027")
        await pilot.press("tab")
        await pasted(pilot, "AMO-kurs")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert "38\xa0%" in static_text(app.screen, "#round-info-2")
    from kursrom.store.followup import current_follow_ups, follow_up_share

    assert follow_up_share(demo_store, round_id).in_work_or_education == 3
    notes = {row.note: row for row in current_follow_ups(demo_store, round_id).values() if row.note}
    assert notes["AMO-kurs"].status == "measure" and notes["AMO-kurs"].on == date(2027, 3, 1)


async def test_participant_page_shows_attendance_and_records_follow_up(catalog, clock, planned_rounds, demo_store):
    demo_id, _ijobb = planned_rounds
    app = make_app(catalog, demo_store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_round(pilot)
        await pilot.press("p")
        await pilot.pause()
        first = roster(demo_store, demo_id)[0].participant
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ParticipantScreen"
        attendance = app.screen.record.attendance
        assert attendance[0].mark is not None and len(attendance) == 5
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("enter")  # the RadioSet: pick "In work" (the first button)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.record.follow_up[0].status in ("work", "unknown")
    from kursrom.store.followup import current_follow_ups

    assert current_follow_ups(demo_store, demo_id)[first.id].on == date(2026, 11, 23)


async def test_copy_a_round_into_the_next_intake(catalog, clock, demo_store):
    app = make_app(catalog, demo_store, clock=clock)
    source = list_rounds(demo_store)[0]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await pasted(pilot, "PRO januar")
        await pilot.press("ctrl+s")
        await pilot.pause()
    copy = next(r for r in list_rounds(demo_store) if r.id != source.id)
    assert copy.title == "PRO januar" and copy.copied_from_id == source.id
    assert copy.start_date == date(2026, 12, 28)  # the Monday after the last session
    assert enrolled(demo_store, copy.id) == []
    assert get_round(demo_store, copy.id).place == source.place


async def test_export_the_calendar(catalog, clock, demo_store, tmp_path):
    app = make_app(catalog, demo_store, clock=clock)
    target = tmp_path / "pro.ics"
    async with app.run_test(size=SIZE) as pilot:
        await open_first_round(pilot)
        await pilot.press("i")
        await pilot.pause()
        await pasted(pilot, str(target))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    events = list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert len(events) == 5
    assert "Hvem er jeg?" in str(events[0]["summary"])


async def test_footer_keys_fit_in_80_columns(catalog, clock, demo_store):
    app = make_app(catalog, demo_store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_round(pilot)
        from textual.widgets import Footer

        footer = app.screen.query_one(Footer)
        keys = {key.key: key.region for key in footer.query("FooterKey")}
        for key in ("enter", "m", "s", "p", "f", "i", "escape"):
            assert keys[key].right <= 80, key


async def test_delete_a_person_for_good_after_a_confirmation(catalog, clock, demo_store):
    app = make_app(catalog, demo_store, clock=clock)
    round_id = list_rounds(demo_store)[0].id
    async with app.run_test(size=SIZE) as pilot:
        await open_first_round(pilot)
        await pilot.press("p")
        await pilot.pause()
        first = roster(demo_store, round_id)[0].participant
        await pilot.press("delete")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmModal"
        await pilot.press("j")  # ja
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one("#roster", DataTable).row_count == 7
    assert first.id not in {e.participant.id for e in roster(demo_store, round_id)}


async def test_down_then_enter_at_once_opens_the_second_round(catalog, clock, planned_rounds, demo_store, at_once):
    """Enter is a priority key; a Down read just before it acts first (`tests/live/test_key_order.py`)."""
    _demo_id, ijobb_id = planned_rounds
    app = make_app(catalog, demo_store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await at_once(pilot, "down", "enter")
        assert type(app.screen).__name__ == "RoundScreen" and app.screen.round_id == ijobb_id
