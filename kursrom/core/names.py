"""People's names in free text: the one answer kursrom gives to "does this text name that person?",
for @-tags in notes, the notes a participant's record gathers, pseudonyms in exports and erasure.

A name is found as whole words, in any case and either Unicode form, with any white space between
its parts and a Norwegian genitive (Åses, Åse's, Åse’s) counted as the name. A name in Arabic script
is also found behind a one-letter proclitic (وفاطمة, "and Fatima"): Arabic writes "and", "so", "with",
"for" and "like" joined to the next word. Longer names are tried first, so "Åse Nygård" is one name
found, not "Åse" followed by a stray "Nygård".

Erasure looks harder (`erasure_names`, `name_variants`, `NameFinder(escaped=True)`, `search_keys`):
a name also as the JSON columns store it (`\u00e5`), and as file names spell it (`zyxwa-qorblund`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from typing import Generic, TypeVar

from kursrom.core.files import slug

K = TypeVar("K")

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")
#: Where a name in Arabic script may start: after a non-word, or joined to one of these after one.
_ARABIC_START = r"(?:(?<!\w)|(?<=(?<!\w)[وفبلك]))"
_GENITIVE = r"(?:['’]s?|s)?"
# In JSON text a character may be written as `\u00e5`, a line break as `\n`, and a name may follow
# either directly: these widen the pattern of an `escaped` NameFinder.
_ESCAPED_GENITIVE = r"(?:['’]s?|\\u2019s?|s)?"
_ESCAPED_SPACE = r"(?:\s|\\[nrt]|\\u00a0)+"
_AFTER_ESCAPE = r"(?<=\\[nrt])|(?<=\\u[0-9a-fA-F]{4})"


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
    behind it. An `escaped` finder also reads JSON text: letters written as `\\u00e5` (composed or
    not), `\\n` between the parts of a name."""

    def __init__(self, names: Iterable[tuple[str, K]], *, prefix: str = "", escaped: bool = False) -> None:
        owners: dict[str, set[K]] = {}
        written: dict[str, str] = {}
        for name, owner in names:
            key = fold(name)
            if key:
                owners.setdefault(key, set()).add(owner)
                written.setdefault(key, normalize(name))
        self._owners = {key: frozenset(ids) for key, ids in owners.items()}
        self._bodies = {key: _body(name, escaped) for key, name in written.items()}
        alternatives = [_start(written[key], prefix, escaped) + self._bodies[key]
                        for key in sorted(written, key=lambda k: len(written[k]), reverse=True)]
        genitive = _ESCAPED_GENITIVE if escaped else _GENITIVE
        self.pattern: re.Pattern[str] | None = (
            re.compile(f"({'|'.join(alternatives)})({genitive})(?!\\w)", re.IGNORECASE) if alternatives else None)
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


def _body(name: str, escaped: bool = False) -> str:
    if not escaped:
        return r"\s+".join(re.escape(word) for word in name.split(" "))
    return _ESCAPED_SPACE.join("".join(map(_escaped_letter, word)) for word in name.split(" "))


def _start(name: str, prefix: str, escaped: bool = False) -> str:
    if prefix:
        return re.escape(prefix)
    start = _ARABIC_START if _ARABIC.match(name) else r"(?<!\w)"
    return f"(?:{start}|{_AFTER_ESCAPE})" if escaped else start


def _escape(char: str) -> str:
    """A character as JSON writes it outside ASCII: `\\u00e5`, or a surrogate pair above the BMP."""
    return json.dumps(char)[1:-1].lower()


def _escaped_letter(char: str) -> str:
    """A pattern for one letter of a name (NFC) as written or as JSON escapes it, in either case and
    in either Unicode form; the text around it is composed (NFC) before the pattern runs."""
    if char.isascii():
        return re.escape(char)
    spellings = {re.escape(char)}
    for variant in {char.lower(), char.upper()}:
        if len(variant) != 1:
            continue
        spellings.add(_escape_pattern(variant))
        decomposed = unicodedata.normalize("NFD", variant)
        if decomposed != variant:
            spellings.add("".join(re.escape(c) if c.isascii() else f"(?:{re.escape(c)}|{_escape_pattern(c)})"
                                  for c in decomposed))
    return "(?:" + "|".join(sorted(spellings)) + ")"


