"""The demo as a newcomer should find it: a whole course to look at, and today's session ready.

`build_history` adds an earlier round of the same course, held ten weeks before the demo was built
and finished: attendance with a late arrival and an absence now and then, notes from the facilitator
and the co-facilitator with @-tags and follow-up flags, what each exercise left behind, an evaluation
at the end of every session, and the participants' status after the course. So the summary, the
round report and the evaluation's trend (and the comparison with an earlier round, once today's
round is evaluated) have something to show from the first minute.

Everything is written with the store's own functions, at the moments it would have happened (a
clock set to each moment in turn), so the data is what the app itself writes. The people in it are
invented, and obviously so: the placeholder names of Norwegian, Ukrainian and Arabic forms.

`plan_around_now` moves the demo's next session, when it has not started and its time has passed,
to the next five minutes: a demo opened in the evening is not "9 hours late".
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import event

from kursrom.core.catalog import Catalog, CourseTemplate
from kursrom.core.clock import OSLO, Clock
from kursrom.core.evaluation import rated_elements
from kursrom.core.groups import Countdown, form_groups
from kursrom.core.vocabulary import AttendanceStatus, FollowUpStatus, SessionStatus
from kursrom.store import live
from kursrom.store.db import Store
from kursrom.store.followup import record_follow_up
from kursrom.store.models import AgendaItem, CourseSession, Participant
from kursrom.store.results import add_comment, add_scores, save_board, save_group_rules, save_result
from kursrom.store.rounds import add_participant, agenda_of, create_round, enrol, list_rounds, move_session, sessions_of

#: The earlier round started this many weeks before the demo was built: its five weekly sessions and
#: a first round of follow-up are behind it.
WEEKS_BEFORE = 10
#: The same random choices every time the demo is built.
SEED = 2026

#: (name, preferred language, interpreter language): the placeholder names everyone knows as such.
EARLIER_PARTICIPANTS = (
    ("Ola Nordmann", "nb", None),
    ("Kari Nordmann", "nb", None),
    ("Åsmund Øvingsen", "nb", None),  # "øving": practice
    ("Bjørg Prøvesæter", "nb", None),  # "prøve": a try
    ("Іван Зразковий", "uk", "uk"),  # "зразок": a sample
    ("Олена Прикладенко", "uk", "uk"),  # "приклад": an example
    ("فلان الفلاني", "ar", "ar"),  # "so-and-so", the Arabic placeholder name
    ("علان بن فلان", "ar", None),  # and his namesake
)

#: session number -> {participant index: (status, minutes late, reason)}; everyone else is present.
EXCEPTIONS = {
    1: {3: (AttendanceStatus.LATE, 12, "Bussen var forsinket")},
    2: {6: (AttendanceStatus.ABSENT, 0, "Syk")},
    3: {1: (AttendanceStatus.ABSENT, 0, "Jobbintervju"), 4: (AttendanceStatus.LATE, 20, "")},
    4: {7: (AttendanceStatus.LEFT_EARLY, 0, "Hentet barn i barnehagen")},
    5: {},
}

#: (session number, agenda position, writer, text with {0}..{7} for the participants). A paragraph
#: flagged for a participant's advisor has its mark right before their tag (`kursrom.core.paragraphs`):
#: ⚑ follow-up, ❝ a quote.
NOTES = (
    (1, 0, "live", "@{0} kom tidlig og hjalp til med å sette fram stoler. God stemning fra start."),
    (1, 6, "live", "⚑@{1} vil ha hjelp med CV-en før uke 2. Ta det opp med veilederen."),
    (1, 6, "notes", "⚑@{4} har truckførerbevis fra Ukraina; sjekk om det kan godkjennes her."),
    (2, 1, "notes", "❝@{2}: «Jeg visste ikke at trenerjobben min telte som kompetanse.»"),
    (2, 4, "live", "Flere trenger hjelp med CV-mal. @{5} og @{7} jobber videre hjemme."),
    (3, 2, "live", "⚑@{3} vil bli helsefagarbeider; spør om hun kan få hospitere."),
    (4, 2, "live", "@{6} var trygg i intervjuet og hadde god øyekontakt."),
    (4, 4, "notes", "Arbeidsgiveren fra butikken vil gjerne ta imot to på praksis."),
    (5, 3, "live", "Gruppa ønsker en samling til om søknader om et halvt år."),
)

#: Each participant's status after the course: (weeks after the last session, status, note).
FOLLOW_UP = {
    0: [(2, FollowUpStatus.SEEKING, ""), (5, FollowUpStatus.WORK, "Lager, 60 %")],
    1: [(3, FollowUpStatus.EDUCATION, "Voksenopplæring, helsefag")],
    2: [(4, FollowUpStatus.WORK, "Trener og assistent i barnehage")],
    3: [(2, FollowUpStatus.MEASURE, "Arbeidstrening")],
    4: [(5, FollowUpStatus.WORK, "Truckfører")],
    5: [(3, FollowUpStatus.SEEKING, "")],
    6: [(5, FollowUpStatus.UNKNOWN, "Har ikke svart")],
}  # the eighth has no status yet: follow-up still to do


class ReplayClock(Clock):
    """The clock the earlier round is written with: set to each moment as it happens."""

    def __init__(self, now: datetime) -> None:
        self.moment = now

    def now(self) -> datetime:
        return self.moment

    def monotonic(self) -> float:
        return self.moment.timestamp()

    def advance(self, minutes: float) -> None:
        self.moment += timedelta(minutes=minutes)


def build_history(store: Store, catalog: Catalog, template_id: str) -> int:
    """Add the earlier, finished round of `template_id` to the demo; returns its id."""
    template = catalog.template(template_id)
    start = store.clock.local_now().date() - timedelta(weeks=WEEKS_BEFORE)
    clock = ReplayClock(datetime.combine(start - timedelta(weeks=3), datetime.min.time(), OSLO).replace(hour=9))
    replay = Store(store.engine, store.reader, store.path, clock)  # the same database, another time
    with _without_a_sync_per_write(store):
        return _build(replay, clock, catalog, template, start)


def _build(replay: Store, clock: ReplayClock, catalog: Catalog, template: CourseTemplate, start: date) -> int:
    course_round = create_round(replay, catalog, template, start=start,
                                title=f"{template.title}, oppstart {start.day}.{start.month}.",
                                place="NAV Asker, kursrom 2", facilitators="Kari Lunde, Ahmed Rahimi")
    people = [add_participant(replay, name, language=lang, interpreter_language=interpreter)
              for name, lang, interpreter in EARLIER_PARTICIPANTS]
    enrol(replay, course_round.id, [person.id for person in people])
    rng = random.Random(SEED)
    sessions = sessions_of(replay, course_round.id)
    for session in sessions:
        _hold(replay, clock, session, people, rng)
    last = max(s.planned_start for s in sessions if s.planned_start).astimezone(OSLO).date()
    for index, statuses in FOLLOW_UP.items():
        for weeks, status, note in statuses:
            clock.moment = datetime.combine(last + timedelta(weeks=weeks), datetime.min.time(), OSLO).replace(hour=14)
            record_follow_up(replay, course_round.id, people[index].id, status, clock.moment.date(), note)
    return course_round.id


@contextmanager
def _without_a_sync_per_write(store: Store) -> Iterator[None]:
    """The earlier round is some two hundred small transactions, written once, when the demo is
    built. In WAL mode, synchronous=NORMAL leaves out the disk sync after each (the file stays
    consistent; a power cut could lose only the last of them, and `kursrom demo --reset` builds the
    demo again): about a second less before a newcomer sees the demo. The store's own setting
    (FULL) is back for every connection opened after it."""

    def normal(dbapi_connection, _record, _proxy) -> None:  # noqa: ANN001
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    event.listen(store.engine, "checkout", normal)
    try:
        yield
    finally:
        event.remove(store.engine, "checkout", normal)
        store.engine.dispose()  # the pooled connections go; new ones get the store's pragmas


def _hold(store: Store, clock: ReplayClock, session: CourseSession, people: list[Participant],
          rng: random.Random) -> None:
    """Run one session of the earlier round from start to end, as the live screen would have."""
    assert session.planned_start is not None
    clock.moment = session.planned_start + timedelta(minutes=rng.randint(1, 4))
    live.start_session(store, session.id, clock.now())
    present = _check_in(store, clock, session, people)
    items = [item for item in agenda_of(store, session.id) if not item.skipped]
    for position, item in enumerate(items):
        _results(store, clock, session, item, present, rng)
        for number, at, writer, text in NOTES:
            if (number, at) == (session.number, position):
                live.save_note(store, session.id, item.id, live.note_writer(writer),
                               text.format(*(person.name for person in people)), participants=people)
        clock.advance(item.planned_minutes + rng.choice((-2, -1, 0, 0, 1, 2, 4)))
        if position + 1 < len(items):
            live.next_item(store, session.id, clock.now())
    live.end_session(store, session.id, clock.now())


def _check_in(store: Store, clock: ReplayClock, session: CourseSession,
              people: list[Participant]) -> list[Participant]:
    """Mark everyone as the check-in would; the people in the room, for the exercises."""
    exceptions = EXCEPTIONS.get(session.number, {})
    started = clock.now()
    for index, person in enumerate(people):
        status, late, reason = exceptions.get(index, (AttendanceStatus.PRESENT, 0, ""))
        if status == AttendanceStatus.LATE:
            clock.moment = started + timedelta(minutes=late)
        elif status == AttendanceStatus.LEFT_EARLY:
            clock.moment = started + timedelta(minutes=95)
        live.mark(store, session.id, person.id, status, reason=reason)
        clock.moment = started
    return [person for index, person in enumerate(people)
            if exceptions.get(index, (AttendanceStatus.PRESENT,))[0] != AttendanceStatus.ABSENT]


def _results(store: Store, clock: ReplayClock, session: CourseSession, item: AgendaItem,
             present: list[Participant], rng: random.Random) -> None:
    """What the item's exercise panel would have stored."""
    data = dict((item.exercise or {}).get("data") or {})
    ids = [person.id for person in present]
    if item.kind == "group_rules":
        save_group_rules(store, session.round_id, item.id, [*data.get("suggestions", [])[:3], "Vi hjelper hverandre"])
    elif item.kind == "animal":
        for person in present:
            animal = rng.choice(data.get("animals", []))
            save_result(store, item.id, "animal", {"animal": animal["name"], "traits": animal.get("traits", [])[:2],
                                                   "own_animal": False}, person.id)
    elif item.kind == "sot":
        for number, person in enumerate(present[:4]):
            save_board(store, person.id, session.id, situation=SOT_BOARDS[number][0], wish=SOT_BOARDS[number][1],
                       actions=[{"text": step, "date": None} for step in SOT_BOARDS[number][2][:session.number]],
                       round_id=session.round_id)
    elif item.kind == "timeline":
        for person, entries in zip(present, TIMELINES):
            save_result(store, item.id, "timeline", {"entries": entries}, person.id)
    elif item.kind == "role_play":
        _role_play(store, clock, item, data, ids)
    elif item.kind == "evaluation":  # by those still in the room at the end: the store's own count
        _evaluation(store, session, data, len(live.load(store, session.id).present), rng)
    elif item.kind in ("reflection", "career_story", "talk", "homework", "job_ad") and present:
        speaker = rng.choice(present)
        at = clock.now().isoformat()
        save_result(store, item.id, item.kind, {"highlights": [{"text": HIGHLIGHTS[item.kind], "at": at}]}, None)
        save_result(store, item.id, item.kind, {"highlights": [{"text": rng.choice(PERSONAL), "at": at}]}, speaker.id)


