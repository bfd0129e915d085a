"""`dogdb api`: serve the read-only metrics HTTP API on the published snapshot (127.0.0.1)."""

from __future__ import annotations

import argparse

from dogdb_analytics.commands.options import add_snapshot_argument, snapshot_of


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    add_snapshot_argument(parser)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from dogdb_analytics.api.app import create_app

    uvicorn.run(create_app(snapshot_of(args)), host=args.host, port=args.port, log_level="warning")
    return 0
