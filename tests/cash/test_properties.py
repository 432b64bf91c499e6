"""Late charges, reminders sent when due and disputes, vectorised, against plain loops
over each invoice and each day (hypothesis draws the books)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pilotage.cash import metrics as m
from pilotage.cash import terms as t

BASE = dt.date(2025, 5, 1)
invoice = st.tuples(
    st.integers(0, 120),  # issued, days after BASE
    st.integers(0, 90),  # term
    st.integers(1, 500_000),  # amount in cents
    st.lists(st.tuples(st.integers(-10, 200), st.integers(1, 300_000)), max_size=3),  # payments
)


def build(rows):
    issued = [BASE + dt.timedelta(days=i) for i, _t, _a, _p in rows]
    due = [d + dt.timedelta(days=term) for d, (_i, term, _a, _p) in zip(issued, rows, strict=True)]
    # Settlements never exceed what an invoice asks (the readers see to it).
    pays = []
    for k, (_i, _t, a, p) in enumerate(rows):
        left = a
        for offset, c in p:
            if left:
                pays.append((k, issued[k] + dt.timedelta(days=offset), min(c, left)))
                left -= min(c, left)
    led = m.Ledger.build(
        issued=np.array(issued, dtype="datetime64[D]"),
        due=np.array(due, dtype="datetime64[D]"),
        amount=[a for _i, _t, a, _p in rows],
        pay_invoice=[k for k, _d, _c in pays],
        pay_date=np.array([d for _k, d, _c in pays], dtype="datetime64[D]"),
        pay_amount=[c for _k, _d, c in pays],
    )
    return issued, due, pays, led


def rate_on(day: dt.date) -> float:
    half = f"{day.year}-{'01' if day.month <= 6 else '07'}"
    return t.ECB_RATES[half] + t.PENALTY_POINTS


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(invoice, min_size=1, max_size=8), at=st.integers(0, 300))
def test_late_charges_equal_a_day_by_day_sum(rows, at):
    issued, due, pays, led = build(rows)
    at_day = BASE + dt.timedelta(days=at)
    charges = t.late_charges(
        due=led.due,
        amount=led.amount,
        paid_on=led.paid_on,
        pay_invoice=led.pay_invoice,
        pay_date=np.maximum(led.pay_date, led.issued[led.pay_invoice]),
        pay_amount=led.pay_amount,
        at=np.datetime64(at_day),
        rates=t.RateTable.legal(),
    )
    for k, (_i, _term, amount, _p) in enumerate(rows):
        expected = 0.0
        day = due[k] + dt.timedelta(days=1)
        while day <= at_day:
            # Owed on ``day``: what was not settled before it (a part settled that day
            # still bears that day).
            settled = sum(c for kk, d, c in pays if kk == k and max(d, issued[k]) < day)
            owed = max(amount - settled, 0)
            expected += owed * rate_on(day) / 36500
            day += dt.timedelta(days=1)
        assert charges.penalties_cents[k] == pytest.approx(expected, abs=1e-6)


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(invoice, min_size=1, max_size=8),
    reminders=st.lists(st.tuples(st.integers(0, 7), st.integers(0, 250)), max_size=10),
    window=st.tuples(st.integers(0, 200), st.integers(0, 120)),
    delay=st.integers(1, 15),
)
def test_reminders_when_due_equal_a_loop(rows, reminders, window, delay):
    issued, due, pays, led = build(rows)
    reminders = [(k % len(rows), BASE + dt.timedelta(days=d)) for k, d in reminders]
    start = BASE + dt.timedelta(days=window[0])
    end = start + dt.timedelta(days=window[1])
    share, count = m.reminders_when_due(
        led,
        [k for k, _d in reminders],
        np.array([d for _k, d in reminders], dtype="datetime64[D]"),
        [np.datetime64(start)],
        [np.datetime64(end)],
        delay=delay,
    )
    needed = ok = 0
    for k in range(len(rows)):
        paid = None if np.isnat(led.paid_on[k]) else led.paid_on[k].astype(dt.date)
        if paid is not None and paid <= due[k]:
            continue
        if not start <= due[k] + dt.timedelta(days=delay) <= end:
            continue
        needed += 1
        ok += any(
            kk == k and due[k] + dt.timedelta(days=1) <= d <= due[k] + dt.timedelta(days=delay)
            for kk, d in reminders
        )
    assert count[0] == needed
    assert (np.isnan(share[0]) and needed == 0) or share[0] == pytest.approx(ok / needed)


@settings(max_examples=150, deadline=None)
@given(
    spans=st.lists(
        st.tuples(st.integers(0, 200), st.one_of(st.none(), st.integers(0, 60))), max_size=10
    ),
    window=st.tuples(st.integers(0, 250), st.integers(0, 90)),
)
def test_disputes_equal_a_loop(spans, window):
    opened = [BASE + dt.timedelta(days=o) for o, _c in spans]
    closed = [
        None if c is None else o + dt.timedelta(days=c)
        for o, (_o, c) in zip(opened, spans, strict=True)
    ]
    start = BASE + dt.timedelta(days=window[0])
    end = start + dt.timedelta(days=window[1])
    got = m.disputes(
        np.array(opened, dtype="datetime64[D]"),
        np.array(["NaT" if c is None else c for c in closed], dtype="datetime64[D]"),
        [np.datetime64(start)],
        [np.datetime64(end)],
    )
    assert got.opened[0] == sum(start <= o <= end for o in opened)
    done = [
        (o, c) for o, c in zip(opened, closed, strict=True) if c is not None and start <= c <= end
    ]
    assert got.closed[0] == len(done)
    assert got.open_at_end[0] == sum(
        o <= end and (c is None or c > end) for o, c in zip(opened, closed, strict=True)
    )
    if done:
        assert got.mean_days_to_close[0] == pytest.approx(
            sum((c - o).days for o, c in done) / len(done)
        )
    else:
        assert np.isnan(got.mean_days_to_close[0])
