"""Quitting while the database is locked: the screen says what kursrom waits for (the store's own
sentence) and for how long, closes by itself once the lock is gone and everything is stored, and
Ctrl+Q again closes at once, saying first how long its last try may take."""

from __future__ import annotations

from textual.widgets import Static

from kursrom.i18n import _
from kursrom.screens.closing import ClosingScreen
from kursrom.store import live
from kursrom.store.errors import StoreError, StoreErrorKind

SIZE = (80, 24)


def said(app) -> str:
    return str(app.screen.query_one("#closing-text", Static).render())


async def wait_until(pilot, done, seconds: float = 10.0) -> bool:
    for _attempt in range(int(seconds / 0.05)):
        if done():
            return True
        await pilot.pause(0.05)
    return done()


async def test_quitting_with_a_mark_waiting_on_a_lock_says_so_and_closes_once_it_is_saved(
        app, demo_store, session_id, faults, clock, command):
    from kursrom.screens.checkin import CheckInScreen
    from kursrom.widgets.writing import writer_of

    writer = writer_of(app)
    writer.retry_seconds = 0.2
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.push_screen(CheckInScreen(session_id))
        await pilot.pause()
        faults.lock()
        await command(pilot, "1")  # a mark that waits for the lock
        await writer.settled()
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ClosingScreen) and app.return_code is None, "no blank screen, no exit yet"
        locked = str(StoreError(StoreErrorKind.BUSY, demo_store.path))
        assert locked in said(app), "what it waits for: the store's own sentence"
        assert _("Still to be saved: {what}.").format(what="1 endring") in said(app)
        clock.advance(7)
        await pilot.pause(0.3)
        waited = _("Waited {seconds} s. kursrom tries again every few seconds and closes by itself as soon as "
                   "everything is saved.").format(seconds=7)
        assert waited in said(app), "and for how long"
        faults.unlock()
        assert await wait_until(pilot, lambda: app.return_code is not None), "closes by itself once saved"
    assert [event.status for event in live.attendance_history(demo_store, session_id)] == ["present"]


async def test_ctrl_q_again_closes_now_and_says_how_long_the_last_try_takes(app, demo_store, session_id, faults,
                                                                            command):
    from kursrom.screens.checkin import CheckInScreen
    from kursrom.widgets.writing import writer_of

    writer = writer_of(app)
    writer.retry_seconds = 0.2
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.push_screen(CheckInScreen(session_id))
        await pilot.pause()
        faults.lock()
        await command(pilot, "1")
        await writer.settled()
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ClosingScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, CheckInScreen), "Escape: back to kursrom, nothing closed"
        await pilot.press("ctrl+q")
        await pilot.press("ctrl+q")
        assert _("Closing now: a last try to save, up to {seconds} s.").format(seconds=5) in said(app)
        assert await wait_until(pilot, lambda: app.return_code is not None)
        assert app.return_code == 0


async def test_quitting_with_everything_saved_closes_at_once(app, session_id):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        assert app.return_code == 0 and not isinstance(app.screen, ClosingScreen)
