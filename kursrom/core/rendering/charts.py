"""Charts for the HTML exports: the geometry is computed here, the templates draw it as inline SVG."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kursrom.core.numbers import decimal
from kursrom.core.reports.data import AgendaLine, ElementSeries, EvaluationLine, RoundReport
from kursrom.core.reports.text import day, minutes_text
from kursrom.i18n import _


@dataclass(frozen=True)
class Bar:
    label: str
    value: str  # the figure written at the end of the bar
    y: int
    length: float  # px
    css: str = "bar"
    ghost: float | None = None  # a second, lighter bar behind (the plan, for the agenda)
    marks: tuple[tuple[float, str], ...] = ()  # (x, text): per-session points on an element's bar


@dataclass(frozen=True)
class Chart:
    title: str
    width: int
    height: int
    label_width: int
    area: int  # px available for the bars
    row: int
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, str], ...] = ()
    legend: tuple[tuple[str, str], ...] = ()  # (css class, text)


LABEL_WIDTH = 220
AREA = 380
ROW = 22


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _chart(title: str, bars: list[Bar], ticks: Sequence[tuple[float, str]] = (),
           legend: Sequence[tuple[str, str]] = ()) -> Chart:
    height = 24 + len(bars) * ROW + 8
    return Chart(title, LABEL_WIDTH + AREA + 90, height, LABEL_WIDTH, AREA, ROW, tuple(bars), tuple(ticks),
                 tuple(legend))


def evaluation_chart(lines: Sequence[EvaluationLine]) -> Chart | None:
    """Each element's average, placed on its own scale (so 1–5 and 0–10 line up)."""
    rated = [line for line in lines if line.average is not None]
    if not rated:
        return None
    bars = [Bar(_short(line.element), f"{decimal(line.average)} / {line.scale_max}", 24 + i * ROW,
                max(line.share, 0.0) * AREA) for i, line in enumerate(rated)]
    return _chart(_("Average usefulness per element"), bars, _scale_ticks(rated))


def agenda_chart(lines: Sequence[AgendaLine]) -> Chart | None:
    """Planned against actual minutes per item; an overrun shows in its own colour."""
    ran = [line for line in lines if not line.skipped]
    if not ran or all(line.actual_seconds is None for line in ran):
        return None
    longest = max(max(line.planned_minutes * 60, line.actual_seconds or 0) for line in ran) or 1
    scale = AREA / longest
    bars = []
    for i, line in enumerate(ran):
        actual = line.actual_seconds or 0
        over = actual > line.planned_minutes * 60 + 59
        bars.append(Bar(_short(line.title), f"{minutes_text(line.actual_seconds)} / {line.planned_minutes}",
                        24 + i * ROW, actual * scale, "bar over" if over else "bar", line.planned_minutes * 60 * scale))
    legend = (("ghost", _("planned")), ("bar", _("actual")), ("bar over", _("over plan")))
    return _chart(_("Planned and actual minutes"), bars, legend=legend)


def round_evaluation_chart(series: Sequence[ElementSeries]) -> Chart | None:
    """Each element's average over the round, with a numbered point per session it was rated in."""
    rated = [s for s in series if s.average is not None]
    if not rated:
        return None
    bars = []
    for i, line in enumerate(rated):
        span = (line.scale_max - line.scale_min) or 1
        marks = tuple((AREA * (avg - line.scale_min) / span, str(number)) for number, avg, _n in line.per_session)
        bars.append(Bar(_short(line.element), f"{decimal(line.average)} / {line.scale_max}", 24 + i * ROW,
                        max(line.share, 0.0) * AREA, marks=marks))
    legend = (("bar", _("average over the round")), ("mark", _("average in session no.")))
    return _chart(_("Usefulness per element across the sessions"), bars, _scale_ticks(rated), legend)


def _scale_ticks(lines: Sequence[EvaluationLine | ElementSeries]) -> list[tuple[float, str]]:
    """The scale's own numbers when every element used the same scale; else the share of it."""
    scales = {(line.scale_min, line.scale_max) for line in lines}
    if len(scales) == 1:
        low, high = scales.pop()
        if high > low:
            step = 1 if high - low <= 5 else 2
            return [(AREA * (value - low) / (high - low), str(value)) for value in range(low, high + 1, step)]
    return [(AREA * f, f"{round(f * 100)} %") for f in (0, 0.25, 0.5, 0.75, 1)]


def attendance_chart(report: RoundReport) -> Chart | None:
    held = [(i, s) for i, s in enumerate(report.sessions) if s.held]
    if not held or not report.participants:
        return None
    total = len(report.participants)
    bars = [Bar(_("Session {number}").format(number=s.number) + f" {day(s.planned_start)}",
                f"{report.present_at(i)} / {total}", 24 + row * ROW, AREA * report.present_at(i) / total)
            for row, (i, s) in enumerate(held)]
    return _chart(_("Present per session"), bars)
