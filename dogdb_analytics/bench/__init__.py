"""Benchmarks: what a build, a daily run, a change and the dashboard queries cost per scale,
against a plain-DuckDB baseline of the same transformations."""
