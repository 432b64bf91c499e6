"""The business-time engine on hand-worked cases.

Every expected value below is worked out by hand from the specification (the
comments show the arithmetic). The cases that only involve numbers run twice:
against the engine and against the oracle of tests/sla/oracle.py, so the oracle
used by the property tests is itself checked against hand-worked answers.
"""

from __future__ import annotations

import datetime as dt
import signal
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from pilotage.sla.engine import Calendar

from .oracle import OracleNumpy

PARIS = ZoneInfo("Europe/Paris")
UTC = dt.UTC
H = 3600
DAY_7H = 7 * H  # 09:00-12:00 + 14:00-18:00
OFFICE = {d: [("09:00", "12:00"), ("14:00", "18:00")] for d in range(5)}  # Monday-Friday
ALWAYS = {d: [("00:00", "24:00")] for d in range(7)}
NAT = np.datetime64("NaT", "s")


def paris(*args) -> np.datetime64:
    """A Paris wall-clock time (never ambiguous nor missing here) as UTC datetime64[s]."""
    local = dt.datetime(*args, tzinfo=PARIS)
    return np.datetime64(local.astimezone(UTC).replace(tzinfo=None), "s")


def utc(*args) -> np.datetime64:
    return np.datetime64(dt.datetime(*args), "s")


@pytest.fixture(params=["engine", "oracle"])
def make(request):
    return Calendar if request.param == "engine" else OracleNumpy


def bs(cal, a, b) -> float:
    """business_seconds of one pair, through the array interface."""
    [value] = np.asarray(cal.business_seconds(np.array([a]), np.array([b]))).tolist()
    return value


def add(cal, start, secs) -> np.datetime64:
    [value] = np.asarray(cal.add_business_seconds(np.array([start]), [secs]))
    return value


