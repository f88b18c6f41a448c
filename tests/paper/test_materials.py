"""The printed materials as HTML: what each page says, in which order and language, and who gets a
course certificate. Printing them in a real browser is tests/paper/test_pdf.py."""

from __future__ import annotations

import re

import pytest

from kursrom.store.exports import ExportError
from kursrom.store.paper import PrintRequest, paper_round, print_material, render_material


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def render(store, catalog, round_id, material, **request):
    return render_material(store, catalog, paper_round(store, catalog, round_id), PrintRequest(material, **request))


def test_the_sign_in_sheet_lists_the_roster_in_norwegian_order_with_room_to_sign(store, catalog, paper):
    html = render(store, catalog, paper.round_id, "sign-in", session_id=paper.sessions[4])
    names = re.findall(r'<td class="name">([^<]+)</td>', html)
    assert names == ["Anders Berg", "Yusuf Haddad", "Zara Ali", "Ærlig Dahl", "Øyvind Ås", "Åse Nygård",
                     "Олена Коваленко", "فاطمة الزهراء"]
    assert html.count('<tr class="extra">') == 6, "lines for people who come late or are not on the list"
    text = _text(html)
    assert "Signatur" in text and "Økt 5: Go!" in text and "NAV Asker, kursrom 2" in text
    assert "23.11.2026–21.12.2026" in text and "mandag 21. desember 2026 10:00–12:00" in text


def test_the_sot_sheet_blank_and_filled_for_one_person_in_their_language(store, catalog, paper):
    blank = _text(render(store, catalog, paper.round_id, "sot"))
    assert "Situasjonen nå" in blank and "Ønskesituasjonen" in blank and "Tiltak" in blank
    assert "Navn: ____" in blank and "sykepleier" not in blank
    filled = _text(render(store, catalog, paper.round_id, "sot", participant_id=paper.people["Олена Коваленко"]))
    assert "Олена Коваленко" in filled and "Jeg søker jobb som sykepleier." in filled
    assert "Søke autorisasjon (innen 2027-01-15)" in filled and "Norskkurs B2" in filled
    assert "ukrainsk" not in filled, "the SØT sheet has no Ukrainian text: bokmål only, no empty second language"


def test_cards_are_bilingual_where_the_exercise_is_translated(store, catalog, paper):
    html = render(store, catalog, paper.card_round_id, "cards")
    cards = re.findall(r'<div class="card( category)?"><div class="text">([^<]+)</div>'
                       r'(?:<div class="translation" dir="auto">([^<]+)</div>)?', html)
    assert len(cards) == 3 + 14
    assert [text for category, text, _t in cards if category] == ["Typisk norsk", "Ikke typisk", "Det kommer an på"]
    assert all(translation for _c, _text_, translation in cards), "the round's most common other language: uk"
    assert "На роботу приходять вчасно." in [translation for _c, _x, translation in cards]
    english = render(store, catalog, paper.card_round_id, "cards", lang="en")
    assert "Typically Norwegian" in english
    with pytest.raises(ExportError, match="kortsortering|card sort"):
        render(store, catalog, paper.round_id, "cards")


def test_the_group_rules_poster(store, catalog, paper):
    text = _text(render(store, catalog, paper.round_id, "rules"))
    assert "Gruppereglene våre" in text and all(rule in text for rule in paper.rules)


def test_certificates_for_those_who_attended_the_templates_threshold(store, catalog, paper):
    round_ = paper_round(store, catalog, paper.round_id)
    assert round_.threshold == 4, "pro.toml: certificate_sessions = 4"
    assert [p.name for p in round_.completed] == ["Anders Berg", "Øyvind Ås", "Åse Nygård"]
    text = _text(render(store, catalog, paper.round_id, "certificates"))
    assert text.count("Kursbevis") >= 3 and "Олена" not in text
    assert all(theme in text for theme in ("Hvem er jeg?", "Hva kan jeg?", "Hva vil jeg?", "Hva skal til?", "Go!"))
    assert "Deltok på 4 av 5 økter." in text


def test_invitations_in_each_participants_language_where_the_text_exists(store, catalog, paper):
    html = render(store, catalog, paper.round_id, "invitations", session_id=paper.sessions[4])
    pages = html.split('<section class="page"')[1:]
    assert len(pages) == 8
    by_name = {name: page for name in paper.people for page in pages if name in page}
    assert 'lang="uk"' in by_name["Олена Коваленко"] and "Вітаємо" in by_name["Олена Коваленко"]
    assert "понеділок" in by_name["Олена Коваленко"], "the date in her language, by Babel"
    assert 'dir="rtl"' in by_name["فاطمة الزهراء"] and "مرحبًا" in by_name["فاطمة الزهراء"]
    assert "Hello, Ærlig Dahl!" in by_name["Ærlig Dahl"] and "Monday, December 21, 2026" in by_name["Ærlig Dahl"]
    assert "Hei, Zara Ali!" in by_name["Zara Ali"], "no Tigrinya letter: the bokmål one"
    assert "samling 5 i PRO" in by_name["Åse Nygård"] and "NAV Asker, kursrom 2" in by_name["Åse Nygård"]
    whole = render(store, catalog, paper.round_id, "invitations")
    assert whole.count('<section class="page"') == 8 and whole.count("Hva skal til?") == 8


def test_a_material_is_one_private_file_recorded_as_an_export(store, catalog, paper, tmp_path):
    import os
    import stat

    written = print_material(store, catalog, paper.round_id, tmp_path, PrintRequest("certificates"))
    assert [w.path.name for w in written] == ["pro-jobb-og-karrierekurs-for-unge-kursbevis.html"]
    assert stat.S_IMODE(os.stat(written[0].path).st_mode) == 0o600
    again = print_material(store, catalog, paper.round_id, tmp_path, PrintRequest("certificates"))
    assert again[0].path.name.endswith(" (2).html"), "never over an earlier printout"
    with pytest.raises(ExportError, match="Ukjent materiell posters"):
        print_material(store, catalog, paper.round_id, tmp_path, PrintRequest("posters"))
