"""What the panels store, without a terminal: exercise results, SØT boards with their history,
anonymous evaluation counts and their averages across sessions and rounds, and group rules."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import inspect
from sqlmodel import select

from kursrom.store import results
from kursrom.store.models import EvaluationComment, EvaluationScore, ExerciseResult
from kursrom.store.rounds import agenda_of, create_round, sessions_of


def test_a_result_is_saved_once_per_item_and_participant(demo_store, sessions, people):
    item = agenda_of(demo_store, sessions[0].id)[0]
    results.save_result(demo_store, item.id, "reflection", {"highlights": [{"text": "a"}]}, people[0].id)
    results.save_result(demo_store, item.id, "reflection", {"highlights": [{"text": "b"}]}, people[0].id)
    results.save_result(demo_store, item.id, "reflection", {"highlights": [{"text": "group"}]})
    assert results.load_result(demo_store, item.id, people[0].id) == {"highlights": [{"text": "b"}]}
    assert results.load_result(demo_store, item.id) == {"highlights": [{"text": "group"}]}
    assert results.load_result(demo_store, item.id, people[1].id) is None
    with demo_store.read() as db:
        assert len(db.exec(select(ExerciseResult)).all()) == 2
    by_item = results.results_for_session(demo_store, sessions[0].id)
    assert [(i.id, r.participant_id) for i, r in by_item] == [(item.id, people[0].id), (item.id, None)]


def test_a_sot_board_belongs_to_the_participant_and_keeps_its_history(demo_store, clock, sessions, people):
    person = people[0].id
    week1, week3 = sessions[0], sessions[2]
    first = results.save_board(demo_store, person, week1.id, situation="Ingen jobb", wish="Butikk",
                               actions=[{"text": "Skrive CV", "date": date(2026, 12, 4)}], round_id=week1.round_id)
    assert first is not None
    assert results.save_board(demo_store, person, week1.id, situation="Ingen jobb ", wish="Butikk",
                              actions=[{"text": "Skrive CV", "date": "2026-12-04"}]) is None, "unchanged: no revision"
    clock.advance(days=14)
    results.save_board(demo_store, person, week3.id, situation="Ingen jobb", wish="Butikk, helst fast",
                       actions=[{"text": "Skrive CV", "date": "2026-12-04"}, {"text": "Søke på tre jobber"}])
    current = results.current_board(demo_store, person)
    assert current.session_id == week3.id and current.wish == "Butikk, helst fast"
    assert current.actions[1] == {"text": "Søke på tre jobber", "date": None}
    history = results.board_history(demo_store, person)
    assert [r.session_id for r in history] == [week1.id, week3.id]
    assert history[0].wish == "Butikk", "the week-1 board is kept as it was"
    versions = results.board_versions(demo_store, person)
    assert [s.number for s, _ in versions] == [1, 3]
    assert results.current_boards(demo_store, [person, people[1].id]) == {person: current}
    assert results.save_board(demo_store, people[1].id, week1.id, situation=" ", wish="", actions=[]) is None


def test_evaluation_tables_have_no_participant_column(store):
    for model in (EvaluationScore, EvaluationComment):
        columns = {c["name"] for c in inspect(store.engine).get_columns(model.__tablename__)}
        assert not any("participant" in name or "person" in name for name in columns), columns


def test_scores_are_counts_per_element(demo_store, sessions):
    session = sessions[0]
    item = agenda_of(demo_store, session.id)[0]
    results.add_scores(demo_store, session.id, item.id, item.title, (1, 5), [4, 5, 5, 3])
    results.add_scores(demo_store, session.id, item.id, item.title, (1, 5), [5], times=2)
    results.set_score_count(demo_store, session.id, item.id, item.title, (1, 5), 3, 0)
    assert results.score_counts(demo_store, session.id) == {item.title: {4: 1, 5: 4}}
    with pytest.raises(ValueError):
        results.add_scores(demo_store, session.id, item.id, item.title, (1, 5), [6])
    assert results.add_comment(demo_store, session.id, "  ") is None
    results.add_comment(demo_store, session.id, "Mer tid til SØT")
    assert [c.text for c in results.comments_for(demo_store, session.id)] == ["Mer tid til SØT"]


def test_averages_per_element_across_sessions_and_against_earlier_rounds(demo_store, catalog, clock, sessions):
    this = sessions[0].round_id
    rate = results.add_scores
    # This round: the check-in is rated in sessions 2 and 3.
    rate(demo_store, sessions[1].id, None, "Innsjekk", (1, 5), [4, 4])
    rate(demo_store, sessions[2].id, None, "Innsjekk", (1, 5), [5, 3, 5, 5])
    rate(demo_store, sessions[0].id, None, "Dyreøvelsen", (1, 5), [5])
    # An earlier round of the same template, rated on 0-10, and a round of another template.
    template = catalog.template("pro")
    earlier = create_round(demo_store, catalog, template, start=sessions[0].planned_start.date() - timedelta(days=70))
    old = sessions_of(demo_store, earlier.id)
    rate(demo_store, old[1].id, None, "Innsjekk", (0, 10), [5, 5])  # 5 of 0-10 is 3 of 1-5
    other = create_round(demo_store, catalog, catalog.template("i-jobb"), start=sessions[0].planned_start.date())
    rate(demo_store, sessions_of(demo_store, other.id)[0].id, None, "Innsjekk", (1, 5), [1])
    later = create_round(demo_store, catalog, template, start=sessions[0].planned_start.date() + timedelta(days=70))
    rate(demo_store, sessions_of(demo_store, later.id)[0].id, None, "Innsjekk", (1, 5), [1])

    found = {e.element: e for e in results.evaluation_by_element(demo_store, this)}
    check_in = found["Innsjekk"]
    assert check_in.count == 6 and check_in.average == pytest.approx(26 / 6)
    assert [(s.number, s.count, s.average) for s in check_in.sessions] == [(2, 2, 4.0), (3, 4, 4.5)]
    assert check_in.earlier_rounds == 1 and check_in.earlier_count == 2
    assert check_in.earlier_average == pytest.approx(3.0)
    assert check_in.change == pytest.approx(26 / 6 - 3)
    assert found["Dyreøvelsen"].earlier_average is None
    assert list(found) == ["Dyreøvelsen", "Innsjekk"], "in the order first rated"
    assert results.evaluation_by_element(demo_store, 10_000) == []


def test_group_rules_are_stored_once_per_round(demo_store, sessions):
    round_id = sessions[0].round_id
    first_item = next(i for i in agenda_of(demo_store, sessions[0].id) if i.kind == "group_rules")
    assert results.group_rules_for_round(demo_store, round_id) == []
    results.save_group_rules(demo_store, round_id, first_item.id, ["Vi lytter", "  ", "Mobilen  på lydløs"])
    later_item = agenda_of(demo_store, sessions[2].id)[0]
    results.save_group_rules(demo_store, round_id, later_item.id, ["Vi lytter", "Mobilen på lydløs", "Vi er presise"])
    assert results.group_rules_for_round(demo_store, round_id) == ["Vi lytter", "Mobilen på lydløs", "Vi er presise"]
    found = results.group_rules_of(demo_store, round_id)
    assert found.item_id == first_item.id and found.session_number == 1, "still the record from session 1"
    with demo_store.read() as db:
        assert len(db.exec(select(ExerciseResult).where(ExerciseResult.kind == "group_rules")).all()) == 1
