"""One record per participant: the participant page shows it, and the advisor page takes from the
same record what the participant's consent lets through, so what is exported about someone is always
something the facilitator sees on their page."""

from __future__ import annotations

import html
import io

from rich.console import Console

from kursrom.core.catalog import Catalog
from kursrom.core.reports.advisor import advisor_page
from kursrom.core.reports.pseudonyms import others_redactor, redact_others
from kursrom.core.reports.text import attendance_text
from kursrom.core.vocabulary import FollowUpStatus
from kursrom.store.consent import record_consent
from kursrom.store.exports import advisor_pages, export_participants
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
    record_consent(store, scenario.round_id, ase, True)
    on_screen, notes_text, results_text = await record_on_screen(store, clock, scenario.round_id, ase)
    exported = build_participant_records(store, scenario.round_id, [ase])[0]
    assert on_screen.notes == exported.notes
    assert on_screen.attendance == exported.attendance
    assert on_screen.sot == exported.sot
    assert on_screen.results == exported.results
    assert on_screen.follow_up == exported.follow_up
    assert on_screen.flagged == exported.flagged and on_screen.consent == exported.consent
    assert on_screen == exported

    # The page shows what the record holds, the mentioned note marked as such.
    assert [n.tagged for n in on_screen.notes] == [False, True]
    assert "Alle fortalte kort om uka" in notes_text and "nevnt" in notes_text and "valgte ugle" in notes_text
    assert "oppfølging" in notes_text
    assert "Ugle: klok, rolig" in results_text

    # Her advisor's page is what her consent lets through of that record, the others' names taken out.
    advisor = advisor_pages(store, scenario.round_id, [ase])[0]
    redactor = others_redactor(round_people(store, scenario.round_id))
    assert advisor == redact_others(advisor_page(on_screen), redactor)
    assert advisor.flagged == on_screen.flagged and advisor.sot == on_screen.sot
    [page] = export_participants(store, scenario.round_id, tmp_path, [ase], formats=["html"])
    document = html.unescape(page.path.read_text(encoding="utf-8"))
    assert "Alle fortalte kort om uka" not in document, "a note that only names her is not flagged for her advisor"
    for paragraph in advisor.flagged:
        assert paragraph.text in document
    for action in advisor.sot.actions:
        assert action.text in document
    assert "Ugle: klok, rolig" not in document, "exercise results other than her plan stay in the course"
    for session in advisor.attendance:
        if session.mark:
            assert attendance_text(session.mark) in document
    current = advisor.follow_up
    assert FollowUpStatus.label_of(current.status) in document and current.note in document


async def test_a_note_that_names_someone_is_on_their_page_not_their_advisors(store, scenario, clock):
    """Marius is named in a note tagged to Олена; the note is on his page for the facilitator, but
    nothing in it is flagged for him, so his advisor never sees it."""
    marius = scenario.people["Marius Berg"]
    record_consent(store, scenario.round_id, marius, True)
    on_screen, notes_text, _results = await record_on_screen(store, clock, scenario.round_id, marius)
    assert [(n.text[:20], n.tagged) for n in on_screen.notes] == [("@Олена Коваленко tre", False)]
    assert "Marius hjalp henne" in notes_text
    [advisor] = advisor_pages(store, scenario.round_id, [marius])
    assert advisor.shared and advisor.flagged == ()
