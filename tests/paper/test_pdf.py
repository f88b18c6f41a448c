"""Each printed material in a real browser: headless Chromium prints it to PDF on A4, and the PDF
has the pages expected (one sign-in sheet, a card page per eight cards, a certificate per person
who completed, a letter per participant). Without Chromium (a laptop) these tests skip; CI installs
Debian's chromium package in .ci/run."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kursrom.store.paper import PrintRequest, print_material
from kursrom.store.rounds import add_participant, enrol

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="no chromium here; CI prints the materials to PDF")]
#: A4 in PDF points (1/72 inch): 210 x 297 mm.
A4 = (595.3, 841.9)


def pdf_of(html: Path, tmp_path: Path) -> bytes:
    pdf = html.with_suffix(".pdf")
    # A first start of Chromium on a busy machine can take long: generous, never a measure of speed.
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
                    f"--user-data-dir={tmp_path / 'chromium'}", f"--print-to-pdf={pdf}", html.as_uri()],
                   check=True, capture_output=True, timeout=180)
    return pdf.read_bytes()


def pages(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's size in points, from its /MediaBox (the PDF's page objects, not /Pages)."""
    sizes = []
    for match in re.finditer(rb"/Type\s*/Page(?![a-zA-Z])", pdf):
        window = pdf[max(0, match.start() - 600): match.end() + 600]
        box = re.search(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", window)
        sizes.append((float(box.group(3)), float(box.group(4))) if box else A4)
    return sizes


@pytest.mark.parametrize(("material", "options", "expected"), [
    ("sign-in", {"session": 4}, 1),
    ("sot", {}, 1),
    ("sot", {"participant": "Олена Коваленко"}, 1),
    ("cards", {"cards": True}, 3),  # 3 categories + 14 statements, eight a page
    ("rules", {}, 1),
    ("certificates", {}, 3),  # Anders, Øyvind and Åse attended 4 of 5 (PRO's threshold)
    ("invitations", {}, 8),  # one letter a participant, for the whole round
    ("invitations", {"session": 4}, 8),
])
def test_each_material_prints_on_a4_with_the_expected_pages(store, catalog, paper, tmp_path, material, options,
                                                             expected):
    request = PrintRequest(
        material, session_id=paper.sessions[options["session"]] if "session" in options else None,
        participant_id=paper.people[options["participant"]] if "participant" in options else None)
    round_id = paper.card_round_id if options.get("cards") else paper.round_id
    written = print_material(store, catalog, round_id, tmp_path / "out", request)
    sizes = pages(pdf_of(written[0].path, tmp_path))
    assert len(sizes) == expected, (material, options)
    assert all(abs(w - A4[0]) < 2 and abs(h - A4[1]) < 2 for w, h in sizes), sizes


def test_an_invitation_to_a_round_of_twenty_sessions_is_one_page(store, catalog, paper, tmp_path):
    written = print_material(store, catalog, paper.card_round_id, tmp_path / "out", PrintRequest("invitations"))
    assert len(pages(pdf_of(written[0].path, tmp_path))) == 2, "two participants, a letter each"


def test_a_long_roster_takes_a_second_sign_in_sheet(store, catalog, paper, tmp_path):
    enrol(store, paper.round_id, [add_participant(store, f"Deltaker {n:02d}").id for n in range(22)])
    written = print_material(store, catalog, paper.round_id, tmp_path / "out",
                             PrintRequest("sign-in", session_id=paper.sessions[4]))
    assert len(pages(pdf_of(written[0].path, tmp_path))) == 2
