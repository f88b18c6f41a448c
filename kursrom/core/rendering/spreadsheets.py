"""Attendance as CSV for a spreadsheet: semicolons and a byte-order mark (added when the file is
written), what a Norwegian spreadsheet opens without asking."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from kursrom.core.reports.data import AdvisorPage, RoundReport, SessionColumn
from kursrom.core.reports.text import attendance_text, day
from kursrom.core.rendering.escaping import csv_cell
from kursrom.core.vocabulary import FollowUpStatus
from kursrom.i18n import _


def session_column(column: SessionColumn) -> str:
    """A session's column heading: "Økt 2 30.11.2026"."""
    text = _("Session {number}").format(number=column.number)
    return text + (f" {day(column.planned_start)}" if column.planned_start else "")


def _write_csv(header: list[str], rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in header])
    writer.writerows([[csv_cell(c) for c in row] for row in rows])
    return buffer.getvalue()


def attendance_csv(report: RoundReport) -> str:
    """One row per participant, one column per session, and how many held sessions they attended."""
    header = [_("Participant")] + [session_column(c) for c in report.sessions] + [_("Attended")]
    held = sum(1 for c in report.sessions if c.held)
    rows = [[person.name] + [attendance_text(cell) for cell in report.matrix[i]]
            + [f"{report.attended_by(i)}/{held}"] for i, person in enumerate(report.participants)]
    return _write_csv(header, rows)


def participants_csv(pages: Sequence[AdvisorPage]) -> str:
    """One row per participant: attendance per session, sessions attended, follow-up status."""
    if not pages:
        return _write_csv([_("Participant"), _("Attended")], [])
    columns = [line.session for line in pages[0].attendance]
    header = [_("Participant")] + [session_column(c) for c in columns] + [_("Attended"), _("Follow-up status")]
    rows = []
    for page in pages:
        current = page.follow_up
        rows.append([page.participant.name] + [attendance_text(line.mark) for line in page.attendance]
                    + [f"{page.attended}/{page.held}", FollowUpStatus.label_of(current.status) if current else ""])
    return _write_csv(header, rows)
