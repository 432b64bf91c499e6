"""Every cash indicator at one date, and its monthly series, as one plain dictionary.

The dashboard, the API and ``pilotage cash report`` all show this dictionary; its keys are
stable (documented in the README). Money is in euros (2 decimals), shares between 0 and 1,
durations in days; ``None`` where an indicator has nothing to measure.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import metrics as m
from . import terms as legal
from .documents import Documents, Terms

TOP_CUSTOMERS = 10


@dataclass
class Events:
    """Reminders and disputes, each tied to a document (its index in the Documents)."""

    reminder_doc: list[int] = field(default_factory=list)
    reminder_date: list[int] = field(default_factory=list)
    dispute_doc: list[int] = field(default_factory=list)
    dispute_opened: list[int] = field(default_factory=list)
    dispute_closed: list[int | None] = field(default_factory=list)


@dataclass(frozen=True)
class Settings:
    window: int = 90
    year_days: int = 365
    terms: Terms = Terms()
    customer_terms: dict[str, Terms] = field(default_factory=dict)
    reminder_delay: int = 7
    penalty_points: float = legal.PENALTY_POINTS
    penalty_rate: float | None = None  # a contractual rate replacing ECB + points
    months: int = 12


def _money(cents: Any) -> float:
    return round(int(cents) / 100, 2)


def _num(value: Any, digits: int = 1) -> float | None:
    value = float(value)
    return None if math.isnan(value) else round(value, digits)


def _share(value: Any) -> float | None:
    return _num(value, 4)


def _iso(day: np.datetime64) -> str:
    return str(np.asarray(day, dtype="datetime64[D]"))


def compute(
    docs: Documents,
    *,
    as_of: dt.date,
    settings: Settings = Settings(),
    events: Events | None = None,
) -> dict[str, Any]:
    logged = events is not None
    events = events or Events()
    led = docs.ledger(settings.terms, settings.customer_terms)
    at = np.datetime64(as_of, "D")
    start = at - (settings.window - 1)
    period = (np.array([start]), np.array([at]))

    on_time = m.paid_on_time(led, *period)
    late = m.days_late_paid(led, *period)
    overdue_mean, overdue_weighted = m.days_overdue_open(led, at)
    reminded, reminders_due = m.reminders_when_due(
        led, events.reminder_doc, events.reminder_date, *period, delay=settings.reminder_delay
    )
    disputes = m.disputes(
        events.dispute_opened,
        ["NaT" if c is None else c for c in events.dispute_closed],
        *period,
    )
    rates = (
        legal.RateTable.fixed(settings.penalty_rate)
        if settings.penalty_rate is not None
        else legal.RateTable.legal(points=settings.penalty_points)
    )
    charges = legal.late_charges(
        due=led.due,
        amount=np.where(led.measured, led.amount, 0),
        paid_on=led.paid_on,
        pay_invoice=led.pay_invoice,
        pay_date=np.maximum(led.pay_date, led.issued[led.pay_invoice])
        if len(led.pay_invoice)
        else led.pay_date,
        pay_amount=led.pay_amount,
        at=at,
        rates=rates,
    )
    # Late in the period: paid late within it, or still open and overdue at its end.
    counted = charges.late & (np.isnat(led.paid_on) | (led.paid_on >= start))
    issued_in = led.measured & (led.issued >= start) & (led.issued <= at)
    over_limit = issued_in & (led.due > legal.legal_limit(led.issued))

    return {
        "as_of": _iso(at),
        "window_days": settings.window,
        "period_start": _iso(start),
        "period_end": _iso(at),
        "currency": "EUR",
        "invoices": int(led.measured.sum()),
        "customers": len(set(docs.customer)),
        "receivables": _money(m.receivables(led, [at])[0]),
        "sales": _money(m.sales(led, [start], [at])[0]),
        "dso_standard_days": _num(
            m.dso_standard(led, [at], window=settings.window, year_days=settings.year_days)[0]
        ),
        "dso_countback_days": _num(m.dso_countback(led, [at])[0]),
        "paid_on_time_share": _share(on_time.count_share[0]),
        "paid_on_time_amount_share": _share(on_time.amount_share[0]),
        "due_invoices": int(on_time.due_count[0]),
        "avg_days_late": _num(late.mean_days[0]),
        "avg_days_late_weighted": _num(late.weighted_days[0]),
        "paid_invoices": int(late.paid_count[0]),
        "open_overdue_avg_days": _num(overdue_mean),
        "open_overdue_avg_days_weighted": _num(overdue_weighted),
        "aging": {k: _money(v) for k, v in m.aging(led, at).items()},
        "top_late_customers": _top_late(docs, led, at),
        "delivery_to_invoice_days": _num(m.delivery_to_invoice_days(led, *period)[0]),
        # Without a log of reminders and disputes, there is nothing to say of them.
        "reminders_when_due_share": _share(reminded[0]) if logged else None,
        "reminders_due": int(reminders_due[0]) if logged else None,
        "disputes_opened": int(disputes.opened[0]) if logged else None,
        "disputes_closed": int(disputes.closed[0]) if logged else None,
        "disputes_open": int(disputes.open_at_end[0]) if logged else None,
        "disputes_avg_days_to_close": _num(disputes.mean_days_to_close[0]) if logged else None,
        "statutory": {
            "terms_over_limit": int(over_limit.sum()),
            "terms_over_limit_amount": _money(led.amount[over_limit].sum()),
            "late_invoices": int(counted.sum()),
            "penalties": _money(round(float(charges.penalties_cents[counted].sum()))),
            "indemnities": _money(legal.INDEMNITY_CENTS * int(counted.sum())),
            "penalty_rate_percent": _num(
                rates.rate_days(np.array([at]), np.array([at]))[0] * 36500, 2
            ),
        },
        "monthly": _monthly(led, at, settings, events if logged else None),
    }


def _top_late(docs: Documents, led: m.Ledger, at: np.datetime64) -> list[dict[str, Any]]:
    owed = m.open_balances(led, at)
    late = led.measured & (owed > 0) & (led.due < at)
    if not late.any():
        return []
    codes = np.array(docs.customer, dtype=object)[late]
    days = (at - led.due[late]).astype(np.int64)
    amounts = owed[late]
    rows: dict[str, list[int]] = {}
    for code, amount, d in zip(codes, amounts, days, strict=True):
        row = rows.setdefault(code, [0, 0, 0])
        row[0] += int(amount)
        row[1] += 1
        row[2] = max(row[2], int(d))
    best = sorted(rows.items(), key=lambda kv: (-kv[1][0], kv[0]))[:TOP_CUSTOMERS]
    return [
        {
            "customer": code,
            "name": docs.names.get(code, code),
            "overdue": _money(total),
            "invoices": count,
            "oldest_days": oldest,
        }
        for code, (total, count, oldest) in best
    ]


def _monthly(
    led: m.Ledger, at: np.datetime64, settings: Settings, events: Events | None
) -> list[dict[str, Any]]:
    logged = events is not None
    events = events or Events()
    first_month = at.astype("datetime64[M]") - (settings.months - 1)
    firsts, lasts = m.month_bounds(first_month, settings.months)
    lasts[-1] = at  # the current month up to the date
    on_time = m.paid_on_time(led, firsts, lasts)
    late = m.days_late_paid(led, firsts, lasts)
    reminded, _due = m.reminders_when_due(
        led, events.reminder_doc, events.reminder_date, firsts, lasts, delay=settings.reminder_delay
    )
    disputes = m.disputes(
        events.dispute_opened,
        ["NaT" if c is None else c for c in events.dispute_closed],
        firsts,
        lasts,
    )
    columns: dict[str, list[Any]] = {
        "receivables": [_money(v) for v in m.receivables(led, lasts)],
        "sales": [_money(v) for v in m.sales(led, firsts, lasts)],
        "dso_standard_days": [
            _num(v)
            for v in m.dso_standard(
                led, lasts, window=settings.window, year_days=settings.year_days
            )
        ],
        "dso_countback_days": [_num(v) for v in m.dso_countback(led, lasts)],
        "paid_on_time_share": [_share(v) for v in on_time.count_share],
        "paid_on_time_amount_share": [_share(v) for v in on_time.amount_share],
        "avg_days_late": [_num(v) for v in late.mean_days],
        "avg_days_late_weighted": [_num(v) for v in late.weighted_days],
        "delivery_to_invoice_days": [
            _num(v) for v in m.delivery_to_invoice_days(led, firsts, lasts)
        ],
        "reminders_when_due_share": [_share(v) if logged else None for v in reminded],
        "disputes_opened": [int(v) if logged else None for v in disputes.opened],
    }
    return [
        {
            "month": str(firsts[k].astype("datetime64[M]")),
            **{key: col[k] for key, col in columns.items()},
        }
        for k in range(settings.months)
    ]
