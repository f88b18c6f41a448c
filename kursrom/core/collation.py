"""Names in Norwegian order: the one sort key for every list and export of people.

Norwegian puts Æ, Ø and Å after Z, in that order. Names from the languages course groups bring sort
as a Norwegian phone book sorts them: Ä with Æ, Ö with Ø, Ü with Y, and "aa" as Å (Aasen after
Åse). Other accents only break ties (Rene before René), then case, so the order never depends on
how the list was read. PyICU would do this too, but it ships no wheel and needs the ICU headers to
build; this is the part of it kursrom needs.
"""

from __future__ import annotations

import unicodedata

#: Letters that are letters of their own in Norwegian, or sort as one, before accents are taken off.
_OWN_LETTERS = {"æ": 27, "ä": 27, "ø": 28, "ö": 28, "œ": 28, "å": 29, "ü": 25}
_SPACE = 0
_DIGIT = 1  # digits 0-9 take 1..10, before any letter
_LETTER = 20  # a..z take 21..46; æ, ø, å follow z
_OTHER = 1000  # letters of other scripts (Олена, يوسف) after the Latin ones, in code-point order


def _weights(text: str) -> tuple[int, ...]:
    folded = unicodedata.normalize("NFC", text).casefold().replace("aa", "å")
    weights: list[int] = []
    for char in folded:
        if char in _OWN_LETTERS:
            weights.append(_LETTER + _OWN_LETTERS[char])
            continue
        base = unicodedata.normalize("NFKD", char)[0]
        if "a" <= base <= "z":
            weights.append(_LETTER + ord(base) - ord("a") + 1)
        elif base.isdigit():
            weights.append(_DIGIT + (unicodedata.digit(base, 0)))
        elif base.isspace():
            if weights and weights[-1] != _SPACE:
                weights.append(_SPACE)
        elif base.isalnum():
            weights.append(_OTHER + ord(base))
        # punctuation (a full stop after an initial, a hyphen) does not count
    while weights and weights[-1] == _SPACE:
        weights.pop()
    return tuple(weights)


def name_key(name: str) -> tuple[tuple[int, ...], str, str]:
    """The sort key of a name in Norwegian order: `sorted(people, key=lambda p: name_key(p.name))`."""
    stripped = " ".join(name.split())
    accents = unicodedata.normalize("NFC", stripped).casefold()
    return _weights(stripped), accents, stripped


def sort_names(names: list[str]) -> list[str]:
    """Names in Norwegian order."""
    return sorted(names, key=name_key)
