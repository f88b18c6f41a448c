"""The app tells at start-up that the exercise files have problems, and still opens: here a named
pipe among the exercises, which once made every start hang."""

from __future__ import annotations

import os

from kursrom.app import KursromApp
from kursrom.core.catalog import load_catalog
from kursrom.paths import builtin_exercises_dir


async def test_a_named_pipe_among_the_exercises_is_a_notice_at_start(tmp_path, store, clock, monkeypatch):
    (tmp_path / "mine" / "exercises").mkdir(parents=True)
    os.mkfifo(tmp_path / "mine" / "exercises" / "x.toml")
    catalog = load_catalog([builtin_exercises_dir(), tmp_path / "mine"], explicit=[tmp_path / "mine"])
    app = KursromApp(catalog=catalog, clock=clock, store=store)
    told: list[tuple[str, str]] = []
    notify = app.notify

    def spy(message, **kwargs):
        told.append((str(message), kwargs.get("severity", "information")))
        return notify(message, **kwargs)

    monkeypatch.setattr(app, "notify", spy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert ("1 feil i øvelsesfilene; kjør `kursrom check` for å se dem.", "warning") in told
        assert len(catalog.exercises) >= 18, "the shipped library still loads"
