"""The one way the interface writes to the store.

Every screen, dialog and exercise panel writes with `self.write(function, *args, on_saved=...)`
(from `AppServices`), which calls `function(store, *args)`:

- off the UI thread, so a database locked by another program never freezes the screen for the
  store's busy timeout;
- one write at a time, in the order they were asked for, so a later write never overtakes an
  earlier one that is waiting to be retried;
- with `StoreError` caught: the facilitator is told once, with the error's sentence. A lock or a
  full disk passes, so such a write is tried again every `RETRY_SECONDS` until it succeeds, and the
  facilitator is told when it is saved; a read-only or missing file fails once;
- and the caller's `on_saved(result)` runs on the UI thread after success only, so a caller keeps
  what was typed on screen (and clears it, or moves on, in `on_saved`). `clears=` does the common
  case: an input is emptied once its text is saved, unless the facilitator changed it meanwhile.

A refusal from the store (a `LiveError`, a `PlanningError`: "the session is not running") goes to
`on_refused` (which returns False to leave it to the writer), or is shown as a warning; anything
else is logged and told in one sentence. Nothing a write raises can end the app.

When the app closes, the writes still queued (a panel saves as it is taken down) get one last
attempt each before the store is closed (`finish`).
"""

from __future__ import annotations

import asyncio
import copy
import logging
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kursrom.i18n import _
from kursrom.store.errors import SQLITE_ERRORS, StoreError, store_error
from kursrom.widgets.services import one_per_app

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.widgets import Input

#: Seconds between attempts while the database is locked or the disk full: soon enough that a
#: released lock is noticed before the facilitator wonders, rare enough to cost nothing.
RETRY_SECONDS = 2.5

log = logging.getLogger(__name__)


@dataclass
class Write:
    """One write the interface asked for."""

    function: Callable[..., Any]
    args: tuple
    kwargs: dict
    owner: DOMNode
    on_saved: Callable[[Any], None] | None = None
    on_failed: Callable[[StoreError], None] | None = None
    on_refused: Callable[[Exception], None] | None = None
    clears: list[tuple[Input, str]] = field(default_factory=list)  # (input, the text it held)
    attempts: int = 0
    future: Future | None = None  # the latest attempt, in the writer's thread


