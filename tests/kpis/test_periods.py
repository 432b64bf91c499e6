"""Weeks, months and quarters named by their first day (pure date arithmetic)."""

from __future__ import annotations

import datetime as dt

import pytest

from pilotage.kpis import periods
from pilotage.kpis.periods import MONTHLY, QUARTERLY, WEEKLY

D = dt.date


# --- the period holding a day -----------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "frequency", "start"),
    [
        (D(2026, 1, 1), WEEKLY, D(2025, 12, 29)),  # a Thursday: its week began the year before
        (D(2026, 1, 4), WEEKLY, D(2025, 12, 29)),  # Sunday: still that week
        (D(2026, 1, 5), WEEKLY, D(2026, 1, 5)),  # Monday starts the week (as in France)
        (D(2026, 11, 23), MONTHLY, D(2026, 11, 1)),
        (D(2026, 12, 31), MONTHLY, D(2026, 12, 1)),
        (D(2026, 3, 31), QUARTERLY, D(2026, 1, 1)),
        (D(2026, 4, 1), QUARTERLY, D(2026, 4, 1)),
        (D(2026, 12, 31), QUARTERLY, D(2026, 10, 1)),
    ],
)
def test_it_finds_the_first_day_of_the_period_holding_a_day(day, frequency, start):
    assert periods.start_of(day, frequency) == start
    assert periods.is_start(start, frequency)


def test_a_day_inside_a_period_does_not_start_it():
    assert not periods.is_start(D(2026, 11, 2), MONTHLY)
    assert not periods.is_start(D(2026, 11, 1), QUARTERLY)
    assert not periods.is_start(D(2026, 11, 1), WEEKLY)  # a Sunday


def test_an_unknown_frequency_is_refused():
    with pytest.raises(ValueError):
        periods.start_of(D(2026, 1, 1), "yearly")


# --- moving across periods --------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "frequency", "count", "expected"),
    [
        (D(2026, 12, 1), MONTHLY, 1, D(2027, 1, 1)),
        (D(2026, 1, 1), MONTHLY, -1, D(2025, 12, 1)),
        (D(2026, 1, 1), MONTHLY, -13, D(2024, 12, 1)),
        (D(2026, 1, 1), MONTHLY, 24, D(2028, 1, 1)),
        (D(2026, 10, 1), QUARTERLY, 1, D(2027, 1, 1)),
        (D(2026, 1, 1), QUARTERLY, -1, D(2025, 10, 1)),
        (D(2026, 1, 1), QUARTERLY, -5, D(2024, 10, 1)),
        (D(2025, 12, 29), WEEKLY, 1, D(2026, 1, 5)),
        (D(2026, 1, 5), WEEKLY, -2, D(2025, 12, 22)),
        (D(2026, 12, 28), WEEKLY, 1, D(2027, 1, 4)),
    ],
)
def test_it_shifts_across_year_ends(start, frequency, count, expected):
    assert periods.shift(start, frequency, count) == expected


@pytest.mark.parametrize(
    ("start", "frequency", "end"),
    [
        (D(2026, 12, 1), MONTHLY, D(2026, 12, 31)),
        (D(2026, 2, 1), MONTHLY, D(2026, 2, 28)),
        (D(2024, 2, 1), MONTHLY, D(2024, 2, 29)),  # leap year
        (D(2026, 4, 1), MONTHLY, D(2026, 4, 30)),
        (D(2026, 10, 1), QUARTERLY, D(2026, 12, 31)),
        (D(2026, 1, 1), QUARTERLY, D(2026, 3, 31)),
        (D(2025, 12, 29), WEEKLY, D(2026, 1, 4)),  # a week across the new year
    ],
)
def test_it_finds_the_last_day_of_a_period(start, frequency, end):
    assert periods.end_of(start, frequency) == end


def test_the_periods_between_two_days_include_both_ends():
    assert periods.between(D(2025, 11, 15), D(2026, 2, 3), MONTHLY) == [
        D(2025, 11, 1),
        D(2025, 12, 1),
        D(2026, 1, 1),
        D(2026, 2, 1),
    ]
    assert periods.between(D(2025, 12, 30), D(2026, 1, 6), WEEKLY) == [
        D(2025, 12, 29),
        D(2026, 1, 5),
    ]
    assert periods.between(D(2026, 2, 1), D(2026, 1, 1), MONTHLY) == []


def test_the_last_periods_end_with_the_current_one_oldest_first():
    assert periods.last_n(D(2026, 1, 15), MONTHLY, 3) == [
        D(2025, 11, 1),
        D(2025, 12, 1),
        D(2026, 1, 1),
    ]
    assert periods.last_n(D(2026, 2, 10), QUARTERLY, 2) == [D(2025, 10, 1), D(2026, 1, 1)]
    assert len(periods.last_n(D(2026, 11, 23), WEEKLY, 36)) == 36


