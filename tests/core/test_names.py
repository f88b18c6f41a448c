"""Names in free text (`kursrom.core.names`): the one rule behind @-tags, the notes a participant's
record gathers, pseudonyms and erasure."""

from __future__ import annotations

import pytest

from kursrom.core.names import (
    NameFinder, first_name, fold, mention_finder, name_parts, name_pattern, normalize, own_first_name, own_first_names,
    starts_with, tags_in,
)

DECOMPOSED_ASE = "A\u030ase"  # "Åse" with the ring as a combining mark, as some keyboards and files send it


def finder(*names: str) -> NameFinder[str]:
    return NameFinder((name, name) for name in names)


def test_normalizing_composes_letters_and_collapses_white_space():
    assert normalize(f"  {DECOMPOSED_ASE}\n\tNygård ") == "Åse Nygård"
    assert fold("ÅSE  nygård") == fold(f"{DECOMPOSED_ASE} Nygård") == "åse nygård"


def test_name_parts_and_first_names():
    assert name_parts(" Åse  Nygård ") == ("Åse", "Nygård")
    assert name_parts("   ") == ()
    assert first_name("Åse Nygård") == "Åse"
    assert first_name("Åse") == "", "a one-word name is the whole name"


def test_a_first_name_points_at_one_person_only_when_no_one_else_has_it():
    assert own_first_name("Mari Særheim", ["Marius Berg", "Åse Nygård"]) == "Mari"
    assert own_first_name("Mari Særheim", ["MARI Lie"]) == "", "any case"
    assert own_first_name("Mari Særheim", ["Mari"]) == "", "someone called only Mari has it too"
    assert own_first_name("Mari", []) == ""
    assert own_first_names(["Mari Særheim", "Mari Lie", "Åse Nygård", "Ola"]) == ["", "", "Åse", ""]


@pytest.mark.parametrize(("text", "found"), [
    ("Åse kom", {"Åse"}),
    ("åse og ÅSE", {"Åse"}),
    (f"{DECOMPOSED_ASE} kom", {"Åse"}),
    ("Åsebø og kÅse og Åsen", set()),
    ("Hilsen Åse.", {"Åse"}),
])
def test_a_name_is_found_as_a_whole_word_in_any_case_and_form(text, found):
    assert finder("Åse").owners_in(text) == found


@pytest.mark.parametrize("text", ["Åses CV", "Åse's CV", "Åse’s CV", "Åse' CV"])
def test_a_genitive_counts_as_the_name(text):
    found = list(finder("Åse").find(text))
    assert [(f.text, f.genitive) for f in found] == [(text.split()[0], text.split()[0][3:])]


def test_any_white_space_between_the_parts_of_a_name():
    assert finder("Åse Nygård").owners_in("Hilsen Åse\nNygård") == {"Åse Nygård"}


def test_an_arabic_name_is_found_behind_a_one_letter_proclitic_only():
    fatima = finder("فاطمة")
    assert fatima.owners_in("وفاطمة جاءت") == {"فاطمة"}, "wa- (and) joined to the name"
    assert fatima.owners_in("بفاطمة") == {"فاطمة"}
    assert fatima.owners_in("مفاطمة") == set(), "not behind any letter"
    assert finder("Åse").owners_in("vÅse") == set(), "only Arabic script has proclitics"


def test_longer_names_are_tried_first():
    names = NameFinder([("Ann", 1), ("Ann Li", 2)])
    assert [sorted(f.owners) for f in names.find("Ann Li og Ann")] == [[2], [1]]


def test_a_name_given_for_two_owners_stands_for_both():
    assert NameFinder([("Mari", 2), ("Mari", 6)]).owners_in("Mari var stille") == {2, 6}


def test_replacing_keeps_the_genitive_to_the_caller_and_leaves_untouched_text_as_given():
    names = finder("Åse")
    assert names.replace("Åses CV", lambda f: "X" + f.genitive) == "Xs CV"
    untouched = f"{DECOMPOSED_ASE}bø"  # not a name: the text comes back byte for byte, not recomposed
    assert names.replace(untouched, lambda f: "X") is untouched
    assert NameFinder([]).replace("Åse", lambda f: "X") == "Åse", "no names, nothing replaced"


