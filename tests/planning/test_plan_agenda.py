"""Planning a round from a template with the facilitator's own scale, minutes and order, by keyboard
at 80x24: what the round stores, and what the planner shows as kursrom's suggestion."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable, Select, Static, TabbedContent

from kursrom.app import make_app
from kursrom.core.catalog.planning import RoundPlan, snapshot_basis
from kursrom.i18n import _
from kursrom.store.rounds import agenda_of, create_round, list_rounds, sessions_of
from kursrom.widgets.agenda_plan import AgendaPlan

SIZE = (80, 24)


def table_rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


async def test_plan_pro_with_the_scale_0_to_10_longer_welcome_and_a_moved_item(catalog, clock, store):
    app = make_app(catalog, store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert form.query_one("#f-template", Select).value == "pro"
        # The descriptions give no scale: the label marks it as kursrom's suggestion.
        assert "◇" in str(form.query_one("#f-scale-label").content)
        # Template, title, start date, time, place, facilitators: six tabs to the scale.
        await pilot.press(*["tab"] * 6)
        assert form.focused is form.query_one("#f-scale", Select)
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert form.query_one("#f-scale", Select).value == "0-10"
        # On to the tabs, the Agenda tab, and into its table.
        await pilot.press("tab", "right", "tab")
        await pilot.pause()
        assert form.query_one(TabbedContent).active == "tab-agenda"
        table = form.query_one("#plan-table", DataTable)
        assert form.focused is table and form.query_one(AgendaPlan).plan is form.plan
        rows = table_rows(table)
        assert rows[0][1].startswith("1. Uke 1") and rows[0][2] == "110/120"
        assert rows[1][1].strip() == "Velkommen og bli kjent" and rows[1][2] == "15 ◇"
        assert rows[3][0] == "◇" and rows[3][1].strip() == "Dyreøvelsen"  # its week is a suggestion
        assert rows[4][0] == "◇" and rows[4][1].strip() == "Pause"  # no description names the breaks
        # The welcome gets 5 more minutes; the animal exercise moves before the group rules.
        await pilot.press("down", "plus")
        await pilot.press("down", "down", "shift+up")
        await pilot.pause()
        rows = table_rows(table)
        assert rows[0][2] == "115/120"
        assert rows[1][2] == "15→20"
        assert [row[1].strip() for row in rows[1:4]] == ["Velkommen og bli kjent", "Dyreøvelsen", "Grupperegler"]
        detail = str(form.query_one("#plan-detail", Static).content)
        assert _("From the course description: {names}.").split("{")[0] in detail
        assert "PRO – jobb- og karrierekurs for unge (NAV Asker)" in detail
        # Five more minutes would leave the week no slack, so the planner warns on its row ...
        await pilot.press("up", "plus")
        await pilot.press("up")
        await pilot.pause()
        assert table_rows(table)[0][2] == "120/120"
        header = str(form.query_one("#plan-detail", Static).content)
        assert _("{planned} of {minutes} min planned, {free} min free.").format(
            planned=120, minutes=120, free=0) in header
        assert "6 min" in header  # the slack the week should keep
        # ... and nothing goes past the session's two hours.
        await pilot.press("down", "plus")
        await pilot.pause()
        assert str(form.query_one("#plan-detail", Static).content) == _(
            "The session has {minutes} min; the agenda cannot take more.").format(minutes=120)
        await pilot.press("minus")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "RoundScreen"

    created = list_rounds(store)[0]
    first, *rest = sessions_of(store, created.id)
    items = agenda_of(store, first.id)
    assert [(i.exercise_id, i.planned_minutes, i.template_position) for i in items[:3]] == [
        ("velkommen", 20, 0), ("dyreovelsen", 15, 2), ("grupperegler", 10, 1)]
    assert items[0].exercise["changed"] == ["duration", "order"]
    evaluations = [i for s in (first, *rest) for i in agenda_of(store, s.id) if i.kind == "evaluation"]
    assert len(evaluations) == 5
    assert {(i.exercise["data"]["scale_min"], i.exercise["data"]["scale_max"]) for i in evaluations} == {(0, 10)}
    # The round keeps its own copy: what the planner changed is no longer shown as a suggestion.
    shown = snapshot_basis(evaluations[-1].exercise)
    assert _("the scale") in shown.changed and _("the scale") not in shown.suggested
    # Later sessions were not touched.
    assert [i.planned_minutes for i in agenda_of(store, rest[0].id)] == [
        e.duration for e in catalog.template("pro").sessions[1].agenda]


async def test_the_next_intake_has_no_agenda_tab(catalog, clock, store):
    pro = create_round(store, catalog, catalog.template("pro"), start=date(2026, 11, 23))
    app = make_app(catalog, store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        form = app.screen
        assert type(form).__name__ == "RoundFormScreen" and form.copy_of == pro.id
        assert form.plan is None
        assert not form.query_one("#f-scale").display
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert len(list_rounds(store)) == 2


def test_a_plan_never_goes_past_the_session_or_under_an_exercises_rounds(catalog):
    plan = RoundPlan(catalog.template("pro"), catalog)
    week4 = plan.sessions[3]
    interview = next(i for i, item in enumerate(week4.items) if item.exercise.id == "intervjutrening")
    assert plan.change_minutes(3, interview, -20) is None
    assert week4.items[interview].minutes == 36  # three rounds of 12 minutes
    assert plan.change_minutes(3, interview, -5) is not None
    assert plan.change_minutes(3, interview, 60) is None
    assert week4.planned == week4.plan.minutes
    plan.reset(3)
    assert [item.minutes for item in week4.items] == [entry.duration for entry in week4.plan.agenda]
    assert not plan.changed


def test_the_live_instructions_say_what_the_item_rests_on_and_old_copies_show_instructions_only(catalog, store):
    from kursrom.widgets.current_item import instructions_text

    pro = create_round(store, catalog, catalog.template("pro"), start=date(2026, 11, 23))
    items = agenda_of(store, sessions_of(store, pro.id)[0].id)
    welcome, *_rest, pause = [i for i in items if i.exercise_id in ("velkommen", "pause")]
    shown = instructions_text(welcome).plain
    assert shown.startswith(welcome.instructions)
    assert _("From the course description: {names}.").format(
        names="PRO – jobb- og karrierekurs for unge (NAV Asker)") in shown
    assert _("◇ Suggestion from kursrom, not from the course description.") in instructions_text(pause).plain
    old = welcome.model_copy()
    old.exercise = {key: value for key, value in welcome.exercise.items()
                    if key not in ("basis", "agenda_basis", "source_labels", "changed", "agenda_overrides")}
    assert instructions_text(old).plain == welcome.instructions
