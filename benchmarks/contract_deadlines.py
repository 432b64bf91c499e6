"""The dates of a large contract portfolio: 20,000 contracts, some renewed for decades.

Measured: ``terms.status`` for every contract on one day (current term, notice deadline,
next renewal, end), as the daily alert job and the home page compute them. Baseline in the
same run: walking each contract's cycles one by one from its start until today, the way a
simple implementation would; both must agree. The figure is contracts per second.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pilotage.contracts import terms  # noqa: E402

N = int(os.environ.get("BENCH_CONTRACTS", "20000"))
TODAY = dt.date(2026, 11, 23)
rng = random.Random(8)
portfolio = []
for _ in range(N):
    start = dt.date(1990, 1, 1) + dt.timedelta(days=rng.randrange(0, 36 * 365))
    initial = rng.choice([1, 3, 6, 12, 12, 12, 24, 36])
    renewal = rng.choice([None, None, 1, 12])
    unit = rng.choice(["days", "months"])
    amount = rng.choice([0, 1, 2, 3]) if unit == "months" else rng.choice([0, 15, 30])
    if unit == "months" and amount >= min(initial, renewal or initial):
        amount = 0
    if unit == "days" and amount >= 28 * min(initial, renewal or initial):
        amount = 0
    given = None
    if rng.random() < 0.1 and start < TODAY:  # notice is given in the past, never ahead
        given = start + dt.timedelta(days=rng.randrange(0, (TODAY - start).days + 1))
    portfolio.append(
        terms.Terms(
            start=start,
            initial_months=initial,
            renewal_months=renewal,
            tacit=rng.random() < 0.8,
            notice_amount=amount,
            notice_unit=unit,  # type: ignore[arg-type]
            notice_given_on=given,
        )
    )


def walked(t: terms.Terms, today: dt.date) -> tuple[dt.date, dt.date | None]:
    """(current term's end, ends_on) by walking the cycles from the start."""
    k = 0
    final = None if t.tacit else 0
    while True:
        end = t.cycle_end(k)
        if final is None and t.notice_given_on is not None and t.notice_given_on <= end:
            final = k if t.notice_given_on <= t.deadline(k) else k + 1
        if end >= today or (final is not None and k >= final):
            break
        k += 1
    if final is not None and k > final:
        k = final
    return t.cycle_end(k), (t.cycle_end(final) if final is not None else None)


t0 = time.perf_counter()
fast = [terms.status(t, TODAY) for t in portfolio]
direct = time.perf_counter() - t0
t0 = time.perf_counter()
slow = [walked(t, TODAY) for t in portfolio]
loop = time.perf_counter() - t0
for t, s, (end, ends_on) in zip(portfolio, fast, slow, strict=True):
    assert (s.term_end, s.ends_on) == (end, ends_on), (t, s, end, ends_on)

print(f"contract_deadlines: {N:,} contracts in {direct * 1000:.0f} ms ({N / direct:,.0f}/s)")
print(f"  baseline (cycle by cycle from the start): {loop * 1000:.0f} ms ({N / loop:,.0f}/s)")
print(f"  ratio: {loop / direct:.1f}x faster than the baseline")
