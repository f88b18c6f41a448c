"""Escaping is never left to the template author: the HTML environment autoescapes everything, and
the Markdown environment escapes every `{{ }}` through `md_finalize`, so a participant called
`<script>` comes out as text in both. CSV cells that a spreadsheet would run as a formula get a
leading quote."""

from __future__ import annotations

import re
import unicodedata
from typing import Any


class _Safe(str):
    """Markdown that is already escaped (the output of a filter)."""


_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
# What starts a block when it begins a line: a heading, a quote, a list item, a setext underline.
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=*]|\d+[.)])(?=\s|$)")


def md_inline(value: Any) -> str:
    """Text inside a line of Markdown (never at its start): every character Markdown could act on
    inside a line is escaped, and line breaks become spaces."""
    text = " ".join(str(value).split())
    return _Safe(_MD_INLINE.sub(r"\\\1", text))


def _escape_marker(match: re.Match[str]) -> str:
    marker = match.group(2)
    return match.group(1) + (marker[:-1] + "\\" + marker[-1] if marker[0].isdigit() else "\\" + marker)


def md_block(value: Any, indent: int = 0) -> str:
    """Free text over several lines, escaped, its lines kept (hard breaks) and indented."""
    lines = [_MD_LINE_START.sub(_escape_marker, _MD_INLINE.sub(r"\\\1", line.rstrip()))
             for line in str(value).strip().splitlines()]
    return _Safe(("  \n" + " " * indent).join(line for line in lines))


def md_finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, _Safe):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return md_inline(value)


_CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _formula_start(text: str) -> bool:
    """Whether a spreadsheet may read the cell as a formula: = + - @ (a tab or a carriage return)
    first, also behind invisible characters a spreadsheet may drop (a byte-order mark, a zero-width
    space, a bidi override, white space) and in their full-width forms (＝ ＋ － ＠), which some
    spreadsheets take as the ASCII ones."""
    for char in text:
        if char in _CSV_FORMULA:
            return True
        if unicodedata.category(char) in ("Cf", "Zs") or char.isspace():
            continue
        return unicodedata.normalize("NFKC", char) in _CSV_FORMULA
    return False


def csv_cell(value: Any) -> str:
    """A spreadsheet runs a cell starting with = + - @ as a formula; a leading quote stops it."""
    text = "" if value is None else str(value)
    return "'" + text if _formula_start(text) else text
