"""`kursrom print`: paper for the room as A4 HTML files to print from a browser.

A command of its own rather than an option of `export`: export's formats and anonymizing do not
apply (a sign-in sheet or a certificate needs the real names, and paper is HTML only), and paper has
its own choices (which material, whose SØT sheet, which second language)."""

from __future__ import annotations

import argparse
from pathlib import Path

from kursrom.i18n import _


def register(subparsers: argparse._SubParsersAction) -> None:
    from kursrom.core.paper.materials import DESCRIPTIONS, MATERIALS

    listing = "; ".join(f"{key}: {_(DESCRIPTIONS[key])}" for key in MATERIALS)
    parser = subparsers.add_parser(
        "print", help=_("write paper for the room (sign-in sheet, SØT sheet, cards, rules, certificates, "
                        "invitations) as A4 HTML"),
        description=_("Write one material as an A4 HTML file to print from a browser. The materials: {list}. "
                      "Files are readable by you only and never overwrite an existing file.").format(list=listing))
    parser.add_argument("material", choices=list(MATERIALS), metavar=_("MATERIAL"),
                        help=_("one of: {choices}").format(choices=", ".join(MATERIALS)))
    parser.add_argument("--round", required=True, type=int, metavar="ID", help=_("the round's id (see kursrom rounds)"))
    parser.add_argument("--session", type=int, metavar="ID",
                        help=_("the session (sign-in sheet: default the next one; invitations: one session "
                               "instead of the whole round; cards: that session's card sorts)"))
    parser.add_argument("--participant", type=int, metavar="ID", help=_("a SØT sheet filled in for this participant"))
    parser.add_argument("--second-language", dest="second_language", metavar=_("LANG"),
                        help=_("cards and the SØT sheet: the second language (default: the one most participants "
                               "prefer, where the exercise is translated)"))
    parser.add_argument("--out", type=Path, metavar=_("FOLDER"),
                        help=_("where to write (default: the kursrom folder in your documents)"))
    parser.add_argument("--force", action="store_true", help=_("overwrite a file of the same name"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kursrom.commands.common import CommandError, check_database_file, db_path, load_catalog
    from kursrom.core.languages import language_code

    path = db_path(args)
    if not path.is_file():
        raise CommandError(_("There is no kursrom database at {path}.").format(path=path))
    check_database_file(path)
    lang = None
    if args.second_language:
        lang = language_code(args.second_language)
        if lang is None:
            raise CommandError(_("'{value}' is not a language; write a code such as nb, uk, ar or ti.").format(
                value=args.second_language))
    catalog = load_catalog(args)

    from kursrom.commands.common import open_database
    from kursrom.store.exports import ExportError, default_export_dir
    from kursrom.store.paper import PrintRequest, print_material

    store = open_database(path)
    try:
        written = print_material(store, catalog, args.round, args.out or default_export_dir(),
                                 PrintRequest(args.material, args.session, args.participant, lang), force=args.force)
    except ExportError as error:
        raise CommandError(str(error)) from error
    finally:
        store.close()
    for item in written:
        print(item.path)
    return 0
