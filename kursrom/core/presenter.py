"""What the room may see: a participant-safe projection of a live session, for the presenter window,
its HTML page and the facilitator's own preview.

`project(source)` builds a `Projection` from the item's exercise copy, the session's theme, the
timer and what the facilitator chose to show (`PresenterChoice`). A projection holds texts meant for
participants and nothing else: no name, attendance mark, reason, note, flag or per-person result.
Text typed in the room (the group's rules, the group's highlights) enters only when the facilitator
chose to show it, and then with every roster name masked. The views read only the projection.

Plain Python: no Textual, no database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from kursrom.core.catalog.model import BASE_LANG, BASE_LANGS, MISSING, Exercise
from kursrom.core.clock import OSLO
from kursrom.core.names import NameFinder, name_parts
from kursrom.core.timing import ItemTime, countdown_text
from kursrom.core.vocabulary import SessionStatus
from kursrom.i18n import N_, _

# What the presenter shows as a whole.
WAITING = "waiting"  # no session to follow yet
START = "start"  # the session has not started
ITEM = "item"  # an agenda item with its exercise
BREAK = "break"  # a break, with the time the group is back
PAUSE = "pause"  # the facilitator blanked the presenter
END = "end"  # the session is over: thank you
SCREENS = (WAITING, START, ITEM, BREAK, PAUSE, END)

# What the facilitator chose to show on the current item.
CONTENT_ITEM = "item"  # the exercise's own texts (the default)
CONTENT_STATEMENT = "statement"  # one card-sort statement, large
CONTENT_RULES = "rules"  # the group's rules, as agreed in the room
CONTENT_HIGHLIGHTS = "highlights"  # the whole group's highlights on this item
CONTENTS = (CONTENT_ITEM, CONTENT_STATEMENT, CONTENT_RULES, CONTENT_HIGHLIGHTS)
#: Contents typed in the room, which reach the presenter masked, and only when chosen.
ROOM_CONTENTS = (CONTENT_RULES, CONTENT_HIGHLIGHTS)

#: Languages written right to left (by their base code).
RTL_LANGS = frozenset({"ar", "fa", "prs", "he", "ur", "ps", "ckb", "yi", "dv", "sd", "ug"})
#: Seconds between two looks at the database by a presenter: a change shows within one second.
POLL_SECONDS = 0.5
#: Put in place of a roster name found in text typed in the room.
MASK = "•••"
#: Name parts shorter than this are not masked on their own ("Li" would take "Li" out of words).
MIN_MASKED_PART = 3

HEADINGS = {
    "questions": N_("Questions"),
    "animals": N_("Animals"),
    "roles": N_("Roles"),
    "feedback_prompts": N_("What the observer looks for"),
    "listen_for": N_("Listen for"),
    "categories": N_("Categories"),
    "topics": N_("Topics"),
    "tasks": N_("Tasks"),
    "speaker": N_("Speaker"),
    "ad_text": N_("The advertisement"),
    "scale": N_("Scale"),
}


def is_base(lang: str) -> bool:
    return lang.lower() in (*BASE_LANGS, "nn")


def is_rtl(lang: str) -> bool:
    return lang.split("-")[0].lower() in RTL_LANGS


@dataclass(frozen=True)
class PresenterChoice:
    """What the facilitator chose for the presenter (stored with the session, so a second window
    follows it). `content` and `statement` apply to the item they were chosen on (`item_id`); on
    another item the presenter shows that item. `languages` None: the interpreters' languages."""

    blank: bool = False
    content: str = CONTENT_ITEM
    item_id: int | None = None
    statement: int = 0
    languages: tuple[str, ...] | None = None

    def content_on(self, item_id: int | None) -> str:
        return self.content if item_id is not None and self.item_id == item_id else CONTENT_ITEM


@dataclass(frozen=True)
class ShownItem:
    """The current agenda item, as the room may see it: its own title and prompt (an agenda may
    rewrite the exercise's) and the exercise copy the round keeps."""

    id: int
    kind: str
    title: str
    prompt: str
    exercise: dict = field(default_factory=dict)


@dataclass(frozen=True)
class PresenterSource:
    """Everything a projection is built from, read by the store in one go.

    `names` (the round's roster) and `room_texts` are here only for masking: the projection built
    from them keeps neither a name nor an unmasked text."""

    status: str
    course: str
    theme: str
    now: datetime
    planned_start: datetime | None = None
    item: ShownItem | None = None
    time: ItemTime | None = None
    choice: PresenterChoice = PresenterChoice()
    interpreter_languages: tuple[str, ...] = ()
    room_texts: tuple[str, ...] = ()
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Block:
    """A heading and its lines: the questions, the roles, one SØT letter explained."""

    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Version:
    """The item's texts in one language. `focus` is what the room looks at, large: a card-sort
    statement. Texts a translation lacks are left empty (the bokmål version has them)."""

    lang: str
    rtl: bool
    title: str
    prompt: str
    focus: str = ""
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True)
class Projection:
    """What the presenter shows. `versions` hold bokmål first, then each language shown.

    `drafts` and `missing` are for the facilitator, never shown to the room: the languages whose
    shown texts include an unreviewed translation, and the languages asked for that the item has
    no translation for."""

    screen: str
    course: str = ""
    theme: str = ""
    versions: tuple[Version, ...] = ()
    timer: str = ""
    timer_over: bool = False
    timer_running: bool = False
    clock: str = ""  # the start time on the start screen, the time the group is back on a break
    drafts: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(version.lang for version in self.versions)

    def texts(self) -> Iterable[str]:
        """Every text the projection holds, for checks and tests."""
        yield from (self.course, self.theme, self.timer, self.clock)
        for version in self.versions:
            yield from (version.title, version.prompt, version.focus)
            for block in version.blocks:
                yield block.heading
                yield from block.lines


