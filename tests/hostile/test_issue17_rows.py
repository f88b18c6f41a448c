"""Issue 17's table, row by row, and the tests that show each row's one sentence or right behaviour.
The test below keeps the table honest: every test it names exists."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent.parent
LINE = "hostile/test_command_line.py"
FILES = "hostile/test_database_files.py"
WRITTEN = "hostile/test_files_written.py"
NAMES = "hostile/test_names.py"
FOLDERS = "core/test_catalog_folders.py"

ROWS = {
    "--db after export, forget, check, purge": [
        (LINE, "test_every_command_is_walked"), (LINE, "test_the_global_options_work_after_every_command"),
        (LINE, "test_export_forget_check_and_purge_take_db_after_the_command")],
    "--db 'kurs%42.sqlite' or 'kurs?mode=memory'": [
        (LINE, "test_a_db_path_is_a_file_name_whatever_it_holds"),
        (LINE, "test_a_server_address_is_refused_in_one_sentence_without_echoing_it")],
    "a read-only (0400) database; a 0640 one": [
        (FILES, "test_a_read_only_file_is_read_and_never_written_or_chmodded"),
        (FILES, "test_a_read_only_file_opens_read_only_in_the_store"),
        (FILES, "test_the_app_shows_a_read_only_database_and_says_so"),
        (FILES, "test_a_database_others_can_read_keeps_its_mode_and_gets_a_warning"),
        (FILES, "test_the_app_warns_about_a_database_others_can_read")],
    "a database in a read-only folder": [
        (FILES, "test_a_read_only_folder_is_read_and_named_as_the_trouble"),
        (FILES, "test_a_database_on_a_read_only_disk_is_read_not_called_damaged")],
    "a database locked by another program": [
        (FILES, "test_a_file_another_program_keeps_to_itself_is_locked_not_damaged"),
        (FILES, "test_a_writer_holding_the_lock_stops_no_reading_command")],
    "a refused newer or damaged database": [(FILES, "test_a_refused_file_is_one_sentence_and_left_as_it_was")],
    "a kursrom database with schema version 0": [(FILES, "test_a_refused_file_is_one_sentence_and_left_as_it_was")],
    "--db /dev/null": [(FILES, "test_dev_null_is_not_a_database_and_gets_no_journal")],
    "calendar --out an existing file, a planted link, a device, the umask": [
        (WRITTEN, "test_an_existing_calendar_file_is_never_overwritten_without_force"),
        (WRITTEN, "test_a_planted_link_beside_the_calendar_file_is_not_followed"),
        (WRITTEN, "test_a_calendar_never_replaces_a_pipe_or_a_device_even_forced"),
        (WRITTEN, "test_a_calendar_file_is_private_under_any_umask")],
    "a FIFO, /dev/zero, an unreadable exercise folder": [
        (FOLDERS, "test_a_named_pipe_is_skipped_without_opening_it"),
        (FOLDERS, "test_a_link_to_dev_zero_is_skipped_without_reading_it"),
        (FOLDERS, "test_an_unreadable_exercise_folder_is_a_problem"),
        (FOLDERS, "test_check_names_each_hostile_path_in_one_line")],
    "--exercises DIR with its TOML files directly in DIR": [
        (FOLDERS, "test_toml_files_directly_in_a_named_folder_are_a_problem"),
        (FOLDERS, "test_check_names_each_hostile_path_in_one_line")],
    "Åse Nær in NFC and NFD, Ali and Ali + U+200B, only U+200B": [
        (NAMES, "test_one_name_written_two_ways_is_one_name_and_an_invisible_name_none"),
        (NAMES, "test_a_name_already_on_the_roster_in_another_form_is_refused_with_a_way_out"),
        (NAMES, "test_the_store_cleans_names_on_every_way_in"),
        (NAMES, "test_the_participant_dialog_finds_a_name_on_the_roster_however_it_is_written"),
        (NAMES, "test_two_people_of_the_same_name_when_the_facilitator_says_so"),
        (NAMES, "test_any_names_go_through_the_roster_import_and_the_tags")],
    "two roster imports of the same file at once": [
        (NAMES, "test_two_imports_of_one_file_at_once_enrol_nobody_twice")],
    "--round 99999999999999999999, years 1 and 9999, purge --before 0001-01-01": [
        (LINE, "test_ids_outside_the_databases_range_are_one_sentence"),
        (LINE, "test_dates_outside_1900_to_2200_are_one_sentence"),
        (LINE, "test_a_round_never_quietly_has_fewer_sessions_than_its_template")],
    "folders the app creates for data and exports": [
        (WRITTEN, "test_every_folder_kursrom_makes_is_private_under_any_umask"),
        (WRITTEN, "test_an_existing_folder_keeps_its_mode")],
    "kursrom rounds | head -1": [(LINE, "test_a_reader_that_closes_the_pipe_early_ends_the_listing_quietly")],
    "kursrom --help in bokmål": [(LINE, "test_help_and_mistakes_speak_bokmal_and_english_on_request"),
                                 (LINE, "test_a_mistake_names_the_unknown_command_in_one_sentence")],
    "CSV export of a name starting with U+FEFF, U+200B, U+202E or ＝": [
        (WRITTEN, "test_the_csv_formula_guard"), (WRITTEN, "test_a_csv_export_guards_a_name_an_older_database_holds")],
}


def functions_in(path: str) -> set[str]:
    tree = ast.parse((TESTS / path).read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}


@pytest.mark.parametrize("row", sorted(ROWS))
def test_every_row_of_the_table_has_its_tests(row):
    assert ROWS[row]
    for path, name in ROWS[row]:
        assert name in functions_in(path), f"{row}: {path}::{name} is gone"
