"""One SQLMesh step of the benchmark, run in its own process by `dogdb bench`.

`python -m dogdb_analytics.bench.worker build|run|plan-dev|promote --warehouse W --execution-time T`
from the project root prints a JSON report: context load time, step time, evaluated batches and
the models they belong to, and the process's peak memory.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from dogdb_analytics.bench.processes import peak_rss_mb
from dogdb_analytics.scenarios.evaluation_log import RecordingConsole
from dogdb_analytics.warehouse import opened_context

STEPS = ("build", "run", "plan-dev", "promote")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("step", choices=STEPS)
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--execution-time", required=True)
    args = parser.parse_args(argv)

    console = RecordingConsole()
    started = time.perf_counter()
    with opened_context(args.warehouse, Path.cwd(), console=console) as context:
        loaded = time.perf_counter()
        if args.step == "run":
            status = context.run(execution_time=args.execution_time)
            if status.is_failure:
                raise SystemExit(f"sqlmesh run failed: {status}")
        else:
            environment = "dev" if args.step == "plan-dev" else "prod"
            context.plan(
                environment,
                execution_time=args.execution_time,
                auto_apply=True,
                no_prompts=True,
                # The change was unit-tested by its dev plan; promoting it does not test it again.
                skip_tests=args.step == "promote",
            )
        finished = time.perf_counter()
    if console.audit_failures:
        raise SystemExit(f"audits failed: {[str(f) for f in console.audit_failures]}")
    report = {
        "step": args.step,
        "load_s": round(loaded - started, 3),
        "step_s": round(finished - loaded, 3),
        "batches": len(console.evaluated),
        "models": sorted(console.models()),
        "slowest": [[m, round(s, 2)] for m, s in list(console.seconds_per_model().items())[:6]],
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
