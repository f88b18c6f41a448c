"""Two processes on one database for 30 seconds: the facilitator's side (the store API as the live
screen uses it: agenda moves, attendance marks, notes through the autosaver) and the real
`kursrom notes` app, headless, following the current item and typing into it. Nothing lost, no
"database is locked"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlmodel import select

from kursrom.core.clock import Clock
from kursrom.store import live
from kursrom.store.models import AttendanceEvent

pytestmark = pytest.mark.slow

WORKER = Path(__file__).with_name("two_process_worker.py")
ROOT = Path(__file__).resolve().parents[2]
SECONDS = 30


def test_two_terminals_write_notes_for_thirty_seconds(tmp_path, catalog):
    from kursrom.store.demo import open_demo_store
    from kursrom.store.rounds import list_rounds, sessions_of

    path = tmp_path / "shared.sqlite"
    store = open_demo_store(path, catalog, Clock(), tour=False)
    session_id = sessions_of(store, list_rounds(store)[0].id)[0].id
    live.start_session(store, session_id)
    store.close()

    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(tmp_path), KURSROM_LANG="nb")
    deadline = time.time() + SECONDS
    run = lambda role: subprocess.Popen(  # noqa: E731
        [sys.executable, str(WORKER), role, str(path), str(deadline)], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    facilitator, notes = run("facilitator"), run("notes")
    out_f, err_f = facilitator.communicate(timeout=SECONDS + 60)
    out_n, err_n = notes.communicate(timeout=SECONDS + 60)
    assert facilitator.returncode == 0, err_f[-3000:]
    assert notes.returncode == 0, err_n[-3000:]
    assert "locked" not in err_f + err_n
    result_f = json.loads(out_f.strip().splitlines()[-1])
    result_n = json.loads(out_n.strip().splitlines()[-1])

    assert result_f["failures"] == [] and result_n["failures"] == [], "no save ever failed"
    assert not result_f["unsaved"]
    assert result_f["moves"] >= 15, "the facilitator moved through the agenda all along"
    assert result_n["followed"] >= 5, "the notes window followed the facilitator's items"

    from kursrom.store.db import open_store

    store = open_store(path, Clock())
    try:
        for role, result in (("live", result_f), ("notes", result_n)):
            writer = live.note_writer(role)
            typed = {int(item): text for item, text in result["typed"].items()}
            assert sum(len(t) for t in typed.values()) > 1000
            for item_id, text in typed.items():
                stored = live.note_of(store, session_id, item_id, writer)
                assert stored is not None and stored.text == text, f"{role}: item {item_id} lost text"
        with store.read() as db:
            marks = len(list(db.exec(select(AttendanceEvent))))
        assert marks == result_f["marks"]
    finally:
        store.close()
