"""The exercise library loader: the shipped library, every validation case, overrides, and a
property test that no input ever makes it raise.

The tests run in bokmål (tests/conftest.py), so the messages they match are the bokmål ones."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kursrom.core.catalog import (
    KIND_FIELDS,
    KINDS,
    Catalog,
    Exercise,
    Problem,
    default_folders,
    load_catalog,
)
from kursrom.i18n import set_language
from kursrom.paths import builtin_exercises_dir

DATA = Path(__file__).resolve().parents[1] / "data" / "catalog"
README = Path(__file__).resolve().parents[2] / "exercises" / "README.md"

OK_EXERCISE = 'id = "ok"\nkind = "break"\ntitle = "Pause"\nprompt = "Pause."\nduration = 10\n'


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load_catalog([builtin_exercises_dir()])


def load_case(name: str) -> Catalog:
    return load_catalog([DATA / name])


def only_problem(catalog: Catalog) -> Problem:
    assert len(catalog.problems) == 1, "\n".join(map(str, catalog.problems))
    return catalog.problems[0]


def assert_problem(problem: Problem, file: str, line: int | None, field: str | None) -> None:
    assert (problem.file.relative_to(DATA).as_posix(), problem.line, problem.field) == (file, line, field), str(problem)


def assert_sibling_loads(catalog: Catalog) -> None:
    """The valid file beside the broken one still loads."""
    assert catalog.exercise("ok").title == "Pause"


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------------
# The shipped library


def test_the_shipped_library_loads_without_problems(shipped):
    assert shipped.problems == [], "\n".join(map(str, shipped.problems))
    assert len(shipped.exercises) >= 18
    assert set(shipped.templates) == {"pro", "i-jobb", "valg-av-strategi", "karriereveiledning", "jobbsentralen"}


def test_every_kind_is_used_at_least_once(shipped):
    assert {exercise.kind for exercise in shipped.exercises.values()} == set(KINDS)


def test_every_shipped_file_is_named_after_its_id_and_translated_to_english(shipped):
    for exercise in shipped.exercises.values():
        assert exercise.source.stem == exercise.id
        assert exercise.translations["en"].keys() >= {"title", "prompt"}, exercise.id
    for template in shipped.templates.values():
        assert template.source.stem == template.id


def test_the_methods_of_courses_md_are_all_in_the_library(shipped):
    ex = shipped.exercises
    for needed in ("velkommen", "grupperegler", "dyreovelsen", "egenskaper-og-yrker", "hva-nav-kan-tilby",
                   "kompetanse-tidslinje", "karrierefortelling", "cv-verksted", "stillingsannonse",
                   "mal-og-verdier", "soknadsbrev", "sot-modellen", "intervjutrening",
                   "arbeidsgivers-perspektiv", "arbeidsmarkedet", "norsk-arbeidskultur",
                   "rettigheter-og-plikter", "muntlig-presentasjon", "nettverkskart", "normale-reaksjoner",
                   "pause", "hjemmelekse", "evaluering-1-5", "evaluering-0-10"):
        assert needed in ex, needed
    assert ex["norsk-arbeidskultur"].data["categories"] == ["Typisk norsk", "Ikke typisk", "Det kommer an på"]
    sot = ex["sot-modellen"].data
    assert [sot[part]["title"] for part in ("situation", "wish", "actions")] == [
        "Situasjonen nå", "Ønskesituasjonen", "Tiltak"]
    assert sot["group_size"] == 3 and 15 <= sot["phases"]["groups"] <= 20
    assert ex["intervjutrening"].data["roles"] == ["Jobbsøker", "Intervjuer", "Observatør"]
    assert len(ex["dyreovelsen"].data["animals"]) >= 8
    assert (ex["evaluering-1-5"].data["scale_min"], ex["evaluering-1-5"].data["scale_max"]) == (1, 5)
    assert (ex["evaluering-0-10"].data["scale_min"], ex["evaluering-0-10"].data["scale_max"]) == (0, 10)


def test_pro_has_five_two_hour_weeks_each_filled_with_a_break_and_an_evaluation(shipped):
    pro = shipped.template("pro")
    assert (pro.schedule.kind, pro.schedule.sessions, pro.schedule.session_minutes) == ("weekly", 5, 120)
    assert [s.theme for s in pro.sessions] == ["Hvem er jeg?", "Hva kan jeg?", "Hva vil jeg?", "Hva skal til?", "Go!"]
    for session in pro.sessions:
        kinds = [shipped.exercise(entry.exercise).kind for entry in session.agenda]
        assert 100 <= sum(entry.duration for entry in session.agenda) <= session.minutes == 120
        assert "break" in kinds, session.title
        assert kinds[-1] == "evaluation", session.title
    ids = [[entry.exercise for entry in s.agenda] for s in pro.sessions]
    assert "sot-modellen" in ids[0] and "sot-modellen" in ids[2]


def test_i_jobb_runs_four_weeks_of_weekdays_and_speaks_ukrainian_and_arabic(shipped):
    course = shipped.template("i-jobb")
    schedule = course.schedule
    assert (schedule.kind, schedule.weeks, schedule.sessions, schedule.start_time, schedule.session_minutes) == (
        "weekdays", 4, 20, "12:00", 180)
    assert len(course.sessions) == 20
    assert all(len(s.agenda) >= 4 for s in course.sessions[:5])  # the first week is fully planned
    assert all(s.title and s.theme and s.agenda for s in course.sessions)
    used = {entry.exercise for s in course.sessions for entry in s.agenda}
    for exercise_id in used:
        translations = shipped.exercise(exercise_id).translations
        for lang in ("uk", "ar"):
            assert translations[lang].keys() >= {"title", "prompt"}, (exercise_id, lang)
        # With interpreters, overriding the bokmål prompt would leave the translation behind.
    assert not any(entry.prompt or entry.title for s in course.sessions for entry in s.agenda)


def test_the_other_templates(shipped):
    strategy = shipped.template("valg-av-strategi")
    assert (strategy.schedule.kind, len(strategy.sessions)) == ("weekly", 5)
    assert all(s.agenda[-1].exercise == "evaluering-0-10" for s in strategy.sessions)
    guidance = shipped.template("karriereveiledning")
    assert (guidance.schedule.kind, len(guidance.sessions)) == ("conversations", 3)
    assert "sot-modellen" in [entry.exercise for entry in guidance.sessions[2].agenda]
    drop_in = shipped.template("jobbsentralen")
    assert (drop_in.schedule.kind, len(drop_in.sessions), drop_in.schedule.days) == ("drop_in", 32, ("tue", "thu")), \
        "one day in the file, opened on every Tuesday and Thursday of a 16-week term"


def test_every_agenda_fits_its_session(shipped):
    for template in shipped.templates.values():
        for session in template.sessions:
            assert sum(entry.duration for entry in session.agenda) <= session.minutes, (template.id, session.number)


def test_the_readme_documents_every_kind_and_field():
    readme = README.read_text(encoding="utf-8")
    for kind, fields in KIND_FIELDS.items():
        assert f"`{kind}`" in readme, kind
        for name in fields:
            assert f"`{name}`" in readme, (kind, name)
    for name in ("id", "kind", "title", "prompt", "instructions", "duration", "translations", "version",
                 "target_group", "description", "schedule", "start_time", "session_minutes", "weeks",
                 "theme", "agenda", "exercise", "weekly", "weekdays", "conversations", "drop_in",
                 "source", "suggested", "order", "status", "reviewed", "draft", "publisher", "note"):
        assert f"`{name}`" in readme, name


# --------------------------------------------------------------------------------------------------
# One test per validation case: the exact file, line and field, and the valid sibling still loads


def test_toml_syntax_error():
    catalog = load_case("syntax_error")
    problem = only_problem(catalog)
    assert_problem(problem, "syntax_error/exercises/broken.toml", 3, None)
    assert "er ikke gyldig TOML" in problem.message and "avsluttende anførselstegn" in problem.message
    assert_sibling_loads(catalog)


def test_unknown_kind():
    catalog = load_case("unknown_kind")
    problem = only_problem(catalog)  # its [quiz] table is not reported as well
    assert_problem(problem, "unknown_kind/exercises/quiz.toml", 2, "kind")
    assert "'quiz'" in problem.message and "reflection" in problem.message
    assert_sibling_loads(catalog)


def test_missing_required_top_level_field():
    catalog = load_case("missing_field")
    problem = only_problem(catalog)
    assert_problem(problem, "missing_field/exercises/no-prompt.toml", None, "prompt")
    assert problem.message == "påkrevd felt mangler"
    assert_sibling_loads(catalog)


def test_missing_required_field_of_the_kind_points_at_the_table_header():
    catalog = load_case("missing_kind_field")
    assert_problem(only_problem(catalog), "missing_kind_field/exercises/intervju.toml", 7, "role_play.rounds")
    assert_sibling_loads(catalog)


def test_missing_kind_table_points_at_the_kind():
    catalog = load_case("missing_kind_table")
    problem = only_problem(catalog)
    assert_problem(problem, "missing_kind_table/exercises/dyr.toml", 2, "animal")
    assert "[animal]" in problem.message
    assert_sibling_loads(catalog)


def test_wrong_type():
    catalog = load_case("wrong_type")
    problem = only_problem(catalog)
    assert_problem(problem, "wrong_type/exercises/title-number.toml", 3, "title")
    assert problem.message == "må være tekst i anførselstegn, fikk 5"
    assert_sibling_loads(catalog)


def test_wrong_type_inside_an_inline_array_names_the_element_and_its_line():
    catalog = load_case("wrong_type_nested")
    assert_problem(only_problem(catalog), "wrong_type_nested/exercises/dyr.toml", 12, "animal.animals[4].traits")
    assert_sibling_loads(catalog)


def test_bad_duration_reads_as_the_facilitator_wrote_it():
    catalog = load_case("bad_duration")
    problem = only_problem(catalog)
    assert_problem(problem, "bad_duration/exercises/ten.toml", 5, "duration")
    assert str(problem) == (
        f"{DATA / 'bad_duration/exercises/ten.toml'}:5: felt 'duration': "
        "må være et helt antall minutter (1–480), fikk 'ten'")
    assert_sibling_loads(catalog)


@pytest.mark.parametrize("value", ["0", "-5", "481", "10.5", '"10"', "true", "[10]"])
def test_bad_duration_values(tmp_path, value):
    write(tmp_path, "exercises/ok.toml", OK_EXERCISE)
    path = write(tmp_path, "exercises/bad.toml", OK_EXERCISE.replace('"ok"', '"bad"').replace("10", value))
    catalog = load_catalog([tmp_path])
    problem = only_problem(catalog)
    assert (problem.file, problem.line, problem.field) == (path, 5, "duration")
    assert problem.message.startswith("må være et helt antall minutter (1–480), fikk ")
    assert_sibling_loads(catalog)


def test_unknown_keys_are_reported_with_a_suggestion():
    catalog = load_case("unknown_keys")
    titel, questionz = catalog.problems
    assert_problem(titel, "unknown_keys/exercises/typo.toml", 3, "titel")
    assert "mente du 'title'" in titel.message
    assert_problem(questionz, "unknown_keys/exercises/typo.toml", 10, "reflection.questionz")
    assert "mente du 'questions'" in questionz.message
    assert_sibling_loads(catalog)


def test_a_table_of_another_kind_is_reported():
    catalog = load_case("other_kind_table")
    assert_problem(only_problem(catalog), "other_kind_table/exercises/pause.toml", 7, "sot")
    assert_sibling_loads(catalog)


def test_bad_slug():
    catalog = load_case("bad_slug")
    problem = only_problem(catalog)
    assert_problem(problem, "bad_slug/exercises/min-ovelse.toml", 1, "id")
    assert "'Min Øvelse'" in problem.message
    assert_sibling_loads(catalog)


def test_evaluation_scale_must_be_one_to_five_or_zero_to_ten():
    catalog = load_case("evaluation_scale")
    problem = only_problem(catalog)
    assert_problem(problem, "evaluation_scale/exercises/eval.toml", 9, "evaluation.scale_max")
    assert "1–5 eller 0–10, fikk 1–10" in problem.message
    assert_sibling_loads(catalog)


def test_translation_with_a_bad_language_code():
    catalog = load_case("translation_lang")
    assert_problem(only_problem(catalog), "translation_lang/exercises/pause.toml", 10, "translations.English")
    assert_sibling_loads(catalog)


def test_translation_with_a_value_that_is_not_text():
    catalog = load_case("translation_value")
    assert_problem(only_problem(catalog), "translation_value/exercises/pause.toml", 9, "translations.uk.prompt")
    assert_sibling_loads(catalog)


def test_duplicate_ids_in_one_folder_keep_the_first_file():
    catalog = load_case("duplicate_ids")
    problem = only_problem(catalog)
    assert_problem(problem, "duplicate_ids/exercises/b.toml", 1, "id")
    assert "a.toml" in problem.message
    assert catalog.exercise("same").source.name == "a.toml"
    assert_sibling_loads(catalog)


def test_template_referencing_an_unknown_exercise():
    catalog = load_case("template_unknown_exercise")
    problem = only_problem(catalog)
    assert_problem(problem, "template_unknown_exercise/courses/kurs.toml", 27, "sessions[2].agenda[3].exercise")
    assert "'finnes-ikke'" in problem.message
    assert set(catalog.templates) == {"ok-kurs"}
    assert_sibling_loads(catalog)


def test_template_referencing_a_broken_exercise_is_left_out_too():
    catalog = load_case("template_broken_exercise")
    exercise_problem, template_problem = catalog.problems
    assert_problem(exercise_problem, "template_broken_exercise/exercises/brutt.toml", 5, "duration")
    assert_problem(template_problem, "template_broken_exercise/courses/kurs.toml", 15,
                   "sessions[1].agenda[1].exercise")
    assert "brutt.toml" in template_problem.message
    assert set(catalog.templates) == {"ok-kurs"}
    assert_sibling_loads(catalog)


def test_agenda_longer_than_its_session():
    catalog = load_case("agenda_too_long")
    problem = only_problem(catalog)
    assert_problem(problem, "agenda_too_long/courses/kurs.toml", 14, "sessions[1].agenda")
    assert "70 min" in problem.message and "60 min" in problem.message
    assert set(catalog.templates) == {"ok-kurs"}
    assert_sibling_loads(catalog)


def test_bad_agenda_duration():
    catalog = load_case("agenda_duration")
    assert_problem(only_problem(catalog), "agenda_duration/courses/kurs.toml", 19, "sessions[1].agenda[2].duration")
    assert set(catalog.templates) == {"ok-kurs"}


def test_bad_schedule_kind():
    catalog = load_case("schedule_kind")
    problem = only_problem(catalog)
    assert_problem(problem, "schedule_kind/courses/kurs.toml", 6, "schedule.kind")
    assert "'monthly'" in problem.message and "drop_in" in problem.message
    assert set(catalog.templates) == {"ok-kurs"}


def test_bad_start_time():
    catalog = load_case("schedule_time")
    assert_problem(only_problem(catalog), "schedule_time/courses/kurs.toml", 8, "schedule.start_time")
    assert set(catalog.templates) == {"ok-kurs"}


# --------------------------------------------------------------------------------------------------
# Inputs that must never raise


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (b"", None, "er tom"),
        (b"# only a comment\n", None, "har ingen felt, bare kommentarer"),
        (b'id = "x"\ntitle = "\xff\xfe"\n', 2, "er ikke UTF-8-tekst"),
        (b"[1, 2]\n", 1, "er ikke gyldig TOML"),
        (b'x = """never closed', 1, "er ikke gyldig TOML"),
        (b"x = " + b"[" * 3000 + b"]" * 3000 + b"\n", None, "nøstet for dypt"),
    ],
    ids=["empty", "comment-only", "not-utf8", "top-level-array", "unterminated", "deeply-nested"],
)
def test_hostile_files_give_one_problem(tmp_path, content, line, message):
    write(tmp_path, "exercises/ok.toml", OK_EXERCISE)
    path = write(tmp_path, "exercises/bad.toml", content)
    catalog = load_catalog([tmp_path])
    problem = only_problem(catalog)
    assert (problem.file, problem.line, problem.field) == (path, line, None)
    assert message in problem.message
    assert_sibling_loads(catalog)


