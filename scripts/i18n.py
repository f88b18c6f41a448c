"""Keep the interface catalogues in step with the code (needs Babel: `pip install '.[test]'`).

    python scripts/i18n.py update   extract every _() string, merge translations (the catalogue and
                                    any fragments in i18n/<area>.<lang>.po), write the .po, compile .mo
    python scripts/i18n.py check    exit 1 if a string has no translation or the .mo's messages differ
                                    from the .po's (messages, not bytes: any Babel may compile it)

Adding a language is a file: `python scripts/i18n.py update --add uk` creates its catalogue.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SOURCE = ROOT / "kursrom"
LOCALE_DIR = SOURCE / "locale"
FRAGMENTS = ROOT / "i18n"
DOMAIN = "kursrom"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
# A fixed header date keeps the catalogue's diff to the messages that changed.
STABLE_DATE = datetime(2026, 11, 23, tzinfo=timezone.utc)


def extract() -> Catalog:
    template = Catalog(project="kursrom", fuzzy=False)
    # The export templates (Jinja2) call _() too; Jinja2 brings Babel's extractor for them.
    method_map = [("**.py", "python"), ("core/templates/**", "jinja2.ext:babel_extract")]
    for filename, lineno, message, comments, context in extract_from_dir(
        SOURCE, method_map=method_map, keywords=KEYWORDS, comment_tags=("i18n:",)
    ):
        template.add(message, locations=[(f"kursrom/{filename}", lineno)], auto_comments=comments,
                     context=context)
    return template


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages() -> list[str]:
    return sorted(p.name for p in LOCALE_DIR.iterdir() if po_path(p.name).is_file()) if LOCALE_DIR.is_dir() else []


def read(path: Path, lang: str) -> Catalog:
    with open(path, "rb") as handle:
        return read_po(handle, locale=lang)


def known_translations(lang: str) -> dict[object, object]:
    found: dict[object, object] = {}
    sources = [po_path(lang)] if po_path(lang).is_file() else []
    sources += sorted(FRAGMENTS.glob(f"*.{lang}.po")) if FRAGMENTS.is_dir() else []
    for source in sources:
        for message in read(source, lang):
            if message.id and message.string and (not isinstance(message.string, tuple) or all(message.string)):
                found[message.id] = message.string
    return found


def update(lang: str) -> list[str]:
    template = extract()
    translations = known_translations(lang)
    catalog = Catalog(locale=lang, project="kursrom", version=__import__("kursrom").__version__,
                      copyright_holder="kursrom developers", fuzzy=False, charset="utf-8",
                      creation_date=STABLE_DATE, revision_date=STABLE_DATE,
                      last_translator="kursrom developers", language_team="kursrom developers")
    missing = []
    for message in template:
        if not message.id:
            continue
        string = translations.get(message.id, ("", "") if message.pluralizable else "")
        if isinstance(message.id, tuple) and isinstance(string, str):
            string = (string, string)
        catalog.add(message.id, string, locations=message.locations, auto_comments=message.auto_comments)
        if not string or (isinstance(string, tuple) and not all(string)):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    path = po_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True, omit_header=False, include_lineno=False)
    with open(path.with_suffix(".mo"), "wb") as handle:
        write_mo(handle, catalog)
    return missing


def check(lang: str) -> list[str]:
    problems = []
    catalog = read(po_path(lang), lang)
    have = {m.id: m.string for m in catalog if m.id}
    for message in extract():
        if not message.id:
            continue
        string = have.get(message.id)
        if not string or (isinstance(string, tuple) and not all(string)):
            text = message.id if isinstance(message.id, str) else message.id[0]
            where = ", ".join(f"{f}:{n}" for f, n in message.locations[:2])
            problems.append(f"{lang}: no translation for {text!r} ({where})")
    # Messages, not bytes: the .mo's header names the Babel that wrote it, so a byte comparison
    # would fail on every Babel release although the translations are the same.
    mo = po_path(lang).with_suffix(".mo")
    if not mo.is_file():
        problems.append(f"{lang}: {mo.relative_to(ROOT)} is missing; run `python scripts/i18n.py update`")
        return problems
    with open(mo, "rb") as handle:
        shipped = pairs(read_mo(handle))
    expected = pairs(catalog)
    for msgid in sorted(set(expected) | set(shipped), key=str):
        if expected.get(msgid) != shipped.get(msgid):
            text = msgid if isinstance(msgid, str) else msgid[0]
            problems.append(f"{lang}: {mo.relative_to(ROOT)} differs from the .po for {text!r}; "
                            "run `python scripts/i18n.py update`")
    return problems


def pairs(catalog: Catalog) -> dict[object, object]:
    """Message id -> translation for every translated message; the header entry is left out."""
    found: dict[object, object] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        string = message.string
        if isinstance(string, (tuple, list)):
            string = tuple(string)
            if not all(string):
                continue
        elif not string:
            continue
        msgid = tuple(message.id) if isinstance(message.id, (tuple, list)) else message.id
        found[msgid] = string
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("update", "check"))
    parser.add_argument("--add", metavar="LANG", help="start a catalogue for a new language")
    args = parser.parse_args()
    langs = sorted(set(languages()) | ({args.add} if args.add else set()))
    status = 0
    for lang in langs:
        if args.command == "update":
            missing = update(lang)
            print(f"{lang}: {len(missing)} message(s) without a translation")
            for text in missing:
                print(f"  {text!r}")
        else:
            for problem in check(lang):
                print(problem)
                status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