# --------------------------------------------------------------------------------------------------
# Masking what was typed in the room


def name_masker(names: Iterable[str]) -> NameFinder[str]:
    """Finds every roster name in a text: whole names, and each of their words of three letters or
    more (a first name alone, a surname alone), in any case and with a genitive."""
    wanted: list[tuple[str, str]] = []
    for name in names:
        wanted.append((name, name))
        wanted += [(part, name) for part in name_parts(name) if len(part) >= MIN_MASKED_PART]
    return NameFinder(wanted)


def mask_names(texts: Iterable[str], names: Iterable[str]) -> tuple[str, ...]:
    finder = name_masker(names)
    return tuple(finder.replace(text, lambda _found: MASK) for text in texts)


# --------------------------------------------------------------------------------------------------
# Building the projection


def project(source: PresenterSource) -> Projection:
    """The participant-safe projection of the session as `source` describes it."""
    common = {"course": source.course, "theme": source.theme}
    if source.status == "":
        return Projection(WAITING)
    if source.status in (SessionStatus.DONE, SessionStatus.EXPORTED):
        return Projection(END, **common)
    if source.choice.blank:
        return Projection(PAUSE, **common)
    if source.status == SessionStatus.PLANNED or source.item is None:
        start = source.planned_start.astimezone(OSLO).strftime("%H:%M") if source.planned_start else ""
        return Projection(START, clock=start, **common)
    return _item_projection(source, common)


def _item_projection(source: PresenterSource, common: dict[str, str]) -> Projection:
    item = source.item
    assert item is not None
    timer, over, running, back = "", False, False, ""
    if source.time is not None and source.time.started:
        timer, over = countdown_text(source.time.remaining)
        running = source.time.running
        back_at = source.now + timedelta(seconds=max(0.0, source.time.remaining))
        back = back_at.astimezone(OSLO).strftime("%H:%M")
    elif source.time is not None:  # not started yet: the planned minutes
        timer = countdown_text(source.time.planned)[0]
    timing = {"timer": timer, "timer_over": over, "timer_running": running}
    if item.kind == "break":
        return Projection(BREAK, clock=back, versions=(Version(BASE_LANG, False, item.title, item.prompt),),
                          **timing, **common)
    content = source.choice.content_on(item.id)
    if content in ROOM_CONTENTS:
        heading = _("Our group rules") if content == CONTENT_RULES else _("From the group")
        lines = mask_names(source.room_texts, source.names)
        version = Version(BASE_LANG, False, heading, "", blocks=(Block("", lines),) if lines else ())
        return Projection(ITEM, versions=(version,), **timing, **common)
    exercise = exercise_of(item)
    statement = source.choice.statement if content == CONTENT_STATEMENT else None
    versions, drafts, missing = [_version(exercise, item, BASE_LANG, statement)[0]], [], []
    for lang in _languages(source):
        version, draft = _version(exercise, item, lang, statement)
        if version is None:
            missing.append(lang)
            continue
        versions.append(version)
        if draft:
            drafts.append(lang)
    return Projection(ITEM, versions=tuple(versions), drafts=tuple(drafts), missing=tuple(missing),
                      **timing, **common)


def _languages(source: PresenterSource) -> list[str]:
    wanted = source.choice.languages if source.choice.languages is not None else source.interpreter_languages
    out: list[str] = []
    for lang in wanted:
        if lang and not is_base(lang) and lang.lower() not in (o.lower() for o in out):
            out.append(lang)
    return out


def exercise_of(item: ShownItem) -> Exercise:
    """The exercise copy the round keeps, or one made from the item's own texts (an item added
    during the session, or a copy from before kursrom kept one)."""
    snapshot = item.exercise or {}
    if all(key in snapshot for key in ("id", "kind", "title", "prompt", "duration")):
        return Exercise.from_snapshot(snapshot)
    return Exercise(id="", kind=item.kind, title=item.title, prompt=item.prompt, instructions="", duration=0)


