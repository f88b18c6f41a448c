"""Reading files and folders into a `Catalog`: a later folder overrides an earlier one by id."""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any

from kursrom.core.catalog.basis import check_source
from kursrom.core.catalog.exercises import _check_exercise
from kursrom.core.catalog.model import MAX_FILE_BYTES, Catalog, Exercise, Problem, Source
from kursrom.core.catalog.schema import _Checker, _paren
from kursrom.core.catalog.templates import _check_template, _finish_template, _PendingTemplate
from kursrom.i18n import N_, _, ngettext
from kursrom.paths import builtin_exercises_dir, user_exercises_dir

_AT_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")
# Opening a named pipe for reading waits for a writer unless O_NONBLOCK is set (POSIX only).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


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


def _not_regular(mode: int) -> str:
    """Why a file that is not a regular file was skipped, in one sentence."""
    if stat.S_ISFIFO(mode):
        return _("is a named pipe (FIFO), not a regular file; it was skipped")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("is a device, not a regular file; it was skipped")
    return _("is not a regular file; it was skipped")


def _too_large() -> str:
    return _("is too large to be an exercise file (over {size} kB)").format(size=MAX_FILE_BYTES // 1000)


def _read_bytes(ck: _Checker) -> bytes | None:
    """The file's bytes, or None with the problem recorded.

    Only a regular file is opened, and at most MAX_FILE_BYTES + 1 bytes are read: a named pipe
    would block every start, and a link to /dev/zero would read until memory runs out.
    """
    try:
        info = os.stat(ck.file)  # follows links, so a link to a device is seen as the device
        if not stat.S_ISREG(info.st_mode):
            ck.add_file(_not_regular(info.st_mode))
            return None
        if info.st_size > MAX_FILE_BYTES:
            ck.add_file(_too_large())
            return None
        with open(os.open(ck.file, _OPEN_FLAGS), "rb") as handle:
            # The path may have been swapped for something else between the stat and the open.
            mode = os.fstat(handle.fileno()).st_mode
            if not stat.S_ISREG(mode):
                ck.add_file(_not_regular(mode))
                return None
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        ck.add_file(_("could not be read: {error}").format(error=err.strerror or err))
        return None
    if len(data) > MAX_FILE_BYTES:  # it grew after the stat
        ck.add_file(_too_large())
        return None
    return data


def _read_toml(ck: _Checker) -> dict | None:
    """The file's document, or None with the problem recorded."""
    data = _read_bytes(ck)
    if data is None:
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


def _unreadable_folder(folder: Path, err: OSError) -> Problem:
    if isinstance(err, PermissionError):
        message = _("is a folder kursrom may not read (permission denied); nothing in it was loaded")
    else:
        error = err.strerror or err
        message = _("could not be read as a folder ({error}); nothing in it was loaded").format(error=error)
    return Problem(folder, None, None, message)


def _list_folder(folder: Path, problems: list[Problem]) -> list[Path] | None:
    """The entries of `folder`; None if it is missing (nothing to load) or unreadable (a problem)."""
    try:
        return sorted(folder.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as err:
        problems.append(_unreadable_folder(folder, err))
        return None


def _is_toml(path: Path) -> bool:
    return path.suffix.lower() == ".toml" and not path.name.startswith(".")  # not an editor's lock file


def _toml_files(folder: Path, problems: list[Problem]) -> list[Path]:
    """The *.toml files of an exercises/ or courses/ folder, in name order."""
    entries = _list_folder(folder, problems)
    if entries is None:
        return []
    try:
        return [p for p in entries if _is_toml(p) and not p.is_dir()]
    except OSError as err:  # a folder that may be listed but not entered (r without x)
        problems.append(_unreadable_folder(folder, err))
        return []


_SUBFOLDERS = ("exercises", "courses", "sources")


def _nothing_found(folder: Path, entries: list[Path]) -> Problem:
    """The problem for a folder the facilitator named in which kursrom found nothing to load."""
    loose = sum(1 for p in entries if _is_toml(p))
    if loose:
        found = ngettext(
            "found {count} .toml file directly in the folder",
            "found {count} .toml files directly in the folder",
            loose,
        ).format(count=loose)
    else:
        found = _("found no .toml files in it")
    message = _("holds no exercise or course files; kursrom reads exercises/*.toml, courses/*.toml and "
                "sources/*.toml inside it")
    return Problem(folder, None, None, message + _paren(found))


def _library_files(folder: Path, problems: list[Problem], *, named: bool) -> dict[str, list[Path]]:
    """The exercise, course and source files of one library folder, by subfolder.

    A missing folder holds nothing. A folder the facilitator `named` on the command line must hold
    something where kursrom looks, or that is a problem too.
    """
    entries = _list_folder(folder, problems)
    if entries is None:
        return {sub: [] for sub in _SUBFOLDERS}
    problems_before = len(problems)
    files = {sub: _toml_files(folder / sub, problems) for sub in _SUBFOLDERS}
    if named and not any(files.values()) and len(problems) == problems_before:
        problems.append(_nothing_found(folder, entries))
    return files


def _load_files(
    files: list[Path],
    check: Callable[[_Checker, dict], Exercise | _PendingTemplate | Source | None],
    problems: list[Problem],
    broken: dict[str, Path],
    sources: tuple[dict[str, Source], dict[str, Path]] | None = None,
) -> dict[str, Any]:
    """Check each file of one folder with `check`; returns the valid results by id.

    Problems go to `problems`; the id (or file stem) of each broken file goes to `broken`.
    `sources` are the course descriptions loaded and broken, for the files' `source` marks.
    """
    loaded: dict[str, Any] = {}
    first_with_id: dict[str, Path] = {}
    for file in files:
        ck = _Checker(file)
        if sources is not None:
            ck.sources, ck.broken_sources = sources
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


def load_catalog(folders: Sequence[Path], *, explicit: Collection[Path] = ()) -> Catalog:
    """Load every ``sources/*.toml``, ``exercises/*.toml`` and ``courses/*.toml`` under `folders`;
    never raises.

    A later folder overrides an earlier one by id (the facilitator's folder overrides the shipped
    library). A missing folder is skipped; an unreadable one is a problem. Broken files are left
    out, each problem is collected, and a template that needs a missing or broken exercise is left
    out with a problem too. What loads but deserves a look (an agenda without slack) goes to
    `Catalog.warnings`. `explicit` are the folders the facilitator named (``--exercises``): one that
    holds nothing where kursrom looks is a problem, as a folder by default may be empty.
    """
    catalog = Catalog()
    broken_exercises: dict[str, Path] = {}
    broken_sources: dict[str, Path] = {}
    pending: list[_PendingTemplate] = []
    named = {Path(f) for f in explicit}
    libraries = [_library_files(Path(f), catalog.problems, named=Path(f) in named) for f in folders]

    # The course descriptions first: exercises and templates in any folder name them.
    for files in libraries:
        catalog.sources.update(_load_files(files["sources"], check_source, catalog.problems, broken_sources))
    known = (catalog.sources, {k: v for k, v in broken_sources.items() if k not in catalog.sources})
    for files in libraries:
        exercises = _load_files(files["exercises"], _check_exercise, catalog.problems, broken_exercises, known)
        catalog.exercises.update(exercises)
        templates = _load_files(files["courses"], _check_template, catalog.problems, {}, known)
        pending.extend(templates.values())

    # Templates are checked against the final set of exercises, so a facilitator's template may
    # use shipped exercises and an overridden exercise applies everywhere.
    for item in pending:  # in folder order, so later folders override earlier ones
        before = len(item.ck.problems)
        template = _finish_template(item, catalog.exercises, broken_exercises)
        catalog.problems.extend(item.ck.problems[before:])
        if template is not None:
            catalog.templates[template.id] = template
            catalog.warnings.extend(item.ck.warnings)
    return catalog
