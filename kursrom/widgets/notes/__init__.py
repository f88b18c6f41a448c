"""The co-facilitator's notes: a note per agenda item, saved by itself, with @name tags and
follow-up / quote flags. Used by the live-session screen and by `kursrom notes`.

- `pane`: the `NotesPane` the screens place; it saves through `kursrom.core.autosave.Autosaver`.
- `area` and `picker`: the note's text field and the @-name picker that completes tags in it.
- `rescue`: unsaved notes kept in a rescue file (or on stderr) when the pane closes while saving
  fails; `announce_rescued` tells about them at start-up, Ctrl+R in the pane puts them back.

The browser of earlier notes (F5) is a screen: `kursrom.screens.notes_browser`.
"""

from kursrom.widgets.notes.area import NoteArea
from kursrom.widgets.notes.pane import NotesPane
from kursrom.widgets.notes.picker import TAG_QUERY, NamePicker, matching
from kursrom.widgets.notes.rescue import announce_rescued, print_rescued, rescue_folders

__all__ = ["TAG_QUERY", "NamePicker", "NoteArea", "NotesPane", "announce_rescued", "matching", "print_rescued",
           "rescue_folders"]
