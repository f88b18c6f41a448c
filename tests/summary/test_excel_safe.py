"""Files that open right in a Norwegian Excel: semicolons, numbers as numbers (attended and held in
two columns, shares with a decimal comma), nothing a spreadsheet would read as a date; an evaluation
CSV; the round's attendance written once per export request; one status word in every export; and
the round report with the evaluation comments and the group rules under their own headings."""

from __future__ import annotations

import csv
import io
import re

from kursrom.store.exports import export_round, export_session
from kursrom.store.results import save_group_rules

#: What a Norwegian Excel turns into a date when a cell holds only it: 2/2, 1/12, 12/2026.
DATE_LIKE = re.compile(r"\d+/\d+")


def _read(path) -> tuple[csv.Dialect, list[list[str]]]:
    text = path.read_bytes().decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text.split("\r\n", 1)[0] + "\r\n" + text.split("\r\n")[1])
    return dialect, list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def _files(written, what):
    return [w.path for w in written if w.what == what]


def test_attendance_and_evaluation_csv_are_semicolon_separated_and_hold_no_date(store, scenario, tmp_path):
    save_group_rules(store, scenario.round_id, scenario.items["evaluering"], ["Vi lytter", "Mobilen på lydløs"])
    written = export_round(store, scenario.round_id, tmp_path, formats=["csv"])
    assert sorted(w.what for w in written) == ["attendance", "evaluation"]
    for path in (w.path for w in written):
        dialect, rows = _read(path)
        assert dialect.delimiter == ";", path.name
        cells = [cell for row in rows for cell in row]
        assert not [cell for cell in cells if DATE_LIKE.fullmatch(cell.strip())], path.name
        assert len({len(row) for row in rows}) == 1, "every row as long as the header"

    _dialect, rows = _read(_files(written, "attendance")[0])
    header, body = rows[0], rows[1:]
    assert header[-3:] == ["Møtt", "Økter holdt", "Andel deltatt"]
    jonas = next(row for row in body if row[0] == "Jonas Bjørkløw")
    attended, held, share = jonas[-3:]
    assert (attended, held) == ("2", "2") and share == "1,00", "numbers, and a decimal comma in bokmål"
    shares = [row[-1] for row in body]
    assert all(re.fullmatch(r"[01],\d\d", value) for value in shares), shares


def test_the_evaluation_csv_counts_each_score_per_element_and_session(store, scenario, tmp_path):
    written = export_round(store, scenario.round_id, tmp_path, formats=["csv"])
    _dialect, rows = _read(_files(written, "evaluation")[0])
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Element", "Økt", "Skala fra", "Skala til"]
    assert header[-3:] == ["Svar", "Snitt", "Kommentar"]
    scores = [int(h.split()[-1]) for h in header[4:-3]]
    assert scores == list(range(scores[0], scores[-1] + 1))
    rated = [row for row in body if row[0] != "Kommentar"]
    assert rated, "one row per element and session"
    for row in rated:
        counts = [int(value) for value in row[4:-3] if value]
        assert sum(counts) == int(row[-3])
        weighted = sum(score * int(value) for score, value in zip(scores, row[4:-3]) if value)
        assert float(row[-2].replace(",", ".")) == round(weighted / int(row[-3]), 2)
    comments = [row for row in body if row[0] == "Kommentar"]
    assert [(row[1], row[-1]) for row in comments] == [("2", "Mer tid til SØT, takk. Åse likte dyrene.")]


def test_exporting_each_session_does_not_write_the_rounds_attendance_again(store, scenario, tmp_path):
    for session_id in scenario.sessions[:2]:
        export_session(store, session_id, tmp_path)
    names = sorted(path.name for path in tmp_path.iterdir())
    assert not [name for name in names if "(" in name], "no oppmote (2).csv piling up"
    assert [name for name in names if name.endswith(".csv")] == [
        "pro-jobb-og-karriere-okt-1-2026-11-23-oppmote.csv", "pro-jobb-og-karriere-okt-2-2026-11-30-oppmote.csv"]
    _dialect, rows = _read(tmp_path / "pro-jobb-og-karriere-okt-2-2026-11-30-oppmote.csv")
    assert rows[0] == ["Deltaker", "Oppmøte", "Tid", "Grunn", "Møtt"]
    jonas = next(row for row in rows if row[0] == "Jonas Bjørkløw")
    assert jonas[1:3] == ["kom for sent", "12:18"] and jonas[4] == "1"


def test_the_first_export_of_a_session_says_exported_as_the_later_ones(store, scenario, tmp_path):
    first = export_session(store, scenario.session_id, tmp_path, formats=["md"])[0].path.read_text()
    again = export_session(store, scenario.session_id, tmp_path, formats=["md"])[0].path.read_text()
    status = [line for line in first.splitlines() if line.startswith("- **Status")]
    assert status == [line for line in again.splitlines() if line.startswith("- **Status")]
    assert "eksportert" in status[0] and "ferdig" not in status[0]


def test_the_round_report_has_the_comments_and_the_group_rules_under_their_own_headings(store, scenario,
                                                                                         tmp_path):
    save_group_rules(store, scenario.round_id, scenario.items["evaluering"], ["Vi lytter", "Mobilen på lydløs"])
    written = export_round(store, scenario.round_id, tmp_path, formats=["md", "html"])
    md = written[0].path.read_text()
    assert "### Kommentarer fra evalueringen" in md and "- Økt 2: Mer tid til SØT, takk." in md
    rules = md.split("## Grupperegler", 1)[1]
    assert "- Vi lytter" in rules and "- Mobilen på lydløs" in rules
    assert "Høydepunkter" not in md
    html = written[1].path.read_text()
    assert "<h2>Grupperegler</h2>" in html and "<h3>Kommentarer fra evalueringen</h3>" in html
