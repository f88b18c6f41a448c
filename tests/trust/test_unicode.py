"""Names and notes in Norwegian, Cyrillic and Arabic (right to left), with emoji and a 300-character
word, survive the database unchanged and are shown on the home, round and participant screens.
(Exports are tested by the export engineer's tests.)"""

from __future__ import annotations

import html
import re
import sqlite3
import unicodedata

from rich.cells import cell_len
from sqlmodel import select

from kursrom.app import make_app
from kursrom.store.models import Note, Participant
from kursrom.store.rounds import add_participant, agenda_of, create_round, enrol, get_round, sessions_of
from kursrom.widgets.round_list import RoundList

#: One word of 300 characters, as a pasted link or a name typed without spaces can be.
LONG_WORD = ("Donaudampfskipsselskapskaptein" + "ÆØÅæøå" + "Ёё" * 140)[:300]
NAMES = [
    "Åse Ødegård-Bjørnstad",
    "Олена Коваленко",
    "فاطمة الزهراء",
    "Yusuf 🦊 Haddad",
    "Ngọc Ánh Nguyễn",  # given decomposed, stored composed (NFC) like every name (issue 17)
]
TITLE = "Kurs for ÆØÅ – Група – مجموعة 🌱 " + LONG_WORD
NOTE = "Олена: «Я хочу працювати». فاطمة قالت: أريد أن أعمل 👍 " + LONG_WORD


def visible_lines(app) -> list[str]:
    """The screen as text, one string a line, from the same rendering the snapshots use."""
    svg = app.export_screenshot(simplify=True)
    rows: dict[float, list[tuple[float, str]]] = {}
    for match in re.finditer(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        x, y, text = float(match[1]), float(match[2]), html.unescape(match[3])
        rows.setdefault(y, []).append((x, text.replace("\xa0", " ")))
    return ["".join(text for _x, text in sorted(parts)) for _y, parts in sorted(rows.items())]


def build(store, catalog) -> tuple[int, list[int]]:
    course_round = create_round(store, catalog, catalog.template("pro"), start=store.clock.local_now().date(),
                                title=TITLE, place="Rom 🚪 2", facilitators="Kari Ødegård, Ахмед")
    ids = [add_participant(store, unicodedata.normalize("NFD", name) if "Nguyễn" in name else name,
                           accessibility_note=LONG_WORD).id for name in NAMES]
    long_person = add_participant(store, LONG_WORD[:80]).id
    enrol(store, course_round.id, ids + [long_person])
    session = sessions_of(store, course_round.id)[0]
    with store.session() as db:
        db.add(Note(session_id=session.id, item_id=agenda_of(store, session.id)[0].id, text=NOTE,
                    created_at=store.now(), updated_at=store.now()))
    return course_round.id, ids + [long_person]


def test_text_survives_the_database_unchanged(store, catalog, db_path):
    round_id, ids = build(store, catalog)
    expected = [unicodedata.normalize("NFC", n) for n in NAMES] + [LONG_WORD[:80]]
    with store.read() as db:
        assert [db.get(Participant, i).name for i in ids] == expected
        assert db.exec(select(Note)).one().text == NOTE
    assert get_round(store, round_id).title == TITLE
    store.close()
    conn = sqlite3.connect(db_path)  # and as bytes on disk: UTF-8, nothing escaped or normalised
    assert [row[0] for row in conn.execute("SELECT name FROM participant ORDER BY id")] == expected
    assert conn.execute("SELECT text FROM note").fetchone()[0] == NOTE
    assert len(conn.execute("SELECT accessibility_note FROM participant").fetchone()[0]) == 300
    conn.close()


async def test_names_and_titles_are_shown_on_the_screens(store, catalog, clock):
    round_id, _ids = build(store, catalog)
    app = make_app(catalog, store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = "\n".join(visible_lines(app))
        assert "Kurs for ÆØÅ – Група" in home, home
        rounds = app.screen.query_one("#rounds", RoundList)
        assert str(rounds.cells(0)[0]) == TITLE, "the whole title is kept, though only its start fits"

        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "RoundScreen"
        round_text = "\n".join(visible_lines(app))
        assert "Kurs for ÆØÅ – Група – مجموعة 🌱" in round_text
        assert "Rom 🚪 2" in round_text and "Ахмед" in round_text

        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert type(app.screen).__name__ == "RosterScreen"
        shown = unicodedata.normalize("NFC", "\n".join(visible_lines(app)))
        for name in NAMES:
            # Long names are cut to the column with an ellipsis; the start is always there.
            assert unicodedata.normalize("NFC", name)[:15] in shown, name
        assert "Олена Коваленко" in shown and "فاطمة الزهراء" in shown and "Yusuf 🦊 Haddad" in shown
        assert LONG_WORD[:12] in shown, "a 300-character word is cut to fit, not dropped"
        assert max(cell_len(line) for line in visible_lines(app)) <= 80, "wide characters do not push past the edge"
