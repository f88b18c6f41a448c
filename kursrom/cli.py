"""The `kursrom` command: builds the store, catalogue and clock from the user's folders, then runs
the app or a command. Errors are one sentence on stderr and a non-zero exit, never a traceback.

Subcommands live in `kursrom/commands/`, one module per family, each with `register(subparsers)`.
Imports are kept inside functions: `kursrom --version` must not pay for Textual or SQLAlchemy.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from kursrom import __version__
from kursrom.i18n import _, detect_language, set_language

#: Modules under kursrom.commands that add subcommands, in the order --help lists them.
COMMAND_MODULES = ("demo", "check", "rounds", "privacy", "export", "paper", "notes")


def _language_from_argv(argv: Sequence[str]) -> str | None:
    # The language must be set before the parser is built, so that --help speaks it too.
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kursrom",
        description=_("Lead live group sessions of job-seeker and career-guidance courses."),
    )
    parser.add_argument("--version", action="version", version=f"kursrom {__version__}")
    parser.add_argument("--db", type=Path, metavar=_("PATH"),
                        help=_("the database file (default: KURSROM_DB, or the user's data folder)"))
    parser.add_argument("--exercises", type=Path, action="append", default=[], metavar=_("FOLDER"),
                        help=_("a folder of your own exercises and course templates (may be repeated)"))
    parser.add_argument("--lang", metavar=_("LANG"), help=_("interface language: nb (default) or en"))
    parser.set_defaults(func=run_app)
    subparsers = parser.add_subparsers(title=_("commands"), metavar=_("COMMAND"))
    for name in COMMAND_MODULES:
        importlib.import_module(f"kursrom.commands.{name}").register(subparsers)
    return parser


def run_app(args: argparse.Namespace) -> int:
    from kursrom.commands.common import check_database_file, db_path, load_catalog, run_textual

    catalog = load_catalog(args)
    path = db_path(args)
    check_database_file(path)

    def open_user_store():  # noqa: ANN202 - runs in the app's worker thread
        from kursrom.store.db import open_store

        return open_store(path)

    from kursrom.app import make_app

    return run_textual(make_app(catalog, opener=open_user_store))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        set_language(detect_language(_language_from_argv(argv)))
    except ValueError as error:
        print(f"kursrom: unknown interface language {error}; choose nb or en.", file=sys.stderr)
        return 2
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - the last line of defence: one sentence, never a traceback
        return _report(error)


def _report(error: Exception) -> int:
    import sqlite3

    from sqlalchemy.exc import DBAPIError, SQLAlchemyError

    from kursrom.commands.common import CommandError
    from kursrom.store.errors import StoreError, store_error

    if isinstance(error, (DBAPIError, sqlite3.Error)):  # one that escaped the store: never its SQL text
        error = store_error(error, None)
    if isinstance(error, (CommandError, StoreError)):
        print(f"kursrom: {error}", file=sys.stderr)
        return 2
    if isinstance(error, OSError):
        print(f"kursrom: {error.strerror or error}: {error.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
    # SQLAlchemy's own messages carry SQL and a web address: its name is enough here.
    detail = type(error).__name__ if isinstance(error, SQLAlchemyError) else error
    print(_("kursrom: unexpected error ({kind}: {error}). Nothing was lost: every change is saved "
            "as it is made.").format(kind=type(error).__name__, error=detail), file=sys.stderr)
    return 1
