"""The comparison of a large selection: 40 candidates × 30 criteria × 12 reviewers.

Measured: ``scoring.compare`` (medians, spreads, weighted totals, each reviewer's total,
ranks; NumPy). Baseline in the same run: plain Python lists, loops and ``statistics.median``
computing the same figures cell by cell (the tests' oracle); both must agree. Goal: a few
milliseconds, far under what a page may take.
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
from pilotage.selection import scoring  # noqa: E402

CANDIDATES = int(os.environ.get("BENCH_SELECTION_CANDIDATES", "40"))
CRITERIA, REVIEWERS, REPEAT = 30, 12, 20
rng = np.random.default_rng(7)
# Each candidate has a level, each reviewer a bias; about one score in ten is left empty.
level = rng.uniform(1, 4.5, (CANDIDATES, 1, 1))
bias = rng.normal(0, 0.6, (1, 1, REVIEWERS))
scores = np.clip(
    np.rint(level + bias + rng.normal(0, 0.8, (CANDIDATES, CRITERIA, REVIEWERS))), 0, 5
)
scores[rng.random(scores.shape) < 0.1] = np.nan
weights = rng.integers(0, 11, CRITERIA).astype(float)

times = []
for _ in range(REPEAT):
    t0 = time.perf_counter()
    result = scoring.compare(scores, weights)
    times.append(time.perf_counter() - t0)
vectorised = min(times)


def py_compare(cells: list, w: list[float]):
    medians, totals = [], []
    for rows in cells:
        row = []
        for values in rows:
            known = [v for v in values if v is not None]
            row.append(statistics.median(known) if known else None)
        medians.append(row)
        points = sum(m * x for m, x in zip(row, w, strict=True) if m is not None and x > 0)
        weight = sum(x for m, x in zip(row, w, strict=True) if m is not None and x > 0)
        totals.append(points * 20 / weight if weight else None)
        for r in range(len(rows[0])):
            own = [
                (rows[k][r], w[k]) for k in range(len(rows)) if rows[k][r] is not None and w[k] > 0
            ]
            _ = sum(v * x for v, x in own) * 20 / sum(x for _v, x in own) if own else None
    ranks = [
        0 if t is None else 1 + sum(1 for o in totals if o is not None and o > t) for t in totals
    ]
    return medians, totals, ranks


cells = [
    [[None if math.isnan(v) else v for v in reviewers] for reviewers in criteria]
    for criteria in scores.tolist()
]
py_weights = weights.tolist()
times = []
for _ in range(3):
    t0 = time.perf_counter()
    medians, totals, ranks = py_compare(cells, py_weights)
    times.append(time.perf_counter() - t0)
loop = min(times)

flat = [m for row in medians for m in row]
assert all(
    (m is None and math.isnan(x)) or m == x
    for m, x in zip(flat, result.median.ravel().tolist(), strict=True)
), "the medians disagree"
assert all(
    (t is None and math.isnan(x)) or math.isclose(t, x)
    for t, x in zip(totals, result.total.tolist(), strict=True)
), "the totals disagree"
assert ranks == result.rank.tolist(), "the ranks disagree"
print(
    f"selection scoring: {CANDIDATES} candidates × {CRITERIA} criteria × {REVIEWERS} reviewers in "
    f"{vectorised * 1000:.2f} ms (best of {REPEAT}); plain-Python loop {loop * 1000:.1f} ms; "
    f"ratio {loop / vectorised:.1f}x"
)
