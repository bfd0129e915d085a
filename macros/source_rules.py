"""Rules that clean the app's extract: one definition, used by staging and by the quarantine model.

Each `*_reject_reason` macro renders a CASE expression that is NULL for a usable row and names
the reason otherwise. Staging keeps the rows whose reason is NULL; `quality.quarantined_rows`
keeps the others, so every raw row is accounted for exactly once. `source_columns` holds each
source's columns as staging reads them (normalized once, for staging and quality alike), and
`rejected_columns` / `quarantined` the quarantine's rows, for both quarantine models.
"""

from __future__ import annotations

from sqlglot import exp, parse_one
from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator, date_spine

TIERS = ("Free", "Medium", "Enterprise")
# Categorical values that become dimension members: their canonical spelling, and the variants
# seen in (or expected from) the app, keyed by the lower-cased, whitespace-collapsed value. A value
# that is neither stays its own member (cleaned the same way) and is counted in
# quality.unrecognized_values; nothing is split by case or spacing.
INTERACTION_CHANNELS = ("web", "email", "phone", "chat")
CHANNEL_VARIANTS = {"e-mail": "email", "mail": "email", "telephone": "phone", "live chat": "chat"}
INTERACTION_CATEGORIES = (
    "Tech Support",
    "Billing",
    "Account Change",
    "Onboarding",
    "Feature Request",
)
CATEGORY_VARIANTS = {"technical support": "Tech Support", "tech-support": "Tech Support"}
LICENSE_ROLE_VARIANTS = {"dev": "developer", "administrator": "admin"}
LICENSE_STATUS_VARIANTS = {"enabled": "active", "deactivated": "disabled"}
LICENSE_ROLES = ("developer", "analyst", "admin")
LICENSE_STATUSES = ("active", "disabled")
INTERACTION_STATUSES = ("open", "resolved", "canceled")
LICENSE_ID_PATTERN = "^[0-9a-f]{{40}}$"  # braces doubled: the pattern goes through str.format


def _sql(evaluator: MacroEvaluator, template: str, **columns: exp.Expression) -> exp.Expression:
    """Parse a DuckDB-dialect template after substituting column expressions into it."""
    rendered = template.format(**{k: v.sql(dialect="duckdb") for k, v in columns.items()})
    return parse_one(rendered, read="duckdb")


def _built_at() -> exp.Expression:
    """The build's execution time (UTC), read from staging.plausibility_window, which every plan
    and run rebuilds as of its execution time. Staging is views that SQLMesh creates once, so a
    view cannot hold @execution_ts itself; it reads the window at every query instead. A row
    dated later is quarantined until a build's time has reached it, then it comes back by itself."""
    return parse_one("(SELECT built_at FROM staging.plausibility_window)")


def _first_business_day(evaluator: MacroEvaluator) -> exp.Expression:
    """DogDB's first day of business (config.yaml `variables: first_business_day`) as a timestamp."""
    day = evaluator.var("first_business_day")
    if day is None:
        raise ValueError("config.yaml must set variables.first_business_day")
    return parse_one(f"CAST('{day}' AS TIMESTAMP)")


def _plausibility(column: str) -> str:
    """WHEN branches that quarantine a timestamp outside [first day of business, build time]."""
    return (
        f" WHEN {column} < {{first_day}} THEN '{column} before the first day of business'"
        f" WHEN {column} > {{built_at}} THEN '{column} after the build time'"
    )


def _account_event(column: str) -> str:
    """WHEN branches for a row about an account at a moment: the account and the moment present,
    the moment plausible."""
    return (
        " WHEN account_id IS NULL THEN 'null account_id'"
        f" WHEN {column} IS NULL THEN 'null {column}'" + _plausibility(column)
    )


def _created_row(last_change: str) -> str:
    """WHEN branches for a row about an account (the account, an interaction, a license) created
    at created_at and last changed (updated, completed) at `last_change`: the account and the
    creation present and plausible, the last change bounded by the build time only."""
    return (
        _account_event("created_at")
        + f" WHEN {last_change} > {{built_at}} THEN '{last_change} after the build time'"
    )


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


