"""One side of the two-process test (run by test_two_processes.py, not collected by pytest).

    python two_process_worker.py facilitator DB DEADLINE  the store API, as the live screen uses it:
        moves through the agenda, marks attendance, and types notes through the Autosaver
    python two_process_worker.py notes DB DEADLINE        the real `kursrom notes` app, headless:
        follows the facilitator's current item and types into its notes pane
    python two_process_worker.py cowriter DB READY TEXT   the real `kursrom notes` app, headless: once
        the file READY exists, types TEXT key by key into the current item's note, as a person would

Both write until DEADLINE (seconds since the epoch), so they overlap for the whole run whatever
their start-up takes. Each prints one JSON line: what it typed per item, and every save failure. Any exception exits 1.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from pathlib import Path

from kursrom.core.autosave import Autosaver
from kursrom.core.clock import Clock
from kursrom.store import live
from kursrom.store.db import open_store


def words(rng: random.Random) -> str:
    return rng.choice(["Åse ", "ønsker ", "lager ", "Олена ", "فاطمة ", "praksis, ", "CV. ", "nettverk "])


def facilitator(path: Path, deadline: float) -> dict:
    rng = random.Random(1)
    store = open_store(path, Clock())
    session = live.running_session(store)
    snapshot = live.load(store, session.id)
    items = [item.id for item in snapshot.items]
    saver = Autosaver(live.note_saver(store, session.id, live.note_writer("live"), snapshot.participants))
    typed: dict[int, str] = {}
    moves = marks = 0
    next_move = time.monotonic() + 1.5
    while time.time() < deadline:
        current = live.current_item_id(store, session.id)[1]
        chunk = words(rng)
        typed[current] = typed.get(current, "") + chunk
        saver.edit(current, text=typed[current])
        saver.save_due()
        if time.monotonic() >= next_move:
            following = items[(items.index(current) + 1) % len(items)]
            live.go_to(store, session.id, following)
            moves += 1
            next_move = time.monotonic() + 1.5
        if rng.random() < 0.1:
            person = rng.choice(snapshot.participants)
            live.mark(store, session.id, person.id, rng.choice(["present", "late", "absent", "left_early"]))
            marks += 1
        time.sleep(0.02)
    saver.flush()
    store.close()
    return {"typed": typed, "failures": saver.failures, "moves": moves, "marks": marks,
            "unsaved": saver.dirty}


async def notes(path: Path, deadline: float) -> dict:
    from kursrom.app import make_app
    from kursrom.core.catalog import load_catalog
    from kursrom.paths import builtin_exercises_dir

    rng = random.Random(2)
    app = make_app(load_catalog([builtin_exercises_dir()]), opener=lambda: open_store(path),
                     notes_only=True)
    typed: dict[int, str] = {}
    followed: set[int] = set()
    async with app.run_test(size=(80, 24)) as pilot:
        while not app.screen.query("#notes") or app.screen.query_one("#notes").item_id is None:
            await pilot.pause(0.05)
        pane = app.screen.query_one("#notes")
        while time.time() < deadline:
            item = pane.item_id
            followed.add(item)
            chunk = words(rng)
            pane.area.move_cursor(pane.area.document.end)
            pane.area.insert(chunk)
            typed[item] = typed.get(item, "") + chunk
            await pilot.pause(0.03)
        failures = list(pane.saver.failures)
        await app.action_quit()
    return {"typed": typed, "failures": failures, "followed": len(followed)}


async def cowriter(path: Path, ready: Path, text: str) -> dict:
    from kursrom.app import make_app
    from kursrom.core.catalog import load_catalog
    from kursrom.paths import builtin_exercises_dir

    app = make_app(load_catalog([builtin_exercises_dir()]), opener=lambda: open_store(path), notes_only=True)
    typed_at: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        while not app.screen.query("#notes") or app.screen.query_one("#notes").item_id is None or not ready.exists():
            await pilot.pause(0.05)
        pane = app.screen.query_one("#notes")
        for char in text:
            await pilot.press("space" if char == " " else char)
            typed_at.append(time.time())
            await asyncio.sleep(0.06)
        deadline = time.time() + 10
        while pane.saver.dirty and time.time() < deadline:
            await pilot.pause(0.05)
        item = pane.item_id
        typed = pane.area.text
        await app.action_quit()
    return {"typed": typed, "item": item, "first_key": typed_at[0], "last_key": typed_at[-1]}


def main() -> None:
    role, path = sys.argv[1], Path(sys.argv[2])
    if role == "cowriter":
        result = asyncio.run(cowriter(path, Path(sys.argv[3]), sys.argv[4]))
    elif role == "facilitator":
        result = facilitator(path, float(sys.argv[3]))
    else:
        result = asyncio.run(notes(path, float(sys.argv[3])))
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
