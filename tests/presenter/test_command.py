"""`kursrom present` from the command line: its errors, and the web page alone (`--no-window`)."""

from __future__ import annotations

import argparse

import pytest

from kursrom.cli import main
from kursrom.commands.present import follow_in_html
from kursrom.core.presenter_html import HtmlPresenter
from kursrom.store import live


def test_without_a_database_it_says_so(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "none.sqlite"), "present"]) == 2
    assert "Det finnes ingen database" in capsys.readouterr().err


def test_an_output_that_is_a_file_is_refused(demo_store, db_path, tmp_path, capsys):
    taken = tmp_path / "taken"
    taken.write_text("x")
    assert main(["--db", str(db_path), "present", "--html", "--out", str(taken)]) == 2
    assert "er en fil, ikke en mappe" in capsys.readouterr().err


def test_the_web_page_alone_follows_the_running_session(demo_store, db_path, running, tmp_path):
    page = HtmlPresenter(tmp_path / "page")
    assert follow_in_html(db_path, page, None, rounds=1) == 0
    text = page.page.read_text("utf-8")
    current = live.load(demo_store, running.id).current
    assert current.title in text and 'lang="uk" dir="ltr"' in text and 'lang="ar" dir="rtl"' in text


def test_the_command_is_listed_in_the_help(capsys):
    from kursrom.cli import build_parser

    parser = build_parser()
    assert isinstance(parser, argparse.ArgumentParser)
    with pytest.raises(SystemExit) as done:
        parser.parse_args(["present", "--help"])
    assert done.value.code == 0
    assert "--no-window" in capsys.readouterr().out
