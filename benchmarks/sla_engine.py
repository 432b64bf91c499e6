"""Business-time engine: tickets per second for business_seconds and add_business_seconds.

1,000,000 tickets spread over two years on a working-hours calendar (Monday–Friday
09:00–12:00 and 14:00–18:00, Europe/Paris, French public holidays). Baseline measured in
the same run: a per-ticket loop that walks each ticket day by day, the way GLPI's
`getActiveTimeBetween` or the `businesstimedelta` package do, on a sample of the same
tickets, extrapolated to tickets per second. Goal: ≥ 25 M tickets/s, ≥ 300× the loop.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pilotage.sla.engine import Calendar  # noqa: E402

N = int(os.environ.get("BENCH_SLA_N", "1000000"))
SAMPLE = 2_000
HOURS = {d: [("09:00", "12:00"), ("14:00", "18:00")] for d in range(5)}
ZONE = ZoneInfo("Europe/Paris")


def day_walk(cal: Calendar, start: dt.datetime, end: dt.datetime) -> float:
    """Per-ticket loop: walk each local day from start to end, intersect its hours."""
    total = 0.0
    day = start.astimezone(ZONE).date()
    last = end.astimezone(ZONE).date()
    while day <= last:
        if cal.is_open_day(day):
            for a, b in HOURS.get(day.weekday(), []):
                h1, m1 = map(int, a.split(":"))
                h2, m2 = map(int, b.split(":"))
                lo = dt.datetime(day.year, day.month, day.day, h1, m1, tzinfo=ZONE)
                hi = dt.datetime(day.year, day.month, day.day, h2, m2, tzinfo=ZONE)
                lo, hi = max(lo, start), min(hi, end)
                if hi > lo:
                    total += (hi - lo).total_seconds()
        day += dt.timedelta(days=1)
    return total


def day_walk_add(cal: Calendar, start: dt.datetime, secs: float) -> dt.datetime:
    day = start.astimezone(ZONE).date()
    left = secs
    while True:
        if cal.is_open_day(day):
            for a, b in HOURS.get(day.weekday(), []):
                h1, m1 = map(int, a.split(":"))
                h2, m2 = map(int, b.split(":"))
                lo = max(dt.datetime(day.year, day.month, day.day, h1, m1, tzinfo=ZONE), start)
                hi = dt.datetime(day.year, day.month, day.day, h2, m2, tzinfo=ZONE)
                if hi > lo:
                    span = (hi - lo).total_seconds()
                    if span >= left:
                        return lo + dt.timedelta(seconds=left)
                    left -= span
        day += dt.timedelta(days=1)


def best_of(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    rng = np.random.default_rng(2026)
    base = np.datetime64("2025-01-01T00:00:00", "s").astype(np.int64)
    starts = base + rng.integers(0, 2 * 365 * 86_400, N)
    ends = starts + rng.integers(0, 5 * 86_400, N)
    secs = rng.integers(0, 40 * 3_600, N)
    S, E = starts.astype("datetime64[s]"), ends.astype("datetime64[s]")

    cal = Calendar(HOURS, "Europe/Paris", holidays="FR")
    t0 = time.perf_counter()
    cal.business_seconds(S, E)
    cold = time.perf_counter() - t0
    warm = best_of(lambda: cal.business_seconds(S, E))
    add = best_of(lambda: cal.add_business_seconds(S, secs))

    sample_s = [dt.datetime.fromtimestamp(int(x), dt.UTC) for x in starts[:SAMPLE]]
    sample_e = [dt.datetime.fromtimestamp(int(x), dt.UTC) for x in ends[:SAMPLE]]
    t0 = time.perf_counter()
    loop_values = [day_walk(cal, a, b) for a, b in zip(sample_s, sample_e, strict=True)]
    loop_bs = (time.perf_counter() - t0) / SAMPLE
    t0 = time.perf_counter()
    loop_adds = [
        day_walk_add(cal, a, float(x)) for a, x in zip(sample_s, secs[:SAMPLE], strict=True)
    ]
    loop_add = (time.perf_counter() - t0) / SAMPLE

    # Both ways must agree before their speeds are compared.
    engine_values = cal.business_seconds(S[:SAMPLE], E[:SAMPLE])
    assert np.array_equal(engine_values, np.array(loop_values)), "engine and loop disagree"
    engine_adds = cal.add_business_seconds(S[:SAMPLE], secs[:SAMPLE]).astype(np.int64)
    assert np.array_equal(engine_adds, np.array([int(t.timestamp()) for t in loop_adds])), (
        "add disagrees"
    )

    print(
        f"business_seconds: {N / warm / 1e6:.1f} M tickets/s ({warm * 1e3:.0f} ms for {N:,}; "
        f"{N / cold / 1e6:.1f} M/s with the table built); day-walking loop {1 / loop_bs:,.0f} tickets/s; "
        f"ratio {loop_bs * N / warm:,.0f}x"
    )
    print(
        f"add_business_seconds: {N / add / 1e6:.1f} M tickets/s ({add * 1e3:.0f} ms for {N:,}); "
        f"day-walking loop {1 / loop_add:,.0f} tickets/s; ratio {loop_add * N / add:,.0f}x"
    )


if __name__ == "__main__":
    main()
