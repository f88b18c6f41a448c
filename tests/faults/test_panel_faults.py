"""A locked database and a full disk while the facilitator saves in an exercise panel, with the real
SQLite errors: the app keeps running, what was entered stays on screen, a warning with the store's
sentence shows, and once the lock is released (or the disk has room) the entry is saved by itself,
without a key pressed.

The lock is `Faults.lock()` (another connection holds BEGIN EXCLUSIVE); the full disk is a real
one, a small tmpfs filled to the last byte (`SmallDisk`), so that even a write of a few bytes fails.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Input, TextArea

from kursrom.i18n import _
from kursrom.store.errors import StoreError, StoreErrorKind
from kursrom.store.results import current_boards, group_rules_of, load_result, results_for_item, score_counts
from kursrom.widgets.panels import ExercisePanel, panel_for
from kursrom.widgets.writing import writer_of

SIZE = (100, 30)
#: Seconds between the writer's attempts here (2.5 s in use): the test waits for a retry, not a clock.
RETRY = 0.2


class PanelHost(Screen[None]):
    """Stands in for the live-session screen: one panel."""

    def __init__(self, item, session, present) -> None:
        super().__init__()
        self.item, self.session, self.present = item, session, present

    def compose(self) -> ComposeResult:
        yield panel_for(self.item, self.session, self.present)

    def on_mount(self) -> None:
        self.query_one(ExercisePanel).focus_default()


def item_of_kind(store, catalog, session, kind: str):
    """The session's first agenda item of `kind`, or one added from the catalogue."""
    from kursrom.store.models import AgendaItem
    from kursrom.store.rounds import agenda_of

    agenda = agenda_of(store, session.id)
    found = next((item for item in agenda if item.kind == kind), None)
    if found is not None:
        return found
    exercise = next(e for e in sorted(catalog.exercises.values(), key=lambda e: e.id) if e.kind == kind)
    with store.session() as db:
        item = AgendaItem(session_id=session.id, position=len(agenda), exercise_id=exercise.id, kind=exercise.kind,
                          title=exercise.title, prompt=exercise.prompt, instructions=exercise.instructions,
                          planned_minutes=exercise.duration, exercise=exercise.snapshot(), origin="added")
        db.add(item)
    return item


# -- what the facilitator does in each panel, what stays on screen, and what is stored -------------


@dataclass
class Setup:
    store: object
    item: object
    session: object
    present: list


@dataclass
class Scenario:
    kind: str
    act: Callable[[object, ExercisePanel], Awaitable[None]]
    kept: Callable[[ExercisePanel], bool]  # what was entered is on screen while the save waits
    stored: Callable[[Setup], bool]
    cleared: Callable[[ExercisePanel], bool] = lambda panel: True  # once stored


def field(panel: ExercisePanel, selector: str) -> str:
    widget = panel.query_one(selector)
    return widget.text if isinstance(widget, TextArea) else widget.value


async def type_in(pilot, panel: ExercisePanel, selector: str, text: str) -> None:
    panel.query_one(selector).focus()
    await pilot.press(*text, "enter")


def first(setup: Setup) -> int:
    return setup.present[0].id


async def highlight(pilot, panel):
    await type_in(pilot, panel, "#hl-input", "Trygg start")


async def own_animal(pilot, panel):
    await type_in(pilot, panel, "#animal-name", "Sel")


async def sot_step(pilot, panel):
    await type_in(pilot, panel, "#sot-step", "Søke tre jobber")


async def feedback(pilot, panel):
    await pilot.press("enter")  # on the first group's row: its feedback
    await pilot.press(*"Gode eksempler", "enter")


async def timeline_entry(pilot, panel):
    await type_in(pilot, panel, "#tl-learned", "Sveising")


async def sort_card(pilot, panel):
    panel.query_one(DataTable).focus()
    await pilot.press("1")


async def next_speaker(pilot, panel):
    await pilot.press("f")


async def scores(pilot, panel):
    await type_in(pilot, panel, "#ev-entry", "4 5 5")


async def rule(pilot, panel):
    await type_in(pilot, panel, "#gr-new", "Vi lytter")


def feedback_stored(setup: Setup) -> bool:
    return any(entry.get("text") == "Gode eksempler" for data in results_for_item(setup.store, setup.item.id).values()
               for entry in data.get("feedback", []))


def first_statement(setup: Setup) -> str:
    return setup.item.exercise["data"]["statements"][0]