def _role_play(store: Store, clock: ReplayClock, item: AgendaItem, data: dict, ids: list[int]) -> None:
    roles = list(data.get("roles") or ["Jobbsøker", "Intervjuer", "Observatør"])
    groups = form_groups(ids, 3, seed=SEED)
    timer = Countdown(int(data.get("round_minutes", 10)) * 60)
    timer.start(clock)
    save_result(store, item.id, "role_play", {"groups": groups, "round": len(roles) - 1, "rounds": len(roles),
                                              "reshuffles": 0, "roles": roles, "timer": timer.to_data()})
    for group, text in zip(groups, FEEDBACK):
        if len(group) >= 3:
            save_result(store, item.id, "role_play", {"feedback": [
                {"round": 1, "interviewer": group[1], "observers": group[2:], "text": text}]}, group[0])


def _evaluation(store: Store, session: CourseSession, data: dict, present: int, rng: random.Random) -> None:
    """Everyone present rates every element; each round's sessions get a little better."""
    low, high = int(data.get("scale_min", 1)), int(data.get("scale_max", 5))
    elements = rated_elements(agenda_of(store, session.id), rate_agenda=bool(data.get("rate_agenda", True)))
    for item, label in elements:
        lift = min(session.number, 3) * 0.2
        scores = [max(low, min(high, round(rng.triangular(low + 1, high, high - 1 + lift)))) for _ in range(present)]
        add_scores(store, session.id, item.id if item else None, label, (low, high), scores)
    for comment in COMMENTS.get(session.number, ()):
        add_comment(store, session.id, comment)


