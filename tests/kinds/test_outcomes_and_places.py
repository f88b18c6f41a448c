"""Outcomes per course (each shipped course's follow-up screen shows its own statuses and success
figure), a database from schema 6 that keeps its follow-up history's meaning, and a full round that
puts the next person on the waiting list."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Static

from kursrom.app import make_app
from kursrom.core.outcomes import DEFAULT_OUTCOMES
from kursrom.core.vocabulary import FollowUpStatus
from kursrom.screens.followup import follow_up_screen
from kursrom.screens.roster import RosterScreen
from kursrom.store import fileguard
from kursrom.store.db import open_store
from kursrom.store.followup import follow_up_history, follow_up_share, outcomes_of, record_follow_up
from kursrom.store.places import places_of, set_places
from kursrom.store.rounds import add_participant, create_round, enrolled, roster

SIZE = (80, 24)
START = date(2026, 11, 23)

#: What each shipped course counts (the template's [outcomes]), and its first status.
EXPECTED = {
    "pro": ("work", {"work", "education", "school_and_work"}),
    "i-jobb": ("work", {"work", "education"}),
    "valg-av-strategi": ("work_trial", {"wage_subsidy", "permanent_job", "work", "education"}),
    "karriereveiledning": ("own_job", {"own_job", "new_direction"}),
    "jobbsentralen": ("school", {"school", "work", "school_and_work"}),
}


@pytest.mark.parametrize("template_id", sorted(EXPECTED))
async def test_each_courses_follow_up_screen_shows_its_statuses_and_success_figure(catalog, clock, store,
                                                                                   template_id):
    template = catalog.template(template_id)
    course_round = create_round(store, catalog, template, start=START, title=f"Runde {template_id}")
    add_participant(store, "Åse Lund", round_id=course_round.id)
    outcomes = outcomes_of(store, course_round.id)
    first, success = EXPECTED[template_id]
    assert outcomes.statuses[0] == first and outcomes.success == success
    app = make_app(catalog, store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(follow_up_screen(course_round.id, outcomes))
        await pilot.pause()
        keys = {key: binding.description for key, (_node, binding, _enabled, _tooltip)
                in app.screen.active_bindings.items() if key.isdigit()}
        assert keys == {str(n): FollowUpStatus.label_of(s).capitalize()
                        for n, s in enumerate(outcomes.statuses, start=1)}
        counting = next(n for n, s in enumerate(outcomes.statuses, start=1) if s in success)
        await pilot.press(str(counting))
        await pilot.pause()
        share = str(app.screen.query_one("#followup-share", Static).content)
        assert share.startswith("1 av 1") and "100" in share
        assert all(FollowUpStatus.label_of(s) in share for s in success), "the figure names what counts"
    assert follow_up_share(store, course_round.id).successes == 1


def test_a_migrated_database_keeps_its_follow_up_history(db_path, clock, catalog, downgrade):
    store = open_store(db_path, clock)
    # A career-guidance round from before courses had their own statuses: recorded with the old five.
    course_round = create_round(store, catalog, catalog.template("karriereveiledning"), start=START)
    eva = add_participant(store, "Eva", round_id=course_round.id)
    with store.session() as db:  # as kursrom 5 wrote them
        from kursrom.store.models import FollowUp

        for status, day in (("measure", date(2027, 1, 10)), ("work", date(2027, 3, 1))):
            db.add(FollowUp(participant_id=eva.id, round_id=course_round.id, status=status, on=day,
                            recorded_at=store.now()))
    store.close()
    downgrade(db_path, 6)  # the file as schema 6 had it: no outcomes, places, waiting list or visits

    migrated = open_store(db_path, clock)
    try:
        assert migrated.migrated_from == 6 and fileguard.inspect_file(db_path) == fileguard.SCHEMA_VERSION
        assert outcomes_of(migrated, course_round.id) == DEFAULT_OUTCOMES, "the statuses it was recorded with"
        assert [row.status for row in follow_up_history(migrated, course_round.id, eva.id)] == ["work", "measure"]
        share = follow_up_share(migrated, course_round.id)
        assert share.successes == 1 and share.count("work") == 1, "in work still counts, as it did"
        assert [p.id for p in enrolled(migrated, course_round.id)] == [eva.id], "everyone enrolled before has a place"
        assert places_of(migrated, course_round.id).places is None
        record_follow_up(migrated, course_round.id, eva.id, "seeking", date(2027, 4, 1))
    finally:
        migrated.close()


async def test_a_full_rounds_roster_puts_the_next_person_on_the_waiting_list(catalog, clock, store):
    course_round = create_round(store, catalog, catalog.template("i-jobb"), start=date(2027, 5, 3))
    assert places_of(store, course_round.id).places == 35, "I jobb has 35 places"
    set_places(store, course_round.id, 2)
    for name in ("Olena", "Taras"):
        add_participant(store, name, round_id=course_round.id)
    app = make_app(catalog, store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(RosterScreen(course_round.id))
        await pilot.pause()
        assert "2 av 2" in str(app.screen.query_one("#roster-info", Static).content)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Iryna", "ctrl+s")
        await pilot.pause()
        await pilot.pause()
        info = str(app.screen.query_one("#roster-info", Static).content)
        assert "1" in info and "venteliste" in info
        iryna = next(e for e in roster(store, course_round.id) if e.participant.name == "Iryna")
        assert iryna.waiting and iryna.participant.id not in [p.id for p in enrolled(store, course_round.id)]
        assert app.screen.check_action("give_place", ()) is not True

        # Taras leaves; Iryna is given his place.
        from kursrom.store.rounds import unenrol

        taras = next(e.participant for e in roster(store, course_round.id) if e.participant.name == "Taras")
        unenrol(store, course_round.id, taras.id, "fikk jobb")
        app.screen.refresh_roster()
        await pilot.pause()
        table = app.screen.query_one("#roster")
        table.move_cursor(row=table.get_row_index(str(iryna.participant.id)))
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        await pilot.pause()
    assert [p.name for p in enrolled(store, course_round.id)] == ["Iryna", "Olena"]


async def test_the_facilitator_sets_a_rounds_places_on_the_round_screen(catalog, clock, store):
    from kursrom.screens.modals import RoundDetailsModal
    from kursrom.screens.round import RoundScreen

    course_round = create_round(store, catalog, catalog.template("pro"), start=date(2027, 5, 3))
    assert places_of(store, course_round.id).places is None, "PRO names no number of places"
    app = make_app(catalog, store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(RoundScreen(course_round.id))
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, RoundDetailsModal)
        app.screen.query_one("#d-places").focus()
        await pilot.press("0", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RoundDetailsModal), "no round has 0 places: the dialog stays"
        assert "et helt tall fra 1 til 500" in str(app.screen.query_one(".dialog-error").content)
        await pilot.press("backspace", "1", "2", "ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, RoundScreen)
    assert places_of(store, course_round.id).places == 12
