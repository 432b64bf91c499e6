"""The calendar of a pilot: its months, where a day falls in it, and its ramp-up plan.

Pure date and number arithmetic, no Django: ``add_months``, the default ramp-up shares,
what is wrong with a plan typed by a person, and how far along a pilot is on a day.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

MAX_MONTHS = 12  # a pilot, its ramp-up included, lasts at most a year
DEFAULT_RAMP_MONTHS = 3

BEFORE, RUNNING, ENDED = "before", "running", "ended"


def add_months(day: dt.date, count: int) -> dt.date:
    """The same day ``count`` months later (or earlier), kept inside shorter months:
    31 January + 1 month is 28 (or 29) February."""
    index = day.year * 12 + day.month - 1 + count
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def latest_end(start: dt.date) -> dt.date:
    """The last day a pilot starting ``start`` may end on."""
    return add_months(start, MAX_MONTHS)


def default_end(start: dt.date, months: int = DEFAULT_RAMP_MONTHS) -> dt.date:
    """The eve of the same day ``months`` months later: 1 Sept → 30 Nov for three months."""
    return add_months(start, months) - dt.timedelta(days=1)


def default_shares(months: int) -> list[int]:
    """Even steps up to the whole target volume: 33, 66, 100 for three months."""
    if months < 1:
        return []
    return [100 * k // months for k in range(1, months + 1)]


def share_problems(shares: list[int | None]) -> dict[int, str]:
    """``{position: code}`` for each share that is wrong: "missing", "range" (not within
    0–100) or "decreasing" (below the month before)."""
    problems: dict[int, str] = {}
    previous: int | None = None
    for k, share in enumerate(shares):
        if share is None:
            problems[k] = "missing"
            continue
        if not 0 <= share <= 100:
            problems[k] = "range"
            continue
        if previous is not None and share < previous:
            problems[k] = "decreasing"
        previous = share
    return problems


@dataclass(frozen=True)
class Progress:
    """Where ``day`` falls in a pilot: before it, during it (day N of M, ramp-up month K)
    or after it."""

    state: str
    day: int  # 1 on the first day; 0 before the start
    days: int  # length of the pilot in days, both ends included
    month: int  # the ramp-up month holding the day (1…); 0 before the start
    days_to_start: int
    percent: int  # share of the pilot's days gone by, 0–100


def progress(start: dt.date, end: dt.date, day: dt.date) -> Progress:
    days = (end - start).days + 1
    if day < start:
        return Progress(BEFORE, 0, days, 0, (start - day).days, 0)
    month = (day.year - start.year) * 12 + day.month - start.month
    if day.day < start.day and add_months(start, month) > day:
        month -= 1
    if day > end:
        return Progress(ENDED, days, days, month + 1, 0, 100)
    elapsed = (day - start).days + 1
    return Progress(RUNNING, elapsed, days, month + 1, 0, 100 * elapsed // days)
