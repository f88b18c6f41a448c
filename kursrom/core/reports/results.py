"""What a stored exercise result says, as short readable lines (`result_lines`), and a card sort as
a tally. The shapes the panels store (kursrom.widgets.panels) get a tidy rendering; anything else
falls back to `key: value` lines, so nothing saved is ever hidden."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kursrom.core.numbers import clock_text
from kursrom.core.reports.data import Person, Tally
from kursrom.i18n import _


def plain_text(value: Any) -> str:
    """A stored value as text: lists joined with commas, mappings as `key: value`."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (list, tuple)):
        return ", ".join(t for t in (plain_text(v) for v in value) if t)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {t}" for k, t in ((k, plain_text(v)) for k, v in value.items()) if t)
    return str(value)


def _first(data: Mapping[str, Any], *keys: str) -> Any:
    for key in keys:
        if data.get(key) not in (None, "", [], {}):
            return data[key]
    return None


def _name_of(value: Any, people: Mapping[int, Person]) -> str:
    """A participant id (or a name) found inside result data, as a name."""
    if isinstance(value, int) and value in people:
        return people[value].name
    return plain_text(value)


#: Keys of stored result data that are bookkeeping, not content.
_META_KEYS = frozenset({"at", "updated_at", "saved_at", "id", "own_animal", "index", "version", "timer"})


def _entry(value: Any) -> str:
    """A list entry of result data: a string, or a dict whose "text" (or other content) is shown."""
    if isinstance(value, dict):
        text = plain_text(value.get("text"))
        if text:
            return text
        return plain_text({k: v for k, v in value.items() if k not in _META_KEYS and not isinstance(v, bool)})
    return plain_text(value)


def _names(ids: Any, people: Mapping[int, Person]) -> str:
    return ", ".join(_name_of(i, people) for i in ids or [] if _name_of(i, people))


def _animal_lines(data: Mapping[str, Any], people: Mapping[int, Person]) -> tuple[list[str], set[str]]:
    animal = plain_text(_first(data, "animal", "name"))
    traits = plain_text(_first(data, "traits"))
    strengths = plain_text(_first(data, "strengths", "work_strengths"))
    lines = [f"{animal}: {traits}" if animal and traits else animal or traits]
    if strengths:
        lines.append(_("Strengths at work: {strengths}").format(strengths=strengths))
    return lines, {"animal", "name", "traits", "strengths", "work_strengths"}


def _timeline_lines(data: Mapping[str, Any], people: Mapping[int, Person]) -> tuple[list[str], set[str]]:
    lines = []
    for entry in data.get("entries") or []:
        if not isinstance(entry, dict):
            lines.append(plain_text(entry))
            continue
        formal = entry.get("formal")
        form = (_("formal") if formal else _("informal")) if isinstance(formal, bool) else plain_text(entry.get("kind"))
        parts = (plain_text(entry.get("period")), form, plain_text(entry.get("learned")))
        lines.append(" – ".join(t for t in parts if t))
    return lines, {"entries"}


def _role_play_lines(data: Mapping[str, Any], people: Mapping[int, Person]) -> tuple[list[str], set[str]]:
    lines = []
    # A job seeker's feedback, one entry per round.
    for entry in data.get("feedback") or []:
        if not isinstance(entry, dict):
            lines.append(plain_text(entry))
            continue
        who = []
        if entry.get("interviewer") is not None:
            who.append(_("interviewer {name}").format(name=_name_of(entry["interviewer"], people)))
        observers = entry.get("observers") if "observers" in entry else [entry.get("observer")]
        if _names(observers, people):
            who.append(_("observer {names}").format(names=_names(observers, people)))
        head = _("Round {number}").format(number=entry.get("round", "?"))
        if who:
            head += f" ({', '.join(who)})"
        lines.append(f"{head}: {plain_text(entry.get('text'))}")
    # The group's own row: who played together, and how far the rounds got.
    for number, group in enumerate(data.get("groups") or [], start=1):
        lines.append(_("Group {number}: {names}").format(number=number, names=_names(group, people)))
    if data.get("groups") and data.get("rounds"):
        lines.append(_("Rounds played: {done} of {rounds}").format(
            done=data.get("round", 0) + 1, rounds=data["rounds"]))
    return lines, {"feedback", "groups", "round", "rounds", "roles", "reshuffles"}


