"""Both writers visible (issue 14), with two real processes: the co-facilitator's `kursrom notes` app
types a sentence key by key in one process; the facilitator's live screen, in this one, shows it in
its notes pane (read only, labelled with who writes) with a mark while it is being written. The test
waits up to ten seconds, and prints how long the words took to show."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kursrom.core.clock import Clock
from kursrom.i18n import _
from kursrom.store import live

pytestmark = pytest.mark.slow

WORKER = Path(__file__).with_name("two_process_worker.py")
ROOT = Path(__file__).resolve().parents[2]
SENTENCE = "Olena vil prøve lager i Asker"
WAIT = 10.0


async def test_the_co_facilitators_words_show_in_the_facilitators_pane(tmp_path, catalog):
    from kursrom.app import make_app
    from kursrom.store.demo import open_demo_store
    from kursrom.store.rounds import list_rounds, sessions_of

    path = tmp_path / "shared.sqlite"
    store = open_demo_store(path, catalog, Clock())
    session_id = sessions_of(store, list_rounds(store)[0].id)[0].id
    live.start_session(store, session_id)
    first_item = live.load(store, session_id).items[0].id
    ready = tmp_path / "ready"
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(tmp_path), KURSROM_LANG="nb")
    cowriter = subprocess.Popen([sys.executable, str(WORKER), "cowriter", str(path), str(ready), SENTENCE],
                                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        app = make_app(catalog, store, clock=Clock())
        seen_at = marked = None
        async with app.run_test(size=(80, 24)) as pilot:
            while type(app.screen).__name__ != "LiveSessionScreen":
                await pilot.pause(0.05)
            shown = app.screen.notes.query_one("#notes-other")
            ready.touch()  # the facilitator's screen is up: the co-facilitator starts typing
            deadline = time.monotonic() + 30  # the other app's start-up, then the ten seconds below
            while time.monotonic() < deadline and seen_at is None:
                await pilot.pause(0.05)
                text = str(shown.render()) if shown.display else ""
                if _("writing now") in text:
                    marked = marked or text
                if SENTENCE in text:
                    seen_at = time.time()
            label = str(shown.render())
            own = app.screen.notes.area.text
        out, err = cowriter.communicate(timeout=60)
    finally:
        if cowriter.poll() is None:
            cowriter.kill()
        store.close()
    assert cowriter.returncode == 0, err[-3000:]
    result = json.loads(out.strip().splitlines()[-1])
    assert result["typed"] == SENTENCE and result["item"] == first_item
    assert seen_at is not None, "the co-facilitator's sentence never showed"
    latency = seen_at - result["last_key"]
    print(f"co-facilitator's last key to the facilitator's screen: {latency:.2f} s "
          f"(typing took {result['last_key'] - result['first_key']:.2f} s)")
    assert latency <= WAIT
    assert marked is not None, "a mark showed while the other was writing"
    assert _("Co-facilitator") in label and own == "", "read only, labelled with who writes"

