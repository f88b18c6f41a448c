"""The printed materials as HTML: one self-contained A4 file a material (no scripts, no network), a
page per sheet, card or letter. Texts on the sheets are in the interface language; a second language
(cards, the SØT sheet) and each invitation's language come from the exercise's translations and the
letters kursrom has (`kursrom.core.paper.letters`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from kursrom.core.catalog.model import Exercise
from kursrom.core.clock import OSLO
from kursrom.core.languages import babel_locale, language_name
from kursrom.core.paper.data import PaperExercise, PaperRound, PaperSession, SotFilled
from kursrom.core.paper.letters import letter_for
from kursrom.i18n import _, current_language

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "paper"
#: Cards a page: two columns of four, each big enough to read across a table.
CARDS_PER_PAGE = 8
#: Blank lines on a sign-in sheet for people who come without being on the roster yet.
EXTRA_LINES = 6


@dataclass(frozen=True)
class Card:
    text: str
    translation: str = ""
    category: bool = False  # a category's heading card, not a statement


@dataclass(frozen=True)
class SotPart:
    title: str
    help: str
    title_translated: str = ""
    help_translated: str = ""


def long_day(moment: datetime | None, lang: str | None = None) -> str:
    """"mandag 30. november 2026" in the language of the page."""
    if moment is None:
        return ""
    from babel.dates import format_date

    return format_date(moment.astimezone(OSLO).date(), format="full", locale=babel_locale(lang or current_language()))


def clock(moment: datetime | None, lang: str | None = None) -> str:
    if moment is None:
        return ""
    from babel.dates import format_time

    return format_time(moment.astimezone(OSLO).time(), format="short", locale=babel_locale(lang or current_language()))


def short_day(moment: Any) -> str:
    if moment is None:
        return ""
    day = moment.astimezone(OSLO).date() if isinstance(moment, datetime) else moment
    return day.strftime("%d.%m.%Y")


@cache
def _environment():  # noqa: ANN202 - a jinja2.Environment
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update({"long_day": long_day, "clock": clock, "short_day": short_day})
    env.globals["_"] = lambda message: _(message)
    return env


def _render(template: str, **context: Any) -> str:
    context.setdefault("lang", current_language())
    return _environment().get_template(f"{template}.html").render(**context)


def _translated(exercise: Exercise, name: str, lang: str | None) -> Any:
    """The field in `lang` when it is really translated there, else None."""
    if not lang or lang.split("-")[0] in ("nb", "no", "nn"):
        return None
    try:
        found = exercise.localize(name, lang)
    except KeyError:
        return None
    return found.value if found.translated else None


def second_language(round_: PaperRound, exercises: Sequence[Exercise], field: str) -> str | None:
    """The language most of the round's participants prefer, other than Norwegian, in which the
    exercises have `field` translated; None when there is none."""
    wanted = Counter(p.language.split("-")[0] for p in round_.people if p.language)
    for lang, _count in wanted.most_common():
        if any(_translated(exercise, field, lang) for exercise in exercises):
            return lang
    return None


def sign_in_sheet(round_: PaperRound, session: PaperSession) -> str:
    """Names in Norwegian order, a column to sign, and blank lines for late additions."""
    return _render("sign_in", r=round_, s=session, people=round_.people, extra=EXTRA_LINES)


def sot_sheet(round_: PaperRound, exercise: Exercise | None, *, filled: SotFilled | None = None,
              lang: str | None = None) -> str:
    """The SØT model's three parts with room to write, or one participant's board filled in."""
    parts = []
    for key, fallback in (("situation", _("The situation now")), ("wish", _("The situation I want")),
                          ("actions", _("Actions"))):
        part = (exercise.data.get(key) or {}) if exercise else {}
        translated = (_translated(exercise, key, lang) or {}) if exercise else {}
        parts.append(SotPart(part.get("title") or fallback, part.get("help", ""),
                             translated.get("title", ""), translated.get("help", "")))
    language = language_name(lang, current_language()) if lang and any(p.title_translated for p in parts) else ""
    return _render("sot", r=round_, parts=parts, filled=filled, language=language,
                   title=exercise.title if exercise else _("The SØT model"))


def card_pages(round_: PaperRound, items: Sequence[PaperExercise], *, lang: str | None = None) -> str:
    """Each card-sort exercise's categories and statements as cards to cut out, a page of eight at a
    time; in two languages where the exercise is translated into `lang`."""
    exercises = [item.exercise for item in items]
    lang = lang or second_language(round_, exercises, "statements")
    decks = []
    for item in items:
        exercise = item.exercise
        cards = []
        for field, heading in (("categories", True), ("statements", False)):
            texts = exercise.data.get(field) or []
            translated = _translated(exercise, field, lang) or []
            for index, text in enumerate(texts):
                other = translated[index] if index < len(translated) and translated[index] != text else ""
                cards.append(Card(text, other, heading))
        pages = [cards[i:i + CARDS_PER_PAGE] for i in range(0, len(cards), CARDS_PER_PAGE)]
        decks.append((item, pages))
    return _render("cards", r=round_, decks=decks, language=language_name(lang, current_language()) if lang else "")


def rules_poster(round_: PaperRound) -> str:
    """The rules the group agreed, large, for the wall."""
    return _render("rules", r=round_, rules=round_.group_rules)


def certificates(round_: PaperRound) -> str:
    """A course certificate (kursbevis) a page, for each participant who attended enough sessions."""
    return _render("certificate", r=round_, people=round_.completed, held=len(round_.sessions))


def invitations(round_: PaperRound, session: PaperSession | None = None) -> str:
    """A letter a page for each participant, in their language where kursrom has the text: for one
    session (`session`), or for the whole round."""
    letters = [(person, letter_for(person.language)) for person in round_.people]
    return _render("invitation", r=round_, letters=letters, session=session,
                   sessions=[s for s in round_.sessions if s.start] if session is None else [session])
