"""The load's cost per scale: generate into an app database, the full load, then one day of app
changes and its load. `dogdb bench --load medium,large` reports it beside the build's figures;
`python -m dogdb_analytics.bench.load_timing --scales medium,large [--postgres]` prints one line
per scale (and a JSON report last). The embedded SQLite app by default, a throwaway PostgreSQL
server (read-only load role) with --postgres."""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from dogdb_analytics.ingestion.app_database import AppDatabase, app_database_from_env
from dogdb_analytics.ingestion.app_day import append_app_day
from dogdb_analytics.ingestion.app_writer import generate_app_database
from dogdb_analytics.ingestion.load import load_app
from dogdb_analytics.warehouse import EXTRACT_BUILT_AT


@contextmanager
def _apps(work: Path, postgres: bool) -> Iterator[tuple[AppDatabase, AppDatabase]]:
    """(the app as its owner writes it, the app as the load reads it)."""
    if not postgres:
        app = app_database_from_env(
            work / "dogdb.duckdb", {"DOGDB_APP_SQLITE": str(work / "app.sqlite")}
        )
        yield app, app
        return
    from dogdb_analytics.engines.postgres_server import running_postgres
    from dogdb_analytics.ingestion.postgres_app import (
        create_app_database,
        create_loader_role,
        owner_app,
    )

    with running_postgres() as server:
        create_app_database(server)
        owner = owner_app(server)
        yield owner, app_database_from_env(work, create_loader_role(server))


def time_load(scale: str, postgres: bool = False) -> dict[str, float | int | str]:
    """Seconds to generate into the app, load in full, append a day and load that day."""
    first = datetime.fromisoformat(EXTRACT_BUILT_AT)
    with tempfile.TemporaryDirectory(prefix=f"dogdb-load-{scale}-") as scratch:
        work = Path(scratch)
        with _apps(work, postgres) as (owner, loader):
            started = time.perf_counter()
            generate_app_database(owner, scale)
            generated = time.perf_counter() - started
            full = load_app(work / "dogdb.duckdb", loader, as_of=first)
            append_app_day(owner)
            day = load_app(work / "dogdb.duckdb", loader, as_of=first + timedelta(days=1))
    return {
        "scale": scale,
        "app": "postgres" if postgres else "sqlite",
        "generate_into_app_s": round(generated, 1),
        "full_load_s": round(full.seconds, 1),
        "full_load_rows": sum(full.rows.values()),
        "one_day_load_s": round(day.seconds, 1),
        "one_day_load_rows": sum(day.rows.values()),
    }


LOAD_COLUMNS = (
    ("app database", "app"),
    ("generate into the app (s)", "generate_into_app_s"),
    ("full load (s)", "full_load_s"),
    ("rows, full load", "full_load_rows"),
    ("one day's load (s)", "one_day_load_s"),
    ("rows, one day's load", "one_day_load_rows"),
)


def render_load_timings(timings: list[dict[str, float | int | str]]) -> str:
    """Markdown: one row per (scale, app database)."""
    lines = [
        "## Load from the app database (dlt, one run each)",
        "",
        "| scale | " + " | ".join(title for title, _ in LOAD_COLUMNS) + " |",
        "|---|---|" + "---:|" * (len(LOAD_COLUMNS) - 1),
    ]
    for timing in timings:
        cells = [
            f"{timing[key]:,}" if isinstance(timing[key], int) else str(timing[key])
            for _, key in LOAD_COLUMNS
        ]
        lines.append(f"| {timing['scale']} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "The one day is `append_app_day`: the next day's new accounts, interactions and usage, "
        "tier changes, disabled licenses, late resolutions and a deleted account, loaded "
        "incrementally (cursors, merge, the interactions' 14-day re-extract window).",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="small", help="comma-separated scales")
    parser.add_argument("--postgres", action="store_true", help="a PostgreSQL app database")
    args = parser.parse_args(argv)
    results = [time_load(scale, args.postgres) for scale in args.scales.split(",")]
    for r in results:
        print(
            f"{r['scale']} ({r['app']}): generate {r['generate_into_app_s']} s, full load "
            f"{r['full_load_s']} s ({r['full_load_rows']:,} rows), one day "
            f"{r['one_day_load_s']} s ({r['one_day_load_rows']:,} rows)"
        )
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
