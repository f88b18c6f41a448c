"""What an evaluation rates: the elements of a session's agenda, each under the name its scores are
stored with. The evaluation panel asks the group about these, and the demo's earlier round is
scored the same way, so the round's trend compares like with like."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from kursrom.i18n import _

#: Agenda items that are not rated: the breaks, and the evaluation itself.
NOT_RATED = frozenset({"break", "evaluation"})


class Rateable(Protocol):
    kind: str
    title: str
    skipped: bool


Item = TypeVar("Item", bound=Rateable)


def rated_elements(agenda: Iterable[Item], *, rate_agenda: bool = True) -> list[tuple[Item | None, str]]:
    """(item, element name) for each item the group rates, in agenda order; an item whose title
    came before is numbered ("Pause (2)"). Without items to rate (or with `rate_agenda` off, as an
    exercise may say) the session is rated as a whole, under one element with no item."""
    elements: list[tuple[Item | None, str]] = []
    if rate_agenda:
        seen: dict[str, int] = {}
        for item in agenda:
            if item.kind in NOT_RATED or item.skipped:
                continue
            seen[item.title] = seen.get(item.title, 0) + 1
            elements.append((item, item.title if seen[item.title] == 1 else f"{item.title} ({seen[item.title]})"))
    return elements or [(None, _("The session as a whole"))]


def answers_after(counts: dict[int, int], entries: Sequence[tuple[str, int, int]]) -> int:
    """How many answers an element holds once `entries` ("add" or "set", score, count) are applied."""
    after = dict(counts)
    for op, score, count in entries:
        after[score] = count if op == "set" else after.get(score, 0) + count
    return sum(after.values())