def plan_around_now(store: Store) -> CourseSession | None:
    """Move the demo's next session to the next five minutes when it has not started and its time
    has passed, and the sessions after it as much, so their order and spacing stay. Nothing moves
    while a session runs. Returns the session moved, or None."""
    rounds = list_rounds(store)
    if not rounds or live.running_session(store) is not None:
        return None
    sessions = sessions_of(store, rounds[0].id)  # the newest round: the one the demo runs
    waiting = [s for s in sessions if s.status == SessionStatus.PLANNED and s.planned_start is not None]
    now = store.now()
    if not waiting or _aware(waiting[0].planned_start) > now:
        return None
    local = now.astimezone(OSLO).replace(second=0, microsecond=0)
    start = local + timedelta(minutes=5 - local.minute % 5)
    shift = start - _aware(waiting[0].planned_start)
    moved = []
    for session in waiting:
        when = (_aware(session.planned_start) + shift).astimezone(OSLO)
        moved.append(move_session(store, session.id, when.date(), when.strftime("%H:%M")))
    return moved[0]


def _aware(moment: datetime | None) -> datetime:
    assert moment is not None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


# -- what the participants said and wrote (invented) --------------------------------------------------

HIGHLIGHTS = {
    "reflection": "Alle sa noe om hva de liker å gjøre.",
    "career_story": "Mange fortalte om jobber de ikke visste var erfaring.",
    "talk": "Gruppa stilte mange spørsmål om praksisplasser.",
    "homework": "Alle skal skrive ned tre ting de er gode til.",
    "job_ad": "Vi fant krav og ønsker i annonsen sammen.",
}
PERSONAL = ("Liker å lage mat for mange", "Vil jobbe med mennesker", "Er god med tall",
            "Har passet småsøsken i mange år", "Vil prøve butikk", "Trener et fotballag")
