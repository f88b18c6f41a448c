"""Plan a round: from a template, or as the next intake of an earlier round (its roster left empty).

The session dates are previewed as they are typed, computed by the template's rule. Norwegian public
holidays on a session date are flagged as suggestions: the facilitator skips a date with Space, or
all flagged holidays with h; nothing is skipped without their say.

From a template, the Agenda tab shows what the course descriptions say and what is kursrom's
suggestion (◇), and the facilitator changes the suggested parts that matter most for this round:
each item's minutes, the order of a session's items, and the evaluation scale. The round keeps its
own copy; the template's file is not touched.
"""

from __future__ import annotations

from contextlib import suppress

from datetime import date, timedelta

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, Select, Static, TabbedContent, TabPane
from textual.widgets.data_table import RowDoesNotExist

from kursrom.core.schedule import PlannedSession, format_day, format_when, holidays_on, parse_date, parse_time
from kursrom.core.catalog.planning import RoundPlan
from kursrom.i18n import _, ngettext
from kursrom.widgets.agenda_plan import SUGGESTION_MARK, AgendaPlan
from kursrom.widgets.footer import Footer
from kursrom.widgets.topline import TopLine
from kursrom.widgets.services import AppServices

#: How many times `h` follows a skipped holiday that pushed a session onto another holiday.
MAX_HOLIDAY_PASSES = 20
#: The evaluation scales a round may use (the loader allows these two), as the Select shows them.
SCALES = {"1-5": (1, 5), "0-10": (0, 10)}


