"""What reaches a participant's NAV advisor: only with their consent their plan, and the paragraphs
flagged for them alone, each once; nothing about anyone else. Consent is recorded by key on the
roster, the participant page and at check-in, and `p` on the summary writes a file per person."""

from __future__ import annotations

import html
import io
from pathlib import Path

import pytest
from rich.console import Console
from sqlmodel import select

from kursrom.core.catalog import Catalog
from kursrom.core.files import slug
from kursrom.store.consent import consent_history, current_consents, exported_about, record_consent
from kursrom.store.exports import advisor_pages, export_participants
from kursrom.store.models import ExportRecord

SIZE = (80, 24)
#: The paragraph flagged for Mari; it also tags Jonas (conftest.py).
FOR_MARI = "sa hun vil jobbe i barnehage, ønsker praksisplass"
ALL_NOTES = ("valgte ugle", "Jeg er en maur", "trenger hjelp med godkjenning", "Marius hjalp henne", "vil ta fagbrev",
             "uenig om å si nei til overtid", FOR_MARI, "ble sliten av rollespillet", "booke rommet")


def page_text(store, scenario, name: str, tmp_path: Path) -> str:
    [written] = export_participants(store, scenario.round_id, tmp_path / name.split()[0],
                                    [scenario.people[name]])
    return html.unescape(written.path.read_text(encoding="utf-8"))


def agree(store, scenario, *names: str) -> None:
    for name in names:
        record_consent(store, scenario.round_id, scenario.people[name], True)


def test_a_paragraph_tagging_two_people_reaches_only_the_page_it_is_flagged_for(store, scenario, tmp_path):
    agree(store, scenario, "Mari Særheim", "Jonas Bjørkløw")
    mari = page_text(store, scenario, "Mari Særheim", tmp_path)
    jonas = page_text(store, scenario, "Jonas Bjørkløw", tmp_path)
    assert mari.count(FOR_MARI) == 1, "on Mari's page, once"
    assert "@en annen deltaker nikket" in mari and "Jonas" not in mari, "Jonas's name taken out of her page"
    assert FOR_MARI not in jonas, "it tags Jonas too, but it was flagged for Mari"
    assert "ble sliten av rollespillet" not in jonas, "his own paragraph of that note is not flagged"
    assert "vil ta fagbrev" in jonas and "Mari" not in jonas


def test_without_consent_a_page_holds_no_plan_note_or_quote(store, scenario, tmp_path):
    pages = {page.participant.name: page for page in advisor_pages(store, scenario.round_id)}
    for name in ("Åse Nygård", "Олена Коваленко"):
        page = pages[name]
        assert not page.shared and page.sot is None and page.flagged == () and page.way_ahead == ()
        document = page_text(store, scenario, name, tmp_path)
        assert "har ikke samtykket i å dele mer med NAV-veilederen enn oppmøte og status etter kurset" in document
        for text in (*ALL_NOTES, "Fast jobb som barnehageassistent", "Søke tre stillinger", "Ugle"):
            assert text not in document
        assert "til stede" in document, "attendance is on the page"
    assert "i arbeid" in page_text(store, scenario, "Åse Nygård", tmp_path / "again"), "so is the follow-up status"


def test_with_consent_a_page_holds_exactly_the_paragraphs_flagged_for_that_person(store, scenario, tmp_path):
    agree(store, scenario, "Олена Коваленко", "Åse Nygård")
    [olena] = advisor_pages(store, scenario.round_id, [scenario.people["Олена Коваленко"]])
    assert [(p.text, p.follow_up, p.quote) for p in olena.flagged] == [
        ("@Олена Коваленко «Jeg er en maur: jeg gir meg ikke»", False, True),
        ("@Олена Коваленко trenger hjelp med godkjenning av utdanning fra Ukraina; олена spør om norskkurs.",
         True, False)]
    document = page_text(store, scenario, "Олена Коваленко", tmp_path)
    for paragraph in olena.flagged:
        assert document.count(paragraph.text) == 1, "each once"
    for text in ALL_NOTES:
        if text not in ("Jeg er en maur", "trenger hjelp med godkjenning"):
            assert text not in document, f"{text!r} is not flagged for her"
    ase = page_text(store, scenario, "Åse Nygård", tmp_path)
    assert "Fast jobb som barnehageassistent" in ase and "Søke tre stillinger" in ase, "her plan"
    assert "valgte ugle" in ase and "Åse Nygård samtykket 23.11.2026 i at egen plan" in ase


def test_the_way_ahead_goes_with_the_plan_and_only_with_consent(store, scenario, tmp_path):
    from kursrom.store.models import AgendaItem
    from kursrom.store.results import save_result

    with store.session() as db:
        item = AgendaItem(session_id=scenario.session_id, position=9, exercise_id="veien-videre", kind="reflection",
                          title="Veien videre", planned_minutes=20)
        db.add(item)
    ase = scenario.people["Åse Nygård"]
    save_result(store, item.id, "reflection", {"highlights": [{"text": "Søke i Asker kommune", "at": "x"}]}, ase)
    assert "Søke i Asker kommune" not in page_text(store, scenario, "Åse Nygård", tmp_path)
    agree(store, scenario, "Åse Nygård")
    [page] = advisor_pages(store, scenario.round_id, [ase])
    assert [r.lines for r in page.way_ahead] == [("Søke i Asker kommune",)]
    assert "Søke i Asker kommune" in page_text(store, scenario, "Åse Nygård", tmp_path / "then")


