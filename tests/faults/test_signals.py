"""A closed terminal (SIGHUP) or a polite kill (SIGTERM) in the middle of typing: the app leaves as
it does on ctrl+q, so the note is saved whole although the autosave had no time to run."""

from __future__ import annotations

import os
import signal
import sys
import time

import pytest

from ptyapp import wait_for
from scenarios import Template, _query, _start

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")]


@pytest.fixture(scope="module")
def template(tmp_path_factory, catalog):
    return Template(tmp_path_factory.mktemp("signal-template"), catalog)


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_a_signal_while_typing_saves_the_note_on_the_way_out(template, tmp_path, signum):
    from kursrom.store.live import note_writer

    db = template.copy(tmp_path / "kursrom.sqlite")
    term = _start(tmp_path, db)
    try:
        term.press("f2")
        time.sleep(0.3)
        text = "Olena vil ha praksis på lager"
        for char in text:
            term.press(char)
        time.sleep(0.15)  # the app has read the keys; its autosave waits 0.6 s, so it has not run
        os.kill(term.pid, signum)
        wait_for(lambda: not term.alive(), 15, "the app to leave")
        assert os.WIFEXITED(term.status), "the app left by itself, it was not killed by the signal"
    finally:
        term.kill()
    rows = _query(db, "SELECT n.text FROM note n JOIN course_session s ON s.id = n.session_id "
                      "WHERE s.id = ? AND n.item_id = s.current_item_id AND n.terminal = ?",
                  (template.session_id, note_writer("live")))
    assert rows and rows[0][0] == text
