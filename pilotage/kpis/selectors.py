"""What the indicator pages read: an engagement's dashboard (latest values, colours, trends,
drift warnings, what is missing) and the organisation's board, in a bounded number of queries
whatever the number of engagements, indicators and periods."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

import numpy as np
from django.db import connections, router
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


Given = tuple[float, str, bool, int]  # value, status, late, pk


@dataclass
class Row:
    indicator: Indicator
    starts: list[dt.date]  # HISTORY period starts, oldest first, up to the current one
    given: dict[dt.date, Given]
    series: np.ndarray  # the values the rules read (NaN: none, or contested)
    latest: Point | None = None
    previous: Point | None = None
    state: str | None = None
    warnings: list[drift.DriftWarning] = field(default_factory=list)
    missing: list[dt.date] = field(default_factory=list)  # due and not given

    def _point(self, period: dt.date) -> Point:
        found = self.given.get(period)
        if found is None:
            return Point(period)
        value, status, late, pk = found
        i = self.indicator
        return Point(
            period,
            value,
            status,
            late,
            pk,
            drift.state(value, target=_float(i.target), red=_float(i.red), direction=i.direction),
        )

    @cached_property
    def points(self) -> list[Point]:
        return [self._point(p) for p in self.starts]

    @property
    def shown(self) -> list[Point]:
        return self.points[-SHOWN:]

    @property
    def awaiting(self) -> list[Point]:
        """Submitted, not yet validated."""
        return [p for p in self.points if p.status == ValueStatus.SUBMITTED]

    @property
    def contested(self) -> list[Point]:
        return [p for p in self.points if p.status == ValueStatus.CONTESTED]

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


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _cutoffs(today: dt.date) -> Q:
    """Only the periods the drift rules look at, for each frequency."""
    q = Q()
    for frequency in periods.FREQUENCIES:
        q |= Q(
            indicator__frequency=frequency,
            period__gte=periods.last_n(today, frequency, HISTORY)[0],
        )
    return q


def _values(indicators: list[Indicator], today: dt.date) -> dict[int, dict[dt.date, Given]]:
    """``{indicator: {period: (value, status, late, pk)}}`` of the last ``HISTORY`` periods.

    Tens of thousands of rows for a large board: read without the ORM's per-value
    converters (the query is still the ORM's), dates parsed once per distinct period."""
    found: dict[int, dict[dt.date, Given]] = defaultdict(dict)
    if not indicators:
        return found
    query = (
        Value.objects.filter(indicator__in=[i.pk for i in indicators])
        .filter(_cutoffs(today))
        .order_by()
        .values_list("pk", "indicator_id", "period", "value", "status", "late")
        .query
    )
    alias = router.db_for_read(Value)
    sql, params = query.get_compiler(alias).as_sql()
    days: dict[Any, dt.date] = {}
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        for pk, indicator_id, period, value, status, late in cursor.fetchall():
            day = days.get(period)
            if day is None:
                day = days[period] = (
                    period if isinstance(period, dt.date) else dt.date.fromisoformat(period)
                )
            found[indicator_id][day] = (float(value), status, bool(late), pk)
    return found


def _rows(indicators: list[Indicator], today: dt.date, due_days: dict[int, int]) -> dict[int, Row]:
    """One row per indicator, with its values of the last ``HISTORY`` periods (one query),
    the state of its latest value, its drift warnings and the periods it misses."""
    found = _values(indicators, today)
    starts = {f: periods.last_n(today, f, HISTORY) for f in periods.FREQUENCIES}
    ends = {f: [periods.end_of(p, f) for p in starts[f]] for f in periods.FREQUENCIES}
    matrix = np.full((len(indicators), HISTORY), np.nan)
    rows = []
    for k, indicator in enumerate(indicators):
        given = found.get(indicator.pk, {})
        frequency = indicator.frequency
        for j, period in enumerate(starts[frequency]):
            got = given.get(period)
            # A period still running (the leader's time of this month) is shown, not judged.
            if got is not None and got[1] != ValueStatus.CONTESTED and ends[frequency][j] < today:
                matrix[k, j] = got[0]
        row = Row(indicator, starts[frequency], given, matrix[k])
        known = np.flatnonzero(~np.isnan(matrix[k]))
        if len(known):
            row.latest = row._point(starts[frequency][known[-1]])
            row.state = row.latest.state
            if len(known) > 1:
                row.previous = row._point(starts[frequency][known[-2]])
        if indicator.source != Source.COMPUTED:
            late_after = today - dt.timedelta(days=due_days.get(indicator.engagement_id, 5))
            row.missing = [
                period
                for period, end in zip(starts[frequency], ends[frequency], strict=True)
                if end < late_after
                and period >= indicator.since
                and (period not in given or given[period][1] == ValueStatus.CONTESTED)
                and _within(indicator.engagement, period, frequency)
            ]
        rows.append(row)
    reds = [np.nan if i.red is None else float(i.red) for i in indicators]
    for row, found_warnings in zip(
        rows,
        drift.drift_all(matrix, directions=[i.direction for i in indicators], reds=reds),
        strict=True,
    ):
        # An unusual value on the good side is no drift: it is not shown as a warning.
        row.warnings = [w for w in found_warnings if w.worse]
    return {row.indicator.pk: row for row in rows}


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


def as_dict(board: Dashboard) -> dict[str, Any]:
    """The dashboard as plain data (the API's answer): stable keys, ISO dates, numbers."""
    rows = []
    for row in board.rows:
        i = row.indicator
        rows.append(
            {
                "id": i.pk,
                "name": i.name,
                "catalogue": i.template or None,
                "unit": i.unit,
                "direction": "higher" if i.direction > 0 else "lower",
                "target": _float(i.target),
                "red": _float(i.red),
                "frequency": i.frequency,
                "source": i.source,
                "measures": i.aspect,
                "latest": None
                if row.latest is None
                else {
                    "period": row.latest.period.isoformat(),
                    "value": row.latest.value,
                    "state": row.state,
                    "status": row.latest.status,
                },
                "change": row.change,
                "values": [
                    {
                        "period": p.period.isoformat(),
                        "value": p.value,
                        "state": p.state,
                        "status": p.status or None,
                        "late": p.late,
                    }
                    for p in row.points
                    if p.value is not None
                ],
                "missing": [p.isoformat() for p in row.missing],
                "warnings": [
                    {
                        "rule": w.rule,
                        "periods": [row.points[k].period.isoformat() for k in w.positions],
                        "values": list(w.values),
                        "projected": list(w.projected),
                        "score": w.score,
                        "worse": w.worse,
                    }
                    for w in row.warnings
                ],
            }
        )
    return {"engagement": board.engagement.pk, "advice": board.advice, "indicators": rows}
