"""The schema step that brings consent and paragraph flags (schema 1 to 2), and what it reports.

- A `consent` table: per participant and round, each answer given or withdrawn, when and by whom.
  Nobody has a row yet, so everyone already in the database starts as "not given".
- `export_record.participant_id`: which participant an advisor page is about, so that withdrawing
  consent can list the files already exported about them.
- Whole-note flags become paragraph flags: a note flagged for follow-up (or as a quote) gets the flag
  on every paragraph that tags someone, for everyone tagged there (`kursrom.core.paragraphs.carry_over`),
  and its note-level flag is cleared. Each paragraph flagged so is listed in the report for the
  facilitator to review; a flagged note that tags nobody in its text keeps no flag and is listed too.

The step is written out in SQL as the tables stood at schema 1, so later changes to the models can
never change what it does. `kursrom.store.db.MIGRATIONS` runs it; the report reaches the facilitator
at the first start after the upgrade (`kursrom.screens.upgrade`) or on stderr from `kursrom export`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.engine import Connection

from kursrom.core.names import tag_finder
from kursrom.core.paragraphs import MARKS, FlagKind, carry_over, plain
from kursrom.i18n import _

_CONSENT_TABLE = """
CREATE TABLE consent (
    id INTEGER NOT NULL,
    participant_id INTEGER NOT NULL,
    round_id INTEGER NOT NULL,
    given BOOLEAN NOT NULL,
    at DATETIME NOT NULL,
    recorded_by VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(participant_id) REFERENCES participant (id) ON DELETE CASCADE,
    FOREIGN KEY(round_id) REFERENCES course_round (id) ON DELETE CASCADE
)"""

_FLAGGED_NOTES = """
SELECT n.id, n.text, n.follow_up, n.quote, s.number, r.title, coalesce(a.title, '')
FROM note n JOIN course_session s ON s.id = n.session_id JOIN course_round r ON r.id = s.round_id
LEFT JOIN agenda_item a ON a.id = n.item_id
WHERE n.follow_up OR n.quote ORDER BY n.id"""


@dataclass(frozen=True)
class CarriedFlag:
    """A paragraph that the upgrade flagged, from its note's whole-note flag."""

    round_title: str
    session_number: int
    item_title: str
    text: str  # the paragraph, without flags
    people: tuple[str, ...]  # whom it is flagged for now: everyone tagged in it
    follow_up: bool
    quote: bool


@dataclass(frozen=True)
class DroppedFlag:
    """A flagged note that tags nobody in its text: its flag could go to no one's advisor."""

    round_title: str
    session_number: int
    item_title: str
    text: str
    follow_up: bool
    quote: bool


@dataclass
class ConsentUpgrade:
    """What the upgrade to consent and paragraph flags did, for the facilitator to read once."""

    participants: int = 0  # everyone in the database: their consent starts as not given
    carried: list[CarriedFlag] = field(default_factory=list)
    dropped: list[DroppedFlag] = field(default_factory=list)

    def describe(self) -> list[str]:
        """What the facilitator reads, a paragraph a line."""
        lines = [_("Consent to share with the NAV advisor is new, per participant and round. Nobody has given it "
                   "yet ({count} people in this database), so their advisor pages hold attendance and the follow-up "
                   "status only until you record it: c on the roster, on the participant page or at check-in.")
                 .format(count=self.participants)]
        if self.carried:
            lines.append(_("Follow-up and quote flags now belong to a paragraph and a person. The flag each note had "
                           "is now on every paragraph of it that tags someone, for everyone tagged there. Check these, "
                           "above all where a paragraph tags several people (Ctrl+O or Ctrl+T on it in the notes "
                           "changes its flag):"))
            lines += [_flag_line(flag, _("for {names}").format(names=", ".join(flag.people))) for flag in self.carried]
        if self.dropped:
            lines.append(_("These flagged notes tag nobody with @, so their flag can reach no one's advisor:"))
            lines += [_flag_line(flag, "") for flag in self.dropped]
        return lines


def _flag_line(flag: CarriedFlag | DroppedFlag, whom: str) -> str:
    marks = "".join(MARKS[kind] for kind, on in ((FlagKind.FOLLOW_UP, flag.follow_up), (FlagKind.QUOTE, flag.quote))
                    if on)
    where = _("{round}, session {number}").format(round=flag.round_title, number=flag.session_number)
    if flag.item_title:
        where += f", {flag.item_title}"
    text = flag.text if len(flag.text) <= 90 else flag.text[:89] + "…"
    return f"{marks} {where}{' ' + whom if whom else ''}: «{text}»"


def migrate_consent_and_paragraph_flags(connection: Connection) -> ConsentUpgrade:
    report = ConsentUpgrade()
    connection.exec_driver_sql(_CONSENT_TABLE)
    connection.exec_driver_sql("CREATE INDEX ix_consent_round_id ON consent (round_id)")
    connection.exec_driver_sql("CREATE INDEX ix_consent_participant_id ON consent (participant_id)")
    connection.exec_driver_sql("ALTER TABLE export_record ADD COLUMN participant_id INTEGER "
                               "REFERENCES participant (id) ON DELETE CASCADE")
    connection.exec_driver_sql("CREATE INDEX ix_export_record_participant_id ON export_record (participant_id)")
    report.participants = connection.exec_driver_sql("SELECT count(*) FROM participant").scalar() or 0
    for note_id, text, follow_up, quote, number, round_title, item_title in list(
            connection.exec_driver_sql(_FLAGGED_NOTES)):
        _carry(connection, report, note_id, text or "", bool(follow_up), bool(quote), (round_title, number, item_title))
    connection.exec_driver_sql("UPDATE note SET follow_up = 0, quote = 0 WHERE follow_up OR quote")
    return report


def _carry(connection: Connection, report: ConsentUpgrade, note_id: int, text: str, follow_up: bool, quote: bool,
           where: tuple[str, int, str]) -> None:
    tagged = list(connection.exec_driver_sql(
        "SELECT p.name, p.id FROM note_tag t JOIN participant p ON p.id = t.participant_id WHERE t.note_id = ? "
        "ORDER BY p.id", (note_id,)))
    names = {pid: name for name, pid in tagged}
    kinds = [kind for kind, wanted in ((FlagKind.FOLLOW_UP, follow_up), (FlagKind.QUOTE, quote)) if wanted]
    new_text, carried = carry_over(text, kinds, tag_finder((name, pid) for name, pid in tagged))
    if not carried:
        if plain(text).strip():
            report.dropped.append(DroppedFlag(*where, plain(text).strip(), follow_up, quote))
        return
    connection.exec_driver_sql("UPDATE note SET text = ? WHERE id = ?", (new_text, note_id))
    for paragraph in carried:
        report.carried.append(CarriedFlag(*where, paragraph.text.strip(), tuple(names[pid] for pid in paragraph.tagged),
                                          follow_up, quote))
