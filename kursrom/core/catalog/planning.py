"""A course template as one round will run it: the facilitator may change, when planning, the
suggested parts that matter most (each item's minutes, the order of a session's items, the
evaluation scale) without editing files. The round then keeps its own copy (`snapshot`).

Also what an agenda item rests on, in words (`ItemBasis`): the planner shows it per item and the
live screen under the facilitator's instructions.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from kursrom.core.catalog.basis import FIELD_LABELS, field_labels
from kursrom.core.catalog.kinds import _inner_minutes
from kursrom.core.catalog.model import (
    ALL,
    EVALUATION_SCALES,
    MAX_MINUTES,
    ORDER,
    AgendaEntry,
    Basis,
    Catalog,
    CourseTemplate,
    Exercise,
    SessionPlan,
)
from kursrom.core.catalog.slack import Slack
from kursrom.i18n import _

#: What a planned change is called in a snapshot's "changed" list.
CHANGED_MINUTES = "duration"
CHANGED_ORDER = ORDER
CHANGED_SCALE = "scale_min"
_SCALE_FIELDS = ("scale_min", "scale_max")


@dataclass
class PlannedItem:
    entry: AgendaEntry  # as the template has it
    exercise: Exercise
    template_position: int
    minutes: int

    @property
    def least_minutes(self) -> int:
        """The fewest minutes the item can have: its rounds or phases must fit."""
        inner = _inner_minutes(self.exercise.kind, self.exercise.data)
        return max(1, inner[0]) if inner else 1

    @property
    def minutes_changed(self) -> bool:
        return self.minutes != self.entry.duration

    @property
    def title(self) -> str:
        return self.entry.title or self.exercise.title


@dataclass
class SessionAgenda:
    plan: SessionPlan
    items: list[PlannedItem] = field(default_factory=list)

    @property
    def planned(self) -> int:
        return sum(item.minutes for item in self.items)

    @property
    def slack(self) -> Slack:
        return Slack(self.plan.minutes, self.planned)

    @property
    def reordered(self) -> bool:
        return [item.template_position for item in self.items] != list(range(len(self.items)))


class RoundPlan:
    """The template's sessions with the facilitator's minutes, order and scale.

    Every change is checked here, so the planner's keys can only ask: an item gets at least the
    minutes its rounds or phases need, and a session's agenda never grows past the session.
    """

    def __init__(self, template: CourseTemplate, catalog: Catalog) -> None:
        self.template = template
        self.sessions = [
            SessionAgenda(plan, [PlannedItem(entry, catalog.exercise(entry.exercise), position, entry.duration)
                                 for position, entry in enumerate(plan.agenda)])
            for plan in template.sessions
        ]
        self.scale: tuple[int, int] | None = None  # None: each evaluation keeps the scale it has

    # -- the evaluation scale --------------------------------------------------------------------

    def evaluations(self) -> list[PlannedItem]:
        return [item for session in self.sessions for item in session.items if item.exercise.kind == "evaluation"]

    def template_scale(self) -> tuple[int, int] | None:
        """The scale of the template's first evaluation (None without one)."""
        for item in self.evaluations():
            return item.exercise.data["scale_min"], item.exercise.data["scale_max"]
        return None

    def scale_suggested(self) -> bool:
        """Whether the descriptions leave the scale open (it is kursrom's suggestion)."""
        return any(item.exercise.basis.is_suggested("scale_min") or item.entry.basis.all_suggested
                   for item in self.evaluations())

    def set_scale(self, scale: tuple[int, int] | None) -> None:
        if scale is not None and scale not in EVALUATION_SCALES:
            raise ValueError(_("the scale must be 1–5 or 0–10, got {low}–{high}").format(low=scale[0], high=scale[1]))
        self.scale = None if scale == self.template_scale() else scale

    # -- minutes and order -----------------------------------------------------------------------

    def change_minutes(self, session: int, row: int, delta: int) -> str | None:
        """Add `delta` minutes to an item (0-based indexes), as far as it goes: never under what
        its rounds or phases need, never past the session's length. None, or why nothing changed."""
        agenda = self.sessions[session]
        item = agenda.items[row]
        room = agenda.plan.minutes - agenda.planned
        wanted = max(item.least_minutes, min(item.minutes + delta, item.minutes + room, MAX_MINUTES))
        if wanted == item.minutes:
            if delta < 0:
                return _("{title} needs at least {minutes} min.").format(title=item.title, minutes=item.least_minutes)
            return _("The session has {minutes} min; the agenda cannot take more.").format(
                minutes=agenda.plan.minutes)
        item.minutes = wanted
        return None

    def move(self, session: int, row: int, delta: int) -> int:
        """Move an item up (-1) or down (+1) in its session; returns its new row."""
        items = self.sessions[session].items
        target = max(0, min(len(items) - 1, row + delta))
        items.insert(target, items.pop(row))
        return target

    def reset(self, session: int) -> None:
        """Back to the template's order and minutes for one session."""
        agenda = self.sessions[session]
        agenda.items.sort(key=lambda item: item.template_position)
        for item in agenda.items:
            item.minutes = item.entry.duration

    @property
    def changed(self) -> bool:
        return self.scale is not None or any(
            agenda.reordered or any(item.minutes_changed for item in agenda.items) for agenda in self.sessions)

    # -- what the round keeps --------------------------------------------------------------------

    def snapshot(self, agenda: SessionAgenda, item: PlannedItem, catalog: Catalog) -> dict:
        """The item's exercise as the round keeps it: the exercise, the scale chosen, what the
        entry rests on, the names of the descriptions, and what the facilitator changed."""
        snap = item.exercise.snapshot()
        changed = []
        if item.minutes_changed:
            changed.append(CHANGED_MINUTES)
        if agenda.reordered:
            changed.append(CHANGED_ORDER)
        if self.scale is not None and item.exercise.kind == "evaluation":
            snap["data"]["scale_min"], snap["data"]["scale_max"] = self.scale
            changed.append(CHANGED_SCALE)
        entry_basis = item.entry.basis
        snap["agenda_basis"] = entry_basis.to_json()
        snap["agenda_overrides"] = [name for name in ("title", "prompt", "instructions")
                                    if getattr(item.entry, name) is not None]
        snap["source_labels"] = {source: catalog.source_label(source)
                                 for source in (*entry_basis.sources, *item.exercise.basis.sources)}
        snap["changed"] = changed
        return copy.deepcopy(snap)


