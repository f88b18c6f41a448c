"""The report builders on plain data, without a database: what the store reads is all they need."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from kursrom.core.reports.data import AttendanceMark, EnrolmentState, Person, PersonDetails, RoundHeader
from kursrom.core.reports.inputs import (
    BoardRow, Enrolled, FollowUpRow, ItemRow, NoteRow, RecordData, ResultRow, RevisionRow, RoundData,
    RoundReportData, ScoreRow, SessionData, SessionRow, Subject, TimerRow,
)
from kursrom.core.reports.record import participant_records
from kursrom.core.reports.round import round_report
from kursrom.core.reports.session import session_summary

START = datetime(2026, 11, 23, 11, 0, tzinfo=timezone.utc)
ASE, MARI, MARIUS, SIGRID = Person(1, "Åse Nygård"), Person(2, "Mari Særheim"), Person(3, "Marius Berg"), \
    Person(4, "Sigrid Ødegård")


def minutes(n: float) -> datetime:
    return START + timedelta(minutes=n)


def a_round() -> RoundData:
    sessions = tuple(SessionRow(9 + n, n, f"Uke {n}", theme, status, START + timedelta(weeks=n - 1))
                     for n, theme, status in ((1, "Hvem er jeg?", "done"), (2, "Hva kan jeg?", "planned")))
    roster = (Enrolled(ASE), Enrolled(MARI), Enrolled(MARIUS),
              Enrolled(SIGRID, EnrolmentState(minutes(200), "Fikk jobb")))
    return RoundData(RoundHeader(5, "PRO", "pro", date(2026, 11, 23), "Kari", "NAV Asker"), sessions, roster)


def mark(status: str, at: float, **extra) -> AttendanceMark:
    return AttendanceMark(status, minutes(at), extra.get("time"), extra.get("reason", ""), "t1")


ITEMS = (ItemRow(100, 10, 0, "Innsjekk", "reflection", 10), ItemRow(101, 10, 1, "Dyreøvelsen", "animal", 20))
NOTES = (
    NoteRow(1, 10, 100, "Åse og Mari var stille.", created_at=minutes(5)),
    NoteRow(2, 10, 101, "⚑@Åse Nygård vil bli kokk", created_at=minutes(20), tags=(1,)),
    NoteRow(3, 10, 101, "Marius hjalp Åses gruppe", created_at=minutes(30), tags=(3,)),
    NoteRow(4, 10, 101, "   ", created_at=minutes(31)),
)
MARKS = {(10, 1): (mark("absent", -1), mark("late", 12, time=minutes(10))), (10, 2): (mark("present", -2),),
         (10, 4): (mark("absent", -2, reason="jobbintervju"),)}


def test_a_session_summary_from_plain_data():
    data = SessionData(a_round(), 10, minutes(130), ITEMS,
                       (TimerRow(1, 100, "start", minutes(0)), TimerRow(2, 100, "finish", minutes(12))), MARKS,
                       NOTES, (ResultRow(1, 101, 1, "animal", {"animal": "Ugle", "traits": ["klok"]}),), (),
                       (ScoreRow(1, 10, 101, "Dyreøvelsen", 1, 5, 4, 3),), ("Bra!",), ())
    summary = session_summary(data)
    assert [(line.participant.name, line.status) for line in summary.attendance] == [
        ("Mari Særheim", "present"), ("Marius Berg", "unmarked"), ("Sigrid Ødegård", "absent"),
        ("Åse Nygård", "late")], "the last mark stored is the current one; Sigrid was marked before leaving"
    assert summary.attendance[-1].corrected
    assert summary.agenda[0].actual_seconds == 12 * 60 and summary.agenda[1].actual_seconds is None
    first = summary.note_groups[0].notes[0]
    assert [p.name for p in first.mentions] == ["Mari Særheim", "Åse Nygård"], "each note knows whom it names"
    assert [n.id for group in summary.note_groups for n in group.notes] == [1, 2, 3], "the empty note left out"
    assert [(f.participant.name, [p.text for p in f.paragraphs]) for f in summary.follow_ups] == [
        ("Åse Nygård", ["@Åse Nygård vil bli kokk"])], "the flag is on her tag; the text shows without it"
    assert summary.animals[0].lines == ("Ugle: klok",)
    assert summary.evaluation[0].average == 4 and summary.comments == ("Bra!",)


def test_a_round_report_from_plain_data():
    data = RoundReportData(a_round(), MARKS, (ScoreRow(1, 10, 101, "Dyreøvelsen", 1, 5, 5, 2),), {101: 1},
                           (FollowUpRow(1, 1, "seeking", date(2027, 1, 1), None),
                            FollowUpRow(2, 1, "work", date(2027, 2, 1), None)))
    report = round_report(data)
    assert [p.name for p in report.participants] == ["Mari Særheim", "Marius Berg", "Sigrid Ødegård", "Åse Nygård"]
    assert report.present_at(0) == 2 and report.matrix[2][0].status == "absent"
    assert report.outcomes.participants == 3 and report.outcomes.in_work_or_education == 1


def test_a_participant_record_from_plain_data():
    board = BoardRow(1, 1, 5, (RevisionRow(1, 10, "Uten jobb", "Kokk", ({"text": "Søke", "date": None},), minutes(40)),
                               RevisionRow(2, 11, "Uten jobb", "Kokk i Asker", ("Ringe",), minutes(50))))
    older = BoardRow(2, 1, None, (RevisionRow(3, None, "Før", "Noe", (), minutes(-900)),))
    data = RecordData(a_round(), (Subject(ASE, PersonDetails(language="nb"), EnrolmentState()),), ITEMS, MARKS,
                      NOTES, (ResultRow(1, 101, 1, "animal", {"animal": "Ugle"}), ResultRow(2, 101, 1, "sot", {})),
                      (older, board), (FollowUpRow(1, 1, "seeking", date(2027, 1, 1), None),
                                       FollowUpRow(2, 1, "work", date(2027, 2, 1), None, "Kokk")))
    [record] = participant_records(data)
    assert [(n.id, n.tagged) for n in record.notes] == [(1, False), (2, True), (3, False)], \
        "tagged to her, or naming her: by first name, and with a genitive"
    assert [(p.note_id, p.index, p.follow_up, p.quote) for p in record.flagged] == [(2, 0, True, False)]
    assert [line.mark.status if line.mark else None for line in record.attendance] == ["late", None]
    assert record.attendance[0].corrections == 1 and (record.attended, record.held) == (1, 1)
    assert record.sot.wish == "Kokk i Asker" and [a.text for a in record.sot.actions] == ["Ringe"]
    assert record.sot.history[0].wish == "Kokk" and record.sot.first_session == 1, "this round's board, not the older"
    assert [r.lines for r in record.results] == [("Ugle",)], "the SØT panel's own state is no result"
    assert [f.status for f in record.follow_up] == ["work", "seeking"] and record.current_follow_up.note == "Kokk"
    assert record.details.language == "nb" and record.removed_reason == ""
