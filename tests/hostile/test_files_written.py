"""Issue 17, files kursrom writes: `calendar --out` through the exports' safe writer, folders that
are 0700 whatever the umask, and a CSV formula guard that looks past invisible characters and knows
the full-width forms."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from kursrom.core.rendering.escaping import csv_cell


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def calendar(tools, capsys, db: Path, out: Path, *more: str):
    return tools.in_process(capsys, "--lang", "en", "calendar", "--round", "1", "--out", str(out), *more,
                            "--db", str(db))


def test_an_existing_calendar_file_is_never_overwritten_without_force(tools, kursrom_db, capsys, tmp_path):
    out = tmp_path / "pro.ics"
    out.write_text("my own calendar\n", encoding="utf-8")
    os.chmod(out, 0o644)
    ran = calendar(tools, capsys, kursrom_db, out)
    assert ran.code == 0 and ran.out.strip() == f"Wrote 5 sessions to {tmp_path / 'pro (2).ics'}."
    assert out.read_text(encoding="utf-8") == "my own calendar\n"
    assert mode(tmp_path / "pro (2).ics") == 0o600
    ran = calendar(tools, capsys, kursrom_db, out, "--force")
    assert ran.code == 0 and ran.out.strip() == f"Wrote 5 sessions to {out}."
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR") and mode(out) == 0o600


def test_a_planted_link_beside_the_calendar_file_is_not_followed(tools, kursrom_db, capsys, tmp_path):
    """The old writer wrote to `.NAME.part` first, and followed a link someone left there."""
    victim = tmp_path / "elsewhere" / "important.txt"
    victim.parent.mkdir()
    victim.write_text("keep me\n", encoding="utf-8")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / ".pro.ics.part").symlink_to(victim)
    ran = calendar(tools, capsys, kursrom_db, out_dir / "pro.ics")
    assert ran.code == 0, ran.err
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert (out_dir / ".pro.ics.part").is_symlink()
    assert (out_dir / "pro.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_a_calendar_never_replaces_a_pipe_or_a_device_even_forced(tools, kursrom_db, capsys, tmp_path):
    pipe = tmp_path / "pro.ics"
    os.mkfifo(pipe)
    ran = calendar(tools, capsys, kursrom_db, pipe, "--force")
    assert ran.code == 2
    assert ran.sentence == f"kursrom: {pipe} is not an ordinary file, so kursrom will not write over it."
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode) and sorted(p.name for p in tmp_path.iterdir()) == ["data", "pro.ics"]
    ran = calendar(tools, capsys, kursrom_db, pipe)
    assert ran.code == 0 and "pro (2).ics" in ran.out, "unforced, it takes the next free name as always"
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device needs the right to mknod")
    ran = calendar(tools, capsys, kursrom_db, device, "--force")
    assert ran.code == 2 and "not an ordinary file" in ran.sentence
    assert stat.S_ISCHR(os.lstat(device).st_mode)


@pytest.mark.slow
def test_a_calendar_file_is_private_under_any_umask(tools, kursrom_db, tmp_path):
    out = tmp_path / "pro.ics"
    ran = tools.as_process("calendar", "--round", "1", "--out", str(out), "--db", str(kursrom_db), umask=0)
    assert ran.code == 0, ran.err
    assert mode(out) == 0o600


@pytest.mark.slow
def test_every_folder_kursrom_makes_is_private_under_any_umask(tools, isolated_home, tmp_path):
    ran = tools.as_process("round", "new", "--template", "pro", "--start", "2027-01-04", umask=0)
    assert ran.code == 0, ran.err
    for folder in (".local", ".local/share", ".local/share/kursrom"):
        assert mode(isolated_home / folder) == 0o700, folder
    data = isolated_home / ".local/share/kursrom"
    assert {mode(path) for path in data.iterdir()} == {0o600}

    ran = tools.as_process("export", "--round", "1", "--format", "csv", umask=0)
    assert ran.code == 0, ran.err
    written = Path(ran.out.splitlines()[0])  # the attendance CSV (the evaluation CSV follows)
    for folder in (written.parent.parent, written.parent):  # ~/Documents and its kursrom folder
        assert folder.is_relative_to(isolated_home) and mode(folder) == 0o700, folder
    assert mode(written) == 0o600

    ran = tools.as_process("export", "--round", "1", "--format", "csv", "--out", str(tmp_path / "a" / "b" / "c"),
                           umask=0)
    assert ran.code == 0, ran.err
    for folder in ("a", "a/b", "a/b/c"):
        assert mode(tmp_path / folder) == 0o700, folder


def test_an_existing_folder_keeps_its_mode(tools, kursrom_db, capsys, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o755)
    ran = tools.in_process(capsys, "export", "--round", "1", "--format", "csv", "--out", str(shared), "--db",
                           str(kursrom_db))
    assert ran.code == 0, ran.err
    assert mode(shared) == 0o755


@pytest.mark.parametrize(("cell", "guarded"), [
    ("=HYPERLINK(\"http://x\")", True),
    ("\ufeff=1+1", True),  # a byte-order mark first
    ("\u200b+1", True),  # a zero-width space first
    ("\u202e@SUM(A1)", True),  # a right-to-left override first
    ("\u2060\u00a0-2+3", True),  # a word joiner and a no-break space first
    ("＝1+1", True), ("＋1", True), ("－1", True), ("＠SUM(A1)", True),  # full-width
    ("\ufeff＝1", True),
    ("Åse Nær", False), ("2027-01-04", False), ("Mari + Ola", False), ("", False),
])
def test_the_csv_formula_guard(cell, guarded):
    assert csv_cell(cell) == ("'" + cell if guarded else cell)


def test_a_csv_export_guards_a_name_an_older_database_holds(tools, kursrom_db, capsys, tmp_path):
    """kursrom now cleans names on the way in; a file from before may still hold such a name."""
    conn = sqlite3.connect(kursrom_db)
    for index, name in enumerate(["\ufeff=2+3", "\u200b+1", "\u202e@SUM(A1)", "＝1+1"], start=1):
        conn.execute("INSERT INTO participant (id, name, language, contact, accessibility_note) "
                     "VALUES (?, ?, '', '', '')", (100 + index, name))
        conn.execute("INSERT INTO enrolment (round_id, participant_id, enrolled_at, removed_reason) "
                     "VALUES (1, ?, ?, '')", (100 + index, "2026-11-23 11:00:00"))
    conn.commit()
    conn.close()
    ran = tools.in_process(capsys, "export", "--round", "1", "--format", "csv", "--out", str(tmp_path / "ut"),
                           "--db", str(kursrom_db))
    assert ran.code == 0, ran.err
    attendance = next(line for line in ran.out.splitlines() if "oppmote" in line)
    text = Path(attendance).read_text(encoding="utf-8-sig")
    for name in ("\ufeff=2+3", "\u200b+1", "\u202e@SUM(A1)", "＝1+1"):
        assert f"'{name}" in text, ascii(name)
