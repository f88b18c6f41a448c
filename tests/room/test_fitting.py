"""Text that fits without a word cut in half: a hint loses its last clause, a title its last parts
(while what is left fills half the room), and otherwise whole words go, marked with "…"."""

from __future__ import annotations

from rich.cells import cell_len

from kursrom.widgets.fitting import fit


def test_a_hint_loses_its_last_clause_first():
    assert fit("Høydepunkt for hele gruppa, Enter lagrer", 30) == "Høydepunkt for hele gruppa"
    assert fit("Own animal; Enter saves", 15) == "Own animal"
    assert fit("Forslag (Enter legger til)", 23) == "Forslag"


def test_a_title_loses_its_last_parts_while_most_of_it_stays():
    title = "Uke 1 – Hvem er jeg? · PRO – jobb- og karrierekurs for unge"
    assert fit(title, 80) == title
    assert fit(title, 25) == "Uke 1 – Hvem er jeg?"
    assert fit("Kurs for ÆØÅ – Група – مجموعة 🌱 Donaudampfskipsselskapskaptein", 60) == \
        "Kurs for ÆØÅ – Група – مجموعة 🌱…", "half the room empty: whole words instead"


def test_otherwise_whole_words_and_only_a_word_wider_than_the_room_is_cut():
    assert fit("Tilbakemelding fra Mari Særheim til Jonas Bjørkløw", 46) == "Tilbakemelding fra Mari Særheim til Jonas…"
    assert fit("Donaudampfskipsselskapskaptein", 8) == "Donauda…"
    for width in range(0, 40):
        assert cell_len(fit("Олена Коваленко · فاطمة الزهراء, Enter lagrer", width)) <= width
