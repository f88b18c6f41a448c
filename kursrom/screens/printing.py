"""The print menu of the summary and round screens: one key opens a list of the paper for the room
(`kursrom.store.paper`), and the chosen material is written in the background like an export."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from kursrom.i18n import _

#: Materials that are about one session when the screen has one in view.
SESSION_MATERIALS = ("sign-in", "invitations")


class PrintMenu:
    """For a screen with `AppServices`: `open_print_menu` asks which material, then writes it."""

    def open_print_menu(self, round_id: int, session_id: int | None, folder: Path,
                        extra: Sequence[tuple[str, str, Callable[[], None]]] = ()) -> None:
        """`extra`: (id, label, what to do) for entries of the screen's own, such as a calendar."""
        from kursrom.screens.modals import PickModal
        from kursrom.store.paper import materials

        actions = {key: act for key, _label, act in extra}
        options = [*materials(), *((key, label) for key, label, _act in extra)]

        def chosen(key: str | None) -> None:
            if key is None:
                return
            if key in actions:
                actions[key]()
                return
            self._print(round_id, session_id if key in SESSION_MATERIALS else None, folder, key)

        self.app.push_screen(PickModal(_("Print for the room (A4, opens in a browser)"), options), chosen)

    def _print(self, round_id: int, session_id: int | None, folder: Path, material: str) -> None:
        from kursrom.store.paper import PrintRequest, print_material

        def saved(written) -> None:  # noqa: ANN001 - the files written
            path = written[0].path
            self.notify(_("Wrote {path}; open it in a browser and print it.").format(path=path), title=_("Printed"),
                        timeout=8, markup=False)

        def refused(error: Exception) -> None:
            text = str(error) if type(error).__name__ in ("ExportError", "NotFound") else _(
                "The file could not be written ({error}). Nothing was lost in kursrom.").format(error=error)
            self.notify(text, severity="error", timeout=10, markup=False)

        self.write(print_material, self.catalog, round_id, folder, PrintRequest(material, session_id),
                   on_saved=saved, on_refused=refused)
