"""Personal data: emails leave staging only as a salted hash.

The salt is the `pii_salt` variable (config.yaml, from DOGDB_PII_SALT). The local DuckDB gateway
may use the fixed development salt; every other gateway (the prod ones) refuses to render without
a salt of its own, with an error that says what to set.
"""

from __future__ import annotations

from sqlglot import exp
from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator
from sqlmesh.utils.errors import ConfigError

DEVELOPMENT_SALT = "dogdb-local-development-salt"
LOCAL_GATEWAYS = ("duckdb",)


@macro()
def pii_hash(evaluator: MacroEvaluator, value: exp.Expression) -> exp.Expression:
    """MD5 of the salt and `value`; a stable pseudonym that cannot be reversed without the salt."""
    salt = evaluator.var("pii_salt")
    gateway = evaluator.gateway or "duckdb"
    if not salt or (salt == DEVELOPMENT_SALT and gateway not in LOCAL_GATEWAYS):
        raise ConfigError(
            f"DOGDB_PII_SALT is not set: gateway '{gateway}' hashes customer emails with the "
            "salt from DOGDB_PII_SALT, and only the local DuckDB gateway may use the development "
            "salt. Set DOGDB_PII_SALT (a long random secret) in this gateway's environment."
        )
    return exp.func("MD5", exp.func("CONCAT", exp.Literal.string(str(salt)), value))