def _clean(column: str) -> str:
    """Trimmed, with runs of whitespace collapsed to one space (a portable REGEXP_REPLACE)."""
    return f"REGEXP_REPLACE(TRIM({column}), '\\s+', ' ', 'g')"


def _canonical(
    evaluator: MacroEvaluator,
    column: exp.Expression,
    known: tuple[str, ...],
    variants: dict[str, str],
    unknown: str,
) -> exp.Expression:
    """CASE on the lower-cased, cleaned value: a known value or a known variant gets its canonical
    spelling, anything else `unknown` (a template of {v}, the cleaned value; NULL stays NULL)."""
    key = f"LOWER({_clean('{c}')})"
    whens = [f"WHEN '{value.lower()}' THEN '{value}'" for value in known]
    whens += [f"WHEN '{variant}' THEN '{value}'" for variant, value in variants.items()]
    template = f"CASE {key} {' '.join(whens)} ELSE {unknown.format(v=_clean('{c}'))} END"
    return _sql(evaluator, template, c=column)


def _capitalized(value: str) -> str:
    """First letter upper case, the rest lower case (INITCAP is not on every engine)."""
    return f"UPPER(LEFT({value}, 1)) || LOWER(SUBSTRING({value}, 2))"


@macro()
def normalize_tier(evaluator: MacroEvaluator, column: exp.Expression) -> exp.Expression:
    """'medium ', 'MEDIUM', ' Medium' -> 'Medium'; anything that is not a known tier -> NULL."""
    return _canonical(evaluator, column, TIERS, {}, "NULL")


@macro()
def normalize_interaction_status(
    evaluator: MacroEvaluator, column: exp.Expression
) -> exp.Expression:
    """Lower-cased, cleaned status with the British spelling of canceled folded in; an unknown
    status stays as cleaned (the reject rule quarantines it)."""
    return _canonical(
        evaluator, column, INTERACTION_STATUSES, {"cancelled": "canceled"}, "LOWER({v})"
    )


@macro()
def normalize_channel(evaluator: MacroEvaluator, column: exp.Expression) -> exp.Expression:
    """'Web ', 'E-mail', 'telephone' -> web, email, phone; an unknown channel stays its own member,
    lower case."""
    return _canonical(evaluator, column, INTERACTION_CHANNELS, CHANNEL_VARIANTS, "LOWER({v})")


@macro()
def normalize_category(evaluator: MacroEvaluator, column: exp.Expression) -> exp.Expression:
    """'tech  support', 'BILLING ' -> Tech Support, Billing; an unknown category stays its own
    member, capitalized ('refunds', 'Refunds ' -> 'Refunds')."""
    return _canonical(
        evaluator, column, INTERACTION_CATEGORIES, CATEGORY_VARIANTS, _capitalized("{v}")
    )


@macro()
def normalize_person_name(evaluator: MacroEvaluator, column: exp.Expression) -> exp.Expression:
    """A first name as typed ('andy ', 'ANDY') -> 'Andy'; blank -> NULL."""
    cleaned = _clean("{c}")
    return _sql(evaluator, f"NULLIF({_capitalized(cleaned)}, '')", c=column)


@macro()
def normalize_license_role(evaluator: MacroEvaluator, column: exp.Expression) -> exp.Expression:
    """'Developer ', 'dev' -> developer; an unknown role stays as cleaned (then quarantined)."""
    return _canonical(evaluator, column, LICENSE_ROLES, LICENSE_ROLE_VARIANTS, "LOWER({v})")


@macro()
def normalize_license_status(evaluator: MacroEvaluator, column: exp.Expression) -> exp.Expression:
    """'ACTIVE', 'deactivated' -> active, disabled; an unknown status stays as cleaned (then
    quarantined)."""
    return _canonical(evaluator, column, LICENSE_STATUSES, LICENSE_STATUS_VARIANTS, "LOWER({v})")


