"""The business-time engine against a slow oracle, on random calendars.

Calendars: 1-3 intervals on random weekdays (minute- or second-aligned, some
ending at "24:00", some 24/7), in zones with odd offsets and odd daylight-saving
rules, with or without French holidays and subdivisions, with extra closed and
open days. Instants between 2023 and 2028, biased towards daylight-saving
changes and the bounds of open intervals. The oracle (tests/sla/oracle.py) is
written from the specification, never from the engine.

SLA_PROPERTIES_EXAMPLES=3000 runs a longer search (300 examples per property
by default, about 20 s for the file). SLA_PROPERTIES_AGAINST=oracle runs the
same properties against the oracle itself (wrapped in the engine's NumPy
interface), a check of the tests.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import holidays as holidays_package
import numpy as np
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pilotage.sla.engine import Calendar

from .oracle import UTC, OracleCalendar, OracleNumpy

ZONES = [
    "Europe/Paris",
    "America/New_York",
    "Australia/Lord_Howe",  # 30-minute daylight saving
    "Asia/Kathmandu",  # +05:45
    "Pacific/Chatham",  # +12:45 / +13:45, changes at 02:45 local
    "UTC",
    "America/Sao_Paulo",
    "Indian/Reunion",
]
HOLIDAYS = [(None, None), ("FR", None), ("FR", "57"), ("FR", "974")]

LO = int(dt.datetime(2023, 1, 1, tzinfo=UTC).timestamp())
HI = int(dt.datetime(2029, 1, 1, tzinfo=UTC).timestamp())
FIRST_DAY, LAST_DAY = dt.date(2023, 1, 1), dt.date(2028, 12, 31)

# Local wall-clock times around which the zones above change offset.
DST_HOURS = [m * 60 for m in (0, 60, 90, 105, 120, 135, 150, 165, 180, 210, 225, 240)]

SETTINGS = settings(
    max_examples=int(os.environ.get("SLA_PROPERTIES_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)


# -- helpers --------------------------------------------------------------


def to_dt(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, UTC)


def to_np(seconds) -> np.ndarray:
    return np.array(seconds, dtype=np.int64).astype("datetime64[s]")


def from_np(values) -> list[int | None]:
    """Engine instants -> epoch seconds (None for NaT)."""
    arr = np.asarray(values)
    assert arr.dtype == np.dtype("datetime64[s]"), arr.dtype
    return [None if np.isnat(v) else int(v.astype(np.int64)) for v in arr.ravel()]


def as_int_seconds(values) -> list[int]:
    arr = np.asarray(values)
    assert arr.dtype == np.float64, arr.dtype
    flat = arr.ravel()
    assert np.all(flat == np.round(flat)), flat
    return [int(v) for v in flat]


@functools.cache
def transitions(zone_name: str) -> tuple[int, ...]:
    """Epoch seconds at which `zone_name` changes its UTC offset, 2023-2028."""
    zone = ZoneInfo(zone_name)

    def offset(t):
        return dt.datetime.fromtimestamp(t, zone).utcoffset()

    found = []
    t = LO - 86400
    while t < HI + 86400:
        nxt = t + 86400
        if offset(nxt) != offset(t):
            lo, hi = t, nxt  # offset(lo) is old, offset(hi) is new
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if offset(mid) == offset(t):
                    lo = mid
                else:
                    hi = mid
            found.append(hi)
        t = nxt
    return tuple(found)


@functools.cache
def holiday_dates(country, subdivision) -> tuple[dt.date, ...]:
    if country is None:
        return ()
    hols = holidays_package.country_holidays(country, subdiv=subdivision, years=range(2023, 2029))
    return tuple(sorted(hols))


def fmt(seconds: int, with_seconds: bool) -> str:
    if seconds == 86400:
        return "24:00"
    h, m, s = seconds // 3600, seconds // 60 % 60, seconds % 60
    if with_seconds or s:
        return f"{h:02d}:{m:02d}:{s:02d}"
    return f"{h:02d}:{m:02d}"


# -- strategies -----------------------------------------------------------


@dataclass
class Scenario:
    kwargs: dict
    oracle: OracleCalendar = field(repr=False)
    dst_dates: tuple = field(repr=False)

    @functools.cached_property
    def engine(self) -> Calendar:
        if os.environ.get("SLA_PROPERTIES_AGAINST") == "oracle":
            return OracleNumpy(**self.kwargs)  # self-check of these tests
        return Calendar(**self.kwargs)

    def __repr__(self) -> str:  # what a failing example prints: enough to rebuild it
        return f"Calendar(**{self.kwargs!r})"

    def _repr_pretty_(self, printer, cycle) -> None:  # hypothesis's pretty-printer
        printer.text(repr(self))

    def weekly_open_seconds(self) -> int:
        return sum(e - s for ivs in self.oracle.weekly.values() for s, e in ivs)


@st.composite
def day_hours(draw, with_seconds: bool):
    n = draw(st.integers(1, 3))
    if draw(st.integers(0, 3)) == 0:
        # every bound between 00:00 and 05:00, where the zones change offset
        point = st.integers(0, 60).map(lambda k: k * 300)
    elif with_seconds:
        point = st.one_of(st.sampled_from(DST_HOURS), st.integers(0, 86400))
    else:
        point = st.one_of(st.sampled_from(DST_HOURS), st.integers(0, 1440).map(lambda m: m * 60))
    points = sorted(draw(st.lists(point, min_size=2 * n, max_size=2 * n, unique=True)))
    if points[-1] != 86400 and draw(st.booleans()):
        points[-1] = 86400  # still after points[-2]
    return [
        (fmt(points[i], with_seconds), fmt(points[i + 1], with_seconds)) for i in range(0, 2 * n, 2)
    ]


@st.composite
def weekly_hours(draw):
    kind = draw(st.sampled_from(["random", "random", "random", "24/7", "office"]))
    if kind == "24/7":
        return {d: [("00:00", "24:00")] for d in range(7)}
    if kind == "office":
        return {d: [("09:00", "12:00"), ("14:00", "18:00")] for d in range(5)}
    with_seconds = draw(st.booleans())
    # Sunday, the day most zones here change offset, is open more often than not
    open_days = draw(st.lists(st.integers(0, 6), min_size=1, max_size=7, unique=True))
    if draw(st.booleans()) and 6 not in open_days:
        open_days.append(6)
    hours = {d: draw(day_hours(with_seconds)) for d in sorted(open_days)}
    for d in range(7):  # closed days: sometimes missing, sometimes []
        if d not in hours and draw(st.booleans()):
            hours[d] = []
    return hours


def some_dates(country, subdivision, zone_name):
    hols = holiday_dates(country, subdivision) or holiday_dates("FR", None)
    dst = tuple(sorted({to_dt(t).date() for t in transitions(zone_name)}))
    choices = [
        st.sampled_from(hols),
        st.dates(min_value=FIRST_DAY, max_value=LAST_DAY),
    ]
    if dst:
        choices.append(st.sampled_from(dst))
    return st.one_of(*choices)


@st.composite
def scenarios(draw):
    zone_name = draw(st.sampled_from(ZONES))
    country, subdivision = draw(st.sampled_from(HOLIDAYS))
    dates = some_dates(country, subdivision, zone_name)
    kwargs = dict(
        weekly_hours=draw(weekly_hours()),
        timezone=zone_name,
        holidays=country,
        subdivision=subdivision,
        extra_closed_days=tuple(draw(st.lists(dates, max_size=3, unique=True))),
        extra_open_days=tuple(draw(st.lists(dates, max_size=3, unique=True))),
    )
    dst_dates = tuple(
        sorted(
            {
                dt.datetime.fromtimestamp(t, ZoneInfo(zone_name)).date()
                for t in transitions(zone_name)
            }
        )
    )
    return Scenario(kwargs, OracleCalendar(**kwargs), dst_dates)


@st.composite
def instant(draw, sc: Scenario, near: int | None = None):
    """Epoch seconds, biased towards DST changes and interval bounds."""
    kind = draw(st.sampled_from(["uniform", "transition", "bound", "bound", "near"]))
    if kind == "near" and near is not None:
        delta = draw(st.one_of(st.integers(-3, 3), st.integers(-3 * 86400, 3 * 86400)))
        return min(max(near + delta, LO), HI)
    if kind == "transition" and transitions(sc.kwargs["timezone"]):
        t = draw(st.sampled_from(transitions(sc.kwargs["timezone"])))
        return t + draw(st.one_of(st.integers(-2, 2), st.integers(-4 * 3600, 4 * 3600)))
    if kind in ("bound", "transition", "near"):
        date_choices = [st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)]
        if sc.dst_dates:
            date_choices.append(st.sampled_from(sc.dst_dates))
        extra = sc.kwargs["extra_closed_days"] + sc.kwargs["extra_open_days"]
        if extra:
            date_choices.append(st.sampled_from(extra))
        day = draw(st.one_of(*date_choices))
        bounds = [b for iv in sc.oracle.day_intervals(day) for b in iv]
        if not bounds:
            bounds = [sc.oracle.local_to_utc(day, draw(st.sampled_from(DST_HOURS)))]
        base = int(draw(st.sampled_from(bounds)).timestamp())
        return base + draw(st.sampled_from([0, 0, 0, -1, 1, -60, 60, 1800]))
    return draw(st.integers(LO, HI))


@st.composite
def scenario_with_pairs(draw, min_size=1, max_size=6):
    sc = draw(scenarios())
    pairs = []
    for _ in range(draw(st.integers(min_size, max_size))):
        a = draw(instant(sc))
        b = draw(instant(sc, near=a))
        pairs.append((a, b))
    return sc, pairs


@st.composite
def business_amount(draw, sc: Scenario, start: int):
    """A whole number of business seconds to add to `start`."""
    weekly = sc.weekly_open_seconds()
    kind = draw(st.sampled_from(["zero", "small", "large", "to_bound", "to_bound"]))
    if kind == "zero":
        return 0
    if kind == "small":
        # at most eight weeks of opening: a calendar open one second a week
        # would otherwise put the deadline centuries ahead
        return draw(st.integers(1, max(1, min(3 * 3600, 8 * weekly))))
    if kind == "to_bound":
        # exactly the business time up to some interval bound ahead: the
        # deadline then falls on a closing (or opening) instant
        day = sc.oracle.local_date(to_dt(start)) + dt.timedelta(days=draw(st.integers(0, 9)))
        bounds = [b for iv in sc.oracle.day_intervals(day) for b in iv]
        if bounds:
            b = int(draw(st.sampled_from(bounds)).timestamp())
            b += draw(st.sampled_from([0, 0, -1, 1]))
            if b > start:
                return sc.oracle.business_seconds(to_dt(start), to_dt(b))
    return draw(st.integers(0, 8 * weekly))


# -- properties -----------------------------------------------------------


def example_scenario(weekly_hours, timezone, **kwargs) -> Scenario:
    kwargs = dict(weekly_hours=weekly_hours, timezone=timezone, **kwargs)
    return Scenario(kwargs, OracleCalendar(**kwargs), ())


# Found by hypothesis: on the spring-forward day, 02:15-02:30 (in the gap, read
# as 01:15Z-01:30Z) and 03:00-03:30 CEST (01:00Z-01:30Z) overlap in UTC.
SPRING_GAP_OVERLAP = example_scenario(
    {d: [("00:00", "00:05")] for d in range(6)} | {6: [("02:15", "02:30"), ("03:00", "03:30")]},
    "Europe/Paris",
)


@SETTINGS
@given(scenario_with_pairs())
@example((SPRING_GAP_OVERLAP, [(1_672_531_200, 1_679_792_401)]))
def test_business_seconds_equals_oracle(case):
    sc, pairs = case
    a, b = zip(*pairs)
    got = sc.engine.business_seconds(to_np(a), to_np(b))
    assert np.shape(got) == (len(pairs),)
    expected = [sc.oracle.business_seconds(to_dt(x), to_dt(y)) for x, y in pairs]
    assert as_int_seconds(got) == expected


@SETTINGS
@given(scenario_with_pairs())
def test_business_seconds_is_antisymmetric(case):
    sc, pairs = case
    a, b = (to_np(v) for v in zip(*pairs))
    forward = np.asarray(sc.engine.business_seconds(a, b))
    backward = np.asarray(sc.engine.business_seconds(b, a))
    assert as_int_seconds(backward) == [-v for v in as_int_seconds(forward)]


@SETTINGS
@given(st.data())
def test_business_seconds_is_additive(data):
    sc = data.draw(scenarios())
    a = data.draw(instant(sc))
    b = data.draw(instant(sc, near=a))
    c = data.draw(instant(sc, near=b))
    bs = sc.engine.business_seconds
    ab, bc, ac = (
        as_int_seconds(bs(to_np([x]), to_np([y])))[0] for x, y in ((a, b), (b, c), (a, c))
    )
    assert ab + bc == ac


@SETTINGS
@given(st.data())
def test_add_business_seconds_equals_oracle_and_is_the_earliest_inverse(data):
    sc = data.draw(scenarios())
    start = data.draw(instant(sc))
    x = data.draw(business_amount(sc, start))
    [t] = from_np(sc.engine.add_business_seconds(to_np([start]), [x]))
    assert t is not None
    assert t == int(sc.oracle.add_business_seconds(to_dt(start), x).timestamp())
    assert t >= start
    bs = sc.engine.business_seconds
    assert as_int_seconds(bs(to_np([start]), to_np([t]))) == [x]
    if x == 0:
        assert t == start
    else:
        assert as_int_seconds(bs(to_np([start]), to_np([t - 1])))[0] < x


@SETTINGS
@given(st.data())
def test_add_business_seconds_is_monotonic_in_secs(data):
    sc = data.draw(scenarios())
    start = data.draw(instant(sc))
    xs = sorted(data.draw(st.lists(business_amount(sc, start), min_size=2, max_size=6)))
    got = from_np(sc.engine.add_business_seconds(to_np(start), np.array(xs)))
    assert None not in got
    assert got == sorted(got)
    assert got[0] >= start
    # strictly increasing secs give strictly increasing deadlines
    for (x1, t1), (x2, t2) in zip(zip(xs, got), zip(xs[1:], got[1:])):
        if x2 > x1:
            assert t2 > t1


@SETTINGS
@given(scenario_with_pairs(min_size=2, max_size=6), st.data())
def test_vectorised_results_equal_element_by_element_results(case, data):
    sc, pairs = case
    if len(pairs) % 2:
        pairs = pairs[:-1]
    a, b = zip(*pairs)
    shape = data.draw(st.sampled_from([(len(pairs),), (2, len(pairs) // 2)]))
    starts, ends = to_np(a).reshape(shape), to_np(b).reshape(shape)
    whole = np.asarray(sc.engine.business_seconds(starts, ends))
    assert whole.shape == shape
    one_by_one = [
        as_int_seconds(sc.engine.business_seconds(np.datetime64(x, "s"), np.datetime64(y, "s")))[0]
        for x, y in zip(to_np(a), to_np(b))
    ]
    assert as_int_seconds(whole) == one_by_one

    secs = [data.draw(business_amount(sc, x)) for x in a]
    deadlines = sc.engine.add_business_seconds(starts, np.array(secs).reshape(shape))
    assert np.asarray(deadlines).shape == shape
    one_by_one = [
        from_np(sc.engine.add_business_seconds(np.datetime64(x, "s"), s))[0]
        for x, s in zip(to_np(a), secs)
    ]
    assert from_np(deadlines) == one_by_one


@SETTINGS
@given(scenario_with_pairs(max_size=4), st.sampled_from(ZONES))
def test_aware_datetimes_and_fine_units_give_the_same_results(case, zone_name):
    """Aware datetimes in any zone, or datetime64 in ms/us/ns with a fraction of a
    second, are floored to the second."""
    sc, pairs = case
    a, b = zip(*pairs)
    reference = as_int_seconds(sc.engine.business_seconds(to_np(a), to_np(b)))
    zone = ZoneInfo(zone_name)
    # (add the fraction in UTC: aware arithmetic in a local zone is wall-clock arithmetic)
    aware_a = [(to_dt(x) + dt.timedelta(microseconds=999_999)).astimezone(zone) for x in a]
    aware_b = [(to_dt(y) + dt.timedelta(microseconds=1)).astimezone(zone) for y in b]
    assert as_int_seconds(sc.engine.business_seconds(aware_a, aware_b)) == reference
    ns_a = to_np(a).astype("datetime64[ns]") + np.timedelta64(999_999_999, "ns")
    ms_b = to_np(b).astype("datetime64[ms]") + np.timedelta64(500, "ms")
    assert as_int_seconds(sc.engine.business_seconds(ns_a, ms_b)) == reference
