"""Languages as people write them in a roster: a code (`uk`, `en-GB`) or a name in bokmål, English or
the language itself (`ukrainsk`, `Ukrainian`, `Українська`), checked against Babel's locale data
(CLDR), so a real language is accepted and an invented code (`xx`, `zzz`) is refused.

CLDR lacks a few languages course groups bring; `EXTRA_LANGUAGES` and `ALIASES` keep them, short
and by hand.
"""

from __future__ import annotations

import re
from functools import cache

#: Languages CLDR has no name for, by ISO 639-3 code: (bokmål name, English name, own name).
EXTRA_LANGUAGES = {
    "prs": ("dari", "Dari", "دری"),
    "kmr": ("kurmanji", "Kurmanji", "Kurmancî"),
}
#: What facilitators write that is not a CLDR name: the names people use, and "norsk" for bokmål.
ALIASES = {
    "norsk": "nb", "bokmål": "nb", "bokmal": "nb", "norwegian": "nb", "nynorsk": "nn", "farsi": "fa", "sorani": "ckb",
    "kurmanci": "kmr", "nordkurdisk": "kmr", "northern kurdish": "kmr", "tigrinja": "ti", "somalisk": "so",
}
#: CLDR codes that name no language a participant speaks: unknown, none, several, other, and Klingon.
_NOT_LANGUAGES = frozenset({"und", "zxx", "mul", "mis", "tlh"})
_CODE = re.compile(r"([a-z]{2,3})(?:[-_]([a-z]{4}))?(?:[-_]([a-z]{2}|\d{3}))?")


@cache
def _cldr():  # noqa: ANN202 - (codes, names, scripts, territories)
    """The language codes, every name in bokmål, nynorsk and English (and the kept ones) -> its
    code, and the scripts and regions a code may name."""
    from babel import Locale

    english = Locale("en")
    codes = {code for code in english.languages if "_" not in code and code not in _NOT_LANGUAGES}
    names: dict[str, str] = {}
    for shown_in in ("en", "nn", "nb"):  # bokmål last: its names win where two languages share one
        for code, name in Locale(shown_in).languages.items():
            if code in codes:
                names[name.casefold()] = code
    for code, spellings in EXTRA_LANGUAGES.items():
        codes.add(code)
        names.update({spelling.casefold(): code for spelling in spellings})
    names.update(ALIASES)
    territories = frozenset(english.territories) - {"ZZ"}  # ZZ is CLDR's "unknown region"
    return frozenset(codes), names, frozenset(english.scripts), territories


@cache
def _own_names() -> dict[str, str]:
    """Each language's name in itself ("українська" -> "uk"). Reading every locale takes about a
    second, so only a name the other lists lack waits for it, once."""
    from babel import Locale, localedata

    codes = _cldr()[0]
    names = {}
    for code in sorted(codes):
        if localedata.exists(code):
            own = Locale.parse(code).get_display_name(code)
            if own:
                names.setdefault(own.casefold(), code)
    return names


def language_code(text: str) -> str | None:
    """The code of the language `text` names ("uk", "Ukrainsk", "Українська", "en-GB", "dari");
    None when it names none."""
    value = " ".join(text.split()).casefold()
    if not value:
        return None
    codes, names, scripts, territories = _cldr()
    if value in names:
        return names[value]
    match = _CODE.fullmatch(value)
    if match is None:
        return _own_names().get(value)
    if match.group(1) not in codes:
        return None
    language, script, region = match.groups()
    parts = [language]
    if script:
        script = script.title()
        if script not in scripts:
            return None
        parts.append(script)
    if region:
        region = region.upper()
        if region not in territories:
            return None
        parts.append(region)
    return "-".join(parts)


def language_name(code: str, in_language: str = "nb") -> str:
    """A language's name in `in_language` ("ukrainsk" for "uk" in bokmål); the code itself when
    neither CLDR nor `EXTRA_LANGUAGES` knows it."""
    base = code.replace("_", "-").split("-")[0].casefold()
    if base in EXTRA_LANGUAGES:
        bokmal, english, own = EXTRA_LANGUAGES[base]
        return bokmal if in_language in ("nb", "nn", "no") else own if in_language == base else english
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(in_language.replace("-", "_")).languages.get(base, code)
    except (UnknownLocaleError, ValueError):
        return code


def babel_locale(lang: str) -> str:
    """The Babel locale for a language code: bokmål is "nb_NO", "en-GB" is "en_GB"."""
    lang = lang.replace("-", "_") or "nb"
    return "nb_NO" if lang in ("nb", "no") else lang
