"""The facilitator's app moves through the agenda; `kursrom present`, in a second process on the same
database, follows each move (within ten seconds here; the benchmark measures the real latency)."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kursrom.core.clock import Clock
from kursrom.store import live

pytestmark = pytest.mark.slow

WORKER = Path(__file__).with_name("presenter_worker.py")
ROOT = Path(__file__).resolve().parents[2]
WAIT = 10.0


class Lines:
    """The worker's output lines, as they come."""

    def __init__(self, stream) -> None:  # noqa: ANN001
        self.queue: queue.Queue[dict] = queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:  # noqa: ANN001
        for line in stream:
            if line.startswith("{"):
                self.queue.put(json.loads(line))

    def wait_for(self, title: str, timeout: float = WAIT) -> dict:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                seen = self.queue.get(timeout=left)
            except queue.Empty:
                break
            if seen["title"] == title:
                return seen
        raise AssertionError(f"the presenter did not show {title!r} within {timeout} s")


async def test_the_presenter_follows_the_facilitator(tmp_path, catalog):
    from kursrom.app import make_app
    from kursrom.screens.live import LiveSessionScreen
    from kursrom.store.demo import open_demo_store
    from kursrom.store.rounds import list_rounds, sessions_of

    path = tmp_path / "shared.sqlite"
    store = open_demo_store(path, catalog, Clock())
    session_id = sessions_of(store, list_rounds(store)[0].id)[0].id
    live.start_session(store, session_id)
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(tmp_path), KURSROM_LANG="nb")
    worker = subprocess.Popen([sys.executable, str(WORKER), str(path), "120"], cwd=ROOT, env=env,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = Lines(worker.stdout)
        snapshot = live.load(store, session_id)
        lines.wait_for(snapshot.current.title, timeout=60)  # the second process has started
        app = make_app(catalog, store)
        async with app.run_test(size=(80, 24)) as pilot:
            while not isinstance(app.screen, LiveSessionScreen):
                await pilot.pause(0.05)
            for _move in range(4):
                await pilot.press("n")
                await pilot.pause(0.5)  # a command key, not typing: the live screen waits to tell them apart
                current = live.load(store, session_id).current
                lines.wait_for(current.title)
            await pilot.press("w")
            await pilot.pause(0.5)
            await pilot.press("enter")  # the menu's first choice: blank the presenter
            seen = lines.wait_for("")
            assert seen["screen"] == "pause"
    finally:
        worker.stdin.close()
        worker.wait(timeout=30)
        store.close()
    assert worker.returncode == 0, worker.stderr.read()[-3000:]
