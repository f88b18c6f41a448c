"""Taking a person's name out of stored text (`kursrom forget`): the names `kursrom.core.names` finds
become a placeholder, in plain text and inside JSON values alike.

What goes depends on who else a text may be about (`erasure_names`). In a row of a round the person
was in, that is the round's roster; anywhere else, everyone in the database. Their full name goes
wherever no one else has it, and so does each part of it that no one else there has and that is
not an ordinary word. The parts held back are listed for the facilitator (`Redactor.withheld`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from kursrom.core.names import (
    Found, NameFinder, OtherNames, Withheld, erasure_finder, erasure_keys, erasure_names, erasure_parts, fold,
    name_variants,
)
from kursrom.i18n import N_, _

#: What a name is replaced with (translated when the replacement is made).
PLACEHOLDER = N_("[deleted]")

K = TypeVar("K")


class Plan:
    """What goes among one group of other people: the names replaced, those held back, and the
    others' names that hold a replaced one ("Ola Dahl Berg" for "Ola Dahl") and so stay whole."""

    def __init__(self, name: str, others: Sequence[str], index: OtherNames | None = None) -> None:
        self.replaced, self.withheld = erasure_names(name, index or others)
        self.keep = holding(self.replaced, others)


def holding(names: Sequence[str], others: Iterable[str]) -> tuple[str, ...]:
    """The `others` whose name holds one of `names` of several words as whole words."""
    longer = [re.compile(rf"(?<!\w){re.escape(fold(name))}(?!\w)") for name in names if " " in name]
    if not longer:
        return ()
    return tuple(other for other in others if any(pattern.search(fold(other)) for pattern in longer))


class Redactor:
    """Replaces one person's names in stored text. `rosters` holds, for each round they were in,
    the names of the others on its roster; `everyone` the names of all the others."""

    def __init__(self, name: str, rosters: dict[int, Sequence[str]], everyone: Sequence[str]) -> None:
        self.placeholder = _(PLACEHOLDER)
        self.name = name
        self._plans = {round_id: Plan(name, others) for round_id, others in rosters.items()}
        self._elsewhere = Plan(name, everyone, OtherNames(everyone))
        self._finders: dict[tuple[tuple[str, ...], tuple[str, ...]], NameFinder[bool]] = {}

    def keys(self) -> frozenset[str]:
        """`erasure_keys` of every name looked for, held back ones too: a text whose `search_text`
        holds none of them holds nothing to replace or to report."""
        return erasure_keys({form for plan in self._all_plans()
                             for form in (*plan.replaced, *(part.part for part in plan.withheld))})

    def theirs(self, rounds: Iterable[int]) -> bool:
        """A row of a round the person was in."""
        return any(round_id in self._plans for round_id in rounds)

    def finder_for(self, rounds: Iterable[int]) -> NameFinder[bool]:
        """The names to replace in a row that belongs to `rounds`: what every one of them allows."""
        plans = [self._plans.get(round_id, self._elsewhere) for round_id in rounds] or [self._elsewhere]
        replaced = tuple(form for form in plans[0].replaced if all(form in plan.replaced for plan in plans))
        keep = tuple(sorted({other for plan in plans for other in plan.keep}))
        if (replaced, keep) not in self._finders:
            self._finders[replaced, keep] = erasure_finder(replaced, keep)
        return self._finders[replaced, keep]

    def withheld(self) -> list[Withheld]:
        """The parts of the name held back in the rounds they were in (everywhere, if none): one entry
        a part, with everyone who shares it."""
        merged: dict[str, Withheld] = {}
        for plan in self._plans.values() or [self._elsewhere]:
            for part in plan.withheld:
                seen = merged.get(fold(part.part))
                if seen is not None:
                    part = Withheld(seen.part, tuple(sorted({*seen.shared_with, *part.shared_with})),
                                    seen.common or part.common)
                merged[fold(part.part)] = part
        return list(merged.values())

    def value(self, value: str, is_json: bool, finder: NameFinder[bool]) -> str:
        """A stored value with the names replaced; JSON stays JSON."""
        return redact_value(value, is_json, finder, self.placeholder, _erased)

    def text(self, value: str, finder: NameFinder[bool]) -> str:
        return redact_text(value, finder, self.placeholder, _erased)

    def _all_plans(self) -> list[Plan]:
        return [*self._plans.values(), self._elsewhere]


def withheld_finder(withheld: Sequence[Withheld]) -> NameFinder[str | None]:
    """Finds the parts held back (owner: the part) but not inside the names of the people who share
    them (owner None): "Mari" in "Mari sa", not in "Mari Hansen sa"."""
    names = [(variant, part.part) for part in withheld for variant in name_variants(part.part)]
    names += [(variant, None) for part in withheld for other in part.shared_with for variant in name_variants(other)
              if len(erasure_parts(other)) > 1]
    return NameFinder(names, escaped=True)


def _erased(found: Found[bool]) -> bool:
    return found.owners == {True}


def redact_value(value: str, is_json: bool, finder: NameFinder[K], placeholder: str,
                 wanted: Callable[[Found[K]], bool]) -> str:
    """A stored value with the names `finder` finds and `wanted` says go replaced; JSON stays JSON
    (its strings and keys are redacted one by one, and it is written as SQLAlchemy writes it)."""
    if not is_json:
        return redact_text(value, finder, placeholder, wanted)
    try:
        parsed = json.loads(value)
    except ValueError:  # not JSON after all: redact it as text
        return redact_text(value, finder, placeholder, wanted)
    redacted = _redact_data(parsed, finder, placeholder, wanted)
    return value if redacted == parsed else json.dumps(redacted)


def redact_text(value: str, finder: NameFinder[K], placeholder: str, wanted: Callable[[Found[K]], bool]) -> str:
    return finder.replace(value, lambda found: placeholder if wanted(found) else found.text)


def _redact_data(value: Any, finder: NameFinder[K], placeholder: str, wanted: Callable[[Found[K]], bool]) -> Any:
    """The same structure with every string (keys too: a tally may be keyed by name) redacted."""
    if isinstance(value, str):
        return redact_text(value, finder, placeholder, wanted)
    if isinstance(value, list):
        return [_redact_data(item, finder, placeholder, wanted) for item in value]
    if isinstance(value, dict):
        return {redact_text(key, finder, placeholder, wanted) if isinstance(key, str) else key:
                _redact_data(item, finder, placeholder, wanted) for key, item in value.items()}
    return value
