"""What every benchmark shares: timing, peak memory in a child process, the ratio line,
the targets and the JSON written to benchmarks/results/.

These machines are shared and noisy, so each figure is compared with a baseline
measured in the same run, and the ratio is the figure that matters; absolute times
are printed for context. Nothing here asserts anything.
"""

from __future__ import annotations

import datetime
import json
import multiprocessing
import os
import platform
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

# Where results are written as JSON (the tests send them elsewhere).
RESULTS_DIR = Path(os.environ.get("HEALTHCHECK_BENCHMARK_RESULTS") or Path(__file__).resolve().parent / "results")


@dataclass
class Timing:
    """Seconds for each repeat of one measured call."""

    runs: list[float]

    @property
    def best(self) -> float:
        return min(self.runs)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


def timed(call, repeat: int = 3, budget: float = 120.0, setup=None) -> tuple[Timing, object]:
    """Run call() up to `repeat` times (stopping once `budget` seconds are spent); the
    last result and the time of each run. setup() runs untimed before each run."""
    runs, result, started = [], None, time.perf_counter()
    for _ in range(repeat):
        if setup is not None:
            setup()
        begin = time.perf_counter()
        result = call()
        runs.append(time.perf_counter() - begin)
        if time.perf_counter() - started > budget:
            break
    return Timing(runs), result


def peak_memory_kb() -> int:
    """This process's peak resident memory in kB. VmHWM belongs to the process's own memory
    map, so unlike ru_maxrss it does not count what the parent held when it forked."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _child(queue, target, args):
    try:
        result = target(*args)
        queue.put(("ok", result, peak_memory_kb()))
    except BaseException as error:  # reported to the parent, which prints it
        queue.put(("error", repr(error), 0))


def in_child(target, *args, timeout: float = 600.0):
    """Run target(*args) in a fresh interpreter; (its result, its peak resident memory in MB).

    A fresh process, so the peak is this work's alone (the interpreter and imports
    included, which the baseline child shows).
    """
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(queue, target, args))
    process.start()
    try:
        status, result, peak_kb = queue.get(timeout=timeout)
    finally:
        process.join(timeout=30)
        if process.is_alive():
            process.terminate()
    if status != "ok":
        raise RuntimeError(f"{target.__name__} failed in the child process: {result}")
    return result, peak_kb / 1024


@dataclass
class Target:
    what: str
    limit: float
    unit: str  # "s", "ms", "MB", "x" (at most this ratio), "%" (at least this share)
    value: float | None = None

    @property
    def met(self) -> bool | None:
        if self.value is None:
            return None
        return self.value >= self.limit if self.unit == "%" else self.value <= self.limit

    def line(self) -> str:
        relation = "≥" if self.unit == "%" else "≤"
        shown = "not measured" if self.value is None else f"{_number(self.value)} {self.unit}"
        verdict = {True: "met", False: "MISSED", None: "-"}[self.met]
        return f"  target {self.what}: {relation} {_number(self.limit)} {self.unit}; measured {shown}: {verdict}"


@dataclass
class Report:
    """One benchmark's figures, ratios and targets; printed as it goes and saved as JSON."""

    name: str
    quick: bool = False
    figures: list[dict] = field(default_factory=list)
    ratios: list[dict] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def figure(self, what: str, value: float, unit: str, **detail) -> float:
        self.figures.append({"what": what, "value": value, "unit": unit, **detail})
        extra = "".join(f", {key} {_number(item)}" for key, item in detail.items())
        print(f"  {what}: {_number(value)} {unit}{extra}", flush=True)
        return value

    def ratio(self, what: str, value: float, baseline: float, baseline_what: str, unit: str = "s") -> float:
        """value ÷ baseline, printed as the line that matters ("ratio ...")."""
        ratio = value / baseline if baseline else float("inf")
        self.ratios.append(
            {
                "what": what,
                "value": value,
                "baseline": baseline,
                "baseline_what": baseline_what,
                "unit": unit,
                "ratio": ratio,
            }
        )
        print(
            f"  ratio {what}: {ratio:.2f}x {baseline_what} "
            f"({_number(value)} {unit} against {_number(baseline)} {unit})",
            flush=True,
        )
        return ratio

    def target(self, what: str, limit: float, unit: str, value: float | None) -> None:
        target = Target(what, limit, unit, value)
        self.targets.append(target)
        print(target.line(), flush=True)

    def note(self, text: str) -> None:
        self.notes.append(text)
        print(f"  note: {text}", flush=True)

    def save(self) -> Path:
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        path = RESULTS_DIR / f"{self.name}{'-quick' if self.quick else ''}.json"
        path.write_text(
            json.dumps(
                {
                    "benchmark": self.name,
                    "quick": self.quick,
                    "when": datetime.datetime.now().isoformat(timespec="seconds"),
                    "machine": machine(),
                    "figures": self.figures,
                    "ratios": self.ratios,
                    "targets": [
                        {"what": t.what, "limit": t.limit, "unit": t.unit, "value": t.value, "met": t.met}
                        for t in self.targets
                    ],
                    "notes": self.notes,
                },
                indent=2,
            )
            + "\n"
        )
        return path


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "load_average": [round(load, 2) for load in os.getloadavg()],
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
    }


def heading(text: str) -> None:
    load = ", ".join(f"{load:.1f}" for load in os.getloadavg())
    print(f"\n== {text} (load average {load}; {os.cpu_count()} cores)", flush=True)


def _number(value) -> str:
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and abs(value) >= 100):
        return f"{int(value):,}"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 100 else f"{value:,.0f}"
    return str(value)


def scratch_dir(prefix: str) -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix=f"healthcheck-bench-{prefix}-")


def python() -> str:
    return sys.executable
