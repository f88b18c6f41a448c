"""The exports speak the interface language: the templates' strings are extracted with the code's
(tests/core/test_i18n.py checks each has a bokmål translation), and an export follows the language."""

from __future__ import annotations

from babel.messages.pofile import read_po
from jinja2.ext import babel_extract

from kursrom.core.rendering.documents import MATRIX_MARKS, TEMPLATES, render_session
from kursrom.store.exports import FILE_WORDS
from kursrom.store.reports import build_session_summary
from kursrom.i18n import set_language


def template_messages() -> set[str]:
    found = set()
    for path in sorted(TEMPLATES.rglob("*.*")):  # the paper's templates too (templates/paper/)
        with open(path, "rb") as handle:
            for _line, _function, message, _comments in babel_extract(handle, ["_"], [], {}):
                found.add(message)
    return found


def test_every_string_of_the_exports_has_a_bokmal_translation():
    from kursrom.i18n import LOCALE_DIR

    with open(LOCALE_DIR / "nb" / "LC_MESSAGES" / "kursrom.po", "rb") as handle:
        translated = {m.id: m.string for m in read_po(handle, locale="nb") if m.id and m.string}
    wanted = template_messages() | set(FILE_WORDS.values()) | {"L", "E"}
    assert len(wanted) > 50
    assert sorted(wanted - set(translated)) == []


def test_an_export_follows_the_interface_language(store, scenario):
    summary = build_session_summary(store, scenario.session_id)
    assert "Oppfølging for NAV-veilederne" in render_session(summary, "html")
    set_language("en")
    english = render_session(build_session_summary(store, scenario.session_id), "html")
    assert "Follow-up for the NAV advisors" in english and "Oppfølging" not in english
    assert "4.4" in english and MATRIX_MARKS["present"] == "✓"