class StoreWriter:
    """The app's queue of writes: one at a time, in order, each in a thread."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.retry_seconds = RETRY_SECONDS
        # One thread: the writes run there one after the other, and at the app's end the writes
        # still queued line up behind the one under way.
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kursrom-write")
        self._queue: deque[Write] = deque()
        self._draining = False
        #: Set while no attempt is under way (the queue is empty, or waits to retry): for tests.
        self._quiet = asyncio.Event()
        self._quiet.set()
        #: The error the first write in the queue is waiting out, if any.
        self.waiting: StoreError | None = None
        self._told = ""  # the last failure shown, until a write succeeds

    # -- asking --------------------------------------------------------------------------------------

    def write(self, owner: DOMNode, function: Callable[..., Any], *args: Any, on_saved=None,  # noqa: ANN001
              on_failed=None, on_refused=None, clears: Input | Sequence[Input] = (), **kwargs: Any) -> Write:  # noqa: ANN001
        inputs = [clears] if not isinstance(clears, Sequence) else list(clears)
        job = Write(function, tuple(_copy(value) for value in args),
                    {key: _copy(value) for key, value in kwargs.items()},
                    owner, on_saved, on_failed, on_refused, [(box, box.value) for box in inputs])
        self._queue.append(job)
        if not self._draining and self.app.is_running:  # while the app closes, `finish` writes it
            self._draining = True
            self._quiet.clear()
            self.app.run_worker(self._drain(), group="store-writes", exit_on_error=False)
        return job

    def holds(self, box: Input) -> bool:
        """Whether a write still to be saved will clear `box`, which shows the same text: pressing
        Enter again would only repeat what is already on its way."""
        return any(kept is box and text == box.value for job in self._queue for kept, text in job.clears)

    @property
    def pending(self) -> int:
        return len(self._queue)

    @property
    def attempting(self) -> bool:
        """Whether a write is under way in the writer's thread right now."""
        head = self._queue[0] if self._queue else None
        return head is not None and head.future is not None and not head.future.done()

    async def settled(self, timeout: float = 10.0) -> None:
        """Wait until no write is being attempted (all saved, or waiting to retry)."""
        await asyncio.wait_for(self._quiet.wait(), timeout)

    async def drained(self, timeout: float = 30.0) -> None:
        """Wait until every write asked for is done with (saved, failed or refused)."""
        async with asyncio.timeout(timeout):
            while self._queue:
                await asyncio.sleep(0.02)

    # -- running ---------------------------------------------------------------------------------------

    async def _drain(self) -> None:
        try:
            while self._queue:
                then = await self._run(self._queue[0])
                self._queue.popleft()  # done with before its callbacks run: a failing one cannot repeat it
                then()
        finally:
            self._draining = False
            self.waiting = None
            self._quiet.set()

    async def _run(self, job: Write) -> Callable[[], None]:
        """Attempt `job` until it is saved, fails for good or is refused; what to do then."""
        store = self.app.store  # type: ignore[attr-defined]
        while True:
            self._quiet.clear()
            job.attempts += 1
            try:
                result = await self._attempt(job, store)
            except (StoreError, *SQLITE_ERRORS) as raised:  # an OSError is an export's file, not the database
                error = store_error(raised, store.path)
                if not error.retryable:
                    self.waiting = None
                    if str(error) != self._told:  # once, not for each of the writes queued behind it
                        self.app.notify(" ".join((str(error), _("This change was not saved."))), severity="error",
                                        timeout=12, markup=False)
                    self._told = str(error)
                    return partial(self._call, job, job.on_failed, error)
                if self.waiting is None:  # once for a stretch of failures, not at every attempt
                    kept = _("What you entered is kept, and kursrom keeps trying to save it.")
                    self.app.notify(f"{error} {kept}", severity="warning", timeout=12, markup=False)
                self.waiting = error
                self._quiet.set()
                await asyncio.sleep(self.retry_seconds)
                continue
            except Exception as refused:  # noqa: BLE001 - a refusal or a bug: never the end of the app
                return partial(self._refused, job, refused)
            self._told = ""
            if self.waiting is not None:
                self.waiting = None
                self.app.notify(_("Saved: what was waiting is stored now."), timeout=6)
            for box, text in job.clears:
                if box.is_attached and box.value == text:
                    box.value = ""
            return partial(self._call, job, job.on_saved, result)

    def _attempt(self, job: Write, store: Any) -> asyncio.Future:
        job.future = self._thread.submit(partial(job.function, store, *job.args, **job.kwargs))
        return asyncio.wrap_future(job.future)

    def finish(self) -> None:
        """At the app's end, before the store closes: wait for the write under way, and give each
        write still queued one more attempt. What fails now can only be logged."""
        store = getattr(self.app, "store", None)
        while self._queue and store is not None:
            job = self._queue.popleft()
            done = job.future is not None and not job.future.cancelled()
            try:
                if done and job.future.exception() is None:  # waits for it, if it is under way
                    continue
                self._attempt(job, store)
                job.future.result()
            except Exception as error:  # noqa: BLE001 - the app is closing; nobody can be told
                log.error("a write was lost as the app closed: %s", store_error(error, store.path)
                          if isinstance(error, SQLITE_ERRORS) else error)
        self._thread.shutdown(wait=True)

    def _refused(self, job: Write, refused: Exception) -> None:
        def handle() -> None:
            if job.on_refused is None or job.on_refused(refused) is False:
                self._tell(refused)

        if job.on_refused is not None and self._present(job.owner):
            job.owner.call_next(handle)
        else:
            self._tell(refused)

    def _tell(self, refused: Exception) -> None:
        if _is_refusal(refused):
            self.app.notify(str(refused), severity="warning", markup=False)
        else:
            log.error("a write from the interface failed", exc_info=refused)
            self.app.notify(_("The change could not be saved because of an error in kursrom ({kind}).").format(
                kind=type(refused).__name__), severity="error", timeout=12, markup=False)

    def _call(self, job: Write, callback: Callable[[Any], Any] | None, value: Any) -> None:
        """Run a caller's callback in the caller's own queue, unless it has left the screen. (An
        error in it is a bug in the caller, and shows as one.)"""
        if callback is not None and self._present(job.owner):
            job.owner.call_next(callback, value)

    @staticmethod
    def _present(owner: DOMNode) -> bool:
        return owner is owner.app or owner.is_attached


def _is_refusal(error: Exception) -> bool:
    """The store's own refusals carry a sentence for the facilitator."""
    from kursrom.store.live import LiveError
    from kursrom.store.rounds import PlanningError

    return isinstance(error, (LiveError, PlanningError))


def _copy(value: Any) -> Any:
    """Dicts and lists as they are now: the panel may change its own on the next key, and the write
    must store what was there when it was asked for (nor may a thread read a dict the UI changes)."""
    return copy.deepcopy(value) if isinstance(value, (dict, list, set)) else value


def writer_of(app: App) -> StoreWriter:
    """The app's one writer (`one_per_app`)."""
    return one_per_app(app, "_kursrom_writer", StoreWriter)


def finish_writes(app: App) -> None:
    """For the app's unmount: the last writes, before the store closes."""
    writer = getattr(app, "_kursrom_writer", None)
    if writer is not None:
        writer.finish()


async def settle_writes(app: App) -> bool:
    """Wait until the app's writes are saved or wait to be retried (for tests, which drive the app
    faster than a person). Whether there was anything to wait for."""
    writer = getattr(app, "_kursrom_writer", None)
    if writer is None or not writer.pending:
        return False
    await writer.settled()
    return True
