"""`kursrom forget PARTICIPANT` and `kursrom purge --before DATE`: erasing a person, and removing
finished rounds older than a date (retention). Both rewrite the database file so the bytes go."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from kursrom.i18n import N_, _, ngettext

YES_WORDS = ("ja", "j", "yes", "y")
#: How many places a name left behind is listed with before "and N more".
PLACES_SHOWN = 8
#: What a row of each table is, for the places where a name is left.
ROW_WORDS = {
    "note": N_("note"), "agenda_item": N_("agenda item"), "evaluation_comment": N_("evaluation comment"),
    "evaluation_score": N_("evaluation"), "exercise_result": N_("exercise result"), "sot_revision": N_("SØT plan"),
    "follow_up": N_("follow-up"), "attendance_event": N_("attendance mark"), "participant": N_("participant"),
    "course_round": N_("round"), "course_session": N_("session"), "export_record": N_("export"),
    "enrolment": N_("enrolment"), "rescue": N_("rescue file"),
}


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
    purge.add_argument("--redact-kept", action="store_true",
                       help=_("also replace the names of the people removed where they are still written in "
                              "the rounds that are kept"))
    purge.set_defaults(func=run_purge)


def _open(args: argparse.Namespace):  # noqa: ANN202 - a Store
    from kursrom.commands.common import CommandError, check_database_file, db_path, open_database

    path = db_path(args)
    if not path.is_file():
        raise CommandError(_("There is no kursrom database at {path}.").format(path=path))
    check_database_file(path)
    return open_database(path, writing=not getattr(args, "dry_run", False))


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
    if report.rescues_rewritten or report.rescues_deleted:
        print(_("Rescue files of unsaved notes: {rewritten} rewritten without them, {deleted} deleted.").format(
            rewritten=len(report.rescues_rewritten), deleted=len(report.rescues_deleted)))
    if report.rescues_failed:
        print(_("These rescue files could not be changed and may still hold them; delete them: {paths}").format(
            paths=_paths(report.rescues_failed)))
    left = [entry for entry in report.withheld if entry.places]
    _report_files(report.wiped and report.wal_cleared, report.backups, report.backups_deleted, report.exports,
                  names_left=bool(left))
    for entry in left:
        print(_withheld_line(entry))
    return 0


def _withheld_line(left) -> str:  # noqa: ANN001 - a sweep.LeftName
    if left.shared_with:
        why = _("it is also in the name of {names}").format(names=", ".join(left.shared_with))
    else:
        why = _("it is an ordinary word too, or too short to stand for one person")
    return _("Check «{part}» yourself: {why}, so it was left where it stands alone: {places}.").format(
        part=left.name, why=why, places=_places(left.places))


def _places(places) -> str:  # noqa: ANN001 - a list of sweep.Place
    shown = []
    for place in places[:PLACES_SHOWN]:
        what = _(ROW_WORDS[place.table]) if place.table in ROW_WORDS else place.table
        where = place.column if place.table == "rescue" else str(place.row_id)
        shown.append(f"{what} {where}" + (f" ({', '.join(place.rounds)})" if place.rounds else ""))
    more = len(places) - PLACES_SHOWN
    if more > 0:
        shown.append(ngettext("and {count} more", "and {count} more", more).format(count=more))
    return "; ".join(shown)


def _parse_date(text: str) -> date:
    from kursrom.commands.common import CommandError, within_years

    try:
        return within_years(date.fromisoformat(text.strip()), "--before")
    except ValueError:
        raise CommandError(_("{text} is not a date; write it as YYYY-MM-DD, for example 2024-01-01.").format(
            text=text)) from None


def run_purge(args: argparse.Namespace) -> int:
    from kursrom.store.purge import purge_before

    before = _parse_date(args.before)
    store = _open(args)
    try:
        preview = purge_before(store, before, dry_run=True, redact_kept=args.redact_kept)
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
        _report_left(preview.left, args.redact_kept)
        if args.dry_run:
            print(_("Dry run: nothing was removed."))
            if preview.backups:
                print(_("Backups that also hold these rounds: {paths}").format(paths=_paths(preview.backups)))
            return 0
        _confirm(args, _("Remove these rounds for good?"))
        report = purge_before(store, before, dry_run=False, delete_backups=args.include_backups,
                              redact_kept=args.redact_kept)
    finally:
        store.close()
    print(ngettext("Removed {count} round.", "Removed {count} rounds.", len(report.rounds)).format(
        count=len(report.rounds)))
    if report.redacted:
        print(_("The names of the people removed were replaced in {count} kept text(s).").format(
            count=report.redacted))
    if report.rescues_failed:
        print(_("These rescue files could not be changed and may still hold removed data; delete them: "
                "{paths}").format(paths=_paths(report.rescues_failed)))
    _report_files(report.vacuumed and report.wal_cleared, report.backups, report.backups_deleted, report.exports)
    return 0


def _report_left(left, redacting: bool) -> None:  # noqa: ANN001 - a list of sweep.LeftName
    """Where the rounds that are kept still name the people a purge removes."""
    if not left:
        return
    if redacting:
        print(_("The rounds that are kept still name people this removes; their names will be replaced there:"))
    else:
        print(_("The rounds that are kept still name people this removes; their names stay there unless you run "
                "again with --redact-kept:"))
    for entry in left:
        print(f"  {entry.name}: {_places(entry.places)}")


def _paths(paths: list[Path]) -> str:
    return ", ".join(str(p) for p in paths)


def _report_files(rewritten: bool, backups: list[Path], backups_deleted: bool, exports: list[Path], *,
                  names_left: bool = False) -> None:
    if rewritten and names_left:
        print(_("The database file was rewritten: the removed data is gone from it, but the parts of the name "
                "listed below are still in it."))
    elif rewritten:
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
