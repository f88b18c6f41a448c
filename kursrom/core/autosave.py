"""Autosave for notes: when to save, what to save, and what to do when a save fails. Plain Python.

The notes pane tells the `Autosaver` about every edit; a display timer asks it which drafts are
due; a worker thread calls `save`. A draft is due when typing has paused for `idle` seconds, or
when unsaved text has waited `max_wait` seconds (so a long stretch of typing is still saved every
second). A failed save (database locked for too long, disk full, read-only file) keeps the text,
records why, and makes the draft due again after `retry` seconds, for ever, until it succeeds.

Saves never overtake each other: they run one at a time and each writes the newest text at the
moment it starts, so a slow save finishing late can never put older text over newer.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

#: Seconds of no typing after which a draft is saved.
IDLE_SECONDS = 0.4
#: Unsaved text is saved at the latest this long after its first unsaved edit.
MAX_WAIT_SECONDS = 1.0
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

    def flush(self, keys: Iterable[Hashable] | None = None) -> list[SaveResult]:
        """Save every unsaved draft now (on blur, item change and exit), retry timers or not."""
        with self._state:
            wanted = [d.key for d in self._drafts.values() if d.dirty and (keys is None or d.key in keys)]
        return [self.save(key) for key in wanted]
