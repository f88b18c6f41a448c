"""`kursrom export`: a session's summary, a round's report, or pages for the participants' advisors,
as Markdown, HTML or CSV, optionally anonymized. Prints where each file went, one path a line."""

from __future__ import annotations

import argparse
from pathlib import Path

from kursrom.i18n import _


def _participant(value: str) -> int | str:
    from kursrom.commands.common import MAX_ID

    if value == "all":
        return value
    try:
        number = int(value)
    except ValueError:
        number = 0
    if not 1 <= number <= MAX_ID:
        raise argparse.ArgumentTypeError(_("a participant id, or all"))
    return number


def register(subparsers: argparse._SubParsersAction) -> None:
    from kursrom.commands.common import record_id

    parser = subparsers.add_parser(
        "export", help=_("write a session summary, a round report or advisor pages as Markdown, HTML or CSV"),
        description=_("Write a session's summary (Markdown, HTML, and the round's attendance as CSV), a round's "
                      "report, or one participant's page for their NAV advisor (--participant ID, or all for a "
                      "file each). An advisor page holds the participant's plan, flagged notes and quotes only "
                      "if they agreed. Files are readable by you only and never overwrite an existing file."))
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--session", type=record_id, metavar="ID", help=_("the session to summarise"))
    which.add_argument("--round", type=record_id, metavar="ID", help=_("the course round to report on"))
    parser.add_argument("--participant", type=_participant, metavar="ID",
                        help=_("a participant's page for their advisor (or all: a file for each participant)"))
    parser.add_argument("--one-file", action="store_true",
                        help=_("with --participant all: every page in one file instead of a file each"))
    parser.add_argument("--format", choices=("md", "html", "csv"), action="append", dest="formats",
                        help=_("md, html or csv (may be repeated; default: every format that applies)"))
    parser.add_argument("--anonymize", action="store_true",
                        help=_("participants become Participant 1, 2, … in a random order, also inside notes"))
    parser.add_argument("--out", type=Path, metavar=_("FOLDER"),
                        help=_("where to write (default: the kursrom folder in your documents)"))
    parser.add_argument("--force", action="store_true", help=_("overwrite files of the same name"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kursrom.commands.common import CommandError, check_database_file, db_path, open_database

    path = db_path(args)
    if not path.is_file():
        raise CommandError(_("There is no kursrom database at {path}.").format(path=path))
    check_database_file(path)

    from kursrom.store.exports import (
        ExportError, default_export_dir, export_participants, export_round, export_session,
    )
    from kursrom.store.reports import NotFound
    from kursrom.store.models import CourseSession

    if args.one_file and args.participant != "all":
        raise CommandError(_("--one-file goes with --participant all."))
    out = args.out or default_export_dir()
    options = {"formats": args.formats, "anonymized": args.anonymize, "force": args.force}
    store = open_database(path)
    try:
        if store.read_only:  # every export is recorded in the database, for erasure to find it
            raise CommandError(_("{path} is read-only, and kursrom records every export in it; export from a "
                                 "copy you may write to.").format(path=path))
        if args.participant is not None:
            round_id, session_id = args.round, args.session
            if session_id is not None:
                with store.read() as db:
                    session = db.get(CourseSession, session_id)
                if session is None:
                    raise CommandError(_("There is no session with id {id}.").format(id=session_id))
                round_id = session.round_id
            ids = None if args.participant == "all" else [args.participant]
            written = export_participants(store, round_id, out, ids, session_id=session_id, one_file=args.one_file,
                                          **options)
        elif args.session is not None:
            written = export_session(store, args.session, out, **options)
        else:
            written = export_round(store, args.round, out, **options)
    except (ExportError, NotFound) as error:
        raise CommandError(str(error)) from error
    finally:
        store.close()
    for item in written:
        print(item.path)
    return 0