class _Reader:
    """Reads an exercise's participant-facing fields in one language: a field the language lacks is
    None (the bokmål version shows it), and whether anything read was a draft is remembered."""

    def __init__(self, exercise: Exercise, lang: str) -> None:
        self.exercise, self.lang = exercise, lang
        self.base = is_base(lang)
        self.draft = False
        self.found = False

    def get(self, name: str) -> Any:
        try:
            found = self.exercise.localize(name, self.lang)
        except KeyError:
            return None
        if self.base:
            return found.value
        if found.status == MISSING:
            return None
        self.found = True
        self.draft = self.draft or found.draft
        return found.value

    def texts(self, name: str) -> tuple[str, ...]:
        value = self.get(name)
        return tuple(str(line) for line in value if str(line).strip()) if isinstance(value, list) else ()

    def heading(self, key: str) -> str:
        # Headings are interface words: the bokmål version has them, a translation shows its lines.
        return _(HEADINGS[key]) if self.base else ""


def _version(exercise: Exercise, item: ShownItem, lang: str,
             statement: int | None) -> tuple[Version | None, bool]:
    """The item in `lang`: (None, False) when the exercise has nothing in that language."""
    read = _Reader(exercise, lang)
    own_title = item.title != exercise.title  # the agenda rewrote it: its translation no longer fits
    own_prompt = item.prompt != exercise.prompt
    if read.base:
        title, prompt = item.title, item.prompt
    else:
        title = "" if own_title else (read.get("title") or "")
        prompt = "" if own_prompt else (read.get("prompt") or "")
    focus = ""
    if statement is not None and exercise.kind == "card_sort":
        statements = read.texts("statements")
        if read.base or statements:
            focus = statements[statement] if 0 <= statement < len(statements) else ""
    blocks = tuple(block for block in _blocks(exercise.kind, read) if block.lines)
    if not read.base and not read.found:
        return None, False
    return Version(lang, is_rtl(lang), title, prompt, focus, blocks), read.draft


def _blocks(kind: str, read: _Reader) -> list[Block]:
    """The kind's public content as blocks. A group-rules item shows its prompt only: its
    suggestions are the facilitator's fallback when the group gets stuck, and the rules the room
    agrees reach the presenter only when the facilitator shows them."""

    def listed(key: str) -> Block:
        return Block(read.heading(key), read.texts(key))

    if kind in ("reflection", "presentation"):
        return [listed("questions")]
    if kind == "animal":
        animals = read.get("animals") or []
        lines = tuple(f"{a.get('name', '')}: {', '.join(a.get('traits') or [])}" for a in animals
                      if isinstance(a, dict))
        return [Block(read.heading("animals"), lines), listed("questions")]
    if kind == "role_play":
        return [listed("roles"), listed("questions"), listed("feedback_prompts")]
    if kind == "sot":
        return [_part(read, part, "help") for part in ("situation", "wish", "actions")]
    if kind == "timeline":
        return [_part(read, "formal", "examples"), _part(read, "informal", "examples"), listed("questions")]
    if kind == "career_story":
        return [listed("questions"), listed("listen_for")]
    if kind == "card_sort":
        categories = read.texts("categories")
        return [Block(read.heading("categories"),
                      tuple(f"{n}. {c}" for n, c in enumerate(categories, start=1)))]
    if kind == "talk":
        speaker = read.get("speaker") or ""
        return [Block(read.heading("speaker"), (speaker,) if speaker else ()), listed("topics"),
                listed("questions")]
    if kind == "job_ad":
        ad = (read.get("ad_text") or "").strip()
        return [Block(read.heading("ad_text"), (ad,) if ad else ()), listed("questions")]
    if kind == "evaluation":
        return [_scale(read), listed("questions")]
    if kind == "homework":
        return [listed("tasks")]
    return []


def _part(read: _Reader, part: str, inner: str) -> Block:
    """A SØT letter or a timeline half: its own title as the heading, its help or examples below."""
    title = read.get(f"{part}.title") or ""
    value = read.get(f"{part}.{inner}")
    lines = tuple(value) if isinstance(value, list) else ((value,) if value else ())
    return Block(title, tuple(str(line) for line in lines))


def _scale(read: _Reader) -> Block:
    data = read.exercise.data
    low, high = data.get("scale_min"), data.get("scale_max")
    low_label, high_label = read.get("min_label") or "", read.get("max_label") or ""
    if not (low_label or high_label):
        return Block("", ())
    return Block(read.heading("scale"), (f"{low} = {low_label}", f"{high} = {high_label}"))



def headline(projection: Projection) -> tuple[str, str]:
    """The large line and the line under it of a screen that is not an item (empty for an item)."""
    screen = projection.screen
    if screen == START:
        when = _("We start at {time}.").format(time=projection.clock) if projection.clock else ""
        return projection.theme or projection.course, when
    if screen == BREAK:
        back = _("We are back at {time}.").format(time=projection.clock) if projection.clock else ""
        return _("Break"), back
    if screen == END:
        return _("Thank you for today!"), projection.theme
    if screen == WAITING:
        return "", _("The session has not started yet.")
    return "", ""