def _escape_pattern(char: str) -> str:
    # JSON inside JSON doubles the backslash (`\\\\u00e5`): any number of them.
    return r"\\+" + re.escape(_escape(char)[1:])


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


# --------------------------------------------------------------------------------------------------
# Erasure: every way a person's name may sit in what kursrom stores

#: Norwegian words that are also names or parts of names (and "Said"). A part of a name that is one
#: of these is never replaced by itself when its person is erased ("Sol" alone may be the weather,
#: "Lønn" the pay): the facilitator is shown where it is left instead.
COMMON_WORDS = frozenset(word.casefold() for word in (
    "Ask", "Bakke", "Bakken", "Bekk", "Berg", "Bjørk", "Bjørn", "Bonde", "Borg", "Dag", "Dal", "Dam", "Dina",
    "Eik", "Eng", "Fjell", "Foss", "Fred", "Glad", "Gran", "Gro", "Hage", "Haug", "Haugen", "Holm", "Holt",
    "Høst", "Iris", "Kristen", "Lia", "Lie", "Lien", "Lind", "Liv", "Lund", "Lunde", "Lykke", "Lønn", "Mai",
    "Nord", "Per", "Rask", "Ravn", "Rett", "Rose", "Rune", "Said", "Sand", "Siv", "Skog", "Sol", "Sommer",
    "Stein", "Stig", "Storm", "Strand", "Strøm", "Tom", "Tone", "Ulv", "Vik", "Vind", "Vinter", "Vår",
))
#: A part with fewer letters (an initial, "de", "al", "Li") is too short to stand for one person.
MIN_PART_LETTERS = 3


@lru_cache(maxsize=4096)
def name_slug(text: str) -> str:
    """A name as kursrom writes it in file names ("Zyxwå Qørblund" -> "zyxwa-qorblund"); "" when
    nothing of it is left (`kursrom.core.files.slug` falls back to a word of its own then)."""
    if not any(c.isalnum() for c in text):
        return ""
    return slug(text)


def erasure_parts(name: str) -> tuple[str, ...]:
    """The words of a name and the pieces of its hyphenated words: "Anne-Lise Qørblund-Hansen" ->
    "Anne-Lise", "Anne", "Lise", "Qørblund-Hansen", "Qørblund", "Hansen"."""
    parts: dict[str, str] = {}
    for word in name_parts(name):
        for part in (word, *word.split("-")):
            if part and part.casefold() not in parts:
                parts[part.casefold()] = part
    return tuple(parts.values())


def is_common_word(part: str) -> bool:
    """An ordinary word too (`COMMON_WORDS`, also as a file name spells it), or too short to stand
    for one person."""
    if sum(c.isalnum() for c in part) < MIN_PART_LETTERS:
        return True
    return fold(part) in COMMON_WORDS or name_slug(part) in _COMMON_SLUGS


_COMMON_SLUGS = frozenset(slug(word) for word in COMMON_WORDS)


@dataclass(frozen=True)
class Withheld:
    """A part of a name that erasure does not replace by itself, and why."""

    part: str
    shared_with: tuple[str, ...]  # the other people whose names have it too
    common: bool  # an ordinary word, or too short (`is_common_word`)


class OtherNames:
    """The names of the other people a text may be about (a round's roster, everyone), by the keys
    their parts are compared on: for `erasure_names`, once for many people."""

    def __init__(self, names: Iterable[str]) -> None:
        self._by_key: dict[str, set[str]] = {}
        for name in set(names):  # people who share a name are one entry: the index holds names
            written = normalize(name)
            for part in (written, *erasure_parts(name)):
                for key in _compare_keys(part):
                    self._by_key.setdefault(key, set()).add(written)

    def sharing(self, part: str) -> tuple[str, ...]:
        """The names that have `part` too (spelled alike in a file name counts)."""
        return tuple(sorted({other for key in _compare_keys(part) for other in self._by_key.get(key, ())}))


