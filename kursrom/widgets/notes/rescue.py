"""Where the notes pane keeps what it could not save when it closed, and how it finds it again.

The rescue file itself (its format, 0600, `rescue-<time>.txt`) is `kursrom.core.autosave`'s; this
module picks its folders, tells the facilitator about it, and prints the text to stderr after the
app has closed when no file can be written at all.

A rescue older than the database's last erasure (`kursrom forget`, `kursrom purge`: they rewrite the
rescue files they find) is never offered back: it may hold someone who was erased.
"""

from __future__ import annotations

import atexit
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kursrom.core import autosave
from kursrom.core.autosave import Rescued, find_rescues, rescue_text, write_rescue
from kursrom.i18n import _

if TYPE_CHECKING:
    from textual.app import App

    from kursrom.store.db import Store


def rescue_folders(store: Store) -> list[Path]:
    """Where rescue files go, in order: beside the database, then the user's data folder."""
    return autosave.rescue_folders(store.path)


def erasures_now(store: Store) -> int | None:
    """The database's erasure count; None when it cannot be read (then nothing is offered back)."""
    from kursrom.store.marks import erasure_count

    try:
        return erasure_count(store)
    except Exception:  # noqa: BLE001 - a database that cannot be read offers nothing back
        return None


def _offered(notes: Sequence[Rescued], erasures: int | None) -> bool:
    return erasures is not None and all(note.erasures >= erasures for note in notes)


def announce_rescued(app, store: Store) -> None:  # noqa: ANN001 - a KursromApp
    """At start-up: say where notes rescued from an earlier run of this database are kept."""
    try:
        found = find_rescues(rescue_folders(store), store.path)
    except OSError:
        return
    erasures = erasures_now(store)
    offered = [path for path, notes in found if _offered(notes, erasures)]
    withheld = [path for path, notes in found if not _offered(notes, erasures)]
    if offered:
        app.notify(_("Notes that could not be saved when kursrom last closed are kept in {path}. Open the "
                     "session's notes (F2) and press Ctrl+R to put them back.").format(path=offered[-1]),
                   severity="warning", timeout=20)
    if withheld:
        app.notify(_("Notes kept in {path} were written before someone was erased from this database, so "
                     "kursrom does not put them back: read the file, then delete it.").format(path=withheld[-1]),
                   severity="warning", timeout=20)


def rescues_of(store: Store, session_id: int, writer: str) -> list[tuple[Path, list[Rescued]]]:
    """Rescue files of this database holding only notes of this session and writer, with their
    notes; none from before the database's last erasure."""
    try:
        found = find_rescues(rescue_folders(store), store.path)
    except OSError:
        return []
    erasures = erasures_now(store)
    return [(path, notes) for path, notes in found if _offered(notes, erasures)
            and all(n.session_id == session_id and n.writer == writer for n in notes)]


def keep_unsaved(app: App, store: Store, notes: Sequence[Rescued], reason: str) -> Path | None:
    """Keep notes that could not be saved in a rescue file and say where; if even that fails, have
    them printed to stderr when the app has closed. Returns the file, or None."""
    when = app.clock.now()
    try:
        path = write_rescue(rescue_folders(store), notes, reason=reason, when=when)
    except OSError as error:
        text = rescue_text(notes, reason=f"{reason}; {error}", when=when)
        atexit.register(print_rescued, text)
        app.notify(_("The notes could not be saved or kept in a file ({error}); their text is printed "
                     "when kursrom closes.").format(error=error), severity="error", timeout=30)
        return None
    app.notify(_("The notes could not be saved ({error}); they are kept in {path}.").format(
        error=reason, path=path), severity="error", timeout=30)
    return path


def delete_rescue_files(paths: Iterable[Path]) -> None:
    """Once their notes are saved: the files hold personal data. One that will not go stays."""
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass


def print_rescued(text: str) -> None:
    """At exit, after the app has given the terminal back: the notes nothing else could keep."""
    print(text, file=sys.stderr, flush=True)
