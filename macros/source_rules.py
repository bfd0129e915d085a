"""Rules that clean the app's extract: one definition, used by staging and by the quarantine model.

Each `*_reject_reason` macro renders a CASE expression that is NULL for a usable row and names
the reason otherwise. Staging keeps the rows whose reason is NULL; `quality.quarantined_rows`
keeps the others, so every raw row is accounted for exactly once.
"""

from __future__ import annotations

from sqlglot import exp, parse_one
from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator, date_spine

TIERS = ("Free", "Medium", "Enterprise")
LICENSE_ROLES = ("developer", "analyst", "admin")
LICENSE_STATUSES = ("active", "disabled")
INTERACTION_STATUSES = ("open", "resolved", "canceled")
LICENSE_ID_PATTERN = "^[0-9a-f]{{40}}$"  # braces doubled: the pattern goes through str.format


def _sql(evaluator: MacroEvaluator, template: str, **columns: exp.Expression) -> exp.Expression:
    """Parse a DuckDB-dialect template after substituting column expressions into it."""
    rendered = template.format(**{k: v.sql(dialect="duckdb") for k, v in columns.items()})
    return parse_one(rendered, read="duckdb")


def _now() -> exp.Expression:
    """The moment a query runs (UTC). Staging is views, so a row dated later than this is rejected
    as 'in the future' at every read, and comes back by itself once its time has come."""
    return parse_one("CAST(CURRENT_TIMESTAMP AS TIMESTAMP)")


# Gateways whose engine is not DuckDB, by name: the models are written in DuckDB's dialect and
# these macros render each engine's own form of the few expressions that differ. A gateway's
# name says its engine (config.yaml: duckdb, postgres, spark; see README, Other engines).
GATEWAY_DIALECTS = {
    "postgres": "postgres",
    "spark": "spark",
    "databricks": "databricks",
    "snowflake": "snowflake",
}
SPARK_DIALECTS = ("spark", "spark2", "databricks")


def engine_dialect(evaluator: MacroEvaluator) -> str:
    """The SQL dialect of the engine the project is rendered for (the gateway's), not the models'
    (always duckdb): the gateway is known while models load, so every stage renders alike."""
    return GATEWAY_DIALECTS.get(evaluator.gateway or "duckdb", "duckdb")


