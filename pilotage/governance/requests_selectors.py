"""Reads of the requests to the vendor: the list with response times, and the response-time
figures (overall and per month) the page, the indicator and the reports share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.utils import timezone

from pilotage.engagements.models import Engagement

from . import requests_measure as measure
from .models import Request

DEFAULT_LIMIT = 2  # working days: the usual promise for an answer


@lru_cache(maxsize=8)
def _closed(first_year: int, last_year: int) -> frozenset[dt.date]:
    return frozenset(holidays.France(years=range(first_year, last_year + 1)))


def closed_days(start: dt.date, end: dt.date) -> frozenset[dt.date]:
    """Public holidays of (metropolitan) France between two dates' years."""
    return _closed(start.year, max(start.year, end.year))


def _zone(engagement: Engagement) -> ZoneInfo:
    try:
        return ZoneInfo(engagement.organisation.timezone or "Europe/Paris")
    except (KeyError, ValueError):
        return ZoneInfo("Europe/Paris")


def _local(value: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    return value.astimezone(zone).replace(tzinfo=None)


@dataclass
class Row:
    request: Request
    seconds: float  # working time to the answer, or waited so far
    days: int
    hours: int
    answered: bool
    late: bool  # past the limit (answered late, or still waiting past it)

    @property
    def working_days(self) -> float:
        return self.seconds / measure.DAY


def rows(
    engagement: Engagement,
    requests: list[Request],
    *,
    limit: float = DEFAULT_LIMIT,
    now: dt.datetime | None = None,
) -> list[Row]:
    """Each request with its response time: the open ones first (the longest waiting on
    top), then the answered ones, newest first."""
    now = now or timezone.now()
    zone = _zone(engagement)
    if not requests:
        return []
    first = min(r.asked_at for r in requests)
    closed = closed_days(first.date(), now.date())
    out = []
    for r in requests:
        end = r.answered_at or now
        seconds = measure.working_seconds(_local(r.asked_at, zone), _local(end, zone), closed)
        days, hours = measure.split_days_hours(seconds)
        out.append(
            Row(r, seconds, days, hours, r.answered_at is not None, seconds / measure.DAY > limit)
        )
    open_rows = sorted((x for x in out if not x.answered), key=lambda x: x.request.asked_at)
    done = sorted((x for x in out if x.answered), key=lambda x: (x.request.asked_at, x.request.pk))
    return open_rows + done[::-1]


@dataclass
class Month:
    month: dt.date
    summary: measure.Summary


def figures(
    row_list: list[Row], *, limit: float = DEFAULT_LIMIT, zone: ZoneInfo | None = None
) -> tuple[measure.Summary, list[Month]]:
    """The summary of every request given, and one per month asked (newest month first)."""
    zone = zone or ZoneInfo("Europe/Paris")
    timings = [measure.Timing(x.working_days, x.answered) for x in row_list]
    by_month: dict[dt.date, list[measure.Timing]] = {}
    for x, timing in zip(row_list, timings, strict=True):
        month = x.request.asked_at.astimezone(zone).date().replace(day=1)
        by_month.setdefault(month, []).append(timing)
    months = [Month(m, measure.summarise(t, limit)) for m, t in sorted(by_month.items())]
    return measure.summarise(timings, limit), months[::-1]


def engagement_figures(
    engagement: Engagement, *, limit: float = DEFAULT_LIMIT
) -> tuple[list[Row], measure.Summary, list[Month]]:
    requests = list(
        Request.objects.filter(engagement=engagement).select_related("author", "answered_by")
    )
    row_list = rows(engagement, requests, limit=limit)
    summary, months = figures(row_list, limit=limit, zone=_zone(engagement))
    return row_list, summary, months


def monthly_response_days(engagement: Engagement) -> dict[dt.date, Decimal]:
    """For the computed indicator: the average working days to answer the requests asked in
    each month (answered ones), for the months that have one."""
    requests = list(Request.objects.filter(engagement=engagement, answered_at__isnull=False))
    _, months = figures(rows(engagement, requests), zone=_zone(engagement))
    return {
        m.month: Decimal(str(round(m.summary.mean_days, 2)))
        for m in months
        if m.summary.mean_days is not None
    }
