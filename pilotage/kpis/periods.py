"""Periods of an indicator (week, month, quarter), each named by its first day.

Pure date arithmetic, no Django: the first day of the period holding a date, the periods
between two dates, and the day a period's values fall due.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

WEEKLY, MONTHLY, QUARTERLY = "weekly", "monthly", "quarterly"
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
FREQUENCIES = (WEEKLY, MONTHLY, QUARTERLY)


def start_of(day: dt.date, frequency: str) -> dt.date:
    """First day of the period holding ``day`` (weeks start on Monday, as in France)."""
    if frequency == WEEKLY:
        return day - dt.timedelta(days=day.weekday())
    if frequency == MONTHLY:
        return day.replace(day=1)
    if frequency == QUARTERLY:
        return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    raise ValueError(f"Unknown frequency {frequency!r}")


def is_start(day: dt.date, frequency: str) -> bool:
    return start_of(day, frequency) == day


def shift(start: dt.date, frequency: str, count: int) -> dt.date:
    """The first day of the period ``count`` periods after (or before) the one starting ``start``."""
    if frequency == WEEKLY:
        return start + dt.timedelta(weeks=count)
    months = {MONTHLY: 1, QUARTERLY: 3}[frequency] * count
    index = start.year * 12 + start.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def end_of(start: dt.date, frequency: str) -> dt.date:
    """Last day of the period starting ``start``."""
    return shift(start, frequency, 1) - dt.timedelta(days=1)


def between(first: dt.date, last: dt.date, frequency: str) -> list[dt.date]:
    """Starts of every period from the one holding ``first`` to the one holding ``last``."""
    return list(_walk(start_of(first, frequency), start_of(last, frequency), frequency))


def last_n(day: dt.date, frequency: str, count: int) -> list[dt.date]:
    """Starts of the ``count`` periods ending with the one holding ``day``, oldest first."""
    current = start_of(day, frequency)
    return [shift(current, frequency, k) for k in range(1 - count, 1)]


def _walk(start: dt.date, stop: dt.date, frequency: str) -> Iterator[dt.date]:
    while start <= stop:
        yield start
        start = shift(start, frequency, 1)


def due_on(start: dt.date, frequency: str, due_days: int) -> dt.date:
    """Values of the period starting ``start`` are due ``due_days`` days after it ends."""
    return end_of(start, frequency) + dt.timedelta(days=due_days)


def iso_week(start: dt.date) -> tuple[int, int]:
    year, week, _weekday = start.isocalendar()
    return year, week


def parse(text: str, frequency: str) -> dt.date | None:
    """A period written by a person or a file: ``2026-11``, ``11/2026``, ``2026-11-01`` or any
    day inside the period, ``2026-W47``/``S47 2026`` for weeks, ``2026-Q4``/``T4 2026`` for
    quarters. ``None`` when the text names no period of this frequency."""
    text = (text or "").strip().upper().replace(" ", "")
    if not text:
        return None
    if _ISO_DAY.match(text):  # not fromisoformat alone: it reads "2026-W01" as a day too
        try:
            return start_of(dt.date.fromisoformat(text[:10]), frequency)
        except ValueError:
            return None
    for fmt in ("%d/%m/%Y", "%Y-%m", "%m/%Y", "%Y/%m"):
        try:
            day = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if frequency == WEEKLY and fmt != "%d/%m/%Y":
            return None  # a month is not a week
        if frequency == QUARTERLY and fmt != "%d/%m/%Y" and (day.month - 1) % 3:
            return None  # a month that does not start a quarter names no quarter
        return start_of(day, frequency)
    return _parse_numbered(text, frequency)


def _parse_numbered(text: str, frequency: str) -> dt.date | None:
    """``2026-W47``, ``S472026``, ``2026-Q4``, ``T42026``…"""
    letters = {WEEKLY: ("W", "S"), QUARTERLY: ("Q", "T")}.get(frequency)
    if not letters:
        return None
    for letter in letters:
        if letter not in text:
            continue
        left, _sep, right = text.partition(letter)
        left, right = left.strip("-/"), right.strip("-/")
        if left.isdigit() and len(left) == 4 and right.isdigit():
            year, number = int(left), int(right)
        elif not left and right.isdigit() and len(right) > 4:
            number, year = int(right[:-4]), int(right[-4:])
        else:
            continue
        try:
            if frequency == WEEKLY:
                return dt.date.fromisocalendar(year, number, 1)
            if 1 <= number <= 4 and dt.MINYEAR <= year <= dt.MAXYEAR:
                return dt.date(year, number * 3 - 2, 1)
        except ValueError:
            return None
    return None
