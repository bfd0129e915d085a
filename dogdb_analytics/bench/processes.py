"""Run one benchmark step in a fresh Python process and measure its wall time and peak memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class StepResult:
    """Wall time of a child process, its peak resident memory (which the child reports itself,
    DuckDB's threads included) and the JSON report it printed last."""

    wall_seconds: float
    peak_rss_mb: float
    report: dict[str, Any]


def run_python_module(module: str, args: list[str], cwd: Path) -> StepResult:
    """`python -m module args...` in `cwd`; raises with the child's output when it fails."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", module, *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(
            f"benchmark step `{module} {' '.join(args)}` failed ({process.returncode}):\n"
            f"{stdout[-3000:]}\n{stderr[-3000:]}"
        )
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"benchmark step `{module}` printed no report:\n{stdout[-3000:]}")
    report = json.loads(lines[-1])
    return StepResult(wall, float(report.get("peak_rss_mb", 0.0)), report)


def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MiB. Linux's VmHWM (the high-water mark of this
    program's own memory), not getrusage's ru_maxrss: that one survives fork and exec, so a step
    started by the benchmark would report at least the benchmark's own peak (e.g. its in-process
    generation of the raw extract)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def error_summary(error: BaseException) -> str:
    """One line for a report: the last line of a failed step's output that names an error."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    errors = [line for line in lines if "Error" in line or "error" in line]
    return (errors[-1] if errors else lines[0] if lines else type(error).__name__)[:300]
