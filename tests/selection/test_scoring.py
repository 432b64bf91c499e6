"""The comparison engine against a plain-Python oracle (statistics.median, exact fractions),
on arrays hypothesis draws with gaps; and the cases a reader checks by hand."""

from __future__ import annotations

import math
import statistics
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pilotage.selection import scoring

NAN = float("nan")


# --- oracle -----------------------------------------------------------------------------


def o_total(values, weights):
    """Total on 100 (exact) and coverage of one row of 0–5 values (None: not scored)."""
    counted = [(v, w) for v, w in zip(values, weights, strict=True) if w > 0]
    known = [(v, w) for v, w in counted if v is not None]
    all_weight = sum(w for _v, w in counted)
    scored_weight = sum(w for _v, w in known)
    coverage = Fraction(scored_weight, all_weight) if all_weight else Fraction(0)
    if not scored_weight:
        return None, coverage
    points = sum(Fraction(v) * w for v, w in known)
    return points * 20 / scored_weight, coverage


def oracle(scores, weights):
    n_c = len(scores)
    n_k = len(weights)
    medians, spreads, counts, totals, coverages, own = [], [], [], [], [], []
    for c in range(n_c):
        row_m, row_s, row_n = [], [], []
        for k in range(n_k):
            given_ = [v for v in scores[c][k] if v is not None]
            row_n.append(len(given_))
            row_m.append(statistics.median(given_) if given_ else None)
            row_s.append(max(given_) - min(given_) if given_ else None)
        medians.append(row_m)
        spreads.append(row_s)
        counts.append(row_n)
        total, coverage = o_total(row_m, weights)
        totals.append(total)
        coverages.append(coverage)
        reviewers = len(scores[c][0]) if n_k else 0
        own.append(
            [o_total([scores[c][k][r] for k in range(n_k)], weights)[0] for r in range(reviewers)]
        )
    ranks = [
        0 if t is None else 1 + sum(1 for o in totals if o is not None and o > t) for t in totals
    ]
    return medians, spreads, counts, totals, coverages, own, ranks


def as_array(scores, shape):
    out = np.full(shape, np.nan)
    for c, rows in enumerate(scores):
        for k, cells in enumerate(rows):
            for r, v in enumerate(cells):
                if v is not None:
                    out[c, k, r] = v
    return out


def same(value, expected):
    if expected is None:
        return math.isnan(value)
    return math.isclose(value, float(expected), rel_tol=1e-12, abs_tol=1e-12)


@st.composite
def sheets(draw):
    n_c = draw(st.integers(0, 5))
    n_k = draw(st.integers(0, 6))
    n_r = draw(st.integers(0, 5))
    cell = st.one_of(st.none(), st.integers(0, 5))
    scores = [[[draw(cell) for _ in range(n_r)] for _ in range(n_k)] for _ in range(n_c)]
    weights = [draw(st.integers(0, 10)) for _ in range(n_k)]
    return scores, weights, (n_c, n_k, n_r)


@settings(max_examples=300, deadline=None)
@given(sheets())
def test_the_comparison_matches_the_plain_python_oracle(drawn):
    scores, weights, shape = drawn
    result = scoring.compare(as_array(scores, shape), weights)
    medians, spreads, counts, totals, coverages, own, ranks = oracle(scores, weights)
    n_c, n_k, n_r = shape
    for c in range(n_c):
        for k in range(n_k):
            assert same(result.median[c, k], medians[c][k])
            assert same(result.spread[c, k], spreads[c][k])
            assert result.count[c, k] == counts[c][k]
            assert bool(result.disagree[c, k]) == (spreads[c][k] is not None and spreads[c][k] >= 2)
        assert same(result.total[c], totals[c])
        assert same(result.coverage[c], coverages[c])
        for r in range(n_r if n_k else 0):
            assert same(result.reviewer_total[c, r], own[c][r])
    assert result.rank.tolist() == ranks


@settings(max_examples=100, deadline=None)
@given(sheets())
def test_totals_stay_between_0_and_100_and_the_best_is_ranked_first(drawn):
    scores, weights, shape = drawn
    result = scoring.compare(as_array(scores, shape), weights)
    known = result.total[~np.isnan(result.total)]
    assert ((known >= 0) & (known <= 100)).all()
    if known.size:
        assert (result.rank == 1).any()
        best = np.nanargmax(result.total)
        assert result.rank[best] == 1
    assert ((result.coverage >= 0) & (result.coverage <= 1)).all()


# --- by hand ------------------------------------------------------------------------------


def test_nothing_scored_gives_no_median_no_total_and_no_rank():
    result = scoring.compare(np.full((2, 3, 2), np.nan), [3, 3, 2])
    assert np.isnan(result.median).all() and np.isnan(result.spread).all()
    assert result.count.tolist() == [[0, 0, 0], [0, 0, 0]]
    assert np.isnan(result.total).all()
    assert result.coverage.tolist() == [0.0, 0.0]
    assert result.rank.tolist() == [0, 0]
    assert not result.disagree.any()


