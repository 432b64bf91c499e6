"""The comparison of candidates from the reviewers' scores (NumPy, no Django).

Input: ``scores[candidate, criterion, reviewer]``, floats from 0 to 5, NaN where the
reviewer gave no score; ``weights[criterion]``, 0 or more (0: shown, not counted).

Per candidate × criterion: the median over the reviewers who scored, the spread
(highest − lowest) and the number of scores; "the reviewers disagree" where the spread
is 2 points or more. Per candidate: the weighted total on 100 from the medians (criteria
nobody scored are left out, and the coverage says how much of the weight was scored),
each reviewer's own total from their own scores, and a rank (1 = best; candidates with
the same total share a rank, the next rank is skipped; 0 = no total, not ranked).

Every function answers with NaN (or 0) rather than raising on empty or all-NaN input.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

TOP = 5.0  # the best score
DISAGREE = 2.0  # spread (points) from which the reviewers are said to disagree
RANK_DECIMALS = 9  # totals are compared at this precision when ranking


@dataclass(frozen=True)
class Comparison:
    median: Floats  # [candidate, criterion]; NaN when nobody scored
    spread: Floats  # [candidate, criterion]; highest − lowest, NaN when nobody scored
    low: Floats  # [candidate, criterion]; lowest score, NaN when nobody scored
    high: Floats  # [candidate, criterion]; highest score, NaN when nobody scored
    count: Ints  # [candidate, criterion]; number of scores
    disagree: Bools  # [candidate, criterion]; spread >= DISAGREE
    total: Floats  # [candidate]; weighted total on 100, NaN when no counted criterion scored
    coverage: Floats  # [candidate]; share (0–1) of the counted weight that has a median
    reviewer_total: Floats  # [candidate, reviewer]; a reviewer's own total on 100, or NaN
    rank: Ints  # [candidate]; 1 = best, ties share a rank; 0 = not ranked


def _as_scores(scores: Any) -> Floats:
    array = np.asarray(scores, dtype=np.float64)
    if array.ndim != 3:
        raise ValueError(f"scores must be [candidate, criterion, reviewer], got {array.ndim} axes")
    return array


def _as_weights(weights: Any, criteria: int) -> Floats:
    array = np.asarray(weights, dtype=np.float64).reshape(-1)
    if array.size != criteria:
        raise ValueError(f"{array.size} weights for {criteria} criteria")
    if np.isnan(array).any() or (array < 0).any():
        raise ValueError("weights must be 0 or more")
    return array


def spread_stats(scores: Any) -> tuple[Floats, Floats, Floats, Ints]:
    """Median, lowest, highest and count over the last axis, NaN ignored."""
    s = _as_scores(scores)
    count = np.count_nonzero(~np.isnan(s), axis=2).astype(np.int64)
    if s.shape[2] == 0:
        nan = np.full(s.shape[:2], np.nan)
        return nan, nan.copy(), nan.copy(), count
    ordered = np.sort(s, axis=2)  # NaN sorts last
    last = np.maximum(count - 1, 0)[..., None]
    low_i = ((count - 1) // 2).clip(min=0)[..., None]
    high_i = (count // 2)[..., None].clip(max=s.shape[2] - 1)
    lo_mid = np.take_along_axis(ordered, low_i, axis=2)[..., 0]
    hi_mid = np.take_along_axis(ordered, high_i, axis=2)[..., 0]
    none = count == 0
    median = np.where(none, np.nan, (lo_mid + hi_mid) / 2)
    low = np.where(none, np.nan, ordered[..., 0])
    high = np.where(none, np.nan, np.take_along_axis(ordered, last, axis=2)[..., 0])
    return median, low, high, count


def weighted_total(values: Any, weights: Any) -> tuple[Floats, Floats]:
    """Total on 100 of ``values[..., criterion]`` (0–5, NaN left out) with ``weights``, and
    the coverage: the share of the positive weight whose value is known."""
    v = np.asarray(values, dtype=np.float64)
    w = _as_weights(weights, v.shape[-1])
    known = ~np.isnan(v) & (w > 0)
    scored_weight = np.where(known, w, 0.0).sum(axis=-1)
    points = np.where(known, np.nan_to_num(v) * w, 0.0).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        # One division of exact sums: equal ratios give equal totals (ranks are fair).
        total = np.where(scored_weight > 0, points * (100.0 / TOP) / scored_weight, np.nan)
        all_weight = float(w.sum())
        coverage = scored_weight / all_weight if all_weight > 0 else np.zeros_like(scored_weight)
    return np.asarray(total, dtype=np.float64), np.asarray(coverage, dtype=np.float64)


def rank(totals: Any) -> Ints:
    """1 for the best total, ties share a rank and the next one is skipped (1, 1, 3);
    0 for a NaN total."""
    t = np.round(np.asarray(totals, dtype=np.float64).reshape(-1), RANK_DECIMALS)
    known = ~np.isnan(t)
    out = np.zeros(t.size, dtype=np.int64)
    if not known.any():
        return out
    values = t[known]
    # Rank = 1 + how many known totals are strictly higher.
    ordered = np.sort(values)
    higher = values.size - np.searchsorted(ordered, values, side="right")
    out[known] = higher + 1
    return out


def compare(scores: Any, weights: Any) -> Comparison:
    """The whole comparison of ``scores[candidate, criterion, reviewer]``."""
    s = _as_scores(scores)
    w = _as_weights(weights, s.shape[1])
    median, low, high, count = spread_stats(s)
    spread = high - low
    with np.errstate(invalid="ignore"):
        disagree = np.asarray(spread >= DISAGREE, dtype=np.bool_)
    total, coverage = weighted_total(median, w)
    # Each reviewer's own total: criteria on the last axis.
    reviewer_total, _cov = weighted_total(np.moveaxis(s, 2, 1), w)
    return Comparison(
        median=median,
        spread=spread,
        low=low,
        high=high,
        count=count,
        disagree=disagree,
        total=total,
        coverage=coverage,
        reviewer_total=reviewer_total,
        rank=rank(total),
    )
