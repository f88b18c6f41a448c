"""The `kursrom` command: builds the store, catalogue and clock from the user's folders, then runs
the app or a command. Errors are one sentence on stderr and a non-zero exit, never a traceback.

Subcommands live in `kursrom/commands/`, one module per family, each with `register(subparsers)`.
Every parser is a `KursromParser`: the global options (`--db`, `--exercises`, `--lang`) come from
one definition and are taken before or after any command, argparse's own words speak the interface
language, and a mistake on the command line is one sentence.
Imports are kept inside functions: `kursrom --version` must not pay for Textual or SQLAlchemy.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from kursrom import __version__
from kursrom.commands.common import database_path
from kursrom.i18n import _, detect_language, set_language, translate_argparse

#: Modules under kursrom.commands that add subcommands, in the order --help lists them.
COMMAND_MODULES = ("demo", "check", "rounds", "privacy", "export", "paper", "notes", "present")


def _language_from_argv(argv: Sequence[str]) -> str | None:
    # The language must be set before the parser is built, so that --help speaks it too.
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def add_global_options(parser: argparse.ArgumentParser, *, after_command: bool) -> None:
    """The options every command takes. After a command they leave alone what was given before it
    (SUPPRESS), and `--exercises` folders from both places are kept (`merge_global_options`)."""
    def default(value: object) -> object:
        return argparse.SUPPRESS if after_command else value

    group = parser.add_argument_group(_("options for every command"))
    group.add_argument("--db", type=database_path, metavar=_("PATH"), default=default(None),
                        help=_("the database file (default: KURSROM_DB, or the user's data folder)"))
    group.add_argument("--exercises", type=Path, action="append", metavar=_("FOLDER"),
                        dest="exercises_after" if after_command else "exercises", default=default([]),
                        help=_("a folder of your own exercises and course templates (may be repeated)"))
    group.add_argument("--lang", metavar=_("LANG"), default=default(None),
                        help=_("interface language: nb (default) or en"))


def merge_global_options(args: argparse.Namespace) -> argparse.Namespace:
    args.exercises = [*args.exercises, *vars(args).pop("exercises_after", [])]
    return args


class _Commands(argparse._SubParsersAction):
    """Subcommands that take the global options too."""

    def add_parser(self, name: str, **kwargs: object) -> argparse.ArgumentParser:
        parser = super().add_parser(name, **kwargs)
        add_global_options(parser, after_command=True)
        return parser


class KursromParser(argparse.ArgumentParser):
    """A parser of kursrom's command line; its subcommands are KursromParsers with the global options."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.register("action", "parsers", _Commands)

    def error(self, message: str) -> NoReturn:
        """A mistake on the command line: one sentence and exit 2 (the usage is one --help away)."""
        self.exit(2, _("{prog}: error: {message} (`{prog} --help` shows what it takes)").format(
            prog=self.prog, message=message) + "\n")


def build_parser() -> argparse.ArgumentParser:
    translate_argparse()
    parser = KursromParser(
        prog="kursrom",
        description=_("Lead live group sessions of job-seeker and career-guidance courses."),
    )
    parser.add_argument("--version", action="version", version=f"kursrom {__version__}",
                        help=_("show kursrom's version and exit"))
    add_global_options(parser, after_command=False)
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
    from kursrom.app import make_app
    from kursrom.store.opening import StoreOpener

    return run_textual(make_app(catalog, opener=StoreOpener(path)))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        set_language(detect_language(_language_from_argv(argv)))
    except ValueError as error:
        print(f"kursrom: unknown interface language {error}; choose nb or en.", file=sys.stderr)
        return 2
    parser = build_parser()
    args = merge_global_options(parser.parse_args(argv))
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, not as a warning at the interpreter's exit
        return code
    except BrokenPipeError:
        return _reader_left()
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - the last line of defence: one sentence, never a traceback
        return _report(error)


def _reader_left() -> int:
    """`kursrom rounds | head -1`: the reader has what it wanted; stop quietly, as `cat` does."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # what is still buffered goes nowhere, without a warning
        os.close(devnull)
    except (OSError, ValueError):  # no real stdout (a test's capture): nothing is left to flush
        pass
    return 0


def _report(error: Exception) -> int:
    import sqlite3

    from sqlalchemy.exc import DBAPIError, SQLAlchemyError

    from kursrom.commands.common import CommandError
    from kursrom.core.files import TargetRefused
    from kursrom.store.errors import StoreError, StoreErrorKind, store_error
    from kursrom.store.rounds import PlanningError

    if isinstance(error, (DBAPIError, sqlite3.Error)):  # one that escaped the store: never its SQL text
        error = store_error(error, None)
    if isinstance(error, StoreError) and error.kind == StoreErrorKind.BUSY:
        from kursrom.store.db import BUSY_TIMEOUT_MS  # a command does not try again: say how long it waited

        error = StoreError.of(StoreErrorKind.LOCKED, error.path, seconds=BUSY_TIMEOUT_MS // 1000)
    if isinstance(error, (CommandError, StoreError, PlanningError, TargetRefused)):
        print(f"kursrom: {error}", file=sys.stderr)
        return 2
    if isinstance(error, OSError):
        print(f"kursrom: {error.strerror or error}: {error.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
    # SQLAlchemy's own messages carry SQL and a web address: its name is enough here.
    detail = type(error).__name__ if isinstance(error, SQLAlchemyError) else error
    print(_("kursrom: unexpected error ({kind}: {error}). What was saved before it is kept.").format(
        kind=type(error).__name__, error=detail), file=sys.stderr)
    return 1
