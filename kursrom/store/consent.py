"""Consent to share with a participant's NAV advisor, per participant and round.

The question (as the SØT, "Veien videre" and career-guidance exercises put it to the participant):
may their plan, the notes flagged for their advisor and their quotes go to that advisor? Every answer
is a row with when and who recorded it; the latest is current, none means "not given". The advisor
pages read it through the participant record (`kursrom.core.reports.advisor`), so a withdrawal applies
to every later export; the files already exported about the person are listed when it is recorded.
"""

from __future__ import annotations

import getpass
import socket
from dataclasses import dataclass

from sqlmodel import col, select

from kursrom.core.reports.data import ExportLine
from kursrom.store.db import Store
from kursrom.store.models import Consent, ExportRecord


@dataclass(frozen=True)
class ConsentChange:
    consent: Consent
    #: On a withdrawal: the advisor pages already exported about them, oldest first. kursrom cannot
    #: call them back; the facilitator can tell the advisor, and delete their own copies.
    exported: tuple[ExportLine, ...] = ()


def recorder() -> str:
    """Who records an answer, as well as kursrom can tell: the computer account and the machine."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no login name in the environment nor in the password database
        user = ""
    host = socket.gethostname()
    return f"{user}@{host}" if user else host


def record_consent(store: Store, round_id: int, participant_id: int, given: bool) -> ConsentChange:
    """Record an answer (a new row: the earlier ones stay as its history)."""
    row = Consent(participant_id=participant_id, round_id=round_id, given=given, at=store.now(),
                  recorded_by=recorder())
    with store.session() as db:
        db.add(row)
    return ConsentChange(row, () if given else exported_about(store, participant_id))


def consent_history(store: Store, round_id: int, participant_id: int) -> list[Consent]:
    """Every answer recorded for them in the round, newest first."""
    query = (select(Consent).where(Consent.round_id == round_id, Consent.participant_id == participant_id)
             .order_by(col(Consent.id).desc()))
    with store.read() as db:
        return list(db.exec(query))


def current_consents(store: Store, round_id: int) -> dict[int, Consent]:
    """Participant id -> their current answer in the round (the latest row); nobody asked: absent."""
    with store.read() as db:
        rows = db.exec(select(Consent).where(Consent.round_id == round_id).order_by(col(Consent.id)))
        return {row.participant_id: row for row in rows}


def exported_about(store: Store, participant_id: int) -> tuple[ExportLine, ...]:
    """The advisor pages exported about a participant (a combined file once), oldest first."""
    query = (select(ExportRecord).where(ExportRecord.participant_id == participant_id)
             .order_by(col(ExportRecord.id)))
    with store.read() as db:
        found: dict[str, ExportLine] = {}
        for row in db.exec(query):
            found.setdefault(row.path, ExportLine(row.path, row.format, row.anonymized, row.at))
    return tuple(found.values())
