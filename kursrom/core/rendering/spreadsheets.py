"""Attendance and evaluations as CSV for a spreadsheet: semicolons and a byte-order mark (added when
the file is written), what a Norwegian spreadsheet opens without asking. Counts are plain numbers and
shares decimals in the interface language ("0,67" in bokmål), each in a column of its own: a cell
like "2/3" is a date to a Norwegian Excel."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from kursrom.core.numbers import decimal
from kursrom.core.reports.data import AdvisorPage, RoundReport, SessionColumn, SessionSummary
from kursrom.core.reports.text import attendance_text, clock_time, day
from kursrom.core.rendering.escaping import csv_cell
from kursrom.core.vocabulary import AttendanceStatus, FollowUpStatus
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


def _counts(attended: int, held: int) -> list[Any]:
    """Attended, held and the share, as numbers a spreadsheet can add up."""
    return [attended, held, decimal(attended / held, 2) if held else ""]


def _count_headings() -> list[str]:
    return [_("Attended"), _("Sessions held"), _("Share attended")]


def attendance_csv(report: RoundReport) -> str:
    """One row per participant, one column per session, and how many held sessions they attended."""
    header = [_("Participant")] + [session_column(c) for c in report.sessions] + _count_headings()
    held = sum(1 for c in report.sessions if c.held)
    rows = [[person.name] + [attendance_text(cell) for cell in report.matrix[i]]
            + _counts(report.attended_by(i), held) for i, person in enumerate(report.participants)]
    return _write_csv(header, rows)


def participants_csv(pages: Sequence[AdvisorPage]) -> str:
    """One row per participant: attendance per session, sessions attended, follow-up status."""
    if not pages:
        return _write_csv([_("Participant"), *_count_headings()], [])
    columns = [line.session for line in pages[0].attendance]
    header = [_("Participant")] + [session_column(c) for c in columns] + _count_headings() + [_("Follow-up status")]
    rows = []
    for page in pages:
        current = page.follow_up
        rows.append([page.participant.name] + [attendance_text(line.mark) for line in page.attendance]
                    + _counts(page.attended, page.held)
                    + [FollowUpStatus.label_of(current.status) if current else ""])
    return _write_csv(header, rows)


def session_attendance_csv(summary: SessionSummary) -> str:
    """One session's attendance: one row per participant, their mark, its time and reason, and 1 or 0
    for attended (a column to add up)."""
    header = [_("Participant"), _("Attendance"), _("Time"), _("Reason"), _("Attended")]
    rows = [[line.participant.name, AttendanceStatus.label_of(line.status),
             clock_time(line.time) if line.time else "", line.reason, 1 if line.attended else 0]
            for line in summary.attendance]
    return _write_csv(header, rows)


def evaluation_csv(report: RoundReport) -> str:
    """The round's evaluations: a row per element and session with how many gave each score and the
    average; then the open comments, a row each."""
    scores = sorted({score for series in report.evaluation for _number, counts in series.distributions
                     for score, _count in counts}
                    | {score for series in report.evaluation for score in (series.scale_min, series.scale_max)})
    header = [_("Element"), _("Session"), _("Scale from"), _("Scale to")]
    header += [_("Score {score}").format(score=score) for score in scores]
    header += [_("Answers"), _("Average"), _("Comment")]
    rows: list[list[Any]] = []
    for series in report.evaluation:
        for number, counts in series.distributions:
            given = dict(counts)
            answers = sum(given.values())
            average = sum(score * n for score, n in given.items()) / answers if answers else None
            in_scale = range(series.scale_min, series.scale_max + 1)
            rows.append([series.element, number, series.scale_min, series.scale_max]
                        + [given.get(score, 0) if score in in_scale else "" for score in scores]
                        + [answers, decimal(average, 2) if average is not None else "", ""])
    for number, text in report.comments:
        rows.append([_("Comment"), number, "", ""] + [""] * len(scores) + ["", "", text])
    return _write_csv(header, rows)
