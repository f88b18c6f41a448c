"""Each panel at 80x24 on the demo round, with a little recorded in it, as the facilitator sees it.

Update with `pytest tests/panels/test_snapshots.py --snapshot-update` and look at the SVGs."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from kursrom.store import results
from kursrom.widgets.panels import ExercisePanel
from kursrom.widgets.panels.common import PeopleList


def shown(setup, *keys: str, then=None):
    """A run_before that shows the panel, presses `keys`, and stills the cursors."""

    async def before(pilot) -> None:
        await setup.show(pilot)
        if keys:
            await pilot.press(*keys)
        panel = pilot.app.screen.query_one(ExercisePanel)
        if then is not None:
            then(panel)
        panel.refresh_clock()  # timers redraw twice a second; the snapshot should not depend on when
        for field in pilot.app.screen.query("Input, TextArea").results():
            if isinstance(field, (Input, TextArea)):
                field.cursor_blink = False
        await pilot.pause()

    return before


def test_highlights_panel(snap_compare, host, demo_store):
    setup = host("reflection")
    item, first = setup.item, setup.present[0]
    results.save_result(demo_store, item.id, "reflection", {"highlights": [{"text": "God stemning fra start"}]})
    results.save_result(demo_store, item.id, "reflection",
                        {"highlights": [{"text": "Liker å lage mat"}, {"text": "Vil bli kokk"}]}, first.id)

    def on_first(panel) -> None:
        panel.query_one(PeopleList).focus()
        panel.query_one(PeopleList).select_person(first.id)

    assert snap_compare(setup.app, terminal_size=(80, 24), run_before=shown(setup, then=on_first))


def test_projector_view_with_translations(snap_compare, host, demo_store):
    from kursrom.store import live
    from kursrom.store.rounds import update_participant

    setup = host("reflection")
    update_participant(demo_store, setup.present[0].id, interpreter_language="uk")
    live.start_session(demo_store, setup.session.id)
    live.go_to(demo_store, setup.session.id, setup.item.id)
    assert snap_compare(setup.app, terminal_size=(80, 24),
                        run_before=shown(setup, then=lambda panel: panel.action_projector()))


def test_prompt_panel_for_a_break(snap_compare, host):
    setup = host("break")
    assert snap_compare(setup.app, terminal_size=(80, 24), run_before=shown(setup))


def test_animal_panel_editor(snap_compare, host, demo_store):
    setup = host("animal", absent=(7,))
    results.save_result(demo_store, setup.item.id, "animal",
                        {"animal": "Bie", "traits": ["flittig", "strukturert"], "own_animal": False},
                        setup.present[0].id)
    assert snap_compare(setup.app, terminal_size=(80, 24), run_before=shown(setup))


def test_animal_panel_group_view(snap_compare, host, demo_store):
    setup = host("animal", absent=(6, 7))
    chosen = [("Bie", ["flittig", "strukturert"]), ("Ugle", ["klok", "rolig"]), ("Sel", ["leken", "modig"]),
              ("Hund", ["lojal", "vennlig", "pålitelig"])]
    for person, (animal, traits) in zip(setup.present, chosen):
        results.save_result(demo_store, setup.item.id, "animal",
                            {"animal": animal, "traits": traits, "own_animal": animal == "Sel"}, person.id)
    assert snap_compare(setup.app, terminal_size=(80, 24), run_before=shown(setup, "o"))


def test_sot_panel_in_week_3(snap_compare, host, demo_store, clock, sessions):
    setup = host("sot", session_number=3, absent=(7,))
    person = setup.present[0]
    results.save_board(demo_store, person.id, sessions[0].id, situation="Ferdig med vgs, ingen jobb nå.",
                       wish="Fast jobb i butikk innen sommeren.",
                       actions=[{"text": "Oppdatere CV", "date": "2026-12-04"}, {"text": "Snakke med veilederen"}])
    assert snap_compare(setup.app, terminal_size=(80, 24), run_before=shown(setup))


def test_sot_panel_groups_phase(snap_compare, host, demo_store, clock):
    setup = host("sot", absent=(7,))

    def groups(panel) -> None:
        panel.action_next_phase()
        clock.advance(200)

    assert snap_compare(setup.app, terminal_size=(80, 24), run_before=shown(setup, then=groups))


def test_role_play_panel(snap_compare, host, clock):
    setup = host("role_play", session_number=4, absent=(2,))

    def running(panel) -> None:
        panel.action_timer()
        clock.advance(7 * 60 + 30)

    assert snap_compare(setup.app, terminal_size=(80, 24), run_before=shown(setup, then=running))


def test_timeline_panel(snap_compare, host, demo_store):
    setup = host("timeline", session_number=2)
    results.save_result(demo_store, setup.item.id, "timeline", {"entries": [
        {"period": "2008–2018", "formal": True, "learned": "Grunnskole og vgs"},
        {"period": "2016", "formal": False, "learned": "Passet småsøsken"},
        {"period": "2019", "formal": False, "learned": "Trener for G12 i fotball"},
        {"period": "2021", "formal": True, "learned": "Truckførerbevis"},
        {"period": "2022–2024", "formal": True, "learned": "Lager, deltid"},
    ]}, setup.present[0].id)
    assert snap_compare(setup.app, terminal_size=(80, 24), run_before=shown(setup))


def test_card_sort_panel(snap_compare, host):
    setup = host("card_sort", exercise_id="norsk-arbeidskultur")
    assert snap_compare(setup.app, terminal_size=(80, 24), run_before=shown(setup, "1", "1", "3", "u", "2"))


def test_presentation_panel(snap_compare, host, clock):
    setup = host("presentation", exercise_id="muntlig-presentasjon", absent=(3,))

    def second_speaker(panel) -> None:
        panel.action_next_speaker()
        clock.advance(172)
        panel.action_next_speaker()
        clock.advance(95)

    assert snap_compare(setup.app, terminal_size=(80, 24), run_before=shown(setup, then=second_speaker))


def test_evaluation_panel(snap_compare, host, demo_store):
    setup = host("evaluation")

    def scores(panel) -> None:
        panel.apply(0, [("add", 5, 4), ("add", 4, 3), ("add", 3, 1)])
        panel.apply(1, [("add", 4, 5), ("add", 2, 1)])
        results.add_comment(demo_store, setup.session.id, "Mer tid til SØT")
        panel.comment_count = 1
        panel.action_element(2)

    assert snap_compare(setup.app, terminal_size=(80, 24), run_before=shown(setup, then=scores))


def test_group_rules_panel(snap_compare, host, demo_store):
    setup = host("group_rules")
    suggestions = setup.item.exercise["data"]["suggestions"]
    results.save_group_rules(demo_store, setup.session.round_id, setup.item.id,
                             [suggestions[0], "Vi hjelper hverandre", suggestions[4]])
    assert snap_compare(setup.app, terminal_size=(80, 24), run_before=shown(setup))

