"""Interpreters in the planning: per session of a round, which interpreter languages are needed and
for how many people, for booking interpreters. Only languages and counts: no names.

A session not yet held counts the round's roster; a session under way or held counts those its
marks put in the room (present, late, left early), once anyone is marked. Plain Python.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from kursrom.core.rendering.escaping import csv_cell, md_inline
from kursrom.core.schedule import format_when
from kursrom.core.vocabulary import ATTENDED, SessionStatus
from kursrom.i18n import _


@dataclass(frozen=True)
class SessionNeed:
    """One session's interpreter languages, the most needed first, each with how many need it."""

    number: int
    start: datetime | None
    theme: str
    languages: tuple[tuple[str, int], ...]
    from_marks: bool  # counted from the marks so far, not from the roster

    def describe(self) -> str:
        """"uk 3, ar 2", or "–" when no one needs an interpreter."""
        return ", ".join(f"{lang} {count}" for lang, count in self.languages) or "–"


def count_languages(languages: Iterable[str | None]) -> tuple[tuple[str, int], ...]:
    counts = Counter(lang for lang in languages if lang)
    return tuple(sorted(counts.items(), key=lambda pair: (-pair[1], pair[0])))


def interpreter_needs(sessions: Sequence, roster: dict[int, str | None],
                      marks: dict[tuple[int, int], str]) -> list[SessionNeed]:
    """`sessions` are rows with id, number, planned_start, theme, title and status; `roster` maps the
    people enrolled now to their interpreter language (None: no interpreter); `marks` each
    (session, person) to their current mark."""
    needs = []
    for session in sessions:
        marked = {pid: status for (sid, pid), status in marks.items() if sid == session.id}
        from_marks = session.status != SessionStatus.PLANNED and bool(marked)
        people = [pid for pid, status in marked.items() if status in ATTENDED] if from_marks else list(roster)
        needs.append(SessionNeed(session.number, session.planned_start, session.theme or session.title,
                                 count_languages(roster.get(pid) for pid in people), from_marks))
    return needs


def _basis(need: SessionNeed) -> str:
    return _("marked in the room") if need.from_marks else _("from the roster")


def needs_csv(needs: Sequence[SessionNeed]) -> str:
    """One row per session and language (a session without any has one row with no language)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in (_("Session"), _("Date"), _("Theme question"), _("Language"),
                                           _("People"), _("Counted"))])
    for need in needs:
        when = format_when(need.start) if need.start else ""
        for lang, count in need.languages or (("", 0),):
            writer.writerow([csv_cell(c) for c in (need.number, when, need.theme, lang, count, _basis(need))])
    return buffer.getvalue()


def needs_markdown(course: str, needs: Sequence[SessionNeed]) -> str:
    heading = (_("Session"), _("Date"), _("Theme question"), _("Languages (people)"), _("Counted"))
    title = _("Interpreters") + ": " + course
    lines = [f"# {md_inline(title)}", "",
             "| " + " | ".join(md_inline(cell) for cell in heading) + " |", "|---:|---|---|---|---|"]
    for need in needs:
        when = format_when(need.start) if need.start else ""
        lines.append(f"| {need.number} | {md_inline(when)} | {md_inline(need.theme)} | "
                     f"{md_inline(need.describe())} | {md_inline(_basis(need))} |")
    return "\n".join(lines) + "\n"
