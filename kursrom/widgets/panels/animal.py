"""The animal exercise: each participant present picks an animal from the exercise's list (or names
their own) and the traits they share with it; the overview then shows the whole group side by side,
each animal with its traits as strengths at work, ready for the group's reflection."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import ContentSwitcher, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from kursrom.i18n import _
from kursrom.widgets.css import load_css
from kursrom.widgets.fitting import Field
from kursrom.widgets.panels.base import ExercisePanel
from kursrom.widgets.panels.common import CheckList, Column, PeopleColumn, PeopleList, bullets

if TYPE_CHECKING:
    from kursrom.store.models import Participant


class AnimalPanel(ExercisePanel):
    DEFAULT_CSS = load_css(__file__)
    BINDINGS = [
        Binding("o", "overview", _("Overview"), id="panel.overview"),
    ]

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        #: participant id -> {"animal": name, "traits": [...], "own_animal": bool}
        self.choices: dict[int, dict] = {}

    @property
    def animals(self) -> dict[str, list[str]]:
        return {a["name"]: list(a.get("traits", [])) for a in self.fields.get("animals", [])}

    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="animal-editor", id="animal-views"):
            with Horizontal(id="animal-editor"):
                yield PeopleColumn(_("Participant – animal"), id="animal-people")
                with Column(_("Animal"), id="animal-choice"):
                    yield OptionList(*[Option(name, id=f"a{i}") for i, name in enumerate(self.animals)],
                                     id="animal-list", compact=True)
                    yield Field(hint=_("Own animal; Enter saves"), id="animal-name", compact=True)
                with Column(_("Traits in common"), id="animal-form"):
                    yield CheckList(id="animal-traits", compact=True)
                    yield Field(hint=_("Own trait; Enter adds"), id="animal-own-trait", compact=True)
            with VerticalScroll(id="animal-overview"):
                yield Grid(id="animal-cards")
                yield Static(id="animal-questions")

    def on_mount(self) -> None:
        from kursrom.store.results import results_for_item

        self.choices = {pid: data for pid, data in results_for_item(self.store, self.item.id).items()
                        if pid is not None}
        questions = self.fields.get("questions", [])
        self.query_one("#animal-questions", Static).update(
            Text.assemble((_("For the group") + "\n", "bold"), bullets(questions)) if questions else "")
        self._show_people()

    def focus_default(self) -> None:
        self.query_one(PeopleList).focus()

    def present_changed(self, present: list[Participant]) -> None:
        super().present_changed(present)
        self._show_people()
        self._show_overview()

    # -- the editor ------------------------------------------------------------------------------

    def _mark(self, participant_id: int) -> str:
        choice = self.choices.get(participant_id)
        return f"– {choice['animal']}" if choice and choice.get("animal") else ""

    def _show_people(self) -> None:
        self.query_one(PeopleList).show(self.present, {p.id: self._mark(p.id) for p in self.present})
        self._show_choice()

    def _show_choice(self) -> None:
        who = self.query_one(PeopleList).current
        choice = self.choices.get(who, {}) if who is not None else {}
        animal = choice.get("animal", "")
        self.query_one("#animal-name", Input).value = animal
        traits = self.query_one("#animal-traits", CheckList)
        traits.clear_options()
        chosen = list(choice.get("traits", []))
        offered = self.animals.get(animal, [])
        traits.add_options([Selection(t, t, t in chosen) for t in offered]
                           + [Selection(t, t, True) for t in chosen if t not in offered])
        if traits.option_count:
            traits.highlighted = 0
        listing = self.query_one("#animal-list", OptionList)
        names = list(self.animals)
        listing.highlighted = names.index(animal) if animal in names else (0 if names else None)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if isinstance(event.option_list, PeopleList):
            self._show_choice()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option_list, PeopleList):
            self.query_one("#animal-list", OptionList).focus()
        elif event.option_list.id == "animal-list":
            self._choose(list(self.animals)[event.option_index], own=False)
            self.query_one("#animal-traits", CheckList).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = " ".join(event.value.split())
        if event.input.id == "animal-name" and text:
            known = {name.casefold(): name for name in self.animals}
            name = known.get(text.casefold(), text)
            self._choose(name, own=name not in self.animals)
            self.query_one("#animal-traits", CheckList).focus()
        elif event.input.id == "animal-own-trait" and text and not self.waiting_to_save(event.input):
            who = self.query_one(PeopleList).current
            if who is None or not self.choices.get(who, {}).get("animal"):
                self.notify(_("Choose an animal first."), severity="warning")
                return
            traits = self.query_one("#animal-traits", CheckList)
            if text not in [str(traits.get_option_at_index(i).value) for i in range(traits.option_count)]:
                traits.add_option(Selection(text, text, True))
            else:
                traits.select(text)
            if not self._save_traits(clears=event.input):  # nothing new to store: done already
                event.input.value = ""

    def on_selection_list_selected_changed(self, event: CheckList.SelectedChanged) -> None:
        self._save_traits()

    def _choose(self, animal: str, *, own: bool) -> None:
        who = self.query_one(PeopleList).current
        if who is None:
            return
        before = self.choices.get(who, {})
        keep = before.get("traits", []) if before.get("animal") == animal else []
        self.choices[who] = {"animal": animal, "traits": list(keep), "own_animal": own}
        self._save(who)
        self._show_choice()

    def _save_traits(self, clears: Input | None = None) -> bool:
        """Store the traits ticked on screen, if they changed; whether a save was asked for."""
        who = self.query_one(PeopleList).current
        if who is None or who not in self.choices:
            return False
        traits = self.query_one("#animal-traits", CheckList)
        order = [str(traits.get_option_at_index(i).value) for i in range(traits.option_count)]
        chosen = [t for t in order if t in traits.selected]
        if chosen == self.choices[who].get("traits"):
            return False
        self.choices[who]["traits"] = chosen
        self._save(who, clears)
        return True

    def _save(self, participant_id: int, clears: Input | None = None) -> None:
        from kursrom.store.results import save_result

        def saved(_row: object) -> None:
            self.query_one(PeopleList).mark(participant_id, self.name_of(participant_id), self._mark(participant_id))

        self.write(save_result, self.item.id, "animal", self.choices[participant_id], participant_id,
                   on_saved=saved, clears=clears or ())

    # -- the overview ----------------------------------------------------------------------------

    def _show_overview(self) -> None:
        cards = self.query_one("#animal-cards", Grid)
        cards.remove_children()
        new = []
        for person in self.present:
            choice = self.choices.get(person.id, {})
            text = Text(person.name + "\n", style="bold", no_wrap=True, overflow="ellipsis")
            if choice.get("animal"):
                text.append(choice["animal"] + "\n", style="bold reverse")
                if choice.get("traits"):
                    text.append(_("Strengths at work:") + "\n", style="italic dim")
                    text.append(bullets(choice["traits"]))
            else:
                text.append(_("No animal yet"), style="dim")
            new.append(Static(text, classes="animal-card"))
        cards.mount_all(new)

    def action_overview(self) -> None:
        switcher = self.query_one(ContentSwitcher)
        if switcher.current == "animal-editor":
            self._show_overview()
            switcher.current = "animal-overview"
            self.query_one("#animal-overview").focus()
        else:
            switcher.current = "animal-editor"
            self.query_one(PeopleList).focus()
