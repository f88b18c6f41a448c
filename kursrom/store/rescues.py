"""Rescue files obey erasure: notes kept outside the database when it could not be written
(`kursrom.core.autosave`) lose an erased person as the database does. A note about them alone goes,
their name goes from the others, the files are stamped with the new erasure count (older ones are
never offered back), and a file with nothing left is deleted.

What the notes become is worked out before the database changes (who a note tags needs the roster
as it was) and written after the database has committed (`RescueFiles.apply`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from kursrom.core.autosave import Rescued, find_rescues, rescue_folders, rewrite_rescue


@dataclass
class RescueFiles:
    """The rescue files of one database, each with its notes as they are to become."""

    files: list[tuple[Path, list[Rescued]]] = field(default_factory=list)
    #: Files that could not be rewritten or deleted (they may still hold the person).
    failed: list[Path] = field(default_factory=list)

    @classmethod
    def of(cls, database: Path) -> RescueFiles:
        try:
            return cls([(path, notes) for path, notes in find_rescues(rescue_folders(database), database)])
        except OSError:
            return cls()

    @property
    def notes(self) -> list[Rescued]:
        return [note for _path, notes in self.files for note in notes]

    def change(self, how: Callable[[Path, Rescued], Rescued | None]) -> None:
        """Each note as `how` makes it; None: the note goes."""
        self.files = [(path, [new for new in (how(path, note) for note in notes) if new is not None])
                      for path, notes in self.files]

    @property
    def deleted(self) -> list[Path]:
        return [path for path, notes in self.files if not notes and path not in self.failed]

    @property
    def rewritten(self) -> list[Path]:
        return [path for path, notes in self.files if notes and path not in self.failed]

    def apply(self, erasures: int) -> None:
        """Write the notes back, stamped with the database's erasure count after this erasure."""
        for path, notes in self.files:
            try:
                rewrite_rescue(path, [replace(note, erasures=erasures) for note in notes])
            except OSError:
                self.failed.append(path)


def session_rounds(conn: sqlite3.Connection, session_ids: Iterable[int]) -> dict[int, int]:
    """The round of each of these sessions that still exists."""
    wanted = sorted(set(session_ids))
    if not wanted:
        return {}
    marks = ", ".join("?" for _session in wanted)
    return dict(conn.execute(f"SELECT id, round_id FROM course_session WHERE id IN ({marks})", wanted).fetchall())
