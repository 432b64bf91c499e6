"""Receivable indicators from a company's own invoices and payments (pure NumPy, no Django).

Money is integer cents (``int64``): exact sums, no float drift; shares and days are floats.
Dates are ``datetime64[D]``. A credit note is an invoice with a negative amount.

* ``invoices``: issue date, due date, amount incl. VAT (cents), date fully paid (NaT when
  still open), optional delivery date;
* ``payments``: the invoice each payment settles (row index), its date and amount (cents).
  Partial payments are several rows; one payment for several invoices is split by the
  reader (the FEC lettering says which invoices it settles).

Every indicator is answered for many dates at once (monthly series over 36 months for a
million invoices in well under a second): sorted cumulative sums and ``searchsorted``
instead of a loop over invoices.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

Dates = npt.NDArray[np.datetime64]
Cents = npt.NDArray[np.int64]
NAT = np.datetime64("NaT", "D")
AGING_EDGES = (0, 30, 60, 90)  # days overdue: not yet due | 1–30 | 31–60 | 61–90 | > 90
AGING_LABELS = ("not_due", "1_30", "31_60", "61_90", "over_90")
UNAPPLIED = "unapplied_credits"


def _d(values: object) -> Dates:
    return np.asarray(values, dtype="datetime64[D]")


@dataclass(frozen=True)
class Ledger:
    issued: Dates
    due: Dates
    amount: Cents
    paid_on: Dates  # when the invoice was fully settled; NaT while open
    pay_invoice: npt.NDArray[np.int64]
    pay_date: Dates
    pay_amount: Cents
    delivered: Dates | None = None
    sale: npt.NDArray[np.bool_] | None = None  # False: not a sale (opening line, refund, advance)
    invoice: npt.NDArray[np.bool_] | None = None  # False: not measured for payment behaviour

    @cached_property
    def sold(self) -> Cents:
        """The amounts that are sales (others count 0)."""
        return self.amount if self.sale is None else np.where(self.sale, self.amount, 0)

    @cached_property
    def by_issue(self) -> _Timeline:
        return _Timeline(self.issued)

    @cached_property
    def by_settlement(self) -> _Timeline:
        """Payments by the day they count: their own date, or the invoice's if they came first."""
        if len(self.pay_invoice):
            return _Timeline(np.maximum(self.pay_date, self.issued[self.pay_invoice]))
        return _Timeline(self.pay_date)

    @cached_property
    def measured(self) -> npt.NDArray[np.bool_]:
        """Invoices whose payment is measured (not credit notes, refunds or advances)."""
        mask = self.amount > 0
        return mask if self.invoice is None else mask & self.invoice

    @cached_property
    def invoices_by_due(self) -> tuple[npt.NDArray[np.bool_], _Timeline]:
        mask = self.measured
        return mask, _Timeline(self.due[mask])

    @cached_property
    def invoices_by_payment(self) -> tuple[npt.NDArray[np.bool_], _Timeline]:
        mask = self.measured & ~np.isnat(self.paid_on)
        return mask, _Timeline(self.paid_on[mask])

    @classmethod
    def build(
        cls,
        *,
        issued: object,
        due: object,
        amount: object,
        pay_invoice: object = (),
        pay_date: object = (),
        pay_amount: object = (),
        delivered: object = None,
        sale: object = None,
        invoice: object = None,
    ) -> Ledger:
        """Invoices and payments; the date each invoice is fully paid is derived from the
        payments (the first date their running total reaches the invoice's amount)."""
        issued_d, due_d = _d(issued), _d(due)
        amount_c = np.asarray(amount, dtype=np.int64)
        inv = np.asarray(pay_invoice, dtype=np.int64)
        pdate = _d(pay_date)
        pamt = np.asarray(pay_amount, dtype=np.int64)
        paid_on = np.full(len(amount_c), NAT)
        if len(inv):
            # A payment received before its invoice settles it on the invoice's date.
            pdate_counted = np.maximum(pdate, issued_d[inv])
            order = np.lexsort((pdate_counted, inv))
            inv_s, date_s, amt_s = inv[order], pdate_counted[order], pamt[order]
            running = np.cumsum(amt_s)
            start = np.searchsorted(inv_s, np.arange(len(amount_c)))
            before = np.where(start > 0, running[np.maximum(start - 1, 0)], 0)
            settled_so_far = running - before[inv_s]
            target = amount_c[inv_s]
            reached = np.where(target >= 0, settled_so_far >= target, settled_so_far <= target)
            idx = np.flatnonzero(reached)
            # The first row of each invoice where the running total reaches its amount.
            first = idx[np.unique(inv_s[idx], return_index=True)[1]]
            paid_on[inv_s[first]] = date_s[first]
        paid_on[amount_c == 0] = issued_d[amount_c == 0]
        return cls(
            issued=issued_d,
            due=due_d,
            amount=amount_c,
            paid_on=paid_on,
            pay_invoice=inv,
            pay_date=pdate,
            pay_amount=pamt,
            delivered=None if delivered is None else _d(delivered),
            sale=None if sale is None else np.asarray(sale, dtype=bool),
            invoice=None if invoice is None else np.asarray(invoice, dtype=bool),
        )


