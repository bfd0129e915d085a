"""Generate the app's raw extract (schema `raw`) in DuckDB SQL, deterministically for a seed.

Every random draw is `u(seed, row, tag)`: a hash of the seed, the row's identity and a tag,
mapped to [0, 1). No draw depends on thread scheduling or insertion order, so the same seed,
scale and end date always give the same rows. Generation is set-based SQL (no Python loops over
rows); the only loop runs the (at most three) tier-change steps of every account at once.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from dogdb_analytics.generate.ddl import app_tables, create_table_sql
from dogdb_analytics.generate.entitlements import (
    SEEDS_DIR,
    define_entitlement_macros,
    load_catalog,
)
from dogdb_analytics.generate.sample_rows import sample_relation
from dogdb_analytics.generate.scales import Scale, get_scale

HISTORY_START = "2019-01-01"
DEFAULT_END_DATE = date(2026, 10, 31)  # the last day of the extract unless told otherwise
MAX_TIER_CHANGES = 3
# Shares of the usage events (the rest is entitled use by the tier held at the time).
TRIAL_USE_SHARE = 0.035  # a trial feature used during (~10%: shortly after) its trial
NOT_ENTITLED_SHARE = 0.022  # never in the tier (plus ~0.5% lost in a recent downgrade)
BETA_SHARE = 0.001  # 'beta_ai_assist', a feature that is not in the catalogue
UNKNOWN_LICENSE_SHARE = 0.001  # a license_id that no license row carries

# The app's tables (name -> {column: type}) as external_models.yaml declares them.
RAW_TABLES: dict[str, dict[str, str]] = app_tables()


def connect(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """Open the warehouse with settings that keep large scales within memory."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(str(warehouse))
    connection.execute("SET memory_limit = '8GB'")
    connection.execute("SET preserve_insertion_order = false")
    return connection


def define_macros(connection: duckdb.DuckDBPyConnection, seed: int) -> None:
    """Temporary macros of the generation SQL: u(key, tag), a uniform draw in [0, 1) fixed by
    the seed, a row key and a tag; ts_between(a, b, x); pick(list, x); and the tier/feature
    macros of `entitlements` (entitled(t), not_entitled(t), lost(a, b), released_on(f), ...)."""
    connection.execute(
        f"CREATE OR REPLACE TEMP MACRO u(k, tag) AS "
        f"(hash({int(seed)}, k, tag) % 1000000007) / 1000000007.0"
    )
    connection.execute(
        "CREATE OR REPLACE TEMP MACRO ts_between(a, b, x) AS "
        "a + to_microseconds(CAST(floor(x * (epoch_us(b) - epoch_us(a))) AS BIGINT))"
    )
    define_entitlement_macros(connection, load_catalog(connection))
    connection.execute(
        "CREATE OR REPLACE TEMP MACRO pick(l, x) AS l[CAST(floor(x * len(l)) AS BIGINT) + 1]"
    )


