"""Languages from Babel's locale data, with the short kept list for what it lacks; numbers and
percentages by Babel in the language an export is written in."""

from __future__ import annotations

import pytest

from kursrom.core.languages import language_code, language_name
from kursrom.core.numbers import decimal, percent
from kursrom.core.roster_csv import parse_roster


@pytest.mark.parametrize(("written", "code"), [
    ("uk", "uk"), ("UK", "uk"), ("Українська", "uk"), ("ukrainsk", "uk"), ("Ukrainian", "uk"),
    ("العربية", "ar"), ("arabisk", "ar"), ("Tigrinja", "ti"), ("ትግርኛ", "ti"), ("Soomaali", "so"),
    ("en-gb", "en-GB"), ("en_GB", "en-GB"), ("sr-latn", "sr-Latn"), ("norsk", "nb"), ("nynorsk", "nn"),
    ("kurmanji", "kmr"), ("Kurmancî", "kmr"), ("Dari", "prs"), ("prs", "prs"), ("farsi", "fa"),
])
def test_a_real_language_by_code_or_by_name_in_bokmal_english_or_itself(written, code):
    assert language_code(written) == code


@pytest.mark.parametrize("written", ["xx", "zzz", "qq", "und", "en-ZZ", "en-XY", "klingon", "ukrainian language", ""])
def test_an_invented_code_or_name_is_refused(written):
    assert language_code(written) is None


def test_names_of_languages_in_the_output_language():
    assert language_name("uk") == "ukrainsk"
    assert language_name("uk", "en") == "Ukrainian"
    assert language_name("prs") == "dari"


def test_a_roster_takes_the_languages_babel_knows_and_refuses_the_rest():
    result = parse_roster("navn;språk;tolk\nOlena;Українська;ja\nRêber;kurmanji;\nIvan;zzz;\n".encode())
    assert [(row.name, row.language, row.interpreter_language) for row in result.rows] == [
        ("Olena", "uk", "uk"), ("Rêber", "kmr", None)]
    assert [problem.line for problem in result.problems] == [4]


def test_numbers_in_the_language_of_the_output_whatever_the_interface_speaks():
    assert decimal(4.56) == "4,6" and percent(0.6) == "60\u00a0%"  # the tests' interface is bokmål
    assert decimal(4.56, lang="en") == "4.6" and percent(0.6, lang="en") == "60%"
    assert decimal(0.5, 2, lang="uk") == "0,50"
    assert decimal(None, lang="en") == "–"
