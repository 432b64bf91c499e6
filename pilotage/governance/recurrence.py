"""When the meetings of a cadence fall (pure: no Django).

Rules, in the organisation's time zone (a 09:30 meeting stays at 09:30 across daylight saving):
- ``weekly``: every 7 days after the first meeting;
- ``monthly``, ``quarterly``, ``yearly``: every 1, 3 or 12 months, on the same n-th weekday
  of the month as the first meeting (the 2nd Tuesday stays the 2nd Tuesday); when a month
  has no such day (a 5th Thursday), the last such weekday of that month.

Occurrence 0 is the first meeting itself.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator

WEEKLY, MONTHLY, QUARTERLY, YEARLY = "weekly", "monthly", "quarterly", "yearly"
MONTHS = {MONTHLY: 1, QUARTERLY: 3, YEARLY: 12}
RULES = (WEEKLY, MONTHLY, QUARTERLY, YEARLY)


def week_of_month(day: dt.date) -> int:
    """1 for the first such weekday of its month, … 5 for the fifth."""
    return (day.day - 1) // 7 + 1


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The ``n``-th ``weekday`` (0 = Monday) of the month, or its last one when the month
    has fewer than ``n``."""
    first = dt.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    day = 1 + offset + 7 * (n - 1)
    last = calendar.monthrange(year, month)[1]
    while day > last:
        day -= 7
    return dt.date(year, month, day)


def add_months(year: int, month: int, k: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + k
    return index // 12, index % 12 + 1


def occurrence_day(first: dt.date, rule: str, index: int) -> dt.date:
    """The day of occurrence ``index`` (0 = ``first``)."""
    if index < 0:
        raise ValueError("index must be >= 0")
    if rule == WEEKLY:
        return first + dt.timedelta(days=7 * index)
    if rule not in MONTHS:
        raise ValueError(f"unknown rule {rule!r}")
    if index == 0:
        return first
    year, month = add_months(first.year, first.month, MONTHS[rule] * index)
    return nth_weekday(year, month, first.weekday(), week_of_month(first))


def occurrence(first: dt.datetime, rule: str, index: int) -> dt.datetime:
    """Occurrence ``index`` of a cadence whose first meeting is ``first`` (aware, expressed
    in the organisation's zone): same wall-clock time, same zone."""
    if first.tzinfo is None:
        raise ValueError("first must be aware")
    day = occurrence_day(first.date(), rule, index)
    return dt.datetime.combine(day, first.timetz().replace(tzinfo=None), tzinfo=first.tzinfo)


def occurrences(first: dt.datetime, rule: str, until: dt.date) -> Iterator[tuple[int, dt.datetime]]:
    """(index, when) of every occurrence whose day is on or before ``until``."""
    index = 0
    while True:
        when = occurrence(first, rule, index)
        if when.date() > until:
            return
        yield index, when
        index += 1
