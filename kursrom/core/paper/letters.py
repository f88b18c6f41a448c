"""The invitation letter in the languages course groups bring most. Bokmål is the text; the others
are kursrom's drafts (have them read by someone who speaks the language before relying on them).
A participant whose language has no text here gets the bokmål letter."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Letter:
    lang: str
    direction: str  # "ltr" or "rtl"
    title: str
    greeting: str  # {name}
    round_intro: str  # {course}
    session_intro: str  # {course}, {number}, {theme}
    when: str
    place: str
    facilitators: str
    bring: str
    closing: str


LETTERS: dict[str, Letter] = {
    "nb": Letter(
        "nb", "ltr", "Invitasjon", "Hei, {name}!",
        "Velkommen til {course}. Her er samlingene:",
        "Velkommen til samling {number} i {course}: «{theme}».",
        "Tid", "Sted", "Kursholdere",
        "Ta med noe å skrive med. Si fra til kursholderen hvis du ikke kan komme, eller hvis du trenger "
        "tolk eller tilrettelegging.",
        "Vennlig hilsen"),
    "en": Letter(
        "en", "ltr", "Invitation", "Hello, {name}!",
        "Welcome to {course}. These are the sessions:",
        "Welcome to session {number} of {course}: “{theme}”.",
        "Time", "Place", "Facilitators",
        "Bring something to write with. Tell the facilitator if you cannot come, or if you need an "
        "interpreter or other arrangements.",
        "Kind regards"),
    "uk": Letter(
        "uk", "ltr", "Запрошення", "Вітаємо, {name}!",
        "Ласкаво просимо на {course}. Ось заняття:",
        "Ласкаво просимо на заняття {number} курсу {course}: «{theme}».",
        "Час", "Місце", "Ведучі курсу",
        "Візьміть із собою щось для письма. Повідомте ведучого, якщо не зможете прийти або якщо вам "
        "потрібен перекладач чи інша допомога.",
        "З повагою"),
    "ar": Letter(
        "ar", "rtl", "دعوة", "مرحبًا {name}!",
        "أهلًا بك في {course}. هذه مواعيد اللقاءات:",
        "أهلًا بك في اللقاء رقم {number} من {course}: «{theme}».",
        "الوقت", "المكان", "المدربون",
        "أحضر معك شيئًا للكتابة. أخبر المدرب إذا لم تستطع الحضور، أو إذا كنت تحتاج إلى مترجم أو ترتيبات خاصة.",
        "مع أطيب التحيات"),
}


def letter_for(lang: str) -> Letter:
    """The letter in `lang` ("uk", "en-GB" uses "en"; nynorsk and Norwegian use bokmål), else bokmål."""
    base = (lang or "nb").replace("_", "-").split("-")[0].casefold()
    return LETTERS.get(base, LETTERS["nb"])
