"""The live session's core and store modules import no Textual, and every interface string this
area adds has a bokmål translation in `i18n/live.nb.po` (or the main catalogue)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ("kursrom.core.timing", "kursrom.core.autosave", "kursrom.store.live")
UI_FILES = (
    "kursrom/core/timing.py", "kursrom/core/autosave.py", "kursrom/store/live.py", "kursrom/screens/live.py",
    "kursrom/screens/checkin.py", "kursrom/screens/notes_only.py", "kursrom/widgets/timer.py",
    "kursrom/widgets/agenda.py", "kursrom/widgets/notes.py", "kursrom/widgets/attendance.py",
    "kursrom/commands/notes.py",
)


@pytest.mark.parametrize("module", CORE)
def test_core_modules_do_not_import_textual(module):
    code = f"import sys, {module}; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "False"


def test_every_string_of_the_live_session_is_translated_to_bokmal():
    from babel.messages.extract import extract_from_file
    from babel.messages.pofile import read_po

    known: dict[str, str] = {}
    for source in [ROOT / "kursrom/locale/nb/LC_MESSAGES/kursrom.po", ROOT / "i18n/live.nb.po"]:
        if source.is_file():
            with open(source, "rb") as handle:
                for message in read_po(handle, locale="nb"):
                    if message.id and message.string:
                        known.setdefault(message.id, message.string)
    missing = []
    for name in UI_FILES:
        for _line, message, _comments, _context in extract_from_file(
                "python", ROOT / name, keywords={"_": None, "N_": None, "ngettext": (1, 2)}):
            if message not in known:
                missing.append(f"{name}: {message!r}")
    assert not missing, "\n".join(missing)
