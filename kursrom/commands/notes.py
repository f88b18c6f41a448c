"""`kursrom notes`: the co-facilitator's notes pane, in a second terminal on the same database."""

from __future__ import annotations

import argparse

from kursrom.i18n import _


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "notes", help=_("write notes beside the facilitator: follows the running session's current item"))
    parser.add_argument("--demo", action="store_true", help=_("use the demo database (as `kursrom demo` does)"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kursrom.commands.common import CommandError, check_database_file, db_path, load_catalog, run_textual
    from kursrom.paths import demo_db_path

    path = (args.db or demo_db_path()).expanduser() if args.demo else db_path(args)
    if not path.exists():
        raise CommandError(_("There is no database at {path}; start the session with kursrom first.").format(path=path))
    check_database_file(path)
    catalog = load_catalog(args)

    def open_existing():  # noqa: ANN202 - runs in the app's worker thread
        from kursrom.store.db import open_store

        return open_store(path)

    from kursrom.app import make_app

    return run_textual(make_app(catalog, opener=open_existing, notes_only=True))