@macro()
def normalize_feature_key(evaluator: MacroEvaluator, column: exp.Expression) -> exp.Expression:
    """'Query Console', 'query-console ', 'QUERY_CONSOLE' -> query_console (feature keys are snake
    case); NULL stays NULL."""
    return _sql(evaluator, "REGEXP_REPLACE(LOWER(TRIM({c})), '[\\s-]+', '_', 'g')", c=column)


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
def license_json_columns(evaluator: MacroEvaluator) -> list[exp.Expression]:
    """The license blob's validity and fields, read once per row of raw.customer_licenses (or a
    table with its license_data column): is_valid_json, license_id, role, status (as written);
    `license_reject_reason` takes them as its arguments."""
    blob = exp.column("license_data")
    return [
        exp.alias_(license_json_is_valid(evaluator, blob), "is_valid_json"),
        *(
            exp.alias_(license_json_field(evaluator, blob, exp.column(field)), field)
            for field in ("license_id", "role", "status")
        ),
    ]


def _reject(evaluator: MacroEvaluator, branches: str, **columns: exp.Expression) -> exp.Expression:
    """CASE <branches> END with the plausibility bounds and the given columns substituted."""
    return _sql(
        evaluator,
        "CASE" + branches + " END",
        first_day=_first_business_day(evaluator),
        built_at=_built_at(),
        **columns,
    )


@macro()
def account_reject_reason(evaluator: MacroEvaluator) -> exp.Expression:
    """Why a raw.customer_accounts row cannot be used (NULL when it can)."""
    return _reject(
        evaluator,
        _created_row("updated_at") + " WHEN {tier} IS NULL THEN 'unknown tier'",
        tier=normalize_tier(evaluator, exp.column("current_tier")),
    )


