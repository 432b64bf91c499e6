"""What the indicator pages read: an engagement's dashboard (latest values, colours, trends,
drift warnings, what is missing) and the organisation's board, in a bounded number of queries
whatever the number of engagements, indicators and periods."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from django.db.models import Q, QuerySet

from pilotage.core.models import Membership
from pilotage.engagements.models import Engagement

from . import catalogue, drift, periods
from .models import Indicator, KpiSettings, Source, Value, ValueStatus

HISTORY = 36  # periods the drift rules look at
SHOWN = 12  # periods in the charts and the table


@dataclass
class Point:
    period: dt.date
    value: float | None = None
    status: str = ""
    late: bool = False
    pk: int | None = None
    state: str | None = None


@dataclass
class Row:
    indicator: Indicator
    points: list[Point]  # HISTORY periods, oldest first, up to the current one
    latest: Point | None = None
    previous: Point | None = None
    state: str | None = None
    warnings: list[drift.DriftWarning] = field(default_factory=list)
    missing: list[dt.date] = field(default_factory=list)  # due and not given
    awaiting: list[Point] = field(default_factory=list)  # submitted, not yet validated
    contested: list[Point] = field(default_factory=list)

    @property
    def shown(self) -> list[Point]:
        return self.points[-SHOWN:]

    @property
    def change(self) -> float | None:
        if self.latest is None or self.previous is None:
            return None
        return float(self.latest.value or 0) - float(self.previous.value or 0)

    @property
    def change_is_better(self) -> bool | None:
        change = self.change
        if not change:
            return None
        return change * self.indicator.direction > 0

    @property
    def late_count(self) -> int:
        return len(self.missing)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _cutoffs(today: dt.date) -> Q:
    """Only the periods the drift rules look at, for each frequency."""
    q = Q()
    for frequency in periods.FREQUENCIES:
        q |= Q(
            indicator__frequency=frequency, period__gte=periods.last_n(today, frequency, HISTORY)[0]
        )
    return q


def _rows(indicators: list[Indicator], today: dt.date, due_days: dict[int, int]) -> dict[int, Row]:
    """One row per indicator, with its values of the last ``HISTORY`` periods (one query)."""
    found: dict[int, dict[dt.date, Point]] = defaultdict(dict)
    if indicators:
        for pk, indicator_id, period, value, status, late in (
            Value.objects.filter(indicator__in=[i.pk for i in indicators])
            .filter(_cutoffs(today))
            .order_by()
            .values_list("pk", "indicator_id", "period", "value", "status", "late")
        ):
            found[indicator_id][period] = Point(period, _float(value), status, late, pk)
    rows = {}
    for indicator in indicators:
        given = found.get(indicator.pk, {})
        starts = periods.last_n(today, indicator.frequency, HISTORY)
        points = [given.get(p) or Point(p) for p in starts]
        target, red = _float(indicator.target), _float(indicator.red)
        for point in points:
            point.state = drift.state(
                point.value, target=target, red=red, direction=indicator.direction
            )
        row = Row(indicator, points)
        known = [p for p in points if p.value is not None and p.status != ValueStatus.CONTESTED]
        if known:
            row.latest = known[-1]
            row.state = row.latest.state
            before = [p for p in points if p.period < row.latest.period and p.value is not None]
            row.previous = before[-1] if before else None
        series = np.array(
            [
                np.nan if p.value is None or p.status == ValueStatus.CONTESTED else p.value
                for p in points
            ]
        )
        row.warnings = drift.warnings(series, direction=indicator.direction, red=red)
        if indicator.source != Source.COMPUTED:
            days = due_days.get(indicator.engagement_id, 5)
            row.missing = [
                p.period
                for p in points
                if (p.value is None or p.status == ValueStatus.CONTESTED)
                and p.period >= indicator.since
                and periods.due_on(p.period, indicator.frequency, days) < today
                and _within(indicator.engagement, p.period, indicator.frequency)
            ]
        row.awaiting = [p for p in points if p.status == ValueStatus.SUBMITTED]
        row.contested = [p for p in points if p.status == ValueStatus.CONTESTED]
        rows[indicator.pk] = row
    return rows


def _within(engagement: Engagement, period: dt.date, frequency: str) -> bool:
    if engagement.start_date and periods.end_of(period, frequency) < engagement.start_date:
        return False
    return not (engagement.end_date and period > engagement.end_date)


def _due_days(engagement_ids: list[int]) -> dict[int, int]:
    return dict(
        KpiSettings.objects.filter(engagement_id__in=engagement_ids).values_list(
            "engagement_id", "due_days"
        )
    )


@dataclass
class Dashboard:
    engagement: Engagement
    rows: list[Row]
    advice: list[str]

    @property
    def warnings(self) -> list[tuple[Row, drift.DriftWarning]]:
        return [(row, w) for row in self.rows for w in row.warnings]

    @property
    def missing(self) -> list[tuple[Row, dt.date]]:
        return [(row, p) for row in self.rows for p in row.missing]

    @property
    def awaiting(self) -> list[tuple[Row, Point]]:
        return [(row, p) for row in self.rows for p in row.awaiting]


def dashboard(engagement: Engagement, today: dt.date) -> Dashboard:
    indicators = list(
        Indicator.objects.filter(engagement=engagement, active=True)
        .select_related("owner")
        .order_by("position", "pk")
    )
    for indicator in indicators:
        indicator.engagement = engagement
    rows = _rows(indicators, today, _due_days([engagement.pk]))
    return Dashboard(
        engagement,
        [rows[i.pk] for i in indicators],
        catalogue.advice([i.aspect for i in indicators]),
    )


@dataclass
class BoardLine:
    engagement: Engagement
    rows: list[Row]

    @property
    def counts(self) -> dict[str, int]:
        out = {"red": 0, "amber": 0, "green": 0}
        for row in self.rows:
            if row.state in out:
                out[row.state] += 1
        return out

    @property
    def warning_count(self) -> int:
        return sum(len(r.warnings) for r in self.rows)

    @property
    def missing_count(self) -> int:
        return sum(len(r.missing) for r in self.rows)

    def sort_key(self) -> tuple[int, int, int, int, str]:
        c = self.counts
        return (
            -c["red"],
            -c["amber"],
            -self.warning_count,
            -self.missing_count,
            self.engagement.title,
        )


def board(engagements: QuerySet[Engagement], today: dt.date) -> list[BoardLine]:
    """Every engagement given as a line of coloured indicators, the worst first."""
    engagement_list = list(engagements.select_related("vendor", "referent"))
    by_pk = {e.pk: e for e in engagement_list}
    indicators = list(
        Indicator.objects.filter(engagement__in=list(by_pk), active=True).order_by(
            "engagement_id", "position", "pk"
        )
    )
    for indicator in indicators:
        indicator.engagement = by_pk[indicator.engagement_id]
    rows = _rows(indicators, today, _due_days(list(by_pk)))
    grouped: dict[int, list[Row]] = defaultdict(list)
    for indicator in indicators:
        grouped[indicator.engagement_id].append(rows[indicator.pk])
    lines = [BoardLine(e, grouped.get(e.pk, [])) for e in engagement_list]
    return sorted(lines, key=BoardLine.sort_key)


def board_for(membership: Membership, today: dt.date) -> list[BoardLine]:
    return board(Engagement.objects.visible_to(membership).open(), today)


def value_of(membership: Membership, engagement: Engagement, pk: int) -> Value:
    """A value of a visible indicator of ``engagement``, or 404 by the caller's get."""
    return (
        Value.objects.filter(indicator__in=Indicator.objects.visible_to(membership))
        .filter(indicator__engagement=engagement)
        .select_related("indicator", "submitted_by", "reviewed_by")
        .get(pk=pk)
    )


def leader_time_this_month(engagement_ids: list[int], today: dt.date) -> dict[int, Decimal]:
    """Hours the leader logged this month, per engagement (one query)."""
    return dict(
        Value.objects.filter(
            indicator__engagement_id__in=engagement_ids,
            indicator__template=catalogue.LEADER_TIME,
            period=periods.start_of(today, periods.MONTHLY),
        ).values_list("indicator__engagement_id", "value")
    )
