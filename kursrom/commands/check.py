"""`kursrom check`: validate the exercise library and templates, and the database file.

Problems (a file left out) make it exit 1; warnings (an agenda without slack) and the translation
report (draft and missing translations per language) are printed, and the exit code stays 0.
"""

from __future__ import annotations

import argparse
import sys
import textwrap

from kursrom.i18n import _, ngettext

#: The report's lines wrap here, indented under their heading.
WIDTH = 100


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("check", help=_("check the exercise files (and the database); exit 1 on a problem"))
    parser.add_argument("--translations", action="append", default=None, metavar="LANG", dest="translation_langs",
                        help=_("report translations for this language only (may be repeated)"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kursrom.commands.common import db_path, load_catalog
    from kursrom.store.fileguard import StoreError, inspect_file, permission_warning

    catalog = load_catalog(args)
    for problem in catalog.problems:
        print(problem)
    for warning in catalog.warnings:
        # i18n: a line of `kursrom check` for something that loads but deserves a look
        print(_("warning: {problem}").format(problem=warning))
    status = 1 if catalog.problems else 0
    print(ngettext("{exercises} exercise and {templates} course templates loaded.",
                   "{exercises} exercises and {templates} course templates loaded.",
                   len(catalog.exercises)).format(exercises=len(catalog.exercises),
                                                  templates=len(catalog.templates)))
    print_translations(catalog, args.translation_langs)
    if catalog.problems:
        print(ngettext("{count} problem found.", "{count} problems found.", len(catalog.problems))
              .format(count=len(catalog.problems)), file=sys.stderr)
    if catalog.warnings:
        print(ngettext("{count} warning.", "{count} warnings.", len(catalog.warnings))
              .format(count=len(catalog.warnings)), file=sys.stderr)
    path = db_path(args)
    if path.exists() or path.is_symlink():
        try:
            version = inspect_file(path)
        except StoreError as error:
            print(f"kursrom: {error}", file=sys.stderr)
            return 1
        print(_("Database {path}: schema {version}, integrity ok.").format(path=path, version=version))
        if warning := permission_warning(path):
            print(_("warning: {problem}").format(problem=warning))
    return status


def _listing(label: str, items: list[str]) -> list[str]:
    if not items:
        return []
    return textwrap.wrap(f"{label}: " + ", ".join(items), width=WIDTH, initial_indent="    ",
                         subsequent_indent="      ", break_on_hyphens=False)


def _with_fields(exercise: str, fields: tuple[str, ...], all_fields: int) -> str:
    return exercise if len(fields) == all_fields else f"{exercise} ({', '.join(fields)})"


def print_translations(catalog, langs: list[str] | None) -> None:  # noqa: ANN001 - a Catalog
    from kursrom.core.catalog import translation_report

    reports = translation_report(catalog, langs)
    if not reports:
        return
    print(_("Translations (draft: not reviewed; missing: shown in bokmål):"))
    for report in reports:
        translated = report.translated
        reviewed = [row for row in translated if not row.draft and not row.missing]
        print("  " + _("{lang}: {translated} of {total} exercises translated, {reviewed} fully reviewed").format(
            lang=report.lang, translated=len(translated), total=len(report.exercises), reviewed=len(reviewed)))
        drafts = [_with_fields(row.exercise, row.draft, len(row.draft) + len(row.reviewed))
                  for row in report.with_drafts]
        missing = [f"{row.exercise} ({', '.join(row.missing)})" for row in report.partly_missing]
        for line in (*_listing(_("draft"), drafts), *_listing(_("missing"), missing),
                     *_listing(_("not translated"), report.untranslated)):
            print(line)