class _Timeline:
    """Dates sorted once; sums of any values on or before given dates, or within windows."""

    def __init__(self, dates: Dates):
        self.order = np.argsort(dates, kind="stable")
        self.dates = dates[self.order]

    def upto(self, values: npt.NDArray[np.int64], at: Dates) -> Cents:
        cum = np.concatenate(([0], np.cumsum(values[self.order])))
        return cum[np.searchsorted(self.dates, at, side="right")]

    def within(self, values: npt.NDArray[np.int64], start: Dates, end: Dates) -> Cents:
        cum = np.concatenate(([0], np.cumsum(values[self.order])))
        return (
            cum[np.searchsorted(self.dates, end, side="right")]
            - cum[np.searchsorted(self.dates, start, side="left")]
        )


def _cumulative_at(dates: Dates, values: npt.NDArray[np.int64], at: Dates) -> Cents:
    """Sum of ``values`` whose date is on or before each date of ``at``."""
    return _Timeline(dates).upto(values, at)


def receivables(ledger: Ledger, at: object) -> Cents:
    """Open balance of customer invoices (incl. VAT) at the end of each day of ``at``.
    A payment counts once its invoice exists (one made before is an advance)."""
    at_d = _d(at)
    return ledger.by_issue.upto(ledger.amount, at_d) - ledger.by_settlement.upto(
        ledger.pay_amount, at_d
    )


def sales(ledger: Ledger, start: object, end: object) -> Cents:
    """Invoiced incl. VAT (credit notes deducted) with an issue date in [start, end]."""
    return ledger.by_issue.within(ledger.sold, _d(start), _d(end))


def dso_standard(
    ledger: Ledger, at: object, *, window: int = 90, year_days: int = 365
) -> npt.NDArray[np.float64]:
    """Receivables ÷ sales of the ``window`` days ending at ``at`` × ``window`` (in days
    of a 360-day year, × 360/365, when ``year_days`` is 360)."""
    at_d = _d(at)
    rec = receivables(ledger, at_d).astype(np.float64)
    sold = sales(ledger, at_d - (window - 1), at_d).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(sold > 0, rec / sold * (window * year_days / 365), np.nan)


def dso_countback_from(receivable: float, month_sales: list[float], month_days: list[int]) -> float:
    """Exhaust ``receivable`` against the sales of the months going back (latest first):
    full months add their days, the last one its share. NaN if sales never cover it."""
    left = receivable
    days = 0.0
    if left <= 0:
        return 0.0
    for sold, length in zip(month_sales, month_days, strict=True):
        if sold <= 0:
            days += length
            continue
        if left <= sold:
            return days + length * left / sold
        left -= sold
        days += length
    return float("nan")


