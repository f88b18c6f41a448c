"""The exported files: HTML that is self-contained and escapes hostile names, Markdown and CSV that
do the same in their own way, anonymized exports with no enrolled name in their bytes, private
files that never overwrite one another silently, and the record of each export."""

from __future__ import annotations

import csv
import html
import io
import os
import re
import stat
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlmodel import select

from kursrom.core.files import write_private
from kursrom.core.rendering.documents import render_round, render_session
from kursrom.core.rendering.escaping import csv_cell, md_block, md_inline
from kursrom.store.consent import record_consent
from kursrom.store.exports import ExportError, export_participants, export_round, export_session
from kursrom.store.reports import build_round_report, build_session_summary
from kursrom.i18n import _
from kursrom.store.models import CourseSession, ExportRecord, Participant

# The hostile names of the `hostile` fixture (conftest.py).
HOSTILE = "<script>alert(1)</script>"
FORMULA = "=HYPERLINK(\"x\")"

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr", "area", "base", "source"}
FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "img", "link", "base", "form", "input", "audio", "video"}


class Checker(HTMLParser):
    """Collects tags, attributes and text, and checks that every element closes where it opened."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.style = ""
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "style":
            self.style += data
        else:
            self.text.append(data)


def parse(document: str) -> Checker:
    checker = Checker()
    checker.feed(document)
    checker.close()
    assert not checker.problems, checker.problems[:5]
    assert not checker.stack, f"unclosed: {checker.stack}"
    return checker


def assert_self_contained(checker: Checker) -> None:
    assert not FORBIDDEN_TAGS & set(checker.tags)
    assert not [name for name, _value in checker.attrs if name in ("src", "href", "srcset", "action")
                or name.startswith("on")]
    assert "url(" not in checker.style and "@import" not in checker.style
    assert not re.search(r"https?://", checker.style)


def test_session_html_is_self_contained_prints_well_and_has_charts(store, scenario):
    document = render_session(build_session_summary(store, scenario.session_id), "html")
    checker = parse(document)
    assert_self_contained(checker)
    assert checker.tags.count("svg") >= 2, "the agenda and the evaluation as inline SVG charts"
    assert "@page" in checker.style and "break-inside: avoid" in checker.style
    text = " ".join(checker.text)
    for expected in ("Hva kan jeg?", "Kari Lunde, Ahmed Rahimi", "Jonas Bjørkløw vil ta fagbrev", "Søke tre stillinger",
                     "Man jobber overtid uten å spørre", "Mer tid til SØT"):
        assert expected in text


def test_hostile_names_come_out_as_text_in_html(store, hostile):
    for document in (render_session(build_session_summary(store, hostile.session_id), "html"),
                     render_round(build_round_report(store, hostile.round_id), "html")):
        checker = parse(document)
        assert_self_contained(checker)
        assert checker.tags.count("script") == 0
        assert HOSTILE in " ".join(checker.text), "the name is shown, as text"
        assert html.escape(HOSTILE, quote=False) in document
    summary_html = render_session(build_session_summary(store, hostile.session_id), "html")
    assert "<img src=x" not in summary_html and "&lt;img src=x onerror=alert(2)&gt;" in summary_html
    assert "</td><script>" not in summary_html


def test_hostile_names_are_escaped_in_markdown(store, hostile):
    document = render_session(build_session_summary(store, hostile.session_id), "md")
    assert HOSTILE not in document
    assert r"\<script\>alert(1)\</script\>" in document
    assert not re.search(r"(?<!\\)<(img|b|script)", document), "no markup a renderer would act on"
    assert r"\<img src=x" in document and r"\*stjerne\*" in document and r"\[lenke\]" in document
    # Every table row still has its columns: a "|" in a name cannot split a cell.
    rows = [line for line in document.splitlines() if line.startswith("| ") and "Participant" not in line]
    assert rows


def test_markdown_escaping_rules():
    assert md_inline("a*b_c [x](y) <t> | &") == r"a\*b\_c \[x\](y) \<t\> \| \&"
    assert md_block("# not a heading\n- not a list\n3. not a list\nfine", 2) == \
        "\\# not a heading  \n  \\- not a list  \n  3\\. not a list  \n  fine"


def test_csv_one_row_per_participant_one_column_per_session(store, hostile):
    text = render_round(build_round_report(store, hostile.round_id), "csv")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert len(header) == 1 + 5 + 3 and header[1].startswith(_("Session {number}").format(number=1))
    names = [row[0] for row in body]
    assert "Jonas Bjørkløw" in names and HOSTILE in names
    jonas = body[names.index("Jonas Bjørkløw")]
    assert jonas[1:3] == [_("present"), _("late") + " 12:18"]
    assert "'" + FORMULA in names, "a formula-looking name is neutralised with a leading quote"
    assert csv_cell("-3") == "'-3" and csv_cell("Åse") == "Åse"


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file())


def test_files_are_private_and_never_overwritten_silently(tmp_path):
    target = tmp_path / "out" / "summary.html"
    first = write_private(target, b"one")
    second = write_private(target, b"two")
    third = write_private(target, b"three")
    assert first == target and second.name == "summary (2).html" and third.name == "summary (3).html"
    assert target.read_bytes() == b"one"
    assert stat.S_IMODE(os.stat(target.parent).st_mode) == 0o700, "a folder it creates is private too"
    for path in (first, second, third):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    forced = write_private(target, b"four", force=True)
    assert forced == target and target.read_bytes() == b"four"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert len(files_in(target.parent)) == 3, "no temporary file left behind"


def test_export_session_writes_records_and_marks_the_session_exported(store, scenario, tmp_path):
    written = export_session(store, scenario.session_id, tmp_path)
    assert sorted(w.format for w in written) == ["csv", "html", "md"]
    assert {w.path.name for w in written} == {
        "pro-jobb-og-karriere-okt-2-2026-11-30.md", "pro-jobb-og-karriere-okt-2-2026-11-30.html",
        "pro-jobb-og-karriere-okt-2-2026-11-30-oppmote.csv"}, "file names in the interface language, æøå spelled out"
    for item in written:
        assert item.path.parent == tmp_path
        assert stat.S_IMODE(os.stat(item.path).st_mode) == 0o600
    csv_file = next(w.path for w in written if w.format == "csv")
    assert csv_file.read_bytes().startswith(b"\xef\xbb\xbf"), "a byte-order mark, so spreadsheets read UTF-8"
    with store.read() as db:
        records = list(db.exec(select(ExportRecord)))
        session = db.get(CourseSession, scenario.session_id)
    assert {(r.path, r.format, r.session_id, r.round_id) for r in records} == {
        (str(w.path), w.format, scenario.session_id, scenario.round_id) for w in written}
    assert session.status == "exported"
    # Again: new names, never the old files.
    again = export_session(store, scenario.session_id, tmp_path, formats=["html"])
    assert again[0].path.name.endswith(" (2).html")
    assert build_session_summary(store, scenario.session_id).exports[-1].path == str(again[0].path)


def test_a_running_session_stays_running_when_exported(store, scenario, tmp_path):
    with store.session() as db:
        db.get(CourseSession, scenario.session_id).status = "running"
    export_session(store, scenario.session_id, tmp_path, formats=["md"])
    with store.read() as db:
        assert db.get(CourseSession, scenario.session_id).status == "running"


def test_round_and_participant_exports(store, scenario, tmp_path):
    round_files = export_round(store, scenario.round_id, tmp_path, formats=["html", "csv"])
    assert [w.what for w in round_files] == ["round", "attendance", "evaluation"]
    checker = parse(round_files[0].path.read_text(encoding="utf-8"))
    assert_self_contained(checker)
    assert checker.tags.count("svg") >= 2, "attendance and evaluation per element across sessions"
    assert "29\xa0%" in " ".join(checker.text), "2 of 7 in work or education"

    record_consent(store, scenario.round_id, scenario.people["Åse Nygård"], True)
    one = export_participants(store, scenario.round_id, tmp_path, [scenario.people["Åse Nygård"]])
    assert [w.format for w in one] == ["html"], "an advisor page is one HTML file unless asked otherwise"
    assert one[0].path.name == "pro-jobb-og-karriere-til-veiledere-ase-nygard.html"
    page = " ".join(parse(one[0].path.read_text(encoding="utf-8")).text)
    assert "Fast jobb som barnehageassistent" in page and "Åse Nygård" in page
    assert "Jonas" not in page and "Олена" not in page

    separate = export_participants(store, scenario.round_id, tmp_path / "each", formats=["md"])
    assert len(separate) == 7, "a file for each current participant"
    assert all(len(w.about) == 1 for w in separate) and len({w.about for w in separate}) == 7
    everyone = export_participants(store, scenario.round_id, tmp_path, formats=["html"], one_file=True)
    document = everyone[0].path.read_text(encoding="utf-8")
    assert len(everyone) == 1 and document.count('<section class="page">') == 7, "one file only when asked for"


def test_unknown_ids_are_one_sentence(store, scenario, tmp_path):
    tmp_path = tmp_path / "out"
    with pytest.raises(ExportError, match="Det finnes ingen økt med id 4242"):
        export_session(store, 4242, tmp_path)
    with pytest.raises(ExportError, match="Det finnes ingen kursrunde med id 77"):
        export_round(store, 77, tmp_path)
    with pytest.raises(ExportError, match="Det finnes ingen deltaker med id 5555"):
        export_participants(store, scenario.round_id, tmp_path, [5555])
    assert not tmp_path.exists() or not list(tmp_path.iterdir())


def name_variants(name: str) -> set[bytes]:
    parts = [part for part in name.split() if len(part) >= 2]
    variants = {name, *parts}
    encoded = set()
    for text in variants:
        for form in (text, text.lower(), text.upper(), html.escape(text), html.escape(text, quote=False)):
            encoded.add(form.encode("utf-8"))
    return encoded


def test_anonymized_exports_contain_no_enrolled_name_anywhere(store, hostile, tmp_path):
    for person in hostile.people.values():  # their notes and plans on their pages too
        record_consent(store, hostile.round_id, person, True)
    written = []
    written += export_session(store, hostile.session_id, tmp_path, anonymized=True)
    written += export_round(store, hostile.round_id, tmp_path, anonymized=True)
    written += export_participants(store, hostile.round_id, tmp_path, anonymized=True, formats=["md", "html", "csv"])
    written += export_participants(store, hostile.round_id, tmp_path, [hostile.people["Åse Nygård"]], anonymized=True)
    assert {w.format for w in written} == {"md", "html", "csv"} and len(written) >= 30
    with store.read() as db:
        names = [p.name for p in db.exec(select(Participant))]
    assert len(names) == 11
    for item in written:
        data = item.path.read_bytes()
        for name in names:
            for variant in name_variants(name):
                assert variant not in data, f"{variant!r} found in {item.path.name}"
        assert re.search(_("Participant {number}").format(number=r"\d+").encode(), data)
        assert not any(name_bytes in item.path.name.encode() for n in names for name_bytes in name_variants(n))
    with store.read() as db:
        assert all(r.anonymized for r in db.exec(select(ExportRecord)))


def test_anonymized_pseudonyms_match_across_files(store, scenario, tmp_path):
    md = export_session(store, scenario.session_id, tmp_path, formats=["md", "csv"], anonymized=True)
    text = md[0].path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(md[1].path.read_text(encoding="utf-8-sig")), delimiter=";"))
    [jonas] = [row[0] for row in rows[1:] if row[1].startswith(_("late"))]  # late in this session: Jonas
    assert f"@{jonas} vil ta fagbrev" in text, "one mapping for every file of the request"
    pseudonyms = [row[0] for row in rows[1:]]
    assert pseudonyms == sorted(pseudonyms, key=lambda name: int(name.split()[-1])), "rows in pseudonym order"
