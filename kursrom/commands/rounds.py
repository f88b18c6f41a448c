"""Planning without the screens: `kursrom rounds`, `round new`, `roster import` and `calendar`.

For facilitators who prepare many rounds and for the office's own scripts. Each command takes
`--db` like every other, says what went wrong in one sentence and exits non-zero on an error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kursrom.i18n import _, ngettext


def register(subparsers: argparse._SubParsersAction) -> None:
    from kursrom.commands.common import record_id

    listing = subparsers.add_parser("rounds", help=_("list the course rounds"))
    listing.add_argument("--tsv", action="store_true", help=_("tab-separated, for scripts"))
    listing.set_defaults(func=run_rounds)

    round_parser = subparsers.add_parser("round", help=_("plan a course round (round new --help)"))
    round_commands = round_parser.add_subparsers(title=_("commands"), metavar=_("COMMAND"), required=True)
    new = round_commands.add_parser("new", help=_("create a round from a course template and print its dates"))
    new.add_argument("--template", required=True, metavar="ID", help=_("the course template, e.g. pro"))
    new.add_argument("--start", required=True, metavar="YYYY-MM-DD", help=_("the first day of the round"))
    new.add_argument("--time", metavar="HH:MM", help=_("start time, Oslo time (default: the template's)"))
    new.add_argument("--title", metavar="T", help=_("the round's title (default: the template's)"))
    new.add_argument("--place", default="", metavar=_("PLACE"), help=_("a room, or a link for digital groups"))
    new.add_argument("--facilitators", default="", metavar=_("NAMES"), help=_("who leads the round"))
    new.add_argument("--skip", action="append", default=[], metavar="YYYY-MM-DD",
                     help=_("a date to skip, such as a public holiday (may be repeated)"))
    new.set_defaults(func=run_round_new)

    roster_parser = subparsers.add_parser("roster", help=_("import a roster (roster import --help)"))
    roster_commands = roster_parser.add_subparsers(title=_("commands"), metavar=_("COMMAND"), required=True)
    imp = roster_commands.add_parser("import", help=_("enrol everyone in a CSV file in a round, all or nothing"))
    imp.add_argument("--round", required=True, type=record_id, metavar="ID",
                     help=_("the round's id (see kursrom rounds)"))
    imp.add_argument("file", type=Path, metavar="FILE.csv", help=_("the roster, with a header row naming 'name'"))
    imp.add_argument("--allow-same-name", action="store_true",
                     help=_("enrol someone whose name is already on the roster: a second person of that name, "
                            "told apart by the file's 'distinction' column (or a number)"))
    imp.set_defaults(func=run_roster_import)

    cal = subparsers.add_parser("calendar", help=_("write a round's sessions to an .ics calendar file"))
    cal.add_argument("--round", required=True, type=record_id, metavar="ID",
                     help=_("the round's id (see kursrom rounds)"))
    cal.add_argument("--out", required=True, type=Path, metavar="FILE.ics", help=_("where to write the calendar"))
    cal.add_argument("--force", action="store_true", help=_("overwrite a file of the same name"))
    cal.add_argument("--participants", action="store_true",
                     help=_("the calendar to send to the participants: times, place and themes only"))
    cal.set_defaults(func=run_calendar)


def _open(args: argparse.Namespace, *, must_exist: bool):  # noqa: ANN202 - a Store
    from kursrom.commands.common import CommandError, check_database_file, db_path, open_database

    path = db_path(args)
    check_database_file(path)
    if must_exist and not path.exists():
        raise CommandError(_("There is no database at {path}; create a round first.").format(path=path))
    return open_database(path)


def _round(store, round_id: int):  # noqa: ANN001, ANN202 - a CourseRound
    from kursrom.commands.common import CommandError
    from kursrom.store.rounds import get_round

    course_round = get_round(store, round_id)
    if course_round is None:
        raise CommandError(_("There is no round {id}; `kursrom rounds` lists them.").format(id=round_id))
    return course_round


def run_rounds(args: argparse.Namespace) -> int:
    from kursrom.commands.common import db_path
    from kursrom.core.clock import OSLO
    from kursrom.core.schedule import format_when
    from kursrom.store.rounds import round_overviews

    if not db_path(args).exists():
        print(_("No course rounds yet."))
        return 0
    store = _open(args, must_exist=True)
    try:
        overviews = round_overviews(store)
    finally:
        store.close()
    header = (_("id"), _("title"), _("template"), _("start"), _("participants"), _("next session"))
    rows = []
    for overview in sorted(overviews, key=lambda o: o.round.id):
        upcoming = overview.next_session
        rows.append((str(overview.round.id), overview.round.title, overview.round.template_id,
                     overview.round.start_date.isoformat(), str(overview.participants),
                     (upcoming.planned_start.astimezone(OSLO).isoformat(timespec="minutes") if args.tsv else
                      format_when(upcoming.planned_start)) if upcoming and upcoming.planned_start else "-"))
    if args.tsv:
        for row in (header, *rows):
            print("\t".join(value.replace("\t", " ") for value in row))
        return 0
    if not rows:
        print(_("No course rounds yet."))
        return 0
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        print("  ".join(value.ljust(width) for value, width in zip(row, widths)).rstrip())
    return 0


def _parse_date(text: str, what: str):  # noqa: ANN202 - a date
    from kursrom.commands.common import CommandError, within_years
    from kursrom.core.schedule import parse_date

    try:
        day = parse_date(text)
    except ValueError:
        raise CommandError(_("{what} {value} is not a date; write it as YYYY-MM-DD.").format(
            what=what, value=text)) from None
    return within_years(day, what)


def run_round_new(args: argparse.Namespace) -> int:
    from kursrom.commands.common import CommandError, load_catalog
    from kursrom.core.clock import OSLO
    from kursrom.core.schedule import format_day, format_when, holidays_on, parse_time
    from kursrom.store.rounds import create_round, sessions_of

    catalog = load_catalog(args)
    template = catalog.templates.get(args.template)
    if template is None:
        known = ", ".join(sorted(catalog.templates)) or _("none")
        raise CommandError(_("There is no course template {id}; the templates are: {known}.").format(
            id=args.template, known=known))
    start = _parse_date(args.start, "--start")
    skip = [_parse_date(value, "--skip") for value in args.skip]
    if args.time is not None:
        try:
            parse_time(args.time)
        except ValueError:
            raise CommandError(_("--time {value} is not a time of day; write it as HH:MM.").format(
                value=args.time)) from None
    if args.title is not None and not args.title.strip():
        raise CommandError(_("A round needs a title."))
    store = _open(args, must_exist=False)
    try:
        course_round = create_round(store, catalog, template, start=start, start_time=args.time,
                                    title=args.title, place=args.place, facilitators=args.facilitators, skip=skip)
        sessions = sessions_of(store, course_round.id)
    finally:
        store.close()
    print(_("Created round {id}: {title}").format(id=course_round.id, title=course_round.title))
    for session in sessions:
        print(f"  {session.number:>2}  {format_when(session.planned_start)}  {session.theme or session.title}")
    local_days = {s.planned_start.astimezone(OSLO).date() for s in sessions if s.planned_start}
    for day, name in sorted(holidays_on(local_days).items()):
        print(_("Note: {day} is a public holiday ({name}); skip it with --skip {iso}.").format(
            day=format_day(day), name=name, iso=day.isoformat()), file=sys.stderr)
    return 0


def run_roster_import(args: argparse.Namespace) -> int:
    from kursrom.commands.common import CommandError
    from kursrom.core.roster_csv import read_roster
    from kursrom.store.rounds import RosterRejected, import_roster

    if not args.file.is_file():
        raise CommandError(_("There is no file {path}.").format(path=args.file))
    parsed = read_roster(args.file, allow_same_name=args.allow_same_name)
    store = _open(args, must_exist=True)
    try:
        course_round = _round(store, args.round)
        problems = list(parsed.problems)
        added = []
        if not problems and parsed.rows:
            try:
                added = import_roster(store, course_round.id, parsed.rows, allow_same_name=args.allow_same_name)
            except RosterRejected as rejected:
                problems = rejected.problems
    finally:
        store.close()
    if problems or not added:
        for problem in problems:
            where = f"{args.file}:{problem.line}" if problem.line else str(args.file)
            print(f"{where}: {problem.message}", file=sys.stderr)
        print(ngettext("kursrom: {count} problem in the roster; nothing was imported.",
                       "kursrom: {count} problems in the roster; nothing was imported.",
                       len(problems)).format(count=len(problems)), file=sys.stderr)
        if any(problem.same_name for problem in problems):
            print(_("kursrom: if these are other people with the same names, import again with --allow-same-name "
                    "and a 'distinction' column that tells them apart."), file=sys.stderr)
        return 1
    print(ngettext("Enrolled {count} participant in round {id} ({title}).",
                   "Enrolled {count} participants in round {id} ({title}).", len(added)).format(
        count=len(added), id=course_round.id, title=course_round.title))
    return 0


def run_calendar(args: argparse.Namespace) -> int:
    from kursrom.commands.common import CommandError
    from kursrom.core.calendar import write_round_calendar
    from kursrom.core.files import TargetRefused
    from kursrom.store.rounds import sessions_of

    if args.out.is_dir():
        raise CommandError(_("{path} is a folder; give a file name ending in .ics.").format(path=args.out))
    if not args.out.parent.exists():
        raise CommandError(_("The folder {path} does not exist.").format(path=args.out.parent))
    store = _open(args, must_exist=True)
    try:
        course_round = _round(store, args.round)
        sessions = sessions_of(store, course_round.id)
        written, count = write_round_calendar(args.out, course_round, sessions, stamp=store.now(), force=args.force,
                                              for_participants=args.participants)
    except TargetRefused as refused:
        raise CommandError(str(refused)) from refused
    except OSError as error:  # a folder that takes no files (/proc), a full disk: nothing was written
        raise CommandError(_("{path} could not be written there; nothing was written.").format(
            path=args.out)) from error
    finally:
        store.close()
    print(ngettext("Wrote {count} session to {path}.", "Wrote {count} sessions to {path}.", count).format(
        count=count, path=written))
    return 0
