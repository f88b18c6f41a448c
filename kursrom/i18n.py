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