def erasure_names(name: str, others: Iterable[str] | OtherNames) -> tuple[tuple[str, ...], tuple[Withheld, ...]]:
    """What erasing the person called `name` replaces by itself in a text that may be about `others`
    too (the other people on the roster): their full name and each part of it (`erasure_parts`)
    that is theirs alone there and not a common word. The parts held back, for the facilitator to
    look at, come second. A part counts as shared when another name has it, or spells it alike in a
    file name ("Åse" and "Ase")."""
    index = others if isinstance(others, OtherNames) else OtherNames(others)
    replaced: list[str] = []
    withheld: list[Withheld] = []
    full = normalize(name)
    parts = [part for part in erasure_parts(name) if fold(part) != fold(full)]
    # The full name is held back only when someone else has it, unless it is one word: then it is a
    # part as well, and an ordinary word is held back too.
    candidates = ([(full, not parts)] if full else []) + [(part, True) for part in parts]
    for candidate, is_part in candidates:
        shared = index.sharing(candidate)
        common = is_part and is_common_word(candidate)
        if shared or common:
            withheld.append(Withheld(candidate, shared, common))
        else:
            replaced.append(candidate)
    return tuple(replaced), tuple(withheld)


def _compare_keys(part: str) -> set[str]:
    folded = fold(part)
    if folded.isascii() and folded.isalnum():  # its own slug: skip the work for a roster of thousands
        return {folded}
    return {key for key in (folded, name_slug(part)) if key}


def name_variants(name: str) -> tuple[str, ...]:
    """A name and its ASCII spellings from the file-name form: "Zyxwå Qørblund", "zyxwa qorblund" and
    "zyxwa-qorblund" (each once: an ASCII name has fewer)."""
    found = {fold(name): normalize(name)}
    slugged = name_slug(name)
    for variant in (slugged.replace("-", " "), slugged):
        if variant:
            found.setdefault(fold(variant), variant)
    return tuple(found.values())


def erasure_finder(erase: Iterable[str], keep: Iterable[str] = ()) -> NameFinder[bool]:
    """Finds the names to `erase` (owner True) in every form `name_variants` gives, in plain and JSON
    text alike. Names to `keep` (other people's, owner False) are found too, so that "Ola Dahl" is not
    taken out of "Ola Dahl Berg": replace only what stands for True alone."""
    names = [(variant, True) for name in erase for variant in name_variants(name)]
    names += [(variant, False) for name in keep for variant in name_variants(name)]
    return NameFinder(names, escaped=True)


def search_keys(word: str) -> frozenset[str]:
    """A few short strings, one of which `search_text(text)` holds wherever an escaped NameFinder
    finds `word` in `text` (any case, composed or not, JSON-escaped): a quick test to run on every
    stored text before the exact one. Any occurrence holds all of the word's letters, so a piece of it is
    enough: the longest piece whose spellings stay few."""
    letters = unicodedata.normalize("NFC", word).lower()
    options = [(_written(c), _escaped_spellings(c)) if _usable(c) else None for c in letters]
    best = (0, 0)
    for start in range(len(letters)):
        written = escaped = 1
        for end in range(start, len(letters)):
            if options[end] is None:
                break
            written *= len(options[end][0])
            escaped *= len(options[end][1])
            if written + escaped > _MAX_SPELLINGS:
                break
            if end + 1 - start > best[1] - best[0]:
                best = (start, end + 1)
    if best == (0, 0):
        return frozenset({letters})
    chosen = options[best[0]:best[1]]
    return frozenset("".join(combination) for column in (0, 1)
                     for combination in product(*(option[column] for option in chosen)))


#: How many spellings of a piece of a word `search_keys` accepts.
_MAX_SPELLINGS = 16
_BACKSLASHES = re.compile(r"\\{2,}")


def search_text(text: str) -> str:
    """The text `search_keys` are looked for in: lower case, and JSON inside JSON (`\\\\u00e5`)
    down to one backslash."""
    lowered = text.lower()
    return _BACKSLASHES.sub(r"\\", lowered) if "\\\\" in lowered else lowered


