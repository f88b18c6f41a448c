"""Odd and hostile exercise folders: a named pipe, a link to /dev/zero, a huge file, a folder
kursrom may not read, and a folder that holds its TOML files in the wrong place. Each is one
problem naming the path, the rest of the library still loads, and nothing hangs or eats memory.

Checked through `load_catalog` and through `kursrom check` as a real subprocess. The tests run in
bokmål (tests/conftest.py), so the messages they match are the bokmål ones."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from kursrom.core.catalog import Catalog, default_folders, load_catalog
from kursrom.core.catalog.model import MAX_FILE_BYTES
from kursrom.paths import builtin_exercises_dir

OK_EXERCISE = 'id = "ok"\nkind = "break"\ntitle = "Pause"\nprompt = "Pause."\nduration = 10\n'
OK_COURSE = (
    'id = "k"\nversion = 1\ntitle = "K"\n\n[schedule]\nkind = "weekly"\nsessions = 1\n'
    'start_time = "12:00"\nsession_minutes = 60\n\n[[sessions]]\ntitle = "Uke 1"\n\n'
    '[[sessions.agenda]]\nexercise = "ok"\n'
)
#: Far longer than any of these loads takes; a regression fails here instead of hanging the suite.
PATIENCE = 60
#: A ceiling on a child's memory (kB, for `ulimit -v`): a regression that reads /dev/zero to the
#: end fails with a MemoryError instead of taking the shared machine's memory.
MEMORY_CEILING_KB = 2_000_000


def library(root: Path) -> Path:
    """A library folder with one valid exercise in it."""
    (root / "exercises").mkdir(parents=True, exist_ok=True)
    (root / "exercises" / "ok.toml").write_text(OK_EXERCISE, encoding="utf-8")
    return root


def fifo(root: Path) -> Path:
    path = library(root) / "exercises" / "x.toml"
    os.mkfifo(path)
    return path


def link_to_dev_zero(root: Path) -> Path:
    path = library(root) / "exercises" / "zero.toml"
    path.symlink_to("/dev/zero")
    return path


def huge_file(root: Path) -> Path:
    """A sparse file of 4 GB: it costs no disk, and reading it whole would cost 4 GB of memory."""
    path = library(root) / "exercises" / "huge.toml"
    with open(path, "wb") as handle:
        handle.truncate(4 * 1024**3)
    return path


def oversized_file(root: Path) -> Path:
    path = library(root) / "exercises" / "big.toml"
    path.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    return path


def loose_files(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name in ("pause.toml", "kaffe.toml", "lunsj.toml"):
        (root / name).write_text(OK_EXERCISE.replace('"ok"', f'"{name[:-5]}"'), encoding="utf-8")
    return root


def unreadable_exercises(root: Path) -> Path:
    """An exercises/ folder nobody may read, beside a course that uses a shipped exercise."""
    folder = library(root) / "exercises"
    (root / "courses").mkdir()
    (root / "courses" / "k.toml").write_text(OK_COURSE.replace('"ok"', '"pause"'), encoding="utf-8")
    folder.chmod(0)
    return folder


@pytest.fixture
def restore_modes(tmp_path: Path):
    """Give the folders these tests lock their modes back, parents first, so pytest can clean up."""
    yield
    for folder in (tmp_path / "mine", tmp_path / "mine" / "exercises", tmp_path / "exercises"):
        if folder.is_dir() and not folder.is_symlink():
            folder.chmod(0o700)


def skip_if_modes_are_ignored(tmp_path: Path) -> None:
    """Root reads any folder whatever its mode, so a folder it may not read cannot be made (unless
    it runs without CAP_DAC_OVERRIDE, as a probe folder tells)."""
    if not (hasattr(os, "geteuid") and os.geteuid() == 0):
        return
    probe = tmp_path / "probe"
    probe.mkdir()
    probe.chmod(0)
    try:
        os.listdir(probe)
        ignored = True
    except PermissionError:
        ignored = False
    finally:
        probe.chmod(0o700)
        probe.rmdir()
    if ignored:
        pytest.skip("root reads any folder whatever its mode")


def within_patience(load: Callable[[], Catalog], pipe: Path | None = None) -> Catalog:
    """`load()`, or a failure if it is still running after PATIENCE seconds.

    If it hangs on `pipe`, a writer is opened and closed so the blocked reader sees the end and the
    thread finishes."""
    result: list[Catalog] = []
    thread = threading.Thread(target=lambda: result.append(load()), daemon=True)
    thread.start()
    thread.join(PATIENCE)
    if thread.is_alive():
        if pipe is not None:
            os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail(f"loading the catalogue still runs after {PATIENCE} s")
    return result[0]


def only_problem(catalog: Catalog) -> str:
    assert len(catalog.problems) == 1, "\n".join(map(str, catalog.problems))
    return str(catalog.problems[0])


def fenced(*args: str) -> list[str]:
    """A command line that runs this Python with `args` under the memory ceiling (POSIX sh)."""
    return ["sh", "-c", f'ulimit -v {MEMORY_CEILING_KB} 2>/dev/null; exec "$@"', "sh", sys.executable, *args]


def run_check(folder: Path, home: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / ".local" / "share"),
                   "XDG_CONFIG_HOME": str(home / ".config"), "LANG": "C.UTF-8"}
    for name in ("KURSROM_DB", "KURSROM_LANG", "LC_ALL", "LC_MESSAGES"):
        environment.pop(name, None)
    return subprocess.run(fenced("-m", "kursrom", "--exercises", str(folder), "check"), capture_output=True,
                          text=True, env=environment, timeout=PATIENCE, stdin=subprocess.DEVNULL)


# --------------------------------------------------------------------------------------------------
# Files that are not what their name says


def test_a_named_pipe_is_skipped_without_opening_it(tmp_path):
    pipe = fifo(tmp_path)
    catalog = within_patience(lambda: load_catalog([tmp_path]), pipe)
    assert only_problem(catalog) == f"{pipe}: er et navngitt rør (FIFO), ikke en vanlig fil, og ble hoppet over"
    assert catalog.exercise("ok").title == "Pause"


def test_a_link_to_dev_zero_is_skipped_without_reading_it(tmp_path):
    """In a child under a memory ceiling: a regression would read /dev/zero until memory runs out."""
    link = link_to_dev_zero(tmp_path)
    code = ("import json, sys\nfrom kursrom.core.catalog import load_catalog\nfrom kursrom.i18n import set_language\n"
            "set_language('nb')\ncatalog = load_catalog([sys.argv[1]])\n"
            "print(json.dumps({'problems': [str(p) for p in catalog.problems], 'ids': sorted(catalog.exercises)}))")
    child = subprocess.run(fenced("-c", code, str(tmp_path)), capture_output=True, text=True, timeout=PATIENCE,
                           stdin=subprocess.DEVNULL)
    assert child.returncode == 0, child.stderr
    loaded = json.loads(child.stdout)
    assert loaded == {"problems": [f"{link}: er en enhet, ikke en vanlig fil, og ble hoppet over"], "ids": ["ok"]}


def test_a_huge_file_is_refused_by_its_size(tmp_path):
    path = huge_file(tmp_path)
    catalog = load_catalog([tmp_path])
    assert only_problem(catalog) == f"{path}: er for stor til å være en øvelsesfil (over 1000 kB)"
    assert catalog.exercise("ok").title == "Pause"


def test_one_byte_over_the_limit_is_too_large(tmp_path):
    path = oversized_file(tmp_path)
    assert only_problem(load_catalog([tmp_path])) == f"{path}: er for stor til å være en øvelsesfil (over 1000 kB)"


def test_a_link_to_a_regular_file_still_loads(tmp_path):
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_text(OK_EXERCISE.replace('"ok"', '"lenket"'), encoding="utf-8")
    library(tmp_path / "lib")
    (tmp_path / "lib" / "exercises" / "lenket.toml").symlink_to(elsewhere)
    catalog = load_catalog([tmp_path / "lib"])
    assert catalog.problems == []
    assert set(catalog.exercises) == {"ok", "lenket"}


# --------------------------------------------------------------------------------------------------
# Folders


def test_an_unreadable_exercise_folder_is_a_problem(tmp_path, restore_modes):
    skip_if_modes_are_ignored(tmp_path)
    folder = unreadable_exercises(tmp_path)
    catalog = load_catalog([builtin_exercises_dir(), tmp_path])
    assert only_problem(catalog) == (
        f"{folder}: er en mappe kursrom ikke har lov til å lese (ingen tilgang); ingenting i den ble lastet inn"
    )
    assert "ok" not in catalog.exercises and "k" in catalog.templates, "the courses beside it still load"


def test_an_unreadable_library_folder_is_one_problem(tmp_path, restore_modes):
    skip_if_modes_are_ignored(tmp_path)
    root = library(tmp_path / "mine")
    root.chmod(0)
    assert only_problem(load_catalog([root], explicit=[root])).startswith(f"{root}: er en mappe kursrom ikke har lov")


def test_toml_files_directly_in_a_named_folder_are_a_problem(tmp_path):
    folder = loose_files(tmp_path / "mine")
    catalog = load_catalog([folder], explicit=[folder])
    assert only_problem(catalog) == (
        f"{folder}: har ingen øvelses- eller kursfiler; kursrom leser exercises/*.toml, courses/*.toml og "
        "sources/*.toml inne i mappen (fant 3 .toml-filer rett i mappen)"
    )


def test_an_empty_named_folder_is_a_problem(tmp_path):
    (tmp_path / "mine" / "exercises").mkdir(parents=True)
    problem = only_problem(load_catalog([tmp_path / "mine"], explicit=[tmp_path / "mine"]))
    assert problem.endswith("(fant ingen .toml-filer i den)")


def test_a_named_folder_with_only_courses_is_fine(tmp_path):
    (tmp_path / "courses").mkdir()
    (tmp_path / "courses" / "k.toml").write_text(OK_COURSE.replace('"ok"', '"pause"'), encoding="utf-8")
    catalog = load_catalog([builtin_exercises_dir(), tmp_path], explicit=[tmp_path])
    assert catalog.problems == [] and "k" in catalog.templates


def test_a_folder_not_named_may_hold_nothing(tmp_path):
    loose_files(tmp_path)
    assert load_catalog([tmp_path]).problems == []


def test_the_shipped_library_and_an_empty_or_missing_user_folder_are_fine(isolated_home):
    assert load_catalog(default_folders()).problems == []
    (isolated_home / ".config" / "kursrom" / "exercises").mkdir(parents=True)
    assert load_catalog(default_folders()).problems == []


# --------------------------------------------------------------------------------------------------
# `kursrom check`: exit 1, one line per problem, no traceback


CASES = {
    "fifo": (fifo, "er et navngitt rør (FIFO), ikke en vanlig fil, og ble hoppet over"),
    "dev-zero": (link_to_dev_zero, "er en enhet, ikke en vanlig fil, og ble hoppet over"),
    "huge": (huge_file, "er for stor til å være en øvelsesfil (over 1000 kB)"),
    "oversized": (oversized_file, "er for stor til å være en øvelsesfil (over 1000 kB)"),
    "loose": (loose_files, "har ingen øvelses- eller kursfiler; kursrom leser exercises/*.toml, courses/*.toml og "
                           "sources/*.toml inne i mappen (fant 3 .toml-filer rett i mappen)"),
    "unreadable": (unreadable_exercises,
                   "er en mappe kursrom ikke har lov til å lese (ingen tilgang); ingenting i den ble lastet inn"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CASES))
def test_check_names_each_hostile_path_in_one_line(case, tmp_path, restore_modes):
    if case == "unreadable":
        skip_if_modes_are_ignored(tmp_path)
    make, message = CASES[case]
    path = make(tmp_path / "mine")
    result = run_check(tmp_path / "mine", tmp_path / "home")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    mentions = [line for line in result.stdout.splitlines() if str(tmp_path / "mine") in line]
    assert mentions == [f"{path}: {message}"]
    assert result.stderr.strip() == "1 feil funnet."
