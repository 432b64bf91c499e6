"""Colour state and drift warnings of an indicator's series (NumPy, no Django).

A series holds one indicator's values per period (week, month or quarter), oldest first,
NaN (or None) for a period without one. An indicator has a direction (``HIGHER`` or
``LOWER`` is better), a target (green when met) and a red threshold on the worse side.
Rules: ``worsening`` (periods in a row each worse), ``trend`` (a line through the recent
values reaches red soon), ``outlier`` (the latest value far from the earlier ones). Every
function answers None (or []) rather than raising on empty, short or all-NaN input.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

HIGHER: int = 1  # higher is better
LOWER: int = -1  # lower is better

Floats = npt.NDArray[np.float64]
Indices = npt.NDArray[np.intp]
Values = Sequence[float | None] | npt.NDArray[Any]

# Iglewicz & Hoaglin's modified z-score: 0.6745 * (x - median) / MAD. When the MAD is 0
# (more than half the history is one value), the mean absolute deviation stands in for it,
# scaled by sqrt(pi / 2) = 1.253314 (its ratio to the standard deviation of a normal law).
MAD_SCALE = 0.6745
MEAN_AD_SCALE = 1.253314
PROJECTION_DECIMALS = 4  # projections are rounded, then compared with red as shown
# Default settings of the rules (those `warnings` uses).
RUN, HORIZON, WINDOW, MIN_POINTS = 3, 2, 6, 4
THRESHOLD, MIN_HISTORY = 3.5, 6


@dataclass(frozen=True)
class DriftWarning:
    """One rule that fired on a series."""

    rule: str  # "worsening" | "trend" | "outlier"
    positions: tuple[int, ...]  # indices into the given series of the values looked at
    values: tuple[float, ...]  # those values
    projected: tuple[float, ...] = ()  # trend only: the next `horizon` periods on the line
    score: float | None = None  # outlier only: signed robust z-score of the latest value
    worse: bool = True  # outlier only: False when the unusual value is on the good side


def _series(values: Values) -> Floats:
    """The values as a 1-D float array, None turned into NaN."""
    if isinstance(values, np.ndarray) and values.dtype != object:
        return np.asarray(values, dtype=np.float64).reshape(-1)
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64).reshape(-1)


def _sign(direction: int) -> int:
    d = int(direction)
    if d not in (HIGHER, LOWER):
        raise ValueError(f"direction must be HIGHER (1) or LOWER (-1), not {direction!r}")
    return d


def _median(sorted_values: Floats) -> float:
    """Median of sorted values (cheaper than np.median on the short series met here)."""
    n = sorted_values.size
    mid = n // 2
    if n % 2:
        return float(sorted_values[mid])
    return float((sorted_values[mid - 1] + sorted_values[mid]) / 2)


def state(
    value: float | None, *, target: float | None, red: float | None, direction: int
) -> str | None:
    """Colour of one value: "green", "amber" or "red"; None without a value or a target.

    Green when the target is met (inclusive); red when the value is at or beyond the red
    threshold and not green; amber otherwise (always amber rather than red when red is None).
    """
    d = _sign(direction)
    if value is None or target is None or math.isnan(value) or math.isnan(target):
        return None
    if d * value >= d * target:
        return "green"
    if red is not None and not math.isnan(red) and d * value <= d * red:
        return "red"
    return "amber"


def worsening(values: Values, *, direction: int, run: int = RUN) -> DriftWarning | None:
    """The latest known value and the `run` before it, each strictly worse than the last."""
    d, x = _sign(direction), _series(values)
    known = np.flatnonzero(~np.isnan(x))
    if run < 1 or known.size == 0:
        return None
    # Trailing NaNs are periods not filled yet: the run ends at the latest known value.
    last = int(known[-1])
    first = last - run
    if first < 0:
        return None
    segment = x[first : last + 1].tolist()
    # A NaN inside the run gives a NaN step, and NaN < 0 is False: a gap breaks the run.
    if not all(d * (b - a) < 0 for a, b in zip(segment, segment[1:], strict=False)):
        return None
    return DriftWarning("worsening", tuple(range(first, last + 1)), tuple(segment))


def trend(
    values: Values,
    *,
    direction: int,
    red: float | None,
    horizon: int = HORIZON,
    window: int = WINDOW,
    min_points: int = MIN_POINTS,
) -> DriftWarning | None:
    """A line through the recent values that reaches red within `horizon` periods.

    Least squares over the known values among the last `window` periods ending at the latest
    known one; x is the period index, so a gap keeps its width. Silent when the latest value
    is already red (the state shows it), or when the line does not go the worse way.
    """
    d, x = _sign(direction), _series(values)
    known = np.flatnonzero(~np.isnan(x))
    if red is None or math.isnan(red) or known.size == 0:
        return None
    last = int(known[-1])
    start = max(last - window + 1, 0)
    # y == y is False for NaN only: the gaps drop out, their periods keep their index.
    pairs = [(t, y) for t, y in enumerate(x[start : last + 1].tolist(), start) if y == y]
    if len(pairs) < max(min_points, 2):  # a line needs two points whatever min_points says
        return None
    used, ys = [t for t, _ in pairs], [y for _, y in pairs]
    if d * ys[-1] <= d * red:
        return None
    # A handful of points: plain floats are quicker here than NumPy's per-call overhead.
    n = len(used)
    t_mean, y_mean = sum(used) / n, sum(ys) / n
    sxy = sum((t - t_mean) * (y - y_mean) for t, y in zip(used, ys, strict=True))
    slope = sxy / sum((t - t_mean) ** 2 for t in used)
    if d * slope >= 0:
        return None
    projected = tuple(
        round(y_mean + slope * (t - t_mean), PROJECTION_DECIMALS)
        for t in range(last + 1, last + horizon + 1)
    )
    if not any(d * p <= d * red for p in projected):
        return None
    return DriftWarning("trend", tuple(used), tuple(ys), projected=projected)


def outlier(
    values: Values,
    *,
    threshold: float = THRESHOLD,
    min_history: int = MIN_HISTORY,
    direction: int = HIGHER,
) -> DriftWarning | None:
    """The latest known value far from the known values before it (modified z-score)."""
    d, x = _sign(direction), _series(values)
    known = np.flatnonzero(~np.isnan(x))
    if known.size < max(min_history, 1) + 1:
        return None
    history = x[known[:-1]]
    latest = float(x[known[-1]])
    median = _median(np.sort(history))
    deviations = np.abs(history - median)
    mad = _median(np.sort(deviations))
    if mad > 0:
        z = MAD_SCALE * (latest - median) / mad
    else:
        mean_ad = float(deviations.sum()) / deviations.size
        if mean_ad == 0:  # a constant history: any change would be infinitely unusual
            return None
        z = (latest - median) / (MEAN_AD_SCALE * mean_ad)
    if not abs(z) > threshold:
        return None
    worse = d * (latest - median) < 0
    return DriftWarning(
        "outlier", tuple(known.tolist()), tuple(x[known].tolist()), score=z, worse=worse
    )


def warnings(values: Values, *, direction: int, red: float | None) -> list[DriftWarning]:
    """Every rule that fires, in the order worsening, trend, outlier (default settings)."""
    x = _series(values)
    found = (
        worsening(x, direction=direction),
        trend(x, direction=direction, red=red),
        outlier(x, direction=direction),
    )
    return [w for w in found if w is not None]


def drift_all(
    matrix: npt.ArrayLike, *, directions: npt.ArrayLike, reds: npt.ArrayLike
) -> list[list[DriftWarning]]:
    """`warnings` for each row of a dashboard (rows = indicators; NaN in `reds`: no red).

    A screen over the whole matrix drops the rows no rule can fire on; the others go through
    `warnings`, so every answer is exactly the row's own.
    """
    m = np.asarray(matrix, dtype=np.float64)
    if m.size == 0 and m.ndim < 2:
        return []
    if m.ndim != 2:
        raise ValueError(f"matrix must be 2-D (indicators × periods), not {m.ndim}-D")
    ds = np.asarray(directions, dtype=np.float64).reshape(-1)
    rs = np.asarray(reds, dtype=np.float64).reshape(-1)
    if not len(ds) == len(rs) == len(m) or not np.isin(ds, (HIGHER, LOWER)).all():
        raise ValueError("one direction (HIGHER or LOWER) and one red (or NaN) per row")
    found: list[list[DriftWarning]] = [[] for _ in range(len(m))]
    if m.shape[1] == 0:
        return found
    for i in np.flatnonzero(_screen(m, ds, rs)).tolist():
        red = None if math.isnan(rs[i]) else float(rs[i])
        found[i] = warnings(m[i], direction=int(ds[i]), red=red)
    return found


def _screen(m: Floats, d: Floats, red: Floats) -> npt.NDArray[np.bool_]:
    """Rows where a rule may fire with the default settings, all rows at once.

    Worsening is decided exactly; trend and outlier with margins wider than any float
    rounding (and the projections' 4 decimals), so a row is never dropped wrongly.
    """
    n, p = m.shape
    rows = np.arange(n)
    known = ~np.isnan(m)
    last = p - 1 - np.argmax(known[:, ::-1], axis=1)
    latest = m[rows, last]

    def back(k: int) -> tuple[Floats, Indices]:
        """The k periods ending at each row's latest known value (NaN before the first)."""
        t = last[:, None] + np.arange(1 - k, 1)
        return np.where(t >= 0, m[rows[:, None], np.maximum(t, 0)], np.nan), t

    with np.errstate(all="ignore"):  # rows with too few values give NaN, compared as False
        run, _ = back(RUN + 1)
        worsening = np.all(d[:, None] * np.diff(run, axis=1) < 0, axis=1)

        y, t = back(WINDOW)
        w = ~np.isnan(y)
        count = w.sum(axis=1)
        t_mean = np.where(w, t, 0).sum(axis=1) / count
        y_mean = np.where(w, y, 0).sum(axis=1) / count
        dt = np.where(w, t - t_mean[:, None], 0)
        slope = (dt * np.where(w, y - y_mean[:, None], 0)).sum(axis=1) / (dt * dt).sum(axis=1)
        furthest = y_mean + slope * (last + HORIZON - t_mean)  # the worst on a worse slope
        tol = 1e-9 * (1 + np.where(w, np.abs(y), 0).max(axis=1) + np.abs(red))
        trend = (count >= MIN_POINTS) & (d * latest > d * red) & (d * slope < tol)
        trend &= d * furthest <= d * red + 1e-3 + tol  # 1e-3 > the 4 decimals' rounding

        history = np.where(np.arange(p) < last[:, None], m, np.nan)
        k = (~np.isnan(history)).sum(axis=1)
        median = _medians(np.sort(history, axis=1), k)
        deviations = np.abs(history - median[:, None])
        mad = _medians(np.sort(deviations, axis=1), k)
        mean_ad = np.where(np.isnan(deviations), 0, deviations).sum(axis=1) / k
        z = (latest - median) / np.where(mad > 0, mad / MAD_SCALE, MEAN_AD_SCALE * mean_ad)
        outlier = (k >= MIN_HISTORY) & ~(np.abs(z) <= THRESHOLD * (1 - 1e-9))  # NaN: keep
    return known.any(axis=1) & (worsening | trend | outlier)


def _medians(sorted_rows: Floats, k: Indices) -> Floats:
    """Median of the first k values of each sorted row (NaNs sort last)."""
    rows = np.arange(len(sorted_rows))
    low = sorted_rows[rows, np.maximum((k - 1) // 2, 0)]
    return (low + sorted_rows[rows, k // 2]) / 2
