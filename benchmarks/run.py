"""The performance targets of soviet_dprk, each measured beside its reference in one run.

    python benchmarks/run.py            # the full run: writes docs/performance.md
    python benchmarks/run.py --quick    # a few seconds: prints the report, writes nothing

Whole processes are fresh interpreters run in interleaved rounds; "over a bare interpreter"
subtracts ``python -c pass`` timed in the same round, and each figure is the median of the
rounds. Calls are timed with timeit, best of the runs. Loads are cold (`load_from` caches
nothing), each beside ``json.loads`` of the same bytes, median of the runs. pycountry comes
from the ``bench`` extra. A missed target is reported, never an error.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from importlib.metadata import version
from pathlib import Path

import pycountry

import soviet_dprk as sd
from soviet_dprk import _validate
from soviet_dprk._load import load_from

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the generator beside this script
from synthetic import VERSION, write_dataset

REPORT = Path(__file__).resolve().parents[1] / "docs" / "performance.md"
SHIPPED = Path(sd.__file__).parent / "data"
FILES = [f"{name}.json" for name in ("sources", "systems", "derivations", "transfers")]
FILES += ["eras.json", "tombstones.json"]


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:.1f} ms"


def us(seconds: float) -> str:
    return f"{seconds * 1e6:.2f} us"


@dataclass(frozen=True)
class Figure:
    """One target: ``value / reference`` at most ``target``."""

    what: str
    value: float
    against: str
    reference: float
    target: float
    unit: Callable[[float], str] = ms

    @property
    def ratio(self) -> float:
        return self.value / self.reference

    def row(self) -> str:
        met = "yes" if self.ratio <= self.target else "**no**"
        cells = (self.what, self.unit(self.value), f"{self.against}: {self.unit(self.reference)}")
        return "| " + " | ".join((*cells, f"{self.ratio:.2f}", f"<= {self.target}x", met)) + " |"


@dataclass(frozen=True)
class Floor:
    """Work that a figure cannot skip, beside the figure's reference: where the floor's ratio
    is above the figure's target, the target cannot be met."""

    what: str
    value: float
    bounds: Figure
    name: str  # the figure, in short

    def row(self) -> str:
        ratio = self.value / self.bounds.reference
        unit = self.bounds.unit
        against = f"{self.bounds.against}: {unit(self.bounds.reference)}"
        cells = (self.what, unit(self.value), against, f"{ratio:.2f}")
        return "| " + " | ".join((*cells, f"{self.name}: <= {self.bounds.target}x")) + " |"


