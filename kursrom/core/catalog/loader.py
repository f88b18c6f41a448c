"""Reading files and folders into a `Catalog`: a later folder overrides an earlier one by id."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kursrom.core.catalog.kinds import _check_exercise
from kursrom.core.catalog.model import MAX_FILE_BYTES, Catalog, Exercise, Problem
from kursrom.core.catalog.schema import _Checker, _paren
from kursrom.core.catalog.templates import _check_template, _finish_template, _PendingTemplate
from kursrom.i18n import N_, _
from kursrom.paths import builtin_exercises_dir, user_exercises_dir

_AT_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


def default_folders(extra: Sequence[Path] = ()) -> list[Path]:
    """The shipped library, then the facilitator's own folder, then `extra` (later ones win)."""
    return [builtin_exercises_dir(), user_exercises_dir(), *(Path(p) for p in extra)]


# tomllib's messages, explained for someone who does not write TOML every day (tomllib's own
# text stays English; the hint is translated when it is shown).
_SYNTAX_HINTS: tuple[tuple[str, str], ...] = (
    ("Illegal character '\\n'", N_("is a closing quote missing?")),
    ("Unterminated string", N_("is a closing quote missing?")),
    ("Invalid value", N_("text must be in quotes, lists in [ ], numbers without quotes")),
    ("Cannot overwrite a value", N_("is this key or table written twice?")),
    ("Cannot declare", N_("is this table written twice?")),
    ("Expected '=' after a key", N_("write key = value, one per line")),
)


def _read_toml(ck: _Checker) -> dict | None:
    """The file's document, or None with the problem recorded."""
    file = ck.file
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            ck.add_file(_("is too large to be an exercise file (over {size} kB)").format(size=MAX_FILE_BYTES // 1000))
            return None
        data = file.read_bytes()
    except OSError as err:
        ck.add_file(_("could not be read: {error}").format(error=err.strerror or err))
        return None
    try:
        text = data.decode("utf-8-sig")  # tolerate the byte-order mark some Windows editors add
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        message = _("is not UTF-8 text (byte {byte}); save the file as UTF-8")
        ck.add_file(message.format(byte=f"0x{data[err.start]:02x}"), line)
        return None
    ck.text = text
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        line: int | None = None
        if m := _AT_LINE.search(message):
            line = int(m.group(1))
            message = message[: m.start()] + _paren(_("column {column}").format(column=m.group(2)))
        elif m := _AT_END.search(message):
            line = text.count("\n") + (0 if text.endswith("\n") else 1) or 1
            message = message[: m.start()] + _paren(_("at the end of the file"))
        for start, hint in _SYNTAX_HINTS:
            if str(err).startswith(start):
                message += ": " + _(hint)
                break
        # i18n: {error} is Python's own (English) description of the mistake, with a hint
        ck.add_file(_("is not valid TOML: {error}").format(error=message), line)
        return None
    except RecursionError:
        ck.add_file(_("could not be read: it is nested too deeply"))
        return None
    if not doc:
        # i18n: said of an exercise or course file, as in "pause.toml: is empty"
        ck.add_file(_("is empty") if not text.strip() else _("has no fields, only comments"))
        return None
    return doc


def _toml_files(folder: Path) -> list[Path]:
    try:
        return sorted(
            p
            for p in folder.iterdir()
            if p.suffix.lower() == ".toml" and not p.name.startswith(".") and not p.is_dir()
        )
    except OSError:  # missing, not a folder, or unreadable: nothing to load
        return []


def _load_files(
    files: list[Path],
    check: Callable[[_Checker, dict], Exercise | _PendingTemplate | None],
    problems: list[Problem],
    broken: dict[str, Path],
) -> dict[str, Any]:
    """Check each file of one folder with `check`; returns the valid results by id.

    Problems go to `problems`; the id (or file stem) of each broken file goes to `broken`.
    """
    loaded: dict[str, Any] = {}
    first_with_id: dict[str, Path] = {}
    for file in files:
        ck = _Checker(file)
        doc: dict | None = None
        result = None
        try:
            doc = _read_toml(ck)
            if doc is not None:
                result = check(ck, doc)
                file_id = doc.get("id")
                if isinstance(file_id, str):
                    if file_id in first_with_id:
                        ck.add(
                            ("id",),
                            _("id '{id}' is already used by {file} in the same folder; ids must be unique").format(
                                id=file_id, file=first_with_id[file_id].name
                            ),
                        )
                        result = None
                    else:
                        first_with_id[file_id] = file
        except Exception as err:  # noqa: BLE001 - a bug here must not stop the other files loading
            ck.add_file(_("could not be checked ({error})").format(error=f"{type(err).__name__}: {err}"))
            result = None
        ck.problems.sort(key=lambda p: (p.line is not None, p.line or 0))  # file-level first
        problems.extend(ck.problems)
        if result is not None and ck.ok:
            loaded[result.id] = result
        else:
            guess = doc.get("id") if doc is not None and isinstance(doc.get("id"), str) else file.stem
            broken.setdefault(guess, file)
    return loaded


def load_catalog(folders: Sequence[Path]) -> Catalog:
    """Load every ``exercises/*.toml`` and ``courses/*.toml`` under `folders`; never raises.

    A later folder overrides an earlier one by id (the facilitator's folder overrides the shipped
    library). A missing folder is skipped. Broken files are left out, each problem is collected,
    and a template that needs a missing or broken exercise is left out with a problem too.
    """
    catalog = Catalog()
    broken_exercises: dict[str, Path] = {}
    pending: list[_PendingTemplate] = []

    for folder in (Path(f) for f in folders):
        exercises = _load_files(
            _toml_files(folder / "exercises"), _check_exercise, catalog.problems, broken_exercises
        )
        catalog.exercises.update(exercises)
        templates = _load_files(_toml_files(folder / "courses"), _check_template, catalog.problems, {})
        pending.extend(templates.values())

    # Templates are checked against the final set of exercises, so a facilitator's template may
    # use shipped exercises and an overridden exercise applies everywhere.
    for item in pending:  # in folder order, so later folders override earlier ones
        before = len(item.ck.problems)
        template = _finish_template(item, catalog.exercises, broken_exercises)
        catalog.problems.extend(item.ck.problems[before:])
        if template is not None:
            catalog.templates[template.id] = template
    return catalog
