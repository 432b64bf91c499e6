import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pilotage.governance import recurrence

PARIS = ZoneInfo("Europe/Paris")


def test_a_second_tuesday_stays_the_second_tuesday():
    first = dt.datetime(2026, 1, 13, 9, 30, tzinfo=PARIS)  # 2nd Tuesday of January
    days = [recurrence.occurrence(first, "monthly", k).date() for k in range(4)]
    assert days == [
        dt.date(2026, 1, 13),
        dt.date(2026, 2, 10),
        dt.date(2026, 3, 10),
        dt.date(2026, 4, 14),
    ]


def test_a_fifth_weekday_falls_back_to_the_last_one():
    first = dt.datetime(2026, 1, 29, 14, 0, tzinfo=PARIS)  # 5th Thursday
    assert recurrence.occurrence(first, "monthly", 1).date() == dt.date(2026, 2, 26)
    assert recurrence.occurrence(first, "monthly", 3).date() == dt.date(2026, 4, 30)


def test_the_time_stays_across_daylight_saving():
    first = dt.datetime(2026, 3, 23, 9, 30, tzinfo=PARIS)  # winter time
    later = recurrence.occurrence(first, "weekly", 1)  # 30 March: summer time
    assert later.hour == 9 and later.minute == 30
    assert later.utcoffset() == dt.timedelta(hours=2)
    assert first.utcoffset() == dt.timedelta(hours=1)


def test_quarterly_and_yearly():
    first = dt.datetime(2026, 1, 6, 10, 0, tzinfo=PARIS)  # 1st Tuesday
    assert recurrence.occurrence(first, "quarterly", 1).date() == dt.date(2026, 4, 7)
    assert recurrence.occurrence(first, "yearly", 1).date() == dt.date(2027, 1, 5)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 1, 1)),
    st.sampled_from(["monthly", "quarterly", "yearly"]),
    st.integers(min_value=1, max_value=60),
)
def test_monthly_rules_keep_the_weekday_and_its_rank_or_the_last(first_day, rule, k):
    first = dt.datetime.combine(first_day, dt.time(9, 30), tzinfo=PARIS)
    got = recurrence.occurrence(first, rule, k)
    months = recurrence.MONTHS[rule] * k
    assert (got.year * 12 + got.month) - (first.year * 12 + first.month) == months
    assert got.weekday() == first.weekday()
    assert (got.hour, got.minute) == (9, 30)
    wanted = recurrence.week_of_month(first_day)
    rank = recurrence.week_of_month(got.date())
    # the same rank, or the last such weekday of a month that has fewer
    assert rank == wanted or (
        rank < wanted and (got.date() + dt.timedelta(days=7)).month != got.month
    )


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 1, 1)), st.integers(0, 400))
def test_weekly_is_seven_days_apart(first_day, k):
    first = dt.datetime.combine(first_day, dt.time(8, 0), tzinfo=PARIS)
    assert recurrence.occurrence(first, "weekly", k).date() == first_day + dt.timedelta(days=7 * k)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2080, 1, 1)),
    st.sampled_from(recurrence.RULES),
)
def test_occurrences_are_increasing_and_stop_at_the_horizon(first_day, rule):
    first = dt.datetime.combine(first_day, dt.time(9, 0), tzinfo=PARIS)
    until = first_day + dt.timedelta(days=800)
    found = list(recurrence.occurrences(first, rule, until))
    assert [i for i, _ in found] == list(range(len(found)))
    whens = [w for _, w in found]
    assert whens == sorted(whens) and len(set(whens)) == len(whens)
    assert all(w.date() <= until for w in whens)
