"""Kill -9 in the middle of a session, in a real terminal, while notes are being typed; then open
again: the same session, the same item, the timer right, and the notes saved up to the last second.

The app runs as `python -m kursrom --db PATH demo` in a pseudo-terminal of 100x30; the test types
into it byte by byte as a terminal would, and kills it with SIGKILL.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from kursrom.core.clock import Clock
from kursrom.store import live

# The pty helpers are shared with the crash suite in tests/faults.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "faults"))
from ptyapp import Terminal, app_env, kursrom_argv, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")]

F2 = b"\x1bOQ"


@pytest.fixture
def crash_db(tmp_path, catalog):
    """A demo database whose session 1 is running, as a facilitator left it."""
    from kursrom.store.demo import open_demo_store
    from kursrom.store.rounds import list_rounds, sessions_of

    path = tmp_path / "crash.sqlite"
    store = open_demo_store(path, catalog, Clock())
    session_id = sessions_of(store, list_rounds(store)[0].id)[0].id
    live.start_session(store, session_id)
    store.close()
    return path, session_id


async def test_sigkill_while_typing_notes_then_resume(crash_db, tmp_path, catalog):
    path, session_id = crash_db
    home = tmp_path / "home"
    home.mkdir()
    term = Terminal(kursrom_argv(path, "demo"), app_env(home, 100, 30), cwd=home, cols=100, rows=30)
    try:
        # The app opens the database and goes straight back into the running session.
        wait_for(lambda: term.seen("Agenda"), 30, "the live screen")
        time.sleep(0.5)
        from kursrom.store.db import open_store

        watcher = open_store(path, Clock())
        items = live.load(watcher, session_id).items
        term.write(b"n")  # on to the second item
        wait_for(lambda: live.current_item_id(watcher, session_id)[1] == items[1].id, 10, "the next item")
        moved_at = time.monotonic()
        term.write(F2)
        time.sleep(0.3)
        first = "Åse: vil prøve lager. "
        for char in first:
            term.write(char.encode())
            time.sleep(0.03)
        time.sleep(1.5)  # past the autosave window: all of this must be on disk
        writer = live.note_writer("live")
        wait_for(lambda: (live.note_of(watcher, session_id, items[1].id, writer) or
                          type("N", (), {"text": ""})).text == first, 5, "the first sentence saved")
        # Keep typing, and pull the plug in the middle of it.
        second = "Jonas trenger en pause hvert kvarter, og han sier fra selv. Følg opp med NAV-veileder."
        typed_at: list[float] = []
        for char in second:
            term.write(char.encode())
            typed_at.append(time.monotonic())
            time.sleep(0.04)
        status = term.kill()
        killed_at = time.monotonic()
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    finally:
        try:
            term.kill()
        except OSError:
            pass

    # Reopen the database: the session runs at the second item, the notes are there.
    snapshot = live.load(watcher, session_id)
    assert snapshot.session.status == "running"
    assert snapshot.session.current_item_id == items[1].id
    note = live.note_of(watcher, session_id, items[1].id, writer)
    assert note.text.startswith(first)
    kept = note.text[len(first):]
    assert second.startswith(kept), "nothing but a tail can be missing"
    lost = typed_at[len(kept):]
    print(f"kept {len(kept)} of {len(second)} characters; lost the last {len(lost)}")
    assert not lost or killed_at - lost[0] <= 1.6, (
        f"only the last second of typing may be lost; lost {len(lost)} characters, the first typed "
        f"{killed_at - lost[0]:.2f} s before the kill")
    # The timer is right: the second item has run since "n" was pressed, to within a second.
    time_now = snapshot.timing(Clock().now()).times[items[1].id]
    assert time_now.running
    assert abs(time_now.elapsed - (time.monotonic() - moved_at)) < 1.0

    # And the app, opened again, shows exactly that.
    from kursrom.app import make_app

    app = make_app(catalog, watcher, clock=Clock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert type(screen).__name__ == "LiveSessionScreen"
        assert screen.snapshot.session.current_item_id == items[1].id
        assert screen.query_one("#notes").area.text == note.text
        shown = screen.timing.times[items[1].id]
        assert abs(shown.elapsed - (time.monotonic() - moved_at)) < 1.0
    watcher.close()