def dso_countback(ledger: Ledger, at: object, *, max_months: int = 24) -> npt.NDArray[np.float64]:
    """Countback DSO at each date of ``at``: its month counts from the 1st to that date
    (a whole month at a month end), then whole months going back."""
    ends = _d(at)
    out = np.empty(len(ends))
    months = ends.astype("datetime64[M]")
    # Sales per calendar month, once.
    first = (
        min(months.min() - max_months, ledger.issued.min().astype("datetime64[M]"))
        if len(ledger.issued)
        else months.min()
    )
    span = int((months.max() - first).astype(int)) + 1
    idx = (ledger.issued.astype("datetime64[M]") - first).astype(np.int64)
    keep = (idx >= 0) & (idx < span)
    monthly = np.bincount(idx[keep], weights=ledger.sold[keep].astype(np.float64), minlength=span)
    month_first = first + np.arange(span + 1)
    lengths = (
        month_first[1:].astype("datetime64[D]") - month_first[:-1].astype("datetime64[D]")
    ).astype(int)
    rec = receivables(ledger, ends).astype(np.float64)
    current = sales(ledger, months.astype("datetime64[D]"), ends).astype(np.float64)
    elapsed = (ends - months.astype("datetime64[D]")).astype(int) + 1
    for k, m in enumerate(months):
        j = int((m - first).astype(int))
        lo = max(j - max_months + 1, 0)
        out[k] = dso_countback_from(
            rec[k],
            [current[k], *monthly[lo:j][::-1]],
            [int(elapsed[k]), *lengths[lo:j][::-1]],
        )
    return out


@dataclass(frozen=True)
class OnTime:
    count_share: npt.NDArray[np.float64]
    amount_share: npt.NDArray[np.float64]
    due_count: npt.NDArray[np.int64]


def paid_on_time(ledger: Ledger, start: object, end: object) -> OnTime:
    """Among invoices (not credit notes) due in each [start, end]: the share, by count and
    by amount, fully paid on or before their due date."""
    s, e = _d(start), _d(end)
    mask, timeline = ledger.invoices_by_due
    amount = ledger.amount[mask]
    paid = ledger.paid_on[mask]
    ok = ~np.isnat(paid) & (paid <= ledger.due[mask])
    n_due = timeline.within(np.ones(len(amount), np.int64), s, e)
    n_ok = timeline.within(ok.astype(np.int64), s, e)
    a_due = timeline.within(amount, s, e)
    a_ok = timeline.within(np.where(ok, amount, 0), s, e)
    with np.errstate(divide="ignore", invalid="ignore"):
        return OnTime(
            count_share=np.where(n_due > 0, n_ok / n_due, np.nan),
            amount_share=np.where(a_due > 0, a_ok / a_due, np.nan),
            due_count=n_due,
        )


@dataclass(frozen=True)
class Lateness:
    mean_days: npt.NDArray[np.float64]
    weighted_days: npt.NDArray[np.float64]
    paid_count: npt.NDArray[np.int64]


def days_late_paid(ledger: Ledger, start: object, end: object) -> Lateness:
    """Over invoices fully paid in each [start, end]: mean of max(0, paid − due), plain and
    weighted by amount."""
    s, e = _d(start), _d(end)
    mask, timeline = ledger.invoices_by_payment
    late = np.maximum((ledger.paid_on[mask] - ledger.due[mask]).astype(np.int64), 0)
    amount = ledger.amount[mask]
    n = timeline.within(np.ones(len(amount), np.int64), s, e)
    total = timeline.within(late, s, e)
    weighted = timeline.within(late * amount, s, e)
    weight = timeline.within(amount, s, e)
    with np.errstate(divide="ignore", invalid="ignore"):
        return Lateness(
            mean_days=np.where(n > 0, total / n, np.nan),
            weighted_days=np.where(weight > 0, weighted / weight, np.nan),
            paid_count=n,
        )


def open_balances(ledger: Ledger, at: object) -> Cents:
    """What is still owed on each invoice at the end of day ``at``."""
    at_d = np.asarray(at, dtype="datetime64[D]")
    billed = np.where(ledger.issued <= at_d, ledger.amount, 0)
    counted = np.maximum(ledger.pay_date, ledger.issued[ledger.pay_invoice]) <= at_d
    settled = np.bincount(
        ledger.pay_invoice[counted], weights=ledger.pay_amount[counted], minlength=len(billed)
    )
    return billed - settled.astype(np.int64)


def aging(ledger: Ledger, at: object) -> dict[str, int]:
    """Open receivables at ``at`` by days overdue: not yet due, 1–30, 31–60, 61–90, over
    90; credits not applied to an invoice (advances, credit notes) apart."""
    at_d = np.asarray(at, dtype="datetime64[D]")
    owed = open_balances(ledger, at_d)
    overdue = (at_d - ledger.due).astype(np.int64)
    bucket = np.searchsorted(np.array(AGING_EDGES), overdue, side="left")
    bucket[owed < 0] = len(AGING_LABELS)
    totals = np.bincount(bucket, weights=owed, minlength=len(AGING_LABELS) + 1).astype(np.int64)
    return dict(zip((*AGING_LABELS, UNAPPLIED), (int(v) for v in totals), strict=True))


