"""The crash suite at scale: 50+ SIGKILLs of the installed kursrom in a real 80x24 terminal, at
seeded random moments, while typing notes, marking attendance, changing the agenda and exporting
(the scenarios of tests/faults/scenarios.py). The minute of two writers is `two_writers.py`.

Printed, figures only: kills per scenario, failures (a database that fails `PRAGMA
integrity_check`, or misses something done more than a second before the kill; should be 0), and
what each kill lost: for notes, the characters typed in the last moments and how long before the
kill the first of them was typed; for attendance and the agenda, the keys whose effect is missing.

    python benchmarks/crashes.py                 every scenario (about five minutes)
    python benchmarks/crashes.py agenda:1007     replay one kill by its scenario and seed
    python benchmarks/run.py crashes
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "faults"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

#: Kills per scenario (export adds one more, killed in the middle of writing a file).
KILLS = {"notes": 15, "attendance": 12, "agenda": 12, "export": 12}
FIRST_SEED = 1000


def _private_home() -> Path:
    """The in-process model app and the apps under test stay out of the user's own folders."""
    from common import scratch_home

    home = scratch_home()
    os.environ.update(home)
    return Path(home["HOME"])


def _one(scenario: str, seed: int, folder: Path, template, export_ref=None):
    import scenarios as sc

    workdir = sc.scratch(folder / f"{scenario}-{seed}")
    if scenario == "notes":
        return sc.notes_kill(workdir, template, seed)
    if scenario == "attendance":
        return asyncio.run(sc.attendance_kill(workdir, template, seed))
    if scenario == "agenda":
        return asyncio.run(sc.agenda_kill(workdir, template, seed))
    if scenario == "export":
        reference, timing = export_ref
        return sc.export_kill(workdir, template, seed, reference, timing)
    raise ValueError(scenario)


def _spread(values: list[float], unit: str, digits: int = 0) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    return (f"median {statistics.median(ordered):.{digits}f}{unit}, p90 {p90:.{digits}f}{unit}, "
            f"worst {ordered[-1]:.{digits}f}{unit}")


def _window() -> float:
    from scenarios import WINDOW

    return WINDOW


def run_kills(kills: dict[str, int] = KILLS, seeds: list[tuple[str, int]] | None = None) -> list:
    import scenarios as sc

    from kursrom.core.catalog import load_catalog
    from kursrom.paths import builtin_exercises_dir

    folder = Path(tempfile.mkdtemp(prefix="kursrom-crashes-"))
    template = sc.Template(folder / "template", load_catalog([builtin_exercises_dir()]))
    export_ref = sc.export_reference(sc.scratch(folder / "reference"), template)
    plan = seeds or [(name, FIRST_SEED + n) for name, count in kills.items() for n in range(count)]
    outcomes = []
    try:
        for scenario, seed in plan:
            outcomes.append(_one(scenario, seed, folder, template, export_ref))
            sc.scratch(folder / f"{scenario}-{seed}")  # each kill's copy goes once it is checked
        if seeds is None and "export" in kills:
            outcomes.append(sc.export_half_write_kill(sc.scratch(folder / "mid-write"), template, export_ref[0]))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return outcomes


def crash_lines(outcomes: list, took: float) -> list[str]:
    failed = [o for o in outcomes if not o.ok]
    counts = {}
    for outcome in outcomes:
        counts[outcome.scenario.split()[0]] = counts.get(outcome.scenario.split()[0], 0) + 1
    out = [f"crash suite: {len(outcomes)} SIGKILLs in {took:.0f} s ("
           + ", ".join(f"{name} {count}" for name, count in counts.items())
           + f"), failures: {len(failed)}, integrity_check ok after "
           f"{sum(1 for o in outcomes if not any('integrity' in p for p in o.problems))} of {len(outcomes)}"]
    notes = [o for o in outcomes if o.scenario == "notes"]
    if notes:
        out.append(f"  notes: {_spread([o.sent for o in notes], '')} characters typed per kill; lost per kill "
                   f"{_spread([o.lost for o in notes], ' chars')}")
        lost = [o.lost_ms for o in notes if o.lost]
        out.append(f"  notes: {len(lost)} of {len(notes)} kills lost any typing; how long before the kill the first "
                   f"lost character was typed: {_spread(lost, ' ms')} (allowed: {1000 * _window():.0f} ms)")
    for name in ("attendance", "agenda"):
        group = [o for o in outcomes if o.scenario == name]
        if group:
            lost = [o for o in group if o.lost]
            when = (f", pressed in the last {max(o.lost_ms for o in lost):.0f} ms before the kill at most"
                    if lost else "")
            out.append(f"  {name}: {_spread([o.sent for o in group], '')} keys per kill; keys whose effect was "
                       f"lost {_spread([o.lost for o in group], '')}{when}")
    exports = [o for o in outcomes if o.scenario.startswith("export")]
    if exports:
        complete = sum(o.detail.get("complete", 0) for o in exports)
        temporary = sum(o.detail.get("temporary", 0) for o in exports)
        broken = sum(1 for o in exports for p in o.problems if "incomplete" in p)
        out.append(f"  export: {len(exports)} kills; files under their final name {complete + broken}, complete "
                   f"{complete}, half-written {broken}; hidden temporaries left by the kill: {temporary}")
    for outcome in failed:
        out.append(f"  FAILED {outcome}   (replay: python benchmarks/crashes.py {outcome.scenario}:{outcome.seed})")
    return out


def main() -> list[str]:
    saved = dict(os.environ)
    home = _private_home()
    try:
        from kursrom.i18n import set_language

        set_language("nb")  # before the UI is imported: the scenarios look for bokmål on the screen
        began = time.monotonic()
        outcomes = run_kills()
        return crash_lines(outcomes, time.monotonic() - began)
    finally:
        os.environ.clear()
        os.environ.update(saved)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        _private_home()
        from kursrom.i18n import set_language

        set_language("nb")
        chosen = [(arg.split(":")[0], int(arg.split(":")[1])) for arg in sys.argv[1:]]
        for outcome in run_kills(seeds=chosen):
            print(outcome, outcome.detail)
    else:
        for text in main():
            print(text)
