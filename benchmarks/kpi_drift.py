"""Drift warnings for a whole dashboard: 350 indicators × 36 periods.

Measured: ``drift_all`` (worsening, trend and outlier rules on every row, NumPy for the
series and the robust z-score). Baseline in the same run: plain Python lists, loops and
``statistics.median`` applying the same three rules row by row (the tests' oracle); both
must find the same warnings. Goal: well under 50 ms.
"""

from __future__ import annotations

import math
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pilotage.kpis import drift  # noqa: E402

ROWS = int(os.environ.get("BENCH_KPI_ROWS", "350"))
PERIODS = 36
rng = np.random.default_rng(11)
# Each indicator drifts from its own level with noise; some months are missing, the last
# two are often not filled yet, and a few rows end on a jump.
level = rng.uniform(5, 100, (ROWS, 1))
step = rng.normal(0, 0.6, (ROWS, 1))
matrix = level + step * np.arange(PERIODS) + rng.normal(0, 1.5, (ROWS, PERIODS))
matrix[rng.random((ROWS, PERIODS)) < 0.08] = np.nan
matrix[rng.random(ROWS) < 0.5, -2:] = np.nan
jump = rng.random(ROWS) < 0.05
matrix[jump, -3] += rng.choice([-1, 1], jump.sum()) * 25
directions = rng.choice([drift.HIGHER, drift.LOWER], ROWS)
reds = np.nanmedian(matrix, axis=1) - directions * rng.uniform(0, 15, ROWS)
reds[rng.random(ROWS) < 0.1] = np.nan  # no red threshold

times = []
for _ in range(7):
    t0 = time.perf_counter()
    found = drift.drift_all(matrix, directions=directions, reds=reds)
    times.append(time.perf_counter() - t0)
vectorised = min(times)


# The plain-Python rules, row by row.
def py_rules(values: list[float | None], d: int, red: float | None) -> list[str]:
    known = [i for i, v in enumerate(values) if v is not None]
    if not known:
        return []
    rules = []
    last = known[-1]
    seg = values[last - 3 : last + 1] if last >= 3 else []
    if seg and all(
        a is not None and b is not None and d * (b - a) < 0
        for a, b in zip(seg, seg[1:], strict=False)
    ):
        rules.append("worsening")
    used = [i for i in known if i > last - 6]
    if red is not None and len(used) >= 4 and d * values[last] > d * red:
        ys = [values[i] for i in used]
        mt, my = sum(used) / len(used), sum(ys) / len(ys)
        sxy = sum((t - mt) * (y - my) for t, y in zip(used, ys, strict=True))
        slope = sxy / sum((t - mt) ** 2 for t in used)
        ahead = [round(my + slope * (k - mt), 4) for k in (last + 1, last + 2)]
        if d * slope < 0 and any(d * p <= d * red for p in ahead):
            rules.append("trend")
    if len(known) >= 7:
        history = [values[i] for i in known[:-1]]
        med = statistics.median(history)
        dev = [abs(v - med) for v in history]
        mad = statistics.median(dev)
        mean_ad = sum(dev) / len(dev)
        z = None
        if mad > 0:
            z = 0.6745 * (values[last] - med) / mad
        elif mean_ad > 0:
            z = (values[last] - med) / (1.253314 * mean_ad)
        if z is not None and abs(z) > 3.5:
            rules.append("outlier")
    return rules


py_rows = [[None if math.isnan(v) else v for v in row] for row in matrix.tolist()]
py_dirs = directions.tolist()
py_reds = [None if math.isnan(r) else r for r in reds.tolist()]
times = []
for _ in range(3):
    t0 = time.perf_counter()
    expected = [py_rules(v, d, r) for v, d, r in zip(py_rows, py_dirs, py_reds, strict=True)]
    times.append(time.perf_counter() - t0)
loop = min(times)

assert [[w.rule for w in row] for row in found] == expected, "the two disagree"
fired = sum(len(row) for row in found)
print(
    f"kpi drift: {ROWS} indicators × {PERIODS} periods in {vectorised * 1000:.1f} ms "
    f"({fired} warnings); plain-Python loop {loop * 1000:.1f} ms; ratio {loop / vectorised:.1f}x"
)