def test_a_byte_order_mark_is_tolerated(tmp_path):
    write(tmp_path, "exercises/ok.toml", b"\xef\xbb\xbf" + OK_EXERCISE.encode())
    assert_sibling_loads(load_catalog([tmp_path]))


def test_missing_folders_and_stray_files_are_skipped(tmp_path):
    write(tmp_path, "exercises/ok.toml", OK_EXERCISE)
    write(tmp_path, "exercises/notes.txt", "not an exercise")
    write(tmp_path, "exercises/.#ok.toml", "editor lock file")
    catalog = load_catalog([tmp_path / "does-not-exist", tmp_path])
    assert catalog.problems == []
    assert_sibling_loads(catalog)


def test_weekday_schedule_needs_weeks_matching_its_sessions(tmp_path):
    course = (
        'id = "k"\nversion = 1\ntitle = "K"\n\n[schedule]\nkind = "weekdays"\nweeks = 2\nsessions = 5\n'
        'start_time = "12:00"\nsession_minutes = 60\n' + '\n[[sessions]]\ntitle = "Dag"\n' * 5
    )
    path = write(tmp_path, "courses/k.toml", course)
    problem = only_problem(load_catalog([tmp_path]))
    assert (problem.file, problem.line, problem.field) == (path, 8, "schedule.sessions")
    assert problem.message == "er 5, men 2 uker med hverdager gir 10 samlinger"


