"""The summaries themselves, without a terminal: each section of a session's summary, the round
report, the advisor's page, and pseudonyms."""

from __future__ import annotations

import random
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from kursrom.core.reports.data import Person
from kursrom.core.reports.pseudonyms import Pseudonyms, anonymize, others_redactor, redact_others
from kursrom.core.reports.session import moved_items
from kursrom.store.reports import (
    NotFound, build_participant_records, build_round_report, build_session_summary, round_people,
)


def record_of(store, round_id, participant_id):
    return build_participant_records(store, round_id, [participant_id])[0]


def by_name(lines, name):
    return next(line for line in lines if line.participant and line.participant.name == name)


def test_header_names_course_session_theme_date_facilitators_and_place(store, scenario):
    header = build_session_summary(store, scenario.session_id).header
    assert header.course == "PRO – jobb og karriere"
    assert (header.number, header.sessions_in_round, header.theme) == (2, 5, "Hva kan jeg?")
    assert header.planned_start == datetime(2026, 11, 30, 11, 0, tzinfo=timezone.utc)
    assert header.facilitators == "Kari Lunde, Ahmed Rahimi"
    assert header.place == "NAV Asker, kursrom 2"


def test_attendance_is_the_latest_mark_with_its_history(store, scenario):
    summary = build_session_summary(store, scenario.session_id)
    states = {line.participant.name: line.status for line in summary.attendance}
    assert states == {
        "Åse Nygård": "present", "Jonas Bjørkløw": "late", "Олена Коваленко": "present",
        "فاطمة الزهراء": "absent", "Yusuf Haddad": "left_early", "Mari Særheim": "present",
        "Marius Berg": "unmarked",
    }, "Sigrid left the round and was not marked, so she is not listed"
    jonas = by_name(summary.attendance, "Jonas Bjørkløw")
    assert jonas.time == datetime(2026, 11, 30, 11, 18, tzinfo=timezone.utc)
    assert [mark.status for mark in jonas.history] == ["absent", "late"], "the correction is kept"
    assert [mark.terminal for mark in jonas.history] == ["t1", "t2"]
    assert by_name(summary.attendance, "فاطمة الزهراء").reason == "syk"
    assert by_name(summary.attendance, "Yusuf Haddad").time == datetime(2026, 11, 30, 12, 40, tzinfo=timezone.utc)
    assert (summary.present, summary.count("absent"), summary.count("unmarked")) == (5, 1, 1)


def test_agenda_planned_against_actual_from_timer_events(store, scenario):
    agenda = {line.title: line for line in build_session_summary(store, scenario.session_id).agenda}
    assert agenda["Innsjekk"].actual_seconds == 12 * 60
    animal = agenda["Dyreøvelsen"]
    assert animal.actual_seconds == 31 * 60, "18 minutes, a 3-minute pause, then 13 more"
    assert animal.adjusted_seconds == 300
    assert agenda["SØT-modellen"].actual_seconds == 38 * 60 + 30
    assert agenda["Ekstra pause"].added and agenda["Ekstra pause"].actual_seconds == 360
    assert agenda["Hjemmelekse"].skipped and agenda["Hjemmelekse"].actual_seconds is None
    assert agenda["Hjemmelekse"].state == "skipped"
    moved = [title for title, line in agenda.items() if line.moved]
    assert moved == ["Intervjutrening"], "one item moved, not every item after it"


def test_moved_items_are_those_outside_the_longest_kept_order():
    def items(*positions):
        return [SimpleNamespace(id=i, template_position=p, origin="template") for i, p in enumerate(positions)]

    assert moved_items(items(0, 1, 2, 3)) == set()
    assert moved_items(items(3, 0, 1, 2)) == {0}, "the last item moved to the front"
    assert moved_items(items(0, 2, 3, 1)) == {3}
    assert moved_items(items(1, 0)) in ({0}, {1})


def test_a_running_item_counts_up_to_now(store, scenario, clock):
    from kursrom.store.models import CourseSession, TimerEvent

    with store.session() as db:
        session = db.get(CourseSession, scenario.sessions[2])
        session.status, session.started_at = "running", clock.now()
        db.flush()
        from kursrom.store.models import AgendaItem

        item = AgendaItem(session_id=session.id, position=0, kind="talk", title="Arbeidsmarkedet", planned_minutes=20)
        db.add(item)
        db.flush()
        db.add(TimerEvent(item_id=item.id, kind="start", at=clock.now()))
    clock.advance(minutes=7, seconds=5)
    line = build_session_summary(store, scenario.sessions[2]).agenda[0]
    assert line.running and line.actual_seconds == 425 and line.state == "running"


