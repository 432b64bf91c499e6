"""Indicator board: the organisation's page for 50 engagements × 7 indicators × 36 months.

Times the whole page (request, selectors, drift warnings on every indicator, template) as
the owner sees it, and the engagement dashboard's reads; counts their queries. Baseline in
the same run: the same figures read the naive way (one query per indicator, drift rules in
plain Python), as a first version would. Goal (issue): under 300 ms, with a bounded number of
queries. Database: DATABASE_URL if set, else a temporary SQLite file.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
ENGAGEMENTS = int(os.environ.get("BENCH_KPI_ENGAGEMENTS", "50"))
INDICATORS, PERIODS, RUNS = 7, 36, 7
sys.path.insert(0, str(Path(__file__).resolve().parent))
import _django  # noqa: E402

tmp = _django.start()

import numpy as np  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from pilotage.engagements import services as eng_services  # noqa: E402
from pilotage.engagements.models import Engagement  # noqa: E402
from pilotage.kpis import catalogue, periods, selectors  # noqa: E402
from pilotage.kpis import services as kpi_services  # noqa: E402
from pilotage.kpis.models import Indicator, Value, ValueStatus  # noqa: E402

org, owner = _django.organisation()
today = timezone.localdate()
months = periods.last_n(today, periods.MONTHLY, PERIODS)
codes = [t.code for t in catalogue.for_function("sales_admin") if not t.computed][: INDICATORS - 1]
rng = np.random.default_rng(11)
values = []
for n in range(ENGAGEMENTS):
    eng = eng_services.engagement_create(
        actor=owner,
        org=org,
        title=f"Engagement {n:02d}",
        function="sales_admin",
        kind="outsourcing",
        stage="run",
        start_date=months[0],
    )
    made = [kpi_services.template_add(actor=owner, engagement=eng, code=c) for c in codes]
    made.append(kpi_services.leader_time_ensure(engagement=eng))
    for indicator in made:
        walk = np.cumsum(rng.normal(0, 1, PERIODS)) + float(indicator.target or 5) + 1
        for month, v in zip(months, walk, strict=True):
            values.append(
                Value(
                    organisation=org,
                    indicator=indicator,
                    period=month,
                    value=Decimal(str(round(max(v, 0), 1))),
                    status=ValueStatus.VALIDATED,
                    submitted_at=timezone.now(),
                )
            )
Value.objects.bulk_create(values, batch_size=2000)
print(
    f"data: {ENGAGEMENTS} engagements × {INDICATORS} indicators × {PERIODS} months = {len(values):,} values"
)

client = Client(HTTP_HOST="127.0.0.1")
client.force_login(owner)
url = reverse("kpi_board", kwargs={"org": org.slug})


def timed(fn, runs=RUNS):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def page():
    response = client.get(url)
    assert response.status_code == 200, response.status_code


page()  # warm: templates, translations
queries: list[str] = []


def count(execute, sql, params, many, context):
    queries.append(sql)
    return execute(sql, params, many, context)


with connection.execute_wrapper(count):
    page()
page_s = timed(page)


def naive():
    """One query per engagement and per indicator; the drift rules in plain Python."""
    out = []
    for eng in Engagement.objects.filter(organisation=org):
        for indicator in Indicator.objects.filter(engagement=eng, active=True):
            series = [
                float(v)
                for v in Value.objects.filter(indicator=indicator)
                .order_by("period")
                .values_list("value", flat=True)
            ]
            worse = sum(
                1
                for a, b in zip(series[-4:], series[-3:], strict=False)
                if (b - a) * indicator.direction < 0
            )
            med = statistics.median(series[:-1])
            mad = statistics.median(abs(x - med) for x in series[:-1]) or 1
            out.append((indicator.pk, series[-1], worse == 3, 0.6745 * (series[-1] - med) / mad))
    return out


naive_s = timed(naive, 3)
reads_s = timed(lambda: selectors.board(Engagement.objects.filter(organisation=org), today))
eng = Engagement.objects.filter(organisation=org).first()
dash_s = timed(lambda: selectors.dashboard(eng, today))
print(
    f"board page: {page_s * 1000:.0f} ms ({len(queries)} queries), of which reads and drift {reads_s * 1000:.0f} ms"
)
print(
    f"naive reads (one query per indicator, plain-Python rules): {naive_s * 1000:.0f} ms; ratio {naive_s / reads_s:.1f}x"
)
print(f"one engagement's dashboard reads: {dash_s * 1000:.1f} ms")
print("goal: page under 300 ms —", "met" if page_s < 0.3 else "NOT met")
