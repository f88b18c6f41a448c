"""The live and check-in screens at 80x24 with Pilot: Ctrl+Z takes back every change to the record
(start, next, skip, extend, move, insert, timer, end, marks) with a notice that says what, and is
the text's own undo in a text field; p/n/j move around without finishing anything and a jump asks
about the items it passes; a finished session reopens; starting on another day asks first; the
round screen opens on today's session; the top line before and after a late start."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kursrom.i18n import _
from kursrom.store import live
from kursrom.store.journal import journal_of

SIZE = (80, 24)


@pytest.fixture
def told(app, monkeypatch):
    """Every notice the app shows."""
    messages: list[str] = []
    notify = app.notify

    def spy(message, **kwargs):
        messages.append(str(message))
        return notify(message, **kwargs)

    monkeypatch.setattr(app, "notify", spy)
    return messages


def undone(kind: str, label: str = "") -> str:
    from kursrom.core.vocabulary import ChangeKind

    what = ChangeKind(kind).label + (f" ({label})" if label else "")
    return _("Undone: {what}.").format(what=what)


def observed(store, session_id, now) -> tuple:
    """What an undo must put back: the agenda, the current item, every timer."""
    snapshot = live.load(store, session_id)
    times = snapshot.timing(now).times
    return (snapshot.session.status, snapshot.session.current_item_id,
            [(i.id, i.position, i.skipped) for i in snapshot.items],
            {i: (t.adjusted, t.started, t.finished, t.running) for i, t in times.items()})


async def test_ctrl_z_takes_back_each_change_on_the_live_screen(app, demo_store, session_id, clock, command, told):
    async with app.run_test(size=SIZE) as pilot:
        app.open_session(session_id)
        await pilot.pause()
        screen = app.screen
        await command(pilot, "space")  # start: the check-in opens
        assert type(app.screen).__name__ == "CheckInScreen"
        await pilot.press("escape")
        await command(pilot, "ctrl+z")
        assert live.load(demo_store, session_id).session.status == "planned"
        assert told[-1].startswith(undone("start"))
        await command(pilot, "space")
        await pilot.press("escape")
        items = live.load(demo_store, session_id).items
        clock.advance(minutes=5)

        async def check(keys: tuple[str, ...], kind: str, label: str = "") -> None:
            before = observed(demo_store, session_id, clock.now())
            await command(pilot, *keys)
            assert observed(demo_store, session_id, clock.now()) != before, f"{keys} changed nothing"
            await command(pilot, "ctrl+z")
            assert told[-1] == undone(kind, label), (keys, told[-1])
            assert observed(demo_store, session_id, clock.now()) == before, keys

        await check(("n",), "next", items[1].title)
        await check(("e",), "adjust", items[0].title)
        await check(("space",), "timer", items[0].title)
        await pilot.press("down", "down")
        await check(("s",), "skip", items[2].title)
        await check(("shift+down",), "move", items[2].title)
        await check(("i", "enter"), "insert", _("Extra break"))
        before = observed(demo_store, session_id, clock.now())
        await command(pilot, "x")
        await pilot.press("enter")  # yes, end it: the summary shows
        assert type(app.screen).__name__ == "SummaryScreen"
        await pilot.press("escape")
        assert app.screen is screen and live.load(demo_store, session_id).session.status == "done"
        await command(pilot, "ctrl+z")
        assert told[-1] == undone("end")
        assert observed(demo_store, session_id, clock.now()) == before
        await command(pilot, "ctrl+z")  # one more: the second start, after which nothing is left
        await command(pilot, "ctrl+z")
        assert told[-1] == _("Nothing to undo.")
        assert live.load(demo_store, session_id).session.status == "planned"


async def test_ctrl_z_in_the_notes_is_the_texts_own_undo(app, demo_store, session_id, clock, command):
    live.start_session(demo_store, session_id)
    clock.advance(minutes=1)
    live.next_item(demo_store, session_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        app.screen.notes.area.insert("et ord")
        await pilot.press("ctrl+z")
        assert app.screen.notes.area.text == ""
        assert [c.kind for c in journal_of(demo_store, session_id)] == ["start", "next"], "the record is untouched"


async def test_ctrl_z_in_the_check_in_takes_back_marks(app, demo_store, session_id, told, command):
    from kursrom.screens.checkin import CheckInScreen

    people = live.load(demo_store, session_id).participants
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(CheckInScreen(session_id))
        await pilot.pause()
        await command(pilot, "1", "3")  # present, then absent ...
        await pilot.press("enter")  # ... with no reason
        await pilot.press("ctrl+z")
        assert told[-1] == undone("mark", people[1].name)
        await command(pilot, "m")  # the rest present: one change
        assert len(live.attendance_now(demo_store, session_id)) == len(people)
        await pilot.press("ctrl+z")
        assert told[-1].startswith(_("Undone: {what}.").format(what=_("the attendance marks"))[:-1])
        now = live.attendance_now(demo_store, session_id)
        assert list(now) == [people[0].id] and now[people[0].id].status == "present"
        table = app.screen.query_one("#checkin-table")
        assert _("not marked") in str(table.get_cell(str(people[1].id), "status"))
    statuses = [e.status for e in live.attendance_history(demo_store, session_id, people[1].id)]
    assert statuses == ["absent", "undone", "present", "undone"]


async def test_a_jump_asks_whether_to_skip_the_items_it_passes(app, demo_store, session_id, clock, command):
    live.start_session(demo_store, session_id)
    items = live.load(demo_store, session_id).items
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        clock.advance(minutes=3)
        await pilot.press("down", "down", "down")
        await command(pilot, "j")
        assert type(app.screen).__name__ == "ConfirmModal"
        assert items[1].title in str(app.screen.query_one(".dialog-body").render())
        await pilot.press("n")  # leave them for later
        snapshot = live.load(demo_store, session_id)
        assert snapshot.session.current_item_id == items[3].id
        assert not snapshot.item(items[1].id).skipped and not snapshot.item(items[2].id).skipped
        assert snapshot.timing(clock.now()).times[items[0].id].paused, "the first item is paused, not done"
        assert app.screen.agenda.get_option_at_index(0).prompt is not None
        await command(pilot, "ctrl+z")
        await pilot.press("down", "down", "down")
        await command(pilot, "j")
        await pilot.press("y")  # skip them
        snapshot = live.load(demo_store, session_id)
        assert snapshot.item(items[1].id).skipped and snapshot.item(items[2].id).skipped


async def test_p_then_n_neither_finishes_nor_skips(app, demo_store, session_id, clock, command):
    live.start_session(demo_store, session_id)
    first, second, third = live.load(demo_store, session_id).items[:3]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        clock.advance(minutes=15)
        await command(pilot, "n")
        await command(pilot, "p")
        clock.advance(seconds=2)
        await command(pilot, "n")
        snapshot = live.load(demo_store, session_id)
        times = snapshot.timing(clock.now()).times
        assert snapshot.session.current_item_id == second.id
        assert times[first.id].finished and times[second.id].running and not times[second.id].finished
        assert not times[third.id].started and not snapshot.item(third.id).skipped


async def test_a_finished_session_reopens_for_corrections(app, demo_store, session_id, clock, command, told):
    live.start_session(demo_store, session_id)
    clock.advance(minutes=30)
    live.end_session(demo_store, session_id)
    ended = clock.now()
    clock.advance(hours=20)
    async with app.run_test(size=SIZE) as pilot:
        app.open_session(session_id)
        await pilot.pause()
        await command(pilot, "space")
        assert type(app.screen).__name__ == "ConfirmModal"
        await pilot.press("enter")
        assert live.load(demo_store, session_id).session.status == "running"
        await command(pilot, "x")
        await pilot.press("enter")
    session = live.load(demo_store, session_id).session
    assert session.status == "done" and session.ended_at == ended, "nothing ran: the first end stands"


async def test_starting_on_another_day_asks_first_and_stores_the_real_start(app, demo_store, clock, command):
    from kursrom.store.rounds import list_rounds, sessions_of

    second = sessions_of(demo_store, list_rounds(demo_store)[0].id)[1]
    async with app.run_test(size=SIZE) as pilot:
        app.open_session(second.id)
        await pilot.pause()
        await command(pilot, "space")
        assert type(app.screen).__name__ == "ConfirmModal"
        await pilot.press("escape")
        assert live.load(demo_store, second.id).session.status == "planned", "no means not started"
        await command(pilot, "space")
        await pilot.press("enter")
        session = live.load(demo_store, second.id).session
        assert session.status == "running" and session.started_at == clock.now(), "the real date and time"
        assert session.planned_start == second.planned_start, "the plan stays as it was"


@pytest.mark.parametrize(("later", "index"), [(timedelta(0), 0), (timedelta(days=2), 1), (timedelta(days=7), 1)],
                         ids=["today", "between two sessions", "a week on"])
async def test_the_round_screen_opens_on_todays_or_the_next_session(catalog, demo_store, clock, later, index):
    from kursrom.app import make_app
    from kursrom.screens.round import RoundScreen
    from kursrom.store.rounds import list_rounds, sessions_of

    round_id = list_rounds(demo_store)[0].id
    sessions = sessions_of(demo_store, round_id)
    clock.advance(later.total_seconds())
    app = make_app(catalog, demo_store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(RoundScreen(round_id))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.selected_session() == sessions[index].id


async def test_the_top_line_before_and_after_a_late_start(app, demo_store, session_id, clock, command, told):
    async with app.run_test(size=SIZE) as pilot:
        app.open_session(session_id)
        await pilot.pause()
        top = app.screen.query_one("TopLine")
        assert _("starts {time}, in {minutes} min").format(time="10:00", minutes=2) in top.detail
        clock.advance(hours=7, minutes=11)  # the demo's evening: 17:09
        app.screen.tick()
        assert _("planned {time}, {minutes} min late").format(time="10:00", minutes=429) in top.detail
        assert top.mode == "commands"
        await command(pilot, "space")
        await pilot.press("escape")
        said = _("The session started far from its planned time: the times now count from its real start, {time}.")
        late = [m for m in told if m == said.format(time="17:09")]
        assert len(late) == 1, "said once"
        clock.advance(minutes=5)
        app.screen.tick()
        assert "429" not in top.detail and "+" not in top.detail.split("·")[-1], top.detail
        app.screen.reload()
        assert len([m for m in told if m in late]) == 1


async def test_the_facilitators_pane_shows_the_co_facilitators_text_as_it_is_written(app, demo_store, session_id,
                                                                                   clock):
    from kursrom.widgets.notes.pane import OTHER_POLL_SECONDS, OTHER_TYPING_SECONDS

    live.start_session(demo_store, session_id)
    item = live.load(demo_store, session_id).items[0]
    other = live.note_writer("notes")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.notes
        shown = pane.query_one("#notes-other")
        assert not shown.display, "nothing from the other terminal yet"

        async def poll(until) -> str:
            """The pane's own tick looks, and reads in a thread: wait up to ten seconds for it."""
            clock.advance(OTHER_POLL_SECONDS)
            text = ""
            for _attempt in range(200):
                await pilot.pause(0.05)
                text = str(shown.render())
                if shown.display and until(text):
                    break
            return text

        live.save_note(demo_store, session_id, item.id, other, "Olena vil jobbe")
        text = await poll(lambda text: "Olena vil jobbe" in text)
        assert shown.display and "Olena vil jobbe" in text
        assert _("Co-facilitator") in text and _("writing now") not in text, "first seen: not known to be typing"
        live.save_note(demo_store, session_id, item.id, other, "Olena vil jobbe på lager")
        text = await poll(lambda text: "på lager" in text)
        assert "Olena vil jobbe på lager" in text and _("writing now") in text
        clock.advance(OTHER_TYPING_SECONDS)
        assert _("writing now") not in await poll(lambda text: _("writing now") not in text), (
            "the mark goes when the other stops")
        assert pane.area.text == "", "read only: the facilitator's own note is untouched"
        assert live.note_of(demo_store, session_id, item.id, live.note_writer("live")) is None