@macro()
def interaction_reject_reason(evaluator: MacroEvaluator) -> exp.Expression:
    """Why a raw.customer_interactions row cannot be used (NULL when it can)."""
    return _reject(
        evaluator,
        _created_row("completed_at")
        + " WHEN completed_at < created_at THEN 'completed_at before created_at'"
        f" WHEN status IS NULL OR {{status}} NOT IN ({_in_list(INTERACTION_STATUSES)})"
        " THEN 'unknown status'",
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
    role = role or license_json_field(evaluator, blob, exp.column("role"))
    status = status or license_json_field(evaluator, blob, exp.column("status"))
    return _reject(
        evaluator,
        _created_row("updated_at") + " WHEN NOT {valid} THEN 'license_data is not valid JSON'"
        f" WHEN NOT COALESCE(REGEXP_MATCHES({{license_id}}, '{LICENSE_ID_PATTERN}'), FALSE)"
        " THEN 'missing or malformed license_id'"
        f" WHEN {{role}} IS NULL OR {{role}} NOT IN ({_in_list(LICENSE_ROLES)})"
        " THEN 'unknown role'"
        f" WHEN {{status}} IS NULL OR {{status}} NOT IN ({_in_list(LICENSE_STATUSES)})"
        " THEN 'unknown status'",
        valid=is_valid_json or license_json_is_valid(evaluator, blob),
        license_id=license_id or license_json_field(evaluator, blob, exp.column("license_id")),
        role=normalize_license_role(evaluator, role),
        status=normalize_license_status(evaluator, status),
    )


@macro()
def tier_change_reject_reason(evaluator: MacroEvaluator) -> exp.Expression:
    """Why a raw.account_tier_changes row cannot be used (NULL when it can). A change of an
    account that the accounts extract lacks (no usable raw.customer_accounts row: the accounts
    staging keeps) has no history to belong to (reads FROM raw.account_tier_changes, unaliased).
    The accounts are read from raw with their own reject rule, not from the staging view: on
    PostgreSQL a view on a view is dropped with it (CASCADE) whenever SQLMesh recreates the other."""
    return _reject(
        evaluator,
        _account_event("changed_at")
        + " WHEN {from_tier} IS NULL OR {to_tier} IS NULL THEN 'unknown tier'"
        " WHEN NOT EXISTS (SELECT 1 FROM raw.customer_accounts"
        " WHERE {account_reason} IS NULL"
        " AND customer_accounts.account_id = account_tier_changes.account_id)"
        " THEN 'account missing from the accounts extract'",
        from_tier=normalize_tier(evaluator, exp.column("from_tier")),
        to_tier=normalize_tier(evaluator, exp.column("to_tier")),
        account_reason=account_reject_reason(evaluator),
    )


@macro()
def trial_reject_reason(evaluator: MacroEvaluator) -> exp.Expression:
    """Why a raw.feature_trials row cannot be used (NULL when it can). A trial may end after the
    build (it is still running), so only its start is bounded by the build time."""
    return _reject(
        evaluator,
        " WHEN account_id IS NULL THEN 'null account_id'"
        " WHEN feature_key IS NULL THEN 'null feature_key'"
        " WHEN starts_at IS NULL OR ends_at IS NULL THEN 'null trial dates'"
        + _plausibility("starts_at")
        + " WHEN ends_at < starts_at THEN 'ends_at before starts_at'",
    )


@macro()
def usage_event_reject_reason(evaluator: MacroEvaluator) -> exp.Expression:
    """Why a raw.product_usage_events row cannot be used (NULL when it can).

    Unknown features and licenses are not rejected: the usage fact keeps and flags them.
    """
    return _reject(
        evaluator,
        " WHEN event_id IS NULL THEN 'null event_id'" + _account_event("occurred_at"),
    )


def _source_columns(evaluator: MacroEvaluator, source: str) -> dict[str, exp.Expression]:
    """A source's columns as staging reads them, before ranking, by name in order (see
    `source_columns`)."""
    column = exp.column
    if source == "customer_accounts":
        return {
            c: column(c)
            for c in ("account_id", "email", "current_tier", "created_at", "updated_at")
        }
    if source == "customer_interactions":
        return {
            "account_id": column("account_id"),
            "channel": normalize_channel(evaluator, column("channel")),
            "category": normalize_category(evaluator, column("category")),
            "service_rep_name": normalize_person_name(evaluator, column("service_rep")),
            "status": normalize_interaction_status(evaluator, column("status")),
            "created_at": column("created_at"),
            "completed_at": column("completed_at"),
        }
    if source == "customer_licenses":
        return {
            **{c: column(c) for c in ("account_id", "license_id", "role", "status", "created_at")},
            "updated_at": _sql(evaluator, "COALESCE(updated_at, created_at)"),
        }
    if source == "account_tier_changes":
        return {
            "account_id": column("account_id"),
            "from_tier": normalize_tier(evaluator, column("from_tier")),
            "to_tier": normalize_tier(evaluator, column("to_tier")),
            "changed_at": column("changed_at"),
        }
    if source == "feature_trials":
        return {
            "account_id": column("account_id"),
            "feature_key": normalize_feature_key(evaluator, column("feature_key")),
            "starts_at": column("starts_at"),
            "ends_at": column("ends_at"),
        }
    if source == "product_usage_events":
        return {
            "event_id": column("event_id"),
            "account_id": column("account_id"),
            "license_id": _sql(evaluator, "LOWER(TRIM(license_id))"),
            "feature_key": exp.func(
                "COALESCE",
                normalize_feature_key(evaluator, column("feature_key")),
                exp.Literal.string("unknown"),
            ),
            "occurred_at": column("occurred_at"),
        }
    raise ValueError(f"source_columns: no columns defined for source {source!r}")


@macro()
def source_columns(
    evaluator: MacroEvaluator, source: exp.Expression, *names: exp.Expression
) -> list[exp.Expression]:
    """A source's columns as staging reads them before ranking, for a SELECT list: every column
    (or only the named ones, in that order), normalized. Staging's first step and quality's readers
    of the same rows (source_conflicts, source_row_reconciliation) select them here, so each
    normalization is written once. Licenses are read from staging.stg_app__customer_license_rows,
    whose JSON is already read and normalized (there only updated_at, falling back to created_at,
    changes); the other sources from their raw table:
    - customer_accounts: as they are (the version rule ranks the raw values; staging cleans them
      after ranking);
    - customer_interactions: channel, category, status and the rep's name (service_rep_name)
      normalized;
    - account_tier_changes: both tiers normalized; feature_trials: the feature key in snake case;
    - product_usage_events: the license id folded to lower case and trimmed, the feature key
      normalized ('unknown' when missing; the usage fact flags it)."""
    columns = _source_columns(evaluator, source.name)
    picked = [n.name for n in names] or list(columns)
    return [
        columns[name] if columns[name] == exp.column(name) else exp.alias_(columns[name], name)
        for name in picked
    ]


@macro()
def source_column_names(evaluator: MacroEvaluator, source: exp.Expression) -> list[exp.Expression]:
    """The names of a source's columns (`source_columns`) as plain column references, for the
    steps after the first one that pass them on."""
    return [exp.column(name) for name in _source_columns(evaluator, source.name)]


# Where the sources whose versions are compared whole (@usable_versions) keep their usable rows:
# the raw table, judged by the source's reject rule, or, for licenses, their parsed rows.
_VERSIONED_TABLES: dict[str, str] = {
    "customer_accounts": "raw.customer_accounts",
    "customer_licenses": "staging.stg_app__customer_license_rows",
    "account_tier_changes": "raw.account_tier_changes",
    "feature_trials": "raw.feature_trials",
}


@macro()
def usable_versions(evaluator: MacroEvaluator, source: exp.Expression) -> exp.Expression:
    """The distinct versions of a source's usable rows (rows identical after normalization count
    once), as a query: accounts, licenses (complete days), tier changes and trials. An account's
    version is its raw values with the tier normalized and updated_at defaulting to created_at
    (the version rule's order); the other sources' are their `source_columns`.
    quality.source_conflicts ranks these versions; quality.source_row_reconciliation counts them,
    so its exact copies are the usable rows minus their versions, counted from the rows."""
    table = _VERSIONED_TABLES[source.name]
    if source.name == "customer_accounts":
        columns = [
            exp.column("account_id"),
            exp.column("email"),
            exp.alias_(normalize_tier(evaluator, exp.column("current_tier")), "current_tier"),
            exp.column("created_at"),
            exp.alias_(_sql(evaluator, "COALESCE(updated_at, created_at)"), "updated_at"),
        ]
    else:
        columns = source_columns(evaluator, source)
    reason = (
        exp.column("reject_reason")
        if source.name == "customer_licenses"
        else _reject_rule(evaluator, source.name)
    )
    return (
        exp.select(*columns)
        .distinct()
        .from_(table)
        .where(exp.Is(this=reason, expression=exp.Null()))
    )


@macro()
def usable_version_counts(evaluator: MacroEvaluator) -> exp.Expression:
    """A query with one row per source of @usable_versions: source_table, usable_rows (the rows
    with no reject reason) and distinct_versions (those rows' distinct versions)."""
    selects = []
    for source in _VERSIONED_TABLES:
        versions = usable_versions(evaluator, exp.Literal.string(source))
        selects.append(
            exp.select(
                exp.alias_(exp.Literal.string(source), "source_table"),
                exp.alias_(exp.Count(this=exp.Star()), "usable_rows"),
                exp.alias_(
                    exp.select(exp.Count(this=exp.Star()))
                    .from_(versions.subquery("versions"))
                    .subquery(),
                    "distinct_versions",
                ),
            )
            .from_(versions.args["from_"].this.copy())
            .where(versions.args["where"].this.copy())
        )
    return exp.union(*selects, distinct=False)


# The columns that identify a row of a dated source apart from its content: only rows sharing
# them can be copies of one another (@versions_per_day compares just those).
_COPY_KEYS: dict[str, str] = {
    "customer_interactions": "account_id, created_at",
    "product_usage_events": "event_id",
}


@macro()
def versions_per_day(
    evaluator: MacroEvaluator, rows: exp.Expression, source: exp.Expression
) -> exp.Expression:
    """A query over `rows` (a source's usable rows: row_date and its `source_columns` by name):
    per row_date, source_table, usable_rows and distinct_versions (rows identical after
    normalization counted once). A version's key holds its day, so versions never span days.
    Only rows whose key (_COPY_KEYS) repeats are compared whole, which keeps the count cheap on
    the largest sources."""
    names = ", ".join(n.name for n in source_column_names(evaluator, source))
    key = _COPY_KEYS[source.name]
    return parse_one(
        f"SELECT '{source.name}' AS source_table, u.row_date, u.usable_rows,"
        " u.usable_rows - COALESCE(c.copy_rows, 0) AS distinct_versions"
        f" FROM (SELECT row_date, COUNT(*) AS usable_rows FROM {rows.name} GROUP BY row_date) AS u"
        " LEFT JOIN (SELECT row_date, SUM(copies - 1) AS copy_rows"
        f" FROM (SELECT row_date, {names}, COUNT(*) AS copies FROM {rows.name}"
        f" WHERE ({key}) IN (SELECT {key} FROM {rows.name} GROUP BY {key} HAVING COUNT(*) > 1)"
        f" GROUP BY row_date, {names}) AS repeated GROUP BY row_date) AS c"
        " ON c.row_date = u.row_date",
        read="duckdb",
    )


# The six raw tables, in the order quality lists them, each with the staging model that keeps its
# usable rows (one per entity). Its quality models count per source with @per_source.
STAGED_SOURCES: tuple[tuple[str, str], ...] = (
    ("customer_accounts", "stg_app__customer_accounts"),
    ("customer_interactions", "stg_app__customer_interactions"),
    ("customer_licenses", "stg_app__customer_licenses"),
    ("account_tier_changes", "stg_app__account_tier_changes"),
    ("feature_trials", "stg_app__feature_trials"),
    ("product_usage_events", "stg_app__product_usage_events"),
)


@macro()
def per_source(
    evaluator: MacroEvaluator,
    layer: exp.Expression,
    value: exp.Expression,
    skip: exp.Expression | None = None,
) -> exp.Expression:
    """A query with one row per source of STAGED_SOURCES (but `skip`, when given): source_table
    and `value` (an aliased expression, e.g. COUNT(*) AS raw_rows) over the source's raw table
    (layer raw) or its staging model (layer staging), one SELECT per table joined by UNION ALL. So a
    COUNT(*) stays a count of one table or view, which is fast; a count grouped over one union of
    the tables would carry every row through the union."""
    if layer.name not in ("raw", "staging"):
        raise ValueError(f"per_source: layer must be raw or staging, not {layer.name!r}")
    selects = []
    for source, model in STAGED_SOURCES:
        if skip is not None and source == skip.name:
            continue
        table = f"raw.{source}" if layer.name == "raw" else f"staging.{model}"
        projection = [exp.Literal.string(source), value.copy()]
        if not selects:
            projection[0] = exp.alias_(projection[0], "source_table")
        else:
            projection[1] = value.unalias()
        selects.append(exp.select(*projection).from_(table))
    return exp.union(*selects, distinct=False)


# How staging picks the surviving version of a key that arrives more than once, per source: the
# key, the order (the first row wins) and the rule in words. Staging ranks with @version_rank and
# quality.source_conflicts ranks the same way and records the rule, so both read one definition.
VERSION_RULES: dict[str, tuple[str, str, str]] = {
    "customer_accounts": (
        "account_id",
        "updated_at DESC NULLS LAST, created_at DESC, email, current_tier",
        "the latest updated_at wins; on a tie the latest created_at, then the first email and tier",
    ),
    "customer_interactions": (
        "interaction_id, created_at",
        "completed_at DESC NULLS LAST, status DESC, service_rep_name",
        "a completed version wins over an open one, the latest completed_at first; on a tie the "
        "status resolved > open > canceled, then the first rep name",
    ),
    "customer_licenses": (
        "license_id",
        "updated_at DESC, created_at DESC, status DESC, account_id",
        "the latest updated_at wins (a license claimed by two accounts goes to the latest claim);"
        " on a tie the latest created_at, then disabled over active, then the lowest account_id",
    ),
    "account_tier_changes": (
        "account_id, changed_at",
        "to_tier, from_tier",
        "two changes of one account at the same instant: the first to_tier, then from_tier, in"
        " alphabetical order",
    ),
    "feature_trials": (
        "account_id, feature_key, starts_at",
        "ends_at DESC",
        "one trial start with two ends: the latest ends_at wins (a trial extended by sales)",
    ),
    "product_usage_events": (
        "event_id",
        "occurred_at, account_id, license_id NULLS LAST, feature_key",
        "an event_id sent twice with another payload: the earliest occurred_at wins (the original"
        " send; a retry comes later), then the lowest account_id, license_id and feature_key",
    ),
}


@macro()
def version_rank(evaluator: MacroEvaluator, source: exp.Expression) -> exp.Expression:
    """ROW_NUMBER() over the source's key in its version order (VERSION_RULES): 1 survives."""
    partition, order, _ = VERSION_RULES[source.name]
    return parse_one(f"ROW_NUMBER() OVER (PARTITION BY {partition} ORDER BY {order})")


@macro()
def version_rule(evaluator: MacroEvaluator, source: exp.Expression) -> exp.Expression:
    """The source's version rule in words (VERSION_RULES), as a string literal."""
    return exp.Literal.string(VERSION_RULES[source.name][2])


@macro()
def version_rules(evaluator: MacroEvaluator) -> exp.Expression:
    """A query with one row per source of VERSION_RULES: source_table and its rule in words
    (resolution_rule)."""
    return exp.union(
        *(
            exp.select(
                exp.alias_(exp.Literal.string(source), "source_table"),
                exp.alias_(exp.Literal.string(rule), "resolution_rule"),
            )
            for source, (_, _, rule) in VERSION_RULES.items()
        ),
        distinct=False,
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


KNOWN_VALUES: dict[str, tuple[str, ...]] = {
    "channel": INTERACTION_CHANNELS,
    "category": INTERACTION_CATEGORIES,
}


@macro()
def known_values(evaluator: MacroEvaluator, name: exp.Expression) -> exp.Expression:
    """The canonical members of a categorical column (KNOWN_VALUES) as a tuple, for IN lists."""
    return exp.Tuple(expressions=[exp.Literal.string(v) for v in KNOWN_VALUES[name.name]])


# The columns of each raw table shown in quality's quarantine (raw_record), in order; NULL shows as
# NULL. quality.quarantined_rows and quality.quarantined_rows_daily render them with @raw_record.
RAW_RECORD_COLUMNS: dict[str, tuple[str, ...]] = {
    "customer_accounts": ("account_id", "current_tier", "created_at", "updated_at"),
    "customer_interactions": (
        "account_id",
        "channel",
        "category",
        "service_rep",
        "status",
        "created_at",
        "completed_at",
    ),
    "customer_licenses": ("account_id", "license_data", "created_at", "updated_at"),
    "account_tier_changes": ("account_id", "from_tier", "to_tier", "changed_at"),
    "feature_trials": ("account_id", "feature_key", "starts_at", "ends_at"),
    "product_usage_events": ("event_id", "account_id", "license_id", "feature_key", "occurred_at"),
}
# A tuple, not a set: SQLMesh hashes a macro's globals into the model's fingerprint, and a set's
# order (so its text) changes from one Python process to the next.
TEXT_COLUMNS = (
    "current_tier",
    "channel",
    "category",
    "service_rep",
    "status",
    "license_data",
    "from_tier",
    "to_tier",
    "feature_key",
    "license_id",
)


@macro()
def raw_record(evaluator: MacroEvaluator, source: exp.Expression) -> exp.Expression:
    """A raw row's values joined by ' | ' (NULL shown as NULL), for inspection in the quarantine."""
    parts = [
        f"COALESCE({c if c in TEXT_COLUMNS else f'CAST({c} AS TEXT)'}, 'NULL')"
        for c in RAW_RECORD_COLUMNS[source.name]
    ]
    return parse_one(f"CONCAT_WS(' | ', {', '.join(parts)})", read="duckdb")


def _reject_rule(evaluator: MacroEvaluator, source: str) -> exp.Expression:
    """The source's reject rule (its `*_reject_reason` macro, read from the raw row)."""
    rules = {
        "customer_accounts": account_reject_reason,
        "customer_interactions": interaction_reject_reason,
        "customer_licenses": license_reject_reason,
        "account_tier_changes": tier_change_reject_reason,
        "feature_trials": trial_reject_reason,
        "product_usage_events": usage_event_reject_reason,
    }
    return rules[source](evaluator)


@macro()
def rejected_columns(
    evaluator: MacroEvaluator,
    source: exp.Expression,
    timestamp: exp.Expression,
    reason: exp.Expression | None = None,
) -> list[exp.Expression]:
    """A raw row as the quarantine judges it, for a SELECT list (the rows that @quarantined
    keeps): source_table, reject_reason (the source's rule, or `reason` where the row's reason is
    already read), account_id, row_timestamp (the row's main timestamp, `timestamp`) and
    raw_record."""
    return [
        exp.alias_(exp.Literal.string(source.name), "source_table"),
        exp.alias_(reason or _reject_rule(evaluator, source.name), "reject_reason"),
        exp.column("account_id"),
        exp.alias_(timestamp, "row_timestamp"),
        exp.alias_(raw_record(evaluator, source), "raw_record"),
    ]


@macro()
def quarantined(evaluator: MacroEvaluator, rejected: exp.Expression) -> exp.Expression:
    """A query over `rejected` (rows of @rejected_columns): the rows with a reject reason, with
    their row_fingerprint, the MD5 of raw_record that identifies identical raw rows (numbered by
    @quarantine_duplicate_number)."""
    names = ("source_table", "reject_reason", "account_id", "row_timestamp", "raw_record")
    return (
        exp.select(*names, exp.alias_(_sql(evaluator, "MD5(raw_record)"), "row_fingerprint"))
        .from_(rejected.name)
        .where(_sql(evaluator, "NOT reject_reason IS NULL"))
    )


@macro()
def quarantine_duplicate_number(evaluator: MacroEvaluator) -> exp.Expression:
    """1 for the first copy of an identical quarantined raw row (one source, one fingerprint), 2 for
    the next, ...: with source_table and row_fingerprint, the quarantine's grain."""
    return _sql(
        evaluator,
        "ROW_NUMBER() OVER (PARTITION BY source_table, row_fingerprint ORDER BY reject_reason)",
    )


@macro()
def build_day_start(evaluator: MacroEvaluator) -> exp.Expression:
    """Midnight (UTC) of the build's own day: the end of the last complete day the daily staging
    tables hold; rows from then on are staged by the run after the day ends."""
    return parse_one(
        "(SELECT CAST(CAST(built_at AS DATE) AS TIMESTAMP) FROM staging.plausibility_window)"
    )


@macro()
def outside_complete_days(evaluator: MacroEvaluator, column: exp.Expression) -> exp.Expression:
    """TRUE when a row's timestamp is in no complete day an incremental quality model holds: NULL,
    before the first day of business or on the build's own day (or later)."""
    return _sql(
        evaluator,
        "({c} IS NULL OR {c} < {first_day} OR {c} >= {build_day})",
        c=column,
        first_day=_first_business_day(evaluator),
        build_day=build_day_start(evaluator),
    )
