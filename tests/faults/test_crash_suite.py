"""The crash suite: the installed kursrom in a real 80x24 terminal, killed with SIGKILL at a seeded
random moment while typing notes, marking attendance, changing the agenda and exporting (six
kills). After each: `PRAGMA integrity_check` is ok, and everything done more than a second before
the kill is in the database (see scenarios.py for how that is proved). `benchmarks/crashes.py`
runs the same scenarios 50+ times; `python benchmarks/crashes.py agenda:11` replays one seed.
"""

from __future__ import annotations

import sys

import pytest

from scenarios import (
    Template, agenda_kill, attendance_kill, export_half_write_kill, export_kill, export_reference, notes_kill,
    scratch,
)

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")]


@pytest.fixture(scope="module")
def template(tmp_path_factory, catalog):
    return Template(tmp_path_factory.mktemp("crash-template"), catalog)


def passed(outcome) -> None:
    print(outcome)
    assert outcome.ok, str(outcome)


def test_kill_while_typing_notes(template, tmp_path):
    outcome = notes_kill(tmp_path, template, seed=2)
    passed(outcome)
    assert outcome.sent > 20 and outcome.kept > 0, "the kill came in the middle of real typing"


async def test_kill_while_marking_attendance(template, tmp_path):
    outcome = await attendance_kill(tmp_path, template, seed=5)
    passed(outcome)
    assert outcome.detail["marks"] > 3


@pytest.mark.parametrize("seed", [4, 11])
async def test_kill_while_moving_skipping_and_inserting_agenda_items(template, tmp_path, seed):
    outcome = await agenda_kill(tmp_path, template, seed=seed)
    passed(outcome)
    assert outcome.detail["changes"] > 0, "the keys changed the agenda before the kill"


def test_kill_while_exporting(template, tmp_path):
    reference, timing = export_reference(scratch(tmp_path / "reference"), template)
    assert len(reference) == 3
    # Killed with half of the first file written: only a hidden temporary holds the half.
    passed(export_half_write_kill(scratch(tmp_path / "mid-write"), template, reference))
    # Killed at a random moment while it writes: whatever has a final name is whole.
    passed(export_kill(scratch(tmp_path / "random"), template, 1, reference, timing))


def test_kill_while_typing_is_held_back_then_the_next_start_puts_it_in_the_notes(template, tmp_path):
    """Typing that reached the live screen, not the notes (F2 never pressed), is held back; the
    kill leaves it in a rescue file, and the next start's Ctrl+R in the notes puts it there."""
    import time

    from ptyapp import wait_for
    from scenarios import _query, _start

    from kursrom.core.autosave import find_rescues, rescue_folders
    from kursrom.i18n import _
    from kursrom.store.live import note_writer

    db = template.copy(tmp_path / "kursrom.sqlite")
    typed = "Åse vil ha praksis på lager"
    term = _start(tmp_path, db)
    try:
        for char in typed:
            term.press(char)
            time.sleep(0.08)
        term.wait_seen(_("Typing held back:"), 10)
        time.sleep(1.0)  # what was typed a second before the kill must survive it
        term.kill()
    finally:
        term.kill()
    found = find_rescues(rescue_folders(db), db)
    assert [note.text for _path, notes in found for note in notes] == [typed]

    def stored() -> str:
        rows = _query(db, "SELECT n.text FROM note n JOIN course_session s ON s.id = n.session_id "
                          "WHERE n.item_id = s.current_item_id AND n.terminal = ?", (note_writer("live"),))
        return rows[0][0] if rows else ""

    term = _start(tmp_path, db)
    try:
        term.press("f2")
        time.sleep(0.3)
        term.press("ctrl+r")
        wait_for(lambda: typed in stored(), 20, "the held text in the notes")
        wait_for(lambda: not find_rescues(rescue_folders(db), db), 20, "the rescue file to go")
    finally:
        term.kill()