def test_an_agenda_duration_too_short_for_the_exercises_rounds(tmp_path):
    shipped = builtin_exercises_dir()
    course = (
        'id = "k"\nversion = 1\ntitle = "K"\n\n[schedule]\nkind = "weekly"\nsessions = 1\n'
        'start_time = "12:00"\nsession_minutes = 60\n\n[[sessions]]\ntitle = "Uke 1"\n\n'
        '[[sessions.agenda]]\nexercise = "intervjutrening"\nduration = 20\n'
    )
    path = write(tmp_path, "courses/k.toml", course)
    catalog = load_catalog([shipped, tmp_path])
    problem = only_problem(catalog)
    assert (problem.file, problem.line, problem.field) == (path, 16, "sessions[1].agenda[1].duration")
    assert problem.message == "er 20 min, men øvelsen trenger 36 min til 3 runder à 12 min"


def test_lines_are_found_in_tricky_but_valid_toml():
    """Strings holding brackets, quotes and '#', multi-line strings, quoted and dotted keys."""
    from kursrom.core.catalog import _Locator

    text = (
        '# comment [not a table]\nid = "a#b" # trailing [x]\n"quoted key" = \'lit ] {\'\na.b.c = 1\n'
        'ml = """\nline "one" ]\n \\""" still in\n"""\nlit = \'\'\'\n[fake]\n\'\'\'\n'
        'arr = [\n  "x, y", # comment ]\n  { n = "}", m = [1,\n     2] },\n  \'\'\'z\'\'\',\n]\n'
        'when = 1979-05-27 07:32:00Z\n[t . "sub key"]\nk = 2\n[[aot]]\nv = 1\n[[aot]]\nv = 2\n'
        '[aot.inner]\nw = 3\n[[aot.list]]\nq = 4\n'
    )
    locator = _Locator(text)
    expected = {
        ("id",): 2, ("quoted key",): 3, ("a", "b", "c"): 4, ("ml",): 5, ("lit",): 9, ("arr", 0): 13,
        ("arr", 1, "m"): 14, ("arr", 1, "m", 1): 15, ("arr", 2): 16, ("when",): 18, ("t", "sub key", "k"): 20,
        ("aot", 1, "v"): 24, ("aot", 1, "inner", "w"): 26, ("aot", 1, "list", 0, "q"): 28,
        ("aot", 1, "missing"): 23,  # a missing key falls back to its table's header
    }
    assert {path: locator.line_of(path) for path in expected} == expected