def test_one_reviewer_gives_their_scores_as_medians_with_no_spread():
    scores = np.array([[[4.0], [2.0]]])  # 1 candidate, 2 criteria, 1 reviewer
    result = scoring.compare(scores, [1, 1])
    assert result.median.tolist() == [[4.0, 2.0]]
    assert result.spread.tolist() == [[0.0, 0.0]]
    assert result.total.tolist() == [60.0]  # (4 + 2) / 10 × 100
    assert result.reviewer_total.tolist() == [[60.0]]
    assert result.rank.tolist() == [1]


def test_the_median_of_an_even_number_of_reviewers_is_the_middle_of_the_two():
    result = scoring.compare(np.array([[[1.0, 5.0, 4.0, NAN]]]), [1])
    assert result.median[0, 0] == 4.0  # 1, 4, 5
    result = scoring.compare(np.array([[[1.0, 5.0, 4.0, 2.0]]]), [1])
    assert result.median[0, 0] == 3.0  # 1, 2, 4, 5
    assert (result.low[0, 0], result.high[0, 0], result.spread[0, 0]) == (1.0, 5.0, 4.0)


def test_reviewers_disagree_from_two_points_apart():
    result = scoring.compare(np.array([[[3.0, 5.0], [3.0, 4.0]]]), [1, 1])
    assert result.disagree.tolist() == [[True, False]]


def test_a_criterion_weighted_zero_is_shown_but_not_counted():
    scores = np.array([[[5.0], [0.0]]])
    result = scoring.compare(scores, [2, 0])
    assert result.median.tolist() == [[5.0, 0.0]]
    assert result.total.tolist() == [100.0]
    assert result.coverage.tolist() == [1.0]


def test_all_weights_zero_give_no_total():
    result = scoring.compare(np.array([[[5.0], [3.0]]]), [0, 0])
    assert np.isnan(result.total).all()
    assert result.coverage.tolist() == [0.0]
    assert result.rank.tolist() == [0]


def test_a_criterion_nobody_scored_is_left_out_and_the_coverage_says_so():
    scores = np.array([[[4.0], [NAN]]])
    result = scoring.compare(scores, [3, 1])
    assert result.total.tolist() == [80.0]  # 4 / 5 on the only criterion scored
    assert result.coverage.tolist() == [0.75]


def test_price_counts_without_deciding_alone():
    # Two candidates: the cheap one (5 on price) is weak elsewhere.
    weights = [3, 3, 2, 3, 2, 2]  # expertise, references, method, understanding, durability, price
    strong = [[4.0], [4.0], [4.0], [4.0], [4.0], [2.0]]
    cheap = [[2.0], [2.0], [2.0], [2.0], [2.0], [5.0]]
    result = scoring.compare(np.array([strong, cheap]), weights)
    assert result.rank.tolist() == [1, 2]


def test_ties_share_a_rank_and_the_next_is_skipped():
    scores = np.array([[[4.0]], [[3.0]], [[4.0]], [[NAN]], [[2.0]]])
    result = scoring.compare(scores, [1])
    assert result.rank.tolist() == [1, 3, 1, 0, 4]


def test_equal_ratios_on_different_coverage_tie():
    # 3/5 on a weight of 2 and 3/5 on a weight of 4 (the other criterion unscored): 60 both.
    scores = np.array([[[3.0], [NAN]], [[3.0], [3.0]]])
    result = scoring.compare(scores, [2, 2])
    assert result.total.tolist() == [60.0, 60.0]
    assert result.rank.tolist() == [1, 1]


def test_each_reviewer_has_their_own_total():
    scores = np.array([[[5.0, 1.0], [5.0, NAN]]])
    result = scoring.compare(scores, [1, 1])
    assert result.reviewer_total.tolist() == [[100.0, 20.0]]


@pytest.mark.parametrize("shape", [(0, 0, 0), (0, 3, 2), (2, 0, 2), (2, 3, 0)])
def test_empty_axes_do_not_crash(shape):
    result = scoring.compare(np.full(shape, np.nan), [1] * shape[1])
    assert result.median.shape == shape[:2]
    assert result.rank.shape == (shape[0],)


def test_bad_shapes_and_weights_are_refused():
    with pytest.raises(ValueError):
        scoring.compare(np.zeros((2, 3)), [1, 1, 1])
    with pytest.raises(ValueError):
        scoring.compare(np.zeros((1, 2, 1)), [1])
    with pytest.raises(ValueError):
        scoring.compare(np.zeros((1, 2, 1)), [1, -1])
