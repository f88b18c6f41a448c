"""Names in Norwegian order, the one key every list and export of people sorts by."""

from __future__ import annotations

import random
from datetime import date

from kursrom.core.collation import name_key, sort_names

#: The issue's order: Æ, Ø, Å after Z; Ä with Æ, Ö with Ø, Ü with Y, and "aa" as Å.
NORWEGIAN_ORDER = ["Anders", "Ulf", "Ürün", "Yvonne", "Zara", "Ærlig", "Äsa", "Örjan", "Øyvind", "Åse", "Aasen"]


def test_the_norwegian_names_sort_into_the_expected_order():
    for seed in range(20):
        shuffled = NORWEGIAN_ORDER[:]
        random.Random(seed).shuffle(shuffled)
        assert sort_names(shuffled) == NORWEGIAN_ORDER


def test_accents_case_and_spaces_only_break_ties():
    assert sort_names(["René", "Rene", "rene"]) == ["Rene", "rene", "René"]
    assert sort_names(["Olav", "Ola N.", "Ola"]) == ["Ola", "Ola N.", "Olav"]
    assert name_key("  Kari   Lunde ") == name_key("Kari Lunde")
    # Decomposed Å (A + ring, as some systems write it) is the same letter as Å.
    assert name_key("A\u030ase")[0] == name_key("Åse")[0]


def test_other_scripts_follow_the_latin_names_in_a_stable_order():
    names = ["Олена Коваленко", "Åse Nygård", "فاطمة الزهراء", "Yusuf Haddad", "Ivan"]
    assert sort_names(names)[:3] == ["Ivan", "Yusuf Haddad", "Åse Nygård"]
    assert sort_names(sort_names(names)) == sort_names(list(reversed(names)))


def test_the_roster_and_the_reports_sort_with_it(store, catalog):
    from kursrom.store.reports import build_round_report
    from kursrom.store.rounds import add_participant, create_round, enrol, enrolled, roster

    course_round = create_round(store, catalog, catalog.templates["pro"], start=date(2026, 11, 23))
    ids = [add_participant(store, name).id for name in reversed(NORWEGIAN_ORDER)]
    enrol(store, course_round.id, ids)
    assert [p.name for p in enrolled(store, course_round.id)] == NORWEGIAN_ORDER
    assert [e.participant.name for e in roster(store, course_round.id)] == NORWEGIAN_ORDER
    assert [p.name for p in build_round_report(store, course_round.id).participants] == NORWEGIAN_ORDER
