"""How fast the vendor answers: working time between a request and its answer, and the
figures of a set of requests (median, average, share answered in time). Pure: no Django.

Working time counts the hours of the days that are neither a weekend day nor a closed day
(public holidays), around the clock: a request asked on Friday at 17:00 and answered on
Monday at 10:00 took 17 hours, 0.71 working day.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Container, Iterable
from dataclasses import dataclass

DAY = 86400.0


def working_seconds(start: dt.datetime, end: dt.datetime, closed: Container[dt.date]) -> float:
    """Seconds between two wall-clock instants (same zone) spent on working days; 0 when
    ``end`` is not after ``start``."""
    if end <= start:
        return 0.0
    total = 0.0
    day = start.date()
    while day <= end.date():
        if day.weekday() < 5 and day not in closed:
            day_start = dt.datetime.combine(day, dt.time(), tzinfo=start.tzinfo)
            day_end = day_start + dt.timedelta(days=1)
            lo, hi = max(start, day_start), min(end, day_end)
            if hi > lo:
                total += (hi - lo).total_seconds()
        day += dt.timedelta(days=1)
    return total


def split_days_hours(seconds: float) -> tuple[int, int]:
    """Whole working days and the hours left (rounded), for "2 d 5 h"."""
    hours = round(seconds / 3600)
    return hours // 24, hours % 24


@dataclass(frozen=True)
class Timing:
    """One request: the working days it took (or has been waiting, when still open)."""

    days: float
    answered: bool


@dataclass(frozen=True)
class Summary:
    asked: int
    answered: int
    open: int
    median_days: float | None
    mean_days: float | None
    within: int  # answered within the limit
    late: int  # answered after it, or still open past it
    limit_days: float

    @property
    def share_within(self) -> float | None:
        """Share (0–1) answered in time, among those whose fate is known: answered, or open
        past the limit already."""
        judged = self.within + self.late
        return self.within / judged if judged else None


def summarise(timings: Iterable[Timing], limit_days: float) -> Summary:
    items = list(timings)
    done = [t.days for t in items if t.answered]
    waiting = [t.days for t in items if not t.answered]
    within = sum(1 for d in done if d <= limit_days)
    late = (len(done) - within) + sum(1 for d in waiting if d > limit_days)
    return Summary(
        asked=len(items),
        answered=len(done),
        open=len(waiting),
        median_days=statistics.median(done) if done else None,
        mean_days=statistics.fmean(done) if done else None,
        within=within,
        late=late,
        limit_days=limit_days,
    )
