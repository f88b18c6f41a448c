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
COMMAND_MODULES = ("demo", "check", "rounds", "privacy", "export", "notes")


class CommandError(Exception):
    """A mistake at the command line; the message is printed as it is."""


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


def load_catalog(args: argparse.Namespace):  # noqa: ANN201 - a Catalog
    from kursrom.core.catalog import default_folders, load_catalog as load

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


def run_textual(app) -> int:  # noqa: ANN001 - a KursromApp
    app.run()
    if app.failure:
        print(f"kursrom: {app.failure}", file=sys.stderr)
        return 2
    return app.return_code or 0


def run_app(args: argparse.Namespace) -> int:
    catalog = load_catalog(args)
    path = db_path(args)
    check_database_file(path)

    def open_user_store():  # noqa: ANN202 - runs in the app's worker thread
        from kursrom.store.db import open_store

        return open_store(path)

    from kursrom.app import KursromApp

    return run_textual(KursromApp(catalog=catalog, open_store=open_user_store))


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
    except CommandError as error:
        print(f"kursrom: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the last line of defence: one sentence, never a traceback
        from kursrom.store.fileguard import StoreError

        if isinstance(error, StoreError):
            print(f"kursrom: {error}", file=sys.stderr)
            return 2
        if isinstance(error, OSError):
            print(f"kursrom: {error.strerror or error}: {error.filename or ''}".rstrip(": "), file=sys.stderr)
            return 1
        print(_("kursrom: unexpected error ({kind}: {error}). Nothing was lost: every change is saved "
                "as it is made.").format(kind=type(error).__name__, error=error), file=sys.stderr)
        return 1
