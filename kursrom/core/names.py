"""People's names in free text: the one answer kursrom gives to "does this text name that person?",
for @-tags in notes, the notes a participant's record gathers, pseudonyms in exports and erasure.

A name is found as whole words, in any case and either Unicode form, with any white space between
its parts and a Norwegian genitive (Åses, Åse's, Åse’s) counted as the name. A name in Arabic script
is also found behind a one-letter proclitic (وفاطمة, "and Fatima"): Arabic writes "and", "so", "with",
"for" and "like" joined to the next word. Longer names are tried first, so "Åse Nygård" is one name
found, not "Åse" followed by a stray "Nygård".
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K")

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")
#: Where a name in Arabic script may start: after a non-word, or joined to one of these after one.
_ARABIC_START = r"(?:(?<!\w)|(?<=(?<!\w)[وفبلك]))"
_GENITIVE = r"(?:['’]s?|s)?"


def normalize(text: str) -> str:
    """NFC, each run of white space one space, none at the ends: a name as written, tidied."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def fold(text: str) -> str:
    """A name as compared: normalised and case-folded, so "ÅSE  nygård" and "Åse Nygård" are one."""
    return normalize(text).casefold()


def name_parts(name: str) -> tuple[str, ...]:
    """The words of a name ("Åse Nygård" -> "Åse", "Nygård"); none for a blank name."""
    return tuple(normalize(name).split())


def first_name(name: str) -> str:
    """The first word of a name of several words; "" for a one-word name (that is the whole name)."""
    parts = name_parts(name)
    return parts[0] if len(parts) > 1 else ""


def own_first_names(names: Sequence[str]) -> list[str]:
    """For each of `names` (the people of a round), their first name when it points at them alone:
    no one else's name starts with the same word. "" when it is shared, or when the name is one word."""
    firsts = Counter((name_parts(name) or ("",))[0].casefold() for name in names)
    return [first if first and firsts[first.casefold()] == 1 else "" for first in map(first_name, names)]


def own_first_name(name: str, others: Iterable[str]) -> str:
    """`name`'s first name when it points at them alone among `others` (`own_first_names`)."""
    return own_first_names([name, *others])[0]


def starts_with(name: str, query: str) -> bool:
    """The name, or a word of it, starts with `query` (any case; accents as typed)."""
    wanted = fold(query)
    if not wanted:
        return True
    folded = fold(name)
    return folded.startswith(wanted) or any(word.startswith(wanted) for word in folded.split(" "))


@dataclass(frozen=True)
class Found(Generic[K]):
    """A name found in a text."""

    text: str  # as written there, genitive included
    genitive: str  # "s", "'s", "’s", "'" or ""
    owners: frozenset[K]  # whom the name stands for
    start: int = 0  # where it is in the text (in its NFC form), the prefix ("@") included
    end: int = 0


class NameFinder(Generic[K]):
    """Finds names in text. Each name stands for the owners it was given with (participant ids, say):
    a name given for two owners stands for both. With a `prefix` ("@") a name counts only right
    behind it."""

    def __init__(self, names: Iterable[tuple[str, K]], *, prefix: str = "") -> None:
        owners: dict[str, set[K]] = {}
        written: dict[str, str] = {}
        for name, owner in names:
            key = fold(name)
            if key:
                owners.setdefault(key, set()).add(owner)
                written.setdefault(key, normalize(name))
        self._owners = {key: frozenset(ids) for key, ids in owners.items()}
        self._bodies = {key: _body(name) for key, name in written.items()}
        alternatives = [_start(written[key], prefix) + self._bodies[key]
                        for key in sorted(written, key=lambda k: len(written[k]), reverse=True)]
        self.pattern: re.Pattern[str] | None = (
            re.compile(f"({'|'.join(alternatives)})({_GENITIVE})(?!\\w)", re.IGNORECASE) if alternatives else None)
        self._prefix = prefix

    def find(self, text: str) -> Iterator[Found[K]]:
        """Every name in `text`, in order."""
        if self.pattern is None or not text:
            return
        for match in self.pattern.finditer(unicodedata.normalize("NFC", text)):
            yield self._found(match)

    def owners_in(self, text: str) -> set[K]:
        """Everyone a name in `text` stands for."""
        return {owner for found in self.find(text) for owner in found.owners}

    def replace(self, text: str, replacement: Callable[[Found[K]], str]) -> str:
        """`text` with each name found replaced by what `replacement` says for it; `text` itself,
        as it was given, when nothing changed."""
        if self.pattern is None or not text:
            return text
        normal = unicodedata.normalize("NFC", text)
        replaced = self.pattern.sub(lambda match: replacement(self._found(match)), normal)
        return text if replaced == normal else replaced

    def _found(self, match: re.Match[str]) -> Found[K]:
        name = match.group(1)[len(self._prefix):]
        owners = self._owners.get(fold(name))
        if owners is None:  # a letter whose case the pattern and casefold() map differently (İ, i)
            key = next(k for k, body in self._bodies.items() if re.fullmatch(body, name, re.IGNORECASE))
            owners = self._owners[key]
        return Found(match.group(0), match.group(2), owners, match.start(), match.end())


def _body(name: str) -> str:
    return r"\s+".join(re.escape(word) for word in name.split(" "))


def _start(name: str, prefix: str) -> str:
    if prefix:
        return re.escape(prefix)
    return _ARABIC_START if _ARABIC.match(name) else r"(?<!\w)"


def name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for any of `names` (None for none): for replacing them all alike."""
    return NameFinder((name, name) for name in names).pattern


def tag_finder(people: Iterable[tuple[str, K]]) -> NameFinder[K]:
    """Finds "@Full Name" tags. A full name two people share tags the first of them (in the order
    given), as the picker offers it."""
    first: dict[str, tuple[str, K]] = {}
    for name, owner in people:
        first.setdefault(fold(name), (name, owner))
    return NameFinder(first.values(), prefix="@")


def tags_in(text: str, people: Iterable[tuple[str, K]]) -> set[K]:
    """Whom a note tags as "@Full Name" (`tag_finder`)."""
    return tag_finder(people).owners_in(text)


def mention_finder(people: Iterable[tuple[str, K]]) -> NameFinder[K]:
    """Finds the people of a group (a round's roster) a text names: by their full name when no one
    else in the group has it, or by their first name alone when no one else's name starts with it."""
    people = list(people)
    full = Counter(fold(name) for name, _owner in people)
    firsts = own_first_names([name for name, _owner in people])
    names = [(name, owner) for name, owner in people if full[fold(name)] == 1]
    names += [(first, owner) for first, (_name, owner) in zip(firsts, people) if first]
    return NameFinder(names)
