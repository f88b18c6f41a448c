"""`kursrom notes`: registered with the CLI, refuses a database that is not there, and opens the
notes-only app on one that is."""

from __future__ import annotations

from kursrom import cli
from kursrom.commands import common


def test_notes_is_a_subcommand():
    parser = cli.build_parser()
    args = parser.parse_args(["notes", "--demo"])
    assert args.demo and args.func.__module__ == "kursrom.commands.notes"


def test_a_missing_database_is_one_sentence_and_exit_2(tmp_path, capsys):
    missing = tmp_path / "nowhere.sqlite"
    assert cli.main(["--db", str(missing), "notes"]) == 2
    err = capsys.readouterr().err
    assert str(missing) in err and "Traceback" not in err and err.count("\n") == 1


def test_it_runs_the_notes_only_app_on_the_given_database(demo_store, db_path, monkeypatch):
    started = []
    monkeypatch.setattr(common, "run_textual", lambda app: started.append(app) or 0)
    assert cli.main(["--db", str(db_path), "notes"]) == 0
    [app] = started
    assert app.notes_only
    store = app._open_store()
    try:
        assert store.path == db_path
    finally:
        store.close()


def test_demo_uses_the_demo_database(tmp_path, monkeypatch, capsys):
    from kursrom import paths

    monkeypatch.setattr(paths, "demo_db_path", lambda: tmp_path / "demo.sqlite")
    assert cli.main(["notes", "--demo"]) == 2
    assert "demo.sqlite" in capsys.readouterr().err
