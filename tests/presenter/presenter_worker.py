"""The presenter as a second process (run by test_two_processes.py, not collected by pytest):

    python presenter_worker.py DB SECONDS

runs the real `kursrom present` app headless on DB and prints one JSON line each time what it shows
changes: the screen and the title. It stops when its standard input closes, or after SECONDS.
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading
import time
from pathlib import Path

from kursrom.store.db import open_store


async def present(path: Path, seconds: float) -> None:
    from kursrom.app import PresenterMode, make_app
    from kursrom.core.catalog import load_catalog
    from kursrom.paths import builtin_exercises_dir
    from kursrom.screens.presenter import PresenterView

    closed = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), closed.set()), daemon=True).start()
    app = make_app(load_catalog([builtin_exercises_dir()]), opener=lambda: open_store(path),
                   presenter=PresenterMode())
    deadline = time.monotonic() + seconds
    last = None
    async with app.run_test(size=(80, 24)) as pilot:
        while not closed.is_set() and time.monotonic() < deadline:
            views = app.screen.query(PresenterView)
            shown = views.first().projection if views else None
            if shown is not None:
                now = (shown.screen, shown.versions[0].title if shown.versions else "")
                if now != last:
                    last = now
                    print(json.dumps({"screen": now[0], "title": now[1], "at": time.time()}, ensure_ascii=False),
                          flush=True)
            await pilot.pause(0.02)
        await app.action_quit()


if __name__ == "__main__":
    asyncio.run(present(Path(sys.argv[1]), float(sys.argv[2])))
