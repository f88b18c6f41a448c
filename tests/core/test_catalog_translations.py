"""Translations of every participant-facing field: the format's checks, `Exercise.localize` (a field
in a language with its status and the bokmål fallback), files and round copies from before the
change, the draft/missing report, and `kursrom check` printing it.

The tests run in bokmål (tests/conftest.py), so the messages they match are the bokmål ones."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kursrom.core.catalog import BASE, DRAFT, MISSING, REVIEWED, Catalog, Exercise, load_catalog, translation_report
from kursrom.core.catalog.kinds import PUBLIC_FIELDS
from kursrom.core.catalog.planning import snapshot_basis
from kursrom.paths import builtin_exercises_dir

CARDS = '''id = "kort"
kind = "card_sort"
title = "Kort"
prompt = "Sorter kortene."
duration = 20

[card_sort]
categories = ["Ja", "Nei"]
statements = ["En", "To", "Tre"]
'''


def load_one(tmp_path: Path, text: str) -> Catalog:
    folder = tmp_path / "exercises"
    folder.mkdir(exist_ok=True)
    (folder / "kort.toml").write_text(text, encoding="utf-8")
    return load_catalog([tmp_path])


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load_catalog([builtin_exercises_dir()])


def test_every_i_jobb_exercise_has_uk_ar_and_en_for_every_participant_facing_field_all_draft(shipped):
    used = {entry.exercise for s in shipped.template("i-jobb").sessions for entry in s.agenda}
    assert len(used) >= 24
    for lang in ("uk", "ar", "en"):
        (report,) = translation_report(shipped, [lang])
        rows = {row.exercise: row for row in report.exercises}
        for exercise_id in used:
            row = rows[exercise_id]
            assert row.missing == () and row.reviewed == (), (lang, exercise_id, row)
            assert set(row.draft) == set(shipped.exercise(exercise_id).public_fields()), (lang, exercise_id)


def test_the_translated_lists_have_the_bokmal_shape(shipped):
    sort = shipped.exercise("norsk-arbeidskultur")
    statements = sort.localize("statements", "uk")
    assert (statements.lang, statements.status, statements.partial) == ("uk", DRAFT, False)
    assert len(statements.value) == len(sort.data["statements"]) == 14
    assert shipped.exercise("sot-modellen").public_fields() == [
        "title", "prompt", "situation.title", "situation.help", "wish.title", "wish.help", "actions.title",
        "actions.help"]
    assert sort.localize("statements.0", "ar").value == "يصل الناس إلى العمل في الوقت المحدد."
    assert sort.localize("categories", "en").value == ["Typically Norwegian", "Not typical", "It depends"]
    roles = shipped.exercise("intervjutrening").localize("roles", "uk").value
    assert roles == ["Шукач роботи", "Інтерв'юер", "Спостерігач"]


def test_localize_falls_back_to_bokmal_and_says_so(shipped):
    animals = shipped.exercise("dyreovelsen")
    found = animals.localize("animals", "uk")  # nobody translated the animals into Ukrainian
    assert (found.value, found.lang, found.status, found.translated) == (animals.data["animals"], "nb", MISSING,
                                                                         False)
    assert animals.localize("title", "en-GB").value == "The animal exercise"
    assert animals.localize("title", "nb").status == BASE
    assert animals.localize("animals.1.name", "").value == "Bie"
    with pytest.raises(KeyError):
        animals.localize("statements", "uk")


def test_a_table_translated_in_part_is_merged_with_the_bokmal_and_a_kind_table_may_be_reviewed(tmp_path):
    catalog = load_one(tmp_path, CARDS + '''
[translations.uk]
status = "draft"
title = "Картки"

[translations.uk.card_sort]
status = "reviewed"
statements = ["Один", "Два", "Три"]
''')
    assert catalog.problems == []
    cards = catalog.exercise("kort")
    assert cards.localize("statements", "uk").status == REVIEWED  # the kind's table says so
    assert cards.localize("title", "uk").status == DRAFT
    prompt = cards.localize("prompt", "uk")
    assert (prompt.value, prompt.status) == ("Sorter kortene.", MISSING)
    (report,) = translation_report(catalog, ["uk"])
    (row,) = report.exercises
    assert (row.reviewed, row.draft, row.missing) == (("statements",), ("title",), ("prompt", "categories"))


def test_a_translated_list_of_another_length_is_a_problem(tmp_path):
    catalog = load_one(tmp_path, CARDS + '\n[translations.uk.card_sort]\nstatements = ["Один", "Два"]\n')
    assert catalog.exercises == {}
    (problem,) = catalog.problems
    assert (problem.line, problem.field) == (12, "translations.uk.card_sort.statements")
    assert problem.message == ("har 2 elementer, men bokmålet har 3: oversett hvert element, i samme "
                               "rekkefølge")


@pytest.mark.parametrize(("table", "field"), [
    ('[translations.uk.card_sort]\nrounds = 3\n', "translations.uk.card_sort.rounds"),
    ('[translations.uk.role_play]\nroles = ["a"]\n', "translations.uk.role_play"),
    ('[translations.uk]\nstatus = "ferdig"\n', "translations.uk.status"),
], ids=["not-participant-facing", "another-kind", "bad-status"])
def test_what_a_translation_may_hold(tmp_path, table, field):
    catalog = load_one(tmp_path, CARDS + "\n" + table)
    (problem,) = catalog.problems
    assert problem.field == field


def test_a_file_in_the_old_format_still_loads(tmp_path):
    catalog = load_one(tmp_path, CARDS + '\n[translations.uk]\ntitle = "Картки"\nprompt = "Сортуйте."\n')
    assert catalog.problems == []
    cards = catalog.exercise("kort")
    assert cards.localized("uk") == ("Картки", "Сортуйте.")
    assert cards.localize("prompt", "uk").status == DRAFT  # nobody said it was reviewed


def test_a_round_copy_from_before_the_change_still_reads(shipped):
    old = {"id": "kort", "kind": "card_sort", "title": "Kort", "prompt": "Sorter.", "instructions": "",
           "duration": 20, "translations": {"uk": {"title": "Картки", "prompt": "Сортуйте."}},
           "data": {"categories": ["Ja", "Nei"], "statements": ["En", "To"]}, "source": "/x/kort.toml"}
    exercise = Exercise.from_snapshot(json.loads(json.dumps(old)))
    assert exercise.localize("title", "uk").value == "Картки"
    assert exercise.localize("statements", "uk").value == ["En", "To"]
    assert not exercise.basis.marked and not snapshot_basis(old).marked
    new = Exercise.from_snapshot(json.loads(json.dumps(shipped.exercise("norsk-arbeidskultur").snapshot())))
    assert new == shipped.exercise("norsk-arbeidskultur")


def test_every_kinds_participant_facing_fields_can_be_translated():
    from kursrom.core.catalog import KIND_FIELDS

    for kind, names in PUBLIC_FIELDS.items():
        assert set(names) <= set(KIND_FIELDS[kind]), kind
    assert set(PUBLIC_FIELDS) == set(KIND_FIELDS)


# --------------------------------------------------------------------------------------------------
# kursrom check


def run_check(folder: Path | None, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
                   "XDG_CONFIG_HOME": str(home / "config"), "LANG": "C.UTF-8"}
    environment.pop("KURSROM_DB", None)
    folders = ["--exercises", str(folder)] if folder is not None else []
    return subprocess.run([sys.executable, "-m", "kursrom", *folders, "check", *args],
                          capture_output=True, text=True, env=environment, timeout=60, stdin=subprocess.DEVNULL)


def test_check_reports_draft_and_missing_translations_and_warnings_without_failing(tmp_path):
    mine = tmp_path / "mine"
    (mine / "exercises").mkdir(parents=True)
    (mine / "exercises" / "kort.toml").write_text(CARDS + '''
[translations.so]
title = "Kaararka"

[translations.so.card_sort]
status = "reviewed"
categories = ["Haa", "Maya"]
''', encoding="utf-8")
    (mine / "courses").mkdir()
    (mine / "courses" / "tett.toml").write_text(
        'id = "tett"\nversion = 1\ntitle = "Tett"\n\n[schedule]\nkind = "weekly"\nsessions = 1\n'
        'start_time = "12:00"\nsession_minutes = 20\n\n[[sessions]]\ntitle = "Uke 1"\n\n'
        '[[sessions.agenda]]\nexercise = "kort"\n', encoding="utf-8")
    result = run_check(mine, tmp_path / "home", "--translations", "so")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("advarsel: ") and "tett.toml:11" in line and "0 min luft" in line for line in lines)
    assert "1 advarsel." in result.stderr
    start = lines.index("Oversettelser (utkast: ikke gjennomgått; mangler: vises på bokmål):")
    report = "\n".join(lines[start:])
    assert "so: 1 av" in report
    assert "utkast: kort (title)" in report
    assert "mangler: kort (prompt, statements)" in report
    assert "ikke oversatt: " in report and "pause" in report  # the shipped exercises have no Somali


def test_check_on_the_shipped_library_lists_the_i_jobb_drafts(tmp_path):
    result = run_check(None, tmp_path / "home", "--translations", "ar")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "advarsel" not in result.stdout
    drafts = result.stdout.split("\n    utkast: ")[1].split("ikke oversatt:")[0]
    assert "norsk-arbeidskultur" in drafts and "dyreovelsen" not in drafts
