"""Where things are in the text: a small TOML scanner mapping field paths to line numbers.

It only runs on text tomllib has already accepted, so it can afford to be simple.
"""

from __future__ import annotations

import bisect
import re
import tomllib

from kursrom.core.catalog.model import FieldPath

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SCALAR = re.compile(r"[^,\]}\n#]*")  # numbers, booleans, dates and times run to one of these


class _Locator:
    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.lines: dict[FieldPath, int] = {}
        try:
            self._scan()
        except Exception:  # noqa: BLE001 - a partial map is still useful; lines fall back to parents
            pass

    def line_of(self, path: FieldPath) -> int | None:
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]

    def _line_at(self, pos: int) -> int:
        return bisect.bisect_left(self.newlines, pos) + 1

    def _mark(self, path: FieldPath, pos: int) -> None:
        line = self._line_at(pos)
        for j in range(1, len(path) + 1):
            self.lines.setdefault(path[:j], line)

    def _skip(self, newlines: bool) -> None:
        s, n = self.s, len(self.s)
        while self.i < n:
            c = s[self.i]
            if c in " \t\r" or (newlines and c == "\n"):
                self.i += 1
            elif c == "#":
                end = s.find("\n", self.i)
                self.i = n if end < 0 else end
            else:
                return

    def _scan(self) -> None:
        s, n = self.s, len(self.s)
        table: FieldPath = ()
        counts: dict[FieldPath, int] = {}  # array-of-tables path -> entries so far

        def resolve(keys: FieldPath) -> FieldPath:
            path: FieldPath = ()
            for key in keys:
                path += (key,)
                if path in counts:
                    path += (counts[path] - 1,)
            return path

        while True:
            self._skip(True)
            if self.i >= n:
                return
            start = self.i
            if s.startswith("[[", self.i):
                self.i += 2
                keys = self._key()
                self._skip(False)
                self.i += 2
                array = resolve(keys[:-1]) + (keys[-1],)
                index = counts.get(array, 0)
                counts[array] = index + 1
                table = array + (index,)
                self._mark(table, start)
            elif s[self.i] == "[":
                self.i += 1
                keys = self._key()
                self._skip(False)
                self.i += 1
                table = resolve(keys)
                self._mark(table, start)
            else:
                self._pair(table, start)

    def _pair(self, table: FieldPath, start: int) -> None:
        keys = self._key()
        self._skip(False)
        self.i += 1  # '='
        self._skip(False)
        path = table + keys
        self._mark(path, start)
        self._value(path)

    def _key(self) -> tuple[str, ...]:
        s = self.s
        parts: list[str] = []
        while True:
            self._skip(False)
            start = self.i
            if s[self.i] == '"':
                self._basic_string()
                parts.append(tomllib.loads("k = " + s[start : self.i])["k"])
            elif s[self.i] == "'":
                self.i = s.index("'", self.i + 1) + 1
                parts.append(s[start + 1 : self.i - 1])
            else:
                m = _BARE_KEY.match(s, self.i)
                if m is None:
                    raise ValueError("not a key")
                parts.append(m.group())
                self.i = m.end()
            self._skip(False)
            if self.i < len(s) and s[self.i] == ".":
                self.i += 1
                continue
            return tuple(parts)

    def _basic_string(self) -> None:
        s = self.s
        self.i += 1
        while s[self.i] != '"':
            self.i += 2 if s[self.i] == "\\" else 1
        self.i += 1

    def _value(self, path: FieldPath) -> None:
        s = self.s
        if s.startswith('"""', self.i) or s.startswith("'''", self.i):
            quote = s[self.i]
            self.i += 3
            while not s.startswith(quote * 3, self.i):
                self.i += 2 if (quote == '"' and s[self.i] == "\\") else 1
            self.i += 3
            for _quote in range(2):  # up to two quotes may end the content right before the delimiter
                if self.i < len(s) and s[self.i] == quote:
                    self.i += 1
        elif s[self.i] == '"':
            self._basic_string()
        elif s[self.i] == "'":
            self.i = s.index("'", self.i + 1) + 1
        elif s[self.i] == "[":
            self.i += 1
            index = 0
            while True:
                self._skip(True)
                if s[self.i] == "]":
                    self.i += 1
                    return
                self._mark(path + (index,), self.i)
                self._value(path + (index,))
                self._skip(True)
                if s[self.i] == ",":
                    self.i += 1
                index += 1
        elif s[self.i] == "{":
            self.i += 1
            while True:
                self._skip(True)
                if s[self.i] == "}":
                    self.i += 1
                    return
                self._pair(path, self.i)
                self._skip(True)
                if s[self.i] == ",":
                    self.i += 1
        else:  # numbers, booleans, dates and times
            m = _SCALAR.match(s, self.i)
            self.i = m.end() if m else len(s)
