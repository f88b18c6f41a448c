"""Pseudonyms: any report with every participant as "Deltaker N", also inside free text, for
evaluation reports that leave the office; and an advisor's page where everyone but its own
participant is "another participant"."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any, TypeVar

from kursrom.core.names import Found, NameFinder, fold, name_parts, normalize
from kursrom.core.reports.data import ParticipantRecord, Person
from kursrom.i18n import _

T = TypeVar("T")

#: Fields that hold codes, not text; pseudonyms never touch them.
_CODE_FIELDS = frozenset({"status", "kind", "format", "template_id", "due"})


class Pseudonyms:
    """Stable pseudonyms ("Deltaker 1", "Deltaker 2", ...) for a round's participants, by enrolment
    order, and a replacer for free text.

    In text, a full name, and each part of a name alone (a first name said on its own), is replaced
    wherever `kursrom.core.names` finds it, with a genitive kept ("Åses CV" becomes "Deltaker 1s
    CV"). A name part two people share becomes both pseudonyms ("Deltaker 2/Deltaker 6"); a full
    name stands for its first owner only.

    `spare` (a participant id) leaves that person's own name, and any part of it, as it is: their
    advisor's page keeps their name while everyone else's is replaced.
    """

    def __init__(self, people: Sequence[Person], *, label: str | None = None,
                 replacement: dict[int, str] | None = None) -> None:
        label = label or _("Participant {number}")
        self.names: dict[int, str] = {}
        for number, person in enumerate(people, start=1):
            self.names[person.id] = (replacement or {}).get(person.id) or label.format(number=number)
        full_names: dict[str, tuple[str, int]] = {}
        for person in people:
            full_names.setdefault(fold(person.name), (normalize(person.name), person.id))
        parts = [(part, person.id) for person in people for part in name_parts(person.name)
                 if len(part) >= 2 and fold(part) not in full_names]
        self._finder: NameFinder[int] = NameFinder([*full_names.values(), *parts])

    def _pseudonym(self, ids: frozenset[int]) -> str:
        return "/".join(sorted({self.names[i] for i in ids}, key=_natural))

    def name(self, person: Person, spare: int | None = None) -> str:
        if person.id == spare:
            return person.name
        return self.names.get(person.id) or self.text(person.name, spare)

    def text(self, text: str, spare: int | None = None) -> str:
        def swap(found: Found[int]) -> str:
            if spare in found.owners:
                return found.text
            return self._pseudonym(found.owners) + found.genitive

        return self._finder.replace(text, swap)

    def apply(self, value: T, spare: int | None = None) -> T:
        """The same report with every participant (but `spare`) replaced, in names and in free text."""
        return _walk(value, self, spare)


def _natural(text: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def _walk(value: Any, pseudonyms: Pseudonyms, spare: int | None) -> Any:
    if isinstance(value, str):
        return pseudonyms.text(value, spare)
    if isinstance(value, Person):
        return Person(value.id, pseudonyms.name(value, spare))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            if f.name in _CODE_FIELDS:
                continue
            old = getattr(value, f.name)
            new = _walk(old, pseudonyms, spare)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    if isinstance(value, tuple):
        return tuple(_walk(v, pseudonyms, spare) for v in value)
    if isinstance(value, list):
        return [_walk(v, pseudonyms, spare) for v in value]
    if isinstance(value, dict):
        return {_walk(k, pseudonyms, spare): _walk(v, pseudonyms, spare) for k, v in value.items()}
    return value


def anonymize(report: T, people: Sequence[Person]) -> T:
    """`report` with every one of `people` (a round's, `kursrom.store.reports.round_people`) as
    "Deltaker N", numbered in their order, so the same person has the same pseudonym in every file."""
    return Pseudonyms(people).apply(report)


def others_redactor(people: Sequence[Person]) -> Pseudonyms:
    """Replaces every one of `people` with "another participant"; apply it with `spare=` the
    participant whose page it is."""
    other = _("another participant")
    return Pseudonyms(people, replacement={p.id: other for p in people})


def redact_others(record: ParticipantRecord, redactor: Pseudonyms) -> ParticipantRecord:
    """A participant's record for their own advisor: other participants' names in it become
    "another participant", so one person's page never discloses the rest of the group."""
    return redactor.apply(record, spare=record.participant.id)
