"""Receivable indicators: the issue's test vector, hand-worked cases, and a per-invoice oracle."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pilotage.cash import metrics as m


def test_the_countback_test_vector():
    # Receivables 2,500; sales 1,200 in a 30-day month, 800 in a 31-day one, 700 in a 30-day one.
    days = m.dso_countback_from(2500, [1200, 800, 700], [30, 31, 30])
    assert days == pytest.approx(30 + 31 + 30 * 500 / 700)
    assert round(days, 1) == 82.4


def test_countback_edges():
    assert m.dso_countback_from(0, [100], [30]) == 0
    assert m.dso_countback_from(50, [100], [30]) == 15
    assert np.isnan(m.dso_countback_from(500, [100, 100], [30, 31]))


def ledger_example() -> m.Ledger:
    """Four invoices of a small manufacturer, amounts in cents.

    0: issued 01/01, due 31/01, 1,200.00 €, paid 31/01 (on time)
    1: issued 10/01, due 09/02, 600.00 €, paid 300 on 05/02 and 300 on 20/02 (11 days late)
    2: issued 15/02, due 17/03, 900.00 €, still open
    3: credit note of −100.00 € issued 20/02, not yet set against any invoice
    """
    return m.Ledger.build(
        issued=["2026-01-01", "2026-01-10", "2026-02-15", "2026-02-20"],
        due=["2026-01-31", "2026-02-09", "2026-03-17", "2026-02-20"],
        amount=[120_000, 60_000, 90_000, -10_000],
        pay_invoice=[0, 1, 1],
        pay_date=["2026-01-31", "2026-02-05", "2026-02-20"],
        pay_amount=[120_000, 30_000, 30_000],
    )


def test_fully_paid_dates_come_from_the_payments():
    led = ledger_example()
    assert list(led.paid_on.astype(str)) == ["2026-01-31", "2026-02-20", "NaT", "NaT"]


def test_receivables_at_several_dates():
    led = ledger_example()
    got = m.receivables(led, ["2025-12-31", "2026-01-15", "2026-01-31", "2026-02-10", "2026-02-28"])
    assert list(got) == [0, 180_000, 60_000, 30_000, 80_000]


def test_standard_dso():
    led = ledger_example()
    # At 28/02 over 90 days: receivables 800 €, sales 1,200 + 600 + 900 − 100 = 2,600 € → 800/2600×90.
    assert m.dso_standard(led, ["2026-02-28"], window=90)[0] == pytest.approx(800 / 2600 * 90)


def test_countback_dso_from_the_ledger():
    led = ledger_example()
    # At 28/02: receivables 800 €; February sales 900 − 100 = 800 € → exactly February's 28 days.
    assert m.dso_countback(led, ["2026-02-28"])[0] == pytest.approx(28)


def test_paid_on_time_by_count_and_amount():
    led = ledger_example()
    # Due in January–February (credit note left out): invoice 0 on time, invoice 1 late.
    result = m.paid_on_time(led, ["2026-01-01"], ["2026-02-28"])
    assert result.count_share[0] == 0.5
    assert result.amount_share[0] == pytest.approx(1200 / 1800)


def test_days_late_plain_and_weighted():
    led = ledger_example()
    late = m.days_late_paid(led, ["2026-01-01"], ["2026-02-28"])
    assert late.mean_days[0] == pytest.approx((0 + 11) / 2)
    assert late.weighted_days[0] == pytest.approx((0 * 1200 + 11 * 600) / 1800)


def test_aging_and_open_overdue():
    led = ledger_example()
    # At 28/02: invoice 2 not yet due; the unused credit note stands apart, whatever its age.
    assert m.aging(led, "2026-02-28") == {
        "not_due": 90_000,
        "1_30": 0,
        "31_60": 0,
        "61_90": 0,
        "over_90": 0,
        "unapplied_credits": -10_000,
    }
    # At 20/04: invoice 2 is 34 days late (31–60); the credit note still apart.
    aged = m.aging(led, "2026-04-20")
    assert (aged["31_60"], aged["unapplied_credits"]) == (90_000, -10_000)
    assert m.days_overdue_open(led, "2026-04-20") == (34.0, 34.0)  # what is owed: invoice 2 only


def test_monthly_series_come_out_in_one_call():
    led = ledger_example()
    firsts, lasts = m.month_bounds("2026-01", 3)
    assert list(lasts.astype(str)) == ["2026-01-31", "2026-02-28", "2026-03-31"]
    assert list(m.receivables(led, lasts)) == [60_000, 80_000, 80_000]
    assert list(m.paid_on_time(led, firsts, lasts).due_count) == [1, 1, 1]


def test_delivery_to_invoice_delay():
    led = m.Ledger.build(
        issued=["2026-03-10", "2026-03-20"],
        due=["2026-04-10", "2026-04-20"],
        amount=[100, 100],
        delivered=["2026-03-05", "NaT"],
    )
    assert m.delivery_to_invoice_days(led, ["2026-03-01"], ["2026-03-31"])[0] == 5


# -- the oracle: one invoice at a time, plain Python ------------------------------------

invoice = st.tuples(
    st.integers(0, 200),  # issue day offset
    st.integers(0, 90),  # term in days
    st.integers(-50_000, 500_000),  # amount (negative: credit note)
    st.lists(
        st.tuples(st.integers(-5, 250), st.integers(1, 300_000)), max_size=3
    ),  # payments (day offset, cents)
)
BASE = dt.date(2025, 1, 1)


def day(offset: int) -> str:
    return (BASE + dt.timedelta(days=offset)).isoformat()


@settings(max_examples=150, deadline=None)
@given(st.lists(invoice, min_size=1, max_size=25), st.integers(0, 300), st.integers(1, 120))
def test_vectorised_indicators_equal_a_per_invoice_loop(rows, at, window):
    issued = [day(i) for i, _t, _a, _p in rows]
    due = [day(i + t) for i, t, _a, _p in rows]
    amounts = [a for _i, _t, a, _p in rows]
    pays = [
        (k, day(d), c if a >= 0 else -c) for k, (_i, _t, a, ps) in enumerate(rows) for d, c in ps
    ]
    led = m.Ledger.build(
        issued=issued,
        due=due,
        amount=amounts,
        pay_invoice=[k for k, _d, _c in pays],
        pay_date=[d for _k, d, _c in pays],
        pay_amount=[c for _k, _d, c in pays],
    )
    at_day = BASE + dt.timedelta(days=at)
    # Receivables: per invoice, billed if issued, minus what was paid once it existed.
    expected = 0
    for k, (i, _t, a, _p) in enumerate(rows):
        if BASE + dt.timedelta(days=i) <= at_day:
            expected += a
        for kk, d, c in pays:
            if kk == k and max(dt.date.fromisoformat(d), BASE + dt.timedelta(days=i)) <= at_day:
                expected -= c
    assert m.receivables(led, [at_day.isoformat()])[0] == expected
    # Fully paid date: the first date at which the running total reaches the amount, each
    # payment counting from its own date or, if it came first, from the invoice's.
    for k, (_i, _t, a, _p) in enumerate(rows):
        running, when = 0, None
        counted = sorted((max(d, issued[k]), c) for kk, d, c in pays if kk == k)
        for d, c in counted:
            running += c
            if when is None and ((a >= 0 and running >= a) or (a < 0 and running <= a)):
                when = d
        if a == 0:
            when = issued[k]
        shown = led.paid_on[k]
        assert (None if np.isnat(shown) else str(shown)) == when
    # Paid on time and days late over the window ending at ``at``.
    start = at_day - dt.timedelta(days=window - 1)
    due_in = [
        k
        for k in range(len(rows))
        if amounts[k] > 0 and start <= dt.date.fromisoformat(due[k]) <= at_day
    ]
    ok = [k for k in due_in if not np.isnat(led.paid_on[k]) and str(led.paid_on[k]) <= due[k]]
    got = m.paid_on_time(led, [start.isoformat()], [at_day.isoformat()])
    if due_in:
        assert got.count_share[0] == pytest.approx(len(ok) / len(due_in))
    else:
        assert np.isnan(got.count_share[0])
    paid_in = [
        k
        for k in range(len(rows))
        if amounts[k] > 0
        and not np.isnat(led.paid_on[k])
        and start <= dt.date.fromisoformat(str(led.paid_on[k])) <= at_day
    ]
    late = m.days_late_paid(led, [start.isoformat()], [at_day.isoformat()])
    if paid_in:
        days = [
            max(
                0, (dt.date.fromisoformat(str(led.paid_on[k])) - dt.date.fromisoformat(due[k])).days
            )
            for k in paid_in
        ]
        assert late.mean_days[0] == pytest.approx(sum(days) / len(days))
    else:
        assert np.isnan(late.mean_days[0])
