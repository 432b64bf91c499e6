"""A slow, obviously-correct reference for ``pilotage.sla.engine.Calendar``.

Written from the specification only, never from the engine. Plain Python
``datetime`` objects, one local day at a time, no NumPy (``OracleNumpy`` at the
bottom only wraps it, element by element, in the engine's NumPy interface).

The set of open instants is the union, over every local day, of that day's
intervals, each bound being the local wall-clock time read with ``zoneinfo``'s
default ``fold=0`` and converted to UTC:

* an ambiguous local time (autumn) is its first occurrence;
* a non-existent local time (spring gap) is read with the offset in force
  before the gap (02:30 on 29 March 2026 in Paris is 01:30 UTC);
* ``"24:00"`` is 00:00 of the next local day, read the same way.

Reading gap times with the earlier offset can make a converted interval empty
or inverted (02:30-03:00 on the spring-forward day becomes 01:30Z-01:00Z) or
make two intervals of one day overlap in UTC (01:00-02:30 and 03:00-04:00 become
00:00Z-01:30Z and 01:00Z-02:00Z). The oracle takes the literal reading: an
instant is open when it lies in at least one converted interval, so an inverted
interval holds no instant and an overlap is counted once.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import holidays as holidays_package
import numpy as np

UTC = dt.UTC
DAY = dt.timedelta(days=1)
SECOND = dt.timedelta(seconds=1)

_HOUR = re.compile(r"^(\d\d):(\d\d)(?::(\d\d))?$")


def parse_hour(text: str) -> int:
    """'HH:MM' or 'HH:MM:SS' -> seconds since local midnight (86400 for 24:00)."""
    match = _HOUR.match(text)
    if not match:
        raise ValueError(f"malformed hour {text!r}")
    h, m, s = int(match[1]), int(match[2]), int(match[3] or 0)
    if m > 59 or s > 59 or h > 24 or (h == 24 and (m or s)):
        raise ValueError(f"malformed hour {text!r}")
    return h * 3600 + m * 60 + s


def as_utc(instant: dt.datetime) -> dt.datetime:
    """An aware datetime, in UTC, truncated to the whole second (floor)."""
    if instant.tzinfo is None:
        raise ValueError("naive datetime")
    return instant.astimezone(UTC).replace(microsecond=0)


class OracleCalendar:
    def __init__(
        self,
        weekly_hours,
        timezone="UTC",
        holidays=None,
        subdivision=None,
        extra_closed_days=(),
        extra_open_days=(),
    ):
        self.zone = ZoneInfo(timezone)
        self.weekly = {
            weekday: [(parse_hour(start), parse_hour(end)) for start, end in intervals]
            for weekday, intervals in weekly_hours.items()
        }
        if not any(self.weekly.values()):
            raise ValueError("no open hour")
        self.holidays = (
            holidays_package.country_holidays(holidays, subdiv=subdivision) if holidays else None
        )
        self.extra_closed = set(extra_closed_days)
        self.extra_open = set(extra_open_days)
        self._day_cache: dict[dt.date, list[tuple[dt.datetime, dt.datetime]]] = {}

    # -- one local day ----------------------------------------------------

    def is_open_day(self, day: dt.date) -> bool:
        if day in self.extra_closed:
            return False
        if day in self.extra_open:
            return True
        return self.holidays is None or day not in self.holidays

    def local_to_utc(self, day: dt.date, seconds: int) -> dt.datetime:
        """Wall-clock `seconds` after local midnight of `day` (86400 = 24:00), fold=0."""
        if seconds == 86400:
            day, seconds = day + DAY, 0
        wall = dt.datetime(
            day.year, day.month, day.day, seconds // 3600, seconds // 60 % 60, seconds % 60
        )
        return wall.replace(tzinfo=self.zone, fold=0).astimezone(UTC)

    def day_intervals(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        """The open intervals of one local day, in UTC, as written (maybe empty or inverted)."""
        if day not in self._day_cache:
            result = []
            if self.is_open_day(day):
                for start, end in self.weekly.get(day.weekday(), []):
                    result.append((self.local_to_utc(day, start), self.local_to_utc(day, end)))
            self._day_cache[day] = result
        return self._day_cache[day]

    # -- many days ----------------------------------------------------------

    def open_intervals(self, first_day: dt.date, last_day: dt.date):
        """The union of the open intervals of the local days first_day..last_day,
        as sorted, disjoint, non-empty [start, end) pairs."""
        raw = []
        day = first_day
        while day <= last_day:
            raw.extend((s, e) for s, e in self.day_intervals(day) if s < e)
            day += DAY
        raw.sort()
        merged: list[list[dt.datetime]] = []
        for s, e in raw:
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        return [(s, e) for s, e in merged]

    def local_date(self, instant: dt.datetime) -> dt.date:
        return instant.astimezone(self.zone).date()

    def business_seconds(self, a: dt.datetime, b: dt.datetime) -> int:
        a, b = as_utc(a), as_utc(b)
        if a > b:
            return -self.business_seconds(b, a)
        total = dt.timedelta(0)
        for s, e in self.open_intervals(self.local_date(a) - DAY, self.local_date(b) + DAY):
            lo, hi = max(s, a), min(e, b)
            if lo < hi:
                total += hi - lo
        return int(total.total_seconds())

    def add_business_seconds(self, start: dt.datetime, secs: int) -> dt.datetime:
        start = as_utc(start)
        if secs < 0:
            raise ValueError("negative business seconds")
        if secs != int(secs):
            raise ValueError("the oracle only adds whole seconds")
        if secs == 0:
            return start
        first = self.local_date(start) - DAY
        horizon, limit = 8, 366 * 40
        while True:
            horizon = min(horizon, limit)
            last = first + dt.timedelta(days=horizon)
            remaining = dt.timedelta(seconds=int(secs))
            for s, e in self.open_intervals(first, last):
                if e <= start:
                    continue
                s = max(s, start)
                if remaining <= e - s:
                    found = s + remaining
                    # Only trust intervals well inside the walked days: the
                    # union near `last` could still grow with day last + 1.
                    if self.local_date(found) < last - DAY:
                        return found
                    break
                remaining -= e - s
            if horizon == limit:
                raise ValueError("no open hour within 40 years")
            horizon *= 2


class OracleNumpy:
    """The oracle behind the engine's NumPy interface, one element at a time, so
    the hand-worked cases can check the oracle as well as the engine."""

    def __init__(self, *args, **kwargs):
        self.oracle = OracleCalendar(*args, **kwargs)

    @staticmethod
    def _instants(values) -> np.ndarray:
        if isinstance(values, dt.datetime):
            values = [values]
            scalar = True
        else:
            scalar = False
        arr = np.asarray(values)
        if arr.dtype == object:
            flat = [np.datetime64(as_utc(v).replace(tzinfo=None), "s") for v in arr.ravel()]
            arr = np.array(flat, dtype="datetime64[s]").reshape(arr.shape)
        arr = arr.astype("datetime64[s]")
        return arr.reshape(()) if scalar else arr

    @staticmethod
    def _to_dt(value: np.datetime64) -> dt.datetime:
        return dt.datetime.fromtimestamp(int(value.astype(np.int64)), UTC)

    def business_seconds(self, starts, ends) -> np.ndarray:
        a, b = np.broadcast_arrays(self._instants(starts), self._instants(ends))
        out = np.empty(a.shape, dtype=np.float64)
        for idx in np.ndindex(a.shape):
            if np.isnat(a[idx]) or np.isnat(b[idx]):
                out[idx] = np.nan
            else:
                out[idx] = self.oracle.business_seconds(self._to_dt(a[idx]), self._to_dt(b[idx]))
        return out

    def add_business_seconds(self, starts, secs) -> np.ndarray:
        secs = np.asarray(secs, dtype=np.float64)
        if np.any(secs < 0):
            raise ValueError("negative business seconds")
        a, x = np.broadcast_arrays(self._instants(starts), secs)
        out = np.empty(a.shape, dtype="datetime64[s]")
        for idx in np.ndindex(a.shape):
            if np.isnat(a[idx]) or np.isnan(x[idx]):
                out[idx] = np.datetime64("NaT")
            else:
                t = self.oracle.add_business_seconds(self._to_dt(a[idx]), int(x[idx]))
                out[idx] = np.datetime64(t.replace(tzinfo=None), "s")
        return out
