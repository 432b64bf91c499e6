"""The calendar of a pilot: months, the default ramp-up, where a day falls."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pilotage.pilots import plan

D = dt.date


@pytest.mark.parametrize(
    ("day", "count", "expected"),
    [
        (D(2026, 9, 1), 3, D(2026, 12, 1)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 11, 15), 2, D(2027, 1, 15)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
    ],
)
def test_it_adds_months_keeping_inside_short_months(day, count, expected):
    assert plan.add_months(day, count) == expected


@pytest.mark.parametrize(
    ("months", "shares"),
    [(1, [100]), (2, [50, 100]), (3, [33, 66, 100]), (4, [25, 50, 75, 100]), (0, [])],
)
def test_the_default_ramp_up_climbs_evenly_to_the_whole_volume(months, shares):
    assert plan.default_shares(months) == shares


@given(st.integers(min_value=1, max_value=12))
def test_the_default_ramp_up_never_goes_down_and_ends_at_100(months):
    shares = plan.default_shares(months)
    assert len(shares) == months
    assert shares[-1] == 100
    assert not plan.share_problems(list(shares))


def test_it_names_each_wrong_share():
    assert plan.share_problems([50, 30, 120, None, 100]) == {
        1: "decreasing",
        2: "range",
        3: "missing",
    }


def test_three_months_from_the_first_of_september_end_on_the_30th_of_november():
    assert plan.default_end(D(2026, 9, 1)) == D(2026, 11, 30)


@pytest.mark.parametrize(
    ("day", "state", "number", "month"),
    [
        (D(2026, 8, 20), plan.BEFORE, 0, 0),
        (D(2026, 9, 1), plan.RUNNING, 1, 1),
        (D(2026, 10, 14), plan.RUNNING, 44, 2),
        (D(2026, 10, 15), plan.RUNNING, 45, 2),
        (D(2026, 11, 30), plan.RUNNING, 91, 3),
        (D(2026, 12, 1), plan.ENDED, 91, 4),
    ],
)
def test_it_tells_where_a_day_falls_in_the_pilot(day, state, number, month):
    found = plan.progress(D(2026, 9, 1), D(2026, 11, 30), day)
    assert (found.state, found.day, found.month) == (state, number, month)
    assert found.days == 91


def test_a_ramp_up_month_starts_on_the_pilots_day_of_the_month():
    start = D(2026, 9, 15)
    assert plan.progress(start, D(2026, 12, 14), D(2026, 10, 14)).month == 1
    assert plan.progress(start, D(2026, 12, 14), D(2026, 10, 15)).month == 2
    assert plan.progress(start, D(2026, 12, 14), D(2026, 8, 1)).days_to_start == 45
