"""Autosave for notes: when to save, what to save, and what to do when a save fails. Plain Python.

The notes pane tells the `Autosaver` about every edit; a display timer asks it which drafts are
due; a worker thread calls `save`. A draft is due when typing has paused for `idle` seconds, or
when unsaved text has waited `max_wait` seconds (so a long stretch of typing is still saved every
second). A failed save (database locked for too long, disk full, read-only file) keeps the text,
records why, and makes the draft due again after `retry` seconds, for ever, until it succeeds.

Saves never overtake each other: they run one at a time and each writes the newest text at the
moment it starts, so a slow save finishing late can never put older text over newer.

Should saving still fail when the notes close (the app quits with the disk full or the database
locked), the unsaved text goes to a rescue file, `rescue-<time>.txt` beside the database (mode
0600), which the next start offers to put back (`write_rescue`, `find_rescues`, `read_rescue`).
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from kursrom.i18n import _
from kursrom.paths import ensure_private_dir

#: Seconds of no typing after which a draft is saved.
IDLE_SECONDS = 0.4
#: Unsaved text is saved at the latest this long after its first unsaved edit. With the pane's
#: 0.1 s display tick and a save of a few milliseconds, a crash loses at most the last 0.7 s typed,
#: which leaves room under load for the promise of issue 7: nothing typed more than a second before
#: a crash is lost (52 SIGKILLs in `benchmarks/crashes.py`: at 0.8 s, the worst loss went back 807 ms).
MAX_WAIT_SECONDS = 0.6
#: Seconds between attempts after a failed save.
RETRY_SECONDS = 3.0


class SaveFailed(Exception):
    """A save that may succeed later (locked, disk full, read-only). The message says why.

    Any exception from the write function counts as a failed save (the text is kept and the save
    retried); the store raises this one with a sentence for the facilitator."""




@dataclass(frozen=True)
class Snapshot:
    """What one save writes: the whole draft as it was when the save began."""

    key: Hashable
    text: str
    follow_up: bool
    quote: bool
    revision: int


@dataclass(frozen=True)
class SaveResult:
    key: Hashable
    ok: bool
    revision: int
    error: str = ""
    pending: bool = False  # newer edits arrived while saving


class Draft:
    def __init__(self, key: Hashable, text: str = "", follow_up: bool = False, quote: bool = False) -> None:
        self.key = key
        self.text = text
        self.follow_up = follow_up
        self.quote = quote
        self.revision = 0
        self.saved_revision = 0
        self.first_unsaved: float | None = None
        self.last_edit: float | None = None
        self.failures = 0
        self.error = ""
        self.retry_at: float | None = None
        self.saved_at: float | None = None

    @property
    def dirty(self) -> bool:
        return self.revision != self.saved_revision

    @property
    def failing(self) -> bool:
        return self.failures > 0


class Autosaver:
    """Drafts keyed by anything hashable (the notes pane uses agenda item ids)."""

    def __init__(self, write: Callable[[Snapshot], None], *, monotonic: Callable[[], float] = time.monotonic,
                 idle: float = IDLE_SECONDS, max_wait: float = MAX_WAIT_SECONDS, retry: float = RETRY_SECONDS) -> None:
        self._write = write
        self._monotonic = monotonic
        self.idle = idle
        self.max_wait = max_wait
        self.retry = retry
        self._drafts: dict[Hashable, Draft] = {}
        self._state = threading.Lock()  # guards the drafts; held only for moments
        self._writing = threading.Lock()  # one save at a time, in order
        #: Every failure, in order, as (key, message): for the tests and the benchmark.
        self.failures: list[tuple[Hashable, str]] = []

    # -- the pane's side -------------------------------------------------------------------------

    def load(self, key: Hashable, text: str, *, follow_up: bool = False, quote: bool = False) -> Draft:
        """Start a draft from what is stored; keeps an unsaved draft for the same key as it is."""
        with self._state:
            draft = self._drafts.get(key)
            if draft is not None and draft.dirty:
                return draft
            draft = Draft(key, text, follow_up, quote)
            self._drafts[key] = draft
            return draft

    def get(self, key: Hashable) -> Draft | None:
        with self._state:
            return self._drafts.get(key)

    def edit(self, key: Hashable, *, text: str | None = None, follow_up: bool | None = None,
             quote: bool | None = None) -> None:
        now = self._monotonic()
        with self._state:
            draft = self._drafts.setdefault(key, Draft(key))
            changed = False
            if text is not None and text != draft.text:
                draft.text, changed = text, True
            if follow_up is not None and follow_up != draft.follow_up:
                draft.follow_up, changed = follow_up, True
            if quote is not None and quote != draft.quote:
                draft.quote, changed = quote, True
            if not changed:
                return
            draft.revision += 1
            draft.last_edit = now
            if draft.first_unsaved is None:
                draft.first_unsaved = now

    def due(self, now: float | None = None) -> list[Hashable]:
        """Drafts to save now: typing paused, or unsaved too long, and not waiting to retry."""
        now = self._monotonic() if now is None else now
        with self._state:
            return [draft.key for draft in self._drafts.values() if self._is_due(draft, now)]

    def _is_due(self, draft: Draft, now: float) -> bool:
        if not draft.dirty:
            return False
        if draft.retry_at is not None and now < draft.retry_at:
            return False
        if draft.failing:
            return True
        assert draft.last_edit is not None and draft.first_unsaved is not None
        return now - draft.last_edit >= self.idle or now - draft.first_unsaved >= self.max_wait

    def next_due_in(self, now: float | None = None) -> float | None:
        """Seconds until the next draft falls due (0 if one is due), None when all are saved."""
        now = self._monotonic() if now is None else now
        waits: list[float] = []
        with self._state:
            for draft in self._drafts.values():
                if not draft.dirty:
                    continue
                if draft.retry_at is not None:
                    waits.append(draft.retry_at - now)
                else:
                    assert draft.last_edit is not None and draft.first_unsaved is not None
                    waits.append(min(draft.last_edit + self.idle, draft.first_unsaved + self.max_wait) - now)
        return max(0.0, min(waits)) if waits else None

    @property
    def dirty(self) -> bool:
        with self._state:
            return any(draft.dirty for draft in self._drafts.values())

    @property
    def failing(self) -> bool:
        with self._state:
            return any(draft.failing and draft.dirty for draft in self._drafts.values())

    def last_error(self) -> str:
        with self._state:
            for draft in self._drafts.values():
                if draft.failing and draft.dirty:
                    return draft.error
        return ""

    # -- the worker's side -----------------------------------------------------------------------

    def save(self, key: Hashable) -> SaveResult:
        """Write one draft now (blocking; run it in a worker). Safe to call from any thread."""
        with self._writing:
            with self._state:
                draft = self._drafts.get(key)
                if draft is None or not draft.dirty:
                    return SaveResult(key, True, draft.revision if draft else 0)
                snap = Snapshot(key, draft.text, draft.follow_up, draft.quote, draft.revision)
            began = self._monotonic()
            try:
                self._write(snap)
            except Exception as error:  # noqa: BLE001 - whatever went wrong, the text is kept and retried
                message = str(error) or type(error).__name__
                with self._state:
                    draft.failures += 1
                    draft.error = message
                    draft.retry_at = self._monotonic() + self.retry
                    self.failures.append((key, message))
                return SaveResult(key, False, snap.revision, message)
            with self._state:
                draft.saved_revision = max(draft.saved_revision, snap.revision)
                draft.failures = 0
                draft.error = ""
                draft.retry_at = None
                draft.saved_at = self._monotonic()
                pending = draft.dirty
                draft.first_unsaved = began if pending else None
            return SaveResult(key, True, snap.revision, pending=pending)

    def save_due(self, now: float | None = None) -> list[SaveResult]:
        return [self.save(key) for key in self.due(now)]

    def flush(self, keys: Iterable[Hashable] | None = None, *, stop_at_failure: bool = False) -> list[SaveResult]:
        """Save every unsaved draft now (on blur, item change and exit), retry timers or not.

        `stop_at_failure`: give up after the first failed save (on exit, where each attempt on a
        locked database waits out the busy timeout)."""
        with self._state:
            wanted = [d.key for d in self._drafts.values() if d.dirty and (keys is None or d.key in keys)]
        results = []
        for key in wanted:
            results.append(self.save(key))
            if stop_at_failure and not results[-1].ok:
                break
        return results

    def unsaved(self) -> list[Draft]:
        """The drafts not saved yet, for a rescue file."""
        with self._state:
            return [draft for draft in self._drafts.values() if draft.dirty]


# --------------------------------------------------------------------------------------------------
# Rescue files: unsaved notes that outlive the app

RESCUE_PREFIX = "rescue-"
RESCUE_SUFFIX = ".txt"
#: Starts the line before each note's text: this marker, then the note's details as JSON.
RESCUE_MARK = "=== "


@dataclass(frozen=True)
class Rescued:
    """One unsaved note, as a rescue file keeps it."""

    database: str  # the database file it belongs to, resolved
    session_id: int
    item_id: int | None
    writer: str
    title: str
    text: str
    follow_up: bool = False
    quote: bool = False
    #: The database's erasure count when the notes were opened (`kursrom.store.marks`): a rescue
    #: from before a later erasure may hold someone erased, and is not put back.
    erasures: int = 0


def rescue_text(notes: Sequence[Rescued], *, reason: str, when: datetime) -> str:
    """The rescue file: a header a facilitator can read, then each note's details and its text."""
    from kursrom.core.clock import OSLO

    lines = [
        _("kursrom: notes that could not be saved when the notes closed"),
        _("When: {when}").format(when=when.astimezone(OSLO).strftime("%d.%m.%Y %H:%M:%S")),
        _("Why: {reason}").format(reason=reason or "?"),
        _("Database: {path}").format(path=notes[0].database if notes else ""),
        _("Start kursrom on that database and open the session's notes: it offers to put them back. The file "
          "holds personal data: delete it once the notes are safe."),
        "",
    ]
    return "\n".join(lines) + _note_blocks(notes)


