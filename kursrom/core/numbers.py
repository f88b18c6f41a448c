"""Numbers as the interface language writes them: minutes and seconds on a clock, decimals and
percentages (Babel's locale data: "4,6" and "60 %" in bokmål, "4.6" and "60%" in English).
The one place kursrom turns a number into text for a person to read. The interface language is the
default; an export in another language (an invitation in Ukrainian, a spreadsheet) passes `lang`."""

from __future__ import annotations

from kursrom.i18n import current_language

#: Shown where there is no number to show (no answers yet, nothing held).
NONE = "–"


def _locale(lang: str | None = None) -> str:
    from kursrom.core.languages import babel_locale

    return babel_locale(lang or current_language())


def clock_text(seconds: float) -> str:
    """Whole seconds as M:SS, or H:MM:SS from an hour up ("7:05", "1:02:05"). Callers round first:
    a countdown rounds up, time used rounds down."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def decimal(value: float | None, digits: int = 1, *, lang: str | None = None) -> str:
    """A number with `digits` decimals in `lang` (default: the interface language); "–" for none."""
    if value is None:
        return NONE
    from babel.numbers import format_decimal

    return format_decimal(value, format="0." + "0" * digits if digits else "0", locale=_locale(lang))


def percent(share: float | None, *, lang: str | None = None) -> str:
    """A share (0 to 1) as a whole percentage in `lang` (default: the interface language); "–" for none."""
    if share is None:
        return NONE
    from babel.numbers import format_percent

    return format_percent(share, locale=_locale(lang))