SCENARIOS = {
    "reflection": Scenario(
        "reflection", highlight, lambda p: field(p, "#hl-input") == "Trygg start",
        lambda s: [h["text"] for h in results_for_item(s.store, s.item.id).get(None, {}).get("highlights", [])]
        == ["Trygg start"], lambda p: field(p, "#hl-input") == ""),
    "animal": Scenario(
        "animal", own_animal, lambda p: field(p, "#animal-name") == "Sel",
        lambda s: results_for_item(s.store, s.item.id).get(first(s), {}).get("animal") == "Sel"),
    "sot": Scenario(
        "sot", sot_step, lambda p: field(p, "#sot-step") == "Søke tre jobber",
        lambda s: [a["text"] for a in getattr(current_boards(s.store, [first(s)]).get(first(s)), "actions", [])]
        == ["Søke tre jobber"], lambda p: field(p, "#sot-step") == ""),
    "role_play": Scenario(
        "role_play", feedback, lambda p: field(p, "#rp-feedback") == "Gode eksempler", feedback_stored),
    "timeline": Scenario(
        "timeline", timeline_entry, lambda p: field(p, "#tl-learned") == "Sveising",
        lambda s: [e["learned"] for e in results_for_item(s.store, s.item.id).get(first(s), {}).get("entries", [])]
        == ["Sveising"], lambda p: field(p, "#tl-learned") == ""),
    "card_sort": Scenario(
        "card_sort", sort_card, lambda p: p.placements.get(p.statements[0]) == p.categories[0],
        lambda s: (load_result(s.store, s.item.id) or {}).get("placements", {}).get(first_statement(s))
        == s.item.exercise["data"]["categories"][0]),
    "presentation": Scenario(
        "presentation", next_speaker, lambda p: p.current is not None and p.countdown.running,
        lambda s: (load_result(s.store, s.item.id) or {}).get("current") is not None),
    "evaluation": Scenario(
        "evaluation", scores, lambda p: field(p, "#ev-entry") == "4 5 5",
        lambda s: {4: 1, 5: 2} in score_counts(s.store, s.session.id).values(), lambda p: field(p, "#ev-entry") == ""),
    "group_rules": Scenario(
        "group_rules", rule, lambda p: field(p, "#gr-new") == "Vi lytter",
        lambda s: getattr(group_rules_of(s.store, s.session.round_id), "rules", None) == ["Vi lytter"],
        lambda p: field(p, "#gr-new") == ""),
}


# -- the fixtures: the demo's database on a disk that can run full -----------------------------------


@pytest.fixture
def db_path(small_disk):
    return small_disk.folder / "kursrom.sqlite"


@pytest.fixture
def setup(demo_store, catalog):
    from kursrom.store.rounds import enrolled, list_rounds, sessions_of

    def build(kind: str) -> Setup:
        course_round = list_rounds(demo_store)[0]
        session = sessions_of(demo_store, course_round.id)[0]
        people = enrolled(demo_store, course_round.id)
        from kursrom.store import live

        live.start_session(demo_store, session.id)
        for person in people:
            live.mark(demo_store, session.id, person.id, "present")
        item = item_of_kind(demo_store, catalog, session, kind)
        return Setup(demo_store, item, session, sorted(people, key=lambda p: p.name))

    return build


class Trouble:
    """The fault a test switches on and off: `lock` or `disk_full`."""

    def __init__(self, fault: str, faults, small_disk) -> None:
        self.fault = fault
        self.faults = faults
        self.disk = small_disk
        self.kind = StoreErrorKind.BUSY if fault == "lock" else StoreErrorKind.FULL

    def start(self) -> None:
        self.faults.lock() if self.fault == "lock" else self.disk.fill()

    def stop(self) -> None:
        self.faults.unlock() if self.fault == "lock" else self.disk.free()


@pytest.fixture(params=["lock", "disk_full"])
def trouble(request, faults, small_disk):
    made = Trouble(request.param, faults, small_disk)
    yield made
    made.stop()


@pytest.mark.parametrize("kind", list(SCENARIOS))
async def test_a_save_that_fails_keeps_the_entry_warns_and_is_saved_when_the_fault_passes(
        kind, setup, trouble, catalog, clock, demo_store, notifications):
    from kursrom.app import make_app

    scenario = SCENARIOS[kind]
    made = setup(scenario.kind)
    app = make_app(catalog, demo_store, clock=clock)
    writer = writer_of(app)
    writer.retry_seconds = RETRY
    told = notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(PanelHost(made.item, made.session, made.present))
        await pilot.pause()
        await writer.drained()  # what a panel stores as it opens (the role play's groups)
        panel = app.screen.query_one(ExercisePanel)
        trouble.start()
        await scenario.act(pilot, panel)
        await writer.settled()  # the first attempt has failed; the write waits to try again
        await pilot.pause(RETRY * 2)  # and fails again: still locked, still full
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert scenario.kept(panel), "what was entered is still on screen"
        assert not scenario.stored(made)
        sentence = str(StoreError(trouble.kind, demo_store.path))
        warnings = [message for message, severity in told if severity == "warning"]
        assert len(warnings) == 1 and warnings[0].startswith(sentence), told
        assert "SQL" not in warnings[0] and "http" not in warnings[0]

        trouble.stop()  # no key pressed from here on
        await writer.drained()
        await pilot.pause()
        assert scenario.stored(made), "saved once the fault passed"
        assert scenario.cleared(panel)
        assert (_("Saved: what was waiting is stored now."), "information") in told
        assert app.is_running


@pytest.mark.writes_unwaited
async def test_a_locked_database_does_not_freeze_the_panel(setup, catalog, clock, demo_store, faults):
    """While a save waits out the lock (the store's busy timeout, 5 s in use, here 3 s), the panel
    goes on taking keys: the wait is in the writer's thread, not on the screen's."""
    from kursrom.app import make_app

    made = setup("reflection")
    app = make_app(catalog, demo_store, clock=clock)
    writer = writer_of(app)
    writer.retry_seconds = RETRY
    faults.busy_ms = 3000
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(PanelHost(made.item, made.session, made.present))
        await pilot.pause()
        panel = app.screen.query_one(ExercisePanel)
        faults.lock()
        await type_in(pilot, panel, "#hl-input", "Først")
        assert writer.attempting, "the write is still waiting for the lock"
        box = panel.query_one("#hl-input", Input)
        await pilot.press("space", *"og så")
        assert box.value == "Først og så", "keys typed during the wait reach the field"
        assert writer.attempting
        faults.unlock()
        await writer.drained()
        await pilot.pause()
        stored = results_for_item(demo_store, made.item.id)[None]["highlights"]
        assert [h["text"] for h in stored] == ["Først"]
        assert box.value == "Først og så", "the field changed after Enter, so it is not emptied"
