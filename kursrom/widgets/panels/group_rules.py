"""Group rules: the rules the group agrees, written down once for the round (suggestions from the
exercise to fall back on) and shown again at the start of later sessions."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from kursrom.i18n import _
from kursrom.widgets.css import load_css
from kursrom.widgets.fitting import Field
from kursrom.widgets.panels.base import ExercisePanel
from kursrom.widgets.panels.common import Column, show_presenter


class RulesList(OptionList):
    """The agreed rules; Enter edits the highlighted one (e is the live screen's "five minutes more")."""

    BINDINGS = [Binding("enter", "select", _("Edit"), id="panel.edit")]


class GroupRulesPanel(ExercisePanel):
    DEFAULT_CSS = load_css(__file__)
    BINDINGS = [
        Binding("delete", "delete_rule", _("Delete"), id="panel.delete"),
        Binding("v", "projector", _("Projector"), id="panel.projector"),
    ]

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.rules: list[str] = []
        self.editing: int | None = None  # index of the rule being edited

    def compose(self) -> ComposeResult:
        yield Static(id="gr-origin")
        with Horizontal(id="gr-body"):
            with Column(_("The group's rules"), id="gr-agreed"):
                yield RulesList(id="gr-rules", compact=True)
                yield Field(hint=_("A rule; Enter adds"), id="gr-new", compact=True)
            with Column(_("Suggestions (Enter adds)"), id="gr-ideas"):
                yield OptionList(*[Option(text) for text in self.fields.get("suggestions", [])],
                                 id="gr-suggestions", compact=True)

    def on_mount(self) -> None:
        from kursrom.store.results import group_rules_of

        found = group_rules_of(self.store, self.session.round_id)
        self.query_one("#gr-origin").display = False
        if found is not None:
            self.rules = list(found.rules)
            if found.session_number != self.session.number:
                origin = self.query_one("#gr-origin", Static)
                origin.update(_("Agreed in session {number}; changes here update the round's rules.").format(
                    number=found.session_number))
                origin.display = True
        self._show()

    def home(self) -> Widget:
        return self.query_one("#gr-rules", OptionList)

    def _show(self) -> None:
        listing = self.query_one("#gr-rules", OptionList)
        current = listing.highlighted
        listing.set_options([Option(f"{n}. {rule}") for n, rule in enumerate(self.rules, start=1)])
        if self.rules:
            listing.highlighted = min(current if current is not None else len(self.rules) - 1, len(self.rules) - 1)
        suggestions = self.query_one("#gr-suggestions", OptionList)
        for index, text in enumerate(self.fields.get("suggestions", [])):
            suggestions.replace_option_prompt_at_index(index, f"✓ {text}" if text in self.rules else text)

    def _save(self, clears: Input | None = None) -> None:
        from kursrom.store.results import save_group_rules

        self.write(save_group_rules, self.session.round_id, self.item.id, self.rules, clears=clears or ())
        self._show()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "gr-suggestions":
            text = self.fields.get("suggestions", [])[event.option_index]
            if text not in self.rules:
                self.rules.append(text)
                self._save()
        elif event.option_list.id == "gr-rules":
            self.action_edit_rule()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = " ".join(event.value.split())
        if event.input.id != "gr-new" or self.waiting_to_save(event.input):
            return
        if self.editing is not None:
            if text:
                self.rules[self.editing] = text
            else:
                del self.rules[self.editing]
            self.editing = None
            self.query_one("#gr-new", Field).hint = _("A rule; Enter adds")
        elif text:
            if text not in self.rules:  # after a save that failed, Enter tries the same rule again
                self.rules.append(text)
        else:
            return
        self._save(clears=event.input)

    def can(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "delete_rule":
            listing = self.query_one("#gr-rules", OptionList)
            return (listing.has_focus and listing.highlighted is not None) or None
        return True

    def action_delete_rule(self) -> None:
        index = self.query_one("#gr-rules", OptionList).highlighted
        if index is not None and index < len(self.rules):
            del self.rules[index]
            self._save()

    def action_edit_rule(self) -> None:
        index = self.query_one("#gr-rules", OptionList).highlighted
        if index is None or index >= len(self.rules):
            return
        self.editing = index
        box = self.query_one("#gr-new", Field)
        box.value = self.rules[index]
        box.hint = _("Edit the rule; Enter saves, empty deletes")
        box.focus()

    def action_projector(self) -> None:
        """The agreed rules on the presenter (names masked), and the room's view here."""
        show_presenter(self, content="rules" if self.rules else "item")