def _in_list(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


@macro()
def normalize_tier(evaluator: MacroEvaluator, column: exp.Expression) -> exp.Expression:
    """'medium ', 'MEDIUM' -> 'Medium'; anything that is not a known tier -> NULL."""
    whens = " ".join(f"WHEN '{t.lower()}' THEN '{t}'" for t in TIERS)
    return _sql(evaluator, "CASE LOWER(TRIM({c})) " + whens + " END", c=column)


@macro()
def normalize_interaction_status(
    evaluator: MacroEvaluator, column: exp.Expression
) -> exp.Expression:
    """Lower-cased, trimmed status with the British spelling of canceled folded in."""
    return _sql(
        evaluator,
        "CASE LOWER(TRIM({c})) WHEN 'cancelled' THEN 'canceled' ELSE LOWER(TRIM({c})) END",
        c=column,
    )


@macro()
def license_json(evaluator: MacroEvaluator, column: exp.Expression) -> exp.Expression:
    """The license blob with its typographic quotes (U+201C, U+201D) turned into JSON quotes."""
    return _sql(evaluator, "REPLACE(REPLACE({c}, '\u201c', '\"'), '\u201d', '\"')", c=column)


@macro()
def license_json_field(
    evaluator: MacroEvaluator, column: exp.Expression, key: exp.Expression
) -> exp.Expression:
    """A top-level string field of the (quote-fixed) license JSON, NULL when it does not parse.

    Engines differ here: DuckDB raises on invalid JSON unless guarded by json_valid, Spark's
    get_json_object returns NULL, and PostgreSQL 15 has no validity test, so it reads the field
    with a regular expression and relies on `license_json_is_valid` for the shape.
    """
    name = key.name
    fixed = license_json(evaluator, column)
    dialect = engine_dialect(evaluator)
    if dialect == "postgres":
        pattern = f'"{name}"\\s*:\\s*"([^"]*)"'
        return parse_one(f"SUBSTRING({fixed.sql('postgres')} FROM '{pattern}')", read="postgres")
    if dialect in SPARK_DIALECTS:
        return exp.func("GET_JSON_OBJECT", fixed, exp.Literal.string(f"$.{name}"))
    return _sql(
        evaluator,
        "CASE WHEN JSON_VALID({j}) THEN JSON_EXTRACT_STRING({j}, '$.{k}') END".replace("{k}", name),
        j=fixed,
    )


@macro()
def license_json_is_valid(evaluator: MacroEvaluator, column: exp.Expression) -> exp.Expression:
    """TRUE when the quote-fixed license blob is a JSON object."""
    fixed = license_json(evaluator, column)
    dialect = engine_dialect(evaluator)
    if dialect == "postgres":
        return parse_one(f"{fixed.sql('postgres')} ~ '^\\s*\\{{.*\\}}\\s*$'", read="postgres")
    if dialect in SPARK_DIALECTS:
        return parse_one(
            f"FROM_JSON({fixed.sql('spark')}, 'MAP<STRING, STRING>') IS NOT NULL", read="spark"
        )
    return _sql(evaluator, "COALESCE(JSON_VALID({j}), FALSE)", j=fixed)


@macro()
def account_reject_reason(evaluator: MacroEvaluator) -> exp.Expression:
    """Why a raw.customer_accounts row cannot be used (NULL when it can)."""
    return _sql(
        evaluator,
        "CASE WHEN account_id IS NULL THEN 'null account_id'"
        " WHEN created_at IS NULL THEN 'null created_at'"
        " WHEN created_at > {now} THEN 'created_at in the future'"
        " WHEN {tier} IS NULL THEN 'unknown tier'"
        " END",
        now=_now(),
        tier=normalize_tier(evaluator, exp.column("current_tier")),
    )


@macro()
def interaction_reject_reason(evaluator: MacroEvaluator) -> exp.Expression:
    """Why a raw.customer_interactions row cannot be used (NULL when it can)."""
    return _sql(
        evaluator,
        "CASE WHEN account_id IS NULL THEN 'null account_id'"
        " WHEN created_at IS NULL THEN 'null created_at'"
        " WHEN created_at > {now} THEN 'created_at in the future'"
        " WHEN completed_at < created_at THEN 'completed_at before created_at'"
        f" WHEN status IS NULL OR {{status}} NOT IN ({_in_list(INTERACTION_STATUSES)})"
        " THEN 'unknown status'"
        " END",
        now=_now(),
        status=normalize_interaction_status(evaluator, exp.column("status")),
    )


@macro()
def license_reject_reason(
    evaluator: MacroEvaluator,
    is_valid_json: exp.Expression | None = None,
    license_id: exp.Expression | None = None,
    role: exp.Expression | None = None,
    status: exp.Expression | None = None,
) -> exp.Expression:
    """Why a raw.customer_licenses row cannot be used (NULL when it can).

    Parsing JSON is the costly part, so a model that has already read the blob's validity and
    fields into columns (once per row) passes them; without arguments each is read again from
    license_data.
    """
    blob = exp.column("license_data")
    return _sql(
        evaluator,
        "CASE WHEN account_id IS NULL THEN 'null account_id'"
        " WHEN created_at IS NULL THEN 'null created_at'"
        " WHEN created_at > {now} THEN 'created_at in the future'"
        " WHEN NOT {valid} THEN 'license_data is not valid JSON'"
        f" WHEN NOT COALESCE(REGEXP_MATCHES({{license_id}}, '{LICENSE_ID_PATTERN}'), FALSE)"
        " THEN 'missing or malformed license_id'"
        f" WHEN {{role}} IS NULL OR LOWER({{role}}) NOT IN ({_in_list(LICENSE_ROLES)})"
        " THEN 'unknown role'"
        f" WHEN {{status}} IS NULL OR LOWER({{status}}) NOT IN ({_in_list(LICENSE_STATUSES)})"
        " THEN 'unknown status'"
        " END",
        now=_now(),
        valid=is_valid_json or license_json_is_valid(evaluator, blob),
        license_id=license_id or license_json_field(evaluator, blob, exp.column("license_id")),
        role=role or license_json_field(evaluator, blob, exp.column("role")),
        status=status or license_json_field(evaluator, blob, exp.column("status")),
    )


@macro()
def tier_change_reject_reason(evaluator: MacroEvaluator) -> exp.Expression:
    """Why a raw.account_tier_changes row cannot be used (NULL when it can)."""
    return _sql(
        evaluator,
        "CASE WHEN account_id IS NULL THEN 'null account_id'"
        " WHEN changed_at IS NULL THEN 'null changed_at'"
        " WHEN changed_at > {now} THEN 'changed_at in the future'"
        " WHEN {from_tier} IS NULL OR {to_tier} IS NULL THEN 'unknown tier'"
        " END",
        now=_now(),
        from_tier=normalize_tier(evaluator, exp.column("from_tier")),
        to_tier=normalize_tier(evaluator, exp.column("to_tier")),
    )


@macro()
def trial_reject_reason(evaluator: MacroEvaluator) -> exp.Expression:
    """Why a raw.feature_trials row cannot be used (NULL when it can)."""
    return _sql(
        evaluator,
        "CASE WHEN account_id IS NULL THEN 'null account_id'"
        " WHEN feature_key IS NULL THEN 'null feature_key'"
        " WHEN starts_at IS NULL OR ends_at IS NULL THEN 'null trial dates'"
        " WHEN starts_at > {now} THEN 'starts_at in the future'"
        " WHEN ends_at < starts_at THEN 'ends_at before starts_at'"
        " END",
        now=_now(),
    )


@macro()
def usage_event_reject_reason(evaluator: MacroEvaluator) -> exp.Expression:
    """Why a raw.product_usage_events row cannot be used (NULL when it can).

    Unknown features and licenses are not rejected: the usage fact keeps and flags them.
    """
    return _sql(
        evaluator,
        "CASE WHEN event_id IS NULL THEN 'null event_id'"
        " WHEN account_id IS NULL THEN 'null account_id'"
        " WHEN occurred_at IS NULL THEN 'null occurred_at'"
        " WHEN occurred_at > {now} THEN 'occurred_at in the future'"
        " END",
        now=_now(),
    )


@macro()
def seconds_between(
    evaluator: MacroEvaluator, start: exp.Expression, end: exp.Expression
) -> exp.Expression:
    """Elapsed seconds from `start` to `end` (timestamps), with microseconds, on every engine.

    A plain timestamp difference does not transpile safely (DuckDB's date_diff counts boundaries,
    an interval's epoch goes wrong on Spark), so each engine gets its own exact form.
    """
    dialect = engine_dialect(evaluator)
    if dialect == "postgres":
        return parse_one(
            f"EXTRACT(EPOCH FROM ({end.sql('postgres')} - {start.sql('postgres')}))",
            read="postgres",
        )
    if dialect in SPARK_DIALECTS:
        # Anonymous calls: a parsed UNIX_MICROS becomes EPOCH_US on the DuckDB round trip.
        # UNIX_MICROS takes Spark's TIMESTAMP (with time zone), the cast of DuckDB's TIMESTAMPTZ;
        # the session time zone is UTC, so the wall times are read as UTC.
        micros = exp.Sub(
            this=exp.Anonymous(this="UNIX_MICROS", expressions=[exp.cast(end, "TIMESTAMPTZ")]),
            expression=exp.Anonymous(
                this="UNIX_MICROS", expressions=[exp.cast(start, "TIMESTAMPTZ")]
            ),
        )
        return exp.Div(this=exp.Paren(this=micros), expression=exp.Literal.number("1000000.0"))
    return _sql(evaluator, "(EPOCH_US({e}) - EPOCH_US({s})) / 1000000.0", s=start, e=end)


@macro()
def calendar_days(
    evaluator: MacroEvaluator, start: exp.Expression, end: exp.Expression
) -> exp.Expression:
    """A query with one row per day from `start` to `end` (YYYY-MM-DD strings), column date_day.

    SQLMesh's @date_spine renders an array of dates, which PostgreSQL cannot cast from its
    timestamp series; there the days come from GENERATE_SERIES as a table function instead.
    """
    if engine_dialect(evaluator) == "postgres":
        return parse_one(
            f"SELECT CAST(d AS DATE) AS date_day FROM GENERATE_SERIES("
            f"CAST('{start.name}' AS TIMESTAMP), CAST('{end.name}' AS TIMESTAMP), "
            "INTERVAL '1 day') AS days(d)",
            read="postgres",
        )
    return date_spine(evaluator, exp.Literal.string("day"), start, end)


@macro()
def percentile_cont(
    evaluator: MacroEvaluator, column: exp.Expression, fraction: exp.Expression
) -> exp.Expression:
    """The interpolated `fraction` percentile of `column` in a group (NULLs ignored), exact on
    every engine: QUANTILE_CONT on DuckDB, PERCENTILE_CONT ... WITHIN GROUP on PostgreSQL (of
    double precision, the only numeric type it takes) and PERCENTILE on Spark, where sqlglot would
    otherwise pick the approximate PERCENTILE_APPROX. SQLMesh keeps rendered queries as DuckDB SQL,
    so each form must survive a round trip through it (a WITHIN GROUP clause does not)."""
    dialect = engine_dialect(evaluator)
    if dialect in SPARK_DIALECTS:
        return exp.Anonymous(this="PERCENTILE", expressions=[column, fraction])
    if dialect == "postgres":
        column = exp.cast(column, "DOUBLE")
    return exp.PercentileCont(this=column, expression=fraction)


@macro()
def sorted_string_agg(
    evaluator: MacroEvaluator, column: exp.Expression, separator: exp.Expression
) -> exp.Expression:
    """The group's values of `column`, sorted ascending and joined with `separator` (NULLs
    skipped). STRING_AGG ... ORDER BY on DuckDB and PostgreSQL; Spark 3.5 has no ordered string
    aggregate, so there the values are collected, sorted and joined (ARRAY_JOIN(SORT_ARRAY(
    COLLECT_LIST(...)))), built as sqlglot nodes that survive the DuckDB round trip."""
    if engine_dialect(evaluator) in SPARK_DIALECTS:
        return exp.ArrayToString(
            this=exp.SortArray(this=exp.ArrayAgg(this=column), asc=exp.true()),
            expression=separator,
        )
    return _sql(evaluator, "STRING_AGG({c}, {s} ORDER BY {c})", c=column, s=separator)
