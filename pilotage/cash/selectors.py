"""What the cash pages read: the report of an engagement at a date (computed once per
data version and day), its documents, customers and events."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.db.models import Max

from pilotage.engagements.models import Engagement

from . import documents as d
from . import report, services
from .files import DISPUTE_CLOSED, DISPUTE_OPENED, REMINDER, EventRows, pair_events
from .models import CashEvent, Document, EventKind

RECENT_DAYS = 31
FIRST_DAY, LAST_DAY = dt.date(1950, 1, 1), dt.date(2999, 12, 31)


def as_of_from(text: str | None) -> dt.date | None:
    """A date asked for (``YYYY-MM-DD``, within the years indicators can go back from)."""
    try:
        day = dt.date.fromisoformat(text or "")
    except ValueError:
        return None
    return day if FIRST_DAY <= day <= LAST_DAY else None


def default_as_of(engagement: Engagement, today: dt.date) -> dt.date | None:
    """Today, unless the data stop well before (books of a closed year): then their last day."""
    last = Document.objects.filter(engagement=engagement).aggregate(
        issued=Max("issued"), paid=Max("settlements__date")
    )
    days = [x for x in last.values() if x]
    if not days:
        return None
    latest = max(days)
    return today if (today - latest).days <= RECENT_DAYS else latest


def settings_for_report(engagement: Engagement) -> report.Settings:
    s = services.settings_of(engagement)
    return report.Settings(
        window=s.window_days,
        year_days=s.year_days,
        terms=s.terms,
        reminder_delay=s.reminder_delay_days,
        penalty_points=float(s.penalty_points),
        penalty_rate=None if s.penalty_rate is None else float(s.penalty_rate),
        months=12,
    )


def events_for(engagement: Engagement, docs: d.Documents) -> report.Events | None:
    rows = list(
        CashEvent.objects.filter(engagement=engagement).values_list("number", "kind", "date", "pk")
    )
    if not rows:
        return None
    kinds = {
        EventKind.REMINDER: REMINDER,
        EventKind.DISPUTE_OPENED: DISPUTE_OPENED,
        EventKind.DISPUTE_CLOSED: DISPUTE_CLOSED,
    }
    events = EventRows()
    for number, kind, date, pk in rows:
        events.number.append(number)
        events.kind.append(kinds[kind])
        events.date.append(d.day(date))
        events.channel.append("")
        events.reason.append("")
        events.row.append(pk)
    return pair_events(events, {n: k for k, n in enumerate(docs.number)})


def cash_report(engagement: Engagement, as_of: dt.date) -> dict[str, Any]:
    """Every indicator at ``as_of``; cached until the data or the settings change."""
    stamp = services.settings_of(engagement).stamp
    key = f"cash-report:{engagement.pk}:{stamp}:{as_of.isoformat()}"
    found = cache.get(key)
    if found is None:
        docs, _pks = services.load(engagement)
        found = report.compute(
            docs,
            as_of=as_of,
            settings=settings_for_report(engagement),
            events=events_for(engagement, docs),
        )
        cache.set(key, found, 24 * 3600)
    return found
