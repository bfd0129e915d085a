"""The app's product_usage_events table (telemetry)."""

from __future__ import annotations

import duckdb

from dogdb_analytics.generate.scales import Scale

# Shares of the usage events (the rest is entitled use by the tier held at the time).
TRIAL_USE_SHARE = 0.035  # a trial feature used during (~10%: shortly after) its trial
NOT_ENTITLED_SHARE = 0.022  # never in the tier (plus ~0.5% lost in a recent downgrade)
BETA_SHARE = 0.001  # 'beta_ai_assist', a feature that is not in the catalogue
UNKNOWN_LICENSE_SHARE = 0.001  # a license_id that no license row carries


def write_product_usage_events(
    connection: duckdb.DuckDBPyConnection, scale: Scale, end_ts: str
) -> None:
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