def test_notes_grouped_by_item_with_tags_and_empty_notes_left_out(store, scenario):
    groups = build_session_summary(store, scenario.session_id).note_groups
    assert [group.title for group in groups] == [
        "Innsjekk", "Dyreøvelsen", "SØT-modellen", "Norsk arbeidskultur", "Intervjutrening", "Andre notater"]
    animal = groups[1].notes
    assert [(n.follow_up, n.quote) for n in animal] == [(True, False), (False, True)]
    assert [p.name for p in animal[1].tags] == ["Олена Коваленко"]
    assert animal[1].text == "@Олена Коваленко «Jeg er en maur: jeg gir meg ikke»", "shown without the flag"
    assert len(groups[2].notes) == 2, "the empty autosaved note is not shown"


def test_follow_up_flags_collected_per_participant_and_paragraph(store, scenario):
    follow_ups = build_session_summary(store, scenario.session_id).follow_ups
    listed = [(group.participant.name, [p.text[:22] for p in group.paragraphs]) for group in follow_ups]
    assert listed == [("Jonas Bjørkløw", ["@Jonas Bjørkløw vil ta"]), ("Mari Særheim", ["@Mari Særheim sa hun v"]),
                      ("Åse Nygård", ["@Åse Nygård valgte ugl"]), ("Олена Коваленко", ["@Олена Коваленко treng"])], \
        "only paragraphs flagged for someone, under the person they are flagged for"
    olena = follow_ups[-1].paragraphs[0]
    assert "Marius hjalp henne" not in olena.text, "the note's next paragraph is not flagged"
    assert (olena.index, olena.item_title, olena.session_number) == (0, "SØT-modellen", 2)


def test_exercise_results_by_kind(store, scenario):
    summary = build_session_summary(store, scenario.session_id)
    animals = {r.participant.name: r.lines for r in summary.animals}
    assert animals["Åse Nygård"] == ("Ugle: klok, rolig", "Styrker på jobb: ser detaljer")
    assert animals["Олена Коваленко"] == ("Maur: utholdende",)
    groups, feedback = summary.role_play
    assert groups.participant is None
    assert groups.lines == ("Gruppe 1: Jonas Bjørkløw, Yusuf Haddad, Mari Særheim", "Runder spilt: 1 av 3")
    assert feedback.participant.name == "Jonas Bjørkløw"
    assert feedback.lines == (
        "Runde 1 (intervjuer Yusuf Haddad, observatør Mari Særheim): God øyekontakt; mer konkrete eksempler.",)
    tally = summary.card_sorts[0]
    assert tally.categories == (("typisk", 1), ("ikke typisk", 0), ("det kommer an på", 1))
    assert tally.rows == (("Man sier du til sjefen", "typisk", False),
                          ("Man jobber overtid uten å spørre", "det kommer an på", True),
                          ("Sjefen bestemmer alt", "", False))
    assert tally.disagreed == ("Man jobber overtid uten å spørre",)
    assert summary.highlights[0].participant is None
    assert summary.highlights[0].lines == ("Flere har søkt jobb denne uka.",)


