"""An export file gets its final name only when it is complete (a hidden temporary file first, then
a hard link or a rename), never takes the name of an existing file unless forced, and cleans up
what an export killed mid-write left behind. The kill itself is in test_crash_suite.py."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys

import pytest

from kursrom.core.files import write_private


def names(folder) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_a_new_file_is_whole_private_and_leaves_no_temporary(tmp_path):
    out = tmp_path / "out"
    path = write_private(out / "rapport.md", b"# Referat\n")
    assert path == out / "rapport.md" and path.read_bytes() == b"# Referat\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(out.stat().st_mode) == 0o700
    assert names(out) == ["rapport.md"]


def test_an_existing_file_is_kept_and_the_next_free_name_taken(tmp_path):
    first = write_private(tmp_path / "rapport.md", b"en")
    second = write_private(tmp_path / "rapport.md", b"to")
    forced = write_private(tmp_path / "rapport.md", b"tre", force=True)
    assert (first.read_bytes(), second.name) == (b"tre", "rapport (2).md")
    assert forced == first and second.read_bytes() == b"to"
    assert names(tmp_path) == ["rapport (2).md", "rapport.md"]


def test_without_hard_links_the_name_is_reserved_then_replaced(tmp_path, monkeypatch):
    def no_links(source, target):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    write_private(tmp_path / "rapport.md", b"en")
    second = write_private(tmp_path / "rapport.md", b"to")
    assert second.name == "rapport (2).md" and second.read_bytes() == b"to"
    assert names(tmp_path) == ["rapport (2).md", "rapport.md"]


@pytest.mark.skipif(os.name != "posix", reason="process ids are asked for on POSIX only")
def test_temporaries_of_a_killed_export_are_removed_by_the_next(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    stale = tmp_path / f".rapport.md.{dead}-0a1b2c3d.tmp"
    stale.write_bytes(b"halv")
    running = tmp_path / f".rapport.md.{os.getpid()}-0a1b2c3d.tmp"  # an export under way right now
    running.write_bytes("pågår".encode())
    write_private(tmp_path / "rapport.md", b"hel")
    assert not stale.exists() and running.exists()
