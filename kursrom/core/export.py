"""Exports: a session's summary, a round's report and the advisors' per-participant pages, as
Markdown, one self-contained HTML file (inline CSS, charts as inline SVG, no scripts, no network) or
CSV, rendered with Jinja2 from the dataclasses of `kursrom.core.summary`.

Escaping is never left to the template author: the HTML environment autoescapes everything, and the
Markdown environment escapes every `{{ }}` through `finalize`, so a participant called `<script>`
comes out as text in both. CSV cells that a spreadsheet would run as a formula get a leading quote.

Files are private (mode 0600) and never overwrite an existing file unless told to (`force`): the
next free name `name (2).html` is taken instead. Every file written is recorded in `export_record`,
and a session that was done becomes "exported".
"""

from __future__ import annotations

import csv
import glob
import io
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from kursrom.core import summary as sm
from kursrom.core.summary import (
    NotFound, ParticipantReport, RoundReport, SessionSummary, anonymize, build_participant_reports,
    build_round_report, build_session_summary, others_redactor, redact_others,
)
from kursrom.core.vocabulary import AttendanceStatus, FollowUpStatus, SessionStatus
from kursrom.i18n import N_, _, current_language
from kursrom.paths import ensure_private_dir

FORMATS = ("md", "html", "csv")
#: A participant's attendance in one cell of the round's matrix.
MATRIX_MARKS = {
    AttendanceStatus.PRESENT: "✓",
    AttendanceStatus.LATE: N_("L"),  # i18n: one letter for "late" in the attendance matrix, as in its legend
    AttendanceStatus.LEFT_EARLY: N_("E"),  # i18n: one letter for "left early" in the attendance matrix, as in its legend
    AttendanceStatus.ABSENT: "–",
}
TEMPLATES = Path(__file__).resolve().parent / "templates"


class ExportError(Exception):
    """An export that cannot be made; the message is one sentence for the facilitator."""


@dataclass(frozen=True)
class Written:
    """A file an export wrote."""

    path: Path
    format: str
    what: str  # "session", "attendance", "round", "participants"


def default_export_dir() -> Path:
    """Where exports go unless told otherwise: a `kursrom` folder in the user's documents."""
    from platformdirs import user_documents_path

    return user_documents_path() / "kursrom"


# --------------------------------------------------------------------------------------------------
# Charts: geometry computed here, drawn by the templates as inline SVG


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


def evaluation_chart(lines: Sequence[sm.EvaluationLine]) -> Chart | None:
    """Each element's average, placed on its own scale (so 1–5 and 0–10 line up)."""
    rated = [line for line in lines if line.average is not None]
    if not rated:
        return None
    bars = [Bar(_short(line.element), f"{sm.decimal(line.average)} / {line.scale_max}", 24 + i * ROW,
                max(line.share, 0.0) * AREA) for i, line in enumerate(rated)]
    return _chart(_("Average usefulness per element"), bars, _scale_ticks(rated))


def agenda_chart(lines: Sequence[sm.AgendaLine]) -> Chart | None:
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
        bars.append(Bar(_short(line.title), f"{sm.minutes_text(line.actual_seconds)} / {line.planned_minutes}",
                        24 + i * ROW, actual * scale, "bar over" if over else "bar", line.planned_minutes * 60 * scale))
    legend = (("ghost", _("planned")), ("bar", _("actual")), ("bar over", _("over plan")))
    return _chart(_("Planned and actual minutes"), bars, legend=legend)


def round_evaluation_chart(series: Sequence[sm.ElementSeries]) -> Chart | None:
    """Each element's average over the round, with a numbered point per session it was rated in."""
    rated = [s for s in series if s.average is not None]
    if not rated:
        return None
    bars = []
    for i, line in enumerate(rated):
        span = (line.scale_max - line.scale_min) or 1
        marks = tuple((AREA * (avg - line.scale_min) / span, str(number)) for number, avg, _n in line.per_session)
        bars.append(Bar(_short(line.element), f"{sm.decimal(line.average)} / {line.scale_max}", 24 + i * ROW,
                        max(line.share, 0.0) * AREA, marks=marks))
    legend = (("bar", _("average over the round")), ("mark", _("average in session no.")))
    return _chart(_("Usefulness per element across the sessions"), bars, _scale_ticks(rated), legend)


def _scale_ticks(lines: Sequence[sm.EvaluationLine | sm.ElementSeries]) -> list[tuple[float, str]]:
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
    bars = [Bar(_("Session {number}").format(number=s.number) + f" {sm.day(s.planned_start)}",
                f"{report.present_at(i)} / {total}", 24 + row * ROW, AREA * report.present_at(i) / total)
            for row, (i, s) in enumerate(held)]
    return _chart(_("Present per session"), bars)


