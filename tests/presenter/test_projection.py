"""The participant-safe projection: what each screen holds, languages, drafts, masking, and the
presenter's state in the database."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from kursrom.core.clock import OSLO
from kursrom.core.presenter import (
    BREAK, END, ITEM, MASK, PAUSE, START, WAITING, PresenterChoice, PresenterSource, ShownItem, mask_names, project,
)
from kursrom.core.timing import item_time
from kursrom.store import live
from kursrom.store.presenter import (
    followed_session, presenter_choice, presenter_source, projection_now, set_choice, show_statement,
)
from kursrom.store.results import save_group_rules, save_result


def test_names_typed_in_the_room_are_masked_whole_and_in_parts():
    names = ["Åse Nygård", "Олена Коваленко", "فاطمة الزهراء", "Li Wu"]
    texts = ["Åses idé: vi møtes presis", "ÅSE NYGÅRD og Olena", "Коваленко прийде пізніше",
             "وفاطمة تتكلم أولاً", "Li har ordet", "Vi lytter til hverandre"]
    masked = mask_names(texts, names)
    assert masked[0] == f"{MASK} idé: vi møtes presis", "a first name alone, with a genitive"
    assert masked[1] == f"{MASK} og Olena", "the whole name in any case; Olena is no roster name"
    assert masked[2] == f"{MASK} прийде пізніше"
    assert masked[3] == f"و{MASK} تتكلم أولاً", "an Arabic name behind a proclitic"
    assert masked[4] == "Li har ordet", "a two-letter part alone would take words apart: only 'Li Wu' whole"
    assert masked[5] == "Vi lytter til hverandre"


def _source(**kwargs) -> PresenterSource:
    from kursrom.core.clock import FakeClock

    defaults = {"status": "running", "course": "I jobb", "theme": "Arbeidskultur", "now": FakeClock().now()}
    return PresenterSource(**{**defaults, **kwargs})


def test_the_screens_before_during_and_after(catalog):
    sort = catalog.exercise("norsk-arbeidskultur")
    item = ShownItem(7, "card_sort", sort.title, sort.prompt, sort.snapshot())
    assert project(_source(status="")).screen == WAITING
    assert project(_source(status="planned")).screen == START
    assert project(_source(status="done")).screen == END
    assert project(_source(item=item, choice=PresenterChoice(blank=True))).screen == PAUSE
    shown = project(_source(item=item, time=item_time(40, [], None)))
    assert shown.timer == "40:00" and not shown.timer_running, "an item not started shows its planned minutes"
    assert shown.screen == ITEM and shown.versions[0].title == sort.title
    assert shown.versions[0].blocks[0].lines[0] == f"1. {sort.data['categories'][0]}"
    assert not shown.versions[0].focus, "no statement on the table until the facilitator shows one"
    chosen = project(_source(item=item, choice=PresenterChoice(content="statement", item_id=7, statement=2)))
    assert chosen.versions[0].focus == sort.data["statements"][2]
    elsewhere = project(_source(item=item, choice=PresenterChoice(content="statement", item_id=8, statement=2)))
    assert not elsewhere.versions[0].focus, "a choice made on another item does not follow to this one"


def test_languages_side_by_side_with_drafts_for_the_facilitator(catalog):
    sort = catalog.exercise("norsk-arbeidskultur")
    item = ShownItem(7, "card_sort", sort.title, sort.prompt, sort.snapshot())
    shown = project(_source(item=item, interpreter_languages=("uk", "ar", "ti"),
                            choice=PresenterChoice(content="statement", item_id=7, statement=0)))
    assert shown.languages == ("nb", "uk", "ar")
    assert shown.missing == ("ti",), "asked for, but the exercise has no Tigrinya"
    assert set(shown.drafts) == {"uk", "ar"}, "the shipped translations are drafts"
    ukrainian, arabic = shown.versions[1], shown.versions[2]
    assert ukrainian.title == sort.translations["uk"]["title"]
    assert ukrainian.focus == sort.translations["uk"]["card_sort"]["statements"][0]
    assert arabic.rtl and not ukrainian.rtl
    picked = project(_source(item=item, interpreter_languages=("uk",), choice=PresenterChoice(languages=("en",))))
    assert picked.languages == ("nb", "en"), "the facilitator's pick replaces the interpreters' languages"


def test_an_agenda_that_rewrote_the_prompt_shows_no_translation_of_the_old_one(catalog):
    welcome = catalog.exercise("velkommen")
    item = ShownItem(3, welcome.kind, welcome.title, "Si hei til naboen din.", welcome.snapshot())
    shown = project(_source(item=item, interpreter_languages=("uk",)))
    assert shown.versions[0].prompt == "Si hei til naboen din."
    assert shown.versions[1].prompt == "" and shown.versions[1].title == welcome.translations["uk"]["title"]


def test_a_break_says_when_the_group_is_back(demo_store, running, catalog, add_item, clock):
    pause = add_item(catalog, "pause")
    live.go_to(demo_store, running.id, pause.id)
    clock.advance(minutes=3)
    shown = projection_now(demo_store, running.id, clock.now())
    assert shown.screen == BREAK
    back = (clock.now() + timedelta(minutes=pause.planned_minutes - 3)).astimezone(OSLO).strftime("%H:%M")
    assert shown.clock == back
    assert shown.timer == f"{pause.planned_minutes - 3}:00" and shown.timer_running


def test_room_texts_reach_the_presenter_only_when_shown_and_masked(demo_store, running, people, catalog, add_item,
                                                                   round_id, clock):
    rules = add_item(catalog, "grupperegler")
    live.go_to(demo_store, running.id, rules.id)
    save_group_rules(demo_store, round_id, rules.id, [f"{people[0].name.split()[0]} snakker først", "Vi lytter"])
    save_result(demo_store, rules.id, "group_rules", {"highlights": [{"text": "Bra stemning"}]}, people[1].id)
    shown = projection_now(demo_store, running.id, clock.now())
    assert "snakker først" not in " ".join(shown.texts()), "typed in the room: not shown until chosen"
    set_choice(demo_store, running.id, content="rules", item_id=rules.id)
    shown = projection_now(demo_store, running.id, clock.now())
    assert shown.versions[0].blocks[0].lines == (f"{MASK} snakker først", "Vi lytter")
    set_choice(demo_store, running.id, content="highlights", item_id=rules.id)
    assert "Bra stemning" not in " ".join(projection_now(demo_store, running.id, clock.now()).texts()), \
        "one person's highlight is theirs: only the whole group's are shown"
    live.next_item(demo_store, running.id)
    assert projection_now(demo_store, running.id, clock.now()).versions[0].title != "Gruppereglene våre"


def test_the_choice_is_stored_for_a_second_window(demo_store, running, catalog, add_item):
    sort = add_item(catalog, "norsk-arbeidskultur")
    assert presenter_choice(demo_store, running.id) == PresenterChoice()
    show_statement(demo_store, running.id, sort.id, 1)
    assert presenter_choice(demo_store, running.id).statement == 0, "the first statement first"
    show_statement(demo_store, running.id, sort.id, 1)
    show_statement(demo_store, running.id, sort.id, 1)
    show_statement(demo_store, running.id, sort.id, -1)
    assert presenter_choice(demo_store, running.id).statement == 1
    set_choice(demo_store, running.id, blank=True, languages=("uk", "en"))
    choice = presenter_choice(demo_store, running.id)
    assert choice.blank and choice.languages == ("uk", "en") and choice.content == "statement"
    set_choice(demo_store, running.id, languages=None)
    assert presenter_choice(demo_store, running.id).languages is None


def test_the_presenter_follows_the_running_session_or_todays_next(demo_store, session, people, clock):
    from kursrom.store.rounds import sessions_of

    assert followed_session(demo_store, clock.now()) == session.id, "today's planned session: its start screen"
    assert project(presenter_source(demo_store, session.id, clock.now())).screen == START
    live.start_session(demo_store, session.id)
    assert followed_session(demo_store, clock.now()) == session.id
    live.end_session(demo_store, session.id)
    assert followed_session(demo_store, clock.now()) == session.id, "just ended: the thank-you"
    assert projection_now(demo_store, None, clock.now()).screen == END
    second = sessions_of(demo_store, session.round_id)[1]
    assert followed_session(demo_store, second.planned_start) == second.id


def test_a_database_from_before_the_presenter_gets_its_table(db_path, clock, downgrade):
    from kursrom.store import fileguard
    from kursrom.store.db import open_store

    open_store(db_path, clock).close()
    downgrade(db_path, 2)  # the schema before the presenter's step
    store = open_store(db_path, clock)
    try:
        assert store.migrated_from == 2
        assert presenter_choice(store, 1) == PresenterChoice()
    finally:
        store.close()
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == fileguard.SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM presenter_state").fetchone()[0] == 0
    conn.close()