@contextmanager
def time_limit(seconds: int):
    """Fail instead of hanging: an endless loop becomes a TimeoutError."""

    def fire(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, fire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# -- the shape of a working day ---------------------------------------------


def test_lunch_break_is_not_counted(make):
    cal = make(OFFICE, "Europe/Paris", holidays="FR")
    # Monday 2 March 2026: 11:00-12:00 and 14:00-15:00
    assert bs(cal, paris(2026, 3, 2, 11), paris(2026, 3, 2, 15)) == 2 * H
    assert bs(cal, paris(2026, 3, 2, 12, 15), paris(2026, 3, 2, 13, 45)) == 0
    # 11:30 + 1 h: 30 min before lunch, 30 min after
    assert add(cal, paris(2026, 3, 2, 11, 30), H) == paris(2026, 3, 2, 14, 30)
    # started during lunch, the clock starts at 14:00
    assert add(cal, paris(2026, 3, 2, 12, 30), 1) == paris(2026, 3, 2, 14, 0, 1)


def test_reversed_bounds_give_the_negative(make):
    cal = make(OFFICE, "Europe/Paris", holidays="FR")
    assert bs(cal, paris(2026, 3, 2, 15), paris(2026, 3, 2, 11)) == -2 * H


def test_deadline_ending_exactly_at_closing_time_is_the_closing_instant(make):
    cal = make(OFFICE, "Europe/Paris", holidays="FR")
    monday = (2026, 3, 2)
    assert add(cal, paris(*monday, 17), H) == paris(*monday, 18)  # not Tuesday 09:00
    assert add(cal, paris(*monday, 11), H) == paris(*monday, 12)  # not 14:00
    assert add(cal, paris(*monday, 9), DAY_7H) == paris(*monday, 18)
    # one second more does spill over to the next opening
    assert add(cal, paris(*monday, 17), H + 1) == paris(2026, 3, 3, 9, 0, 1)
    assert add(cal, paris(*monday, 11), H + 1) == paris(*monday, 14, 0, 1)


def test_adding_zero_is_the_start_itself_even_when_closed(make):
    cal = make(OFFICE, "Europe/Paris", holidays="FR")
    for start in (
        paris(2026, 3, 2, 10, 17, 3),  # open
        paris(2026, 3, 2, 18),  # closing instant
        paris(2026, 3, 2, 12, 30),  # lunch
        paris(2026, 3, 7, 15),  # Saturday
        paris(2026, 5, 1, 10),  # Labour Day
    ):
        assert add(cal, start, 0) == start


def test_24_00_end_closes_at_the_next_local_midnight(make):
    cal = make({0: [("20:00", "24:00")]}, "Europe/Paris")  # Monday evenings only
    # Monday 2 March 2026 20:00 CET -> Tuesday 00:00 CET = Monday 23:00Z
    assert bs(cal, paris(2026, 3, 2, 20), paris(2026, 3, 3, 0)) == 4 * H
    assert paris(2026, 3, 3, 0) == utc(2026, 3, 2, 23)
    assert add(cal, paris(2026, 3, 2, 20), 4 * H) == utc(2026, 3, 2, 23)
    assert add(cal, paris(2026, 3, 2, 20), 4 * H + 1) == paris(2026, 3, 9, 20, 0, 1)
    assert bs(cal, paris(2026, 3, 2, 0), paris(2026, 3, 9, 0)) == 4 * H


def test_seconds_in_hours(make):
    cal = make({d: [("09:00:30", "17:59:59")] for d in range(5)}, "UTC")
    assert bs(cal, utc(2026, 3, 2), utc(2026, 3, 3)) == 9 * H - 31
    assert add(cal, utc(2026, 3, 2, 8), 1) == utc(2026, 3, 2, 9, 0, 31)


# -- weekends, holidays, closures ---------------------------------------------


def test_ticket_spanning_a_weekend(make):
    cal = make(OFFICE, "Europe/Paris", holidays="FR")
    # Friday 6 March 2026 16:00 -> Monday 9 March 10:00: 2 h + 1 h
    assert bs(cal, paris(2026, 3, 6, 16), paris(2026, 3, 9, 10)) == 3 * H
    assert add(cal, paris(2026, 3, 6, 16), 3 * H) == paris(2026, 3, 9, 10)
    # started on Saturday: Monday 09:00 is the start of the clock
    assert add(cal, paris(2026, 3, 7, 11), 1) == paris(2026, 3, 9, 9, 0, 1)


def test_holiday_falling_on_a_sunday_changes_nothing(make):
    # All Saints' Day, Sunday 1 November 2026; Monday 2 November is an ordinary day
    with_fr = make(OFFICE, "Europe/Paris", holidays="FR")
    without = make(OFFICE, "Europe/Paris", holidays=None)
    a, b = paris(2026, 10, 30, 9), paris(2026, 11, 3, 9)  # Friday + Monday
    assert bs(with_fr, a, b) == bs(without, a, b) == 2 * DAY_7H
    assert add(with_fr, paris(2026, 10, 30, 17), 2 * H) == paris(2026, 11, 2, 10)


def test_holiday_falling_on_a_weekday_is_skipped(make):
    # Bastille Day, Tuesday 14 July 2026
    cal = make(OFFICE, "Europe/Paris", holidays="FR")
    assert bs(cal, paris(2026, 7, 14), paris(2026, 7, 15)) == 0
    assert bs(make(OFFICE, "Europe/Paris"), paris(2026, 7, 14), paris(2026, 7, 15)) == DAY_7H
    # Monday 17:00 + 2 h: 1 h on Monday, Tuesday skipped, 1 h on Wednesday
    assert add(cal, paris(2026, 7, 13, 17), 2 * H) == paris(2026, 7, 15, 10)
    assert bs(cal, paris(2026, 7, 13, 17), paris(2026, 7, 15, 10)) == 2 * H


def test_29_february_2028_is_an_ordinary_tuesday(make):
    cal = make(OFFICE, "Europe/Paris", holidays="FR")
    assert bs(cal, paris(2028, 2, 28, 18), paris(2028, 3, 1, 9)) == DAY_7H
    assert add(cal, paris(2028, 2, 28, 17), 2 * H) == paris(2028, 2, 29, 10)
    # closed on 29 February: Monday 17:00 + 2 h lands on Wednesday 1 March
    closed = make(OFFICE, "Europe/Paris", holidays="FR", extra_closed_days=[dt.date(2028, 2, 29)])
    assert add(closed, paris(2028, 2, 28, 17), 2 * H) == paris(2028, 3, 1, 10)


@pytest.mark.parametrize("subdivision", ["57", "6AE"])
def test_alsace_moselle_closed_on_good_friday_and_26_december(make, subdivision):
    # Good Friday, Friday 3 April 2026: a holiday in Alsace-Moselle only
    alsace = make(OFFICE, "Europe/Paris", holidays="FR", subdivision=subdivision)
    france = make(OFFICE, "Europe/Paris", holidays="FR")
    day = paris(2026, 4, 3), paris(2026, 4, 4)
    assert bs(alsace, *day) == 0
    assert bs(france, *day) == DAY_7H
    # Saint Stephen's Day, Saturday 26 December 2026: seen with Saturday mornings open
    saturdays = {**OFFICE, 5: [("09:00", "12:00")]}
    alsace = make(saturdays, "Europe/Paris", holidays="FR", subdivision=subdivision)
    france = make(saturdays, "Europe/Paris", holidays="FR")
    day = paris(2026, 12, 26), paris(2026, 12, 27)
    assert bs(alsace, *day) == 0
    assert bs(france, *day) == 3 * H
    # Christmas, Friday 25 December, closed in both
    christmas = paris(2026, 12, 25), paris(2026, 12, 26)
    assert bs(alsace, *christmas) == bs(france, *christmas) == 0


def test_la_reunion_in_its_own_zone_closed_on_20_december(make):
    # Abolition of slavery, Friday 20 December 2024 in La Réunion (UTC+4)
    cal = make(OFFICE, "Indian/Reunion", holidays="FR", subdivision="974")
    france = make(OFFICE, "Indian/Reunion", holidays="FR")
    a, b = utc(2024, 12, 19, 20), utc(2024, 12, 20, 20)  # local 00:00 -> 24:00
    assert bs(cal, a, b) == 0
    assert bs(france, a, b) == DAY_7H
    # Thursday 19 December 17:00 local (13:00Z) + 2 h -> Monday 23 December 10:00 local
    assert add(cal, utc(2024, 12, 19, 13), 2 * H) == utc(2024, 12, 23, 6)


def test_whit_monday_worked_through_extra_open_days(make):
    # Whit Monday, 25 May 2026: a public holiday, worked anyway
    day = paris(2026, 5, 25), paris(2026, 5, 26)
    assert bs(make(OFFICE, "Europe/Paris", holidays="FR"), *day) == 0
    worked = make(OFFICE, "Europe/Paris", holidays="FR", extra_open_days=[dt.date(2026, 5, 25)])
    assert bs(worked, *day) == DAY_7H
    # Friday 22 May 17:00 + 2 h -> Monday 25 May 10:00 instead of Tuesday 10:00
    assert add(worked, paris(2026, 5, 22, 17), 2 * H) == paris(2026, 5, 25, 10)


def test_extra_open_day_without_weekday_hours_stays_closed(make):
    # Saturday 7 March 2026 "open": Saturday has no hours, so nothing opens
    cal = make(OFFICE, "Europe/Paris", holidays="FR", extra_open_days=[dt.date(2026, 3, 7)])
    assert bs(cal, paris(2026, 3, 7), paris(2026, 3, 8)) == 0


def test_extra_closed_bridge_day(make):
    # Ascension Thursday 14 May 2026 is a holiday; the company bridges Friday 15 May
    france = make(OFFICE, "Europe/Paris", holidays="FR")
    bridge = make(OFFICE, "Europe/Paris", holidays="FR", extra_closed_days=[dt.date(2026, 5, 15)])
    thu_fri = paris(2026, 5, 14), paris(2026, 5, 16)
    assert bs(france, *thu_fri) == DAY_7H
    assert bs(bridge, *thu_fri) == 0
    # Wednesday 13 May 17:00 + 2 h -> Monday 18 May 10:00
    assert add(bridge, paris(2026, 5, 13, 17), 2 * H) == paris(2026, 5, 18, 10)
    assert add(france, paris(2026, 5, 13, 17), 2 * H) == paris(2026, 5, 15, 10)


def test_extra_closed_wins_over_extra_open(make):
    both = [dt.date(2026, 5, 15), dt.date(2026, 5, 14)]
    cal = make(
        OFFICE,
        "Europe/Paris",
        holidays="FR",
        extra_closed_days=both,
        extra_open_days=both,
    )
    assert bs(cal, paris(2026, 5, 14), paris(2026, 5, 16)) == 0
    # on an ordinary Monday too
    cal = make(
        OFFICE,
        "Europe/Paris",
        extra_closed_days=[dt.date(2026, 3, 2)],
        extra_open_days=[dt.date(2026, 3, 2)],
    )
    assert bs(cal, paris(2026, 3, 2), paris(2026, 3, 3)) == 0


def test_large_add_of_2000_business_hours_lands_on_the_right_day(make):
    # 8 h a day, Monday-Friday: 2,000 h = 250 working days = 50 weeks
    hours = {d: [("09:00", "17:00")] for d in range(5)}
    start = paris(2026, 1, 5, 9)  # Monday
    plain = make(hours, "Europe/Paris")
    # the 250th working day is Friday 18 December 2026
    assert add(plain, start, 2000 * H) == paris(2026, 12, 18, 17)
    # French weekday holidays in between: 6 Apr, 1 May, 8 May, 14 May, 25 May,
    # 14 Jul, 11 Nov -> 7 more working days after 18 Dec, Christmas Friday skipped:
    # 21, 22, 23, 24, 28, 29, 30 December
    france = make(hours, "Europe/Paris", holidays="FR")
    deadline = add(france, start, 2000 * H)
    assert deadline == paris(2026, 12, 30, 17)
    assert bs(france, start, deadline) == 2000 * H
    assert add(france, start, 2000 * H + 1) == paris(2026, 12, 31, 9, 0, 1)


# -- daylight saving ---------------------------------------------------------


def test_24_7_calendar_across_both_2026_paris_dst_changes(make):
    cal = make(ALWAYS, "Europe/Paris")
    # Sunday 29 March 2026: 00:00 CET (23:00Z) -> Monday 00:00 CEST (22:00Z): 23 h
    assert bs(cal, paris(2026, 3, 29), paris(2026, 3, 30)) == 23 * H
    # Sunday 25 October 2026: 00:00 CEST (22:00Z) -> Monday 00:00 CET (23:00Z): 25 h
    assert bs(cal, paris(2026, 10, 25), paris(2026, 10, 26)) == 25 * H
    # open all the time: business time is elapsed time
    assert add(cal, utc(2026, 3, 29, 0, 30), H) == utc(2026, 3, 29, 1, 30)
    assert add(cal, utc(2026, 10, 25, 0, 30), 3 * H) == utc(2026, 10, 25, 3, 30)
    # a calendar open on Sundays only: the whole week holds just that one day
    sundays = make({6: [("00:00", "24:00")]}, "Europe/Paris")
    assert bs(sundays, utc(2026, 3, 23), utc(2026, 3, 31)) == 23 * H
    assert bs(sundays, utc(2026, 10, 19), utc(2026, 10, 27)) == 25 * H
    assert bs(sundays, utc(2026, 3, 16), utc(2026, 3, 24)) == 24 * H


def test_interval_crossing_the_moment_of_a_dst_change(make):
    cal = make({d: [("01:00", "04:00")] for d in range(7)}, "Europe/Paris")
    # 29 March 2026: 01:00 CET = 00:00Z, 04:00 CEST = 02:00Z: 2 real hours
    assert bs(cal, paris(2026, 3, 29), paris(2026, 3, 30)) == 2 * H
    assert add(cal, paris(2026, 3, 29), H) == utc(2026, 3, 29, 1)  # 03:00 CEST
    assert add(cal, paris(2026, 3, 29), 2 * H) == utc(2026, 3, 29, 2)  # closing, 04:00 CEST
    # 25 October 2026: 01:00 CEST = 23:00Z on the 24th, 04:00 CET = 03:00Z: 4 real hours
    assert bs(cal, paris(2026, 10, 25), paris(2026, 10, 26)) == 4 * H
    # an ordinary day: 3 hours
    assert bs(cal, paris(2026, 3, 28), paris(2026, 3, 29)) == 3 * H


def test_missing_and_ambiguous_local_times_use_fold_0(make):
    cal = make({6: [("02:30", "05:00")]}, "Europe/Paris")  # Sundays
    # 29 March 2026: 02:30 does not exist, read with the offset before the gap
    # (+01:00): 01:30Z (= 03:30 CEST); 05:00 CEST = 03:00Z -> 1.5 h
    assert bs(cal, paris(2026, 3, 29), paris(2026, 3, 30)) == 1.5 * H
    assert add(cal, utc(2026, 3, 29, 0), 1) == utc(2026, 3, 29, 1, 30, 1)
    # 25 October 2026: 02:30 happens twice, the first one (CEST): 00:30Z;
    # 05:00 CET = 04:00Z -> 3.5 h
    assert bs(cal, paris(2026, 10, 25), paris(2026, 10, 26)) == 3.5 * H
    assert add(cal, utc(2026, 10, 24, 23), 1) == utc(2026, 10, 25, 0, 30, 1)


def test_hours_inside_the_spring_gap_hold_no_instant(make):
    # 02:30 -> 01:30Z and 03:00 (CEST) -> 01:00Z on 29 March 2026: the interval
    # 02:30-03:00 read literally runs backwards, so that Sunday is closed.
    cal = make({6: [("02:30", "03:00")]}, "Europe/Paris")
    assert bs(cal, paris(2026, 3, 29), paris(2026, 3, 30)) == 0
    assert bs(cal, paris(2026, 3, 22), paris(2026, 3, 23)) == H / 2
    assert add(cal, paris(2026, 3, 28), 1) == paris(2026, 4, 5, 2, 30, 1)


def test_interval_after_the_spring_gap_stays_open(make):
    # Sundays 02:15-02:30 and 03:00-03:30 in Paris. On 29 March 2026 the first
    # interval does not exist; read with the offset before the gap (+01:00) it
    # is 01:15Z-01:30Z. The second one exists for real: 03:00-03:30 CEST is
    # 01:00Z-01:30Z, and a ticket opened at 03:05 CEST lands in open hours.
    # The open instants are 01:00Z-01:30Z, 30 minutes (45 if the overlap were
    # counted twice, never 15).
    cal = make({6: [("02:15", "02:30"), ("03:00", "03:30")]}, "Europe/Paris")
    assert bs(cal, paris(2026, 3, 29), paris(2026, 3, 30)) == 30 * 60
    assert bs(cal, utc(2026, 3, 29, 1, 0), utc(2026, 3, 29, 1, 15)) == 15 * 60
    assert add(cal, utc(2026, 3, 29, 1, 5), 60) == utc(2026, 3, 29, 1, 6)
    assert add(cal, paris(2026, 3, 28), 1) == utc(2026, 3, 29, 1, 0, 1)
    # an ordinary Sunday: 15 + 30 minutes
    assert bs(cal, paris(2026, 3, 22), paris(2026, 3, 23)) == 45 * 60


def test_new_york_and_lord_howe_dst(make):
    # New York, Sunday 8 March 2026: 02:00 EST -> 03:00 EDT; 00:00-24:00 lasts 23 h
    ny = make({6: [("00:00", "24:00")]}, "America/New_York")
    assert bs(ny, utc(2026, 3, 8, 5), utc(2026, 3, 9, 4)) == 23 * H
    # Lord Howe, Sunday 5 October 2025: 02:00 (+10:30) -> 02:30 (+11): 23.5 h
    lh = make({6: [("00:00", "24:00")]}, "Australia/Lord_Howe")
    assert bs(lh, utc(2025, 10, 1), utc(2025, 10, 8)) == 23.5 * H
    # Lord Howe, Sunday 5 April 2026: 02:00 (+11) -> 01:30 (+10:30): 24.5 h
    assert bs(lh, utc(2026, 4, 1), utc(2026, 4, 8)) == 24.5 * H


def test_kathmandu_quarter_hour_offset(make):
    cal = make(OFFICE, "Asia/Kathmandu")  # +05:45
    # Monday 2 March 2026 09:00 local = 03:15Z
    assert add(cal, utc(2026, 3, 2), 1) == utc(2026, 3, 2, 3, 15, 1)
    assert bs(cal, utc(2026, 3, 2, 3, 15), utc(2026, 3, 2, 12, 15)) == DAY_7H


# -- inputs and outputs --------------------------------------------------------


def test_inputs_are_floored_to_the_whole_second(make):
    cal = make({d: [("09:00", "17:00")] for d in range(5)}, "UTC")
    a = np.array(["2026-03-02T09:00:00.999999999"], dtype="datetime64[ns]")
    b = np.array(["2026-03-02T09:00:01.999"], dtype="datetime64[ms]")
    assert np.asarray(cal.business_seconds(a, b)).tolist() == [1.0]
    b = np.array(["2026-03-02T08:59:59.999999"], dtype="datetime64[us]")
    assert np.asarray(cal.business_seconds(a, b)).tolist() == [0.0]
    out = cal.add_business_seconds(a, [0])
    assert np.asarray(out).tolist() == [dt.datetime(2026, 3, 2, 9)]
    # coarse units too
    days = np.array(["2026-03-02", "2026-03-03"], dtype="datetime64[D]")
    minutes = np.array(["2026-03-02T10:30", "2026-03-03T09:01"], dtype="datetime64[m]")
    assert np.asarray(cal.business_seconds(days, minutes)).tolist() == [5400.0, 60.0]


def test_aware_datetimes_in_any_zone(make):
    cal = make(OFFICE, "Europe/Paris", holidays="FR")
    starts = [
        dt.datetime(2026, 3, 2, 11, tzinfo=PARIS),
        dt.datetime(2026, 3, 2, 10, 0, 0, 999_999, tzinfo=UTC),  # 11:00:00.999999 Paris
        dt.datetime(2026, 3, 2, 5, tzinfo=ZoneInfo("America/New_York")),  # 11:00 Paris
    ]
    ends = [dt.datetime(2026, 3, 2, 15, tzinfo=PARIS)] * 3
    assert np.asarray(cal.business_seconds(starts, ends)).tolist() == [2.0 * H] * 3
    out = np.asarray(cal.add_business_seconds(starts, [H, H, H]))
    assert out.tolist() == [dt.datetime(2026, 3, 2, 11, 0)] * 3  # 12:00 Paris, closing


def test_result_types(make):
    cal = make(OFFICE, "Europe/Paris", holidays="FR")
    out = np.asarray(
        cal.business_seconds(np.array([paris(2026, 3, 2)]), np.array([paris(2026, 3, 3)]))
    )
    assert out.dtype == np.float64
    out = np.asarray(cal.add_business_seconds(np.array([paris(2026, 3, 2)]), [60]))
    assert out.dtype == np.dtype("datetime64[s]")


def test_scalar_start_broadcast_over_many_ends(make):
    cal = make(OFFICE, "Europe/Paris", holidays="FR")
    start = paris(2026, 3, 2, 9)  # a numpy scalar
    ends = np.array(
        [
            [paris(2026, 3, 2, 9), paris(2026, 3, 2, 10), paris(2026, 3, 2, 13)],
            [paris(2026, 3, 2, 18), paris(2026, 3, 6, 18), paris(2026, 3, 1, 18)],
        ]
    )
    out = np.asarray(cal.business_seconds(start, ends))
    assert out.shape == (2, 3)
    # last: Sunday 1 March 18:00 to Monday 09:00 holds no open hour -> -0
    assert out.tolist() == [[0, H, 3 * H], [DAY_7H, 5 * DAY_7H, 0]]
    deadlines = np.asarray(cal.add_business_seconds(start, [0, H, 3 * H, DAY_7H, 5 * DAY_7H]))
    assert deadlines.shape == (5,)
    assert deadlines.tolist() == [
        v.astype(object)
        for v in (
            paris(2026, 3, 2, 9),
            paris(2026, 3, 2, 10),
            paris(2026, 3, 2, 12),  # closing instant before lunch
            paris(2026, 3, 2, 18),
            paris(2026, 3, 6, 18),
        )
    ]
    # two scalars give a 0-d result
    assert np.shape(cal.business_seconds(start, paris(2026, 3, 2, 10))) == ()
    assert np.asarray(cal.business_seconds(start, paris(2026, 3, 2, 10))).item() == H
    # a column of starts against a row of ends
    starts = np.array([[paris(2026, 3, 2, 9)], [paris(2026, 3, 2, 10)]])
    ends = np.array([[paris(2026, 3, 2, 11), paris(2026, 3, 2, 15), paris(2026, 3, 3, 9)]])
    assert np.asarray(cal.business_seconds(starts, ends)).tolist() == [
        [2 * H, 4 * H, DAY_7H],
        [H, 3 * H, DAY_7H - H],
    ]
    # many starts, one amount
    starts = np.array([paris(2026, 3, 2, 9), paris(2026, 3, 2, 17)])
    assert np.asarray(cal.add_business_seconds(starts, H)).tolist() == [
        paris(2026, 3, 2, 10).astype(object),
        paris(2026, 3, 2, 18).astype(object),
    ]


def test_nat_in_gives_nan_or_nat_out(make):
    cal = make(OFFICE, "Europe/Paris", holidays="FR")
    a = np.array([NAT, paris(2026, 3, 2, 11), paris(2026, 3, 2, 11)])
    b = np.array([paris(2026, 3, 2, 15), NAT, paris(2026, 3, 2, 15)])
    out = np.asarray(cal.business_seconds(a, b))
    assert np.isnan(out[:2]).all()
    assert out[2] == 2 * H
    out = np.asarray(cal.add_business_seconds(a, [H, H, H]))
    assert np.isnat(out[0])
    assert out[1:].tolist() == [paris(2026, 3, 2, 12).astype(object)] * 2  # 11:00 + 1 h
    # a NaN amount gives NaT, the other elements are untouched
    out = np.asarray(cal.add_business_seconds(a[1:], [np.nan, H]))
    assert np.isnat(out[0])
    assert out[1] == paris(2026, 3, 2, 12)


@pytest.mark.parametrize("secs", [-1, -0.5, [H, -1], [np.nan, -3600]])
def test_negative_secs_raise_value_error(make, secs):
    cal = make(OFFICE, "Europe/Paris", holidays="FR")
    starts = np.array([paris(2026, 3, 2, 11), paris(2026, 3, 2, 12)])
    with pytest.raises(ValueError):
        cal.add_business_seconds(starts, secs)


# -- construction errors -----------------------------------------------------------


@pytest.mark.parametrize(
    "weekly_hours",
    [{}, {d: [] for d in range(7)}, {0: []}],
    ids=["empty-dict", "every-weekday-empty", "monday-empty"],
)
def test_calendar_without_any_open_hour_raises_quickly(weekly_hours):
    with time_limit(5), pytest.raises(ValueError):
        Calendar(weekly_hours, "Europe/Paris", holidays="FR")


@pytest.mark.parametrize(
    "hours",
    [
        [("25:00", "26:00")],
        [("09:00", "25:00")],
        [("9h", "12h")],
        [("09:00", "12:60")],
        [("09:00", "24:01")],
        [("", "12:00")],
        [("12:00", "09:00")],  # end before start
        [("09:00", "09:00")],  # empty interval
        [("09:00", "12:00"), ("11:00", "14:00")],  # overlapping
        [("09:00", "18:00"), ("12:00", "14:00")],  # nested
        [("14:00", "18:00"), ("09:00", "15:00")],  # overlapping, written out of order
    ],
)
def test_malformed_hours_raise_value_error(hours):
    with time_limit(5), pytest.raises(ValueError):
        Calendar({0: hours, 1: [("09:00", "18:00")]}, "Europe/Paris")


def test_unknown_time_zone_raises_value_error():
    with time_limit(5), pytest.raises(ValueError):
        Calendar(OFFICE, "Europe/Atlantis")


def test_calendar_with_open_hours_still_answers_quickly():
    """No endless loop either when the open hours are rare: 1 minute a week."""
    cal = Calendar({2: [("03:00", "03:01")]}, "Europe/Paris", holidays="FR")
    with time_limit(20):
        out = np.asarray(cal.add_business_seconds(np.array([paris(2026, 1, 1)]), [60 * 52]))
    # Wednesdays from 7 January 2026, one minute each; the 53rd Wednesday is
    # 6 January 2027 (7 January + 52 weeks), and it is the 52nd open one because
    # Wednesday 11 November 2026 (Armistice Day) is closed.
    assert out.tolist() == [paris(2027, 1, 6, 3, 1).astype(object)]
