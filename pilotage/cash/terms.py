"""Payment terms, the legal limit of a term between businesses, late-payment penalties
(pure NumPy, no Django).

French law (Code de commerce, art. L441-10 and D441-5) caps an agreed payment term at
60 days from the invoice date, or 45 days end of month; a late payer owes penalties at
the ECB main refinancing rate + 10 points (the rate in force on 1 January for the first
half-year, on 1 July for the second) and a fixed €40 indemnity per late invoice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Dates = npt.NDArray[np.datetime64]

NET = "net"
EOM_AFTER = "eom_after"  # N days, then the end of that month
EOM_BEFORE = "eom_before"  # the end of the month, then N days
RULES = (NET, EOM_AFTER, EOM_BEFORE)

LEGAL_DAYS = 60
LEGAL_EOM_DAYS = 45
INDEMNITY_CENTS = 4000
PENALTY_POINTS = 10.0

# ECB main refinancing operations rate (percent) in force on 1 January and 1 July.
ECB_RATES: dict[str, float] = {
    "2019-01": 0.0,
    "2019-07": 0.0,
    "2020-01": 0.0,
    "2020-07": 0.0,
    "2021-01": 0.0,
    "2021-07": 0.0,
    "2022-01": 0.0,
    "2022-07": 0.0,
    "2023-01": 2.50,
    "2023-07": 4.00,
    "2024-01": 4.50,
    "2024-07": 4.25,
    "2025-01": 3.15,
    "2025-07": 2.15,
    "2026-01": 2.15,
    "2026-07": 2.15,
}


def _d(values: object) -> Dates:
    return np.asarray(values, dtype="datetime64[D]")


def _month_end(days: Dates) -> Dates:
    return (days.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1


def due_dates(issued: object, rule: object, days: object) -> Dates:
    """Due date of each document under its terms (``rule`` and ``days`` per document, or
    one for all)."""
    d = _d(issued)
    rules = np.broadcast_to(np.asarray(rule), d.shape)
    n = np.broadcast_to(np.asarray(days, dtype=np.int64), d.shape).astype("timedelta64[D]")
    net = d + n
    return np.where(
        rules == EOM_AFTER,
        _month_end(net),
        np.where(rules == EOM_BEFORE, _month_end(d) + n, net),
    )


def legal_limit(issued: object) -> Dates:
    """The latest due date the law allows: 60 days, or either reading of 45 days end of month."""
    d = _d(issued)
    return np.maximum.reduce(
        [
            d + LEGAL_DAYS,
            due_dates(d, EOM_AFTER, LEGAL_EOM_DAYS),
            due_dates(d, EOM_BEFORE, LEGAL_EOM_DAYS),
        ]
    )


@dataclass(frozen=True)
class RateTable:
    """Annual penalty rate (percent) per half-year, from its first day."""

    starts: Dates
    percent: npt.NDArray[np.float64]

    @classmethod
    def legal(
        cls, *, points: float = PENALTY_POINTS, ecb: dict[str, float] | None = None
    ) -> RateTable:
        table = dict(sorted((ecb or ECB_RATES).items()))
        return cls(
            starts=np.array([f"{k}-01" for k in table], dtype="datetime64[D]"),
            percent=np.array(list(table.values())) + points,
        )

    @classmethod
    def fixed(cls, percent: float) -> RateTable:
        return cls(
            starts=np.array(["1900-01-01"], dtype="datetime64[D]"), percent=np.array([percent])
        )

    def known_until(self) -> np.datetime64:
        """The last half-year of the table: later days use its rate."""
        return self.starts[-1]

    def rate_days(self, first: Dates, last: Dates) -> npt.NDArray[np.float64]:
        """Σ rate(d)/100/365 over the days d in [first, last] (0 where last < first)."""
        first, last = _d(first), _d(last)
        # Cumulative rate-days from the table's first day, as a piecewise-linear function.
        lengths = np.diff(self.starts).astype(np.int64)
        cum = np.concatenate(([0.0], np.cumsum(lengths * self.percent[:-1]))) / 36500.0

        def upto(day: Dates) -> npt.NDArray[np.float64]:
            """Rate-days of [table start, day)."""
            k = np.clip(np.searchsorted(self.starts, day, side="right") - 1, 0, None)
            return cum[k] + (day - self.starts[k]).astype(np.int64) * self.percent[k] / 36500.0

        out = upto(last + 1) - upto(first)
        return np.where(last >= first, out, 0.0)


@dataclass(frozen=True)
class LateCharges:
    penalties_cents: npt.NDArray[np.float64]  # per invoice
    late: npt.NDArray[np.bool_]  # paid after its due date, or open and overdue at the date


def late_charges(
    *,
    due: Dates,
    amount: npt.NDArray[np.int64],
    paid_on: Dates,
    pay_invoice: npt.NDArray[np.int64],
    pay_date: Dates,
    pay_amount: npt.NDArray[np.int64],
    at: np.datetime64,
    rates: RateTable,
) -> LateCharges:
    """Penalties each invoice has earned by the end of day ``at``: for each day late, what
    is still owed × that day's rate ÷ 365."""
    due, paid_on = _d(due), _d(paid_on)
    day = np.asarray(at, dtype="datetime64[D]")
    # Each settlement made after the due date carries its part for the days until it came.
    counted = (pay_date <= day) & (pay_date > due[pay_invoice])
    inv = pay_invoice[counted]
    part = pay_amount[counted] * rates.rate_days(due[inv] + 1, pay_date[counted])
    penalties = np.bincount(inv, weights=part, minlength=len(amount)).astype(np.float64)
    # What is still owed at ``at`` runs until ``at``.
    settled_by_at = np.bincount(
        pay_invoice[pay_date <= day], weights=pay_amount[pay_date <= day], minlength=len(amount)
    )
    owed = np.where(amount > 0, amount - settled_by_at, 0.0)
    penalties += np.maximum(owed, 0) * rates.rate_days(due + 1, np.full(len(due), day))
    penalties = np.where(amount > 0, penalties, 0.0)
    open_late = (owed > 0) & (due < day)
    paid_late = ~np.isnat(paid_on) & (paid_on > due) & (paid_on <= day)
    return LateCharges(penalties_cents=penalties, late=(amount > 0) & (open_late | paid_late))
