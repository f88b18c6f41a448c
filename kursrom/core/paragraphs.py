"""Flags on the paragraphs of a note: a follow-up for a participant's NAV advisor, or a quote.

A note is written as paragraphs, one a line. A flag is written into the text itself, right before
the @-tag of the person it is for: "⚑@Mari Nilsen vil jobbe i barnehage" is flagged for Mari's
advisor, "❝@Jonas Berg «Jeg gir meg ikke»" is Jonas's quote. Kept in the text, a flag

- moves with its paragraph whatever is typed above or around it, and goes back with undo;
- is saved in the same write as the text, and kept with it in a rescue file;
- belongs to its writer's own note (one per item and writer), so a second writer never moves it;
- counts only before a tag of someone: delete the tag and its flag goes with it.

Plain Python: the notes pane edits flags with `toggle`, the reports read them with `paragraphs`,
and the upgrade from whole-note flags writes them with `carry_over`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from kursrom.core.names import Found, NameFinder

K = TypeVar("K")


class FlagKind(StrEnum):
    FOLLOW_UP = "follow_up"
    QUOTE = "quote"


#: The character each flag is written as, right before the "@" of a tag.
MARKS = {FlagKind.FOLLOW_UP: "⚑", FlagKind.QUOTE: "❝"}
_MARK_CHARS = "".join(MARKS.values())
_MARKS_BEFORE_TAG = re.compile(f"[{_MARK_CHARS}]+(?=@)")


@dataclass(frozen=True)
class Paragraph(Generic[K]):
    """A paragraph (a line) of a note that tags someone."""

    index: int  # its line in the note, from 0
    text: str  # as written, without the flags
    tagged: tuple[K, ...]  # in the order they are first tagged
    follow_up: frozenset[K] = frozenset()  # whom it is flagged for
    quote: frozenset[K] = frozenset()  # whose quote it is

    def flagged(self, kind: FlagKind) -> frozenset[K]:
        return self.follow_up if kind == FlagKind.FOLLOW_UP else self.quote


@dataclass(frozen=True)
class LineEdit:
    """Replace `line[start:end]` with `text`."""

    start: int
    end: int
    text: str


def plain(text: str) -> str:
    """`text` without its flags, as the summary and the exports show it."""
    return _MARKS_BEFORE_TAG.sub("", text)


def _tags(line: str, finder: NameFinder[K]) -> list[tuple[Found[K], str]]:
    """Each tag in `line` (as NFC) with the flags written before it."""
    found = []
    for tag in finder.find(line):
        start = tag.start
        while start > 0 and line[start - 1] in _MARK_CHARS:
            start -= 1
        found.append((tag, line[start:tag.start]))
    return found


def _paragraph(index: int, line: str, finder: NameFinder[K]) -> Paragraph[K] | None:
    tagged: dict[K, None] = {}
    flags: dict[FlagKind, set[K]] = {kind: set() for kind in FlagKind}
    for tag, marks in _tags(line, finder):
        for owner in sorted(tag.owners, key=str):
            tagged.setdefault(owner)
            for kind, mark in MARKS.items():
                if mark in marks:
                    flags[kind].add(owner)
    if not tagged:
        return None
    return Paragraph(index, plain(line), tuple(tagged), frozenset(flags[FlagKind.FOLLOW_UP]),
                     frozenset(flags[FlagKind.QUOTE]))


def paragraphs(text: str, finder: NameFinder[K]) -> list[Paragraph[K]]:
    """The paragraphs of a note that tag someone (`kursrom.core.names.tag_finder`), with their flags."""
    found = []
    for index, line in enumerate(text.split("\n")):
        paragraph = _paragraph(index, unicodedata.normalize("NFC", line), finder)
        if paragraph is not None:
            found.append(paragraph)
    return found


def tagged_in(line: str, finder: NameFinder[K]) -> Paragraph[K] | None:
    """One line of a note as a paragraph (None when it tags nobody): whom a flag there can be for."""
    return _paragraph(0, unicodedata.normalize("NFC", line), finder)


def toggle(line: str, owner: K, kind: FlagKind, finder: NameFinder[K]) -> list[LineEdit]:
    """The edits that flag `line` for `owner` (before their first tag), or, when it is flagged for
    them already, take each such flag away. They come right to left, so each applies to the line as
    the one before left it. None when `owner` is not tagged in the line."""
    normal = unicodedata.normalize("NFC", line)
    own = [(tag, marks) for tag, marks in _tags(normal, finder) if owner in tag.owners]
    if not own:
        return []
    mark = MARKS[kind]
    edits = []
    if any(mark in marks for _tag, marks in own):
        for tag, marks in reversed(own):
            if mark in marks:
                at = tag.start - len(marks) + marks.index(mark)
                edits.append(LineEdit(at, at + 1, ""))
    else:
        edits.append(LineEdit(own[0][0].start, own[0][0].start, mark))
    if normal != line:  # positions are in the NFC form: replace the whole line with it
        return [LineEdit(0, len(line), apply(normal, edits))]
    return edits


def apply(line: str, edits: Iterable[LineEdit]) -> str:
    for edit in edits:
        line = line[:edit.start] + edit.text + line[edit.end:]
    return line


def carry_over(text: str, kinds: Iterable[FlagKind], finder: NameFinder[K]) -> tuple[str, list[Paragraph[K]]]:
    """A whole-note flag (before kursrom flagged paragraphs) written onto every paragraph of the
    note that tags someone, for everyone tagged in it: the note as it becomes, and those paragraphs."""
    kinds = list(kinds)
    lines = text.split("\n")
    carried = []
    for index, line in enumerate(lines):
        line = unicodedata.normalize("NFC", line)
        for kind in kinds:
            paragraph = _paragraph(index, line, finder)
            for owner in paragraph.tagged if paragraph else ():
                if owner not in paragraph.flagged(kind):
                    line = apply(line, toggle(line, owner, kind, finder))
        paragraph = _paragraph(index, line, finder)
        if paragraph is not None:
            lines[index] = line
            carried.append(paragraph)
    return "\n".join(lines), carried
