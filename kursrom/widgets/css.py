"""Textual CSS for widgets, read from the `.tcss` file beside their module (widgets have no
CSS_PATH of their own, so they put this in DEFAULT_CSS)."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def load_css(module_file: str) -> str:
    return Path(module_file).with_suffix(".tcss").read_text(encoding="utf-8")
