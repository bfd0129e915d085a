"""Shared fixtures: throwaway warehouses generated and built once per test session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from dogdb_analytics.warehouse import build_warehouse

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


def _built(tmp_path_factory: pytest.TempPathFactory, scale: str) -> Iterator[Path]:
    warehouse = tmp_path_factory.mktemp(f"warehouse_{scale}") / "dogdb.duckdb"
    previous = os.environ.get("DOGDB_WAREHOUSE")
    build_warehouse(PROJECT_ROOT, warehouse, scale=scale)
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

    snapshot = tmp_path_factory.mktemp("published_small") / "published.duckdb"
    publish(built_small_warehouse, snapshot)
    return snapshot


@pytest.fixture(scope="session")
def test_artifacts() -> Path:
    """Where tests leave files for people to look at (screenshots); gitignored."""
    folder = PROJECT_ROOT / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder
