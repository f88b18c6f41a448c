"""Reports as Markdown and HTML documents, rendered with Jinja2 from kursrom/core/templates/."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from kursrom.core.numbers import decimal, percent
from kursrom.core.reports import text
from kursrom.core.reports.data import AdvisorPage, RoundReport, SessionSummary
from kursrom.core.rendering.charts import agenda_chart, attendance_chart, evaluation_chart, round_evaluation_chart
from kursrom.core.rendering.escaping import md_block, md_finalize, md_inline
from kursrom.core.rendering.spreadsheets import attendance_csv, participants_csv
from kursrom.core.vocabulary import AttendanceStatus, FollowUpStatus, SessionStatus
from kursrom.i18n import N_, _, current_language

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
#: A participant's attendance in one cell of the round's matrix.
MATRIX_MARKS = {
    AttendanceStatus.PRESENT: "✓",
    # i18n: one letter for "late" in the attendance matrix, as in its legend
    AttendanceStatus.LATE: N_("L"),
    # i18n: one letter for "left early" in the attendance matrix, as in its legend
    AttendanceStatus.LEFT_EARLY: N_("E"),
    AttendanceStatus.ABSENT: "–",
}


def _filters() -> dict[str, Any]:
    return {
        "local": text.local, "clock": text.clock_time, "day": text.day, "decimal": decimal, "percent": percent,
        "attendance": text.attendance_text, "mark": text.mark_text, "minutes": text.minutes_text,
        "delta": text.delta_text, "flags": text.agenda_flags, "isoday": text.iso_day, "scale": text.scale_text,
        "heading": text.session_heading, "consent": text.consent_text,
        "attendance_label": AttendanceStatus.label_of,
        "follow_up_label": FollowUpStatus.label_of,
        "status_label": SessionStatus.label_of,
        "matrix_mark": lambda cell: _(MATRIX_MARKS[cell.status]) if cell and cell.status in MATRIX_MARKS else "",
    }


@cache
def _environment(kind: str):  # noqa: ANN202 - a jinja2.Environment
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    if kind == "html":
        env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True)
    else:
        env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False, undefined=StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True, finalize=md_finalize, keep_trailing_newline=True)
        env.filters["block"] = md_block
        env.filters["md"] = md_inline
    env.filters.update(_filters())
    # The interface language is read at render time: exports speak the language the app speaks.
    env.globals["_"] = lambda message: _(message)
    return env


def _render(template: str, fmt: str, **context: Any) -> str:
    env = _environment("html" if fmt == "html" else "md")
    context.setdefault("lang", current_language())
    context.setdefault("anonymized", False)
    context.setdefault("generated", None)
    document = env.get_template(f"{template}.{fmt}").render(**context)
    if fmt == "md":  # a blank line before every heading, never more than one in a row
        document = re.sub(r"\n{3,}", "\n\n", re.sub(r"\n(#{1,6} )", r"\n\n\1", document)).lstrip("\n")
    return document


def render_session(summary: SessionSummary, fmt: str, *, anonymized: bool = False, generated: Any = None) -> str:
    if fmt not in ("md", "html"):
        raise ValueError(fmt)
    return _render("session", fmt, s=summary, anonymized=anonymized, generated=generated,
                   evaluation_chart=evaluation_chart(summary.evaluation), agenda_chart=agenda_chart(summary.agenda))


def render_round(report: RoundReport, fmt: str, *, anonymized: bool = False, generated: Any = None) -> str:
    if fmt == "csv":
        return attendance_csv(report)
    return _render("round", fmt, r=report, anonymized=anonymized, generated=generated,
                   evaluation_chart=round_evaluation_chart(report.evaluation),
                   attendance_chart=attendance_chart(report))


def render_participants(pages: Sequence[AdvisorPage], fmt: str, *, anonymized: bool = False,
                        generated: Any = None) -> str:
    """Pages for the participants' NAV advisors (`kursrom.core.reports.advisor`), one after the other."""
    if fmt == "csv":
        return participants_csv(pages)
    return _render("participants", fmt, pages=pages, anonymized=anonymized, generated=generated)