# --------------------------------------------------------------------------------------------------
# Overrides, the model's methods, the module's weight


def test_a_user_folder_overrides_the_shipped_exercise(tmp_path, shipped):
    user = tmp_path / "user"
    path = write(user, "exercises/pause.toml", 'id = "pause"\nkind = "break"\ntitle = "Kaffepause"\n'
                 'prompt = "Kaffe!"\nduration = 10\n')
    catalog = load_catalog([builtin_exercises_dir(), user])
    assert catalog.problems == []
    assert catalog.exercise("pause").title == "Kaffepause"
    assert catalog.exercise("pause").source == path
    assert len(catalog.exercises) == len(shipped.exercises)
    assert catalog.template("pro").sessions[0].agenda[3].exercise == "pause"  # shipped templates use it


def test_an_override_that_breaks_a_shipped_template_is_reported(tmp_path):
    user = tmp_path / "user"
    write(user, "exercises/pause.toml", 'id = "pause"\nkind = "break"\ntitle = "Lang pause"\n'
          'prompt = "Pause."\nduration = 30\n')
    catalog = load_catalog([builtin_exercises_dir(), user])
    assert "pro" not in catalog.templates
    assert any(p.file.name == "pro.toml" and p.field == "sessions[1].agenda" for p in catalog.problems)


