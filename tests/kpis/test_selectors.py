"""What the dashboard tells of an indicator's history: drift warnings that point the wrong
way only, and the period still running shown but not judged."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from pilotage.kpis import periods, selectors
from pilotage.kpis.models import Value, ValueStatus

TODAY = dt.date(2026, 11, 23)


def fill(w, values: list[float], *, current: float | None = None) -> None:
    """``values`` for the months before November 2026 (the last one is October)."""
    months = periods.last_n(TODAY, periods.MONTHLY, len(values) + 1)[:-1]
    rows = [(m, v) for m, v in zip(months, values, strict=True)]
    if current is not None:
        rows.append((periods.start_of(TODAY, periods.MONTHLY), current))
    Value.objects.filter(indicator=w.indicator).delete()
    Value.objects.bulk_create(
        Value(
            organisation=w.acme,
            indicator=w.indicator,
            period=m,
            value=Decimal(str(v)),
            status=ValueStatus.VALIDATED,
            submitted_at=timezone.now(),
        )
        for m, v in rows
    )


def row_of(w):
    board = selectors.dashboard(w.cash, TODAY)
    return next(r for r in board.rows if r.indicator.pk == w.indicator.pk)


def test_an_unusually_bad_month_is_a_drift_warning(world):
    # Invoicing incidents (lower is better): 2 or 3 a month, then 9.
    fill(world, [2, 3, 2, 2, 3, 2, 2, 3, 9])
    assert [w.rule for w in row_of(world).warnings] == ["outlier"]


def test_an_unusually_good_month_is_no_drift_warning(world):
    # The same history, then a month with no incident at all: good news, not a drift.
    fill(world, [2, 3, 2, 2, 3, 2, 2, 3, 0])
    assert row_of(world).warnings == []


def test_the_month_still_running_is_shown_but_not_judged(world):
    fill(world, [2, 3, 2, 2, 3, 2, 2, 3, 2], current=9)
    row = row_of(world)
    assert row.latest.period == dt.date(2026, 10, 1)  # October, not November
    assert row.warnings == []
    assert row.points[-1].value == 9  # November is on the chart
