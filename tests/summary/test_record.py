"""One record per participant: the participant page and the advisor pages are built by the same
builder with the same rule for which notes are about a person, so what the facilitator sees about
someone is what is exported about them."""

from __future__ import annotations

import html
import io

from rich.console import Console

from kursrom.core.catalog import Catalog
from kursrom.core.reports.pseudonyms import others_redactor, redact_others
from kursrom.core.reports.text import attendance_text
from kursrom.core.vocabulary import FollowUpStatus
from kursrom.store.exports import advisor_records, export_participants
from kursrom.store.reports import build_participant_records, round_people

SIZE = (100, 40)


def shown(screen, widget_id: str) -> str:
    console = Console(width=98, record=True, file=io.StringIO(), color_system=None)
    console.print(screen.query_one(widget_id).content)
    return console.export_text()


async def record_on_screen(store, clock, round_id: int, participant_id: int):
    """The participant page's record, and its notes and results as the page shows them."""
    from kursrom.app import make_app
    from kursrom.screens.participant import ParticipantScreen

    app = make_app(Catalog(), store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ParticipantScreen(round_id, participant_id))
        await pilot.pause(0.05)
        await pilot.pause()
        screen = app.screen
        return screen.record, shown(screen, "#p-notes"), shown(screen, "#p-results")


async def test_the_page_and_the_advisor_export_show_the_same_record(store, scenario, clock, tmp_path):
    ase = scenario.people["Åse Nygård"]
    on_screen, notes_text, results_text = await record_on_screen(store, clock, scenario.round_id, ase)
    exported = build_participant_records(store, scenario.round_id, [ase])[0]
    assert on_screen.notes == exported.notes
    assert on_screen.attendance == exported.attendance
    assert on_screen.sot == exported.sot
    assert on_screen.results == exported.results
    assert on_screen.follow_up == exported.follow_up
    assert on_screen == exported

    # The page shows what the record holds, the mentioned note marked as such.
    assert [n.tagged for n in on_screen.notes] == [False, True]
    assert "Alle fortalte kort om uka" in notes_text and "nevnt" in notes_text and "Åse valgte ugle" in notes_text
    assert "Ugle: klok, rolig" in results_text

    # The advisor's page is that record with the other participants' names taken out, and says all of it.
    advisor = advisor_records(store, scenario.round_id, [ase])[0]
    assert advisor == redact_others(on_screen, others_redactor(round_people(store, scenario.round_id)))
    [page] = export_participants(store, scenario.round_id, tmp_path, [ase], formats=["html"])
    document = html.unescape(page.path.read_text(encoding="utf-8"))
    assert "Alle fortalte kort om uka. Åse og en annen deltaker var stille." in document
    for note in advisor.notes:
        assert note.text in document
    for action in advisor.sot.actions:
        assert action.text in document
    for line in (text for result in advisor.results for text in result.lines):
        assert line in document
    for session in advisor.attendance:
        if session.mark:
            assert attendance_text(session.mark) in document
    current = advisor.current_follow_up
    assert FollowUpStatus.label_of(current.status) in document and current.note in document


async def test_a_note_that_names_someone_is_on_their_page_and_in_their_export(store, scenario, clock):
    """Marius is named in a note tagged to Олена; the note is on both their pages."""
    marius = scenario.people["Marius Berg"]
    on_screen, notes_text, _results = await record_on_screen(store, clock, scenario.round_id, marius)
    assert [(n.text[:20], n.tagged) for n in on_screen.notes] == [("Олена trenger hjelp ", False)]
    assert "Marius hjalp henne" in notes_text
    [advisor] = advisor_records(store, scenario.round_id, [marius])
    assert advisor.notes[0].text.startswith("en annen deltaker trenger hjelp"), "Олена's name is taken out"
    assert "Marius hjalp henne" in advisor.notes[0].text, "his own name stays on his page"
