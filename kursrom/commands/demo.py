"""`kursrom demo`: open a ready demo course (a PRO round with eight fictional participants)."""

from __future__ import annotations

import argparse

from kursrom.i18n import _


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("demo", help=_("open a demo course, ready to run session 1"))
    parser.add_argument("--reset", action="store_true", help=_("throw the demo away and build it again"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kursrom.commands.common import check_database_file, load_catalog, run_textual
    from kursrom.core.catalog import Catalog
    from kursrom.paths import demo_db_path
    from kursrom.store.demo_file import check_demo

    path = (args.db or demo_db_path()).expanduser()
    # Before anything else: a file that is not a demo is refused untouched, with one sentence.
    check_demo(path, reset=args.reset)
    catalog: Catalog = load_catalog(args)
    if not args.reset:
        check_database_file(path)

    from kursrom.app import make_app
    from kursrom.store.opening import DemoOpener

    return run_textual(make_app(catalog, opener=DemoOpener(path, catalog, reset=args.reset)))