def test_withdrawing_applies_to_later_exports_and_lists_the_pages_already_exported(store, scenario, tmp_path):
    olena = scenario.people["Олена Коваленко"]
    agree(store, scenario, "Олена Коваленко")
    first = export_participants(store, scenario.round_id, tmp_path / "a", [olena])
    combined = export_participants(store, scenario.round_id, tmp_path / "b", one_file=True, anonymized=True)
    change = record_consent(store, scenario.round_id, olena, False)
    assert [line.path for line in change.exported] == [str(first[0].path), str(combined[0].path)]
    assert exported_about(store, scenario.people["Marius Berg"])[0].path == str(combined[0].path), \
        "a combined file is about everyone in it"
    later = page_text(store, scenario, "Олена Коваленко", tmp_path / "c")
    assert "trenger hjelp med godkjenning" not in later and "Jeg er en maur" not in later
    assert [c.given for c in consent_history(store, scenario.round_id, olena)] == [False, True], "history kept"
    assert current_consents(store, scenario.round_id)[olena].given is False
    with store.read() as db:
        rows = [r for r in db.exec(select(ExportRecord)) if r.path == str(combined[0].path)]
    assert len(rows) == 7 and {r.participant_id for r in rows} == set(scenario.people.values()) - {
        scenario.people["Sigrid Ødegård"]}


# --------------------------------------------------------------------------------------------------
# The keys


@pytest.fixture
def app(store, scenario, clock):
    from kursrom.app import make_app

    return make_app(Catalog(), store, clock=clock)


def shown(screen, widget_id: str) -> str:
    console = Console(width=78, record=True, file=io.StringIO(), color_system=None)
    console.print(screen.query_one(widget_id).content)
    return console.export_text()


async def settle(pilot) -> None:
    await pilot.pause(0.05)
    await pilot.pause()


async def test_p_on_the_summary_writes_one_file_per_participant(app, store, scenario, tmp_path):
    from kursrom.screens.summary import SummaryScreen

    out = tmp_path / "eksport"
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SummaryScreen(scenario.session_id, out_dir=out))
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        status = str(app.screen.query_one("#summary-status").content)
    files = sorted(out.iterdir())
    assert len(files) == 7 and all(path.suffix == ".html" for path in files), "one file per current participant"
    assert "7 filer" in status
    for path in files:
        document = html.unescape(path.read_text(encoding="utf-8"))
        assert document.count('<section class="page">') == 1
        named = [name for name in scenario.people if name in document]
        assert len(named) == 1, f"{path.name} names {named}"
        assert path.name == f"pro-jobb-og-karriere-til-veiledere-{slug(named[0])}.html"


async def test_consent_by_key_on_the_roster(app, store, scenario, tmp_path):
    from kursrom.screens.roster import RosterScreen

    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(RosterScreen(scenario.round_id))
        await settle(pilot)
        first = app.screen.selected()
        assert first == scenario.people["Jonas Bjørkløw"], "the roster is by name"
        export_participants(store, scenario.round_id, tmp_path, [first])
        await pilot.press("c")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConsentModal"
        await pilot.press("y")
        await settle(pilot)
        assert current_consents(store, scenario.round_id)[first].given
        await pilot.press("c", "n")  # withdrawn: the page exported before is listed
        await settle(pilot)
        assert type(app.screen).__name__ == "ProblemsModal"
        listed = " ".join(str(s.content) for s in app.screen.query(".problem"))
        assert "pro-jobb-og-karriere-til-veiledere-jonas-bjorklow.html" in listed
        await pilot.press("escape")
    assert [c.given for c in consent_history(store, scenario.round_id, first)] == [False, True]


async def test_consent_by_key_on_the_participant_page_and_at_check_in(app, store, scenario, command):
    from kursrom.screens.checkin import CheckInScreen
    from kursrom.screens.participant import ParticipantScreen

    mari = scenario.people["Mari Særheim"]
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(ParticipantScreen(scenario.round_id, mari))
        await settle(pilot)
        assert "Deling med NAV-veilederen: ikke gitt (ikke spurt ennå)" in shown(app.screen, "#p-details")
        await pilot.press("c", "j")
        await settle(pilot)
        assert "Deling med NAV-veilederen: gitt" in shown(app.screen, "#p-details")
        await pilot.press("escape")
        app.push_screen(CheckInScreen(scenario.session_id))
        await settle(pilot)
        table = app.screen.table
        while table.participant_id != mari:
            await pilot.press("down")
        await command(pilot, "c")  # the check-in's keys pass its key guard: one at a time
        await settle(pilot)
        await pilot.press("escape")  # cancelled: nothing recorded
        await settle(pilot)
        assert current_consents(store, scenario.round_id)[mari].given
        await command(pilot, "c")
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("escape")
    assert [c.given for c in consent_history(store, scenario.round_id, mari)] == [False, True]
