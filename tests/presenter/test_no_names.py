"""No name reaches the room: every exercise of the shipped library, with the group's rules and
highlights shown, holds none of the roster's names, although the rules, highlights, notes and
reasons in the database name them. The terminal presenter draws each in bokmål and with every
language of the library beside it; the HTML page is written for bokmål, each language alone and all
of them together."""

from __future__ import annotations

import html
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Digits, Static

from kursrom.core.catalog.model import KINDS
from kursrom.core.catalog.translations import languages
from kursrom.core.names import name_parts
from kursrom.core.presenter_html import HtmlPresenter, data_script, page_html
from kursrom.screens.presenter import PresenterView
from kursrom.store import live
from kursrom.store.presenter import projection_now, set_choice
from kursrom.store.results import save_group_rules, save_result

import kursrom.screens.presenter as presenter_screens


class ViewApp(App[None]):
    CSS_PATH = Path(presenter_screens.__file__).with_name("presenter.tcss")

    def compose(self) -> ComposeResult:
        yield PresenterView()


def screen_text(app: App) -> str:
    """What the terminal shows, as text (the screenshot's SVG, unescaped)."""
    return html.unescape(app.export_screenshot()).replace("\xa0", " ")


def widget_text(view: PresenterView) -> str:
    """What the view's widgets draw, as text: quicker than a screenshot, for the many cases."""
    return "\n".join(str(widget.render()) for widget in view.query(Static)) + "\n".join(
        digits.value for digits in view.query(Digits))


def leaks(text: str, names: list[str]) -> list[str]:
    """The names, or parts of names, found in `text`."""
    folded = text.casefold()
    return [part for name in names for part in (name, *name_parts(name)) if part.casefold() in folded]


def room_texts_naming(demo_store, session, people, round_id, item_id):
    first, second, third = (person.name for person in people[:3])
    save_group_rules(demo_store, round_id, item_id, [f"{first.split()[0]} og {second} starter", f"Hør på {third}s idé"])
    save_result(demo_store, item_id, "group_rules",
                {"highlights": [{"text": f"{second.split()[-1]} foreslo pauser"}, {"text": "Felles lunsj"}]})
    save_result(demo_store, item_id, "group_rules", {"highlights": [{"text": "Personlig mål"}]}, people[0].id)


async def test_no_name_reaches_the_presenter(demo_store, running, people, round_id, catalog, add_item, clock,
                                            tmp_path):
    names = [person.name for person in people]
    langs = languages(catalog)
    assert {"uk", "ar", "en"} <= set(langs)
    language_sets = [(), *((lang,) for lang in langs), tuple(langs)]
    page = HtmlPresenter(tmp_path / "page")
    kinds, shown = set(), 0
    app = ViewApp()
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.query_one(PresenterView)
        for exercise in sorted(catalog.exercises.values(), key=lambda e: e.id):
            item = add_item(catalog, exercise.id)
            live.go_to(demo_store, running.id, item.id)
            if exercise.id == "grupperegler":
                room_texts_naming(demo_store, running, people, round_id, item.id)
            contents = ["item", "statement", "rules", "highlights"] if exercise.kind in ("card_sort", "group_rules") \
                else ["item"]
            for content in contents:
                for chosen in language_sets:
                    set_choice(demo_store, running.id, content=content, item_id=item.id, statement=1,
                               languages=chosen or None)
                    projection = projection_now(demo_store, running.id, clock.now())
                    whole = chosen == language_sets[-1]
                    if whole or not chosen:  # drawn in bokmål alone, and with every language beside it
                        view.show(projection)
                        await pilot.pause()
                        text = screen_text(app) if whole else widget_text(view)
                        assert projection.versions[0].title in text, "the text of the screen is read"
                        assert not leaks(text, names), (exercise.id, content, chosen, leaks(text, names))
                    written = page_html(projection) + data_script(projection)
                    if whole:  # and as the files the browser reads
                        page.show(projection)
                        written = page.page.read_text("utf-8") + (page.folder / "presenter-data.js").read_text("utf-8")
                    assert not leaks(written, names), (exercise.id, content, chosen)
                    shown += 1
            kinds.add(exercise.kind)
    assert kinds == set(KINDS), "every kind of exercise"
    assert shown > len(catalog.exercises) * len(language_sets)


async def test_the_check_would_catch_a_name(demo_store, running, people, catalog, add_item, clock):
    """The same reading of the screen finds a name when one is there: the test above is not blind."""
    item = add_item(catalog, "refleksjon" if "refleksjon" in catalog.exercises else "velkommen",
                    title=f"Velkommen, {people[3].name}")
    live.go_to(demo_store, running.id, item.id)
    app = ViewApp()
    async with app.run_test(size=(120, 40)) as pilot:
        app.query_one(PresenterView).show(projection_now(demo_store, running.id, clock.now()))
        await pilot.pause()
        assert leaks(screen_text(app), [people[3].name])
