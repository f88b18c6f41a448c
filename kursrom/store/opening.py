"""How the app opens its database: the list of rounds on screen before SQLAlchemy has loaded, and
nothing written before every page of the file has been read and found sound.

Importing SQLAlchemy, SQLModel and the models takes about half a second in a fresh process; reading
the whole file (`PRAGMA integrity_check`) 0.7 s on five years of courses. Neither is needed to show
what the file holds, so the app asks in steps, the later ones in its worker thread:

0. `quick_rows()`, before the first frame: the file's header, application id and schema are
   checked and the rounds read with sqlite3, all but the attendance share (milliseconds, even on
   five years). After an unclean shutdown (a log left behind) it reads nothing: the whole file must
   be checked first, and that is for the worker.
1. `first_rows()`, in the worker: the same checks (and the whole file after an unclean shutdown),
   then the whole list with the share.
2. `opener()`: every page of the file is read in a thread of its own (`PRAGMA quick_check`: a
   quarter of a second on five years, done before the import is; SQLite does it without holding
   Python's lock) while this thread imports the ORM; only a file that passed is opened as a store,
   so a damaged file is refused before anything (even the journal mode) is written to it. The
   full `integrity_check` (indexes against their tables too, three times as long) is for
   `kursrom check`, the other commands, and a start after an unclean shutdown.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from kursrom.core.clock import Clock
from kursrom.store import fileguard
from kursrom.store.overview import RoundRow, round_rows_at

if TYPE_CHECKING:
    from kursrom.core.catalog import Catalog
    from kursrom.store.db import Store


class StoreOpener:
    """Opens the database at `path` for the app: `first_rows()` first, then call it for the store."""

    def __init__(self, path: Path, clock: Clock | None = None) -> None:
        self.path = Path(path)
        self.clock = clock
        self._checked = False

    def quick_rows(self) -> list[RoundRow] | None:
        """The rounds without the attendance share, or None (see the module's docstring)."""
        path = self.path
        if not (path.exists() or path.is_symlink()) or fileguard.log_left(path):
            return None
        if fileguard.inspect_file(path, integrity=False) != fileguard.SCHEMA_VERSION:
            return None
        return round_rows_at(fileguard.database_uri(path, immutable=not fileguard.has_live_log(path)),
                             count_shares=False)

    def first_rows(self) -> list[RoundRow] | None:
        """The home screen's list, read without the ORM; None when there is nothing to read yet (a
        new file, or one whose schema the store will update). Raises StoreError for a file kursrom
        refuses."""
        path = self.path
        if not (path.exists() or path.is_symlink()):
            return None
        self._checked = fileguard.log_left(path)  # inspect_file checks the whole file then
        version = fileguard.inspect_file(path, integrity=self._checked)
        if version != fileguard.SCHEMA_VERSION:
            return None
        unchanged = not fileguard.log_left(path) and not fileguard.has_live_log(path)
        return round_rows_at(fileguard.database_uri(path, immutable=unchanged))

    def __call__(self) -> Store:
        failure: list[BaseException] = []
        checking = None
        if not self._checked and self.path.exists():
            def check() -> None:
                try:
                    fileguard.check_integrity(self.path, quick=True)
                except BaseException as error:  # noqa: BLE001 - handed to the caller's thread
                    failure.append(error)

            checking = threading.Thread(target=check, name="kursrom-integrity", daemon=True)
            checking.start()
        from kursrom.store.db import open_store  # the ORM's import, while SQLite reads the file

        if checking is not None:
            checking.join()
            if failure:
                raise failure[0]
        return open_store(self.path, self.clock, full_check=False)


class DemoOpener(StoreOpener):
    """`kursrom demo`: its list read ahead as any file's, then the demo opened (built anew in a new
    file or with `reset`, which has nothing to read ahead). Opening may plan a session whose time
    has passed around now: the list shows what the file holds until then, and the new time once
    the store is open, as it shows any change."""

    def __init__(self, path: Path, catalog: Catalog, *, reset: bool = False) -> None:
        super().__init__(path)
        self.catalog = catalog
        self.reset = reset

    def quick_rows(self) -> list[RoundRow] | None:
        return None if self.reset else super().quick_rows()

    def first_rows(self) -> list[RoundRow] | None:
        return None if self.reset else super().first_rows()

    def __call__(self) -> Store:
        from kursrom.store.demo import open_demo_store  # the ORM's import, in the app's worker

        # The whole file once: `first_rows` has checked it already after an unclean shutdown.
        return open_demo_store(self.path, self.catalog, reset=self.reset, full_check=not self._checked)
