"""The billing marts against an independent, day-by-day computation of the billing policy.

On a generated warehouse (DOGDB_TEST_SCALE, default `small`), the tier history of a sample of
accounts is rebuilt in Python from the app's tier-change log and accounts extract (their staging
views: the raw rows, typed, with the unusable rows quarantined), and every day of several months is
priced one by one: price(tier held at the end of the day) / days in the month, from the day the
account was created. The lines of marts.mart_billing_lines must match it line by line and in
total. The MRR summary must reconcile in every month.
"""

from __future__ import annotations

import calendar
import random
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from sqlmesh import Context

from dogdb_analytics.warehouse import close_context, open_context

# product.md: Free $0, Medium $50 (card), Enterprise $500 (invoice). Written here on purpose, not
# read from the seed, so that a wrong seed fails the test too.
MONTHLY_PRICES = {"Free": Decimal("0"), "Medium": Decimal("50"), "Enterprise": Decimal("500")}
CENT = Decimal("0.01")
SAMPLE_SIZE = 400
# A leap February, short and long months, and months of several years.
MONTHS = [
    date(2020, 2, 1),
    date(2021, 6, 1),
    date(2022, 12, 1),
    date(2024, 2, 1),
    date(2025, 4, 1),
    date(2026, 9, 1),
]

Timeline = list[tuple[datetime, int, str]]


def _timelines(context, account_ids: list[int]) -> dict[int, tuple[datetime, Timeline]]:
    """Per account: its creation time and its tier events (time, priority, tier), in order.

    The policy of product.md: the tier before the first logged change is that change's from_tier
    (the current tier when nothing is logged); each change applies from changed_at (a change
    logged before the account existed applies from its creation); when the extract's current
    tier disagrees with the last logged one, the extract's tier applies from updated_at.
    """
    ids = ", ".join(str(int(a)) for a in account_ids)
    accounts = context.fetchdf(
        "SELECT account_id, current_tier, created_at, updated_at "
        f"FROM staging.stg_app__customer_accounts WHERE account_id IN ({ids})"
    )
    changes = context.fetchdf(
        "SELECT account_id, from_tier, to_tier, changed_at "
        f"FROM staging.stg_app__account_tier_changes WHERE account_id IN ({ids}) "
        "ORDER BY account_id, changed_at"
    )
    changes_by_account: dict[int, list[tuple[datetime, str, str]]] = defaultdict(list)
    for row in changes.itertuples(index=False):
        changes_by_account[int(row.account_id)].append(
            (row.changed_at.to_pydatetime(), row.from_tier, row.to_tier)
        )
    timelines: dict[int, tuple[datetime, Timeline]] = {}
    for row in accounts.itertuples(index=False):
        account_id = int(row.account_id)
        created_at = row.created_at.to_pydatetime()
        updated_at = row.updated_at.to_pydatetime()
        logged = changes_by_account.get(account_id, [])
        initial = logged[0][1] if logged else row.current_tier
        events: Timeline = [(created_at, 1, initial)]
        events += [(max(at, created_at), 2, to_tier) for at, _, to_tier in logged]
        if logged and logged[-1][2] != row.current_tier and updated_at > logged[-1][0]:
            events.append((updated_at, 3, row.current_tier))
        events.sort()
        timelines[account_id] = (created_at, events)
    return timelines


def _tier_at(events: Timeline, instant: datetime) -> str | None:
    """The tier in force just before `instant` (the last event strictly before it)."""
    tier = None
    for at, _, event_tier in events:
        if at < instant:
            tier = event_tier
        else:
            break
    return tier


def _expected_lines(
    timelines: dict[int, tuple[datetime, Timeline]], months: list[date]
) -> dict[tuple[date, int, str], tuple[int, Decimal]]:
    """(month, account, plan) -> (days on the plan, exact amount), priced day by day."""
    lines: dict[tuple[date, int, str], tuple[int, Decimal]] = {}
    for month in months:
        days_in_month = calendar.monthrange(month.year, month.month)[1]
        for account_id, (created_at, events) in timelines.items():
            days: dict[str, int] = defaultdict(int)
            for offset in range(days_in_month):
                day = month + timedelta(days=offset)
                if day < created_at.date():
                    continue
                end_of_day = datetime.combine(day + timedelta(days=1), time())
                tier = _tier_at(events, end_of_day)
                if tier is not None and MONTHLY_PRICES[tier] > 0:
                    days[tier] += 1
            for tier, count in days.items():
                amount = MONTHLY_PRICES[tier] * count / days_in_month
                lines[(month, account_id, tier)] = (count, amount)
    return lines