class RoundFormScreen(AppServices, Screen[int | None]):
    """Returns the new round's id, or None when cancelled."""

    CSS_PATH = "round_form.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", _("Create"), priority=True, id="round_form.save"),
        Binding("space", "toggle_skip", _("Skip/keep date"), id="round_form.skip"),
        Binding("h", "skip_holidays", _("Skip holidays"), id="round_form.holidays"),
        Binding("escape", "cancel", _("Cancel"), id="round_form.cancel"),
    ]

    def __init__(self, *, copy_of: int | None = None) -> None:
        super().__init__()
        self.copy_of = copy_of
        #: While the new round is on its way to the store.
        self.saving = False
        self.skip: set[date] = set()
        self.planned: list[PlannedSession] = []
        self.holidays: dict[date, str] = {}
        self._last_template_title = ""
        self.plan: RoundPlan | None = None  # the template with this round's changes

    # -- building -----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TopLine(_("New course round") if self.copy_of is None else _("Next intake"))
        with Horizontal(id="form-body"):
            with Vertical(id="form-fields"):
                with Grid(id="form-grid"):
                    yield Label(_("Template"))
                    templates = sorted(self.catalog.templates.values(), key=lambda t: t.title)
                    yield Select([(t.title, t.id) for t in templates], id="f-template",
                                 allow_blank=not templates, compact=True)
                    yield Label(_("Title"))
                    yield Input(id="f-title", compact=True, max_length=80)
                    yield Label(_("Start date"))
                    yield Input(id="f-start", compact=True, placeholder=_("DD.MM.YYYY"))
                    yield Label(_("Time"))
                    yield Input(id="f-time", compact=True, placeholder="HH:MM")
                    yield Label(_("Place/link"))
                    yield Input(id="f-place", compact=True, placeholder=_("room, or a link"))
                    yield Label(_("Facilitators"))
                    yield Input(id="f-facilitators", compact=True)
                    yield Label(_("Scale"), id="f-scale-label")
                    yield Select([(_("{low}–{high}").format(low=low, high=high), key)
                                  for key, (low, high) in SCALES.items()], id="f-scale", compact=True,
                                 allow_blank=False)
                yield Static("", id="form-message")
            with TabbedContent(id="form-tabs", initial="tab-dates"):
                with TabPane(_("Dates"), id="tab-dates"):
                    with Vertical(id="form-dates"):
                        yield Label(_("Session dates"), id="dates-title")
                        yield DataTable(id="dates", cursor_type="row", zebra_stripes=True)
                with TabPane(_("Agenda"), id="tab-agenda"):
                    yield AgendaPlan(id="agenda-plan")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        templates = self.catalog.templates
        select = self.query_one("#f-template", Select)
        today = self.clock.local_now().date()
        if self.copy_of is not None:
            from kursrom.store.rounds import get_round, next_intake_start

            source = get_round(self.store, self.copy_of)
            self.source = source
            if source.template_id in templates:
                select.value = source.template_id
            select.disabled = True
            self._set("#f-title", source.title)
            self._set("#f-start", next_intake_start(self.store, source.id).strftime("%d.%m.%Y"))
            self._set("#f-time", source.start_time)
            self._set("#f-place", source.place)
            self._set("#f-facilitators", source.facilitators)
            self.query_one(TopLine).title = _("Next intake of {title}").format(title=source.title)
            # The next intake copies the earlier round's agendas as they stand, changes and all.
            self.query_one(TabbedContent).hide_tab("tab-agenda")
            self.call_after_refresh(self._edit_title)
        else:
            self.source = None
            if "pro" in templates:
                select.value = "pro"
            template = self._template()
            days = (7 - today.weekday()) % 7 or 7  # next Monday
            self._set("#f-start", (today + timedelta(days=days)).strftime("%d.%m.%Y"))
            if template:
                self._set("#f-title", template.title)
                self._set("#f-time", template.schedule.start_time)
                self._last_template_title = template.title
            select.focus()
        self._new_plan()
        self.recompute()

    def _new_plan(self) -> None:
        """A fresh plan from the chosen template; the scale row shows only when it has evaluations."""
        template = self._template() if self.source is None else None
        self.plan = RoundPlan(template, self.catalog) if template is not None else None
        self.query_one(AgendaPlan).plan = self.plan
        scale = self.plan.template_scale() if self.plan is not None else None
        for widget in (self.query_one("#f-scale-label", Label), self.query_one("#f-scale", Select)):
            widget.display = scale is not None
        if scale is None or self.plan is None:
            return
        mark = f" {SUGGESTION_MARK}" if self.plan.scale_suggested() else ""
        self.query_one("#f-scale-label", Label).update(_("Scale") + mark)
        select = self.query_one("#f-scale", Select)
        with select.prevent(Select.Changed):
            select.value = next(key for key, value in SCALES.items() if value == scale)

    @on(Select.Changed, "#f-scale")
    def _scale_changed(self, event: Select.Changed) -> None:
        if self.plan is not None and isinstance(event.value, str):
            self.plan.set_scale(SCALES[event.value])
            self.query_one(AgendaPlan).plan = self.plan

    def _edit_title(self) -> None:
        """The next intake usually needs a new title first: focus it with the old one selected."""
        title = self.query_one("#f-title", Input)
        title.focus()
        title.action_select_all()

    def _set(self, selector: str, value: str) -> None:
        self.query_one(selector, Input).value = value

    def _template(self):  # noqa: ANN202 - a CourseTemplate or None
        value = self.query_one("#f-template", Select).value
        return self.catalog.templates.get(value) if isinstance(value, str) else None

    # -- the preview ---------------------------------------------------------------------------------

    def _rule(self) -> tuple[str, int, list[int]] | None:
        """(schedule kind, number of sessions, minutes of each) for the round being planned."""
        if self.source is not None:
            from kursrom.store.rounds import schedule_kind, sessions_of

            sessions = sessions_of(self.store, self.source.id)
            minutes = [round((s.planned_end - s.planned_start).total_seconds() / 60)
                       if s.planned_start and s.planned_end else 120 for s in sessions]
            return schedule_kind(self.catalog, self.source), len(sessions), minutes
        template = self._template()
        if template is None:
            return None
        return template.schedule.kind, len(template.sessions), [plan.minutes for plan in template.sessions]

    def _days(self) -> tuple[str, ...]:
        """A drop-in service's opening days, from the template (or the round copied)."""
        from kursrom.store.rounds import schedule_days

        if self.source is not None:
            return schedule_days(self.catalog, self.source)
        template = self._template()
        return template.schedule.days if template else ()

    def _inputs(self) -> tuple[date, str] | str:
        """The start date and time, or a sentence saying what is wrong."""
        try:
            start = parse_date(self.query_one("#f-start", Input).value)
        except ValueError:
            return _("Write the start date as DD.MM.YYYY or YYYY-MM-DD.")
        text = self.query_one("#f-time", Input).value
        try:
            at = parse_time(text)
        except ValueError:
            return _("Write the time as HH:MM.")
        return start, at.strftime("%H:%M")

    def recompute(self) -> None:
        from kursrom.core.schedule import plan_sessions

        table = self.query_one("#dates", DataTable)
        keep = self._highlighted()
        table.clear(columns=True)
        note_width = max(table.size.width - 3 - 15 - 2 * 3 - 3, 4)
        table.add_column(Text(_("No."), justify="right"), key="number", width=3)
        table.add_column(_("When"), key="when", width=15)
        table.add_column(_("Note"), key="note", width=note_width)
        rule, inputs = self._rule(), self._inputs()
        message = self.query_one("#form-message", Static)
        self.planned, self.holidays = [], {}
        if rule is None:
            message.update(_("Choose a template."))
            self._bindings_changed()
            return
        if isinstance(inputs, str):
            message.update(Text(inputs, style="bold"))
            self._bindings_changed()
            return
        kind, count, minutes = rule
        start, at = inputs
        skip = {d for d in self.skip if d >= start}
        self.planned = plan_sessions(kind, count, start, at, minutes, skip=skip, days=self._days())
        self.holidays = holidays_on([p.start.date() for p in self.planned] + sorted(skip))
        rows: list[tuple[date, tuple, str]] = []
        for plan in self.planned:
            day = plan.start.date()
            note = Text("")
            if day in self.holidays:
                note = Text(f"⚑ {self.holidays[day]}", style="bold", no_wrap=True, overflow="ellipsis")
            rows.append((day, (Text(str(plan.number), justify="right"), format_when(plan.start, year=False), note),
                         day.isoformat()))
        for day in sorted(skip):
            label = _("skipped")
            if day in self.holidays:
                label = f"{label}: {self.holidays[day]}"
            rows.append((day, (Text("–", justify="right"), Text(format_day(day, year=False), style="dim strike"),
                               Text(label, style="dim", no_wrap=True, overflow="ellipsis")), day.isoformat()))
        for _day, cells, key in sorted(rows, key=lambda r: r[0]):
            table.add_row(*cells, key=key)
        if keep is not None:
            with suppress(RowDoesNotExist):  # the date left the plan
                table.move_cursor(row=table.get_row_index(keep.isoformat()))
        years = sorted({day.year for day, _cells, _key in rows})
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0]) if years else ""
        self.query_one("#dates-title", Label).update(_("Session dates {years}").format(years=span))
        flagged = self.flagged_holidays()
        last = self.planned[-1].start if self.planned else None
        if flagged:
            message.update(Text(ngettext(
                "{count} public holiday falls on a session date (⚑). Press h to skip it, or Space on a date.",
                "{count} public holidays fall on session dates (⚑). Press h to skip them, or Space on a date.",
                len(flagged)).format(count=len(flagged)), style="bold"))
        elif last is not None:
            message.update(_("{count} sessions, the last on {day}.").format(count=len(self.planned),
                                                                            day=format_day(last)))
        self._bindings_changed()

    def _bindings_changed(self) -> None:
        """Refresh the footer only when what it shows changes (it is rebuilt on every refresh)."""
        state = (bool(self.planned), bool(self.flagged_holidays()))
        if state != getattr(self, "_footer_state", None):
            self._footer_state = state
            self.refresh_bindings()

    def flagged_holidays(self) -> dict[date, str]:
        """Holidays that are still session dates: the suggestions to skip."""
        days = {p.start.date() for p in self.planned}
        return {d: name for d, name in self.holidays.items() if d in days}

    def _highlighted(self) -> date | None:
        table = self.query_one("#dates", DataTable)
        if table.row_count == 0:
            return None
        row_key, _column = table.coordinate_to_cell_key(table.cursor_coordinate)
        return date.fromisoformat(row_key.value)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id in ("f-start", "f-time"):
            self.recompute()

    @on(Select.Changed, "#f-template")
    def _template_changed(self) -> None:
        template = self._template()
        if template is not None and self.source is None:
            title = self.query_one("#f-title", Input)
            if not title.value or title.value == self._last_template_title:
                title.value = template.title
            self._last_template_title = template.title
            self._set("#f-time", template.schedule.start_time)
        self._new_plan()
        self.recompute()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "f-facilitators":
            self.query_one(TabbedContent).active = "tab-dates"
            self.query_one("#dates", DataTable).focus()
        else:
            self.focus_next()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_resize(self) -> None:
        self.call_after_refresh(self.recompute)

    # -- keys ------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        focused = self.focused  # None too while the screen is being taken down and its widgets are gone
        in_agenda = focused is not None and any(isinstance(node, AgendaPlan) for node in focused.ancestors_with_self)
        if action == "toggle_skip":
            if in_agenda:
                return False
            return True if focused is not None and focused.id == "dates" and self.planned else None
        if action == "skip_holidays":
            return False if in_agenda else True if self.flagged_holidays() else None
        if action == "save":
            return True if self.planned else None
        return True

    def action_toggle_skip(self) -> None:
        day = self._highlighted()
        if day is None:
            return
        if day in self.skip:
            self.skip.discard(day)
        else:
            self.skip.add(day)
        self.recompute()

    def action_skip_holidays(self) -> None:
        for _pass in range(MAX_HOLIDAY_PASSES):
            flagged = self.flagged_holidays()
            if not flagged:
                break
            self.skip |= set(flagged)
            self.recompute()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        self.in_key_order(self._save)  # Ctrl+S is a priority key: after the last letters typed

    def _save(self) -> None:
        from kursrom.store.rounds import PlanningError, copy_round, create_round

        inputs = self._inputs()
        message = self.query_one("#form-message", Static)
        if isinstance(inputs, str):
            message.update(Text(inputs, style="bold"))
            return
        title = self.query_one("#f-title", Input).value.strip()
        if not title:
            message.update(Text(_("A round needs a title."), style="bold"))
            self.query_one("#f-title", Input).focus()
            return
        start, at = inputs
        skip = {d for d in self.skip if d >= start}
        place = self.query_one("#f-place", Input).value.strip()
        facilitators = self.query_one("#f-facilitators", Input).value.strip()
        extra: dict = {}
        if self.source is not None:
            make, source = copy_round, self.source.id
        else:
            make, source = create_round, self._template()
            if source is None:
                message.update(Text(_("Choose a template."), style="bold"))
                return
            if self.plan is not None and self.plan.template is source:
                extra["plan"] = self.plan
        if self.saving:  # the round is on its way to the store: a second key would make two
            return
        self.saving = True

        def created(course_round) -> None:  # noqa: ANN001 - the CourseRound stored
            self.app.notify(_("Round created: {title}").format(title=course_round.title))
            self.dismiss(course_round.id)

        def refused(error: Exception) -> bool:
            self.saving = False
            if not isinstance(error, (PlanningError, ValueError, KeyError)):
                return False  # not a refusal the form can explain: the writer tells it
            message.update(Text(str(error), style="bold"))
            return True

        def failed(_error: object) -> None:  # the form stays as it is; the warning says why
            self.saving = False

        self.write(make, self.catalog, source, start=start, start_time=at, title=title, place=place,
                   facilitators=facilitators, skip=skip, **extra, on_saved=created, on_refused=refused,
                   on_failed=failed)