def create_raw_tables(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute("CREATE SCHEMA IF NOT EXISTS raw")
    for table, columns in RAW_TABLES.items():
        connection.execute(
            create_table_sql(f"raw.{table}", columns, "duckdb").replace(
                "CREATE TABLE", "CREATE OR REPLACE TABLE", 1
            )
        )


def load_sample_rows(connection: duckdb.DuckDBPyConnection) -> None:
    for table in ("customer_accounts", "customer_interactions", "customer_licenses"):
        connection.execute(f"INSERT INTO raw.{table} {sample_relation(connection, table)}")


def _accounts(connection: duckdb.DuckDBPyConnection, scale: Scale, end_ts: str) -> None:
    """Generated accounts (ids from 100) with their tier-change chains."""
    connection.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE gen_accounts AS
        SELECT
            CAST(100 + i AS INTEGER) AS account_id,
            ts_between(TIMESTAMP '{HISTORY_START}', TIMESTAMP '{end_ts}',
                       sqrt(u(i, 'created'))) AS created_at,
            CASE WHEN u(i, 'tier') < 0.6 THEN 'Free'
                 WHEN u(i, 'tier') < 0.9 THEN 'Medium' ELSE 'Enterprise' END AS initial_tier,
            CASE WHEN u(i, 'changes') < 0.55 THEN 0 WHEN u(i, 'changes') < 0.80 THEN 1
                 WHEN u(i, 'changes') < 0.93 THEN 2 ELSE 3 END AS change_count,
            u(i, 'activity') AS activity
        FROM range({scale.accounts}) AS r(i)
        """
    )
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE gen_tier_changes (account_id INTEGER, from_tier VARCHAR, "
        "to_tier VARCHAR, changed_at TIMESTAMP, change_number INTEGER)"
    )
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE gen_state AS "
        "SELECT account_id, initial_tier AS tier FROM gen_accounts"
    )
    for k in range(1, MAX_TIER_CHANGES + 1):
        connection.execute(
            f"""
            INSERT INTO gen_tier_changes
            SELECT
                a.account_id,
                s.tier AS from_tier,
                CASE s.tier
                    WHEN 'Free' THEN CASE WHEN u(a.account_id * 10 + {k}, 'to') < 0.7
                                          THEN 'Medium' ELSE 'Enterprise' END
                    WHEN 'Medium' THEN CASE WHEN u(a.account_id * 10 + {k}, 'to') < 0.6
                                            THEN 'Free' ELSE 'Enterprise' END
                    ELSE CASE WHEN u(a.account_id * 10 + {k}, 'to') < 0.6
                              THEN 'Medium' ELSE 'Free' END
                END AS to_tier,
                ts_between(a.created_at, TIMESTAMP '{end_ts}',
                           ({k} - 0.9 + 0.8 * u(a.account_id * 10 + {k}, 'at'))
                           / a.change_count * 0.98) AS changed_at,
                {k} AS change_number
            FROM gen_accounts AS a
            INNER JOIN gen_state AS s ON s.account_id = a.account_id
            WHERE a.change_count >= {k}
            """
        )
        connection.execute(
            f"""
            UPDATE gen_state SET tier = c.to_tier
            FROM gen_tier_changes AS c
            WHERE c.account_id = gen_state.account_id AND c.change_number = {k}
            """
        )
    connection.execute(
        """
        INSERT INTO raw.account_tier_changes
        SELECT account_id, from_tier, to_tier, changed_at FROM gen_tier_changes
        """
    )
    # The extract: current tier (with a few changes the log missed, odd spellings and an
    # unknown tier), emails (case-only duplicates, disposable domains, internal accounts).
    connection.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE gen_account_rows AS
        WITH last_change AS (
            SELECT account_id, max(changed_at) AS changed_at FROM gen_tier_changes
            GROUP BY account_id
        ), base AS (
            SELECT
                a.account_id, a.created_at, s.tier, l.changed_at AS last_changed_at,
                u(a.account_id, 'drift') < 0.003 AND l.changed_at IS NOT NULL AS drifted
            FROM gen_accounts AS a
            JOIN gen_state AS s ON s.account_id = a.account_id
            LEFT JOIN last_change AS l ON l.account_id = a.account_id
        ), tiered AS (
            SELECT
                account_id, created_at,
                CASE WHEN drifted THEN CASE tier WHEN 'Free' THEN 'Medium' ELSE 'Free' END
                     ELSE tier END AS tier,
                CASE WHEN drifted
                     THEN ts_between(last_changed_at, TIMESTAMP '{end_ts}', 0.5)
                     ELSE coalesce(last_changed_at, created_at) END AS updated_at
            FROM base
        )
        SELECT
            account_id,
            CASE
                WHEN u(account_id, 'mail') < 0.005 AND account_id > 100
                    THEN 'User' || (account_id - 1) || '@' || pick(['gmail.com', 'outlook.com',
                        'acme.io', 'example.org', 'fastmail.com'], u(account_id - 1, 'domain'))
                WHEN u(account_id, 'mail') < 0.010
                    THEN 'user' || account_id || '@'
                         || pick(['mailinator.com', '10minutemail.com'], u(account_id, 'dd'))
                WHEN u(account_id, 'mail') < 0.015
                    THEN pick(['test+' || account_id || '@gmail.com',
                               'qa' || account_id || '@dogdb.com'], u(account_id, 'td'))
                ELSE 'user' || account_id || '@' || pick(['gmail.com', 'outlook.com', 'acme.io',
                    'example.org', 'fastmail.com'], u(account_id, 'domain'))
            END AS email,
            CASE
                WHEN u(account_id, 'spell') < 0.0005 THEN 'Gold'
                WHEN u(account_id, 'spell') < 0.003 THEN lower(tier)
                WHEN u(account_id, 'spell') < 0.0055 THEN ' ' || tier
                ELSE tier
            END AS current_tier,
            created_at,
            updated_at
        FROM tiered
        """
    )
    connection.execute(
        """
        INSERT INTO raw.customer_accounts
        SELECT account_id, email, current_tier, created_at, updated_at FROM gen_account_rows
        UNION ALL
        SELECT account_id, email, current_tier, created_at, updated_at FROM gen_account_rows
        WHERE u(account_id, 'dup') < 0.005
        """
    )
    # Tier periods (tier held from valid_from to valid_to), used to shape licenses and usage.
    connection.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE gen_tier_periods AS
        WITH starts AS (
            SELECT account_id, created_at AS valid_from, initial_tier AS tier FROM gen_accounts
            UNION ALL
            SELECT account_id, changed_at, to_tier FROM gen_tier_changes
        )
        SELECT
            account_id, valid_from, tier,
            lag(tier) OVER (PARTITION BY account_id ORDER BY valid_from) AS previous_tier,
            coalesce(lead(valid_from) OVER (PARTITION BY account_id ORDER BY valid_from),
                     TIMESTAMP '{end_ts}') AS valid_to
        FROM starts
        """
    )


def _licenses(connection: duckdb.DuckDBPyConnection, end_ts: str) -> None:
    connection.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE gen_licenses AS
        WITH counts AS (
            SELECT
                account_id, created_at,
                CASE
                    WHEN initial_tier = 'Free' AND u(account_id, 'many') < 0.004
                        THEN 15 + CAST(floor(u(account_id, 'nl') * 6) AS INT)
                    WHEN initial_tier = 'Free' THEN CAST(floor(u(account_id, 'nl') * 5) AS INT)
                    WHEN initial_tier = 'Medium' THEN CAST(floor(u(account_id, 'nl') * 8) AS INT)
                    ELSE 2 + CAST(floor(u(account_id, 'nl') * 9) AS INT)
                END AS license_count
            FROM gen_accounts
        ), seats AS (
            SELECT account_id, created_at, unnest(range(license_count)) AS seat FROM counts
        )
        SELECT
            account_id,
            CAST(account_id AS BIGINT) * 100 + seat AS license_key,
            sha1(CAST(u(CAST(account_id AS BIGINT) * 100 + seat, 'lid') AS VARCHAR) || '-' || account_id || '-'
                 || seat) AS license_id,
            CASE WHEN u(CAST(account_id AS BIGINT) * 100 + seat, 'role') < 0.45 THEN 'developer'
                 WHEN u(CAST(account_id AS BIGINT) * 100 + seat, 'role') < 0.80 THEN 'analyst'
                 ELSE 'admin' END AS role,
            ts_between(created_at, TIMESTAMP '{end_ts}',
                       pow(u(CAST(account_id AS BIGINT) * 100 + seat, 'lc'), 2) * 0.95) AS created_at,
            u(CAST(account_id AS BIGINT) * 100 + seat, 'status') < 0.25 AS is_disabled,
            u(CAST(account_id AS BIGINT) * 100 + seat, 'off') AS off_draw
        FROM seats
        """
    )
    connection.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE gen_license_rows AS
        SELECT
            account_id, license_key, license_id, role,
            -- the account the extract shows: a few point at a missing account or at none
            CASE WHEN u(license_key, 'nullacct') < 0.0005 THEN NULL
                 WHEN u(license_key, 'orphan') < 0.003
                     THEN pick([6, 7, 35, 12, 48, 77, 90], u(license_key, 'oid'))
                 ELSE account_id END AS extract_account_id,
            CASE WHEN is_disabled THEN 'disabled' ELSE 'active' END AS status,
            created_at,
            CASE WHEN is_disabled
                 THEN ts_between(created_at, TIMESTAMP '{end_ts}', 0.05 + 0.9 * off_draw)
                 ELSE created_at END AS updated_at
        FROM gen_licenses
        """
    )
    license_json = (
        "'{“license_id”:“' || license_id || '”,“role”: “' || role || '”,“status”: “' "
        "|| status || '”}'"
    )
    connection.execute(
        f"""
        INSERT INTO raw.customer_licenses
        WITH rows AS (
            SELECT
                extract_account_id AS account_id,
                CASE WHEN u(license_key, 'broken') < 0.002
                     THEN substr({license_json}, 1, length({license_json}) - 1
                                 - CAST(floor(u(license_key, 'cut') * 30) AS INT))
                     ELSE {license_json} END AS license_data,
                created_at, updated_at, license_key, status
            FROM gen_license_rows
        )
        SELECT account_id, license_data, created_at, updated_at FROM rows
        UNION ALL
        SELECT account_id, license_data, created_at, updated_at FROM rows
        WHERE u(license_key, 'dup') < 0.005
        UNION ALL
        SELECT account_id,
               replace(license_data, '“active”', '“disabled”'),
               created_at,
               ts_between(updated_at, TIMESTAMP '{end_ts}', 0.5)
        FROM rows
        WHERE status = 'active' AND u(license_key, 'reextract') < 0.001
        """
    )


def _interactions(connection: duckdb.DuckDBPyConnection, scale: Scale, end_ts: str) -> None:
    reps = (SEEDS_DIR / "service_representatives.csv").as_posix()
    connection.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE gen_rep_epochs AS
        WITH reps AS (
            SELECT first_name, start_date, end_date FROM read_csv('{reps}', header = true,
                columns = {{'id': 'INTEGER', 'email': 'VARCHAR', 'first_name': 'VARCHAR',
                           'last_name': 'VARCHAR', 'start_date': 'DATE', 'end_date': 'DATE'}})
        ), bounds AS (
            SELECT start_date AS epoch_start FROM reps
            UNION SELECT end_date + 1 FROM reps WHERE end_date IS NOT NULL
            UNION SELECT DATE '{HISTORY_START}'
        )
        SELECT
            b.epoch_start,
            list(r.first_name ORDER BY r.first_name) AS names
        FROM bounds AS b
        JOIN reps AS r
          ON r.start_date <= b.epoch_start AND (r.end_date IS NULL OR r.end_date >= b.epoch_start)
        GROUP BY b.epoch_start
        """
    )
    mean = scale.interactions / scale.accounts
    connection.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE gen_interactions AS
        WITH counts AS (
            SELECT account_id, created_at,
                   CAST(floor(-ln(1 - activity) * {mean} + 0.5) AS INT) AS n
            FROM gen_accounts
        ), items AS (
            SELECT account_id, created_at AS account_created_at, unnest(range(n)) AS j
            FROM counts
        ), timed AS (
            SELECT
                CAST(account_id AS BIGINT) * 100000 + j AS k,
                account_id,
                ts_between(account_created_at, TIMESTAMP '{end_ts}',
                           u(CAST(account_id AS BIGINT) * 100000 + j, 'at')) AS created_at
            FROM items
        )
        SELECT
            t.k, t.account_id, t.created_at,
            pick(['web', 'email', 'phone', 'chat'], u(t.k, 'channel')) AS channel,
            pick(['Tech Support', 'Billing', 'Account Change', 'Onboarding', 'Feature Request'],
                 u(t.k, 'category')) AS category,
            pick(e.names, u(t.k, 'rep')) AS rep_name,
            to_microseconds(CAST(60000000 * exp(u(t.k, 'dur') * ln(28800)) AS BIGINT))
                AS duration,
            u(t.k, 'status') AS status_draw
        FROM timed AS t
        ASOF JOIN gen_rep_epochs AS e ON CAST(t.created_at AS DATE) >= e.epoch_start
        """
    )
    connection.execute(
        f"""
        INSERT INTO raw.customer_interactions
        WITH shaped AS (
            SELECT
                k,
                CASE WHEN u(k, 'nullacct') < 0.001 THEN NULL
                     WHEN u(k, 'orphan') < 0.003
                         THEN pick([6, 7, 35, 12, 48, 77, 90], u(k, 'oid'))
                     ELSE account_id END AS account_id,
                channel, category,
                CASE WHEN u(k, 'repdirt') < 0.002 THEN NULL
                     WHEN u(k, 'repdirt') < 0.007 THEN pick(['Sam', 'Chris'], u(k, 'unk'))
                     WHEN u(k, 'repdirt') < 0.017 THEN lower(rep_name)
                     WHEN u(k, 'repdirt') < 0.027 THEN rep_name || ' '
                     ELSE rep_name END AS service_rep,
                CASE
                    WHEN status_draw >= 0.78
                         AND created_at < TIMESTAMP '{end_ts}' - INTERVAL 30 DAY
                         AND u(k, 'old') < 0.8 THEN 'resolved'
                    WHEN status_draw < 0.70 THEN 'resolved'
                    WHEN status_draw < 0.78 THEN 'canceled'
                    ELSE 'open'
                END AS status,
                created_at,
                duration
            FROM gen_interactions
        ), completed AS (
            SELECT
                k, account_id, channel, category, service_rep, created_at,
                CASE WHEN status <> 'open' AND created_at + duration > TIMESTAMP '{end_ts}'
                     THEN 'open' ELSE status END AS status,
                CASE WHEN status = 'open' OR created_at + duration > TIMESTAMP '{end_ts}'
                     THEN NULL
                     WHEN u(k, 'backwards') < 0.0005 THEN created_at - duration
                     ELSE created_at + duration END AS completed_at
            FROM shaped
        )
        SELECT account_id, channel, category, service_rep, status, created_at, completed_at
        FROM completed
        UNION ALL
        SELECT account_id, channel, category, service_rep, status, created_at, completed_at
        FROM completed WHERE u(k, 'dup') < 0.01
        """
    )


def _trials(connection: duckdb.DuckDBPyConnection, end_ts: str) -> None:
    """~5% of accounts get 1-2 trials of a released feature their tier lacks at starts_at."""
    connection.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE gen_trials AS
        WITH candidates AS (
            SELECT account_id, created_at,
                   unnest(range(1 + CAST(u(account_id, 'tn') < 0.3 AS INT))) AS j
            FROM gen_accounts WHERE u(account_id, 'trial') < 0.05
        ), timed AS (
            SELECT account_id, account_id * 10 + j AS k,
                   ts_between(created_at, TIMESTAMP '{end_ts}', u(account_id * 10 + j, 'ts'))
                       AS starts_at
            FROM candidates
        ), offered AS (
            SELECT
                t.account_id, t.k, t.starts_at,
                list_filter(not_entitled(p.tier), lambda f: released_on(f) <= t.starts_at)
                    AS offer
            FROM timed AS t
            ASOF JOIN gen_tier_periods AS p
              ON p.account_id = t.account_id AND t.starts_at >= p.valid_from
            WHERE t.starts_at < TIMESTAMP '{end_ts}' - INTERVAL 30 DAY
        )
        SELECT
            account_id, k,
            pick(offer, u(k, 'feature')) AS feature_key,
            starts_at,
            starts_at + CASE WHEN u(k, 'len') < 0.5 THEN INTERVAL 14 DAY
                             ELSE INTERVAL 30 DAY END AS ends_at
        FROM offered
        WHERE len(offer) > 0
        """
    )
    connection.execute(
        "INSERT INTO raw.feature_trials "
        "SELECT account_id, feature_key, starts_at, ends_at FROM gen_trials"
    )


