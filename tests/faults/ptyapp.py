"""The installed kursrom in a real pseudo-terminal: start it, type into it byte by byte as a terminal
would, read what it draws, and kill it with SIGKILL. Shared by the crash tests (tests/faults,
tests/live/test_crash.py) and the crash benchmark (benchmarks/crashes.py); not collected by pytest.

The app runs as `python -m kursrom --db PATH ...` from a scratch folder, never from the checkout,
so what runs is the installed package.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import sqlite3
import struct
import sys
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path

#: What a terminal sends for the keys the crash scenarios press.
KEYS = {
    "f2": b"\x1bOQ",
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "shift+up": b"\x1b[1;2A",
    "shift+down": b"\x1b[1;2B",
    "enter": b"\r",
    "escape": b"\x1b",
    "space": b" ",
    "plus": b"+",
    "minus": b"-",
    "ctrl+q": b"\x11",
    "ctrl+r": b"\x12",
    "ctrl+z": b"\x1a",
}


def key_bytes(key: str) -> bytes:
    """The bytes of a key name from KEYS, or of a single character."""
    return KEYS.get(key) or key.encode()


def kursrom_argv(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "kursrom", "--db", str(db), *args]


def app_env(home: Path, cols: int = 80, rows: int = 24) -> dict[str, str]:
    """The environment of the app under test: its own home and data folders, bokmål, xterm."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "TEXTUAL", "KURSROM"))}
    env.pop("PYTHONPATH", None)  # the installed package, not a checkout on the path
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               TERM="xterm-256color", KURSROM_LANG="nb", LANG="C.UTF-8", COLUMNS=str(cols), LINES=str(rows))
    return env


class Terminal:
    """A child process on a pty of a fixed size; what it draws is collected by a reader thread."""

    def __init__(self, argv: list[str], env: dict[str, str], *, cwd: Path, cols: int = 80, rows: int = 24) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # the child: a terminal of the given size, then the app
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                os.chdir(cwd)
                os.execvpe(argv[0], argv, env)
            finally:
                os._exit(127)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.pid, self.fd = pid, fd
        self.started = time.monotonic()
        self.output = bytearray()
        self.status: int | None = None
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.fd], [], [], 0.05)
                if ready:
                    chunk = os.read(self.fd, 65536)
                    if not chunk:
                        return
                    with self._lock:
                        self.output += chunk
            except OSError:
                return

    def mark(self) -> int:
        """A position in the output; `seen(text, since=mark)` looks only at what came after it."""
        with self._lock:
            return len(self.output)

    def seen(self, text: str, since: int = 0) -> bool:
        with self._lock:
            return self.output.find(text.encode(), since) >= 0

    def wait_seen(self, text: str, timeout: float, since: int = 0) -> None:
        wait_for(lambda: self.seen(text, since), timeout, f"{text!r} on the screen", alive=self.alive)

    def alive(self) -> bool:
        if self.status is not None:
            return False
        pid, status = os.waitpid(self.pid, os.WNOHANG)
        if pid:
            self.status = status
            return False
        return True

    def write(self, data: bytes) -> None:
        os.write(self.fd, data)

    def press(self, key: str) -> None:
        self.write(key_bytes(key))

    def kill(self) -> int:
        """SIGKILL, reap, and close the pty. Returns the wait status."""
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            _, self.status = os.waitpid(self.pid, 0)
        try:
            os.close(self.fd)
        except OSError:
            pass
        self._reader.join(timeout=1)
        return self.status

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()


def killed_by_sigkill(status: int) -> bool:
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def wait_for(predicate: Callable[[], bool], timeout: float, what: str,
             alive: Callable[[], bool] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if alive is not None and not alive():
            raise AssertionError(f"the app exited while waiting for {what}")
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def integrity(path: Path) -> tuple[str, list[tuple]]:
    """`PRAGMA integrity_check` and `PRAGMA foreign_key_check` of a database as a crash left it
    (with its -wal and -shm files: opening it recovers the WAL, as the next start of the app would)."""
    conn = sqlite3.connect(path)
    try:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
        orphans = conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()
    return verdict, orphans


def running_demo(path: Path, catalog) -> int:
    """Build the demo database at `path` with session 1 running; returns the session's id."""
    from kursrom.core.clock import Clock
    from kursrom.store import live
    from kursrom.store.demo import open_demo_store
    from kursrom.store.rounds import list_rounds, sessions_of

    store = open_demo_store(path, catalog, Clock(), tour=False)  # the bare round: a fixed start
    try:
        session_id = sessions_of(store, list_rounds(store)[0].id)[0].id
        live.start_session(store, session_id)
    finally:
        store.close()
    return session_id


def copy_database(source: Path, target: Path) -> None:
    """A closed database file copied with SQLite's backup (so a -wal beside it is included)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    os.chmod(target, 0o600)