def erasure_keys(names: Iterable[str]) -> frozenset[str]:
    """`search_keys` for everything `erasure_finder(names)` finds: one of them is in the
    `search_text` of any text it finds one of the names in."""
    words = {word for name in names for variant in name_variants(name) for word in variant.split()}
    return frozenset(key for word in words for key in search_keys(word))


def _usable(char: str) -> bool:
    # A letter whose lower case is one letter and comes back from its upper case (not İ, not ß).
    return char.isalnum() and len(char.upper()) == 1 and char.upper().lower() == char


def _written(char: str) -> set[str]:
    return {char, unicodedata.normalize("NFD", char)}


def _escaped_spellings(char: str) -> set[str]:
    """A lower-case letter as `text.lower()` shows it where JSON escaped it: from either case, composed
    or not."""
    if char.isascii():
        return {char}
    found = set()
    for variant in {char, char.upper()}:
        found.add(_escape(variant))
        found.add("".join(c.lower() if c.isascii() else _escape(c) for c in unicodedata.normalize("NFD", variant)))
    return found


_MARKS = re.compile(r"[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_PROCLITICS = "وفبلك"


def loose(text: str) -> str:
    """Text reduced for comparing words by their letters: compatibility forms, no accents or vowel
    marks, case-folded ("ÅSE" and "Ase" alike). Cheap on long texts: only C-level string work."""
    return _MARKS.sub("", unicodedata.normalize("NFKD", text)).casefold()


def token_keys(name: str) -> frozenset[str]:
    """The words (`loose`, as `re.findall(r"\\w+")` cuts them) that any text in which an escaped
    NameFinder finds `name` or a variant of it holds at least one of, after JSON has been decoded:
    for looking for many people's names at once, by set intersection."""
    keys = set()
    for variant in name_variants(name):
        for word in re.findall(r"\w+", loose(variant)):
            keys.update({word, word + "s"})
            if _ARABIC.match(word):
                keys.update(p + word for p in _PROCLITICS)
    return frozenset(keys)

# A person's name as it comes in (a roster file, the participant dialog, the command line)

#: Joiners that spell a word in some scripts (Persian, the Indic scripts) and join emoji: kept
#: between two visible characters, removed anywhere else.
_JOINERS = frozenset("\u200c\u200d")
#: Letters that show as nothing: the Hangul fillers and the combining grapheme joiner.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u034f")
#: What a name needs at least one of to be seen: a letter, a digit, punctuation or a symbol.
_VISIBLE = ("L", "N", "P", "S")


def _invisible(char: str) -> bool:
    """Format characters (Cf: zero-width spaces, byte-order marks, the bidi controls that turn text
    around), control characters, lone surrogates and the letters that show as nothing. A tab or a
    line break is white space, and separates words like a space."""
    return (unicodedata.category(char) in ("Cf", "Cc", "Cs") and not char.isspace()) or char in _BLANK_LETTERS


def clean_name(text: str) -> str:
    """A name as kursrom stores it: NFC, with invisible characters removed (a joiner is kept only
    between two visible characters, where it spells something) and white space tidied. "" when
    nothing visible is left: a name of only U+200B is no name."""
    text = unicodedata.normalize("NFC", text)
    kept = []
    for index, char in enumerate(text):
        if char in _JOINERS:
            before, after = text[index - 1: index], text[index + 1: index + 2]
            if before and after and not _invisible(before) and not _invisible(after) \
                    and not before.isspace() and not after.isspace():
                kept.append(char)
            continue
        if _invisible(char):
            continue
        kept.append(char)
    name = normalize("".join(kept))
    return name if any(unicodedata.category(char)[0] in _VISIBLE for char in name) else ""


def same_name_key(text: str) -> str:
    """What two names are compared by: cleaned, without joiners, case-folded. "Åse" in NFC and in
    NFD, "ÅSE", and "Åse" with a zero-width space share a key, so they are one person's name."""
    return fold("".join(char for char in clean_name(text) if char not in _JOINERS))