def test_panel_shapes_are_read_and_bookkeeping_is_left_out(store, scenario):
    """The shapes the panels store (kursrom.store.results): highlights as {"text", "at"} entries, an
    animal with "own_animal"; a shape nobody planned for still shows as key: value."""
    from kursrom.store.results import save_result

    item = scenario.items["innsjekk"]
    save_result(store, item, "reflection", {"highlights": [{"text": "Vil bli elektriker", "at": "2026-11-30T11:05"}]},
                scenario.people["Mari Særheim"])
    save_result(store, scenario.items["dyr"], "animal", {"animal": "Rev", "traits": ["kreativ"], "own_animal": False},
                scenario.people["Yusuf Haddad"])
    save_result(store, item, "talk", {"speakers": ["a", "b"]}, scenario.people["Marius Berg"])
    ase, jonas = scenario.people["Åse Nygård"], scenario.people["Jonas Bjørkløw"]
    save_result(store, scenario.items["ekstra"], "presentation",
                {"order": [jonas, ase], "current": None, "shuffles": 1, "times": {str(jonas): 185},
                 "timer": {"seconds": 180}})
    save_result(store, scenario.items["evaluering"], "group_rules", {"rules": ["Vi lytter", "Mobilen på lydløs"]})
    save_result(store, scenario.items["sot"], "sot", {"phase": "plenary", "groups": [[ase]], "timer": {}})
    save_result(store, scenario.items["innsjekk"], "timeline",
                {"entries": [{"period": "2015–2018", "formal": True, "learned": "Sykepleie"},
                             {"period": "2020", "formal": False, "learned": "Frivillig i kor"}]}, ase)
    summary = build_session_summary(store, scenario.session_id)
    assert by_name(summary.highlights, "Mari Særheim").lines == ("Vil bli elektriker",)
    assert by_name(summary.animals, "Yusuf Haddad").lines == ("Rev: kreativ",)
    assert by_name(summary.highlights, "Marius Berg").lines == ("speakers: a; b",)
    group = {r.item_title: r.lines for r in summary.highlights if r.participant is None}
    assert group["Ekstra pause"] == ("1. Jonas Bjørkløw – 3:05", "2. Åse Nygård")
    assert "Evaluering" not in group, "group rules have their own heading, not the highlights'"
    assert [(r.item_title, r.lines) for r in summary.group_rules] == [
        ("Evaluering", ("Vi lytter", "Mobilen på lydløs"))]
    assert "SØT-modellen" not in group, "the SØT panel's state is not a result: the boards are"
    assert by_name(summary.timelines, "Åse Nygård").lines == ("2015–2018 – formell – Sykepleie",
                                                             "2020 – uformell – Frivillig i kor")


def test_sot_board_as_it_stood_at_the_end_of_the_session(store, scenario):
    from kursrom.store.results import save_board

    # A later revision in session 3 does not change what session 2's summary says.
    save_board(store, scenario.people["Åse Nygård"], scenario.sessions[2], situation="I praksis", wish="Fast jobb",
               actions=["Søke"])
    plan = build_session_summary(store, scenario.session_id).sot_plans[0]
    assert plan.participant.name == "Åse Nygård"
    assert plan.situation == "Arbeidsledig i ett år, CV klar"
    assert [(a.text, a.due) for a in plan.actions] == [("Søke tre stillinger", "2026-12-10"),
                                                      ("Spørre om hospitering", "")]
    assert (plan.revisions, plan.first_session) == (2, 1)


def test_evaluation_averages_per_element_and_comments(store, scenario):
    summary = build_session_summary(store, scenario.session_id)
    lines = {e.element: e for e in summary.evaluation}
    assert lines["Dyreøvelsen"].average == pytest.approx(4.4) and lines["Dyreøvelsen"].responses == 5
    assert lines["SØT-modellen"].average == pytest.approx(2.8)
    assert lines["Dyreøvelsen"].distribution == ((4, 3), (5, 2))
    assert summary.comments == ("Mer tid til SØT, takk. Åse likte dyrene.",)


def test_unknown_session_is_one_sentence(store):
    with pytest.raises(NotFound, match="Det finnes ingen økt med id 99"):
        build_session_summary(store, 99)


def test_round_report_matrix_evaluation_and_outcomes(store, scenario):
    report = build_round_report(store, scenario.round_id)
    names = [p.name for p in report.participants]
    assert "Sigrid Ødegård" in names, "she was marked in session 1 before leaving"
    assert len(report.matrix) == len(names) and all(len(row) == 5 for row in report.matrix)
    jonas = report.matrix[names.index("Jonas Bjørkløw")]
    assert [cell.status if cell else None for cell in jonas] == ["present", "late", None, None, None]
    assert report.present_at(0) == 7 and report.present_at(1) == 5
    sot = next(e for e in report.evaluation if e.element == "SØT-modellen")
    assert [(n, round(avg, 2), count) for n, avg, count in sot.per_session] == [(1, 5.0, 4), (2, 2.8, 5)]
    assert sot.average == pytest.approx((20 + 14) / 9)
    outcomes = report.outcomes
    assert outcomes.participants == 7, "the current roster: Sigrid left"
    assert outcomes.in_work_or_education == 2, "Åse's latest status is work; Jonas is in education"
    assert outcomes.share == pytest.approx(2 / 7)
    assert dict(outcomes.counts)["none"] == 4