SOT_BOARDS = (
    ("Ferdig med vgs, ingen jobb nå.", "Fast jobb på lager innen sommeren.",
     ["Oppdatere CV", "Søke tre jobber i uka", "Spørre onkel om kontakter", "Øve på intervju", "Ta truckførerbevis"]),
    ("Bor alene, mye tid hjemme.", "Begynne på helsefag til høsten.",
     ["Snakke med rådgiver", "Besøke skolen", "Søke opptak", "Sjekke stipend", "Finne deltidsjobb"]),
    ("Trener et lag to kvelder i uka.", "Jobb med barn og unge.",
     ["Få politiattest", "Søke vikariat i barnehage", "Be treneren om attest", "Lage CV", "Ringe tre barnehager"]),
    ("Praksis i butikk i fjor.", "Fast deltidsjobb i butikk.",
     ["Spørre om attest", "Søke på annonser", "Øve på kasse", "Ta førerkort", "Følge opp søknader"]),
)
TIMELINES = (
    [{"period": "2010–2020", "formal": True, "learned": "Grunnskole og vgs"},
     {"period": "2019", "formal": False, "learned": "Trener for G12 i fotball"}],
    [{"period": "2015–2018", "formal": True, "learned": "Skole i Ukraina"},
     {"period": "2021", "formal": True, "learned": "Truckførerbevis"}],
    [{"period": "2022", "formal": False, "learned": "Frivillig på matsentralen"}],
)
FEEDBACK = ("Gode eksempler; se mer opp.", "Rolig og tydelig; fortell mer om hva du kan.")
COMMENTS = {
    1: ("Dyreøvelsen var morsom.", "Litt lang dag."),
    2: ("CV-verkstedet var nyttig.",),
    3: ("Mer tid til SØT-modellen.",),
    4: ("Intervjutreningen var skummel, men bra.", "Fint å møte en arbeidsgiver."),
    5: ("Takk for kurset!",),
}