@pytest.fixture(scope="module")
def context(built_test_scale_warehouse: Path) -> Iterator[Context]:
    context = open_context(built_test_scale_warehouse)
    yield context
    close_context(context)


@pytest.fixture(scope="module")
def sampled_accounts(context) -> list[int]:
    """A seeded random sample of accounts, plus every account whose tier changed in a tested
    month (capped at the sample size), so that prorated lines are well represented."""
    all_ids = sorted(
        int(a)
        for a in context.fetchdf("SELECT account_id FROM staging.stg_app__customer_accounts")[
            "account_id"
        ]
    )
    rng = random.Random(20240229)
    sample = set(rng.sample(all_ids, min(SAMPLE_SIZE, len(all_ids))))
    month_filter = " OR ".join(
        f"CAST(DATE_TRUNC('month', changed_at) AS DATE) = DATE '{m.isoformat()}'" for m in MONTHS
    )
    changed = sorted(
        int(a)
        for a in context.fetchdf(
            f"SELECT DISTINCT account_id FROM staging.stg_app__account_tier_changes "
            f"WHERE {month_filter}"
        )["account_id"]
    )
    sample.update(rng.sample(changed, min(SAMPLE_SIZE, len(changed))))
    return sorted(sample)


def test_billing_lines_match_a_day_by_day_computation(context, sampled_accounts) -> None:
    expected = _expected_lines(_timelines(context, sampled_accounts), MONTHS)
    ids = ", ".join(str(a) for a in sampled_accounts)
    months = ", ".join(f"DATE '{m.isoformat()}'" for m in MONTHS)
    actual_df = context.fetchdf(
        "SELECT billing_month, account_id, pricing_plan, days_on_plan, prorated_amount, "
        "billed_amount FROM marts.mart_billing_lines "
        f"WHERE billing_month IN ({months}) AND account_id IN ({ids})"
    )
    actual = {
        (row.billing_month.date(), int(row.account_id), row.pricing_plan): row
        for row in actual_df.itertuples(index=False)
    }
    assert expected, "the sample should have paid days in the tested months"
    prorated = [
        key
        for key, (days, _) in expected.items()
        if days < calendar.monthrange(*key[0].timetuple()[:2])[1]
    ]
    assert len(prorated) >= 10, "the sample should include mid-month changes and new accounts"
    assert set(actual) == set(expected)
    for key, (days, amount) in expected.items():
        row = actual[key]
        assert row.days_on_plan == days, key
        assert row.prorated_amount == pytest.approx(float(amount), abs=1e-9), key
        assert Decimal(str(row.billed_amount)) == amount.quantize(CENT, ROUND_HALF_UP), key
    for month in MONTHS:
        expected_total = sum(
            (
                a.quantize(CENT, ROUND_HALF_UP)
                for (m, _, _), (_, a) in expected.items()
                if m == month
            ),
            Decimal("0"),
        )
        actual_total = sum(
            (Decimal(str(r.billed_amount)) for (m, _, _), r in actual.items() if m == month),
            Decimal("0"),
        )
        assert actual_total == expected_total, month


def test_billing_totals_equal_the_lines(context) -> None:
    diff = context.fetchdf(
        """
        WITH lines AS (
          SELECT billing_month, payment_method, SUM(billed_amount) AS billed_amount
          FROM marts.mart_billing_lines GROUP BY billing_month, payment_method
        )
        SELECT t.billing_month, t.payment_method, t.billed_amount, l.billed_amount AS line_amount
        FROM marts.mart_billing_totals AS t
        LEFT JOIN lines AS l
          ON l.billing_month = t.billing_month AND l.payment_method = t.payment_method
        WHERE t.billed_amount <> COALESCE(l.billed_amount, 0)
        """
    )
    assert diff.empty, diff


def test_mrr_summary_reconciles_in_every_month(context) -> None:
    summary = context.fetchdf(
        "SELECT mrr_month, starting_mrr, new_mrr, expansion_mrr, reactivation_mrr, "
        "contraction_mrr, churned_mrr, ending_mrr FROM marts.mart_mrr_summary_monthly "
        "ORDER BY mrr_month"
    )
    assert len(summary) > 12
    previous_ending = Decimal("0")
    for row in summary.itertuples(index=False):
        values = {k: Decimal(str(v)) for k, v in row._asdict().items() if k != "mrr_month"}
        movements = sum(v for k, v in values.items() if k not in ("starting_mrr", "ending_mrr"))
        assert values["starting_mrr"] + movements == values["ending_mrr"], row.mrr_month
        assert values["starting_mrr"] == previous_ending, row.mrr_month
        previous_ending = values["ending_mrr"]
    assert previous_ending > 0
