"""The courses as their descriptions say: every shipped template and exercise marks source and
suggestion, every agenda leaves slack, and the content the issue lists is there. Also the marks'
checks, on small files that break one rule each.

The tests run in bokmål (tests/conftest.py), so the messages they match are the bokmål ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from kursrom.core.catalog import Catalog, Slack, load_catalog
from kursrom.core.catalog.planning import RoundPlan, item_basis
from kursrom.core.catalog.slack import MAX_UNPLANNED_SHARE, MIN_SLACK_MINUTES, MIN_SLACK_SHARE
from kursrom.paths import builtin_exercises_dir

README = Path(__file__).resolve().parents[2] / "exercises" / "README.md"
SHIPPED_SOURCES = {"pro", "i-jobb", "valg-av-strategi", "karriereveiledning", "jobbsentralen", "metodene"}

SOURCE = 'id = "kurs-a"\ntitle = "Kurs A"\npublisher = "NAV Et sted"\n'
EXERCISE = 'id = "prat"\nkind = "reflection"\ntitle = "Prat"\nprompt = "Snakk sammen."\nduration = 30\n'


def course(agenda_minutes: list[int], *, session_minutes: int = 60, marks: str = "", entry_marks: str = "") -> str:
    entries = "".join(f'\n[[sessions.agenda]]\nexercise = "prat"\nduration = {m}\n{entry_marks}'
                      for m in agenda_minutes)
    return ('id = "k"\nversion = 1\ntitle = "K"\n' + marks + '\n[schedule]\nkind = "weekly"\nsessions = 1\n'
            f'start_time = "12:00"\nsession_minutes = {session_minutes}\n\n[[sessions]]\ntitle = "Uke 1"\n'
            + entries)


def library(tmp_path: Path, *, exercise: str = EXERCISE, template: str | None = None) -> Catalog:
    (tmp_path / "sources").mkdir(exist_ok=True)
    (tmp_path / "sources" / "kurs-a.toml").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "exercises").mkdir(exist_ok=True)
    (tmp_path / "exercises" / "prat.toml").write_text(exercise, encoding="utf-8")
    if template is not None:
        (tmp_path / "courses").mkdir(exist_ok=True)
        (tmp_path / "courses" / "k.toml").write_text(template, encoding="utf-8")
    return load_catalog([tmp_path])


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load_catalog([builtin_exercises_dir()])


# --------------------------------------------------------------------------------------------------
# Every shipped template: slack, and marks that name their descriptions


def test_every_shipped_agenda_leaves_slack_and_no_more_unplanned_time_than_allowed(shipped):
    assert shipped.problems == [] and shipped.warnings == [], "\n".join(map(str, shipped.problems + shipped.warnings))
    for template in shipped.templates.values():
        for session in template.sessions:
            slack = Slack(session.minutes, sum(entry.duration for entry in session.agenda))
            assert not slack.too_little, (template.id, session.number, slack)
            assert not slack.too_much, (template.id, session.number, slack)


def test_every_shipped_template_and_exercise_is_marked_and_names_known_descriptions(shipped):
    assert set(shipped.sources) == SHIPPED_SOURCES
    for exercise in shipped.exercises.values():
        assert exercise.basis.marked, exercise.id
        assert set(exercise.basis.sources) <= SHIPPED_SOURCES, exercise.id
    for template in shipped.templates.values():
        assert template.id in template.basis.sources
        assert template.schedule.basis.marked
        for session in template.sessions:
            for entry in session.agenda:
                assert entry.basis.sources or entry.basis.all_suggested, (template.id, session.number, entry)
                # A statement marked as from a source always names one.
                assert all(source.strip() for source in entry.basis.sources)


def test_what_the_descriptions_leave_open_is_marked_as_a_suggestion(shipped):
    for exercise_id in ("evaluering-1-5", "evaluering-0-10", "evaluering-veiledning"):
        assert shipped.exercise(exercise_id).basis.is_suggested("scale_min"), exercise_id
    strategy = shipped.template("valg-av-strategi")
    assert {"sessions", "session_minutes", "start_time"} <= strategy.schedule.basis.suggested
    network = next(s for s in strategy.sessions if s.title == "Eget nettverk")
    assert network.basis.all_suggested and all(e.basis.all_suggested for e in network.agenda)
    drop_in = shipped.template("jobbsentralen").schedule
    assert (drop_in.start_time, drop_in.session_minutes) == ("12:00", 240)
    assert {"start_time", "session_minutes"} <= drop_in.basis.suggested
    guidance = shipped.template("karriereveiledning").schedule
    assert guidance.session_minutes == 60 and guidance.basis.is_suggested("session_minutes")
    i_jobb = shipped.template("i-jobb")
    assert i_jobb.basis.is_suggested("order") and all(s.basis.is_suggested("order") for s in i_jobb.sessions)
    pro = shipped.template("pro")
    assert not pro.basis.is_suggested("order")  # the weeks' questions and their order are PRO's own
    assert all(entry.basis.is_suggested("duration") for s in pro.sessions for entry in s.agenda)
    for template in shipped.templates.values():  # no evaluation text names a scale the planner may change
        for session in template.sessions:
            for entry in session.agenda:
                exercise = shipped.exercise(entry.exercise)
                if exercise.kind == "evaluation":
                    for text in (entry.instructions or "", entry.prompt or "", exercise.prompt,
                                 exercise.instructions):
                        assert " til 10" not in text and " til 5" not in text, (template.id, text)


def test_the_content_the_issue_found_missing_is_there(shipped):
    pro = shipped.template("pro")
    for part in ("Personlig kompetanse og livsmestring", "Relasjoner", "Online i ditt eget liv", "proaktiv"):
        assert part in pro.description
    week2_cv = next(e for e in pro.sessions[1].agenda if e.exercise == "cv-verksted")
    assert "nav.no" in week2_cv.instructions and "arbeidsplassen.no" in week2_cv.instructions
    assert week2_cv.basis.is_suggested("instructions")
    strategy = shipped.template("valg-av-strategi")
    assert "brev" in strategy.target_group and "brev" in strategy.sessions[0].agenda[0].instructions
    assert "raskere-psykisk-helse" in [e.exercise for s in strategy.sessions for e in s.agenda]
    assert shipped.exercise("normale-reaksjoner").data["speaker"] == "Psykolog fra NAV Arbeidsrådgivning"
    visits = shipped.exercise("besok-ut").data["topics"]
    assert {"Flyktningtjenesten", "Trossamfunn", "Voksenopplæringen", "Frivillige organisasjoner"} <= set(visits)
    guidance = shipped.template("karriereveiledning")
    last = [shipped.exercise(e.exercise) for e in guidance.sessions[-1].agenda][-1]
    assert last.kind == "evaluation" and not last.data["rate_agenda"]
    questions = " ".join(last.data["questions"]).lower()
    assert "forståelige" in questions and "håndtere" in questions and "meningsfulle" in questions
    i_jobb = shipped.template("i-jobb")
    workshops = [s.number for s in i_jobb.sessions if any(e.exercise == "skriveverksted" for e in s.agenda)]
    assert set(workshops) >= {6, 7, 9, 10, 11, 12, 14, 19}


def test_the_readme_states_the_slack_thresholds_the_check_uses():
    readme = README.read_text(encoding="utf-8")
    assert f"{round(MIN_SLACK_SHARE * 100)} % of the session's minutes, and never less than {MIN_SLACK_MINUTES}" \
           " minutes" in readme
    assert f"more than **{round(MAX_UNPLANNED_SHARE * 100)} % of the session**" in readme


# --------------------------------------------------------------------------------------------------
# The slack warnings, on a template that breaks one rule


def test_an_agenda_without_slack_is_a_warning_and_the_template_still_loads(tmp_path):
    catalog = library(tmp_path, template=course([30, 30]))
    assert catalog.problems == []
    assert set(catalog.templates) == {"k"}
    (warning,) = catalog.warnings
    assert (warning.file.name, warning.line, warning.field) == ("k.toml", 11, "sessions[1]")  # [[sessions]]
    assert warning.message == ("agendaen tar 60 av 60 min og gir 0 min luft; la minst 5 min være ledige til det "
                               "uventede")


def test_an_agenda_with_more_than_a_quarter_unplanned_is_a_warning(tmp_path):
    catalog = library(tmp_path, template=course([30], session_minutes=120))
    (warning,) = catalog.warnings
    assert "lar 90 min stå uplanlagt (høyst 30)" in warning.message
    assert len(library(tmp_path, template=course([30, 55], session_minutes=120)).warnings) == 1  # 35 min: too much
    assert library(tmp_path, template=course([30, 60], session_minutes=120)).warnings == []  # 30 min: at most


def test_slack_thresholds():
    assert Slack(120, 114).ok and Slack(120, 115).too_little  # 5 % of 120 is 6 min
    assert Slack(60, 55).ok and Slack(60, 56).too_little  # never less than 5 min
    assert Slack(180, 135).ok and Slack(180, 134).too_much  # a quarter of 180 is 45 min
    assert Slack(60, 61).warning() is None  # over the session: a problem, reported as such


# --------------------------------------------------------------------------------------------------
# The marks' checks


@pytest.mark.parametrize("value", ['""', "[]", '["kurs-a", " "]'], ids=["empty", "empty-list", "blank-item"])
def test_a_statement_marked_as_from_a_source_that_names_none_is_a_problem(tmp_path, value):
    catalog = library(tmp_path, exercise=EXERCISE + f"source = {value}\n")
    assert "prat" not in catalog.exercises
    (problem,) = catalog.problems
    assert problem.line == 6 and problem.field is not None and problem.field.startswith("source")
    assert "nevner ingen" in problem.message or "må nevne en kursbeskrivelse" in problem.message


def test_a_template_entry_marked_as_from_a_source_that_names_none_is_a_problem(tmp_path):
    catalog = library(tmp_path, template=course([20, 20], entry_marks='source = ""\n'))
    assert catalog.templates == {}
    assert [(p.line, p.field) for p in catalog.problems] == [(17, "sessions[1].agenda[1].source"),
                                                             (22, "sessions[1].agenda[2].source")]


def test_an_unknown_description_is_a_problem_with_a_suggestion(tmp_path):
    catalog = library(tmp_path, exercise=EXERCISE + 'source = "kurs-b"\n')
    (problem,) = catalog.problems
    assert problem.message == "ukjent kursbeskrivelse 'kurs-b' (mente du 'kurs-a'?)"


def test_suggested_names_fields_that_exist_there(tmp_path):
    catalog = library(tmp_path, exercise=EXERCISE + 'source = "kurs-a"\nsuggested = ["duraton", "questions"]\n')
    (problem,) = catalog.problems
    assert (problem.line, problem.field) == (7, "suggested[1]")
    assert "mente du 'duration'" in problem.message
    ok = library(tmp_path, exercise=EXERCISE + 'source = "kurs-a"\nsuggested = ["duration", "questions"]\n')
    assert ok.problems == [] and ok.exercise("prat").basis.suggested == {"duration", "questions"}


def test_all_suggested_and_a_source_in_one_table_is_a_problem(tmp_path):
    catalog = library(tmp_path, exercise=EXERCISE + 'source = "kurs-a"\nsuggested = true\n')
    (problem,) = catalog.problems
    assert problem.field == "suggested" and "kilde" in problem.message


def test_marks_are_inherited_and_suggestions_add_up(tmp_path):
    template = course([20, 20], marks='source = "kurs-a"\nsuggested = ["duration"]\n')
    template = template.replace('title = "Uke 1"\n', 'title = "Uke 1"\nsuggested = ["order"]\n')
    template = template.replace('duration = 20\n', 'duration = 20\nsuggested = true\n', 1)
    catalog = library(tmp_path, template=template)
    assert catalog.problems == []
    first, second = catalog.template("k").sessions[0].agenda
    assert first.basis.all_suggested and first.basis.sources == ("kurs-a",)
    assert second.basis.sources == ("kurs-a",) and second.basis.suggested == {"duration", "order"}
    shown = item_basis(second.basis, catalog.exercise("prat").basis, labels={"kurs-a": "Kurs A (NAV Et sted)"})
    assert shown.line() == "◇ Forslag: rekkefølgen, minuttene. Fra kursbeskrivelsen: Kurs A (NAV Et sted)."
    assert not shown.item_suggested
    assert item_basis(first.basis, catalog.exercise("prat").basis).line().startswith(
        "◇ Forslag fra kursrom, ikke fra kursbeskrivelsen.")


def test_a_file_without_marks_loads_unmarked(tmp_path):
    catalog = library(tmp_path, template=course([20, 20]))
    assert catalog.problems == []
    assert not catalog.exercise("prat").basis.marked
    assert not catalog.template("k").sessions[0].agenda[0].basis.marked


def test_the_planner_changes_the_scale_of_every_evaluation_only(shipped):
    plan = RoundPlan(shipped.template("pro"), shipped)
    assert plan.template_scale() == (1, 5) and plan.scale_suggested()
    plan.set_scale((0, 10))
    snaps = [plan.snapshot(agenda, item, shipped) for agenda in plan.sessions for item in agenda.items]
    scales = {(s["data"]["scale_min"], s["data"]["scale_max"]) for s in snaps if s["kind"] == "evaluation"}
    assert scales == {(0, 10)}
    assert shipped.exercise("evaluering-1-5").data["scale_max"] == 5  # the catalog is untouched
    with pytest.raises(ValueError):
        plan.set_scale((1, 10))
    plan.set_scale((1, 5))
    assert plan.scale is None and not plan.changed
