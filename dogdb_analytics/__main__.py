"""`python -m dogdb_analytics ...` runs the `dogdb` CLI."""

from dogdb_analytics.cli import main

raise SystemExit(main())
