"""One SQLMesh step of the benchmark, run in its own process by `dogdb bench`.

`python -m dogdb_analytics.bench.worker test|build|run|plan-dev|promote --warehouse W
--execution-time T` from the project root prints a JSON report: context load time, step time,
evaluated batches and the models they belong to, the step's time per SQLMesh phase
(bench/overhead.py), the slowest audits and the process's peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from dogdb_analytics.bench.overhead import profiled_phases
from dogdb_analytics.bench.processes import peak_rss_mb
from dogdb_analytics.scenarios.evaluation_log import RecordingConsole
from dogdb_analytics.warehouse import opened_context

STEPS = ("test", "build", "run", "plan-dev", "promote")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("step", choices=STEPS)
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--execution-time", help="required by every step but `test`")
    args = parser.parse_args(argv)
    if args.step != "test" and not args.execution_time:
        parser.error(f"{args.step} needs --execution-time")

    if args.step == "run":
        # The scheduled job runs no unit test: it need not parse their YAML (config.yaml).
        os.environ["DOGDB_SKIP_TEST_FILES"] = "1"
    console = RecordingConsole()
    started = time.perf_counter()
    with (
        opened_context(args.warehouse, Path.cwd(), console=console) as context,
        profiled_phases() as phases,
    ):
        loaded = time.perf_counter()
        if args.step == "test":
            if not context.test().wasSuccessful():
                raise SystemExit("sqlmesh test failed")
        elif args.step == "run":
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
                # The job ran every unit test (`sqlmesh test`, the `test` step) before the build,
                # and the change's dev plan ran the tests of the models it changed: neither the
                # build nor the promotion runs them again.
                skip_tests=args.step in ("build", "promote"),
                test_changed_only=args.step == "plan-dev",
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
        "phases": phases.breakdown(finished - loaded),
        "slowest_audits": phases.slowest("audits"),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
