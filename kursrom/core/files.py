"""Files kursrom writes for people to take away (exports): private, whole, and never over another.

A file is readable by its owner only (mode 0600, in a folder that is theirs only when kursrom makes
it) and gets its final name only when it is complete. An existing file is never overwritten unless
told to (`force`): the next free name `name (2).html` is taken instead. Nothing that is not an
ordinary file (a device such as /dev/null, a pipe, a folder) is ever replaced, even when forced.
"""

from __future__ import annotations

import glob
import os
import re
import stat
import unicodedata
from pathlib import Path

from kursrom.i18n import _
from kursrom.paths import ensure_private_dir


class TargetRefused(ValueError):
    """A file kursrom will not write over; the message is one sentence."""


def slug(text: str) -> str:
    """A file-name part: lower case, æøå spelled out, one hyphen between words."""
    text = text.casefold().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", "-", text).strip("-")[:60].strip("-") or "kursrom"


def write_private(path: Path, data: bytes, *, force: bool = False) -> Path:
    """Write a new file readable by its owner only (0600) and return where it went.

    The bytes go to a hidden temporary file in the same folder first, and only a complete file
    gets the final name, so an export killed mid-write leaves at most that hidden file, never half a
    report. An existing file is never overwritten silently: the next free name `name (2).ext` is
    taken with a hard link, which (like O_EXCL) fails rather than replace a file, so two exports at
    once cannot take the same name. With `force` the file is renamed over the old one."""
    if force:
        _refuse_special(path)
    folder = ensure_private_dir(path.parent)  # a new folder is the owner's only (0700)
    _remove_stale(folder, path.name)
    temporary = folder / f".{path.name}.{os.getpid()}-{os.urandom(4).hex()}.tmp"
    try:
        _write_new(temporary, data)
        if force:
            os.replace(temporary, path)
            final = path
        else:
            final = _link_free_name(temporary, path)
        _sync_folder(folder)
        return final
    finally:
        temporary.unlink(missing_ok=True)


def _refuse_special(path: Path) -> None:
    """A forced write replaces an ordinary file or a link (the link itself, never what it points
    at); a device, a pipe, a socket or a folder stays as it is."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise TargetRefused(_("{path} is not an ordinary file, so kursrom will not write over it.").format(
            path=path))


def _link_free_name(temporary: Path, path: Path) -> Path:
    candidate, number = path, 1
    while True:
        try:
            os.link(temporary, candidate)
            return candidate
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links (a FAT memory stick): reserve, then rename
            try:
                os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                os.replace(temporary, candidate)
                return candidate
            except FileExistsError:
                pass
        number += 1
        candidate = path.with_name(f"{path.stem} ({number}){path.suffix}")


def _remove_stale(folder: Path, name: str) -> None:
    """Temporary files that an export killed mid-write left behind (its process is gone)."""
    if os.name != "posix":  # os.kill(pid, 0) only asks on POSIX
        return
    for leftover in folder.glob(f".{glob.escape(name)}.*-*.tmp"):
        pid = leftover.name[len(name) + 2:].split("-", 1)[0]
        try:
            os.kill(int(pid), 0)
        except (ValueError, ProcessLookupError):
            leftover.unlink(missing_ok=True)
        except OSError:
            pass  # someone else's process: leave it


def _sync_folder(folder: Path) -> None:
    """Make the new name itself survive a power cut (where the system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_new(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)  # exactly 0600, whatever the umask
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def encode(text: str, fmt: str) -> bytes:
    """A document's bytes; CSV with a byte-order mark, so spreadsheets read it as UTF-8."""
    return text.encode("utf-8-sig" if fmt == "csv" else "utf-8")
