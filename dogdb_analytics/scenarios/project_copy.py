"""Throwaway copies of the SQLMesh project, for scenarios and tests that change models.

The copy includes the `dogdb_analytics` package: the forecast's Python models call it, and SQLMesh
fingerprints a Python model by the source of the project code it calls. A process started in the
copy (`python -m ...` with the copy as working directory) imports the copy's package, so the
forecast models keep the fingerprints of the original project instead of looking changed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from dogdb_analytics.warehouse import PROJECT_ROOT

PROJECT_ITEMS = (
    "config.yaml",
    "external_models.yaml",
    "models",
    "macros",
    "signals",
    "audits",
    "seeds",
    "tests",
    "linter",
    "metrics",
    "scenarios",
    "dogdb_analytics",
)


def copy_project(destination: Path, project_root: Path = PROJECT_ROOT) -> Path:
    """Copy the SQLMesh project (no warehouse, no caches) to `destination`."""
    destination.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", ".cache", "*.egg-info")
    for item in PROJECT_ITEMS:
        source = project_root / item
        if source.is_dir():
            shutil.copytree(source, destination / item, ignore=ignore)
        elif source.exists():
            shutil.copy2(source, destination / item)
    return destination
