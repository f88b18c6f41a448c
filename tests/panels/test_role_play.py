"""The role-play panel: groups of three from those present only, every member takes every role
across the rounds, a timer per round, and the observer's feedback stored for the job seeker."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from kursrom.core.groups import Countdown, assign_roles
from kursrom.store.results import load_result, results_for_item
from kursrom.widgets.writing import writer_of


async def test_groups_use_only_those_present_and_every_member_takes_every_role(host, demo_store, clock):
    setup = host("role_play", session_number=4, absent=(2,))  # seven of eight present
    roles = setup.item.exercise["data"]["roles"]
    async with setup.app.run_test(size=(80, 24)) as pilot:
        panel = await setup.show(pilot)
        state = load_result(demo_store, setup.item.id)
        groups = state["groups"]
        present = {p.id for p in setup.present}
        assert len(present) == 7
        assert sorted(pid for g in groups for pid in g) == sorted(present), "only, and all, of those present"
        assert sorted(len(g) for g in groups) == [3, 4], "a four-some when seven do not divide by three"
        assert state["rounds"] == 4, "the four-some needs a fourth round"

        await pilot.press("c")
        clock.advance(5 * 60)
        played: dict[int, set[str]] = {pid: set() for pid in present}
        for round_number in range(state["rounds"]):
            if round_number:
                await pilot.press("f")
            stored = load_result(demo_store, setup.item.id)
            assert stored["round"] == round_number
            for group in stored["groups"]:
                for member, role in assign_roles(group, roles, stored["round"]):
                    played[member].add(role)
            shown = panel.query_one(DataTable).get_row_at(0)
            seeker = next(m for m, r in assign_roles(stored["groups"][0], roles, round_number) if r == roles[0])
            assert str(shown[1]) == panel.name_of(seeker)
        assert all(played[pid] == set(roles) for pid in present), played
        timer = Countdown.from_data(load_result(demo_store, setup.item.id)["timer"], 0)
        assert timer.running and timer.remaining(clock) == 12 * 60, "each round starts its own timer"
        assert not panel.check_action("next_round", ()), "no round after the last"


async def test_latecomers_join_the_groups_until_the_first_round_starts(host, demo_store, clock):
    setup = host("role_play", session_number=4, absent=(0, 1))
    async with setup.app.run_test(size=(80, 24)) as pilot:
        panel = await setup.show(pilot)
        from kursrom.store.rounds import enrolled

        late = enrolled(demo_store, setup.session.round_id)[0]
        panel.present_changed([*setup.present, late])
        await writer_of(setup.app).settled()
        assert late.id in {pid for g in load_result(demo_store, setup.item.id)["groups"] for pid in g}
        await pilot.press("c")
        panel.present_changed(setup.present)  # someone leaves once the round has started
        await writer_of(setup.app).settled()
        assert late.id in {pid for g in load_result(demo_store, setup.item.id)["groups"] for pid in g}, \
            "groups stay as they are once the role play runs"


async def test_the_observers_feedback_is_stored_for_the_job_seeker(host, demo_store):
    setup = host("role_play", session_number=4, absent=(6, 7))
    roles = setup.item.exercise["data"]["roles"]
    async with setup.app.run_test(size=(80, 24)) as pilot:
        panel = await setup.show(pilot)
        group = panel.groups[0]
        seeker, interviewer, observer = (m for m, _ in assign_roles(group, roles, 0))
        await pilot.press("enter")  # on the group's row: write its feedback
        box = panel.query_one("#rp-feedback", Input)
        assert panel.screen.focused is box
        assert panel.name_of(observer) in box.hint and panel.name_of(seeker) in box.hint
        box.value = "Gode eksempler, se mer opp"
        await pilot.press("enter")
        await pilot.pause()
    stored = results_for_item(demo_store, setup.item.id)
    feedback = stored[seeker]["feedback"]
    assert feedback == [{"round": 1, "interviewer": interviewer, "observers": [observer],
                         "text": "Gode eksempler, se mer opp"}]
    assert observer not in stored and interviewer not in stored, "feedback belongs to the job seeker"


async def test_in_a_pair_the_interviewer_gives_the_feedback(host, demo_store):
    setup = host("role_play", session_number=4)  # eight present: a pair and two groups of three
    roles = setup.item.exercise["data"]["roles"]
    async with setup.app.run_test(size=(80, 24)) as pilot:
        panel = await setup.show(pilot)
        assert [len(g) for g in panel.groups] == [2, 3, 3]
        seeker, interviewer = (m for m, _ in assign_roles(panel.groups[0], roles, 0))
        assert [role for _, role in assign_roles(panel.groups[0], roles, 0)] == roles[:2], "no observer in a pair"
        await pilot.press("enter")
        box = panel.query_one("#rp-feedback", Input)
        assert box.hint.startswith(f"Tilbakemelding fra {panel.name_of(interviewer)} til")
        box.value = "Tydelig og rolig"
        await pilot.press("enter")
    entry = results_for_item(demo_store, setup.item.id)[seeker]["feedback"][0]
    assert entry["interviewer"] == interviewer and entry["observers"] == []
