"""Reading roster files: UTF-8 with or without BOM, comma or semicolon, every bad row reported with
its line number, and a file with a problem importing nothing."""

from __future__ import annotations

import pytest

from kursrom.core.roster_csv import language_code, parse_roster, read_roster

pytestmark = pytest.mark.usefixtures("english")


def lines(result):
    return [(p.line, p.message) for p in result.problems]


def test_semicolons_with_a_bom_as_norwegian_excel_writes_them(write_csv):
    path = write_csv("navn;språk;tolk;kontakt;merknad\r\nÅse Nygård;nb;nei;;\r\n"
                     "Олена Коваленко;ukrainsk;ja;41 23 45 67;Trenger pauser\r\n", bom=True)
    result = read_roster(path)
    assert result.ok and result.delimiter == ";"
    assert [(r.line, r.name, r.language, r.interpreter_language) for r in result.rows] == [
        (2, "Åse Nygård", "nb", None), (3, "Олена Коваленко", "uk", "uk")]
    assert result.rows[1].contact == "41 23 45 67" and result.rows[1].note == "Trenger pauser"


def test_commas_without_a_bom_and_only_a_name_column(write_csv):
    result = read_roster(write_csv("name\nJonas\n\nفاطمة الزهراء\n"))
    assert result.ok and result.delimiter == ","
    assert [r.name for r in result.rows] == ["Jonas", "فاطمة الزهراء"]
    assert [r.line for r in result.rows] == [2, 4]


def test_interpreter_may_name_a_language_other_than_the_preferred_one():
    result = parse_roster("name,language,interpreter\nYusuf,en,Arabic\nMari,nb,\n".encode())
    assert [(r.language, r.interpreter_language) for r in result.rows] == [("en", "ar"), ("nb", None)]


def test_every_bad_row_is_reported_with_its_line():
    text = ("name;language;interpreter;contact;note\n"
            "Åse;nb;;;\n"
            ";uk;;;\n"  # 3: no name
            "Ivan;klingon;;;\n"  # 4: not a language
            "Petro;;ja;;\n"  # 5: interpreter for which language?
            "Åse;;;;\n"  # 6: the same name as line 2
            "Ola;nb;kanskje;;\n"  # 7: neither yes/no nor a language
            "Kari;nb;;;;ekstra\n"  # 8: too many fields
            "Anne;nb;;;" + "x" * 301 + "\n")  # 9: the note is too long
    result = parse_roster(text.encode())
    assert not result.ok
    assert [line for line, _message in lines(result)] == [3, 4, 5, 6, 7, 8, 9]
    messages = dict(lines(result))
    assert "name is empty" in messages[3]
    assert "klingon" in messages[4]
    assert "line 2" in messages[6]
    assert "6 fields" in messages[8]


def test_a_quoted_newline_keeps_line_numbers_right():
    text = 'name,note\n"Åse","sitter foran\nved døra"\n,\n"Ola",""\n"",x\n'
    result = parse_roster(text.encode())
    assert result.rows[0].note == "sitter foran ved døra"
    assert lines(result) == [(6, "the name is empty; write a name or a pseudonym.")]


def test_header_problems():
    assert lines(parse_roster(b""))[0][0] == 1
    missing = parse_roster("navnet;språk\nÅse;nb\n".encode())
    assert not missing.ok
    assert any("unknown column 'navnet'" in m for _l, m in lines(missing))
    assert any("no 'name' column" in m for _l, m in lines(missing))
    twice = parse_roster(b"name,navn\nA,B\n")
    assert any("twice" in m for _l, m in lines(twice))


def test_a_file_that_is_not_utf8_says_so_with_its_line():
    data = "name\nÅse\nJosé\n".encode("latin-1")
    result = parse_roster(data)
    assert not result.ok and result.rows == []
    assert result.problems[0].line == 2
    assert "UTF-8" in result.problems[0].message


def test_a_header_without_people_cannot_be_imported():
    result = parse_roster(b"name\n\n")
    assert not result.ok and result.problems


def test_an_unreadable_file_is_a_problem_not_an_exception(tmp_path):
    result = read_roster(tmp_path / "missing.csv")
    assert not result.ok and result.problems[0].line is None


def test_language_codes():
    assert language_code("UK") == "uk"
    assert language_code("Tigrinja") == "ti"
    assert language_code("en-gb") == "en-GB"
    assert language_code("ukrainian language") is None