# --- ISO weeks --------------------------------------------------------------------------


def test_week_1_of_2026_starts_on_29_december_2025():
    assert periods.iso_week(D(2025, 12, 29)) == (2026, 1)
    assert periods.parse("2026-W01", WEEKLY) == D(2025, 12, 29)
    assert periods.parse("S1 2026", WEEKLY) == D(2025, 12, 29)


def test_2026_has_a_week_53_and_2025_has_none():
    # 2026 starts on a Thursday, so it has 53 ISO weeks; 2025 (starting on a Wednesday) 52.
    assert periods.parse("2026-W53", WEEKLY) == D(2026, 12, 28)
    assert periods.iso_week(D(2026, 12, 28)) == (2026, 53)
    assert periods.parse("2025-W53", WEEKLY) is None
    assert periods.parse("S53 2025", WEEKLY) is None
    assert periods.parse("2026-W54", WEEKLY) is None
    assert periods.parse("2026-W00", WEEKLY) is None


# --- periods written by people ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "frequency", "expected"),
    [
        ("2026-11", MONTHLY, D(2026, 11, 1)),
        ("11/2026", MONTHLY, D(2026, 11, 1)),
        ("2026/11", MONTHLY, D(2026, 11, 1)),
        ("2026-11-01", MONTHLY, D(2026, 11, 1)),
        ("2026-11-15", MONTHLY, D(2026, 11, 1)),  # any day inside the month
        ("15/11/2026", MONTHLY, D(2026, 11, 1)),
        (" 11/2026 ", MONTHLY, D(2026, 11, 1)),
        ("2026-W47", WEEKLY, D(2026, 11, 16)),
        ("2026-w47", WEEKLY, D(2026, 11, 16)),
        ("S47 2026", WEEKLY, D(2026, 11, 16)),
        ("2026-11-19", WEEKLY, D(2026, 11, 16)),  # the Thursday of that week
        ("2026-Q4", QUARTERLY, D(2026, 10, 1)),
        ("2026-q1", QUARTERLY, D(2026, 1, 1)),
        ("T4 2026", QUARTERLY, D(2026, 10, 1)),
        ("Q2 2026", QUARTERLY, D(2026, 4, 1)),
        ("2026-10", QUARTERLY, D(2026, 10, 1)),  # a month that starts a quarter
        ("15/11/2026", QUARTERLY, D(2026, 10, 1)),  # a day inside it
    ],
)
def test_it_reads_a_period_as_people_write_it(text, frequency, expected):
    assert periods.parse(text, frequency) == expected


@pytest.mark.parametrize(
    ("text", "frequency"),
    [
        ("", MONTHLY),
        (None, MONTHLY),
        ("   ", MONTHLY),
        ("hello", MONTHLY),
        ("2026-13", MONTHLY),
        ("2026-02-30", MONTHLY),
        ("13/2026", MONTHLY),
        ("S47 2026", MONTHLY),  # a week is not a month
        ("T4 2026", MONTHLY),
        ("2026-Q4", MONTHLY),
        ("2026-11", WEEKLY),  # a month is not a week
        ("11/2026", WEEKLY),
        ("T4 2026", WEEKLY),
        ("2026-11", QUARTERLY),  # November starts no quarter
        ("11/2026", QUARTERLY),
        ("2026-12", QUARTERLY),
        ("2026-Q5", QUARTERLY),
        ("T0 2026", QUARTERLY),
        ("S47 2026", QUARTERLY),
        ("Q4", QUARTERLY),
        ("2026-W", WEEKLY),
    ],
)
def test_a_text_naming_no_period_of_the_frequency_gives_none(text, frequency):
    assert periods.parse(text, frequency) is None


def test_an_iso_week_names_no_month():
    assert periods.parse("S1 2026", MONTHLY) is None
    assert periods.parse("2026-W01", MONTHLY) is None


# --- when values fall due ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "frequency", "due_days", "due"),
    [
        (D(2026, 10, 1), MONTHLY, 5, D(2026, 11, 5)),
        (D(2026, 12, 1), MONTHLY, 5, D(2027, 1, 5)),  # across the year end
        (D(2026, 2, 1), MONTHLY, 0, D(2026, 2, 28)),
        (D(2026, 10, 1), QUARTERLY, 0, D(2026, 12, 31)),
        (D(2026, 10, 1), QUARTERLY, 15, D(2027, 1, 15)),
        (D(2025, 12, 29), WEEKLY, 3, D(2026, 1, 7)),
        (D(2026, 1, 1), MONTHLY, 60, D(2026, 4, 1)),
    ],
)
def test_values_are_due_some_days_after_the_period_ends(start, frequency, due_days, due):
    assert periods.due_on(start, frequency, due_days) == due
