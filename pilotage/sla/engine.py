"""Business time, exactly and for a whole year of tickets at once (pure NumPy, no Django).

A :class:`Calendar` says which hours a contract covers: weekly hours (several intervals a
day), a time zone, public holidays (the ``holidays`` package, with subdivisions such as
Moselle "57" or La Réunion "974"), company closures and holidays worked anyway.

How it answers fast: the covered hours of every local day in the span asked about are
turned once into UTC instants, as a sorted list of open intervals with the running total
of open seconds before each (a prefix sum). The cumulative open time ``cum(t)`` is then
piecewise linear, and

* ``business_seconds(a, b) = cum(b) - cum(a)``;
* ``add_business_seconds(s, x)`` is the earliest ``t`` with ``cum(t) = cum(s) + x``.

Both are answered for every ticket at once. Time is cut into hour-long buckets: for a
bucket wholly open or wholly closed (nearly all of them), ``cum`` is one multiply-add
from the bucket's start; only instants in a bucket holding an opening or a closing go
through a binary search. Cost grows with the number of tickets plus the number of days
spanned, never their product.

Local wall-clock hours become UTC with ``zoneinfo``'s default (fold=0): an ambiguous
autumn time is its first occurrence; a time in the spring gap is read with the offset in
force before the gap. A day open 00:00–24:00 thus lasts 23 h or 25 h on DST days.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import numpy.typing as npt

__all__ = ["Calendar", "to_epoch_seconds", "from_epoch_seconds"]

NAT = np.iinfo(np.int64).min  # NumPy's NaT as int64
DAY = 86_400
BUCKET = 3_600  # seconds per lookup bucket
_HHMM = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")

Hours = Sequence[tuple[str, str]]


def _parse_time(text: str, *, is_end: bool) -> int:
    """ "09:30" → 34200 seconds after midnight; "24:00" only as an end."""
    m = _HHMM.match(str(text).strip())
    if not m:
        raise ValueError(f"Unreadable time {text!r}: write HH:MM or HH:MM:SS")
    h, mi, s = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    if mi > 59 or s > 59 or h > 24 or (h == 24 and (mi or s)):
        raise ValueError(f"Impossible time {text!r}")
    if h == 24 and not is_end:
        raise ValueError(f"{text!r} can only end an interval")
    return h * 3600 + mi * 60 + s


def _parse_week(weekly_hours: Mapping[int, Hours]) -> tuple[tuple[tuple[int, int], ...], ...]:
    week: list[tuple[tuple[int, int], ...]] = []
    for day in range(7):
        spans = sorted(
            (_parse_time(a, is_end=False), _parse_time(b, is_end=True))
            for a, b in weekly_hours.get(day, ()) or ()
        )
        for start, end in spans:
            if end <= start:
                raise ValueError(f"Weekday {day}: an interval must end after it starts")
        for (_s1, e1), (s2, _e2) in zip(spans, spans[1:], strict=False):
            if s2 < e1:
                raise ValueError(f"Weekday {day}: intervals overlap")
        week.append(tuple(spans))
    unknown = set(weekly_hours) - set(range(7))
    if unknown:
        raise ValueError(f"Weekdays are 0 (Monday) to 6 (Sunday), not {sorted(unknown)}")
    return tuple(week)


def to_epoch_seconds(values: Any) -> npt.NDArray[np.int64]:
    """UTC instants as int64 seconds since 1970 (floored), NaT kept as NaT's int64 value.

    Accepts datetime64 arrays (taken as UTC), aware datetimes, or sequences of them.
    """
    if isinstance(values, np.ndarray) and np.issubdtype(values.dtype, np.datetime64):
        arr = values
    elif isinstance(values, np.datetime64):
        arr = np.asarray(values)
    elif isinstance(values, dt.datetime):
        arr = np.asarray(_aware_to_datetime64(values))
    else:
        items = (
            list(values)
            if isinstance(values, Iterable) and not isinstance(values, str | bytes)
            else [values]
        )
        arr = np.array([_aware_to_datetime64(v) for v in items], dtype="datetime64[us]")
        if not isinstance(values, Iterable):
            arr = arr.reshape(())
    floored = arr.astype("datetime64[s]") if arr.dtype != np.dtype("datetime64[s]") else arr
    # astype floors toward -inf only for non-negative values; fix negative sub-second instants.
    out = floored.astype(np.int64)
    if arr.dtype != np.dtype("datetime64[s]"):
        back = floored.astype(arr.dtype)
        fix = (back > arr) & (out != NAT)
        out = np.where(fix, out - 1, out)
    return out


def _aware_to_datetime64(value: Any) -> np.datetime64:
    if value is None:
        return np.datetime64("NaT")
    if isinstance(value, np.datetime64):
        return value.astype("datetime64[us]")
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("Naive datetime: give aware datetimes or UTC datetime64 values")
        utc = value.astimezone(dt.UTC).replace(tzinfo=None)
        return np.datetime64(utc, "us")
    return np.datetime64(value, "us")


def from_epoch_seconds(seconds: npt.NDArray[np.int64]) -> npt.NDArray[np.datetime64]:
    return np.asarray(seconds, dtype=np.int64).astype("datetime64[s]")


@dataclass
class _Table:
    """Open intervals over a span of days, as UTC seconds, with the lookup buckets."""

    starts: npt.NDArray[np.int64]  # S[i]
    lengths: npt.NDArray[np.int64]  # L[i] = E[i] - S[i] > 0
    before: npt.NDArray[np.int64]  # C[i] = open seconds before interval i
    origin: int  # first bucket's start (UTC seconds)
    end: int  # the table covers [origin, end)
    bucket_cum: npt.NDArray[np.int64] = field(repr=False)  # cum at each bucket start
    bucket_rate: npt.NDArray[np.int64] = field(repr=False)  # 1 open, 0 closed, -1 mixed
    _cum_buckets: tuple[npt.NDArray[np.int64], int] | None = field(default=None, repr=False)

    @property
    def total(self) -> int:
        return int(self.before[-1] + self.lengths[-1]) if len(self.starts) else 0

    def cum(self, t: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Open seconds in [origin, t) for instants inside the table."""
        k = (t - self.origin) // BUCKET
        rate = self.bucket_rate[k]
        out = self.bucket_cum[k] + rate * (t - (self.origin + k * BUCKET))
        mixed = np.flatnonzero(rate < 0)
        if mixed.size:
            out[mixed] = self._exact_cum(t[mixed])
        return out

    def _exact_cum(self, t: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        j = np.searchsorted(self.starts, t, side="right") - 1
        inside = j >= 0
        jj = np.where(inside, j, 0)
        part = np.clip(t - self.starts[jj], 0, self.lengths[jj])
        return np.where(inside, self.before[jj] + part, 0)

    def instant_of(self, target: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Earliest t with cum(t) == target, for 0 < target <= total.

        That is inside the first interval j whose running total at its end reaches the
        target. Buckets of open time give, for each target, the first candidate interval;
        a few vectorised steps forward find j (binary search when the buckets hold many
        short intervals)."""
        cum_end = self.before + self.lengths
        if self._cum_buckets is None:
            self._cum_buckets = self._make_cum_buckets(cum_end)
        first, steps = self._cum_buckets
        if steps < 0:
            j = np.searchsorted(cum_end, target, side="left")
        else:
            j = first[target // BUCKET]
            for _ in range(steps):
                j += cum_end[j] < target
        return self.starts[j] + (target - self.before[j])

    def _make_cum_buckets(
        self, cum_end: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.int64], int]:
        edges = np.arange(self.total // BUCKET + 2, dtype=np.int64) * BUCKET
        first = np.minimum(np.searchsorted(cum_end, edges, side="left"), len(cum_end) - 1)
        steps = int(np.max(np.diff(first))) + 1 if len(first) > 1 else 1
        return first.astype(np.int64), (steps if steps <= 8 else -1)


class Calendar:
    """The hours a contract covers. See the module's documentation."""

    def __init__(
        self,
        weekly_hours: Mapping[int, Hours],
        timezone: str = "Europe/Paris",
        holidays: str | None = None,
        subdivision: str | None = None,
        extra_closed_days: Iterable[dt.date] = (),
        extra_open_days: Iterable[dt.date] = (),
    ) -> None:
        self.week = _parse_week(weekly_hours)
        if not any(self.week):
            raise ValueError(
                "This calendar has no open hour: give at least one interval on one weekday"
            )
        try:
            self.zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            raise ValueError(f"Unknown time zone {timezone!r}") from None
        self.timezone = timezone
        self.holidays_country = holidays
        self.subdivision = subdivision
        if holidays is None and subdivision:
            raise ValueError("A subdivision needs a holiday country")
        self._holiday_cache: dict[int, frozenset[dt.date]] = {}
        if holidays is not None:
            self._holidays_for_year(2000)  # fail now on an unknown country or subdivision
        self.extra_closed = frozenset(extra_closed_days)
        self.extra_open = frozenset(extra_open_days) - self.extra_closed
        self._table: _Table | None = None

    # -- building the table -------------------------------------------------------------

    def _holidays_for_year(self, year: int) -> frozenset[dt.date]:
        if self.holidays_country is None:
            return frozenset()
        if year not in self._holiday_cache:
            import holidays as holidays_lib

            try:
                days = holidays_lib.country_holidays(
                    self.holidays_country, subdiv=self.subdivision, years=year
                )
            except NotImplementedError:
                raise ValueError(f"Unknown holiday country {self.holidays_country!r}") from None
            except Exception as e:  # the package raises its own errors for bad subdivisions
                raise ValueError(
                    f"Unknown holidays {self.holidays_country!r} / {self.subdivision!r}: {e}"
                ) from None
            self._holiday_cache[year] = frozenset(days.keys())
        return self._holiday_cache[year]

    def is_open_day(self, day: dt.date) -> bool:
        """Whether ``day`` uses its weekday's hours (not a holiday nor a closure, or worked anyway)."""
        if day in self.extra_closed:
            return False
        if day in self.extra_open:
            return True
        return day not in self._holidays_for_year(day.year)

    def _local_to_utc(self, day: dt.date, seconds: int) -> int:
        naive = dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=seconds)
        aware = naive.replace(tzinfo=self.zone)  # fold=0
        return int(aware.timestamp())

    def open_intervals(self, first: dt.date, last: dt.date) -> list[tuple[int, int]]:
        """Open intervals of the local days first..last as (UTC start, UTC end) seconds,
        sorted and merged: around a DST change two local intervals may overlap in UTC
        (02:15–02:30 in the spring gap is read before the change, 03:00–03:30 after it)."""
        spans_utc: list[tuple[int, int]] = []
        day = first
        one = dt.timedelta(days=1)
        while day <= last:
            spans = self.week[day.weekday()]
            if spans and self.is_open_day(day):
                for a, b in spans:
                    start, end = self._local_to_utc(day, a), self._local_to_utc(day, b)
                    if end > start:
                        spans_utc.append((start, end))
            day += one
        spans_utc.sort()
        out: list[tuple[int, int]] = []
        for start, end in spans_utc:
            if out and start <= out[-1][1]:  # touching or overlapping: one interval
                if end > out[-1][1]:
                    out[-1] = (out[-1][0], end)
            else:
                out.append((start, end))
        return out

    def _build(self, lo: int, hi: int) -> _Table:
        """A table covering at least the UTC seconds [lo, hi]."""
        first = (dt.datetime.fromtimestamp(lo, dt.UTC) - dt.timedelta(days=2)).date()
        last = (dt.datetime.fromtimestamp(hi, dt.UTC) + dt.timedelta(days=2)).date()
        origin = (self._local_to_utc(first, 0) // BUCKET) * BUCKET - BUCKET
        end_day = self._local_to_utc(last + dt.timedelta(days=1), 0)
        intervals = self.open_intervals(first, last)
        if intervals:
            arr = np.array(intervals, dtype=np.int64)
            starts, ends = arr[:, 0], arr[:, 1]
        else:
            starts = ends = np.zeros(0, dtype=np.int64)
        lengths = ends - starts
        before = (
            np.concatenate(([0], np.cumsum(lengths)[:-1]))
            if len(lengths)
            else np.zeros(0, np.int64)
        )
        nb = (end_day - origin) // BUCKET + 2
        edges = origin + np.arange(nb + 1, dtype=np.int64) * BUCKET
        table = _Table(
            starts=starts,
            lengths=lengths,
            before=before.astype(np.int64),
            origin=origin,
            end=int(edges[-1]),
            bucket_cum=np.zeros(0, np.int64),
            bucket_rate=np.zeros(0, np.int64),
        )
        if len(starts):
            cum_edges = table._exact_cum(edges)
        else:
            cum_edges = np.zeros(len(edges), np.int64)
        gained = np.diff(cum_edges)
        rate = np.full(nb, -1, dtype=np.int64)
        rate[gained == 0] = 0
        rate[gained == BUCKET] = 1
        table.bucket_cum = cum_edges[:-1]
        table.bucket_rate = rate
        return table

    def _table_for(self, lo: int, hi: int) -> _Table:
        t = self._table
        if t is None or lo < t.origin or hi >= t.end - BUCKET:
            if t is not None:  # grow generously so repeated calls reuse it
                span = t.end - t.origin
                lo = min(lo, t.origin)
                hi = max(hi, t.end + span // 2)
            self._table = t = self._build(lo, hi)
        return t

    # -- the public answers -------------------------------------------------------------

    def business_seconds(self, starts: Any, ends: Any) -> npt.NDArray[np.float64]:
        """Business seconds in [start, end) (negative when end < start); NaN where either is NaT."""
        a = to_epoch_seconds(starts)
        b = to_epoch_seconds(ends)
        a, b = np.broadcast_arrays(a, b)
        shape = a.shape
        a, b = a.ravel(), b.ravel()
        valid = (a != NAT) & (b != NAT)
        out = np.full(a.shape, np.nan)
        if valid.any():
            av, bv = (a, b) if valid.all() else (a[valid], b[valid])
            lo = int(min(av.min(), bv.min()))
            hi = int(max(av.max(), bv.max()))
            table = self._table_for(lo, hi)
            diff = (table.cum(bv) - table.cum(av)).astype(np.float64)
            if valid.all():
                out = diff
            else:
                out[valid] = diff
        return out.reshape(shape)

    def add_business_seconds(self, starts: Any, secs: Any) -> npt.NDArray[np.datetime64]:
        """The earliest instant t >= start with business_seconds(start, t) == secs (UTC, to the second)."""
        s = to_epoch_seconds(starts)
        x = np.asarray(secs, dtype=np.float64)
        if np.any(x < 0):
            raise ValueError("Business seconds to add must not be negative")
        s, x = np.broadcast_arrays(s, x)
        shape = s.shape
        s, x = s.ravel(), x.ravel()
        valid = (s != NAT) & ~np.isnan(x)
        out = np.full(s.shape, NAT, dtype=np.int64)
        if valid.any():
            sv = s[valid]
            xv = np.ceil(x[valid]).astype(np.int64)
            lo, hi = int(sv.min()), int(sv.max())
            table = self._table_for(lo, hi)
            target = table.cum(sv) + xv
            while int(target.max()) > table.total:
                # Not enough open time in the table yet: extend it by at least a year.
                missing = int(target.max()) - table.total
                weeks_needed = missing // max(self._weekly_open_seconds(), 1) + 1
                hi = table.end + max(366, 7 * weeks_needed + 14) * DAY
                self._table = table = self._build(table.origin + BUCKET, hi)
                target = table.cum(sv) + xv
            result = np.where(xv == 0, sv, 0)
            moving = xv > 0
            if moving.any():
                result[moving] = table.instant_of(target[moving])
            out[valid] = result
        return from_epoch_seconds(out).reshape(shape)

    def _weekly_open_seconds(self) -> int:
        return sum(b - a for spans in self.week for a, b in spans)

    def __repr__(self) -> str:
        return f"Calendar(timezone={self.timezone!r}, holidays={self.holidays_country!r}, subdivision={self.subdivision!r})"
