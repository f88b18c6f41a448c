"""What every command shares: its error, which database and catalogue it uses, and how it runs the
app. Commands import this module; `kursrom.cli` imports the commands, never the other way round."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kursrom.i18n import _

if TYPE_CHECKING:
    from kursrom.app import KursromApp
    from kursrom.core.catalog import Catalog
    from kursrom.store.db import Store

#: A --db value starting so is kept for an office's database server; everything else is a file.
SERVER_PREFIXES = ("postgresql://", "postgres://")
#: The largest id SQLite can store (a signed 64-bit integer).
MAX_ID = 2**63 - 1
#: The years kursrom plans and removes rounds in: wide enough for any course, narrow enough that
#: the date arithmetic around them (weeks after, a year before) never leaves the calendar.
YEARS = (1900, 2200)


class CommandError(Exception):
    """A mistake at the command line; the message is printed as it is."""


def database_path(value: str) -> Path:
    """--db (argparse `type=`): the path of a database file, whatever characters it holds."""
    if value.startswith(SERVER_PREFIXES):
        raise argparse.ArgumentTypeError(
            _("a database server is not supported yet; give the path of a kursrom database file"))
    return Path(value)


def record_id(text: str) -> int:
    """An id given on the command line (argparse `type=`): a whole number SQLite can hold."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_ID:
        raise argparse.ArgumentTypeError(_("{value} is not an id; an id is a whole number from 1 to {max}").format(
            value=text, max=MAX_ID))
    return value


def within_years(day: date, what: str) -> date:
    """A date a command plans or removes by, refused outside `YEARS` with one sentence."""
    first, last = YEARS
    if not first <= day.year <= last:
        raise CommandError(_("{what} {date} is outside the years {first}–{last} that kursrom plans in.").format(
            what=what, date=day.isoformat(), first=first, last=last))
    return day


def load_catalog(args: argparse.Namespace) -> Catalog:
    from kursrom.core.catalog import default_folders
    from kursrom.core.catalog import load_catalog as load

    for folder in args.exercises:
        if not folder.is_dir():
            raise CommandError(_("The exercise folder {folder} does not exist.").format(folder=folder))
    return load(default_folders(args.exercises), explicit=args.exercises)


def db_path(args: argparse.Namespace) -> Path:
    from kursrom.paths import default_db_path

    if args.db is None and os.environ.get("KURSROM_DB", "").startswith(SERVER_PREFIXES):
        raise CommandError(_("KURSROM_DB names a database server, which kursrom does not support yet; set it to the "
                             "path of a kursrom database file."))
    return (args.db or default_db_path()).expanduser()


def open_database(path: Path, *, writing: bool = False) -> Store:
    """Open the store for a command, saying on stderr when others can read the file (its mode is
    the owner's to choose: kursrom never changes it). A command `writing` with its own connections
    (erasure rewrites the file) is refused a read-only database here, before it starts."""
    from kursrom.store.db import open_store
    from kursrom.store.errors import StoreError
    from kursrom.store.fileguard import permission_warning

    store = open_store(path)
    if writing and store.read_only is not None:
        store.close()
        raise StoreError.of(store.read_only, path)
    if warning := permission_warning(path):
        print(_("kursrom: warning: {problem}").format(problem=warning), file=sys.stderr)
    _tell_upgrade(store)
    return store


def _tell_upgrade(store: Store) -> None:
    """When this is the run that upgraded the file, say on stderr what the facilitator must know
    (the app shows the same in a dialog at its first start)."""
    from kursrom.store.consent_upgrade import ConsentUpgrade

    for report in store.upgrade_reports:
        if isinstance(report, ConsentUpgrade):
            print("kursrom: " + _("the database was upgraded; please read:"), file=sys.stderr)
            for line in report.describe():
                print("  " + line, file=sys.stderr)


def check_database_file(path: Path) -> None:
    """Refuse a foreign or newer file before the app starts (the full integrity check follows in
    the app's worker, since its cost grows with the file)."""
    from kursrom.store.fileguard import StoreError, inspect_file

    if path.exists() or path.is_symlink():
        try:
            inspect_file(path, integrity=False)
        except StoreError as error:
            raise CommandError(str(error)) from error


def run_textual(app: KursromApp) -> int:
    app.run()
    if app.failure:
        print(f"kursrom: {app.failure}", file=sys.stderr)
        return 2
    return app.return_code or 0