def days_overdue_open(ledger: Ledger, at: object) -> tuple[float, float]:
    """Mean days overdue of the invoices open and past due at ``at``, plain and weighted by what is owed."""
    at_d = np.asarray(at, dtype="datetime64[D]")
    owed = open_balances(ledger, at_d)
    overdue = (at_d - ledger.due).astype(np.int64)
    mask = (owed > 0) & (overdue > 0) & ledger.measured
    if not mask.any():
        return float("nan"), float("nan")
    return float(overdue[mask].mean()), float((overdue[mask] * owed[mask]).sum() / owed[mask].sum())


def delivery_to_invoice_days(ledger: Ledger, start: object, end: object) -> npt.NDArray[np.float64]:
    """Mean days from delivery to invoice, over invoices issued in each [start, end] with a known delivery."""
    if ledger.delivered is None:
        return np.full(np.shape(_d(start)), np.nan)
    s, e = _d(start), _d(end)
    known = ~np.isnat(ledger.delivered) & ledger.measured
    issued = ledger.issued[known]
    delay = (issued - ledger.delivered[known]).astype(np.int64)
    ones = np.ones(len(issued), np.int64)
    n = _cumulative_at(issued, ones, e) - _cumulative_at(issued, ones, s - 1)
    total = _cumulative_at(issued, delay, e) - _cumulative_at(issued, delay, s - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(n > 0, total / n, np.nan)


def reminders_when_due(
    ledger: Ledger,
    reminder_invoice: object,
    reminder_date: object,
    start: object,
    end: object,
    *,
    delay: int = 7,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Among invoices unpaid at the end of their due date whose reminder fell due
    (due + ``delay`` days) in each [start, end]: the share reminded within
    [due + 1, due + delay], and how many needed one."""
    inv = np.asarray(reminder_invoice, dtype=np.int64)
    when = _d(reminder_date)
    gap = (when - ledger.due[inv]).astype(np.int64) if len(inv) else np.zeros(0, np.int64)
    reminded = np.zeros(len(ledger.amount), bool)
    reminded[inv[(gap >= 1) & (gap <= delay)]] = True
    needs = ledger.measured & (np.isnat(ledger.paid_on) | (ledger.paid_on > ledger.due))
    timeline = _Timeline(ledger.due[needs] + delay)
    n = timeline.within(np.ones(int(needs.sum()), np.int64), _d(start), _d(end))
    ok = timeline.within(reminded[needs].astype(np.int64), _d(start), _d(end))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(n > 0, ok / n, np.nan), n


@dataclass(frozen=True)
class Disputes:
    opened: npt.NDArray[np.int64]
    closed: npt.NDArray[np.int64]
    open_at_end: npt.NDArray[np.int64]
    mean_days_to_close: npt.NDArray[np.float64]


def disputes(opened: object, closed: object, start: object, end: object) -> Disputes:
    """Disputes opened and closed in each [start, end], open at its end, and the mean days
    from opening to closing of those closed in it (``closed`` NaT while open)."""
    o, c = _d(opened), _d(closed)
    s, e = _d(start), _d(end)
    by_open = _Timeline(o)
    ones = np.ones(len(o), np.int64)
    done = ~np.isnat(c)
    by_close = _Timeline(c[done])
    n_open = by_open.within(ones, s, e)
    n_closed = by_close.within(ones[done], s, e)
    still = by_open.upto(ones, e) - by_close.upto(ones[done], e)
    days = by_close.within((c[done] - o[done]).astype(np.int64), s, e)
    with np.errstate(divide="ignore", invalid="ignore"):
        return Disputes(
            opened=n_open,
            closed=n_closed,
            open_at_end=still,
            mean_days_to_close=np.where(n_closed > 0, days / n_closed, np.nan),
        )


def month_bounds(first_month: str | np.datetime64, count: int) -> tuple[Dates, Dates]:
    """First and last day of ``count`` months from ``first_month`` ("2025-01")."""
    months = np.asarray(first_month, dtype="datetime64[M]") + np.arange(count)
    return months.astype("datetime64[D]"), (months + 1).astype("datetime64[D]") - 1