def _presentation_lines(data: Mapping[str, Any], people: Mapping[int, Person]) -> tuple[list[str], set[str]]:
    times = data.get("times") or {}
    lines = []
    for number, pid in enumerate(data.get("order") or [], start=1):
        seconds = times.get(str(pid))
        took = f" – {clock_text(seconds)}" if isinstance(seconds, int) else ""
        lines.append(f"{number}. {_name_of(pid, people)}{took}")
    return lines, {"order", "times", "current", "shuffles"}


def _group_rules_lines(data: Mapping[str, Any], people: Mapping[int, Person]) -> tuple[list[str], set[str]]:
    return [plain_text(rule) for rule in data.get("rules") or []], {"rules"}


def _state_only(data: Mapping[str, Any], people: Mapping[int, Person]) -> tuple[list[str], set[str]]:
    """The SØT panel's own state (phase, groups, timer): the boards themselves are the result."""
    return [], set(data)


def _highlight_lines(data: Mapping[str, Any], people: Mapping[int, Person]) -> tuple[list[str], set[str]]:
    lines = [_entry(entry) for entry in data.get("highlights") or []]
    text = plain_text(_first(data, "text", "highlight"))
    if text:
        lines.append(text)
    return lines, {"highlights", "text", "highlight"}


#: kind -> what its stored result says as lines, and the keys that said it.
_RESULT_LINES = {
    "animal": _animal_lines,
    "timeline": _timeline_lines,
    "role_play": _role_play_lines,
    "presentation": _presentation_lines,
    "group_rules": _group_rules_lines,
    "sot": _state_only,
}


def result_lines(kind: str, data: Mapping[str, Any], people: Mapping[int, Person]) -> tuple[str, ...]:
    """What a stored exercise result says, as short readable lines. The shapes the panels store
    (kursrom.widgets.panels) get a tidy rendering; anything else falls back to `key: value` lines,
    so nothing saved is ever hidden."""
    data = data or {}
    lines, used = _RESULT_LINES.get(kind, _highlight_lines)(data, people)
    for key, value in data.items():
        if key in used or key in _META_KEYS or key.startswith("_") or isinstance(value, bool):
            continue
        shown = "; ".join(_entry(v) for v in value) if isinstance(value, list) else plain_text(value)
        if shown:
            lines.append(f"{key}: {shown}")
    return tuple(line for line in lines if line)


def tally(title: str, exercise: Mapping[str, Any], data: Mapping[str, Any]) -> Tally | None:
    """A card sort as the panel stores it: {"placements": {statement: category}, "disagreed":
    [statement], "tally": {category: count}, "unsorted": [statement]}. Statements keep the
    exercise's order (`exercise`, the item's copy of it) when it has one."""
    placements = data.get("placements") or {}
    if not isinstance(placements, dict) or not (placements or data.get("unsorted")):
        return None
    snapshot = exercise.get("data", {}) or {}
    known = [str(s) for s in snapshot.get("statements") or []]
    order = known + [s for s in [*placements, *(data.get("unsorted") or [])] if s not in known]
    disagreed = set(data.get("disagreed") or [])
    counts = data.get("tally") if isinstance(data.get("tally"), dict) else {}
    categories = [str(c) for c in snapshot.get("categories") or counts or []]
    categories += [c for c in placements.values() if c not in categories]
    tallied = tuple((c, sum(1 for placed in placements.values() if placed == c)) for c in categories)
    rows = tuple((statement, str(placements.get(statement, "")), statement in disagreed) for statement in order)
    return Tally(title, tallied, rows)
