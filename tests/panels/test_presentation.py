"""Oral presentations: a speaking order of those present, a timer each, the time each one took."""

from __future__ import annotations

from textual.widgets import DataTable, Digits

from kursrom.store.results import load_result


async def test_speakers_follow_the_order_with_a_timer_each(host, demo_store, clock):
    setup = host("presentation", exercise_id="muntlig-presentasjon", absent=(3,))
    present = [p.id for p in setup.present]
    async with setup.app.run_test(size=(80, 24)) as pilot:
        panel = await setup.show(pilot)
        stored = load_result(demo_store, setup.item.id)
        assert stored is None or stored["order"] == present
        assert panel.order == present, "those present, nobody else"
        await pilot.press("shift+down")  # the first speaker swaps with the second
        assert panel.order[:2] == [present[1], present[0]]
        await pilot.press("f")
        clock.advance(150)
        await pilot.pause(0.6)  # let the display refresh
        assert str(panel.query_one(Digits).value) == "0:30"
        await pilot.press("f")
        clock.advance(200)  # over time
        await pilot.pause(0.6)
        assert panel.query_one(Digits).value == "+0:20"
        assert panel.query_one(Digits).has_class("-over")
        await pilot.press("c")  # a pause does not count
        clock.advance(60)
        await pilot.press("c")
        clock.advance(10)
        await pilot.press("f")
        assert not panel.check_action("shuffle", ()), "the order is fixed once started"
    stored = load_result(demo_store, setup.item.id)
    assert stored["order"][:2] == [present[1], present[0]]
    assert stored["times"] == {str(present[1]): 150, str(present[0]): 210}
    assert stored["current"] == present[2]


async def test_latecomers_join_the_end_of_the_order(host, demo_store, attendance):
    setup = host("presentation", exercise_id="muntlig-presentasjon", absent=(3,))
    async with setup.app.run_test(size=(80, 24)) as pilot:
        panel = await setup.show(pilot)
        from kursrom.store.rounds import enrolled

        everyone = enrolled(demo_store, setup.session.round_id)
        late = everyone[3]
        panel.present_changed([*setup.present, late])
        await pilot.pause()
        assert panel.order[-1] == late.id
        assert panel.query_one(DataTable).row_count == len(setup.present) + 1
    assert load_result(demo_store, setup.item.id)["order"][-1] == late.id
