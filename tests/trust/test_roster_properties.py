"""Property tests on the roster CSV import: any bytes give either rows or problems that name their
line (and the field's value), never an exception; a well-formed roster, whatever its names, comes
back exactly; a bad value in any row is reported on that row's line."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings, strategies as st

from kursrom.core.names import clean_name, same_name_key
from kursrom.core.roster_csv import NAME_MAX, RosterFile, parse_roster, read_roster

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Names as people have them: any letters, marks, digits, punctuation, symbols (emoji) and spaces,
# including the separators and quotes a CSV file must escape. Control characters are not names.
name_chars = st.characters(categories=("L", "M", "N", "P", "S", "Zs"), exclude_characters="\x00\u2028\u2029\x85")
names = st.text(name_chars, min_size=1, max_size=NAME_MAX).map(lambda s: " ".join(s.split())).filter(clean_name)


def check_shape(result: RosterFile, data: bytes) -> None:
    assert isinstance(result, RosterFile)
    lines = data.count(b"\n") + 1
    for problem in result.problems:
        assert problem.line is None or 1 <= problem.line <= lines + 1, problem
        assert str(problem).strip()
    seen = set()
    for row in result.rows:
        assert row.name and row.name == clean_name(row.name) and len(row.name) <= NAME_MAX
        assert row.line not in seen and 1 < row.line <= lines
        seen.add(row.line)
    assert result.ok == (not result.problems and bool(result.rows))


@FAST
@given(st.binary(max_size=2000))
def test_any_bytes_give_rows_or_problems_never_an_exception(data):
    check_shape(parse_roster(data), data)


@FAST
@given(st.lists(st.sampled_from(["name", "navn", "språk", "tolk", "kontakt", "merknad", "x", "", ";", ",",
                                 "\n", "\r\n", '"', "ja", "nei", "uk", "Олена", "فاطمة", "\ufeff", "\x00", "é"]),
                max_size=60).map("".join))
def test_text_built_from_roster_pieces_never_raises(text):
    data = text.encode("utf-8")
    check_shape(parse_roster(data), data)


@FAST
@given(st.binary(max_size=500))
def test_reading_a_file_gives_the_same_as_parsing_its_bytes(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("roster") / "deltakere.csv"
    path.write_bytes(data)
    from_file = read_roster(path)
    assert from_file == parse_roster(data)


def write_roster(rows: list[tuple[str, str]], delimiter: str, bom: bool) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["navn", "språk"] if delimiter == ";" else ["name", "language"])
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


unique_names = st.lists(names, min_size=1, max_size=12, unique_by=same_name_key)


@FAST
@given(unique_names, st.sampled_from([",", ";"]), st.booleans(), st.data())
def test_a_well_formed_roster_comes_back_exactly(people, delimiter, bom, data):
    languages = data.draw(st.lists(st.sampled_from(["", "uk", "ar", "nb", "Ukrainsk", "ti"]),
                                   min_size=len(people), max_size=len(people)))
    raw = write_roster(list(zip(people, languages)), delimiter, bom)
    result = parse_roster(raw)
    assert result.ok, [str(p) for p in result.problems]
    assert [row.name for row in result.rows] == [clean_name(name) for name in people]  # NFC, nothing invisible
    assert [row.line for row in result.rows] == list(range(2, len(people) + 2))


@FAST
@given(unique_names, st.data())
def test_a_bad_value_is_reported_on_its_own_line_naming_the_value(people, data):
    bad = data.draw(st.integers(0, len(people) - 1))
    rows = [(name, "zz-9!" if index == bad else "uk") for index, name in enumerate(people)]
    result = parse_roster(write_roster(rows, ",", False))
    assert not result.ok and result.rows == [row for row in result.rows if row.line != bad + 2]
    assert [problem.line for problem in result.problems] == [bad + 2]
    assert "zz-9!" in str(result.problems[0]) and str(bad + 2) in str(result.problems[0])