@pytest.mark.writes_unwaited
async def test_a_key_pressed_while_a_move_is_saved_keeps_the_highlight_where_it_went(app, demo_store, session_id,
                                                                                    command):
    """A move waits for a database another program holds; the facilitator goes on down the list.
    When the move lands, the highlight stays where they went, so the next `s` skips what they see."""
    import sqlite3

    from kursrom.widgets.writing import settle_writes

    live.start_session(demo_store, session_id)
    items = live.load(demo_store, session_id).items
    async with app.run_test(size=SIZE) as pilot:
        app.open_session(session_id)
        await pilot.pause()
        agenda = app.screen.agenda
        agenda.focus()
        agenda.highlight_item(items[2].id)
        await pilot.pause()
        holder = sqlite3.connect(demo_store.path)
        holder.execute("BEGIN IMMEDIATE")  # another program's write: the move waits for it
        try:
            await command(pilot, "shift+down")
            await pilot.press("down", "down")  # on to the item after the one the moved item passes
        finally:
            holder.rollback()
            holder.close()
        await settle_writes(app)
        await pilot.pause()
        moved = [item.id for item in live.load(demo_store, session_id).items]
        assert moved.index(items[2].id) == 3, "the move was stored"
        assert agenda.highlighted_item_id == items[4].id, "the highlight stays where the facilitator went"
