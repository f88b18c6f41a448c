"""Pseudonyms: any report with every participant as "Deltaker N", also inside free text, for
evaluation reports that leave the office; and an advisor's page where everyone but its own
participant is "another participant".

The numbers reveal nothing: each export request draws one mapping (`shuffled`) in a random order that
follows neither the names nor the roster, every file of the request uses it, and the tables of an
anonymized report are sorted by pseudonym (`anonymize`), so no row order gives a name away."""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from kursrom.core.names import Found, NameFinder, fold, name_parts, normalize
from kursrom.core.reports.data import AdvisorPage, Person, RoundReport, SessionSummary
from kursrom.i18n import _

T = TypeVar("T")

#: Fields that hold codes, not text; pseudonyms never touch them.
_CODE_FIELDS = frozenset({"status", "kind", "format", "template_id", "due"})


class Pseudonyms:
    """Pseudonyms ("Deltaker 1", "Deltaker 2", ...) for a round's participants, numbered in the
    order given (or by `numbers`, one for each person), and a replacer for free text.

    In text, a full name, and each part of a name alone (a first name said on its own), is replaced
    wherever `kursrom.core.names` finds it, with a genitive kept ("Åses CV" becomes "Deltaker 1s
    CV"). A name part two people share becomes both pseudonyms ("Deltaker 2/Deltaker 6"); a full
    name stands for its first owner only.

    `spare` (a participant id) leaves that person's own name, and any part of it, as it is: their
    advisor's page keeps their name while everyone else's is replaced.
    """

    def __init__(self, people: Sequence[Person], *, label: str | None = None,
                 replacement: dict[int, str] | None = None, numbers: Sequence[int] | None = None) -> None:
        label = label or _("Participant {number}")
        numbers = list(numbers) if numbers is not None else list(range(1, len(people) + 1))
        self.names: dict[int, str] = {}
        for number, person in zip(numbers, people, strict=True):
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

    @classmethod
    def shuffled(cls, people: Sequence[Person], rng: random.Random | None = None, *,
                 label: str | None = None) -> Pseudonyms:
        """One export request's pseudonyms: the numbers 1 to N dealt to `people` in a random order
        (`rng`, the system's random source unless a test gives one), whatever order they come in."""
        numbers = list(range(1, len(people) + 1))
        (rng or random.SystemRandom()).shuffle(numbers)
        return cls(people, label=label, numbers=numbers)


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


def anonymize(report: T, pseudonyms: Pseudonyms) -> T:
    """`report` (a session summary, a round report, advisor pages) with every participant as their
    pseudonym, also inside free text, and its tables sorted by pseudonym. Give every file of one
    export request the same `pseudonyms` (`Pseudonyms.shuffled`)."""
    return _sorted_by_pseudonym(pseudonyms.apply(report))


def _key(person: Person | None) -> tuple:
    return _natural(person.name) if person else ()


def _by_person(rows: Sequence[Any], person: Callable[[Any], Person | None] = lambda row: row.participant) -> tuple:
    return tuple(sorted(rows, key=lambda row: _key(person(row))))


def _self(person: Person) -> Person:
    return person


def _sorted_by_pseudonym(report: Any) -> Any:
    if isinstance(report, SessionSummary):
        order = {line.item_id: index for index, line in enumerate(report.agenda)}

        def results(lines: Sequence[Any]) -> tuple:
            return tuple(sorted(lines, key=lambda line: (order.get(line.item_id, len(order)), _key(line.participant))))

        groups = tuple(dataclasses.replace(group, notes=tuple(
            dataclasses.replace(note, tags=_by_person(note.tags, _self), mentions=_by_person(note.mentions, _self))
            for note in group.notes)) for group in report.note_groups)
        return dataclasses.replace(
            report, note_groups=groups, attendance=_by_person(report.attendance),
            follow_ups=_by_person(report.follow_ups),
            sot_plans=_by_person(report.sot_plans), consents=_by_person(report.consents),
            animals=results(report.animals), role_play=results(report.role_play), timelines=results(report.timelines),
            highlights=results(report.highlights), other_results=results(report.other_results))
    if isinstance(report, RoundReport):
        rows = _by_person(list(zip(report.participants, report.matrix)), lambda row: row[0])
        return dataclasses.replace(report, participants=tuple(row[0] for row in rows),
                                   matrix=tuple(row[1] for row in rows))
    if isinstance(report, list) and all(isinstance(page, AdvisorPage) for page in report):
        return list(_by_person(report))
    return report


def others_redactor(people: Sequence[Person]) -> Pseudonyms:
    """Replaces every one of `people` with "another participant"; apply it with `spare=` the
    participant whose page it is."""
    other = _("another participant")
    return Pseudonyms(people, replacement={p.id: other for p in people})


def redact_others(page: T, redactor: Pseudonyms) -> T:
    """A participant's page (or record) for their own advisor: other participants' names in it
    become "another participant", so one person's page never names the rest of the group."""
    return redactor.apply(page, spare=page.participant.id)  # type: ignore[attr-defined]