def _note_blocks(notes: Sequence[Rescued]) -> str:
    parts = []
    for note in notes:
        details = asdict(note)
        text = details.pop("text")
        details["chars"] = len(text)
        parts.append(f"\n{RESCUE_MARK}{json.dumps(details, ensure_ascii=False)}\n{text}\n")
    return "".join(parts)


def read_rescue(path: Path) -> list[Rescued]:
    """The notes in a rescue file. ValueError for a file that is not one (or is damaged)."""
    with open(path, encoding="utf-8", newline="") as handle:
        content = handle.read()
    notes, start = [], 0
    while (found := content.find("\n" + RESCUE_MARK, start)) >= 0:
        end = content.find("\n", found + 1)
        if end < 0:
            raise ValueError(f"{path}: a note without text")
        try:
            details = json.loads(content[found + 1 + len(RESCUE_MARK):end])
            chars = details.pop("chars")
            text = content[end + 1:end + 1 + chars]
            if len(text) != chars:
                raise ValueError(f"{path}: a note is cut short")
            notes.append(Rescued(text=text, **details))
        except (TypeError, KeyError, json.JSONDecodeError) as error:
            raise ValueError(f"{path}: {error}") from error
        start = end + 1 + chars
    return notes


def write_rescue(folders: Sequence[Path], notes: Sequence[Rescued], *, reason: str, when: datetime) -> Path:
    """Write the notes to a new `rescue-<time>.txt` (0600) in the first of `folders` that takes
    it. Raises OSError when none does (the caller then has the text printed)."""
    data = rescue_text(notes, reason=reason, when=when).encode("utf-8")
    stamp = when.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    failure: OSError | None = None
    for folder in dict.fromkeys(Path(f) for f in folders):
        try:
            path = _new_private_file(ensure_private_dir(folder), stamp, data)
        except OSError as error:
            failure = error
            continue
        return path
    raise failure or OSError("no folder for the rescue file")


