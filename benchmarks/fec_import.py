"""FEC import: read, check, match and store the books of a company with N lines.

The file: two fiscal years of a busy company's sales, bank and VAT entries (invoices,
lettered payments, partial payments, credit notes), written as accounting software
writes a FEC. Prints lines per second, the whole time, the peak memory, and the ratio
against a naive import (csv reader, Decimal amounts, one ORM save per invoice, measured
on a sample and extrapolated), in the same run. Database: DATABASE_URL if set, else a
temporary SQLite file. Goal (issue): 2,000,000 lines under 60 s with bounded memory;
N defaults to 400,000 to keep `make bench` short — BENCH_FEC_LINES=2000000 for the full figure.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import resource
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
N = int(os.environ.get("BENCH_FEC_LINES", "400000"))
SAMPLE = 2000
sys.path.insert(0, str(Path(__file__).resolve().parent))
import _django  # noqa: E402

tmp = _django.start()

from django.core.files import File  # noqa: E402

from pilotage.cash import demo, imports, services  # noqa: E402
from pilotage.cash.models import CashImport, Customer, Document  # noqa: E402
from pilotage.engagements import services as eng_services  # noqa: E402

org, owner = _django.organisation()
eng = eng_services.engagement_create(
    actor=owner, org=org, title="ADV", function="sales_admin", kind="outsourcing"
)

# About 4.9 lines per invoice (3 for the sale, 2 per payment, some split or credited).
start, end = dt.date(2024, 1, 1), dt.date(2025, 12, 31)
per_day = N / 4.87 / 522
by_year, _events = demo.books(start=start, end=end, per_day=per_day)
fec_path = Path(tmp) / "FEC.txt"
lines = 0
with fec_path.open("w", encoding="utf-8") as out:
    out.write(demo.HEADER + "\n")
    for year in sorted(by_year):
        for line in by_year[year]:
            out.write(line + "\n")
            lines += 1
del by_year, _events
before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

t0 = time.perf_counter()
job = services.import_upload(
    actor=owner, engagement=eng, upload=File(fec_path.open("rb"), name="FEC.txt"), kind="fec"
)
imports.run_import(job.pk)
whole = time.perf_counter() - t0
job = CashImport.objects.get(pk=job.pk)
assert job.status == "done", job.errors[:3]
documents = Document.objects.filter(engagement=eng).count()
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

# Baseline: read with the csv module, amounts as Decimal, one ORM save per invoice line.
other = eng_services.engagement_create(
    actor=owner, org=org, title="ADV 2", function="sales_admin", kind="outsourcing"
)
customer = Customer.objects.create(engagement=other, code="C", name="C")
t0 = time.perf_counter()
saved = read = 0
with fec_path.open(encoding="utf-8", newline="") as f:
    for row in csv.DictReader(f, delimiter="\t"):
        read += 1
        if not row["CompteNum"].startswith("411"):
            continue
        debit = Decimal(row["Debit"].replace(",", "."))
        if debit:
            day = dt.datetime.strptime(row["EcritureDate"], "%Y%m%d").date()
            Document.objects.create(
                organisation=org,
                engagement=other,
                customer=customer,
                source="fec",
                number=row["PieceRef"],
                kind="invoice",
                issued=day,
                due=day,
                amount=debit,
            )
            saved += 1
            if saved >= SAMPLE:
                break
naive = (time.perf_counter() - t0) / read * lines

print(
    f"FEC import: {lines:,} lines ({documents:,} documents) in {whole:.1f} s "
    f"({lines / whole:,.0f} lines/s), peak memory {peak_mb:,.0f} MB ({before_mb:,.0f} MB before the import); "
    f"naive csv + ORM import (extrapolated from {read:,} lines) {naive:.1f} s; ratio {naive / whole:.1f}x "
    f"[{os.environ['DATABASE_URL'].split(':')[0]}]"
)
