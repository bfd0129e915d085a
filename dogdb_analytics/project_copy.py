"""Throwaway copies of the SQLMesh project, for scenarios and tests that change models."""

from __future__ import annotations

import shutil
from pathlib import Path

from dogdb_analytics.warehouse import PROJECT_ROOT

PROJECT_ITEMS = (
    "config.yaml",
    "external_models.yaml",
    "models",
    "macros",
    "audits",
    "seeds",
    "tests",
    "linter",
    "metrics",
    "scenarios",
)


def copy_project(destination: Path, project_root: Path = PROJECT_ROOT) -> Path:
    """Copy the SQLMesh project (no warehouse, no caches) to `destination`."""
    destination.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", ".cache")
    for item in PROJECT_ITEMS:
        source = project_root / item
        if source.is_dir():
            shutil.copytree(source, destination / item, ignore=ignore)
        elif source.exists():
            shutil.copy2(source, destination / item)
    return destination
