"""What every command shares: its error, which database and catalogue it uses, and how it runs the
app. Commands import this module; `kursrom.cli` imports the commands, never the other way round."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kursrom.i18n import _

if TYPE_CHECKING:
    from kursrom.app import KursromApp
    from kursrom.core.catalog import Catalog
    from kursrom.store.db import Store


class CommandError(Exception):
    """A mistake at the command line; the message is printed as it is."""


def load_catalog(args: argparse.Namespace) -> Catalog:
    from kursrom.core.catalog import default_folders
    from kursrom.core.catalog import load_catalog as load

    for folder in args.exercises:
        if not folder.is_dir():
            raise CommandError(_("The exercise folder {folder} does not exist.").format(folder=folder))
    return load(default_folders(args.exercises), explicit=args.exercises)


def db_path(args: argparse.Namespace) -> Path:
    from kursrom.paths import default_db_path

    return (args.db or default_db_path()).expanduser()


def check_database_file(path: Path) -> None:
    """Refuse a foreign or newer file before the app starts (the full integrity check follows in
    the app's worker, since its cost grows with the file)."""
    from kursrom.store.fileguard import StoreError, inspect_file

    if path.is_dir():
        raise CommandError(_("{path} is a folder, not a database file.").format(path=path))
    if path.exists():
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


def open_command_store(path: Path) -> Store:
    """Open the database for a command; when this is the run that upgraded it, say on stderr what
    the facilitator must know (the app shows the same in a dialog at its first start)."""
    from kursrom.store.consent_upgrade import ConsentUpgrade
    from kursrom.store.db import open_store

    store = open_store(path)
    for report in store.upgrade_reports:
        if isinstance(report, ConsentUpgrade):
            print("kursrom: " + _("the database was upgraded; please read:"), file=sys.stderr)
            for line in report.describe():
                print("  " + line, file=sys.stderr)
    return store