# --------------------------------------------------------------------------------------------------
# Escaping


class _Safe(str):
    """Markdown that is already escaped (the output of a filter)."""


_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
# What starts a block when it begins a line: a heading, a quote, a list item, a setext underline.
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=*]|\d+[.)])(?=\s|$)")


def md_inline(value: Any) -> str:
    """Text inside a line of Markdown (never at its start): every character Markdown could act on
    inside a line is escaped, and line breaks become spaces."""
    text = " ".join(str(value).split())
    return _Safe(_MD_INLINE.sub(r"\\\1", text))


def _escape_marker(match: re.Match[str]) -> str:
    marker = match.group(2)
    return match.group(1) + (marker[:-1] + "\\" + marker[-1] if marker[0].isdigit() else "\\" + marker)


def md_block(value: Any, indent: int = 0) -> str:
    """Free text over several lines, escaped, its lines kept (hard breaks) and indented."""
    lines = [_MD_LINE_START.sub(_escape_marker, _MD_INLINE.sub(r"\\\1", line.rstrip()))
             for line in str(value).strip().splitlines()]
    return _Safe(("  \n" + " " * indent).join(line for line in lines))


def _md_finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, _Safe):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return md_inline(value)


_CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A spreadsheet runs a cell starting with = + - @ as a formula; a leading quote stops it."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_CSV_FORMULA) else text


# --------------------------------------------------------------------------------------------------
# Rendering


def _filters() -> dict[str, Any]:
    return {
        "local": sm.local, "clock": sm.clock_time, "day": sm.day, "decimal": sm.decimal, "percent": sm.percent,
        "attendance": sm.attendance_text, "mark": sm.mark_text, "minutes": sm.minutes_text, "delta": sm.delta_text,
        "flags": sm.agenda_flags, "isoday": sm.iso_day, "scale": sm.scale_text, "heading": sm.session_heading,
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
                          trim_blocks=True, lstrip_blocks=True, finalize=_md_finalize, keep_trailing_newline=True)
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
    text = env.get_template(f"{template}.{fmt}").render(**context)
    if fmt == "md":  # a blank line before every heading, never more than one in a row
        text = re.sub(r"\n{3,}", "\n\n", re.sub(r"\n(#{1,6} )", r"\n\n\1", text)).lstrip("\n")
    return text


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


def render_participants(reports: Sequence[ParticipantReport], fmt: str, *, anonymized: bool = False,
                        generated: Any = None) -> str:
    if fmt == "csv":
        return participants_csv(reports)
    return _render("participants", fmt, reports=reports, anonymized=anonymized, generated=generated)


def _session_column(column: sm.SessionColumn) -> str:
    return _("Session {number}").format(number=column.number) + (f" {sm.day(column.planned_start)}"
                                                                  if column.planned_start else "")


def _write_csv(header: list[str], rows: list[list[Any]]) -> str:
    # Semicolons and a byte-order mark: what a Norwegian spreadsheet opens without asking.
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in header])
    writer.writerows([[csv_cell(c) for c in row] for row in rows])
    return buffer.getvalue()


def attendance_csv(report: RoundReport) -> str:
    """One row per participant, one column per session, and how many held sessions they attended."""
    header = [_("Participant")] + [_session_column(c) for c in report.sessions] + [_("Attended")]
    held = sum(1 for c in report.sessions if c.held)
    rows = [[person.name] + [sm.attendance_text(cell) for cell in report.matrix[i]]
            + [f"{report.attended_by(i)}/{held}"] for i, person in enumerate(report.participants)]
    return _write_csv(header, rows)


def participants_csv(reports: Sequence[ParticipantReport]) -> str:
    if not reports:
        return _write_csv([_("Participant"), _("Attended")], [])
    columns = [line.session for line in reports[0].attendance]
    header = [_("Participant")] + [_session_column(c) for c in columns] + [_("Attended"), _("Follow-up status")]
    rows = [[r.participant.name] + [sm.attendance_text(line.attendance) for line in r.attendance]
            + [f"{r.attended}/{r.held}",
               FollowUpStatus.label_of(r.follow_up.status) if r.follow_up else ""] for r in reports]
    return _write_csv(header, rows)


# --------------------------------------------------------------------------------------------------
# Files


