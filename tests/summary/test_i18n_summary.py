"""The exports speak the interface language: every string in the templates is known to Python (so
scripts/i18n.py extracts it) and every string of this area has a bokmål translation."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from jinja2.ext import babel_extract

from kursrom.core.export import FILE_WORDS, MATRIX_MARKS, TEMPLATES, render_session
from kursrom.core.summary import build_session_summary
from kursrom.i18n import set_language

ROOT = Path(__file__).resolve().parents[2]
MODULES = ("kursrom/core/summary.py", "kursrom/core/export.py", "kursrom/commands/export.py",
           "kursrom/screens/summary.py")
FRAGMENT = ROOT / "i18n" / "summary.nb.po"


def template_messages() -> set[str]:
    found = set()
    for path in TEMPLATES.iterdir():
        with open(path, "rb") as handle:
            for _line, _function, message, _comments in babel_extract(handle, ["_"], [], {}):
                found.add(message)
    return found


def test_templates_have_strings_to_translate():
    assert len(template_messages()) > 50


@pytest.mark.skipif(not FRAGMENT.is_file(), reason="needs the source checkout")
def test_every_string_of_this_area_has_a_bokmal_translation():
    with open(FRAGMENT, "rb") as handle:
        translated = {m.id: m.string for m in read_po(handle, locale="nb") if m.id}
    wanted = set()
    for module in MODULES:
        for _line, message, _comments, _context in extract_from_file(
                "python", ROOT / module, keywords={"_": None, "N_": None, "ngettext": (1, 2)}):
            wanted.add(message)
    wanted |= template_messages()
    assert wanted >= set(FILE_WORDS.values()) | {"L", "E"}
    missing = [m for m in wanted if not translated.get(m) or (isinstance(m, tuple) and not all(translated[m]))]
    assert not missing


def test_an_export_follows_the_interface_language(store, scenario):
    summary = build_session_summary(store, scenario.session_id)
    assert "Oppfølging for NAV-veilederne" in render_session(summary, "html")
    set_language("en")
    english = render_session(build_session_summary(store, scenario.session_id), "html")
    assert "Follow-up for the NAV advisors" in english and "Oppfølging" not in english
    assert "4.4" in english and MATRIX_MARKS["present"] == "✓"
