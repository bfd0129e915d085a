"""Synthetic source data: the app database's raw extract at named scales."""

from dogdb_analytics.generate.daily_append import append_day
from dogdb_analytics.generate.scales import SCALES, get_scale
from dogdb_analytics.generate.sources import DEFAULT_END_DATE, generate_sources

__all__ = ["DEFAULT_END_DATE", "SCALES", "append_day", "generate_sources", "get_scale"]