def test_a_broken_user_file_leaves_the_shipped_exercise_in_place(tmp_path):
    user = tmp_path / "user"
    write(user, "exercises/pause.toml", 'id = "pause"\nkind = "break"\n')
    catalog = load_catalog([builtin_exercises_dir(), user])
    assert catalog.exercise("pause").source.parent == builtin_exercises_dir() / "exercises"
    assert {p.field for p in catalog.problems} == {"title", "prompt", "duration"}


def test_a_user_template_overrides_the_shipped_one(tmp_path):
    user = tmp_path / "user"
    write(user, "courses/pro.toml", 'id = "pro"\nversion = 2\ntitle = "Min PRO"\n\n[schedule]\nkind = "weekly"\n'
          'sessions = 1\nstart_time = "09:00"\nsession_minutes = 90\n\n[[sessions]]\ntitle = "Alt i ett"\n\n'
          '[[sessions.agenda]]\nexercise = "sot-modellen"\n')
    catalog = load_catalog([builtin_exercises_dir(), user])
    assert catalog.problems == []
    pro = catalog.template("pro")
    assert (pro.version, pro.title, pro.sessions[0].minutes, pro.sessions[0].agenda[0].duration) == (
        2, "Min PRO", 90, 30)


def test_unknown_ids_raise_key_error(shipped):
    with pytest.raises(KeyError):
        shipped.exercise("finnes-ikke")
    with pytest.raises(KeyError):
        shipped.template("finnes-ikke")


