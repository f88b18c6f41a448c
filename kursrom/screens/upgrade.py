"""The first start after an upgrade: what a migration did that the facilitator must know, once.

The migration steps report to `Store.upgrade_reports` in the run that upgrades the file; this
shows the report of the upgrade to consent and paragraph flags
(`kursrom.store.consent_upgrade.ConsentUpgrade`) in a dialog to read and close.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kursrom.i18n import _

if TYPE_CHECKING:
    from textual.app import App

    from kursrom.store.db import Store


def announce_upgrade(app: App, store: Store) -> None:
    from kursrom.screens.modals import ProblemsModal
    from kursrom.store.consent_upgrade import ConsentUpgrade

    for report in store.upgrade_reports:
        if isinstance(report, ConsentUpgrade):
            app.push_screen(ProblemsModal(_("kursrom was upgraded: please read"), report.describe()))
