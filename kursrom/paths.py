"""Where kursrom keeps and finds its files. Plain Python, nothing created at import time."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "kursrom"
PACKAGE_DIR = Path(__file__).resolve().parent


def builtin_exercises_dir() -> Path:
    """The shipped library: inside the wheel, or `exercises/` beside the package in a checkout."""
    shipped = PACKAGE_DIR / "_exercises"
    if shipped.is_dir():
        return shipped
    return PACKAGE_DIR.parent / "exercises"


def user_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def user_config_dir() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def user_exercises_dir() -> Path:
    """A facilitator's own exercises and templates; they add to and override the shipped ones."""
    return user_config_dir() / "exercises"


def default_db_path() -> Path:
    env = os.environ.get("KURSROM_DB")
    if env:
        return Path(env).expanduser()
    return user_data_dir() / "kursrom.sqlite"


def demo_db_path() -> Path:
    return user_data_dir() / "demo.sqlite"


def ensure_private_dir(path: Path) -> Path:
    """Create a folder readable by the owner only (0700), and each missing folder above it the same
    way (`~/.local/share/kursrom` may be the first of four), whatever the umask.

    A folder that already exists is left as it is: `--db /tmp/x.sqlite` must never chmod /tmp.
    """
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:  # made meanwhile by someone else: theirs, left as it is
            continue
        os.chmod(folder, 0o700)  # mkdir's mode is filtered by the umask
    return path