def _new_private_file(folder: Path, stamp: str, data: bytes) -> Path:
    number = 1
    while True:
        path = folder / f"{RESCUE_PREFIX}{stamp}{'' if number == 1 else f'-{number}'}{RESCUE_SUFFIX}"
        try:
            _write_private(path, data)
        except FileExistsError:
            number += 1
            continue
        return path


def _write_private(path: Path, data: bytes) -> None:
    """A new file (never an existing one), 0600, synced; removed again if it cannot be written whole."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    except OSError:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise
    os.close(fd)


def rescue_folders(database: Path) -> list[Path]:
    """Where rescue files of `database` go, in order: beside it, then the user's data folder."""
    from kursrom.paths import user_data_dir

    return [Path(database).resolve().parent, user_data_dir()]


def rewrite_rescue(path: Path, notes: Sequence[Rescued]) -> None:
    """Put `notes` in place of the notes in a rescue file (its header stays), or delete the file when
    none are left; the old bytes are overwritten first. For erasure: a rescue file must not keep a
    person who was erased."""
    if not notes:
        _wipe(path)
        path.unlink(missing_ok=True)
        return
    content = path.read_text(encoding="utf-8")
    header = content[:content.find("\n" + RESCUE_MARK)] if "\n" + RESCUE_MARK in content else content
    data = (header + _note_blocks(notes)).encode("utf-8")
    # A hidden name that `find_rescues` does not see: a copy left by a crash is never offered.
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{os.urandom(4).hex()}.tmp")
    try:
        _write_private(temporary, data)
        _wipe(path)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _wipe(path: Path) -> None:
    """Overwrite a file's bytes with zeros before it goes (where the file system writes in place)."""
    try:
        size = path.stat().st_size
        with open(path, "r+b") as handle:
            handle.write(bytes(size))
            handle.flush()
            os.fsync(handle.fileno())
    except FileNotFoundError:
        pass


def find_rescues(folders: Sequence[Path], database: Path) -> list[tuple[Path, list[Rescued]]]:
    """Rescue files in `folders` holding notes of `database`, oldest first, with their notes.
    Files that cannot be read are left out (and left alone)."""
    wanted = str(Path(database).resolve())
    found = []
    for folder in dict.fromkeys(Path(f) for f in folders):
        try:
            candidates = sorted(folder.glob(f"{RESCUE_PREFIX}*{RESCUE_SUFFIX}"))
        except OSError:
            continue
        for path in candidates:
            try:
                notes = read_rescue(path)
            except (OSError, ValueError, UnicodeDecodeError):
                continue
            if notes and all(note.database == wanted for note in notes):
                found.append((path, notes))
    return found


def merged(stored: str, rescued: str) -> str:
    """What a note becomes when rescued text is put back: nothing typed on either side is dropped.
    The rescued draft usually continues the stored text; when both went their own way, the rescued
    text follows the stored one after a blank line."""
    if not stored or rescued.startswith(stored):
        return rescued
    if rescued in stored:
        return stored
    return stored.rstrip("\n") + "\n\n" + rescued