#: Words in the names of exported files, in the interface language ("okt", "oppmote", ...).
FILE_WORDS = {
    "session": N_("session"),  # i18n: in file names: pro-okt-2-2026-11-30.html
    "attendance": N_("attendance"),  # i18n: in file names: pro-oppmote.csv
    "round": N_("round report"),  # i18n: in file names
    "advisors": N_("for advisors"),  # i18n: in file names: pages for the participants' NAV advisors
    "anonymized": N_("anonymized"),  # i18n: in file names
}


def slug(text: str) -> str:
    """A file-name part: lower case, æøå spelled out, one hyphen between words."""
    text = text.casefold().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", "-", text).strip("-")[:60].strip("-") or "kursrom"


def write_private(path: Path, data: bytes, *, force: bool = False) -> Path:
    """Write a new file readable by its owner only (0600) and return where it went.

    The bytes go to a hidden temporary file in the same folder first, and only a complete file
    gets the final name, so an export killed mid-write leaves at most that hidden file, never half a
    report. An existing file is never overwritten silently: the next free name `name (2).ext` is
    taken with a hard link, which (like O_EXCL) fails rather than replace a file, so two exports at
    once cannot take the same name. With `force` the file is renamed over the old one."""
    folder = ensure_private_dir(path.parent)  # a new folder is the owner's only (0700)
    _remove_stale(folder, path.name)
    temporary = folder / f".{path.name}.{os.getpid()}-{os.urandom(4).hex()}.tmp"
    try:
        _write_new(temporary, data)
        if force:
            os.replace(temporary, path)
            final = path
        else:
            final = _link_free_name(temporary, path)
        _sync_folder(folder)
        return final
    finally:
        temporary.unlink(missing_ok=True)


def _link_free_name(temporary: Path, path: Path) -> Path:
    candidate, number = path, 1
    while True:
        try:
            os.link(temporary, candidate)
            return candidate
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links (a FAT memory stick): reserve, then rename
            try:
                os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                os.replace(temporary, candidate)
                return candidate
            except FileExistsError:
                pass
        number += 1
        candidate = path.with_name(f"{path.stem} ({number}){path.suffix}")


def _remove_stale(folder: Path, name: str) -> None:
    """Temporary files that an export killed mid-write left behind (its process is gone)."""
    if os.name != "posix":  # os.kill(pid, 0) only asks on POSIX
        return
    for leftover in folder.glob(f".{glob.escape(name)}.*-*.tmp"):
        pid = leftover.name[len(name) + 2:].split("-", 1)[0]
        try:
            os.kill(int(pid), 0)
        except (ValueError, ProcessLookupError):
            leftover.unlink(missing_ok=True)
        except OSError:
            pass  # someone else's process: leave it