def test_a_letter_that_folds_unlike_the_pattern_still_finds_its_owner():
    assert NameFinder([("İlkay", 7)]).owners_in("ilkay kom") == {7}


def test_one_pattern_replaces_every_name_alike():
    pattern = name_pattern(["Åse Nygård", "Åse"])
    assert pattern.sub("X", "Åses plan og Åse Nygårds bok") == "X plan og X bok"
    assert name_pattern([]) is None


def test_tags_are_names_behind_an_at_sign():
    people = [("Ann", 1), ("Ann Li", 2), ("Олена Коваленко", 3), ("Ann Li", 4)]
    assert tags_in("@Ann Li kom", people) == {2}, "the first of two Ann Lis, as the picker offers"
    assert tags_in("@Ann og @ann li", people) == {1, 2}
    assert tags_in("Ann Li og @Annette", people) == set(), "a name without @ is no tag"
    assert tags_in("hei @Олена Коваленко!", people) == {3}


def test_a_round_mentions_people_by_full_name_or_a_first_name_of_their_own():
    people = [("Åse Nygård", 1), ("Mari Særheim", 2), ("Mari Lie", 3), ("Marius Berg", 4), ("Ola Dahl", 5),
              ("Ola Dahl", 6)]
    mentions = mention_finder(people)
    assert mentions.owners_in("Åse og Marius kom") == {1, 4}
    assert mentions.owners_in("Mari var stille") == set(), "two Maris: the first name points at neither"
    assert mentions.owners_in("Mari Lie var stille") == {3}
    assert mentions.owners_in("Ola Dahl kom") == set(), "a full name two people share points at neither"
    assert mentions.owners_in("Nygård kom") == set(), "a last name alone is not enough"


def test_the_picker_matches_the_start_of_a_name_or_of_a_word_of_it():
    assert starts_with("Åse Nygård", "åS") and starts_with("Åse Nygård", "nyg")
    assert starts_with("Åse Nygård", "") and starts_with(f"{DECOMPOSED_ASE} Nygård", "Åse")
    assert not starts_with("Åse Nygård", "ase"), "accents as typed"
    assert not starts_with("Åse Nygård", "gård")


# -- erasure: every form a person's name may be stored in -----------------------------------------

from kursrom.core.names import (  # noqa: E402
    COMMON_WORDS, OtherNames, Withheld, erasure_finder, erasure_keys, erasure_names, erasure_parts, is_common_word,
    loose, name_slug, name_variants, search_keys, search_text, token_keys,
)

ZYXWA = "Zyxwå Qørblund"


def spellings(name: str) -> list[str]:
    """The ways a name reaches the database: as typed in any case, decomposed, inside JSON (escaped,
    as SQLAlchemy writes JSON columns), with a genitive, in a file name, behind a line break in JSON."""
    import json
    import unicodedata

    forms = [name, name.upper(), name.lower(), unicodedata.normalize("NFD", name), f"{name}s", f"{name}'s"]
    forms += [json.dumps({"text": f"Hei\n{form}!"}) for form in list(forms)]
    forms += [json.dumps(json.dumps(name)), f"eksport/pro-{name_slug(name)}.html"]
    return forms


def test_a_name_in_a_file_name_is_its_slug():
    assert name_slug(ZYXWA) == "zyxwa-qorblund"
    assert name_slug("Олена Коваленко") == "олена-коваленко"
    assert name_slug("—") == "", "nothing left: not the slug's own fallback word"


def test_the_parts_of_a_name_include_the_pieces_of_hyphenated_words():
    assert erasure_parts("Anne-Lise Qørblund-Hansen") == ("Anne-Lise", "Anne", "Lise", "Qørblund-Hansen", "Qørblund",
                                                          "Hansen")
    assert erasure_parts(" Åse  ÅSE ") == ("Åse",)


