"""The live screen's changes that ask first (`LiveSessionScreen` mixes this in): a start on
another day than planned, reopening a finished session, a jump ahead over items that have not run
(skip them, or leave them for later), and the end. Each asks with the app's one confirm dialog
(`kursrom.screens.modals.ConfirmModal`) and then stores the change the screen's way (`_do`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kursrom.core.clock import OSLO
from kursrom.core.schedule import format_day
from kursrom.core.timing import jumped_over
from kursrom.i18n import _, ngettext

if TYPE_CHECKING:
    from collections.abc import Callable


class AskFirst:
    """For the live screen: its `snapshot`, `timing`, `now()`, `_do` and `agenda` are used here."""

    def _ask(self, question: str, body: str, then: Callable[[bool | None], None]) -> None:
        from kursrom.screens.modals import ConfirmModal

        self.app.push_screen(ConfirmModal(question, body), then)  # type: ignore[attr-defined]

    def action_start_session(self) -> None:
        """Space before the start. On another day than planned, ask first; the real date and time
        are stored as the start either way."""
        planned = self.snapshot.session.planned_start if self.snapshot else None
        today = self.now().astimezone(OSLO).date()
        if planned is None or planned.astimezone(OSLO).date() == today:
            self._start()
            return
        question = _("Start this session today, {today}?").format(today=format_day(today))
        body = _("It is planned for {planned}. The start is stored as now, {time} today.").format(
            planned=format_day(planned), time=self.now().astimezone(OSLO).strftime("%H:%M"))
        self._ask(question, body, lambda yes: self._start() if yes else None)

    def _start(self) -> None:
        from kursrom.store.live import start_session

        def started(_session: object) -> None:
            if self.timing is not None and self.timing.replanned and self.snapshot.session.started_at:
                begun = self.snapshot.session.started_at.astimezone(OSLO).strftime("%H:%M")
                self.notify(_("The session started far from its planned time: the times now count from its "
                              "real start, {time}.").format(time=begun), timeout=8)
            self.action_attendance()

        self._do(start_session, self.session_id, self.now(), then=started)

    def action_reopen(self) -> None:
        from kursrom.store.live import reopen_session

        ended = self.snapshot.session.ended_at if self.snapshot else None
        body = _("It ended at {time}. No timer starts by itself; end it again with X.").format(
            time=ended.astimezone(OSLO).strftime("%H:%M") if ended else "")
        self._ask(_("Reopen the session for corrections?"), body, lambda yes: self._do(
            reopen_session, self.session_id, self.now()) if yes else None)

    def _go(self, item_id: int) -> None:
        """Go to an item; the one on screen is paused, not done. Jumping ahead over items that have
        not run asks whether to skip them or leave them for later."""
        from kursrom.store.live import go_to_unless_current

        def go(skip: bool | None = False) -> None:
            self._do(go_to_unless_current, self.session_id, item_id, self.now(), skip_between=bool(skip),
                     then=lambda _session: self.agenda.highlight_item(self._current_id))

        snapshot, timing = self.snapshot, self.timing
        passed = jumped_over(snapshot.items, self._current_id, item_id, timing.times) if snapshot and timing else []
        if not passed:
            go()
            return
        question = ngettext("Skip the item you jump over?", "Skip the {count} items you jump over?",
                            len(passed)).format(count=len(passed))
        body = _("{titles}. No: leave them for later (Next comes back to them).").format(
            titles=", ".join(item.title for item in passed))
        self._ask(question, body, go)

    def action_end(self) -> None:
        from kursrom.store.live import end_session

        def answered(yes: bool | None) -> None:
            if yes:
                self.notes.flush_now()
                self._do(end_session, self.session_id, self.now(), then=lambda _session: self.action_summary())

        self._ask(_("End the session now?"), _(
            "The current item is finished, and so are items left paused. Ctrl+Z takes it back."), answered)
