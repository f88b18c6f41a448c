"""Typing in the notes pane: is a key handled as cheaply as in a bare Textual TextArea, is it on
screen by the next frame, and is the text on disk within a second of the last key?

Both apps run in a real pseudo-terminal (100x30), as a user would run them: kursrom resumes a
running demo session (`python -m kursrom --db PATH demo`) and the notes pane is focused with F2;
the bare app is a Textual App holding one focused TextArea. For each app the benchmark types keys
one at a time, 40 ms apart, and measures

- key to screen: from writing the key to the terminal until the app's output contains it;
- CPU per key: the app process's CPU time while typing (from /proc), less what it spends idle over
  the same time (kursrom redraws its clocks), divided by the keys typed;

and for kursrom, autosave latency: from the last key of a word to the word being in the database,
read by another connection as a second terminal would; and the other writer's latency (issue 14):
from the last key of a word typed in the co-facilitator's `kursrom notes`, in a second pty, to the
word on the facilitator's screen, in the read-only lines of their notes pane.

Figures only, as ratios against the bare app measured in the same run (targets from issue 4: a key
within 1.5x of the bare app's CPU time and on screen by the next frame; durable within 1 s).

    python benchmarks/keystroke.py
    python benchmarks/run.py keystroke
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import sqlite3
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

KEYS = 160
GAP = 0.04
LINE = 40
#: Characters that never appear in kursrom's clocks and counters, so seeing one means the key was drawn.
ALPHABET = "qxzwQXZW"
FRAME = 1 / 60

BARE_TEXTAREA = """
from textual.app import App
from textual.widgets import Static, TextArea

class Bare(App):
    def compose(self):
        yield Static("ready")
        yield TextArea(id="text")

    def on_mount(self):
        self.query_one(TextArea).focus()

Bare().run()
"""


class Pty:
    def __init__(self, argv: list[str], env: dict[str, str], cols: int = 100, rows: int = 30) -> None:
        pid, fd = pty.fork()
        if pid == 0:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            os.chdir(ROOT)
            os.execvpe(argv[0], argv, env)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.pid, self.fd = pid, fd
        self.seen = bytearray()

    def read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return b""
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:
            return b""
        self.seen += chunk
        return chunk

    def drain(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.read(max(0.0, end - time.monotonic()))

    def wait_for(self, text: bytes, timeout: float) -> None:
        end = time.monotonic() + timeout
        while text not in self.seen:
            if time.monotonic() > end:
                raise RuntimeError(f"the app never showed {text!r}")
            self.read(0.1)

    def cpu(self) -> float:
        """Seconds of CPU (user + system) the app has used so far."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except OSError:
            pass
        os.close(self.fd)


def key_sequence(count: int, window: int = 4) -> list[str]:
    """Keys whose last `window` characters never repeat, so seeing them on screen can only mean the
    newest key was drawn (the pane redraws the whole line, with every key typed before)."""
    keys: list[str] = []
    seen: set[str] = set()
    index = 0
    while len(keys) < count:
        for offset in range(len(ALPHABET)):
            char = ALPHABET[(index + offset) % len(ALPHABET)]
            tail = "".join(keys[-(window - 1):]) + char
            if tail not in seen:
                break
        seen.add(tail)
        keys.append(char)
        index += 3
    return keys


def type_keys(term: Pty, count: int) -> tuple[list[float], float]:
    """Type `count` keys, 40 to a line; returns each key's time to screen and the CPU per key."""
    term.drain(1.0)
    idle_start, idle_cpu = time.monotonic(), term.cpu()
    term.drain(3.0)
    idle_rate = (term.cpu() - idle_cpu) / (time.monotonic() - idle_start)
    latencies = []
    started, cpu = time.monotonic(), term.cpu()
    line = ""
    for char in key_sequence(count):
        if len(line) == LINE:
            os.write(term.fd, b"\r")
            term.drain(GAP)
            line = ""
        line += char
        marker = line[-4:].encode()
        sent = time.perf_counter()
        os.write(term.fd, char.encode())
        buffer = b""
        while marker not in buffer:
            chunk = term.read(1.0)
            if not chunk and time.perf_counter() - sent > 2:
                raise RuntimeError("a key never reached the screen")
            buffer += chunk
        if len(line) >= 4:
            latencies.append(time.perf_counter() - sent)
        time.sleep(max(0.0, GAP - (time.perf_counter() - sent)))
    term.drain(GAP)
    elapsed = time.monotonic() - started
    used = term.cpu() - cpu - idle_rate * elapsed
    return latencies, max(used, 0.0) / count


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "TEXTUAL"))}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               TERM="xterm-256color", KURSROM_LANG="nb", PYTHONPATH=str(ROOT))
    return env


def bare(home: Path) -> tuple[list[float], float]:
    term = Pty([sys.executable, "-c", BARE_TEXTAREA], environment(home))
    try:
        term.wait_for(b"ready", 30)
        return type_keys(term, KEYS)
    finally:
        term.close()


