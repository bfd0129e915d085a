"""Shared fixtures: throwaway warehouses generated and built once per test session, whatever the
number of xdist workers (the first worker to ask builds, under a file lock; each worker then
works on its own copy, since its tests may open it read-write)."""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from dogdb_analytics.warehouse import build_warehouse

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# SQLMesh's cache holds state snapshots with another warehouse's change categories (config.yaml):
# the test builds never read the project's own .cache, which a developer's dev plans fill.
os.environ.setdefault("DOGDB_SQLMESH_CACHE", tempfile.mkdtemp(prefix="dogdb-sqlmesh-cache-"))


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


def once_per_session(
    tmp_path_factory: pytest.TempPathFactory, name: str, filename: str, make: Callable[[Path], None]
) -> Path:
    """`make(path)` once per test session; returns this worker's copy of what it made. DuckDB
    names a catalog after its file, so the copy keeps `filename`."""
    mine = tmp_path_factory.mktemp(name) / filename
    if os.environ.get("PYTEST_XDIST_WORKER") is None:  # one process: nothing to share
        make(mine)
        return mine
    shared_root = tmp_path_factory.getbasetemp().parent  # the same for every worker
    shared = shared_root / f"shared_{name}" / filename
    done = shared.with_name(".done")
    with (shared_root / f"shared_{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other workers wait for the first one's build
        if not done.exists():
            shared.parent.mkdir(exist_ok=True)
            make(shared)
            done.touch()
    shutil.copyfile(shared, mine)
    return mine


def _built(tmp_path_factory: pytest.TempPathFactory, scale: str) -> Iterator[Path]:
    previous = os.environ.get("DOGDB_WAREHOUSE")
    warehouse = once_per_session(
        tmp_path_factory,
        f"warehouse_{scale}",
        "dogdb.duckdb",
        lambda path: build_warehouse(PROJECT_ROOT, path, scale=scale),
    )
    yield warehouse
    if previous is None:
        os.environ.pop("DOGDB_WAREHOUSE", None)
    else:
        os.environ["DOGDB_WAREHOUSE"] = previous


@pytest.fixture(scope="session")
def built_sample_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A prod build of the brief's sample rows only."""
    yield from _built(tmp_path_factory, "sample")


@pytest.fixture(scope="session")
def built_small_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A prod build of the `small` generated data (about 2,000 accounts)."""
    yield from _built(tmp_path_factory, "small")


@pytest.fixture(scope="session")
def built_test_scale_warehouse(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """A prod build at the scale named by DOGDB_TEST_SCALE (default `small`, which reuses
    built_small_warehouse), for tests that can also run on bigger data, e.g. `medium`."""
    scale = os.environ.get("DOGDB_TEST_SCALE", "small")
    if scale == "small":
        yield request.getfixturevalue("built_small_warehouse")
    else:
        yield from _built(tmp_path_factory, scale)


@pytest.fixture(scope="session")
def published_small_snapshot(
    built_small_warehouse: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """`dogdb publish` of the small build (audits recorded), as the dashboard reads it."""
    from dogdb_analytics.publishing.snapshot import publish

    return once_per_session(
        tmp_path_factory,
        "published_small",
        "published.duckdb",
        lambda path: publish(built_small_warehouse, path),
    )


@pytest.fixture(scope="session")
def test_artifacts() -> Path:
    """Where tests leave files for people to look at (screenshots); gitignored."""
    folder = PROJECT_ROOT / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder
