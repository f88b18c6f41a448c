"""What a participant's NAV advisor receives: the one place that decides it from their consent.

Without consent the page holds the course, attendance and the follow-up status, and says that the
participant has not agreed to share more. With it, the page also holds their plan (the SØT board and
the way ahead) and the paragraphs flagged for them, as follow-up or as their quote, each once. Other
participants' names are taken out afterwards (`kursrom.core.reports.pseudonyms.redact_others`); nothing
else about anyone else is on the page: no other exercise results, no notes that only mention them.
"""

from __future__ import annotations

from kursrom.core.reports.data import AdvisorPage, ParticipantRecord


def advisor_page(record: ParticipantRecord) -> AdvisorPage:
    consent = record.consent[0] if record.consent else None
    page = AdvisorPage(record.round, record.participant, consent, record.attendance, record.current_follow_up,
                       record.removed_reason)
    if not record.consent_given:
        return page
    return AdvisorPage(page.round, page.participant, consent, page.attendance, page.follow_up, page.removed_reason,
                       record.sot, record.way_ahead, record.flagged)