def demo_database(folder: Path) -> tuple[Path, int]:
    from kursrom.core.catalog import load_catalog
    from kursrom.core.clock import Clock
    from kursrom.paths import builtin_exercises_dir
    from kursrom.store import live
    from kursrom.store.demo import open_demo_store
    from kursrom.store.rounds import list_rounds, sessions_of

    path = folder / "bench.sqlite"
    store = open_demo_store(path, load_catalog([builtin_exercises_dir()]), Clock())
    session_id = sessions_of(store, list_rounds(store)[0].id)[0].id
    live.start_session(store, session_id)
    store.close()
    return path, session_id


def note_text(path: Path, writer: str) -> str:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        row = connection.execute("SELECT text FROM note WHERE terminal = ? ORDER BY id DESC LIMIT 1",
                                 (writer,)).fetchone()
    finally:
        connection.close()
    return row[0] if row else ""


def kursrom(home: Path) -> tuple[list[float], float, list[float]]:
    from kursrom.store.live import note_writer

    path, _session = demo_database(home)
    term = Pty([sys.executable, "-m", "kursrom", "--db", str(path), "demo"], environment(home))
    try:
        term.wait_for(b"Agenda", 30)
        term.drain(1.0)
        os.write(term.fd, b"\x1bOQ")  # F2: the notes pane
        latencies, cpu = type_keys(term, KEYS)
        # Autosave: type a word, then wait for it in the database.
        writer = note_writer("live")
        durable = []
        for index in range(8):
            word = f" ord{index}x"
            for char in word:
                os.write(term.fd, char.encode())
                term.drain(GAP)
            last_key = time.perf_counter()
            while word not in note_text(path, writer):
                term.read(0.005)
                if time.perf_counter() - last_key > 10:
                    raise RuntimeError("the note never reached the database")
            durable.append(time.perf_counter() - last_key)
            term.drain(0.3)
        return latencies, cpu, durable, co_facilitator(path, term, home)
    finally:
        term.close()


def co_facilitator(path: Path, facilitator: Pty, home: Path, words: int = 8) -> list[float]:
    """Words typed in `kursrom notes` in a second pty: seconds from each word's last key to the
    word on the facilitator's screen."""
    notes = Pty([sys.executable, "-m", "kursrom", "--db", str(path), "notes"], environment(home))
    try:
        notes.wait_for(b"Notater", 30)
        notes.drain(1.5)
        shown = []
        for index in range(words):
            word = f" mv{index}qz"
            for char in word:
                os.write(notes.fd, char.encode())
                notes.drain(GAP)
            last_key = time.perf_counter()
            facilitator.seen = bytearray()
            while word.strip().encode() not in facilitator.seen:
                facilitator.read(0.005)
                if time.perf_counter() - last_key > 10:
                    raise RuntimeError("the co-facilitator's word never reached the facilitator's screen")
            shown.append(time.perf_counter() - last_key)
            notes.drain(0.3)
        return shown
    finally:
        notes.close()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def main() -> list[str]:
    from common import verdict

    home = Path(tempfile.mkdtemp(prefix="kursrom-bench-keys-"))
    bare_latency, bare_cpu = bare(home / "bare")
    (home / "kursrom").mkdir()
    latency, cpu, durable, other = kursrom(home / "kursrom")
    p = lambda values, q: statistics.quantiles(values, n=100)[q - 1]  # noqa: E731

    def row(name: str, ours: float, theirs: float, target: str = "", met: bool | None = None) -> str:
        return (f"{name:<34} {ms(theirs):>14} {ms(ours):>14} {ours / theirs:7.2f}x"
                f"{'   target ' + target if target else ''}{verdict(met)}")

    ours95, bare95 = p(latency, 95), p(bare_latency, 95)
    durable_median, durable_worst = statistics.median(durable), max(durable)
    return [
        f"{KEYS} keys typed {GAP * 1000:.0f} ms apart in a 100x30 pty, autosave running; "
        "durable = last key to row in the database",
        f"{'':<34} {'bare TextArea':>14} {'notes pane':>14} {'ratio':>8}",
        row("key to screen, median", statistics.median(latency), statistics.median(bare_latency)),
        row("key to screen, 95th percentile", ours95, bare95, f"<= 1.5x and <= {FRAME * 1000:.1f} ms",
            ours95 / bare95 <= 1.5 and ours95 <= FRAME),
        row("key to screen, 99th percentile", p(latency, 99), p(bare_latency, 99)),
        row("CPU per key (less idle)", cpu, bare_cpu or float("nan")),
        f"{'autosave: durable, median / worst':<34} {'':>14} {ms(durable_median):>14} / {ms(durable_worst).strip()}"
        f"   target <= 500 / 1000 ms{verdict(durable_median <= 0.5 and durable_worst <= 1.0)}",
        f"{'other writer: on screen, median / worst':<34} {'':>14} {ms(statistics.median(other)):>14} / "
        f"{ms(max(other)).strip()}   target: within 10 s{verdict(max(other) <= 10)}",
    ]


if __name__ == "__main__":
    for text in main():
        print(text)