def processes(rounds: int) -> tuple[list[Figure], list[Floor]]:
    cli = shutil.which("soviet-dprk", path=str(Path(sys.executable).parent))
    programs = {
        "bare": "pass",
        "attrs": "import attrs",
        "import": "import soviet_dprk",
        "first": "import soviet_dprk; soviet_dprk.origin_of('Type 58')",
        "pycountry": "import pycountry; pycountry.countries.lookup('north korea')",
        # The floor of a first answer: import attrs, then read, verify and parse the newest
        # version's files, building no record.
        "floor": (
            f"import attrs, hashlib, json, os\nd = {str(SHIPPED / sd.versions()[-1])!r}\n"
            "for n in os.listdir(d):\n"
            "    b = open(os.path.join(d, n), 'rb').read()\n"
            "    hashlib.sha256(b).hexdigest(), json.loads(b)"
        ),
    }
    argvs = {name: [sys.executable, "-c", code] for name, code in programs.items()}
    argvs["cli"] = [cli] if cli else [sys.executable, "-m", "soviet_dprk"]
    argvs["cli"] += ["origin", "Type 58"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SOVIET_DPRK", "PYTHONDONT"))}

    def wall(argv: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(argv, check=True, env=env, stdout=subprocess.DEVNULL)
        return time.perf_counter() - start

    for argv in argvs.values():  # warm the file cache and write the bytecode caches
        wall(argv)
    times: dict[str, list[float]] = {name: [] for name in argvs}
    for _ in range(rounds):
        for name, argv in argvs.items():
            times[name].append(wall(argv))
    whole = {name: statistics.median(t) for name, t in times.items()}
    over = {
        name: statistics.median(a - b for a, b in zip(t, times["bare"], strict=True))
        for name, t in times.items()
    }
    command = "`soviet-dprk origin 'Type 58'`" + ("" if cli else " (`python -m soviet_dprk`)")
    first = "`import soviet_dprk; origin_of('Type 58')`"
    lookup = "`import pycountry; countries.lookup('north korea')`"
    answer = Figure(
        f"first answer in a fresh process, {first}, over bare",
        over["first"],
        lookup,
        over["pycountry"],
        1.0,
    )
    floor = Floor(
        "`import attrs, hashlib, json`, then read, hash and parse the newest version's files "
        "(no record built), over bare",
        over["floor"],
        answer,
        "first answer",
    )
    figures = [
        Figure(
            "`import soviet_dprk`, over bare", over["import"], "`import attrs`", over["attrs"], 1.3
        ),
        answer,
        Figure(
            f"{command}, whole process",
            whole["cli"],
            "first answer, whole process",
            whole["first"],
            1.4,
        ),
    ]
    return figures, [floor]


def calls(runs: int, number: int) -> list[Figure]:
    space = {"sd": sd, "data": sd.load(), "countries": pycountry.countries}
    statements = {
        "origin_of": "sd.origin_of('Type 58')",
        "pinned origin_of": "data.origin_of('Type 58')",
        "system": "sd.system('Type 58')",
        "pinned system": "data.system('Type 58')",
        "pycountry": "countries.lookup('north korea')",
    }
    timers = {name: timeit.Timer(stmt, globals=space) for name, stmt in statements.items()}
    for timer in timers.values():
        timer.timeit(10)  # the first answers are computed and kept
    best = dict.fromkeys(timers, float("inf"))
    for _ in range(runs):
        for name, timer in timers.items():
            best[name] = min(best[name], timer.timeit(number) / number)
    figures = []
    for call in ("origin_of", "system"):
        what = f"module-level `{call}('Type 58')` hit"
        pinned = f"`load().{call}('Type 58')`"
        figures.append(Figure(what, best[call], pinned, best[f"pinned {call}"], 1.2, us))
        lookup = "pycountry `countries.lookup('north korea')`"
        figures.append(Figure(what, best[call], lookup, best["pycountry"], 0.6, us))
    return figures


def timed(fn: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def load_beside_json(root: Path, version: str, runs: int) -> tuple[float, float]:
    """Median seconds of a cold load of ``root / version`` and of ``json.loads`` of its bytes."""
    raw = [(root / version / name).read_bytes() for name in FILES]
    loads, parses = [], []
    for _ in range(runs):
        loads.append(timed(partial(load_from, root, version)))
        parses.append(timed(lambda: [json.loads(b) for b in raw]))
    return statistics.median(loads), statistics.median(parses)


def structured(root: Path, version: str) -> None:
    """Parse a version and structure its records with the validator's converter, no rule,
    with the collector paused as a load pauses it."""
    raw = [(root / version / name).read_bytes() for name in FILES]
    rules = _validate.RULES
    _validate.RULES = ()  # type: ignore[misc]
    gc.disable()
    try:
        _validate.validate(version, dict(zip(FILES, map(json.loads, raw), strict=True)))
    finally:
        gc.enable()
        _validate.RULES = rules  # type: ignore[misc]


def loading(runs: int, work: Path) -> tuple[list[Figure], list[Floor]]:
    newest = sd.versions()[-1]
    size = len(sd.load(newest).systems)
    load, parse = load_beside_json(SHIPPED, newest, runs)
    shipped = f"load the newest shipped version, {newest} ({size} systems, registered: verified)"
    figures = [Figure(shipped, load, "`json.loads` of the same bytes", parse, 2.5)]
    per_system = {}
    floors = []
    for times in (1, 10, 20):
        write_dataset(work / f"x{times}", size * times)
        load_from(work / f"x{times}", VERSION)  # the validator's first use imports cattrs
        load, parse = load_beside_json(work / f"x{times}", VERSION, runs)
        per_system[times] = load / (size * times)
        if times == 10:
            what = f"load {size * times:,} synthetic systems (10x, unregistered: validated)"
            validated = Figure(what, load, "`json.loads` of the same bytes", parse, 2.5)
            figures.append(validated)
            alone = statistics.median(
                timed(partial(structured, work / "x10", VERSION)) for _ in range(runs)
            )
            what = "parse the 10x files and structure their records with the validator's cattrs "
            what += "converter, no rule checked"
            floors.append(Floor(what, alone, validated, "validated 10x load"))
    what = f"load cost a system at 20x ({size * 20:,} synthetic systems)"
    figures.append(Figure(what, per_system[20], f"at 1x ({size})", per_system[1], 1.3, us))
    return figures, floors


def origin_of_each(data: sd.Dataset) -> None:
    for system in data.systems:
        data.origin_of(system.id)


def first_origins(runs: int, work: Path) -> list[Figure]:
    """The first `origin_of` of every system of a lineage full of diamonds, beside its load."""
    walks, loads = {}, {}
    for size in (2_000, 4_000):
        write_dataset(work / f"diamonds-{size}", size, diamonds=True)
        load = partial(load_from, work / f"diamonds-{size}", VERSION)
        times = [(timed(load), timed(partial(origin_of_each, load()))) for _ in range(runs)]
        loads[size] = statistics.median(t[0] for t in times)
        walks[size] = statistics.median(t[1] for t in times)
    what = "first `origin_of` of every system, 2,000 synthetic systems in ladders of diamonds"
    linear = "... linear: its cost a system at 4,000 systems (the same ladders)"
    return [
        Figure(what, walks[2_000], "one load of that graph", loads[2_000], 5.0),
        Figure(linear, walks[4_000] / 4_000, "at 2,000", walks[2_000] / 2_000, 1.3, us),
    ]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    info = Path("/proc/cpuinfo")
    lines = info.read_text().splitlines() if info.is_file() else []
    names = [line.partition(":")[2].strip() for line in lines if line.startswith("model name")]
    cpu = names[0] if names else cpu
    peers = ", ".join(f"{p} {version(p)}" for p in ("attrs", "cattrs", "pycountry"))
    return (
        f"{platform.python_implementation()} {platform.python_version()}, {platform.system()} "
        f"{platform.machine()}, {cpu}, {os.cpu_count()} CPUs; {peers}"
    )


def report(figures: list[Figure], floors: list[Floor], rounds: int, runs: int) -> str:
    rows = "\n".join(figure.row() for figure in figures)
    bounds = "\n".join(floor.row() for floor in floors)
    met = sum(f.ratio <= f.target for f in figures)
    return f"""---
orphan: true
---

# Performance

Measured by `python benchmarks/run.py` on {machine()}.

Whole processes: the median of {rounds} interleaved rounds; "over bare" subtracts
`python -c pass` timed in the same round. Calls: the best of {runs} timeit runs. Loads: the
median of {runs} cold loads, beside `json.loads` of the same bytes. A registered (shipped)
version is verified against `data/SHA256SUMS` and built without checks; synthetic data, from
`benchmarks/synthetic.py` at multiples of the newest version's size, is not registered and goes
through the validator. "Linear" is read as the cost a system at twice the size within 1.3
times, the tolerance of the load's own scaling target. The numbers are this machine's: rerun
the script to get yours.

| figure | measured | reference | ratio | target | met |
| --- | --- | --- | --- | --- | --- |
{rows}

{met} of {len(figures)} targets met.

## Floors

Each floor measures, in the same run and beside the same reference, work that the figure it
bounds cannot skip as the library is designed: a release is verified and parsed before it
answers, and data that is not a release is structured by cattrs before its rules are checked.
The collector is paused while a version loads (not while `json.loads` runs alone). Where a
floor's ratio is above its figure's target, no change short of that design meets the target.

| floor | measured | reference | ratio | bounds |
| --- | --- | --- | --- | --- |
{bounds}
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few seconds; writes nothing")
    quick = parser.parse_args(argv).quick
    rounds, runs, number = (3, 1, 2_000) if quick else (40, 15, 200_000)
    with tempfile.TemporaryDirectory() as tmp:
        figures, floors = processes(rounds)
        figures += calls(runs, number)
        loads, more = loading(runs, Path(tmp))
        figures += loads + first_origins(runs, Path(tmp))
    text = report(figures, floors + more, rounds, runs)
    print(text)
    if not quick:
        REPORT.write_text(text, encoding="utf-8")
        print(f"wrote {REPORT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