def test_localized_falls_back_to_bokmal(shipped):
    pause = shipped.exercise("pause")
    assert pause.localized("uk") == ("Перерва", "Перерва. Скоро продовжимо.")
    assert pause.localized("en-GB") == pause.localized("en")
    assert pause.localized("so") == (pause.title, pause.prompt)
    assert pause.localized("nb") == (pause.title, pause.prompt)
    assert shipped.exercise("dyreovelsen").localized("ar")[0] == "Dyreøvelsen"


def test_snapshot_is_json_and_round_trips(shipped):
    for exercise in shipped.exercises.values():
        snap = json.loads(json.dumps(exercise.snapshot()))
        assert Exercise.from_snapshot(snap) == exercise
    sot = shipped.exercise("sot-modellen")
    snap = sot.snapshot()
    snap["data"]["phases"]["alone"] = 99  # a copy: the catalog is untouched
    assert sot.data["phases"]["alone"] == 7


def test_problem_str_without_line_or_field():
    assert str(Problem(Path("a.toml"), None, None, "is empty")) == "a.toml: is empty"
    assert str(Problem(Path("a.toml"), 3, None, "bad")) == "a.toml:3: bad"


# --------------------------------------------------------------------------------------------------
# The messages speak the interface language: bokmål by default, English on request


def test_problems_are_in_bokmal_by_default(tmp_path):
    write(tmp_path, "exercises/quiz.toml", OK_EXERCISE.replace('"break"', '"brake"'))
    write(tmp_path, "exercises/dyr.toml", OK_EXERCISE.replace('"ok"', '"dyr"').replace('"break"', '"animal"')
          + '\n[animal]\nanimals = [{ name = "Ugle", traits = ["klok"] }]\n')
    write(tmp_path, "exercises/brutt.toml", 'id = "brutt"\ntitle = "Pause\n')
    catalog = load_catalog([tmp_path])
    messages = {p.file.name: p.message for p in catalog.problems}
    assert messages == {
        # tomllib's own description stays English; the rest, and the hint, is bokmål
        "brutt.toml": "er ikke gyldig TOML: Illegal character '\\n' (kolonne 15): "
                      "mangler et avsluttende anførselstegn?",
        "dyr.toml": "må ha minst 8 oppføringer, har 1",
        "quiz.toml": "ukjent type 'brake' (mente du 'break'?); bruk en av: " + ", ".join(KINDS),
    }
    assert str(catalog.problems[-1]).endswith(":2: felt 'kind': " + messages["quiz.toml"])


def test_problems_are_in_english_when_the_interface_is(tmp_path):
    write(tmp_path, "exercises/pause.toml", OK_EXERCISE.replace("10", "'ten'").replace("title", "titel"))
    set_language("en")
    try:
        catalog = load_catalog([tmp_path])
        assert [str(p) for p in catalog.problems] == [
            f"{tmp_path / 'exercises' / 'pause.toml'}: field 'title': required field is missing",
            f"{tmp_path / 'exercises' / 'pause.toml'}:3: field 'titel': unknown key 'titel' (did you mean 'title'?)",
            f"{tmp_path / 'exercises' / 'pause.toml'}:5: field 'duration': "
            "must be a whole number of minutes (1–480), got 'ten'",
        ]
    finally:
        set_language("nb")


