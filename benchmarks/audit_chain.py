"""Audit trail engine: appending to the hash chain and verifying it.

Figures: entries appended per second through audit.record (each in its own
transaction, with the chain head locked), and entries verified per second by
audit.verify. Baselines measured in the same run: plain inserts of the same rows
without the chain (bulk_create), and hashing the same canonical payloads in a bare
loop — the least any verification must do.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
N = int(os.environ.get("BENCH_AUDIT_N", "5000"))

tmp = tempfile.mkdtemp(prefix="pilotage-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
os.environ["DJANGO_SETTINGS_MODULE"] = "pilotage.settings.test"

import django  # noqa: E402

django.setup()

import hashlib  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from pilotage.core import audit  # noqa: E402
from pilotage.core.models import AuditChain, AuditEntry, Organisation  # noqa: E402

call_command("migrate", verbosity=0)
org = Organisation.objects.create(name="Bench", slug=f"bench-{os.getpid()}")
changes = {
    "title": ["Support informatique", "Support informatique et infogérance"],
    "stage": ["pilot", "run"],
}

t0 = time.perf_counter()
for i in range(N):
    audit.record(
        action="update",
        organisation=org,
        actor_label="claire.martin@ateliers-rhone.fr",
        object_type="engagements.engagement",
        object_id=str(i % 50),
        object_repr="Support informatique",
        changes=changes,
    )
append = time.perf_counter() - t0

# Baseline: the same rows inserted without any chain.
other = Organisation.objects.create(name="Bench plain", slug=f"bench-plain-{os.getpid()}")
chain = AuditChain.objects.create(key=f"plain-{os.getpid()}", organisation=other)
rows = [
    AuditEntry(
        chain=chain,
        seq=i + 1,
        organisation=other,
        at=timezone.now(),
        actor_label="claire.martin@ateliers-rhone.fr",
        action="update",
        object_type="engagements.engagement",
        object_id=str(i % 50),
        object_repr="Support informatique",
        changes=changes,
        prev_hash="0" * 64,
        hash="0" * 64,
    )
    for i in range(N)
]
t0 = time.perf_counter()
AuditEntry.objects.bulk_create(rows, batch_size=1000)
plain_insert = time.perf_counter() - t0

t0 = time.perf_counter()
result = audit.verify(org)
verify = time.perf_counter() - t0
assert result.ok and result.entries == N, result

entries = list(AuditEntry.objects.filter(organisation=org).order_by("seq"))
key = entries[0].chain.key
payloads = [audit.canonical(e, key) for e in entries]
t0 = time.perf_counter()
for p in payloads:
    hashlib.sha256(p).hexdigest()
bare_hash = time.perf_counter() - t0

print(
    f"audit append: {N / append:,.0f} entries/s ({append:.2f} s for {N}); plain bulk insert {N / plain_insert:,.0f} rows/s; ratio {append / plain_insert:.1f}x"
)
print(
    f"audit verify: {N / verify:,.0f} entries/s ({verify:.3f} s for {N}); bare sha256 {N / bare_hash:,.0f}/s; ratio {verify / bare_hash:.1f}x"
)
