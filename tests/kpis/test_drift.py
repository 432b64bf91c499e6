"""Colour state and drift warnings on hand-worked series (the arithmetic in the comments)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from pilotage.kpis import drift as d
from pilotage.kpis.drift import HIGHER, LOWER, DriftWarning

NAN = float("nan")


# --- state ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (95, "green"),  # 95 >= 90
        (90, "green"),  # == target: met
        (85, "amber"),  # 80 < 85 < 90
        (80, "red"),  # == red: at the threshold
        (79, "red"),  # beyond it
    ],
)
def test_state_higher_is_better(value, expected):
    # Paid on time: target 90 %, red 80 %.
    assert d.state(value, target=90, red=80, direction=HIGHER) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (40, "green"),  # 40 <= 45
        (45, "green"),  # == target
        (50, "amber"),  # 45 < 50 < 60
        (60, "red"),  # == red
        (70, "red"),
    ],
)
def test_state_lower_is_better(value, expected):
    # DSO: target 45 days, red 60 days.
    assert d.state(value, target=45, red=60, direction=LOWER) == expected


def test_state_when_target_equals_red():
    # No amber band: the target wins at the boundary, anything worse is red.
    assert d.state(90, target=90, red=90, direction=HIGHER) == "green"
    assert d.state(89.9, target=90, red=90, direction=HIGHER) == "red"
    assert d.state(45, target=45, red=45, direction=LOWER) == "green"
    assert d.state(45.1, target=45, red=45, direction=LOWER) == "red"


def test_state_without_red_has_no_red_band():
    assert d.state(10, target=90, red=None, direction=HIGHER) == "amber"
    assert d.state(500, target=45, red=None, direction=LOWER) == "amber"
    assert d.state(90, target=90, red=None, direction=HIGHER) == "green"
    assert d.state(10, target=90, red=NAN, direction=HIGHER) == "amber"


def test_state_without_value_or_target():
    assert d.state(None, target=90, red=80, direction=HIGHER) is None
    assert d.state(NAN, target=90, red=80, direction=HIGHER) is None
    assert d.state(85, target=None, red=80, direction=HIGHER) is None


def test_a_direction_other_than_higher_or_lower_is_refused():
    with pytest.raises(ValueError):
        d.state(1, target=1, red=0, direction=0)


# --- worsening --------------------------------------------------------------------------


def test_worsening_fires_on_four_strictly_worse_values():
    # Paid on time 92 > 90 > 87 > 85: three periods in a row getting worse.
    w = d.worsening([95, 92, 90, 87, 85], direction=HIGHER)
    assert w == DriftWarning("worsening", (1, 2, 3, 4), (92.0, 90.0, 87.0, 85.0))


def test_worsening_lower_is_better():
    # DSO 50 < 52 < 54 < 56: rising days are worse.
    w = d.worsening([50, 52, 54, 56], direction=LOWER)
    assert w is not None and w.positions == (0, 1, 2, 3)
    # The same rise is an improvement when higher is better.
    assert d.worsening([50, 52, 54, 56], direction=HIGHER) is None


def test_worsening_not_on_a_tie():
    # 92 > 90 = 90 > 85: the flat step is not "worse".
    assert d.worsening([92, 90, 90, 85], direction=HIGHER) is None


def test_worsening_not_with_a_gap_inside_the_run():
    # The last four periods are 90, —, 87, 85: the missing one breaks the run.
    assert d.worsening([95, 92, 90, None, 87, 85], direction=HIGHER) is None
    assert d.worsening(np.array([95, 92, 90, NAN, 87, 85]), direction=HIGHER) is None


def test_worsening_skips_trailing_periods_not_filled_yet():
    # The latest known value is 85 (index 3); the two empty months after it do not count.
    w = d.worsening([92, 90, 87, 85, None, None], direction=HIGHER)
    assert w is not None
    assert w.positions == (0, 1, 2, 3)
    assert w.values == (92.0, 90.0, 87.0, 85.0)


def test_worsening_needs_run_plus_one_values():
    assert d.worsening([90, 87, 85], direction=HIGHER) is None  # only two steps
    assert d.worsening([90, 87, 85], direction=HIGHER, run=2) is not None
    assert d.worsening([], direction=HIGHER) is None
    assert d.worsening([None, None], direction=HIGHER) is None


# --- trend ------------------------------------------------------------------------------


def test_trend_projects_to_red():
    # DSO 50, 52, 54, 56 at x = 0..3: mean x 1.5, mean y 53;
    # Sxy = (-1.5)(-3) + (-0.5)(-1) + (0.5)(1) + (1.5)(3) = 10, Sxx = 2.25+0.25+0.25+2.25 = 5,
    # slope 2 days a month. Next two: 53 + 2 × (4 - 1.5) = 58, 53 + 2 × (5 - 1.5) = 60 = red.
    w = d.trend([50, 52, 54, 56], direction=LOWER, red=60)
    assert w == DriftWarning(
        "trend", (0, 1, 2, 3), (50.0, 52.0, 54.0, 56.0), projected=(58.0, 60.0)
    )


def test_trend_silent_when_the_projection_stays_short_of_red():
    # Same line, red 61: 58 and 60 both stay below it.
    assert d.trend([50, 52, 54, 56], direction=LOWER, red=61) is None
    # With a third period ahead, 62 would reach it.
    w = d.trend([50, 52, 54, 56], direction=LOWER, red=61, horizon=3)
    assert w is not None and w.projected == (58.0, 60.0, 62.0)


def test_trend_silent_when_already_red():
    # 56 is already at/beyond red 56: the state shows it, no "before" warning.
    assert d.trend([50, 52, 54, 56], direction=LOWER, red=56) is None
    assert d.trend([50, 52, 54, 56], direction=LOWER, red=55) is None


def test_trend_silent_when_the_slope_improves():
    # DSO 56, 54, 52, 50: slope -2, improving when lower is better.
    assert d.trend([56, 54, 52, 50], direction=LOWER, red=60) is None
    # Paid on time 90, 88, 86, 84, red 80: slope -2, projections 82, 80 → fires.
    w = d.trend([90, 88, 86, 84], direction=HIGHER, red=80)
    assert w is not None and w.projected == (82.0, 80.0)


def test_trend_silent_on_a_flat_line():
    # 15, 5, 5, 15: dy = 5, -5, -5, 5 against dx = -1.5, -0.5, 0.5, 1.5, Sxy = 0, slope 0.
    # The line sits at the mean, 10 = red, but it does not go the worse way: no warning.
    assert d.trend([15, 5, 5, 15], direction=HIGHER, red=10) is None


def test_trend_needs_min_points_known_values():
    assert d.trend([52, 54, 56], direction=LOWER, red=60) is None  # 3 < 4
    assert d.trend([50, None, 54, 56], direction=LOWER, red=60) is None  # 3 known
    assert d.trend([54, 56], direction=LOWER, red=60, min_points=2) is not None
    assert d.trend([], direction=LOWER, red=60) is None
    assert d.trend([None] * 8, direction=LOWER, red=60) is None
    assert d.trend([50, 52, 54, 56], direction=LOWER, red=None) is None


def test_trend_keeps_the_spacing_of_gaps():
    # DSO 50, 52, —, 56, 58 at x = 0, 1, 3, 4: mean x 2, mean y 54;
    # Sxy = (-2)(-4) + (-1)(-2) + (1)(2) + (2)(4) = 20, Sxx = 4 + 1 + 1 + 4 = 10, slope 2.
    # Next two (x = 5, 6): 54 + 2 × 3 = 60, 54 + 2 × 4 = 62.
    # (Closing the gap, x = 0..3, would give slope 2.8 and 61, 63.8.)
    w = d.trend([50, 52, None, 56, 58], direction=LOWER, red=62)
    assert w is not None
    assert w.positions == (0, 1, 3, 4)
    assert w.projected == (60.0, 62.0)
    assert d.trend([50, 52, None, 56, 58], direction=LOWER, red=62.5) is None


def test_trend_uses_the_window_ending_at_the_latest_known_value():
    # Window 6 ending at index 7 (two empty periods after it): indices 2..7, 30 and 20 left out.
    # Values 50, 52, 54, 56, 58, 60 at x = 2..7: slope 2, next two 62, 64; red 64 → fires.
    values = [30, 20, 50, 52, 54, 56, 58, 60, None, None]
    w = d.trend(values, direction=LOWER, red=64)
    assert w is not None
    assert w.positions == (2, 3, 4, 5, 6, 7)
    assert w.projected == (62.0, 64.0)


# --- outlier ----------------------------------------------------------------------------


def test_outlier_on_the_worked_example():
    # History 10, 11, 9, 10, 12, 10: sorted 9 10 10 10 11 12, median 10;
    # deviations 0 1 1 0 2 0, sorted 0 0 0 1 1 2, MAD 0.5.
    # Latest 20: z = 0.6745 × (20 - 10) / 0.5 = 13.49 > 3.5.
    w = d.outlier([10, 11, 9, 10, 12, 10, 20])
    assert w is not None
    assert w.score == pytest.approx(13.49)
    assert w.positions == (0, 1, 2, 3, 4, 5, 6)
    assert w.values == (10.0, 11.0, 9.0, 10.0, 12.0, 10.0, 20.0)
    # Leads: higher is better, so a jump up is unusual but not worse.
    assert w.worse is False
    # DSO: lower is better, so the same jump is worse.
    assert d.outlier([10, 11, 9, 10, 12, 10, 20], direction=LOWER).worse is True
    # A drop to 0 leads: z = 0.6745 × (0 - 10) / 0.5 = -13.49, worse when higher is better.
    drop = d.outlier([10, 11, 9, 10, 12, 10, 0], direction=HIGHER)
    assert drop.score == pytest.approx(-13.49) and drop.worse is True


def test_outlier_below_the_threshold():
    # Latest 12: z = 0.6745 × 2 / 0.5 = 2.698 <= 3.5.
    assert d.outlier([10, 11, 9, 10, 12, 10, 12]) is None


def test_outlier_falls_back_on_the_mean_absolute_deviation_when_the_mad_is_zero():
    # History 10, 10, 10, 10, 12, 8: median 10; deviations 0 0 0 0 2 2, MAD 0.
    # Mean absolute deviation 4 / 6 = 0.6667; 1.253314 × 0.6667 = 0.835543.
    # Latest 14: z = (14 - 10) / 0.835543 = 4.787 > 3.5.
    w = d.outlier([10, 10, 10, 10, 12, 8, 14])
    assert w is not None
    assert w.score == pytest.approx(4 / (1.253314 * 4 / 6))
    assert round(w.score, 3) == 4.787
    # Latest 12: z = 2 / 0.835543 = 2.394 <= 3.5.
    assert d.outlier([10, 10, 10, 10, 12, 8, 12]) is None


def test_outlier_none_on_a_constant_history():
    # MAD 0 and mean absolute deviation 0: no scale to measure against.
    assert d.outlier([10, 10, 10, 10, 10, 10, 50]) is None


def test_outlier_needs_min_history_known_values_before_the_latest():
    assert d.outlier([10, 11, 9, 10, 12, 20]) is None  # 5 earlier values
    assert d.outlier([10, 11, 9, None, 10, 12, 20]) is None  # still 5 known
    # Trailing and inner gaps are skipped: 6 known before 20, positions skip index 3.
    w = d.outlier([10, 11, 9, None, 10, 12, 10, 20, None])
    assert w is not None and w.positions == (0, 1, 2, 4, 5, 6, 7)
    assert d.outlier([]) is None
    assert d.outlier([None, None]) is None


# --- warnings and drift_all -------------------------------------------------------------


def test_warnings_in_rule_order():
    # DSO 40, 41, 40, 42, 41, 40, 44, 48, 52, red 54.
    # Worsening: 40 < 44 < 48 < 52.
    # Trend over x = 3..8 (42 41 40 44 48 52): mean x 5.5, mean y 44.5; Sxy = 6.25 + 5.25
    # + 2.25 - 0.25 + 5.25 + 18.75 = 37.5, Sxx = 17.5, slope 2.142857; next two 52 and
    # 54.1429 >= 54 while 52 is not red yet.
    # Outlier: history sorted 40 40 40 41 41 42 44 48, median 41; deviations sorted
    # 0 0 1 1 1 1 3 7, MAD 1; z = 0.6745 × (52 - 41) / 1 = 7.42, on the worse side.
    values = [40, 41, 40, 42, 41, 40, 44, 48, 52]
    found = d.warnings(values, direction=LOWER, red=54)
    assert [w.rule for w in found] == ["worsening", "trend", "outlier"]
    assert found[1].projected == (52.0, 54.1429)
    assert found[2].score == pytest.approx(7.4195) and found[2].worse
    # Red 55: the line stops short of it.
    assert [w.rule for w in d.warnings(values, direction=LOWER, red=55)] == [
        "worsening",
        "outlier",
    ]
    assert d.warnings([], direction=LOWER, red=60) == []
    assert d.warnings([None, None], direction=LOWER, red=None) == []


def test_drift_all_loops_over_the_rows():
    matrix = np.array(
        [
            [50, 52, 54, 56, NAN],  # DSO, red 60: worsening and trend
            [90, 90, 90, 90, 90],  # paid on time, red 80: flat
            [NAN, NAN, NAN, NAN, NAN],  # not filled yet
        ]
    )
    found = d.drift_all(matrix, directions=np.array([LOWER, HIGHER, HIGHER]), reds=[60, 80, NAN])
    assert [[w.rule for w in row] for row in found] == [["worsening", "trend"], [], []]
    assert found[0] == d.warnings(matrix[0], direction=LOWER, red=60)
    assert d.drift_all(np.empty((0, 36)), directions=[], reds=[]) == []
    assert d.drift_all([], directions=[], reds=[]) == []


def test_inputs_of_any_kind():
    assert d.worsening((92.0, 90.0, 87.0, 85.0), direction=HIGHER) is not None
    assert d.worsening(np.array([92, 90, 87, 85]), direction=HIGHER) is not None
    obj = np.array([92, 90, None, 87, 85], dtype=object)
    assert d.worsening(obj, direction=HIGHER) is None
    w = d.trend(np.array([50, 52, None, 56, 58], dtype=object), direction=LOWER, red=62)
    assert w is not None and all(not math.isnan(v) for v in w.values)
