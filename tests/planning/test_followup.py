"""Follow-up after the course, and a participant's record across a round."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlmodel import select

from kursrom.store.followup import current_follow_ups, follow_up_history, follow_up_share, record_follow_up
from kursrom.store.models import AgendaItem, ExerciseResult, Note, NoteTag, SotBoard, SotRevision
from kursrom.store.reports import build_participant_record as participant_record
from kursrom.store.rounds import PlanningError, add_participant, enrol, sessions_of, unenrol

UTC = timezone.utc


@pytest.fixture
def people(pro_round, store):
    names = ["Åse Nygård", "Jonas Berg", "Олена Коваленко", "Yusuf Haddad", "Mari Særheim"]
    ids = [add_participant(store, name).id for name in names]
    enrol(store, pro_round.id, ids)
    return dict(zip(names, ids))


def test_the_share_in_work_or_education(pro_round, store, people):
    round_id = pro_round.id
    record_follow_up(store, round_id, people["Åse Nygård"], "work", date(2026, 6, 1))
    record_follow_up(store, round_id, people["Jonas Berg"], "education", date(2026, 6, 1))
    record_follow_up(store, round_id, people["Олена Коваленко"], "seeking", date(2026, 6, 1))
    record_follow_up(store, round_id, people["Олена Коваленко"], "work", date(2026, 8, 15), "Butikkjobb")
    share = follow_up_share(store, round_id)
    assert share.in_work_or_education == 3 and share.participants == 5
    assert share.share == pytest.approx(0.6)
    # Nobody recorded a status for two of them: "not recorded", not "unknown" (README, Follow-up).
    assert dict(share.counts) == {"work": 2, "education": 1, "school_and_work": 0, "measure": 0, "seeking": 0,
                                  "unknown": 0, "none": 2}, "PRO's own statuses, in its order"
    assert "3" in share.describe() and "60\xa0%" in share.describe()
    assert current_follow_ups(store, round_id)[people["Олена Коваленко"]].note == "Butikkjobb"
    assert [r.status for r in follow_up_history(store, round_id, people["Олена Коваленко"])] == ["work", "seeking"]


def test_a_later_entry_with_an_earlier_date_does_not_replace_the_current_status(pro_round, store, people):
    record_follow_up(store, pro_round.id, people["Mari Særheim"], "work", date(2026, 9, 1))
    record_follow_up(store, pro_round.id, people["Mari Særheim"], "seeking", date(2026, 6, 1))  # filled in late
    assert current_follow_ups(store, pro_round.id)[people["Mari Særheim"]].status == "work"


def test_people_removed_from_the_round_are_not_counted(pro_round, store, people):
    unenrol(store, pro_round.id, people["Yusuf Haddad"], "Flyttet")
    assert follow_up_share(store, pro_round.id).participants == 4


def test_bad_status_or_stranger_is_refused(pro_round, store, people):
    with pytest.raises(PlanningError):
        record_follow_up(store, pro_round.id, people["Åse Nygård"], "retired", date(2026, 6, 1))
    stranger = add_participant(store, "Ola")
    with pytest.raises(PlanningError):
        record_follow_up(store, pro_round.id, stranger.id, "work", date(2026, 6, 1))


def test_the_participant_record(pro_round, store, people, clock):
    ase = people["Åse Nygård"]
    first, second = sessions_of(store, pro_round.id)[:2]
    now = clock.now()
    with store.session() as db:
        item = db.exec(select(AgendaItem).where(AgendaItem.session_id == first.id,
                                                AgendaItem.kind == "animal")).first()
        tagged = Note(session_id=first.id, text="Vil bli kokk", follow_up=True, created_at=now, updated_at=now)
        named = Note(session_id=second.id, text="Åse hjalp Jonas med CV-en", created_at=now, updated_at=now)
        other = Note(session_id=second.id, text="Jonas var stille", created_at=now, updated_at=now)
        db.add_all([tagged, named, other])
        db.flush()
        db.add(NoteTag(note_id=tagged.id, participant_id=ase))
        db.add(ExerciseResult(item_id=item.id, participant_id=ase, kind="animal",
                              data={"animal": "ugle", "traits": ["klok", "rolig"]}, updated_at=now))
        board = SotBoard(participant_id=ase, round_id=pro_round.id, created_at=now)
        db.add(board)
        db.flush()
        db.add(SotRevision(board_id=board.id, session_id=first.id, situation="Uten jobb", wish="Kokk",
                           actions=[{"text": "Søke kokkelinja", "date": None}], saved_at=now))
        db.add(SotRevision(board_id=board.id, session_id=second.id, situation="Uten jobb", wish="Kokk i Asker",
                           actions=[{"text": "Søke kokkelinja", "date": "2026-04-15"},
                                    {"text": "Ringe restaurant", "date": None}],
                           saved_at=datetime(2026, 11, 30, 12, tzinfo=UTC)))
    record_follow_up(store, pro_round.id, ase, "education", date(2026, 8, 20))
    record = participant_record(store, pro_round.id, ase)
    assert record.participant.name == "Åse Nygård"
    assert [(n.session_number, n.text, n.tagged) for n in record.notes] == [
        (1, "Vil bli kokk", True), (2, "Åse hjalp Jonas med CV-en", False)]
    assert record.sot.wish == "Kokk i Asker" and record.sot.revisions == 2
    assert [a.text for a in record.sot.actions] == ["Søke kokkelinja", "Ringe restaurant"]
    assert [(r.kind, r.lines[0]) for r in record.results] == [("animal", "ugle: klok, rolig")]
    assert record.follow_up[0].status == "education"
    assert len(record.attendance) == 5 and all(a.mark is None for a in record.attendance)
    # "Jonas" is someone else's first name, so a note naming Jonas is not about Jonas Berg only if
    # another Jonas is in the round; here it is his.
    jonas = participant_record(store, pro_round.id, people["Jonas Berg"])
    assert {n.text for n in jonas.notes} == {"Åse hjalp Jonas med CV-en", "Jonas var stille"}