def _sync_folder(folder: Path) -> None:
    """Make the new name itself survive a power cut (where the system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_new(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)  # exactly 0600, whatever the umask
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def _encode(text: str, fmt: str) -> bytes:
    return text.encode("utf-8-sig" if fmt == "csv" else "utf-8")


@dataclass
class _Plan:
    """Files an export is about to write: (file name, format, what, text)."""

    files: list[tuple[str, str, str, str]] = field(default_factory=list)


def _record(store: Any, written: Sequence[Written], *, session_id: int | None, round_id: int | None,
            anonymized: bool, mark_session: bool) -> None:
    from kursrom.store.models import CourseSession, ExportRecord

    now = store.now()
    with store.session() as db:
        for item in written:
            db.add(ExportRecord(session_id=session_id, round_id=round_id, path=str(item.path), format=item.format,
                                anonymized=anonymized, at=now))
        if mark_session and session_id is not None:
            session = db.get(CourseSession, session_id)
            # Only a finished session becomes "exported": a running one must stay resumable.
            if session is not None and session.status == SessionStatus.DONE:
                session.status = SessionStatus.EXPORTED
                db.add(session)


def _formats(formats: Sequence[str] | None, default: Sequence[str]) -> list[str]:
    chosen = list(formats or default)
    for fmt in chosen:
        if fmt not in FORMATS:
            raise ExportError(_("Unknown export format {format}; choose md, html or csv.").format(format=fmt))
    return chosen


def _write_all(plan: _Plan, out_dir: Path, force: bool) -> list[Written]:
    out_dir = Path(out_dir).expanduser()
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError(_("{path} is a file, not a folder.").format(path=out_dir))
    written = []
    for name, fmt, what, text in plan.files:
        path = write_private(out_dir / name, _encode(text, fmt), force=force)
        written.append(Written(path, fmt, what))
    return written


def export_session(store: Any, session_id: int, out_dir: Path, *, formats: Sequence[str] | None = None,
                   anonymized: bool = False, force: bool = False) -> list[Written]:
    """A session's summary as Markdown and HTML, and its round's attendance as CSV."""
    chosen = _formats(formats, FORMATS)
    try:
        summary = build_session_summary(store, session_id)
        report = build_round_report(store, summary.header.round_id) if "csv" in chosen else None
    except NotFound as error:
        raise ExportError(str(error)) from error
    if anonymized:
        summary = anonymize(summary, store, summary.header.round_id)
        report = anonymize(report, store, summary.header.round_id) if report else None
    header = summary.header
    course = slug(header.course)
    base = f"{course}-{_file_word(FILE_WORDS['session'])}-{header.number}"
    if header.planned_start:
        base += "-" + sm.local(header.planned_start, "%Y-%m-%d")
    if anonymized:
        base += "-" + slug(_("anonymized"))
    now = store.now()
    plan = _Plan()
    for fmt in chosen:
        if fmt == "csv":
            plan.files.append((f"{course}-{_file_word(FILE_WORDS['attendance'])}{_suffix(anonymized)}.csv", "csv",
                               "attendance", attendance_csv(report)))
        else:
            plan.files.append((f"{base}.{fmt}", fmt, "session",
                               render_session(summary, fmt, anonymized=anonymized, generated=now)))
    written = _write_all(plan, out_dir, force)
    _record(store, written, session_id=session_id, round_id=header.round_id, anonymized=anonymized, mark_session=True)
    return written


def _suffix(anonymized: bool) -> str:
    return "-" + _file_word(FILE_WORDS["anonymized"]) if anonymized else ""


def _file_word(word: str) -> str:
    return slug(_(word))


def export_round(store: Any, round_id: int, out_dir: Path, *, formats: Sequence[str] | None = None,
                 anonymized: bool = False, force: bool = False) -> list[Written]:
    """The round report (attendance matrix, evaluation per element, outcomes) and attendance CSV."""
    chosen = _formats(formats, FORMATS)
    try:
        report = build_round_report(store, round_id)
    except NotFound as error:
        raise ExportError(str(error)) from error
    if anonymized:
        report = anonymize(report, store, round_id)
    now = store.now()
    course = slug(report.round.course)
    plan = _Plan()
    for fmt in chosen:
        if fmt == "csv":
            name = f"{course}-{_file_word(FILE_WORDS['attendance'])}{_suffix(anonymized)}.csv"
            plan.files.append((name, "csv", "attendance",
                               attendance_csv(report)))
        else:
            plan.files.append((f"{course}-{_file_word(FILE_WORDS['round'])}{_suffix(anonymized)}.{fmt}", fmt, "round",
                               render_round(report, fmt, anonymized=anonymized, generated=now)))
    written = _write_all(plan, out_dir, force)
    _record(store, written, session_id=None, round_id=round_id, anonymized=anonymized, mark_session=False)
    return written


def export_participants(store: Any, round_id: int, out_dir: Path, participant_ids: Sequence[int] | None = None, *,
                        formats: Sequence[str] | None = None, anonymized: bool = False, force: bool = False,
                        one_file: bool = True, session_id: int | None = None) -> list[Written]:
    """Pages for the participants' NAV advisors: attendance, notes tagged to them, their SØT plan
    and follow-up status. Everyone enrolled (participant_ids None) goes in one file with a page
    each, or (one_file False) a file each. Other participants' names in a page's free text become
    "another participant"."""
    chosen = _formats(formats, ("md", "html"))
    try:
        reports = build_participant_reports(store, round_id, participant_ids)
    except NotFound as error:
        raise ExportError(str(error)) from error
    redactor = others_redactor(store, round_id)
    reports = [redact_others(report, store, redactor) for report in reports]
    if anonymized:
        reports = anonymize(reports, store, round_id)
    now = store.now()
    course = slug(reports[0].round.course) if reports else "kursrom"
    groups: list[tuple[str, list[ParticipantReport]]]
    if one_file and (participant_ids is None or len(reports) > 1):
        groups = [(f"{course}-{_file_word(FILE_WORDS['advisors'])}{_suffix(anonymized)}", reports)]
    else:
        groups = [(f"{course}-{slug(r.participant.name)}", [r]) for r in reports]
    plan = _Plan()
    for name, group in groups:
        for fmt in chosen:
            plan.files.append((f"{name}.{fmt}", fmt, "participants",
                               render_participants(group, fmt, anonymized=anonymized, generated=now)))
    written = _write_all(plan, out_dir, force)
    _record(store, written, session_id=session_id, round_id=round_id, anonymized=anonymized, mark_session=False)
    return written