def _usage_events(connection: duckdb.DuckDBPyConnection, scale: Scale, end_ts: str) -> None:
    """Usage per license and tier period, so each event knows the tier in force.

    Event ids run 1..N: first the licenses' own use (ordered by license and period), then trial
    use. A feature used before its release date is replaced by a base feature.
    """
    connection.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE gen_segments AS
        WITH licenses AS (
            SELECT account_id, license_key, license_id, created_at AS active_from,
                   CASE WHEN status = 'disabled' THEN updated_at ELSE TIMESTAMP '{end_ts}' END
                       AS active_to
            FROM gen_license_rows
            WHERE extract_account_id IS NOT DISTINCT FROM account_id
        )
        SELECT
            l.account_id, l.license_key, l.license_id, p.tier, p.previous_tier,
            p.valid_from AS period_from,
            greatest(l.active_from, p.valid_from) AS seg_from,
            least(l.active_to, p.valid_to) AS seg_to
        FROM licenses AS l
        JOIN gen_tier_periods AS p
          ON p.account_id = l.account_id
         AND p.valid_from < l.active_to AND p.valid_to > l.active_from
        """
    )
    weight = (
        "(epoch(seg_to) - epoch(seg_from)) / 86400.0 "
        "* (0.05 + 2 * pow(u(account_id, 'activity'), 3))"
    )
    total = (
        connection.execute(
            f"SELECT sum({weight}) FROM gen_segments WHERE seg_to > seg_from"
        ).fetchone()[0]
        or 1.0
    )
    rate = scale.usage_events * (1 - TRIAL_USE_SHARE) / total
    connection.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE gen_segment_counts AS
        SELECT
            *,
            CAST(floor({weight} * {rate} + u(license_key * 8 + hash(seg_from) % 8, 'frac'))
                 AS BIGINT) AS n,
            row_number() OVER (ORDER BY license_key, seg_from) AS segment_number
        FROM gen_segments WHERE seg_to > seg_from
        """
    )
    connection.execute(
        """
        CREATE OR REPLACE TEMP TABLE gen_segment_counts AS
        SELECT *, coalesce(sum(n) OVER (ORDER BY segment_number
                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS first_event
        FROM gen_segment_counts
        """
    )
    unknown_license = 1 - UNKNOWN_LICENSE_SHARE
    beta = unknown_license - BETA_SHARE
    not_entitled = beta - NOT_ENTITLED_SHARE
    connection.execute(
        f"""
        INSERT INTO raw.product_usage_events
        WITH events AS (
            SELECT account_id, license_id, tier, previous_tier, period_from, seg_from, seg_to,
                   first_event, unnest(range(n)) AS j
            FROM gen_segment_counts
        ), drawn AS (
            SELECT
                first_event + j + 1 AS event_id, account_id, license_id, tier, previous_tier,
                period_from,
                ts_between(seg_from, seg_to, u(first_event + j, 'at')) AS occurred_at,
                u(first_event + j, 'kind') AS kind,
                u(first_event + j, 'feature') AS feature_draw
            FROM events
        ), chosen AS (
            SELECT
                event_id, account_id, occurred_at,
                CASE WHEN kind >= {unknown_license} THEN sha1('unknown-license-' || event_id)
                     ELSE license_id END AS license_id,
                CASE
                    WHEN kind >= {beta} AND kind < {unknown_license} THEN 'beta_ai_assist'
                    -- habits: a feature lost in a downgrade, used in the 60 days after it
                    WHEN tier_rank(previous_tier) > tier_rank(tier)
                         AND occurred_at < period_from + INTERVAL 60 DAY
                         AND u(event_id, 'habit') < 0.25
                        THEN pick(lost(previous_tier, tier), feature_draw)
                    WHEN kind >= {not_entitled} AND kind < {beta}
                        THEN coalesce(pick(not_entitled(tier), feature_draw),
                                      pick(entitled(tier), feature_draw))
                    ELSE pick(entitled(tier), feature_draw)
                END AS feature_key
            FROM drawn
        )
        SELECT
            event_id, account_id, license_id,
            CASE WHEN occurred_at >= released_on(feature_key) THEN feature_key
                 ELSE pick(base_features(), u(event_id, 'base')) END,
            occurred_at
        FROM chosen
        """
    )
    # Trial use: each trial is used on one of the account's licenses, ~10% of the uses come in
    # the two weeks after the trial ended (not entitled any more).
    target = scale.usage_events * TRIAL_USE_SHARE
    connection.execute(
        f"""
        INSERT INTO raw.product_usage_events
        WITH offset_base AS (
            SELECT coalesce(max(event_id), 0) AS base FROM raw.product_usage_events
        ), trial_seats AS (
            SELECT t.k, t.account_id, t.feature_key, t.starts_at, t.ends_at,
                   min(l.license_id) AS license_id
            FROM gen_trials AS t
            JOIN gen_license_rows AS l
              ON l.account_id = t.account_id AND l.extract_account_id = t.account_id
                 AND l.created_at <= t.starts_at
                 AND (l.status = 'active' OR l.updated_at > t.ends_at + INTERVAL 14 DAY)
            GROUP BY ALL
        ), sized AS (
            SELECT *, greatest(3, CAST(round({target} / count(*) OVER ()
                                             * (0.25 + 1.5 * u(k, 'uses'))) AS BIGINT)) AS n
            FROM trial_seats
        ), uses AS (
            SELECT *, unnest(range(n)) AS j FROM sized
        )
        SELECT
            base + row_number() OVER (ORDER BY k, j) AS event_id,
            account_id, license_id, feature_key,
            CASE WHEN u(k * 100000 + j, 'late') < 0.1
                      AND ends_at + INTERVAL 14 DAY <= TIMESTAMP '{end_ts}'
                 THEN ts_between(ends_at, ends_at + INTERVAL 14 DAY, u(k * 100000 + j, 'at'))
                 ELSE ts_between(starts_at, ends_at, u(k * 100000 + j, 'at')) END AS occurred_at
        FROM uses, offset_base
        """
    )


def generate_sources(
    warehouse: Path,
    scale: str,
    seed: int = 42,
    end_date: date = DEFAULT_END_DATE,
) -> dict[str, int]:
    """(Re)create the raw tables at `scale` in `warehouse`; returns row counts per table."""
    spec = get_scale(scale)
    end_ts = f"{end_date.isoformat()} 23:59:59"
    with connect(Path(warehouse)) as connection:
        define_macros(connection, seed)
        connection.execute("BEGIN TRANSACTION")
        create_raw_tables(connection)
        load_sample_rows(connection)
        if not spec.is_sample:
            _accounts(connection, spec, end_ts)
            _licenses(connection, end_ts)
            _interactions(connection, spec, end_ts)
            _trials(connection, end_ts)
            _usage_events(connection, spec, end_ts)
        connection.execute("COMMIT")
        return {
            table: connection.execute(f"SELECT count(*) FROM raw.{table}").fetchone()[0]
            for table in RAW_TABLES
        }