def test_every_message_of_the_loader_has_a_bokmal_translation():
    extract = pytest.importorskip("babel.messages.extract")
    from kursrom import i18n
    from kursrom.core import catalog as module

    found = []
    for path in sorted(Path(module.__file__).parent.glob("*.py")):  # every module of the package
        with open(path, "rb") as source:
            found += extract.extract("python", source, keywords={"_": None, "N_": None, "ngettext": (1, 2)})
    assert len(found) >= 50
    untranslated = []
    for _line, message, _comments, _context in found:
        if isinstance(message, tuple):
            singular, plural = message
            if i18n.ngettext(singular, plural, 1) == singular or i18n.ngettext(singular, plural, 5) == plural:
                untranslated.append(singular)
        elif i18n._(message) == message:
            untranslated.append(message)
    assert untranslated == []


def test_default_folders_put_the_user_folder_after_the_shipped_library(tmp_path):
    folders = default_folders([tmp_path])
    assert folders[0] == builtin_exercises_dir()
    assert folders[-1] == tmp_path and len(folders) == 3


def test_the_catalog_imports_nothing_heavy():
    code = ("import sys, kursrom.core.catalog\n"
            "heavy = [m for m in sys.modules if m.split('.')[0] in "
            "('textual', 'sqlmodel', 'sqlalchemy', 'pydantic', 'platformdirs')]\n"
            "print(heavy); sys.exit(1 if heavy else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# --------------------------------------------------------------------------------------------------
# Property: whatever is in the file, the loader answers with an exercise or with problems naming it

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

_keys = st.sampled_from(["id", "kind", "title", "prompt", "instructions", "duration", "titel", "translations",
                         "questions", "animals", "scale_min", "scale_max", "phases", "x y", "æøå"])
_scalars = st.one_of(
    st.integers(-3, 500), st.booleans(), st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(KINDS), st.sampled_from(["ok", "Ok Ok", "", "12:00"]), st.text(max_size=10),
)
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=3),
                       max_leaves=8)


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a valid TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + "}"


@st.composite
def exercise_like(draw: st.DrawFn) -> str:
    """Mostly valid TOML that looks like an exercise, to reach the semantic checks."""
    doc = {"id": "fuzz", "kind": draw(st.sampled_from(KINDS)), "title": "T", "prompt": "P", "duration": 10}
    doc.update(draw(st.dictionaries(_keys, _values, max_size=4)))
    lines = [f"{json.dumps(k)} = {_toml(v)}" for k, v in doc.items()]
    kind_table = draw(st.dictionaries(st.sampled_from(sorted({f for fs in KIND_FIELDS.values() for f in fs})),
                                      _values, max_size=4))
    if kind_table:
        lines.append(f"[{doc['kind']}]")
        lines += [f"{k} = {_toml(v)}" for k, v in kind_table.items()]
    return "\n".join(lines) + "\n"


def _assert_answers(tmp_path: Path, content: str | bytes) -> None:
    path = write(tmp_path, "exercises/fuzz.toml", content)
    catalog = load_catalog([tmp_path])
    if catalog.exercises:
        assert catalog.problems == []
        assert [e.source for e in catalog.exercises.values()] == [path]
        json.dumps(catalog.exercises[next(iter(catalog.exercises))].snapshot())
    else:
        assert catalog.problems
        for problem in catalog.problems:
            assert problem.file == path
            assert problem.line is None or 1 <= problem.line <= max(1, len(content.splitlines()) + 1)
            # no internal error behind the scenes
            assert "kunne ikke kontrolleres" not in problem.message
            assert "could not be checked" not in problem.message
            str(problem)


@FUZZ
@given(content=st.text())
def test_any_text_gives_an_exercise_or_problems(tmp_path, content):
    _assert_answers(tmp_path, content)


@FUZZ
@given(content=st.binary())
def test_any_bytes_give_an_exercise_or_problems(tmp_path, content):
    _assert_answers(tmp_path, content)


@FUZZ
@given(content=exercise_like())
def test_any_exercise_like_file_gives_an_exercise_or_problems(tmp_path, content):
    _assert_answers(tmp_path, content)