def test_ordinary_words_and_short_parts_are_common():
    assert {"sol", "said", "rett"} <= COMMON_WORDS
    assert is_common_word("SOL") and is_common_word("Li") and is_common_word("K.")
    assert is_common_word("Lonn"), "spelt as a file name spells Lønn"
    assert not is_common_word("Qørblund")


def test_erasure_replaces_what_is_theirs_alone_and_holds_back_the_rest():
    assert erasure_names(ZYXWA, ["Mari Hansen"]) == ((ZYXWA, "Zyxwå", "Qørblund"), ())
    replaced, withheld = erasure_names("Mari Særheim", ["Mari Hansen", "Ola Dahl"])
    assert replaced == ("Mari Særheim", "Særheim")
    assert withheld == (Withheld("Mari", ("Mari Hansen",), False),)
    _replaced, withheld = erasure_names("Åse Nygård", OtherNames(["Ase Berg"]))
    assert withheld == (Withheld("Åse", ("Ase Berg",), False),), "spelt alike in a file name counts as shared"
    assert erasure_names("Sol Qørblund", []) == (("Sol Qørblund", "Qørblund"), (Withheld("Sol", (), True),))
    assert erasure_names("Sol", []) == ((), (Withheld("Sol", (), True),)), "a one-word name is its own part"
    assert erasure_names("Ola Dahl", ["Ola Dahl"])[0] == (), "a full name two people share is held back too"


def test_a_name_is_looked_for_as_written_and_as_a_file_name_spells_it():
    assert name_variants(ZYXWA) == (ZYXWA, "zyxwa qorblund", "zyxwa-qorblund")
    assert name_variants("Jonas") == ("Jonas",)


@pytest.mark.parametrize("text", spellings(ZYXWA))
def test_the_erasure_finder_finds_every_spelling_and_leaves_valid_json(text):
    import json

    finder = erasure_finder([ZYXWA, "Zyxwå", "Qørblund"])
    replaced = finder.replace(text, lambda found: "X" if found.owners == {True} else found.text)
    assert "zyxw" not in replaced.casefold() and "rblund" not in replaced.casefold()
    if text.startswith("{"):
        json.loads(replaced)


def test_the_erasure_finder_keeps_whole_words_and_other_peoples_longer_names():
    finder = erasure_finder(["Ola Dahl"], keep=["Ola Dahl Berg"])
    erase = lambda text: finder.replace(text, lambda f: "X" if f.owners == {True} else f.text)  # noqa: E731
    assert erase("Ola Dahl og Ola Dahl Berg kom") == "X og Ola Dahl Berg kom"
    assert erase("Dahlia Olafsen") == "Dahlia Olafsen"
    assert erase('{"a": "\\u00abOla Dahl\\u00bb"}') == '{"a": "\\u00abX\\u00bb"}'


@pytest.mark.parametrize("word", ["Qørblund", "Zyxwå", "Åse", "Коваленко", "فاطمة", "İlkay", "Йозеф", "O'Brien"])
def test_a_quick_search_key_is_in_every_spelling_the_finder_finds(word):
    assert len(search_keys(word)) <= 16, "a few keys to look for, however many spellings"
    keys = erasure_keys([word])
    finder = erasure_finder([word])
    for text in spellings(word):
        assert any(found.owners == {True} for found in finder.find(text)), text
        assert any(key in search_text(text) for key in keys), text


def test_word_keys_cover_decoded_text_for_many_names_at_once():
    import re

    for name, text in [(ZYXWA, "Hilsen ZYXWÅ"), (ZYXWA, "Qørblunds idé"), ("فاطمة الزهراء", "وفاطمة جاءت"),
                       (ZYXWA, "pro-zyxwa-qorblund.html"), ("Åse Nygård", "A\u030aSE kom")]:
        assert token_keys(name) & set(re.findall(r"\w+", loose(text))), text
