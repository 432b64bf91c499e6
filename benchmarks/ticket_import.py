"""Ticket import: read, validate, measure and store a GLPI export of N tickets.

Prints tickets per second, the whole time, the peak memory, and the ratio against saving
the same tickets one by one through the ORM (measured on a sample, extrapolated), in the
same run. Database: DATABASE_URL if set, else a temporary SQLite file.
Goal (issue): 1,000,000 rows under 60 s and 1 GB; N defaults to 200,000 to keep
`make bench` short — set BENCH_IMPORT_N=1000000 for the full figure.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import sys
import time
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
N = int(os.environ.get("BENCH_IMPORT_N", "200000"))
SAMPLE = 2000
sys.path.insert(0, str(Path(__file__).resolve().parent))
import _django  # noqa: E402

tmp = _django.start()

import numpy as np  # noqa: E402
from django.core.files import File  # noqa: E402

from pilotage.engagements import services as eng_services  # noqa: E402
from pilotage.sla import services  # noqa: E402
from pilotage.sla.imports import run_import  # noqa: E402
from pilotage.sla.models import Ticket, TicketImport  # noqa: E402

org, owner = _django.organisation()
eng = eng_services.engagement_create(
    actor=owner, org=org, title="IT", function="it_support", kind="outsourcing"
)
cal = services.calendar_save(
    actor=owner,
    org=org,
    name="Work",
    weekly_hours={str(d): [["08:00", "12:00"], ["13:30", "18:00"]] for d in range(5)},
    timezone="Europe/Paris",
    holiday_country="FR",
    subdivision="",
    closed_days=[],
    open_days=[],
)
services.policy_save(
    actor=owner,
    engagement=eng,
    priorities=services.default_priorities(cal),
    compliance_target=Decimal(95),
    pause_statuses=[],
    penalty_mode="none",
    amount_per_ticket=Decimal(0),
    amount_per_hour=Decimal(0),
    monthly_fee=Decimal(0),
    cap_percent=None,
    credit_tiers=[],
)

rng = np.random.default_rng(7)
base = dt.datetime(2025, 1, 1)
opened = rng.integers(0, 2 * 365 * 86400, N)
taken = opened + rng.integers(60, 6 * 3600, N)
resolved = taken + rng.integers(600, 3 * 86400, N)
names = ["Très haute", "Haute", "Moyenne", "Basse"]
prio = rng.integers(0, 4, N)


PARIS = ZoneInfo("Europe/Paris")
EPOCH = int(base.replace(tzinfo=dt.UTC).timestamp())


def fmt(seconds: int) -> str:
    """Local Paris time, as GLPI writes it (DST changes included)."""
    return dt.datetime.fromtimestamp(EPOCH + int(seconds), PARIS).strftime("%d/%m/%Y %H:%M:%S")


csv_path = Path(tmp) / "big.csv"
with csv_path.open(
    "w", encoding="utf-8", newline=""
) as out:  # written as it goes: memory is the import's
    out.write(
        "ID;Titre;Statut;Priorité;Date d'ouverture;Date de prise en compte;Date de résolution\r\n"
    )
    for i in range(N):
        out.write(
            f"{100000 + i};Ticket {i};Clos;{names[prio[i]]};{fmt(opened[i])};{fmt(taken[i])};{fmt(resolved[i])}\r\n"
        )
before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

t0 = time.perf_counter()
job = services.import_upload(
    actor=owner,
    engagement=eng,
    upload=File(csv_path.open("rb"), name="big.csv"),
    kind="tickets",
    tz="Europe/Paris",
)
services.import_start(
    actor=owner, job=job, mapping={k: v for k, v in job.mapping.items() if not k.startswith("_")}
)
run_import(job.pk)
whole = time.perf_counter() - t0
job = TicketImport.objects.get(pk=job.pk)
assert job.status == "done", job.errors[:3]
assert Ticket.objects.filter(engagement=eng).count() == N
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

# Baseline: the same tickets saved one by one through the ORM (no validation, no measure).
levels = list(eng.sla_policy.priorities.all())
other = eng_services.engagement_create(
    actor=owner, org=org, title="IT 2", function="it_support", kind="outsourcing"
)
t0 = time.perf_counter()
for i in range(SAMPLE):
    o = dt.datetime.fromtimestamp(EPOCH + int(opened[i]), dt.UTC)
    Ticket.objects.create(
        organisation=org,
        engagement=other,
        external_id=str(i),
        title=f"Ticket {i}",
        priority=levels[prio[i]],
        opened_at=o,
        taken_at=o + dt.timedelta(seconds=int(taken[i] - opened[i])),
        resolved_at=o + dt.timedelta(seconds=int(resolved[i] - opened[i])),
        month=o.date().replace(day=1),
    )
one_by_one = (time.perf_counter() - t0) / SAMPLE * N

print(
    f"ticket import: {N:,} rows in {whole:.1f} s ({N / whole:,.0f} rows/s), peak memory {peak_mb:,.0f} MB "
    f"({before_mb:,.0f} MB before the import); "
    f"one-by-one ORM saves (extrapolated from {SAMPLE:,}) {one_by_one:.1f} s; ratio {one_by_one / whole:.1f}x "
    f"[{os.environ['DATABASE_URL'].split(':')[0]}]"
)
