"""`kursrom forget PARTICIPANT` and `kursrom purge --before DATE`: erasing a person, and removing
finished rounds older than a date (retention). Both rewrite the database file so the bytes go."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from kursrom.i18n import _, ngettext

YES_WORDS = ("ja", "j", "yes", "y")


def register(subparsers: argparse._SubParsersAction) -> None:
    forget = subparsers.add_parser(
        "forget", help=_("erase a participant and everything stored about them (GDPR erasure)"),
        description=_("Erase a participant: their details, enrolments, attendance, exercise results, SØT "
                      "plans, follow-up and the notes tagged to them; their name is replaced in every "
                      "other text, and the database file is rewritten so the bytes are gone. Close "
                      "kursrom in other windows first."))
    forget.add_argument("participant", metavar=_("PARTICIPANT"), help=_("the participant's id, or their exact name"))
    forget.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    forget.add_argument("--include-backups", action="store_true",
                        help=_("also delete the database's backups, which still hold the person"))
    forget.set_defaults(func=run_forget)

    purge = subparsers.add_parser(
        "purge", help=_("remove finished rounds older than a date (retention)"),
        description=_("Remove every finished round whose last session ended before the date, with its "
                      "sessions, notes, attendance and results, and the participants who are in no "
                      "other round; then rewrite the database file."))
    purge.add_argument("--before", required=True, metavar=_("YYYY-MM-DD"),
                       help=_("remove rounds that ended before this date"))
    purge.add_argument("--dry-run", action="store_true", help=_("only show what would be removed"))
    purge.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    purge.add_argument("--include-backups", action="store_true",
                       help=_("also delete the database's backups, which still hold the removed rounds"))
    purge.set_defaults(func=run_purge)


def _open(args: argparse.Namespace):  # noqa: ANN202 - a Store
    from kursrom.commands.common import CommandError, check_database_file, db_path, open_command_store

    path = db_path(args)
    if not path.is_file():
        raise CommandError(_("There is no kursrom database at {path}.").format(path=path))
    check_database_file(path)
    return open_command_store(path)


def _confirm(args: argparse.Namespace, question: str) -> None:
    """Ask on a terminal; elsewhere (a script, a pipe) only --yes may erase."""
    from kursrom.commands.common import CommandError

    if args.yes:
        return
    if not sys.stdin.isatty():
        raise CommandError(_("Nothing was erased: confirm with --yes when not running in a terminal."))
    answer = input(question + " " + _("Type yes to go on: ")).strip().casefold()
    if answer not in YES_WORDS + (_("yes").casefold(),):
        raise CommandError(_("Nothing was erased."))


def run_forget(args: argparse.Namespace) -> int:
    from kursrom.commands.common import CommandError
    from kursrom.store.privacy import find_participants, forget_participant

    store = _open(args)
    try:
        found = find_participants(store, args.participant)
        if not found:
            raise CommandError(_("No participant has the id or name {text}; nothing was erased.").format(
                text=args.participant))
        if len(found) > 1:
            listing = "; ".join(_("id {id}: {rounds}").format(id=c.id, rounds=", ".join(c.rounds) or _("no round"))
                                for c in found)
            raise CommandError(_("{count} participants are called {name} ({listing}); give the id instead.").format(
                count=len(found), name=args.participant, listing=listing))
        person = found[0]
        _confirm(args, _("Erase {name} (id {id}) and everything stored about them? This cannot be undone.").format(
            name=person.name, id=person.id))
        report = forget_participant(store, person.id, delete_backups=args.include_backups)
    finally:
        store.close()
    print(_("Participant {id} is erased: {enrolments} enrolment(s), {attendance} attendance mark(s), "
            "{results} exercise result(s), {plans} SØT plan(s), {follow_ups} follow-up status(es) and "
            "{notes} note(s) about them alone.").format(
        id=report.participant_id, enrolments=report.enrolments, attendance=report.attendance,
        results=report.results, plans=report.sot_boards, follow_ups=report.follow_ups, notes=report.notes_deleted))
    if report.notes_untagged or report.texts_redacted:
        print(_("Their name was replaced in {count} other text(s); {shared} shared note(s) were kept for the "
                "others tagged in them.").format(count=report.texts_redacted, shared=report.notes_untagged))
    _report_files(report.vacuumed and report.wal_cleared, report.backups, report.backups_deleted, report.exports)
    return 0


def _parse_date(text: str) -> date:
    from kursrom.commands.common import CommandError

    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(_("{text} is not a date; write it as YYYY-MM-DD, for example 2024-01-01.").format(
            text=text)) from None


def run_purge(args: argparse.Namespace) -> int:
    from kursrom.store.privacy import purge_before

    before = _parse_date(args.before)
    store = _open(args)
    try:
        preview = purge_before(store, before, dry_run=True)
        if not preview.rounds:
            print(_("No finished round ended before {date}; nothing to remove.").format(date=before.isoformat()))
            return 0
        for entry in preview.rounds:
            last = entry.last.strftime("%d.%m.%Y") if entry.last else "–"
            print(_("  {title} ({start} – {last}): {sessions} session(s), {people} participant(s)").format(
                title=entry.title, start=entry.start.strftime("%d.%m.%Y"), last=last, sessions=entry.sessions,
                people=entry.participants))
        print(_("{rounds} round(s) with {sessions} session(s), {notes} note(s), {marks} attendance mark(s) and "
                "{results} exercise result(s); {people} participant(s) in no other round go with them.").format(
            rounds=len(preview.rounds), sessions=preview.sessions, notes=preview.notes, marks=preview.attendance,
            results=preview.results, people=preview.participants))
        if args.dry_run:
            print(_("Dry run: nothing was removed."))
            if preview.backups:
                print(_("Backups that also hold these rounds: {paths}").format(paths=_paths(preview.backups)))
            return 0
        _confirm(args, _("Remove these rounds for good?"))
        report = purge_before(store, before, dry_run=False, delete_backups=args.include_backups)
    finally:
        store.close()
    print(ngettext("Removed {count} round.", "Removed {count} rounds.", len(report.rounds)).format(
        count=len(report.rounds)))
    _report_files(report.vacuumed and report.wal_cleared, report.backups, report.backups_deleted, report.exports)
    return 0


def _paths(paths: list[Path]) -> str:
    return ", ".join(str(p) for p in paths)


def _report_files(rewritten: bool, backups: list[Path], backups_deleted: bool, exports: list[Path]) -> None:
    if rewritten:
        print(_("The database file was rewritten: the removed data is gone from it."))
    else:
        print(_("kursrom is open in another window, so the old bytes could not all be wiped yet; they are "
                "wiped when the last kursrom window closes."))
    if backups and backups_deleted:
        print(_("Deleted {count} backup(s) beside the database.").format(count=len(backups)))
    elif backups:
        print(_("These backups still hold the removed data; delete them, or run again with "
                "--include-backups: {paths}").format(paths=_paths(backups)))
    if exports:
        print(_("These exported files may hold the removed data; kursrom does not change them: {paths}").format(
            paths=_paths(exports)))