# --------------------------------------------------------------------------------------------------
# What an item rests on, in words


@dataclass(frozen=True)
class ItemBasis:
    """An agenda item's marks for the facilitator: the descriptions it comes from (their names),
    the parts that are kursrom's suggestions, whether the whole item is one, and what the
    facilitator changed when planning."""

    sources: tuple[str, ...] = ()
    suggested: tuple[str, ...] = ()
    whole: bool = False
    changed: tuple[str, ...] = ()
    #: The item itself is kursrom's suggestion: all of it, where it is placed, or the exercise's
    #: content. Agendas mark such items with ◇.
    item_suggested: bool = False

    @property
    def marked(self) -> bool:
        return bool(self.sources or self.suggested or self.whole or self.changed)

    def line(self) -> str:
        """One line: "Fra kursbeskrivelsen: PRO (NAV Asker). ◇ Forslag: minuttene, rekkefølgen."."""
        parts = []
        if self.whole:
            parts.append(_("◇ Suggestion from kursrom, not from the course description."))
        elif self.suggested:
            parts.append(_("◇ Suggestion: {parts}.").format(parts=", ".join(self.suggested)))
        if self.sources:
            parts.append(_("From the course description: {names}.").format(names="; ".join(self.sources)))
        if self.changed:
            parts.append(_("Changed when planning: {parts}.").format(parts=", ".join(self.changed)))
        return " ".join(parts)


_LABEL_ORDER = {name: index for index, name in enumerate(FIELD_LABELS)}


def item_basis(entry: Basis, exercise: Basis, *, overrides: tuple[str, ...] = (), labels: dict[str, str] | None = None,
               changed: tuple[str, ...] = ()) -> ItemBasis:
    """The marks of an item whose entry rests on `entry` and whose exercise rests on `exercise`.
    `overrides` are the texts the entry rewrites (the exercise's marks for them do not apply);
    `labels` name the descriptions; `changed` are the parts the facilitator changed."""
    names = set(entry.suggested) - {ALL}
    if exercise.all_suggested:
        names.add("content")
    names |= set(exercise.suggested) - {ALL} - set(overrides)
    names -= set(changed)
    if CHANGED_SCALE in changed:
        names -= set(_SCALE_FIELDS)
    ordered = sorted(names, key=lambda name: (_LABEL_ORDER.get(name, len(_LABEL_ORDER)), name))
    sources = tuple(dict.fromkeys((labels or {}).get(s, s) for s in (*entry.sources, *exercise.sources)))
    item_suggested = entry.all_suggested or entry.is_suggested("exercise") or exercise.all_suggested
    return ItemBasis(sources, tuple(field_labels(ordered)), entry.all_suggested, tuple(field_labels(changed)),
                     item_suggested)


def planned_item_basis(agenda: SessionAgenda, item: PlannedItem, catalog: Catalog) -> ItemBasis:
    """For the planner: the item as the template has it, with the changes made so far."""
    overrides = tuple(name for name in ("title", "prompt", "instructions") if getattr(item.entry, name) is not None)
    labels = {s: catalog.source_label(s) for s in (*item.entry.basis.sources, *item.exercise.basis.sources)}
    changed = tuple(name for name, yes in ((CHANGED_ORDER, agenda.reordered), (CHANGED_MINUTES, item.minutes_changed))
                    if yes)
    return item_basis(item.entry.basis, item.exercise.basis, overrides=overrides, labels=labels, changed=changed)


def snapshot_basis(snapshot: dict | None) -> ItemBasis:
    """For the live screen: what a round's copy of an item says; a copy from before marks says nothing."""
    if not isinstance(snapshot, dict):
        return ItemBasis()
    overrides = snapshot.get("agenda_overrides") or []
    labels = snapshot.get("source_labels") or {}
    changed = snapshot.get("changed") or []
    if not isinstance(overrides, list) or not isinstance(labels, dict) or not isinstance(changed, list):
        return ItemBasis()
    return item_basis(Basis.from_json(snapshot.get("agenda_basis")), Basis.from_json(snapshot.get("basis")),
                      overrides=tuple(overrides), labels=labels, changed=tuple(str(c) for c in changed))
