"""Exports as a whole: read a report (`kursrom.store.reports`), render it (`kursrom.core.rendering`),
write private files (`kursrom.core.files`) and record each file in `export_record`; a session that
was done becomes "exported". `kursrom export` and the summary screen both call these.

An anonymized export draws one set of pseudonyms for the request (`Pseudonyms.shuffled`), shared by
every file it writes. Advisor pages are a file per person unless one file is asked for, and record
whom each file is about, so a withdrawn consent can list them."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kursrom.core.files import encode, slug, write_private
from kursrom.core.reports.advisor import advisor_page
from kursrom.core.reports.data import AdvisorPage, SessionSummary
from kursrom.core.reports.pseudonyms import Pseudonyms, anonymize, others_redactor, redact_others
from kursrom.core.reports.text import local
from kursrom.core.rendering.documents import render_participants, render_round, render_session
from kursrom.core.rendering.spreadsheets import attendance_csv, evaluation_csv, session_attendance_csv
from kursrom.core.vocabulary import SessionStatus
from kursrom.i18n import N_, _
from kursrom.store.db import Store
from kursrom.store.models import CourseSession, ExportRecord
from kursrom.store.reports import (
    NotFound, build_participant_records, build_round_report, build_session_summary, round_people,
)

FORMATS = ("md", "html", "csv")
#: Words in the names of exported files, in the interface language ("okt", "oppmote", ...).
FILE_WORDS = {
    "session": N_("session"),  # i18n: in file names: pro-okt-2-2026-11-30.html
    "attendance": N_("attendance"),  # i18n: in file names: pro-oppmote.csv
    "round": N_("round report"),  # i18n: in file names
    "advisors": N_("for advisors"),  # i18n: in file names: pages for the participants' NAV advisors
    "anonymized": N_("anonymized"),  # i18n: in file names
    "interpreters": N_("interpreters"),  # i18n: in file names: pro-tolker.csv

    "evaluation": N_("evaluation"),  # i18n: in file names: pro-evaluering.csv
}


class ExportError(Exception):
    """An export that cannot be made; the message is one sentence for the facilitator."""


@dataclass(frozen=True)
class Written:
    """A file an export wrote."""

    path: Path
    format: str
    what: str  # "session", "attendance", "round", "participants"
    about: tuple[int, ...] = ()  # the participants an advisor page is about


@dataclass(frozen=True)
class _Planned:
    """A file an export is about to write."""

    name: str
    format: str
    what: str
    text: str
    about: tuple[int, ...] = ()


def default_export_dir() -> Path:
    """Where exports go unless told otherwise: a `kursrom` folder in the user's documents."""
    from platformdirs import user_documents_path

    return user_documents_path() / "kursrom"


def export_session(store: Store, session_id: int, out_dir: Path, *, formats: Sequence[str] | None = None,
                   anonymized: bool = False, force: bool = False, rng: random.Random | None = None) -> list[Written]:
    """A session's summary as Markdown and HTML, and its attendance as CSV (the round's attendance is
    the round report's: exporting each session does not write it again)."""
    chosen = _formats(formats, FORMATS)
    try:
        summary = _as_exported(build_session_summary(store, session_id))
    except NotFound as error:
        raise ExportError(str(error)) from error
    header = summary.header
    if anonymized:
        summary = anonymize(summary, Pseudonyms.shuffled(round_people(store, header.round_id), rng))
    course = slug(header.course)
    base = f"{course}-{_file_word('session')}-{header.number}"
    if header.planned_start:
        base += "-" + local(header.planned_start, "%Y-%m-%d")
    if anonymized:
        base += "-" + slug(_("anonymized"))
    now = store.now()
    planned = []
    for fmt in chosen:
        if fmt == "csv":
            name = f"{base}-{_file_word('attendance')}.csv"
            planned.append(_Planned(name, "csv", "attendance", session_attendance_csv(summary)))
        else:
            planned.append(_Planned(f"{base}.{fmt}", fmt, "session",
                                    render_session(summary, fmt, anonymized=anonymized, generated=now)))
    written = _write_all(planned, out_dir, force)
    record_export(store, written, session_id=session_id, round_id=header.round_id, anonymized=anonymized,
                  mark_session=True)
    return written


def export_round(store: Store, round_id: int, out_dir: Path, *, formats: Sequence[str] | None = None,
                 anonymized: bool = False, force: bool = False, rng: random.Random | None = None) -> list[Written]:
    """The round report (attendance matrix, evaluation per element, outcomes) and attendance CSV."""
    chosen = _formats(formats, FORMATS)
    try:
        report = build_round_report(store, round_id)
    except NotFound as error:
        raise ExportError(str(error)) from error
    if anonymized:
        report = anonymize(report, Pseudonyms.shuffled(round_people(store, round_id), rng))
    now = store.now()
    course = slug(report.round.course)
    planned = []
    for fmt in chosen:
        if fmt == "csv":
            name = f"{course}-{_file_word('attendance')}{_suffix(anonymized)}.csv"
            planned.append(_Planned(name, "csv", "attendance", attendance_csv(report)))
            name = f"{course}-{_file_word('evaluation')}{_suffix(anonymized)}.csv"
            planned.append(_Planned(name, "csv", "evaluation", evaluation_csv(report)))
        else:
            planned.append(_Planned(f"{course}-{_file_word('round')}{_suffix(anonymized)}.{fmt}", fmt, "round",
                                    render_round(report, fmt, anonymized=anonymized, generated=now)))
    written = _write_all(planned, out_dir, force)
    record_export(store, written, session_id=None, round_id=round_id, anonymized=anonymized, mark_session=False)
    return written


