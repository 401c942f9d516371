"""Each benchmark runs end to end with tiny sizes and prints its ratio to a baseline measured
in the same run. Nothing here checks a time: speed is reported by `make benchmarks`."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ["scoring", "pages", "export", "import", "submissions", "invitations", "committee-pack"]


def run_benchmarks(*arguments, results):
    return subprocess.run(
        [sys.executable, "-m", "benchmarks", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "HEALTHCHECK_BENCHMARK_RESULTS": str(results)},
    )


@pytest.mark.slow
@pytest.mark.parametrize("name", BENCHMARKS)
def test_benchmark_runs_with_tiny_sizes_and_prints_its_ratio(name, tmp_path):
    result = run_benchmarks(name, "--quick", results=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    ratios = [line.strip() for line in result.stdout.splitlines() if line.strip().startswith("ratio ")]
    assert ratios, result.stdout
    assert all(" against " in line and "x " in line for line in ratios)
    saved = json.loads((tmp_path / f"{name}-quick.json").read_text())
    assert saved["quick"] is True and saved["machine"]["cpus"] >= 1
    assert len(saved["ratios"]) == len(ratios)
    assert all(ratio["baseline"] > 0 and ratio["value"] > 0 for ratio in saved["ratios"])


def test_an_unknown_benchmark_is_refused_by_name(tmp_path):
    result = run_benchmarks("scoring", "speed", results=tmp_path)
    assert result.returncode == 2
    assert "no benchmark called speed" in result.stderr
    assert "scoring, pages, export, import, mapped-import, submissions" in result.stderr
    assert not list(tmp_path.iterdir())
