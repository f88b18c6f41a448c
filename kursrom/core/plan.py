"""The person's own plan at the end of one-to-one guidance: where they are now, where they want to
be, and the steps between (their SØT board), with the conversations that led to it. A page for the
person; for their NAV advisor only with the person's consent (`kursrom.store.plan`)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from kursrom.core.rendering.escaping import md_inline
from kursrom.core.schedule import format_day
from kursrom.core.vocabulary import SessionStatus
from kursrom.i18n import _


@dataclass(frozen=True)
class PlanStep:
    text: str
    by: date | None


@dataclass(frozen=True)
class PersonPlan:
    person: str
    course: str
    conversations: tuple[tuple[int, str, datetime | None, str], ...]  # number, theme, when, status
    situation: str
    wish: str
    steps: tuple[PlanStep, ...]
    saved: datetime | None  # when the plan was last changed; None: not written yet

    @property
    def written(self) -> bool:
        return bool(self.situation or self.wish or self.steps)


def plan_steps(actions: Sequence[dict]) -> tuple[PlanStep, ...]:
    """A SØT board's actions as steps (a damaged date is left out, the step kept)."""
    steps = []
    for action in actions:
        text = str(action.get("text") or "").strip()
        if not text:
            continue
        try:
            by = date.fromisoformat(action["date"]) if action.get("date") else None
        except (TypeError, ValueError):
            by = None
        steps.append(PlanStep(text, by))
    return tuple(steps)


def _conversation_lines(plan: PersonPlan) -> list[str]:
    lines = []
    for number, theme, when, status in plan.conversations:
        held = status != SessionStatus.PLANNED
        state = _("held") if held else _("planned")
        lines.append(_("Conversation {number}: {theme} ({when}, {state})").format(
            number=number, theme=theme, when=format_day(when) if when else "–", state=state))
    return lines


def _words() -> dict[str, str]:
    """The page's headings in the interface language (outside f-strings, where extraction finds them)."""
    return {"title": _("My plan"), "now": _("The situation now"), "want": _("The situation I want"),
            "steps": _("My steps"),
            "yours": _("This plan is yours. It goes to your NAV advisor only if you want it to.")}


def _by(step: PlanStep) -> str:
    return _("by {day}").format(day=format_day(step.by)) if step.by else ""


def plan_markdown(plan: PersonPlan) -> str:
    w = {key: md_inline(text) for key, text in _words().items()}
    out = [f"# {w['title']}: {md_inline(plan.person)}", "", md_inline(plan.course), ""]
    out += [f"- {md_inline(line)}" for line in _conversation_lines(plan)] + [""]
    out += [f"## {w['now']}", "", md_inline(plan.situation) or "–", "",
            f"## {w['want']}", "", md_inline(plan.wish) or "–", "", f"## {w['steps']}", ""]
    out += [f"{i}. {md_inline(step.text)}" + (f" ({md_inline(_by(step))})" if step.by else "")
            for i, step in enumerate(plan.steps, 1)] or ["–"]
    out += ["", w["yours"]]
    return "\n".join(out) + "\n"


def plan_html(plan: PersonPlan) -> str:
    e = html.escape
    w = {key: e(text) for key, text in _words().items()}
    steps = "".join(f"<li>{e(step.text)}" + (f" <em>({e(_by(step))})</em>" if step.by else "") + "</li>"
                    for step in plan.steps)
    conversations = "".join(f"<li>{e(line)}</li>" for line in _conversation_lines(plan))
    return (f"<!DOCTYPE html>\n<html lang=\"nb\"><head><meta charset=\"utf-8\"><title>{w['title']}</title>"
            "<style>body{font-family:sans-serif;max-width:40em;margin:2em auto;line-height:1.5}</style></head><body>"
            f"<h1>{w['title']}: {e(plan.person)}</h1><p>{e(plan.course)}</p><ul>{conversations}</ul>"
            f"<h2>{w['now']}</h2><p>{e(plan.situation) or '–'}</p>"
            f"<h2>{w['want']}</h2><p>{e(plan.wish) or '–'}</p>"
            f"<h2>{w['steps']}</h2>" + (f"<ol>{steps}</ol>" if steps else "<p>–</p>")
            + f"<p><small>{w['yours']}</small></p></body></html>\n")
