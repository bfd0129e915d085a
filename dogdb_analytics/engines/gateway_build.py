"""Build prod on one gateway with the SQLMesh CLI, exactly as an operator would, and time it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from dogdb_analytics.warehouse import EXTRACT_BUILT_AT, PROJECT_ROOT

# One salt for every engine of a cross-check, so that the email hashes agree.
CROSS_CHECK_SALT = "dogdb-cross-engine-check-salt"


@dataclass(frozen=True)
class GatewayBuild:
    gateway: str
    plan_seconds: float
    audit_seconds: float


def sqlmesh_executable() -> str:
    return str(Path(sys.executable).with_name("sqlmesh"))


def _sqlmesh(gateway: str, arguments: list[str], project_root: Path) -> float:
    """Run one sqlmesh command on `gateway`; raise with its output when it fails."""
    started = time.perf_counter()
    result = subprocess.run(
        [sqlmesh_executable(), "--gateway", gateway, *arguments],
        cwd=project_root,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(
            f"sqlmesh --gateway {gateway} {' '.join(arguments)} failed "
            f"(exit {result.returncode}):\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        )
    return seconds


def build_prod(
    gateway: str,
    project_root: Path = PROJECT_ROOT,
    run_audits: bool = True,
    execution_time: str = EXTRACT_BUILT_AT,
) -> GatewayBuild:
    """`sqlmesh plan prod --auto-apply` (every batch audited), then `sqlmesh audit` of everything,
    both as of `execution_time` (default: just after the generated extract's last day), so that
    every engine of a cross-check fills the same intervals whenever and however long it runs.

    The unit tests are skipped here: they run on DuckDB whatever the gateway (`make test`), and
    their expected email hashes use the development salt, not this build's. The plan already
    audits every batch it builds; `run_audits=False` skips the second, whole-table audit pass.
    """
    at = ["--execution-time", execution_time]
    plan = _sqlmesh(
        gateway, ["plan", "prod", "--auto-apply", "--no-prompts", "--skip-tests", *at], project_root
    )
    audit = _sqlmesh(gateway, ["audit", *at], project_root) if run_audits else 0.0
    return GatewayBuild(gateway, plan, audit)
