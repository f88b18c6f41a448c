"""`kursrom check`: validate the exercise library and templates, and the database file."""

from __future__ import annotations

import argparse
import sys

from kursrom.i18n import _, ngettext


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("check", help=_("check the exercise files (and the database); exit 1 on a problem"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kursrom.commands.common import db_path, load_catalog
    from kursrom.store.fileguard import StoreError, inspect_file

    catalog = load_catalog(args)
    for problem in catalog.problems:
        print(problem)
    status = 1 if catalog.problems else 0
    print(ngettext("{exercises} exercise and {templates} course templates loaded.",
                   "{exercises} exercises and {templates} course templates loaded.",
                   len(catalog.exercises)).format(exercises=len(catalog.exercises),
                                                  templates=len(catalog.templates)))
    if catalog.problems:
        print(ngettext("{count} problem found.", "{count} problems found.", len(catalog.problems))
              .format(count=len(catalog.problems)), file=sys.stderr)
    path = db_path(args)
    if path.exists():
        try:
            version = inspect_file(path)
        except StoreError as error:
            print(f"kursrom: {error}", file=sys.stderr)
            return 1
        print(_("Database {path}: schema {version}, integrity ok.").format(path=path, version=version))
    return status
