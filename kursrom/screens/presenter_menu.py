"""The facilitator's control of the presenter, from the live screen, through one key: a small menu
to blank the presenter, show a chosen content (the next statement, the group rules, the group's
highlights, or the exercise again), choose the languages, and see the room's view here.

Every choice is stored (`kursrom.store.presenter.set_choice`), so the presenter window in another
process follows it. The menu says what the room sees, and which shown translations are drafts:
that line is for the facilitator only and never reaches the presenter.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kursrom.core.presenter import (
    CONTENT_HIGHLIGHTS, CONTENT_ITEM, CONTENT_RULES, CONTENT_STATEMENT, PresenterSource, Projection, project,
)
from kursrom.core import languages
from kursrom.i18n import _, current_language
from kursrom.widgets.footer import Footer
from kursrom.widgets.services import AppServices

AUTO_LANGUAGES = "languages-auto"
LANGUAGE = "language:"


def language_name(code: str) -> str:
    """"ukrainsk (uk)": the name facilitators use, in the interface language, with the code."""
    name = languages.language_name(code, current_language())
    return f"{name} ({code})" if name != code else code


class PresenterMenu(AppServices, ModalScreen[None]):
    """Opened from the live screen; each choice is stored at once, Escape closes."""

    CSS_PATH = "presenter_menu.tcss"
    BINDINGS = [Binding("escape", "close", _("Close"), id="presenter_menu.close")]

    def __init__(self, session_id: int) -> None:
        super().__init__()
        self.session_id = session_id
        self.source: PresenterSource | None = None
        self.shown: Projection | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="pm-box"):
            yield Static(_("Presenter"), id="pm-title")
            yield Static("", id="pm-status", markup=False)
            yield OptionList(id="pm-options")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()
        self.query_one(OptionList).focus()

    def reload(self) -> None:
        from kursrom.store.presenter import presenter_source

        self.source = presenter_source(self.store, self.session_id, self.clock.now())
        self.shown = project(self.source)
        self._status()
        options = self.query_one(OptionList)
        keep = options.highlighted
        options.set_options(self._options())
        if options.option_count:
            options.highlighted = min(keep or 0, options.option_count - 1)

    def _status(self) -> None:
        shown, source = self.shown, self.source
        assert shown is not None and source is not None
        what = shown.versions[0].title if shown.versions and shown.versions[0].title else shown.screen
        lines = [_("The room sees: {what}").format(what=_("nothing (paused)") if source.choice.blank else what)]
        if len(shown.versions) > 1:
            lines.append(_("Languages: {languages}").format(
                languages=", ".join(language_name(v.lang) for v in shown.versions[1:])))
        if shown.drafts:
            lines.append(_("Draft translation, not reviewed: {languages}").format(
                languages=", ".join(shown.drafts)))
        if shown.missing:
            lines.append(_("No translation: {languages}").format(languages=", ".join(shown.missing)))
        self.query_one("#pm-status", Static).update("\n".join(lines))

    def _options(self) -> list[Option]:
        source = self.source
        assert source is not None
        choice, item = source.choice, source.item
        content = choice.content_on(item.id if item else None)
        options = [Option(_("Show the presenter again") if choice.blank else _("Pause the presenter (blank)"),
                          id="blank")]
        if item is not None:
            options.append(Option(_("Show the exercise"), id=CONTENT_ITEM))
            if item.kind == "card_sort":
                options.append(Option(_("Show the next statement"), id="next"))
                if content == CONTENT_STATEMENT:
                    options.append(Option(_("Show the previous statement"), id="previous"))
            options.append(Option(_("Show the group rules"), id=CONTENT_RULES))
            options.append(Option(_("Show the group's highlights on this item"), id=CONTENT_HIGHLIGHTS))
        auto = choice.languages is None
        options.append(Option(("● " if auto else "○ ") + _("Languages of the interpreters present"),
                              id=AUTO_LANGUAGES))
        shown = set(self.shown.languages if self.shown else ())
        for code in self._language_choices():
            mark = "✓ " if code in shown or (not auto and code in (choice.languages or ())) else "  "
            options.append(Option(mark + language_name(code), id=LANGUAGE + code))
        options.append(Option(_("Show the room's view here (v)"), id="preview"))
        return options

    def _language_choices(self) -> list[str]:
        """The languages of the item's translations and of the interpreters, each once."""
        from kursrom.core.presenter import exercise_of, is_base

        source = self.source
        assert source is not None
        found = list(source.interpreter_languages)
        if source.item is not None:
            found += sorted(exercise_of(source.item).translations)
        found += list(source.choice.languages or ())
        out: list[str] = []
        for code in found:
            if not is_base(code) and code not in out:
                out.append(code)
        return out

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        from kursrom.store.presenter import set_choice, show_statement

        event.stop()
        option, source = event.option.id or "", self.source
        assert source is not None
        item_id = source.item.id if source.item else None
        saved = {"on_saved": lambda _choice: self.reload()}
        if option == "blank":
            self.write(set_choice, self.session_id, blank=not source.choice.blank, **saved)
        elif option in (CONTENT_ITEM, CONTENT_RULES, CONTENT_HIGHLIGHTS):
            self.write(set_choice, self.session_id, blank=False, content=option, item_id=item_id, **saved)
        elif option in ("next", "previous") and item_id is not None:
            self.write(show_statement, self.session_id, item_id, 1 if option == "next" else -1, **saved)
        elif option == AUTO_LANGUAGES:
            self.write(set_choice, self.session_id, languages=None, **saved)
        elif option.startswith(LANGUAGE):
            self.write(set_choice, self.session_id, languages=self._toggled(option[len(LANGUAGE):]), **saved)
        elif option == "preview":
            self.dismiss(None)
            self.app.push_screen(_preview(self.session_id))

    def _toggled(self, code: str) -> tuple[str, ...]:
        shown = list(self.shown.languages[1:] if self.shown else ())
        current = list(self.source.choice.languages) if self.source and self.source.choice.languages is not None \
            else shown
        return tuple(lang for lang in current if lang != code) if code in current else (*current, code)

    def action_close(self) -> None:
        self.dismiss(None)


def _preview(session_id: int):  # noqa: ANN202 - a PresenterPreview
    from kursrom.screens.presenter import PresenterPreview

    return PresenterPreview(session_id)