def test_participant_record_for_the_advisor(store, scenario):
    record = record_of(store, scenario.round_id, scenario.people["Åse Nygård"])
    assert [line.mark.status if line.mark else None for line in record.attendance] == [
        "present", "present", None, None, None]
    assert (record.attended, record.held) == (2, 2)
    assert [(n.text[:10], n.tagged) for n in record.notes] == [("Alle forta", False), ("@Åse Nygår", True)], \
        "the notes tagged to her, and the notes naming her (her first name is hers alone in the round)"
    assert [(p.text[:16], p.follow_up, p.quote) for p in record.flagged] == [("@Åse Nygård valg", True, False)]
    assert not record.consent and not record.consent_given, "nobody asked: not given"
    assert record.sot.revisions == 2 and record.sot.history[0].situation == "Arbeidsledig i ett år"
    assert record.current_follow_up.status == "work" and record.current_follow_up.note == "Barnehageassistent"
    assert [entry.status for entry in record.follow_up] == ["work", "seeking"], "newest first"
    assert [r.item_title for r in record.results] == ["Dyreøvelsen"]


def test_an_advisor_page_names_nobody_else(store, scenario):
    olena = record_of(store, scenario.round_id, scenario.people["Олена Коваленко"])
    assert "Marius" in " ".join(n.text for n in olena.notes)
    redacted = redact_others(olena, others_redactor(round_people(store, scenario.round_id)))
    text = " ".join(n.text for n in redacted.notes)
    assert "Marius" not in text and "en annen deltaker hjalp henne" in text
    assert "@Олена Коваленко trenger hjelp" in text, "her own name stays"
    assert redacted.participant.name == "Олена Коваленко"


def test_unknown_or_unenrolled_participant(store, scenario):
    from kursrom.store.models import Participant

    with pytest.raises(NotFound, match="Det finnes ingen deltaker med id 999"):
        record_of(store, scenario.round_id, 999)
    with store.session() as db:
        outsider = Participant(name="Utenfor", created_at=store.now())
        db.add(outsider)
    with pytest.raises(NotFound, match="er ikke påmeldt"):
        record_of(store, scenario.round_id, outsider.id)


# --------------------------------------------------------------------------------------------------
# Pseudonyms


@pytest.fixture
def pseudonyms():
    people = [Person(1, "Åse Nygård"), Person(2, "Mari Særheim"), Person(3, "Marius Berg"),
              Person(4, "Олена Коваленко"), Person(5, "فاطمة الزهراء"), Person(6, "Mari Lie")]
    return Pseudonyms(people, label="Deltaker {number}")


@pytest.mark.parametrize(("text", "expected"), [
    ("Åse Nygård kom", "Deltaker 1 kom"),
    ("åse sa ja, ÅSE sa nei", "Deltaker 1 sa ja, Deltaker 1 sa nei"),
    ("Åses CV og Åse's søknad", "Deltaker 1s CV og Deltaker 1's søknad"),
    ("Marius hjalp Mari Særheim", "Deltaker 3 hjalp Deltaker 2"),
    ("Mari var stille", "Deltaker 2/Deltaker 6 var stille"),  # two Maris: both pseudonyms
    ("Åse\nNygård", "Deltaker 1"),
    ("олена і Коваленко", "Deltaker 4 і Deltaker 4"),
    ("وفاطمة جاءت", "وDeltaker 5 جاءت"),
    ("Nygårdsvegen 3 og Åsebø", "Nygårdsvegen 3 og Åsebø"),  # words that merely start like a name
])
def test_pseudonyms_in_free_text(pseudonyms, text, expected):
    assert pseudonyms.text(text) == expected


def test_an_anonymized_round_report_is_sorted_by_pseudonym(store, scenario):
    report = build_round_report(store, scenario.round_id)
    pseudonyms = Pseudonyms.shuffled(round_people(store, scenario.round_id), random.Random(7))
    anonymized = anonymize(report, pseudonyms)
    assert [p.name for p in anonymized.participants] == [f"Deltaker {n}" for n in range(1, 9)], \
        "the rows in pseudonym order, not in the order of the names"
    for person, row in zip(anonymized.participants, anonymized.matrix):
        original = report.matrix[[p.id for p in report.participants].index(person.id)]
        assert [c.status if c else None for c in row] == [c.status if c else None for c in original], \
            "each row moved with its person"
    assert pseudonyms.names != {p.id: f"Deltaker {i}" for i, p in enumerate(report.participants, start=1)}
