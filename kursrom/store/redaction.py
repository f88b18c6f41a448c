"""Taking a person's name out of stored text (`kursrom forget`): the names `kursrom.core.names`
finds become a placeholder, in plain text and inside JSON values alike."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from kursrom.core.names import NameFinder
from kursrom.i18n import N_, _

#: What a name is replaced with (translated when the replacement is made).
PLACEHOLDER = N_("[deleted]")


class Redactor:
    """Replaces a person's names: the full name everywhere, the first name alone only in the
    rounds where it points at them."""

    def __init__(self, everywhere: Sequence[str], in_rounds: dict[int, Sequence[str]]) -> None:
        self.placeholder = _(PLACEHOLDER)
        self._everywhere = _finder(everywhere)
        self._in_rounds = {round_id: _finder([*everywhere, *names]) for round_id, names in in_rounds.items()}

    def finder_for(self, rounds: Iterable[int | None]) -> NameFinder[str]:
        """The names to replace in a row that belongs to `rounds`."""
        return next((self._in_rounds[r] for r in rounds if r in self._in_rounds), self._everywhere)

    def text(self, value: str, finder: NameFinder[str]) -> str:
        return finder.replace(value, lambda _found: self.placeholder)

    def data(self, value: Any, finder: NameFinder[str]) -> Any:
        """The same structure with every string (keys too: a tally may be keyed by name) redacted."""
        if isinstance(value, str):
            return self.text(value, finder)
        if isinstance(value, list):
            return [self.data(item, finder) for item in value]
        if isinstance(value, dict):
            return {self.text(key, finder) if isinstance(key, str) else key: self.data(item, finder)
                    for key, item in value.items()}
        return value


def _finder(names: Iterable[str]) -> NameFinder[str]:
    return NameFinder((name, name) for name in names if name)
