"""Indicators Pilotage computes from imported data (cash books and invoice files, tickets):
their monthly values are written as ``recorded`` values, replaced whenever the data change.

Each key of :data:`SOURCES` names a function ``(engagement, keys) → {key: {month: value}}``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from pilotage.engagements.models import Engagement

from . import periods
from .models import Indicator, Source, Value, ValueStatus

MONTHS = 36
Series = dict[str, dict[dt.date, Decimal]]


def _decimal(value: float | int | None, scale: int = 1) -> Decimal | None:
    if value is None:
        return None
    return (Decimal(str(value)) * scale).quantize(Decimal("0.0001"))


def _cash(engagement: Engagement, keys: list[str]) -> Series:
    from pilotage.cash import report, selectors
    from pilotage.cash.models import Document

    out: Series = {key: {} for key in keys}
    today = timezone.localdate()
    as_of = selectors.default_as_of(engagement, today)
    first = Document.objects.filter(engagement=engagement).aggregate(first=Min("issued"))["first"]
    if as_of is None or first is None:
        return out
    docs, _pks = selectors.services.load(engagement)
    settings = dataclasses.replace(selectors.settings_for_report(engagement), months=MONTHS)
    result = report.compute(
        docs, as_of=as_of, settings=settings, events=selectors.events_for(engagement, docs)
    )
    for row in result["monthly"]:
        month = dt.date.fromisoformat(row["month"] + "-01")
        if month < first.replace(day=1):
            continue  # before the first invoice the figures say nothing
        if not _ended(month, today):
            continue  # a month in progress is not a month's figure yet
        for key in keys:
            name = key.removeprefix("cash.")
            value = _decimal(row.get(name), 100 if name.endswith("_share") else 1)
            if value is not None:
                out[key][month] = value
    return out


def _sla(engagement: Engagement, keys: list[str]) -> Series:
    from pilotage.sla.models import Ticket
    from pilotage.sla.selectors import JUDGED, WITHIN, percent

    out: Series = {key: {} for key in keys}
    rows = (
        Ticket.objects.filter(engagement=engagement)
        .order_by()
        .values("month")
        .annotate(
            judged=Count("pk", filter=JUDGED),
            within=Count("pk", filter=WITHIN),
            breached=Count("pk", filter=Q(intervene_breached=True) | Q(restore_breached=True)),
        )
        .order_by("-month")[:MONTHS]
    )
    today = timezone.localdate()
    for row in rows:
        if not _ended(row["month"], today):
            continue
        compliance = percent(row["within"], row["judged"])
        if "sla.compliance" in out and compliance is not None:
            out["sla.compliance"][row["month"]] = compliance
        if "sla.breaches" in out:
            out["sla.breaches"][row["month"]] = Decimal(row["breached"])
    return out


def _governance(engagement: Engagement, keys: list[str]) -> Series:
    from pilotage.governance.requests_selectors import monthly_response_days

    out: Series = {key: {} for key in keys}
    if "governance.request_response_days" in out:
        today = timezone.localdate()
        out["governance.request_response_days"] = {
            month: value
            for month, value in monthly_response_days(engagement).items()
            if _ended(month, today)
        }
    return out


def _ended(month: dt.date, today: dt.date) -> bool:
    return periods.end_of(month, periods.MONTHLY) < today


SOURCES: dict[str, Callable[[Engagement, list[str]], Series]] = {
    "cash": _cash,
    "sla": _sla,
    "governance": _governance,
}


def refresh(engagement: Engagement) -> int:
    """Write the computed values of the engagement's computed indicators again; returns how
    many values it holds after."""
    indicators = list(
        Indicator.objects.filter(engagement=engagement, source=Source.COMPUTED, active=True)
    )
    if not indicators:
        return 0
    by_source: dict[str, list[str]] = {}
    for indicator in indicators:
        by_source.setdefault(indicator.computed.split(".")[0], []).append(indicator.computed)
    series: Series = {}
    for source, keys in by_source.items():
        series.update(SOURCES[source](engagement, sorted(set(keys))))
    now = timezone.now()
    count = 0
    with transaction.atomic():
        for indicator in indicators:
            wanted = series.get(indicator.computed, {})
            stored = {v.period: v for v in Value.objects.filter(indicator=indicator)}
            Value.objects.filter(indicator=indicator).exclude(period__in=list(wanted)).delete()
            new, changed = [], []
            for month, amount in wanted.items():
                value = stored.get(month)
                if value is None:
                    new.append(
                        Value(
                            organisation=engagement.organisation,
                            indicator=indicator,
                            period=month,
                            value=amount,
                            status=ValueStatus.RECORDED,
                            submitted_at=now,
                        )
                    )
                elif value.value != amount:
                    value.value, value.submitted_at = amount, now
                    changed.append(value)
            Value.objects.bulk_create(new, batch_size=1000)
            Value.objects.bulk_update(changed, ["value", "submitted_at"], batch_size=1000)
            count += len(wanted)
    return count