def export_interpreters(store: Store, round_id: int, out_dir: Path, *, force: bool = False) -> list[Written]:
    """The round's interpreter needs per session, as CSV and Markdown, for booking interpreters."""
    from kursrom.core.interpreters import needs_csv, needs_markdown
    from kursrom.store.interpreters import interpreter_needs_of
    from kursrom.store.rounds import get_round

    course_round = get_round(store, round_id)
    if course_round is None:
        raise ExportError(_("That round no longer exists."))
    needs = interpreter_needs_of(store, round_id)
    name = f"{slug(course_round.title)}-{_file_word('interpreters')}"
    planned = [_Planned(f"{name}.csv", "csv", "interpreters", needs_csv(needs)),
               _Planned(f"{name}.md", "md", "interpreters", needs_markdown(course_round.title, needs))]
    return _write_all(planned, out_dir, force)


def advisor_pages(store: Store, round_id: int, participant_ids: Sequence[int] | None = None, *,
                  anonymized: bool = False, rng: random.Random | None = None) -> list[AdvisorPage]:
    """The participants' pages for their NAV advisors: what each one's consent lets through of their
    record (`kursrom.core.reports.advisor`, from the record the participant page shows), with every
    other participant's name as "another participant" (and with `anonymized`, every name one of the
    request's pseudonyms)."""
    try:
        records = build_participant_records(store, round_id, participant_ids)
    except NotFound as error:
        raise ExportError(str(error)) from error
    people = round_people(store, round_id)
    redactor = others_redactor(people)
    pages = [redact_others(advisor_page(record), redactor) for record in records]
    return anonymize(pages, Pseudonyms.shuffled(people, rng)) if anonymized else pages


def export_participants(store: Store, round_id: int, out_dir: Path, participant_ids: Sequence[int] | None = None,
                        *, formats: Sequence[str] | None = None, anonymized: bool = False, force: bool = False,
                        one_file: bool = False, session_id: int | None = None,
                        rng: random.Random | None = None) -> list[Written]:
    """Pages for the participants' NAV advisors (`advisor_pages`), for everyone enrolled now
    (participant_ids None): a file each, named after the person (or their pseudonym), or with
    `one_file` one file with a page each. HTML unless other formats are asked for."""
    chosen = _formats(formats, ("html",))
    pages = advisor_pages(store, round_id, participant_ids, anonymized=anonymized, rng=rng)
    if not pages:
        raise ExportError(_("Nobody is enrolled in the round, so there are no advisor pages to write."))
    base = f"{slug(pages[0].round.course)}-{_file_word('advisors')}{_suffix(anonymized)}"
    groups: list[tuple[str, list[AdvisorPage]]]
    if one_file:
        groups = [(base, pages)]
    else:
        groups = [(f"{base}-{slug(page.participant.name)}", [page]) for page in pages]
    now = store.now()
    planned = [_Planned(f"{name}.{fmt}", fmt, "participants",
                        render_participants(group, fmt, anonymized=anonymized, generated=now),
                        tuple(page.participant.id for page in group))
               for name, group in groups for fmt in chosen]
    written = _write_all(planned, out_dir, force)
    record_export(store, written, session_id=session_id, round_id=round_id, anonymized=anonymized,
                  mark_session=False)
    return written


def record_export(store: Store, written: Sequence[Written], *, session_id: int | None, round_id: int | None,
                  anonymized: bool, mark_session: bool) -> None:
    """Record each file written (an advisor page once for each person it is about); with
    `mark_session`, a finished session becomes "exported"."""
    now = store.now()
    with store.session() as db:
        for item in written:
            for about in item.about or (None,):
                db.add(ExportRecord(session_id=session_id, round_id=round_id, path=str(item.path), format=item.format,
                                    anonymized=anonymized, at=now, participant_id=about))
        if mark_session and session_id is not None:
            session = db.get(CourseSession, session_id)
            # Only a finished session becomes "exported": a running one must stay resumable.
            if session is not None and session.status == SessionStatus.DONE:
                session.status = SessionStatus.EXPORTED
                db.add(session)


def _as_exported(summary: SessionSummary) -> SessionSummary:
    """The summary as its exported files will describe it: a finished session becomes "exported" by
    this very export, so the first file says so as the later ones do."""
    if summary.header.status != SessionStatus.DONE:
        return summary
    return dataclasses.replace(summary, header=dataclasses.replace(summary.header, status=SessionStatus.EXPORTED))


def _formats(formats: Sequence[str] | None, default: Sequence[str]) -> list[str]:
    chosen = list(formats or default)
    for fmt in chosen:
        if fmt not in FORMATS:
            raise ExportError(_("Unknown export format {format}; choose md, html or csv.").format(format=fmt))
    return chosen


def _write_all(planned: Sequence[_Planned], out_dir: Path, force: bool) -> list[Written]:
    out_dir = Path(out_dir).expanduser()
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError(_("{path} is a file, not a folder.").format(path=out_dir))
    return [Written(write_private(out_dir / item.name, encode(item.text, item.format), force=force), item.format,
                    item.what, item.about) for item in planned]


def _suffix(anonymized: bool) -> str:
    return "-" + _file_word("anonymized") if anonymized else ""


def _file_word(key: str) -> str:
    return slug(_(FILE_WORDS[key]))
