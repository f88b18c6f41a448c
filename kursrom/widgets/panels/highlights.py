"""Reflection, career story, talk, homework and job-ad items: the prompt large enough for a shared
screen, what the exercise gives the facilitator (questions, topics, tasks, the ad), and short
highlights recorded per participant or for the whole group."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from kursrom.i18n import N_, _
from kursrom.widgets.css import load_css
from kursrom.widgets.panels.base import ExercisePanel
from kursrom.widgets.fitting import Field
from kursrom.widgets.panels.common import Column, PeopleColumn, PeopleList, bullets, show_presenter

if TYPE_CHECKING:
    from kursrom.store.models import Participant

FORMS = {
    "alone": N_("Alone"),
    "pairs": N_("In pairs"),
    "groups": N_("In groups"),
    "plenary": N_("In plenary"),
    "one_to_one": N_("One to one"),
}


def facilitator_text(kind: str, fields: dict) -> Text:
    """The kind's own fields, compact, for the facilitator's eyes."""
    text = Text()

    def section(title: str, lines: list[str]) -> None:
        if lines:
            if text:
                text.append("\n")
            text.append(title + "\n", style="bold")
            text.append(bullets(lines))

    if kind == "reflection" and fields.get("form"):
        text.append(_("Form: {form}").format(form=_(FORMS.get(fields["form"], fields["form"]))), style="italic")
    if kind == "talk" and fields.get("speaker"):
        text.append(_("Speaker: {speaker}").format(speaker=fields["speaker"]), style="italic")
    if kind == "career_story" and fields.get("minutes_each"):
        text.append(_("{minutes} min each").format(minutes=fields["minutes_each"]), style="italic")
    if kind == "job_ad" and fields.get("ad_text"):
        text.append(fields["ad_text"].strip() + "\n")
    section(_("Topics"), list(fields.get("topics", [])))
    section(_("Tasks"), list(fields.get("tasks", [])))
    section(_("Questions"), list(fields.get("questions", [])))
    section(_("Listen for"), list(fields.get("listen_for", [])))
    return text


class HighlightsPanel(ExercisePanel):
    DEFAULT_CSS = load_css(__file__)
    SHOWS_PROMPT = True
    BINDINGS = [
        Binding("v", "projector", _("Projector"), id="panel.projector"),
        Binding("delete", "delete_highlight", _("Delete"), id="panel.delete"),
    ]

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.highlights: dict[int | None, list[dict]] = {}
        #: The round's group rules, recalled when this item opens a later session.
        self.rules: list[str] = []

    def _rules_to_recall(self) -> list[str]:
        from kursrom.store.results import group_rules_of
        from kursrom.store.rounds import agenda_of

        agenda = [item for item in agenda_of(self.store, self.session.id) if not item.skipped]
        if not agenda or agenda[0].id != self.item.id:
            return []
        found = group_rules_of(self.store, self.session.round_id)
        return found.rules if found is not None and found.session_number < self.session.number else []

    def compose(self) -> ComposeResult:
        yield Static(self.item.prompt, id="hl-prompt")
        self.rules = self._rules_to_recall()
        extra = facilitator_text(self.item.kind, self.fields)
        if self.rules:
            recall = Text(_("Our group rules") + "\n", style="bold")
            recall.append(bullets(self.rules))
            extra = Text("\n").join([recall, extra]) if extra else recall
        if extra:
            with VerticalScroll(id="hl-extra"):
                yield Static(extra)
        with Horizontal(id="hl-body"):
            yield PeopleColumn(_("Participant (highlights)"), with_group=not self.one_to_one, id="hl-people")
            with Column(_("Highlights"), id="hl-right"):
                yield OptionList(id="hl-list", compact=True)
                yield Field(id="hl-input", compact=True)

    def on_mount(self) -> None:
        from kursrom.store.results import results_for_item

        self.highlights = {pid: list(data.get("highlights", []))
                           for pid, data in results_for_item(self.store, self.item.id).items()}
        self._show_people()

    def present_changed(self, present: list[Participant]) -> None:
        super().present_changed(present)
        self._show_people()

    def _show_people(self) -> None:
        marks = {pid: f"({len(items)})" for pid, items in self.highlights.items() if items}
        self.query_one(PeopleList).show(self.present, marks)
        self._show_highlights()

    def _show_highlights(self) -> None:
        who = self.query_one(PeopleList).current
        items = self.highlights.get(who, [])
        listing = self.query_one("#hl-list", OptionList)
        listing.set_options([Option(entry["text"]) for entry in items])
        if items:
            listing.highlighted = len(items) - 1
        name = self.name_of(who) if who is not None else _("the whole group")
        self.query_one("#hl-input", Field).hint = _("Highlight for {name}; Enter saves").format(name=name)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if isinstance(event.option_list, PeopleList):
            self._show_highlights()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option_list, PeopleList):
            self.query_one("#hl-input", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text or self.waiting_to_save(event.input):
            return
        who = self.query_one(PeopleList).current
        entry = {"text": text, "at": self.clock.now().isoformat()}
        items = self.highlights.setdefault(who, [])
        items.append(entry)

        def not_saved(_error: object) -> None:  # the text stays in the field, not twice in the list
            if entry in items:
                items.remove(entry)
                self._show_highlights()

        self._save(who, clears=event.input, on_failed=not_saved)

    def _save(self, who: int | None, *, clears: Input | None = None, on_failed=None) -> None:  # noqa: ANN001
        from kursrom.store.results import save_result

        def saved(_row: object) -> None:
            items = self.highlights.get(who, [])
            self.query_one(PeopleList).mark(who, self.name_of(who) if who is not None else _("The whole group"),
                                            f"({len(items)})" if items else "")

        self.write(save_result, self.item.id, self.item.kind, {"highlights": self.highlights.get(who, [])}, who,
                   on_saved=saved, on_failed=on_failed, clears=clears or ())
        self._show_highlights()

    def can(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "delete_highlight":
            listing = self.query_one("#hl-list", OptionList)
            return listing.has_focus and listing.highlighted is not None
        return True

    def action_delete_highlight(self) -> None:
        listing = self.query_one("#hl-list", OptionList)
        who = self.query_one(PeopleList).current
        items = self.highlights.get(who, [])
        if listing.highlighted is None or listing.highlighted >= len(items):
            return
        del items[listing.highlighted]
        self._save(who)

    def action_projector(self) -> None:
        show_presenter(self)
