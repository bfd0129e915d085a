"""Ingestion: the app database (PostgreSQL, or an embedded SQLite stand-in) and its load into the
warehouse's `raw` schema with dlt. See docs/ingestion.md."""
