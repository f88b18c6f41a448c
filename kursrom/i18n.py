"""Interface language. Every interface string goes through `_()`; the texts live in gettext catalogues
under `kursrom/locale/<lang>/LC_MESSAGES/kursrom.po` (message ids in English, bokmål the default).

Plain Python: `set_language` must run before the UI modules are imported, because Textual reads
binding descriptions when a class is created.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "kursrom"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DEFAULT_LANGUAGE = "nb"
#: Languages with a catalogue. English is the message-id language and needs none.
LANGUAGES = ("nb", "en")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def available_languages() -> list[str]:
    found = {"en"}
    if LOCALE_DIR.is_dir():
        found |= {p.name for p in LOCALE_DIR.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()}
    return sorted(found)


def detect_language(requested: str | None = None) -> str:
    """`--lang` first, then KURSROM_LANG, then the locale; bokmål when nothing says otherwise."""
    candidates = [requested, os.environ.get("KURSROM_LANG")]
    candidates += [os.environ.get(v) for v in ("LC_ALL", "LC_MESSAGES", "LANG")]
    for value in candidates:
        if not value:
            continue
        code = value.split(".")[0].split("_")[0].lower()
        if code in ("nb", "no", "nn"):
            return "nb"
        if code in available_languages():
            return code
        if value is requested:
            raise ValueError(value)
    return DEFAULT_LANGUAGE


def set_language(lang: str) -> None:
    global _translation, _language
    if lang == "en":
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
    _language = lang


def current_language() -> str:
    return _language


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet (translated where it is shown)."""
    return message


#: argparse's own words, as Python 3.11 writes them, so that `kursrom --help` and a mistake on the
#: command line speak the interface language. A Python whose argparse words them differently shows
#: those in English: nothing breaks, and the words kursrom writes itself are translated still.
ARGPARSE_MESSAGES = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"), N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"), N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"), N_("ignored explicit argument %r"), N_("expected one argument"),
    N_("expected at most one argument"), N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"), N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
)


def translate_argparse() -> None:
    """Let argparse look its words up in kursrom's catalogue, in the language set now or later.
    argparse calls the gettext functions it imported by name at each use, so they are replaced
    there; a word the catalogue lacks stays as argparse wrote it."""
    import argparse

    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
